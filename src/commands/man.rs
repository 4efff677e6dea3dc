//! `pm man`: manual pages generated from the command-line definition, so
//! they can never drift from `--help` (clap_mangen renders the same clap
//! types the parser uses).
//!
//! `--out DIR` writes each page as `-o FILE` writes its file
//! (`store::paths::check_named`): never over pm's own files, never into a
//! FIFO or through a dangling symlink, and every page is checked before
//! the first is written, so a refusal leaves the folder as it was.

use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::cli::ManArgs;
use crate::error::{Exit, UserError};
use crate::output;
use crate::store::{self, Store};

pub fn run(args: &ManArgs, repo_flag: Option<&Path>) -> Result<Exit> {
    let command = crate::cli::command();
    match &args.out {
        None => {
            let mut page = Vec::new();
            clap_mangen::Man::new(command).render(&mut page)?;
            output::emit(&String::from_utf8_lossy(&page));
        }
        Some(dir) => {
            let own = Store::own_files_near(repo_flag)?;
            write_pages(command, dir, own.as_ref())?;
            output::emitln(&format!(
                "Wrote pm.1 and a page per subcommand to {}",
                output::name(&dir.display().to_string())
            ));
        }
    }
    Ok(Exit::Ok)
}

/// Every page, named as `clap_mangen::generate_to` names them (pm.1,
/// pm-timeline-add.1, ...), rendered in memory.
fn pages(command: clap::Command) -> Result<Vec<(String, Vec<u8>)>> {
    fn collect(cmd: clap::Command, out: &mut Vec<(String, Vec<u8>)>) -> Result<()> {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()).cloned() {
            collect(sub, out)?;
        }
        let man = clap_mangen::Man::new(cmd);
        let mut page = Vec::new();
        man.render(&mut page)?;
        out.push((man.get_filename(), page));
        Ok(())
    }
    let mut command = command.disable_help_subcommand(true);
    command.build();
    let mut out = Vec::new();
    collect(command, &mut out)?;
    Ok(out)
}

fn write_pages(command: clap::Command, dir: &Path, own: Option<&store::paths::Own>) -> Result<()> {
    if let Some(own) = own {
        own.refuse_dir(dir, "--out", "~/.local/share/man/man1")?;
    }
    // Said as `pm site` says it of OUT_DIR, not as "File exists" or
    // "afile/pm-init.1: Not a directory".
    let shown = || output::name(&dir.display().to_string()).into_owned();
    match std::fs::metadata(dir) {
        Ok(meta) if !meta.is_dir() => {
            return Err(UserError::new(format!("--out {} is not a folder", shown()))
                .hint("give a folder for the pages, e.g. ~/.local/share/man/man1; nothing was written")
                .into());
        }
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            if let Ok(target) = std::fs::read_link(dir) {
                return Err(UserError::new(format!(
                    "--out {} is a symbolic link to {}, which does not exist",
                    shown(),
                    output::name(&target.display().to_string())
                ))
                .hint("create the folder it points to, or give --out another folder; nothing was written")
                .into());
            }
        }
        _ => {}
    }
    let pages = pages(command)?;
    // Check every page before writing any.
    let mut targets: Vec<(&str, PathBuf, &[u8])> = Vec::with_capacity(pages.len());
    for (name, page) in &pages {
        let target = store::paths::check_named(&dir.join(name), "--out", own).map_err(|refused| {
            let hint = if refused.own {
                "give --out a folder outside the repository's own files, e.g. ~/.local/share/man/man1; nothing was written"
            } else {
                "remove it, or give --out another folder; nothing was written"
            };
            UserError::new(refused.message).hint(hint)
        })?;
        targets.push((name.as_str(), target, page.as_slice()));
    }
    // The folder is opened (made if missing) once, never through a link in
    // the repository, and the pages are written in it as opened.
    let folder = store::paths::output_folder(dir, own, true).map_err(|err| {
        UserError::new(format!(
            "--out {}: {}",
            shown(),
            store::paths::refuse_walk(err)
        ))
        .hint("pass --out a folder you can write to, e.g. ~/.local/share/man/man1; nothing was written")
    })?;
    let total = targets.len();
    for (written, (name, target, page)) in targets.into_iter().enumerate() {
        let result = if target == dir.join(name) {
            let shown = output::name(&target.display().to_string()).into_owned();
            store::atomic::write_in(&folder, name.as_ref(), page, true, &shown)
        } else {
            // A page that is a link of the person's own, outside the
            // repository: the file it points to is replaced.
            store::paths::write_output(&target, page, own)
        };
        // Pages already written are not "nothing changed" (attack 82).
        if let Err(err) = result {
            if written == 0 {
                return Err(err);
            }
            return Err(UserError::new(format!("{err}"))
                .hint(format!(
                    "{written} of {total} pages were written in {} before this one, and the rest were not; is the disk full? Make room and run it again",
                    shown()
                ))
                .into());
        }
        output::mark_written();
    }
    Ok(())
}
