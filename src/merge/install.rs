//! Registering the merge driver with git: `.gitattributes` (versioned, so
//! every clone asks for it) names the `pm` driver for post-mortem files,
//! and each clone's git config says how to run it (git never takes a
//! command to run from a repository's files, for safety). `pm init` adds
//! whatever is missing; any other pm command in a clone without the
//! driver says so in one line.

use std::path::{Path, PathBuf};

use anyhow::Result;
use git2::Repository;

use crate::error::UserError;
use crate::store::POSTMORTEMS_DIR;

/// The driver's name in `.gitattributes` (`merge=pm`) and in git config (`merge.pm.*`).
pub const DRIVER: &str = "pm";

/// `merge.pm.name`: what `git config` shows for it.
pub const DRIVER_NAME: &str = "pm: merge post-mortems by meaning";

/// The lines `pm init` adds to `.gitattributes`.
pub const ATTRIBUTE_LINES: &str = "postmortems/**/*.yaml merge=pm\npostmortems/**/*.yml merge=pm\n";

/// The command git runs: `pm` when the `pm` on PATH is this program,
/// else this program's absolute path.
pub fn driver_command() -> String {
    format!("{} merge-driver --marker-size %L %O %A %B %P", program())
}

fn program() -> String {
    let Ok(exe) = std::env::current_exe().and_then(|p| p.canonicalize()) else {
        return "pm".into();
    };
    let on_path = std::env::var_os("PATH")
        .map(|paths| {
            std::env::split_paths(&paths).any(|dir| {
                dir.join("pm")
                    .canonicalize()
                    .is_ok_and(|found| found == exe)
            })
        })
        .unwrap_or(false);
    if on_path {
        "pm".into()
    } else {
        crate::output::shell_word(&exe.to_string_lossy()).into_owned()
    }
}

/// Whether this clone can run the driver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DriverState {
    Installed,
    Missing,
    /// Configured, but the program it names no longer exists.
    Stale(String),
    /// Configured with a program name (no `/`) that no folder on PATH
    /// holds: git's `sh` exits 127, and every merge of a post-mortem is a
    /// conflict without markers.
    NotOnPath(String),
}

fn open(root: &Path) -> Option<Repository> {
    let repo = crate::git::discover(root).ok()?;
    repo.workdir()?;
    Some(repo)
}

/// The state of `merge.pm.driver` in the clone holding `root`; None when
/// `root` is not in a git work tree.
pub fn driver_state(root: &Path) -> Option<DriverState> {
    let repo = open(root)?;
    let config = crate::git::git_config(&repo).ok()?;
    let Ok(command) = config.get_string(&format!("merge.{DRIVER}.driver")) else {
        return Some(DriverState::Missing);
    };
    // git runs the command with `sh -c`: its program is the first word as
    // sh reads it (pm quotes a path with a space in it).
    if let Some(path) = program_of(&command)
        && path.starts_with('/')
        && !Path::new(&path).exists()
    {
        return Some(DriverState::Stale(path));
    }
    if let Some(name) = program_of(&command)
        && !name.is_empty()
        && !name.contains('/')
        && !on_path(&name)
    {
        return Some(DriverState::NotOnPath(name));
    }
    Some(DriverState::Installed)
}

/// Whether a folder on PATH holds an executable file `name`, as `sh`
/// looks for a program. (A name sh knows by itself, such as `exec`, is
/// taken as found: pm does not guess at shell builtins.)
fn on_path(name: &str) -> bool {
    use std::os::unix::fs::PermissionsExt;
    if matches!(name, "exec" | "command" | "env" | "." | ":" | "eval") {
        return true;
    }
    let Some(path) = std::env::var_os("PATH") else {
        return false;
    };
    std::env::split_paths(&path).any(|dir| {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".").to_path_buf()
        } else {
            dir
        };
        std::fs::metadata(dir.join(name))
            .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    })
}

/// The first word of a shell command as `sh` reads it: quotes ('...',
/// "...") and backslashes taken away, ended by an unquoted blank. None
/// when sh would expand it first (`$`, a backquote, `~`, a glob), so its
/// program is not known without running a shell.
fn program_of(command: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = command.trim_start_matches([' ', '\t', '\n']).chars();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        match (quote, c) {
            (None, ' ' | '\t' | '\n' | ';' | '&' | '|' | '<' | '>' | '(' | ')') => break,
            (None, '\'' | '"') => quote = Some(c),
            (None, '\\') => out.extend(chars.next()),
            (None, '$' | '`' | '*' | '?' | '[') => return None,
            (None, '~') if out.is_empty() => return None,
            (Some(q), c) if c == q => quote = None,
            (Some('"'), '$' | '`') => return None,
            (Some('"'), '\\') => match chars.next() {
                Some(n @ ('$' | '`' | '"' | '\\')) => out.push(n),
                Some('\n') => {}
                Some(n) => {
                    out.push('\\');
                    out.push(n);
                }
                None => out.push('\\'),
            },
            (_, c) => out.push(c),
        }
    }
    Some(out)
}

/// Write `merge.pm.name` and `merge.pm.driver` to the clone's own config.
pub fn install_driver(root: &Path) -> Result<()> {
    let repo = open(root)
        .ok_or_else(|| UserError::new(format!("{} is not in a git work tree", root.display())))?;
    let path = repo.commondir().join("config");
    let failed = |err: git2::Error| {
        UserError::new(format!(
            "cannot write the merge driver to {}: {}",
            path.display(),
            err.message()
        ))
        .hint("check that .git/config is writable")
    };
    let mut config = git2::Config::open(&path).map_err(failed)?;
    config
        .set_str(&format!("merge.{DRIVER}.name"), DRIVER_NAME)
        .map_err(failed)?;
    config
        .set_str(&format!("merge.{DRIVER}.driver"), &driver_command())
        .map_err(failed)?;
    Ok(())
}

/// Where `root`'s post-mortems are, relative to the work tree, as git
/// names paths.
fn sample_path(repo: &Repository, root: &Path) -> Option<PathBuf> {
    let workdir = repo.workdir()?.canonicalize().ok()?;
    let root = root.canonicalize().ok()?;
    let prefix = root.strip_prefix(&workdir).ok()?;
    Some(prefix.join(POSTMORTEMS_DIR).join("2000").join("x.yaml"))
}

/// Whether git's attributes send post-mortems to the `pm` driver.
pub fn attributes_ok(root: &Path) -> bool {
    let Some(repo) = open(root) else {
        return false;
    };
    let Some(path) = sample_path(&repo, root) else {
        return false;
    };
    repo.get_attr(&path, "merge", git2::AttrCheckFlags::FILE_THEN_INDEX)
        .ok()
        .flatten()
        == Some(DRIVER)
}

/// The new text of `root/.gitattributes` with the driver's lines added,
/// unless git already sends post-mortems to it; the rest of the file stays
/// as it was. Read as every file in the repository is (`store::paths`):
/// never through a symlink, which could point anywhere (a committed
/// `.gitattributes -> /home/me/.ssh/id_rsa` would be read and committed).
pub fn attributes_with_driver(root: &Path) -> Result<Option<(PathBuf, String)>> {
    let path = root.join(".gitattributes");
    let base = crate::store::paths::Base::root(root);
    // Checked before git reads the file for its attributes.
    crate::store::paths::check_writable(&base, &path)?;
    if attributes_ok(root) {
        return Ok(None);
    }
    let bytes = crate::store::paths::read_if_exists(&base, &path, crate::store::MAX_FILE_BYTES)?
        .unwrap_or_default();
    let mut text = String::from_utf8(bytes).map_err(|_| {
        UserError::new(".gitattributes is not UTF-8 text; pm adds its lines only to a text file")
            .hint("add `postmortems/**/*.yaml merge=pm` (and the same for *.yml) to it yourself")
            .hint("nothing was changed")
    })?;
    // The lines pm adds end as the file's own do (CRLF in a file written
    // on Windows), so the file keeps one kind of line ending.
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    if !text.is_empty() && !text.ends_with('\n') {
        text.push_str(newline);
    }
    let added = format!(
        "# Merge post-mortems by meaning (pm merge-driver; `pm sync --help` says how).\n{ATTRIBUTE_LINES}"
    );
    text.push_str(&added.replace('\n', newline));
    Ok(Some((path, text)))
}

/// The one-line hint for a clone whose merges would go line by line.
/// Not in CI (the `CI` variable that CI services set): a CI checkout never
/// merges, and the line would only add noise to every job's log.
pub fn hint(root: &Path) -> Option<String> {
    if crate::commands::in_ci() {
        return None;
    }
    match driver_state(root)? {
        DriverState::Installed => None,
        DriverState::Missing => Some(
            "hint: this clone has no merge driver for post-mortems, so git merges them line by line; run `pm init` to install it".into(),
        ),
        DriverState::Stale(path) => Some(format!(
            "hint: the merge driver for post-mortems points at {path}, which no longer exists; run `pm init` to update it"
        )),
        DriverState::NotOnPath(name) => Some(format!(
            "hint: the merge driver for post-mortems runs `{}`, which is not on PATH, so git cannot merge post-mortems; run `pm init` to update it",
            crate::output::line(&name)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_program_of_a_driver_command_is_read_as_sh_reads_it() {
        let cmd = |c: &str| program_of(c);
        assert_eq!(cmd("pm merge-driver %O").as_deref(), Some("pm"));
        assert_eq!(
            cmd("'/tmp/my tools/pm' merge-driver %O").as_deref(),
            Some("/tmp/my tools/pm")
        );
        assert_eq!(
            cmd("\"/Library/Application Support/pm\" merge-driver").as_deref(),
            Some("/Library/Application Support/pm")
        );
        assert_eq!(
            cmd("/opt/my\\ tools/pm merge-driver").as_deref(),
            Some("/opt/my tools/pm")
        );
        // What shell_word writes for a quote in the path reads back.
        let path = "/tmp/it's here/pm";
        assert_eq!(
            cmd(&format!("{} merge-driver", crate::output::shell_word(path))).as_deref(),
            Some(path)
        );
        // Expanded by sh: not known without running it.
        assert_eq!(cmd("$HOME/bin/pm merge-driver"), None);
        assert_eq!(cmd("~/bin/pm merge-driver"), None);
        assert_eq!(cmd("\"$PM\" merge-driver"), None);
        // Quoted, nothing is expanded.
        assert_eq!(cmd("'/tmp/$(x)/pm' m").as_deref(), Some("/tmp/$(x)/pm"));
    }
}
