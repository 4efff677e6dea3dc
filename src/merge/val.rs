//! What a YAML node means, without how it is written: the merge decides
//! "changed or not" on these values, so that re-quoting a title or
//! re-wrapping a paragraph is not a change, and checks its own output
//! against them.

use std::collections::BTreeMap;

use crate::yaml::{Node, NodeKind, Style};

/// The meaning of a node. Mappings compare without regard to key order.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Val {
    Null,
    Str(String),
    Seq(Vec<Val>),
    Map(BTreeMap<String, Val>),
    /// An alias (`*name`): the merge does not resolve them, so a file that
    /// has one is merged line by line instead.
    Alias,
}

impl Val {
    pub fn of(node: &Node) -> Val {
        match &node.kind {
            NodeKind::Scalar { value, style } => {
                if *style == Style::Plain && node.is_null() {
                    Val::Null
                } else {
                    Val::Str(value.clone())
                }
            }
            NodeKind::Seq(items) => Val::Seq(items.iter().map(Val::of).collect()),
            NodeKind::Map(entries) => Val::Map(
                entries
                    .iter()
                    .map(|(k, v)| (key_text(k), Val::of(v)))
                    .collect(),
            ),
            NodeKind::Alias { .. } => Val::Alias,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Val::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn get(&self, key: &str) -> Option<&Val> {
        match self {
            Val::Map(m) => m.get(key),
            _ => None,
        }
    }
}

/// A mapping key as text; keys that are not scalars (rare, and never in a
/// post-mortem) are described so that they still compare.
pub fn key_text(node: &Node) -> String {
    match node.as_str() {
        Some(s) => s.to_string(),
        None => format!("{:?}", Val::of(node)),
    }
}

/// The decision of a three-way comparison of one value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Ours is the result (theirs did not change it, or both made the same change).
    Ours,
    /// Theirs is the result (ours did not change it).
    Theirs,
    /// Both changed it, differently.
    Both,
}

/// Three-way decision; `None` means "absent on that side".
pub fn decide(base: Option<&Val>, ours: Option<&Val>, theirs: Option<&Val>) -> Decision {
    if ours == theirs {
        Decision::Ours
    } else if base == ours {
        Decision::Theirs
    } else if base == theirs {
        Decision::Ours
    } else {
        Decision::Both
    }
}
