//! `pm man`: manual pages generated from the command-line definition, so
//! they can never drift from `--help` (clap_mangen renders the same clap
//! types the parser uses).

use std::path::Path;

use anyhow::Result;

use crate::cli::ManArgs;
use crate::error::{Exit, UserError};
use crate::output;

pub fn run(args: &ManArgs) -> Result<Exit> {
    let command = crate::cli::command();
    match &args.out {
        None => {
            let mut page = Vec::new();
            clap_mangen::Man::new(command).render(&mut page)?;
            output::emit(&String::from_utf8_lossy(&page));
        }
        Some(dir) => {
            write_pages(command, dir)?;
            output::mark_written();
            output::emitln(&format!(
                "Wrote pm.1 and a page per subcommand to {}",
                dir.display()
            ));
        }
    }
    Ok(Exit::Ok)
}

fn write_pages(command: clap::Command, dir: &Path) -> Result<()> {
    let fail = |e: std::io::Error| {
        UserError::new(format!(
            "cannot write manual pages to {}: {e}",
            dir.display()
        ))
        .hint("pass --out a folder you can write to, e.g. ~/.local/share/man/man1")
    };
    std::fs::create_dir_all(dir).map_err(fail)?;
    clap_mangen::generate_to(command, dir).map_err(fail)?;
    Ok(())
}
