//! The typed loader's rules (src/model.rs), checked on the span tree, so
//! that `pm lint` reports every value `pm show`, `pm edit` and the writers
//! would refuse, each at its own line and column, not only the first.
//!
//! This mirrors what `yaml_serde` accepts for the model's types: any scalar
//! is text (a number or `yes` is read as its text), `key:` left empty is an
//! empty list or section, unknown keys are ignored. Aliases and tags are
//! not judged here. The loader itself still runs on every file
//! (`completeness::loader_net`): the two YAML parsers disagree on some
//! syntax (tabs, empty keys), and aliases, tags and merge keys are the
//! loader's to judge. A property test (tests/cli/properties.rs) checks that
//! every type error the loader finds, this walk finds too, at its place.

use super::Severity;
use super::completeness::Checker;
use crate::model::FORMAT_VERSION;
use crate::yaml::{Node, NodeKind};

const RULE: &str = "invalid-value";

/// What a node is, in the words of an error message.
fn what(node: &Node) -> &'static str {
    match &node.kind {
        NodeKind::Seq(_) => crate::yaml::A_LIST,
        NodeKind::Map(_) => crate::yaml::A_MAPPING,
        NodeKind::Alias { .. } => "an alias",
        NodeKind::Scalar { .. } if node.is_null() => crate::yaml::EMPTY,
        NodeKind::Scalar { .. } => "text",
    }
}

fn is_scalar(node: &Node) -> bool {
    matches!(node.kind, NodeKind::Scalar { .. })
}

fn is_alias(node: &Node) -> bool {
    matches!(node.kind, NodeKind::Alias { .. })
}

/// Where a value sits (`action_items[2].due`), written out only when a
/// message needs it: a repository of 10,000 post-mortems checks a million
/// values, and formatting each one's path took a twentieth of `pm lint`.
#[derive(Clone, Copy)]
enum Path<'a> {
    Key(&'a str),
    Index(&'a Path<'a>, usize),
    Field(&'a Path<'a>, &'a str),
}

impl<'a> Path<'a> {
    fn index(&'a self, i: usize) -> Path<'a> {
        Path::Index(self, i)
    }
    fn field(&'a self, key: &'a str) -> Path<'a> {
        Path::Field(self, key)
    }
}

impl std::fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Path::Key(k) => f.write_str(k),
            Path::Index(p, i) => write!(f, "{p}[{i}]"),
            Path::Field(p, k) => write!(f, "{p}.{k}"),
        }
    }
}

fn bad(c: &mut Checker, node: &Node, message: String) {
    c.node(RULE, node, Severity::Error, message);
}

/// Text (`String` or `Option<String>`): any scalar, or empty.
fn text(c: &mut Checker, node: &Node, path: Path<'_>) {
    if !is_scalar(node) && !is_alias(node) {
        bad(
            c,
            node,
            format!(
                "`{path}` must be text, but it is {}; write it on one line or as a `|` block",
                what(node)
            ),
        );
    }
}

/// A list (empty when left empty), each item checked by `each`.
fn list(c: &mut Checker, node: &Node, path: Path<'_>, each: fn(&mut Checker, &Node, Path<'_>)) {
    match &node.kind {
        NodeKind::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                each(c, item, path.index(i));
            }
        }
        NodeKind::Alias { .. } => {}
        NodeKind::Scalar { .. } if node.is_null() => {}
        _ => bad(
            c,
            node,
            format!(
                "`{path}` must be a list, but it is {}; write `{path}: [a, b]` or one `- item` per line",
                what(node)
            ),
        ),
    }
}

/// A mapping; returns it when its keys can be checked. Keys must be names.
fn mapping<'n>(
    c: &mut Checker,
    node: &'n Node,
    path: Path<'_>,
    empty_ok: bool,
) -> Option<&'n Node> {
    match &node.kind {
        NodeKind::Map(entries) => {
            for (k, _) in entries {
                if !is_scalar(k) && !is_alias(k) {
                    bad(
                        c,
                        k,
                        format!("a key in `{path}` must be a name, but it is {}", what(k)),
                    );
                }
            }
            Some(node)
        }
        NodeKind::Alias { .. } => None,
        NodeKind::Scalar { .. } if empty_ok && node.is_null() => None,
        _ => {
            bad(
                c,
                node,
                format!(
                    "`{path}` must be a mapping of `key: value` lines, but it is {}",
                    what(node)
                ),
            );
            None
        }
    }
}

/// A required key of a mapping in a list item. Left null (`title: ~`)
/// it is missing, as the loader reads it (never the text `~`), and the
/// finding points at the key.
fn required<'n>(c: &mut Checker, map: &'n Node, key: &str, path: Path<'_>) -> Option<&'n Node> {
    match map.entry(key) {
        None => {
            c.node(
                "missing-field",
                map,
                Severity::Error,
                format!("`{path}` has no `{key}`, which it needs"),
            );
            None
        }
        Some((k, v)) if v.is_null() => {
            c.node(
                "missing-field",
                k,
                Severity::Error,
                crate::model::null_required(&path.field(key).to_string(), key),
            );
            None
        }
        Some((_, v)) => Some(v),
    }
}

/// A day, YYYY-MM-DD. `optional`: empty is allowed.
fn date(c: &mut Checker, node: &Node, path: Path<'_>, optional: bool) {
    if is_alias(node) || (optional && node.is_null()) {
        return;
    }
    let ok = node
        .as_str()
        .filter(|_| !node.is_null())
        .is_some_and(|s| crate::clock::iso_date(s.trim()).is_some());
    if !ok {
        let shown = node
            .as_str()
            .map_or_else(|| what(node).to_string(), |s| format!("`{s}`"));
        bad(
            c,
            node,
            format!("`{path}`: {shown} is not a date; write it YYYY-MM-DD, such as 2026-11-27"),
        );
    }
}

/// A moment with its offset, as the loader reads it.
fn time(c: &mut Checker, node: &Node, path: Path<'_>) {
    if is_alias(node) {
        return;
    }
    let ok = node
        .as_str()
        .filter(|_| !node.is_null())
        .is_some_and(|s| crate::clock::read_at(s).is_some());
    if !ok {
        let shown = node
            .as_str()
            .map_or_else(|| what(node).to_string(), |s| format!("`{s}`"));
        let message = if node.as_str().is_some_and(crate::clock::at_outside_years) {
            format!("`{path}`: {shown} {}", crate::clock::OUTSIDE_YEARS)
        } else {
            format!(
                "`{path}`: {shown} is not an RFC 3339 time with its offset; write it like 2026-11-26T09:12:00Z (or +01:00 for the offset)"
            )
        };
        bad(c, node, message);
    }
}

/// One of a fixed set of words.
fn one_of(c: &mut Checker, node: &Node, path: Path<'_>, words: &[&str]) {
    if is_alias(node) {
        return;
    }
    if node.as_str().is_some_and(|s| words.contains(&s)) {
        return;
    }
    let shown = match node.as_str() {
        Some(s) if !node.is_null() => format!("`{s}`"),
        _ => what(node).to_string(),
    };
    bad(
        c,
        node,
        format!("`{path}` is {shown}; use one of {}", words.join(", ")),
    );
}

/// `pm:`, the format version.
fn version(c: &mut Checker, node: &Node) {
    if is_alias(node) || node.is_null() {
        return;
    }
    let number = match &node.kind {
        NodeKind::Scalar {
            value,
            style: crate::yaml::Style::Plain,
        } => parse_u64(value),
        _ => None,
    };
    match number {
        Some(v) if v == FORMAT_VERSION => {}
        Some(v) => c.node(
            "parse-error",
            node,
            Severity::Error,
            format!(
                "format version `pm: {v}` is not supported by this pm (it reads version {FORMAT_VERSION})"
            ),
        ),
        None => {
            // `pm: "1"`: "but it is `1`" would read as a contradiction.
            let quoted_number = matches!(
                &node.kind,
                NodeKind::Scalar { value, style } if *style != crate::yaml::Style::Plain
                    && parse_u64(value.trim()).is_some()
            );
            let found = match node.as_str() {
                Some(s) if quoted_number => {
                    format!("the text \"{s}\" (in quotes); write `pm: {FORMAT_VERSION}`")
                }
                Some(s) => format!("`{s}`"),
                None => what(node).to_string(),
            };
            bad(
                c,
                node,
                format!(
                    "`pm` is the format version, a number ({FORMAT_VERSION}), but it is {found}"
                ),
            );
        }
    }
}

fn parse_u64(text: &str) -> Option<u64> {
    let t = text.strip_prefix('+').unwrap_or(text);
    if let Some(hex) = t.strip_prefix("0x") {
        return u64::from_str_radix(hex, 16).ok();
    }
    if let Some(oct) = t.strip_prefix("0o") {
        return u64::from_str_radix(oct, 8).ok();
    }
    t.parse().ok()
}

fn timeline_entry(c: &mut Checker, node: &Node, path: Path<'_>) {
    let Some(map) = mapping(c, node, path, false) else {
        return;
    };
    if let Some(at) = required(c, map, "at", path) {
        time(c, at, path.field("at"));
    }
    if let Some(t) = required(c, map, "text", path) {
        text(c, t, path.field("text"));
    }
    for key in ["kind", "by", "trace_id", "link"] {
        if let Some(v) = map.get(key) {
            text(c, v, path.field(key));
        }
    }
}

fn action_item(c: &mut Checker, node: &Node, path: Path<'_>) {
    let Some(map) = mapping(c, node, path, false) else {
        return;
    };
    for key in ["id", "title"] {
        if let Some(v) = required(c, map, key, path) {
            text(c, v, path.field(key));
        }
    }
    for key in ["owner", "type", "priority", "link", "note"] {
        if let Some(v) = map.get(key) {
            text(c, v, path.field(key));
        }
    }
    for key in ["due", "closed"] {
        if let Some(v) = map.get(key) {
            date(c, v, path.field(key), true);
        }
    }
    // Left empty it is no type, as the readers take it.
    if let Some(v) = map.get("type").filter(|v| !v.is_null() && is_scalar(v)) {
        one_of(c, v, path.field("type"), crate::model::ACTION_TYPES);
    }
    // Left empty it is the default, open (docs/format.md).
    if let Some(v) = map.get("status").filter(|v| !v.is_null()) {
        one_of(c, v, path.field("status"), &["open", "done", "dropped"]);
    }
}

fn past_review(c: &mut Checker, node: &Node, path: Path<'_>) {
    let Some(map) = mapping(c, node, path, false) else {
        return;
    };
    if let Some(v) = map.get("due") {
        date(c, v, path.field("due"), true);
    }
    if let Some(v) = required(c, map, "held", path) {
        date(c, v, path.field("held"), false);
    }
    if let Some(v) = map.get("notes") {
        text(c, v, path.field("notes"));
    }
}

fn link(c: &mut Checker, node: &Node, path: Path<'_>) {
    let Some(map) = mapping(c, node, path, false) else {
        return;
    };
    if let Some(v) = map.get("title") {
        text(c, v, path.field("title"));
    }
    if let Some(v) = required(c, map, "url", path) {
        text(c, v, path.field("url"));
        // `url: ""` links to nothing, as much as `url:` does.
        if v.as_str().is_some_and(|u| u.trim().is_empty()) {
            c.node(
                "missing-field",
                v,
                Severity::Error,
                format!("`{path}.url` is empty; write the address, or remove the link"),
            );
        }
    }
}

/// Check a post-mortem's tree (a mapping) against the typed model.
/// Missing top-level fields are reported by the completeness rules.
pub(super) fn check(c: &mut Checker, tree: &Node) {
    let Some(tree) = mapping(c, tree, Path::Key("the post-mortem"), false) else {
        return;
    };
    for (k, v) in tree.entries() {
        let Some(key) = k.as_str() else { continue };
        let path = Path::Key(key);
        match key {
            "pm" => version(c, v),
            "id" | "title" | "severity" | "summary" | "impact" | "trigger" | "root_cause"
            | "detection_gap" | "response" => text(c, v, path),
            "status" if !v.is_null() => {
                one_of(c, v, path, &["draft", "review", "published", "closed"]);
            }
            "date" if !v.is_null() => date(c, v, path, false),
            "authors" | "responders" | "services" | "tags" | "contributing_factors" => {
                list(c, v, path, text);
            }
            "timeline" => list(c, v, path, timeline_entry),
            "action_items" => list(c, v, path, action_item),
            "links" => list(c, v, path, link),
            "lessons" => {
                if let Some(map) = mapping(c, v, path, true) {
                    for part in ["went_well", "went_wrong", "got_lucky"] {
                        if let Some(items) = map.get(part) {
                            list(c, items, path.field(part), text);
                        }
                    }
                }
            }
            "follow_up" => {
                if let Some(map) = mapping(c, v, path, true) {
                    for part in ["due", "held"] {
                        if let Some(d) = map.get(part) {
                            date(c, d, path.field(part), true);
                        }
                    }
                    for part in ["notes", "owner"] {
                        if let Some(n) = map.get(part) {
                            text(c, n, path.field(part));
                        }
                    }
                    if let Some(h) = map.get("history") {
                        list(c, h, path.field("history"), past_review);
                    }
                }
            }
            _ => {}
        }
    }
}
