//! `pm schema`: the JSON Schema of the format, for editors and validators.

use anyhow::Result;

use crate::error::Exit;
use crate::output;

/// The schema ships inside the binary; docs/postmortem.schema.json is the same file.
pub const SCHEMA: &str = include_str!("../../docs/postmortem.schema.json");

pub fn run() -> Result<Exit> {
    output::emitln(SCHEMA);
    Ok(Exit::Ok)
}
