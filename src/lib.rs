//! pm keeps incident post-mortems as YAML files in a git repository.
//!
//! The crate is a library with a thin binary: `cli` declares the command line,
//! `commands` holds one module per subcommand, and the modules below are the
//! shared machinery they are built from.

pub mod archive;
pub mod child;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod complete;
pub mod config;
pub mod edit;
pub mod error;
pub mod git;
pub mod index;
pub mod lint;
pub mod logs;
pub mod merge;
pub mod model;
pub mod output;
pub mod render;
pub mod stats;
pub mod store;
pub mod target;
pub mod yaml;

use std::process::ExitCode;

pub use error::{Exit, UserError};

/// Parse the command line, run the command, and map the outcome to the exit
/// codes documented in README.md: 0 success, 1 findings, 2 errors.
pub fn main_entry() -> ExitCode {
    // A shell asking for completions (`COMPLETE=bash pm ...`) is answered
    // before anything else, and pm exits.
    complete::complete_from_env();
    let cli = match cli::parse() {
        Ok(cli) => cli,
        Err(err) => {
            // clap prints help and version to stdout with exit 0, usage errors
            // to stderr with exit 2: the same contract as ours.
            // Written as any output is: a closed pipe is fine, a full disk
            // (`pm --help > /dev/full`) is an error (exit 2).
            if !err.use_stderr() {
                let text = if output::color_stdout() {
                    err.render().ansi().to_string()
                } else {
                    err.render().to_string()
                };
                output::emit_raw(&text);
                return ExitCode::SUCCESS;
            }
            // A usage error quotes what was typed: printed made safe, as
            // every other error is (plain: clap's colours would be escaped).
            output::print_lines_stderr(&cli::usage_error(&err));
            return ExitCode::from(2);
        }
    };
    match commands::run(cli) {
        Ok(exit) => ExitCode::from(exit as u8),
        Err(err) => {
            output::print_error(&err);
            ExitCode::from(Exit::Error as u8)
        }
    }
}
