//! Exit codes and the user-facing error type.

use std::fmt;

/// The exit codes every command shares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Exit {
    /// Everything went as asked.
    Ok = 0,
    /// The command ran and found something: lint errors, overdue items with `--check`.
    Findings = 1,
    /// The command could not do what was asked: usage, bad input, repository problems.
    Error = 2,
}

/// An error caused by something the user can fix, with a hint saying how.
///
/// The message names the file, field or flag; the hint says what to do.
/// Printed as `error: <message>` followed by indented hint lines.
#[derive(Debug)]
pub struct UserError {
    pub message: String,
    pub hints: Vec<String>,
}

impl UserError {
    pub fn new(message: impl Into<String>) -> Self {
        UserError {
            message: message.into(),
            hints: Vec::new(),
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }
}

impl fmt::Display for UserError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for UserError {}

/// Shorthand for returning a [`UserError`] from a function returning `anyhow::Result`.
#[macro_export]
macro_rules! bail_user {
    ($($arg:tt)*) => {
        return Err($crate::error::UserError::new(format!($($arg)*)).into())
    };
}
