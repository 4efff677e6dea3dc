//! Every YAML read and write in pm goes through this module.
//!
//! Two parsers sit behind it, each for what it does best:
//! - `yaml_serde` (the maintained continuation of serde_yaml) turns text into
//!   typed values and reports errors with line and column;
//! - `saphyr-parser` gives the byte span of every node, which the minimal-edit
//!   path (`edit.rs`) and the linter (`lint/`) need to touch or point at exact
//!   words without re-serialising a person's file.
//!
//! Writing is never a whole-document re-serialisation: pm emits single scalars
//! ([`scalar`], [`block_scalar`]) and splices them into the text.

mod fast;
mod position;

pub use fast::{Lite, LiteKind};

use std::collections::HashMap;
use std::fmt;

use saphyr_parser::{Event, Parser, ScalarStyle};
use serde::de::DeserializeOwned;

pub use yaml_serde::{Mapping, Value};

use crate::output::is_bidi_override;
use crate::store::limits::MAX_DEPTH;
/// The limits readers and writers share live in `store::limits`.
pub use crate::store::limits::MAX_FILE_BYTES;
pub use position::{
    cr_only, line, line_col, line_starts, lines, lines_inclusive, offset_of, position,
};

/// A YAML problem with its 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for YamlError {}

/// The byte-order mark some Windows editors put at the start of a file.
const BOM: &str = "\u{feff}";

/// Text without a leading BOM, and how many bytes the BOM took.
pub fn strip_bom(text: &str) -> (&str, usize) {
    match text.strip_prefix(BOM) {
        Some(rest) => (rest, BOM.len()),
        None => (text, 0),
    }
}

/// Decode file bytes as UTF-8, or say where the first bad byte is.
pub fn decode(bytes: Vec<u8>) -> Result<String, YamlError> {
    decode_keeping(bytes).map_err(|(err, _)| err)
}

/// [`decode`], giving the bytes back with the error when they are not
/// UTF-8 (for the linter, which shows the line of the bad byte).
pub fn decode_keeping(bytes: Vec<u8>) -> Result<String, (YamlError, Option<Vec<u8>>)> {
    if let Some(why) = crate::store::limits::too_large(bytes.len(), MAX_FILE_BYTES) {
        let err = YamlError {
            line: 1,
            column: 1,
            message: format!("the file is {why} for one post-mortem"),
        };
        return Err((err, None));
    }
    String::from_utf8(bytes).map_err(|err| {
        let good = &err.as_bytes()[..err.utf8_error().valid_up_to()];
        // Everything before the bad byte is valid UTF-8.
        let good = std::str::from_utf8(good).unwrap_or_default();
        // Columns count characters, as every other position pm gives
        // (after a BOM, which the readers skip, as `line_col` does).
        let (line, column) = line_col(strip_bom(good).0, usize::MAX);
        let err_at = YamlError {
            line,
            column,
            message: "not valid UTF-8 text (save the file as UTF-8)".into(),
        };
        (err_at, Some(err.into_bytes()))
    })
}

/// Deserialize typed data, with line and column on error.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    let (body, _) = strip_bom(text);
    // The span parser runs first: it rejects what serde would accept
    // silently (duplicate keys) and guards depth before serde recurses.
    parse_tree(body)?;
    yaml_serde::from_str(body).map_err(|e| serde_error_in(e, body))
}

/// [`from_str`] for a text whose span tree was already parsed without
/// error (by [`parse_tree`]): the typed loader alone, without parsing the
/// tree a second time. The linter uses it to run the loader on every file.
pub fn from_str_after_tree<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    let (body, _) = strip_bom(text);
    yaml_serde::from_str(body).map_err(|e| serde_error_in(e, body))
}

/// Parse into a generic value (used to verify edits semantically).
pub fn parse_value(text: &str) -> Result<Value, YamlError> {
    let (body, _) = strip_bom(text);
    check_depth(body)?;
    yaml_serde::from_str(body).map_err(|e| serde_error_in(e, body))
}

/// Refuse nesting deeper than [`MAX_DEPTH`] before the typed loader sees
/// the text. Its scanner looks back over every open flow collection at
/// each token, so `x: [[[[…` eighty thousand deep takes it minutes before
/// it gives up ("recursion limit exceeded"); the span parser used here
/// stops within the first few hundred levels. Readers that parse the span
/// tree first ([`from_str`]) are guarded by it; this is for the ones that
/// go to the loader directly (salvaging a file the others refuse, checking
/// an edit). Counts depth only: duplicate keys and the like are left to
/// the caller.
fn check_depth(text: &str) -> Result<(), YamlError> {
    let mut parser = Parser::new_from_str(text);
    let mut open = 0usize;
    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|err| {
            explain_syntax(
                text,
                YamlError {
                    line: err.marker().line(),
                    column: err.marker().col() + 1,
                    message: with_fix(err.info()),
                },
            )
        })?;
        match event {
            Event::SequenceEnd | Event::MappingEnd => open = open.saturating_sub(1),
            Event::Scalar(..)
            | Event::Alias(_)
            | Event::SequenceStart(..)
            | Event::MappingStart(..) => {
                if open > MAX_DEPTH {
                    let at = Offsets::new(text).byte(span.start.index());
                    let (line, column) = line_col(text, at);
                    return Err(YamlError {
                        line,
                        column,
                        message: too_deep(),
                    });
                }
                if matches!(event, Event::SequenceStart(..) | Event::MappingStart(..)) {
                    open += 1;
                }
            }
            Event::StreamEnd => break,
            _ => {}
        }
    }
    Ok(())
}

/// What every reader says of nesting deeper than [`MAX_DEPTH`].
fn too_deep() -> String {
    format!("nesting deeper than {MAX_DEPTH} levels; a post-mortem does not need this")
}

/// `text` read with every key written twice kept once (its first value;
/// two lists under one key are joined, so no action item of either is
/// lost), for reading what can still be read of a file every command
/// refuses (a merge left `title:` or `action_items:` twice): never for
/// writing. Tagged values (`!!str`) fail the whole, as they are rare in
/// hand-written files.
pub fn parse_value_keeping_first(text: &str) -> Result<Value, YamlError> {
    use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
    struct Lenient(Value);
    struct Visit;
    impl<'de> Visitor<'de> for Visit {
        type Value = Lenient;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("any YAML value")
        }
        fn visit_bool<E>(self, v: bool) -> Result<Lenient, E> {
            Ok(Lenient(Value::Bool(v)))
        }
        fn visit_i64<E>(self, v: i64) -> Result<Lenient, E> {
            Ok(Lenient(Value::Number(v.into())))
        }
        fn visit_u64<E>(self, v: u64) -> Result<Lenient, E> {
            Ok(Lenient(Value::Number(v.into())))
        }
        fn visit_f64<E>(self, v: f64) -> Result<Lenient, E> {
            Ok(Lenient(Value::Number(v.into())))
        }
        fn visit_str<E>(self, v: &str) -> Result<Lenient, E> {
            Ok(Lenient(Value::String(v.to_string())))
        }
        fn visit_string<E>(self, v: String) -> Result<Lenient, E> {
            Ok(Lenient(Value::String(v)))
        }
        fn visit_unit<E>(self) -> Result<Lenient, E> {
            Ok(Lenient(Value::Null))
        }
        fn visit_none<E>(self) -> Result<Lenient, E> {
            Ok(Lenient(Value::Null))
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Lenient, D::Error> {
            Lenient::deserialize(d)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Lenient, A::Error> {
            let mut out = Vec::new();
            while let Some(Lenient(v)) = seq.next_element()? {
                out.push(v);
            }
            Ok(Lenient(Value::Sequence(out)))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Lenient, A::Error> {
            let mut out = Mapping::new();
            while let Some(Lenient(key)) = map.next_key()? {
                let Lenient(value) = map.next_value()?;
                match (out.get_mut(&key), value) {
                    (None, value) => {
                        out.insert(key, value);
                    }
                    (Some(Value::Sequence(first)), Value::Sequence(more)) => first.extend(more),
                    (Some(_), _) => {}
                }
            }
            Ok(Lenient(Value::Mapping(out)))
        }
    }
    impl<'de> Deserialize<'de> for Lenient {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Lenient, D::Error> {
            d.deserialize_any(Visit)
        }
    }
    let (body, _) = strip_bom(text);
    check_depth(body)?;
    yaml_serde::from_str::<Lenient>(body)
        .map(|lenient| lenient.0)
        .map_err(|e| serde_error_in(e, body))
}

/// [`serde_error`] for an error in `text`: libyaml reports some problems
/// (a control character) by byte offset only ("at position 858"); that
/// offset becomes the line and column people and editors use.
fn serde_error_in(err: yaml_serde::Error, text: &str) -> YamlError {
    let mut error = serde_error(err);
    if let Some(at) = error.message.rfind(" at position ")
        && let Ok(offset) = error.message[at + 13..].trim().parse::<usize>()
    {
        (error.line, error.column) = line_col(text, offset);
        error.message.truncate(at);
    }
    as_written(text, empty_item(text, explain_syntax(text, error)))
}

/// serde quotes a wrong-typed value as it read it (`1e3` as `1000.0`,
/// `0x10` as `16`): "but it is `1000.0`" names something the person never
/// wrote. Quote the plain value written at the error's place instead.
fn as_written(text: &str, mut error: YamlError) -> YamlError {
    const FOUND: &str = ", but it is `";
    let Some(at) = error.message.rfind(FOUND) else {
        return error;
    };
    let Some(read) = error.message[at + FOUND.len()..].strip_suffix('`') else {
        return error;
    };
    let Some(line) = lines(text).nth(error.line.saturating_sub(1)) else {
        return error;
    };
    let Some((start, _)) = line.char_indices().nth(error.column.saturating_sub(1)) else {
        return error;
    };
    let value = line[start..].split(" #").next().unwrap_or("").trim();
    let plain = value
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if plain && value != read && !value.contains(": ") && !value.contains(['`', ',', ']', '}']) {
        error.message = format!("{}{FOUND}{value}`", &error.message[..at]);
    }
    error
}

/// An error about a list item that is a `-` with nothing after it (YAML
/// reads it as an empty item, null), where the loader wants an entry:
/// "timeline[1]: missing field `at`" says what is missing from an item
/// the person never wrote. Say what the line is, at its dash.
fn empty_item(text: &str, error: YamlError) -> YamlError {
    let Some((path, _)) = error.message.split_once(": ") else {
        return error;
    };
    if !path.ends_with(']') {
        return error;
    }
    let Ok(tree) = parse_tree(text) else {
        return error;
    };
    let Some(node) = tree.at_path(path) else {
        return error;
    };
    if !node.is_null() {
        return error;
    }
    let written = match node.as_str() {
        Some("") | None => "a `-` with nothing after it".to_string(),
        Some(null) => format!("a `-` with only `{null}` after it"),
    };
    let dash = text[..node.start].rfind('-').unwrap_or(node.start);
    let (line, column) = line_col(text, dash);
    YamlError {
        line,
        column,
        message: format!(
            "{path} is an empty item, {written}; \
             write the item after the `-` or delete the line"
        ),
    }
}

/// The first YAML merge key (`<<: *defaults`) in `node`, by position. YAML
/// 1.2 has no merge keys, and pm's reader does not apply them: the fields
/// they would bring in are simply missing, so every reader refuses them.
pub fn merge_key(node: &Node) -> Option<&Node> {
    match &node.kind {
        NodeKind::Map(entries) => entries.iter().find_map(|(k, v)| {
            let plain = matches!(
                k.kind,
                NodeKind::Scalar {
                    style: Style::Plain,
                    ..
                }
            );
            if plain && k.as_str() == Some("<<") {
                Some(k)
            } else {
                merge_key(v)
            }
        }),
        NodeKind::Seq(items) => items.iter().find_map(merge_key),
        _ => None,
    }
}

/// A parsed document as JSON, for `--json` output. JSON keys are text, and
/// YAML's need not be (`null:`, `1:`, `? [a, b]` in a mapping pm does not
/// know): each key becomes the text YAML would print for it, a list or
/// mapping key its JSON form (`["a","b"]`), so every valid file has JSON.
pub fn to_json(value: &Value) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        Value::Null => J::Null,
        Value::Bool(b) => J::Bool(*b),
        Value::Number(n) => serde_json::to_value(n).unwrap_or(J::Null),
        Value::String(s) => J::String(s.clone()),
        Value::Sequence(items) => J::Array(items.iter().map(to_json).collect()),
        Value::Mapping(map) => {
            J::Object(map.iter().map(|(k, v)| (json_key(k), to_json(v))).collect())
        }
        Value::Tagged(tagged) => {
            let mut object = serde_json::Map::new();
            object.insert(tagged.tag.to_string(), to_json(&tagged.value));
            J::Object(object)
        }
    }
}

/// [`to_json`] for a post-mortem: where `typed` (the document as pm's
/// model reads it, as JSON) has text for a value YAML reads as a number or
/// a boolean, the JSON has that text (`title: 2026` is `"2026"`, `.inf` is
/// `".inf"`, never JSON's `null` for a number it cannot hold). A list of
/// text leaves its null items out when pm reads it, so the other items are
/// matched with what pm read of them in order, the null items staying
/// null. Under a key pm does not read, a value is as YAML reads it (a
/// number stays a number), except a number JSON cannot hold (`.inf`,
/// `.NaN`, `1e400`), which is its text as written in `node` (the same
/// document's span tree), never `null`.
pub fn to_json_as_read(
    value: &Value,
    typed: &serde_json::Value,
    node: Option<&Node>,
) -> serde_json::Value {
    use serde_json::Value as J;
    match (value, typed) {
        (Value::Mapping(map), J::Object(typed)) => J::Object(
            map.iter()
                .map(|(k, v)| {
                    let key = json_key(k);
                    let node = node.and_then(|n| entry_node(n, &key));
                    let json = match typed.get(&key) {
                        Some(typed) => to_json_as_read(v, typed, node),
                        None => to_json_written(v, node),
                    };
                    (key, json)
                })
                .collect(),
        ),
        (Value::Sequence(items), J::Array(typed)) => {
            let nulls_left_out = items.len() != typed.len();
            let mut typed = typed.iter();
            J::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| {
                        if nulls_left_out && item.is_null() {
                            return J::Null;
                        }
                        let node = node.and_then(|n| item_node(n, items.len(), i));
                        match typed.next() {
                            Some(typed) => to_json_as_read(item, typed, node),
                            None => to_json_written(item, node),
                        }
                    })
                    .collect(),
            )
        }
        (Value::Number(_) | Value::Bool(_), J::String(text)) => J::String(text.clone()),
        // `title: !foo Checkout down`: pm reads through the tag, and so
        // does the JSON (not `{"!foo": ...}`).
        (Value::Tagged(tagged), _) => to_json_as_read(&tagged.value, typed, node),
        _ => to_json_written(value, node),
    }
}

/// [`to_json`], but a number JSON cannot hold (infinite, NaN) is the text
/// written for it in `node`, the value's place in the span tree (YAML's
/// own spelling, `.inf`, when that is not known: an alias to a list).
fn to_json_written(value: &Value, node: Option<&Node>) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        Value::Number(n) if !n.is_finite() => J::String(
            node.and_then(Node::as_str)
                .map_or_else(|| n.to_string(), |text| text.trim().to_string()),
        ),
        Value::Sequence(items) => J::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    to_json_written(item, node.and_then(|n| item_node(n, items.len(), i)))
                })
                .collect(),
        ),
        Value::Mapping(map) => J::Object(
            map.iter()
                .map(|(k, v)| {
                    let key = json_key(k);
                    let node = node.and_then(|n| entry_node(n, &key));
                    (key, to_json_written(v, node))
                })
                .collect(),
        ),
        Value::Tagged(tagged) => {
            let mut object = serde_json::Map::new();
            object.insert(tagged.tag.to_string(), to_json_written(&tagged.value, node));
            J::Object(object)
        }
        _ => to_json(value),
    }
}

/// The value of `key` in the span tree's mapping `node`, when one key
/// there is written so (a key that is not plain text, `~:`, is not found:
/// its value is then given as YAML reads it).
fn entry_node<'n>(node: &'n Node, key: &str) -> Option<&'n Node> {
    node.entries()
        .iter()
        .find(|(k, _)| k.as_str() == Some(key))
        .map(|(_, v)| v)
}

/// Item `i` of the span tree's list `node`, when it has `len` items as the
/// value read does.
fn item_node(node: &Node, len: usize, i: usize) -> Option<&Node> {
    let items = node.items();
    (items.len() == len).then(|| &items[i])
}

/// A mapping key as JSON object key text (see [`to_json`]).
fn json_key(key: &Value) -> String {
    match key {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        other => to_json(other).to_string(),
    }
}

/// Deserialize typed data from part of a parsed document, as leniently as
/// [`from_str`] reads it (a number where text is expected is its text).
/// Without position: the value no longer knows where it came from.
pub fn from_value<T: DeserializeOwned>(value: &Value) -> Result<T, YamlError> {
    let text = yaml_serde::to_string(value).map_err(serde_error)?;
    yaml_serde::from_str(&text).map_err(serde_error)
}

fn serde_error(err: yaml_serde::Error) -> YamlError {
    let (line, column) = err
        .location()
        .map(|loc| (loc.line(), loc.column()))
        .unwrap_or((1, 1));
    // serde_yaml-style messages end with " at line X column Y"; we print
    // the position ourselves, in file:line:col form.
    let mut message = err.to_string();
    if let Some(cut) = message.find(" at line ") {
        message.truncate(cut);
    }
    YamlError {
        line,
        column,
        message: plain_message(message),
    }
}

/// serde's wording where a person would not follow it: an integer too
/// large for any number pm reads is reported by the type it was tried as
/// ("lint.x: invalid type: integer `1000…` as u128, expected any YAML
/// value"), and a value of the wrong type by Rust's names for types
/// ("expected i64", "expected struct Link"): see [`type_in_words`].
fn plain_message(message: String) -> String {
    if let Some(known) = unknown_key(&message) {
        return known;
    }
    const INVALID: &str = "invalid type: integer `";
    let Some(at) = message.find(INVALID) else {
        return type_in_words(&message).unwrap_or(message);
    };
    let rest = &message[at + INVALID.len()..];
    match rest.split_once("` as ") {
        Some((number, tried)) if tried.starts_with("u128") || tried.starts_with("i128") => format!(
            "{}the number {number} is too large (at most 18446744073709551615)",
            &message[..at]
        ),
        _ => type_in_words(&message).unwrap_or(message),
    }
}

/// serde's "unknown field `bogus`, expected one of `a`, `b`" (a key no
/// setting has, mostly a typo) in a person's words, with the keys that
/// exist there.
fn unknown_key(message: &str) -> Option<String> {
    const UNKNOWN: &str = "unknown field `";
    let at = message.find(UNKNOWN)?;
    let (key, rest) = message[at + UNKNOWN.len()..].split_once('`')?;
    let keys: Vec<&str> = rest
        .strip_prefix(", expected one of ")
        .or_else(|| rest.strip_prefix(", expected "))?
        .split(", ")
        .map(|k| k.trim_matches('`'))
        .collect();
    Some(format!(
        "{}`{key}` is not a key pm knows here; check its spelling (the keys are {})",
        &message[..at],
        keys.join(", ")
    ))
}

/// What a node is, in the words of an error message: `pm lint`'s words
/// (src/lint/schema.rs) and the loader's errors (below) use these.
pub const A_LIST: &str = "a list";
pub const A_MAPPING: &str = "a mapping (`key: value` lines)";
pub const EMPTY: &str = "empty";

/// Whether a loader error is about a value of the wrong type or shape
/// (as opposed to YAML syntax or a missing field): serde's words, or
/// those [`type_in_words`] put in their place.
pub fn is_type_error(message: &str) -> bool {
    ["invalid type: ", "invalid value: ", "unknown variant "]
        .iter()
        .any(|m| message.contains(m))
        || (message.contains(" must be ") && message.contains(", but it is "))
}

/// Digits with a sign, a point or an exponent: a number as YAML writes one
/// (not `inf` or `NaN`, which Rust reads as numbers and YAML as text).
fn looks_like_a_number(text: &str) -> bool {
    let digits = text.trim_start_matches(['+', '-']);
    !digits.is_empty()
        && digits.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && text.parse::<f64>().is_ok()
}

/// `01`, `-007`, `00.5`: digits after a leading zero.
fn leading_zero(text: &str) -> bool {
    let digits = text.trim_start_matches(['+', '-']).as_bytes();
    looks_like_a_number(text) && digits.len() > 1 && digits[0] == b'0' && digits[1].is_ascii_digit()
}

/// serde's "follow_up_days: invalid type: floating point `1.5`, expected
/// i64" as `pm lint` says such things: "`follow_up_days` must be a whole
/// number, but it is `1.5`". None when the type expected has no words
/// here (the message is then left as it is).
fn type_in_words(message: &str) -> Option<String> {
    let (at, len) = ["invalid type: ", "invalid value: "]
        .iter()
        .find_map(|m| message.find(m).map(|at| (at, m.len())))?;
    let path = message[..at].trim_end().trim_end_matches(':');
    let (found, expected) = message[at + len..].rsplit_once(", expected ")?;
    let expected = match expected.trim() {
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => "a whole number",
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => "a whole number, 0 or more",
        "f32" | "f64" => "a number",
        "a boolean" => "true or false",
        "a string" | "a character" => "text",
        "a sequence" => A_LIST,
        "a map" => A_MAPPING,
        other if other.starts_with("struct ") => A_MAPPING,
        // A setting's own words for what it takes: "`manual` or `auto`".
        other if other.starts_with('`') => other,
        _ => return None,
    };
    let quoted = |value: &str| format!("`{value}`");
    let number_expected = expected.starts_with("a whole number") || expected == "a number";
    let found = if let Some(text) = found.strip_prefix("string ") {
        match text.strip_prefix('"')?.strip_suffix('"')? {
            "" => "empty text".to_string(),
            // `follow_up_days: "14"`: "but it is `14`" would read as a
            // contradiction; it is text because of its quotes.
            // `pm: 01`: a number with a leading zero is text in YAML, as
            // written, no quotes needed.
            text if number_expected && leading_zero(text.trim()) => {
                let number = text
                    .trim()
                    .trim_start_matches(['+', '-'])
                    .trim_start_matches('0');
                let number = if number.is_empty() || number.starts_with('.') {
                    format!("0{number}")
                } else {
                    number.to_string()
                };
                format!(
                    "the text \"{text}\" (YAML reads a number with a leading zero as text); write `{}{number}`",
                    if text.trim().starts_with('-') {
                        "-"
                    } else {
                        ""
                    }
                )
            }
            text if number_expected && looks_like_a_number(text.trim()) => {
                format!("the text \"{text}\" (in quotes); write it without the quotes")
            }
            text => quoted(text),
        }
    } else if let Some((_, value)) = found.split_once(" `") {
        // `floating point `1.5``, `integer `3``, `boolean `true``.
        quoted(value.strip_suffix('`')?)
    } else {
        match found {
            "sequence" => A_LIST.to_string(),
            "map" => A_MAPPING.to_string(),
            "unit value" => EMPTY.to_string(),
            other => other.to_string(),
        }
    };
    let what = if path.is_empty() {
        "the file".to_string()
    } else {
        format!("`{path}`")
    };
    Some(format!("{what} must be {expected}, but it is {found}"))
}

/// A YAML node with its byte span in the text it was parsed from.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub kind: NodeKind,
    /// Byte offset of the first byte of the node.
    pub start: usize,
    /// Byte offset just past the node.
    pub end: usize,
    /// Flow style (`[..]`, `{..}`) rather than block style.
    pub flow: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    Scalar {
        value: String,
        style: Style,
    },
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
    /// `*name`: a reference to an anchored node. `scalar` is the anchored
    /// value when it is a single value (`owner: &lead Dana` … `owner: *lead`),
    /// so checks that need a value see the one the typed loader sees.
    Alias {
        scalar: Option<String>,
    },
}

/// How a scalar was written; the linter maps positions differently for each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

impl Node {
    /// The value of a key in a mapping node.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|(_, v)| v)
    }

    /// The key node and value node of a key in a mapping node.
    /// The node at a path as serde's errors name it (`timeline[1]`,
    /// `follow_up.history[0].held`; empty for the node itself).
    pub fn at_path(&self, path: &str) -> Option<&Node> {
        let mut node = self;
        for part in path.split('.').filter(|p| !p.is_empty()) {
            let (name, indexes) = part.split_at(part.find('[').unwrap_or(part.len()));
            if !name.is_empty() {
                node = node.get(name)?;
            }
            for index in indexes.split('[').skip(1) {
                let i = index.strip_suffix(']')?.parse::<usize>().ok()?;
                node = node.items().get(i)?;
            }
        }
        Some(node)
    }

    pub fn entry(&self, key: &str) -> Option<(&Node, &Node)> {
        match &self.kind {
            NodeKind::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.as_str() == Some(key))
                .map(|(k, v)| (k, v)),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar { value, .. } => Some(value),
            NodeKind::Alias {
                scalar: Some(value),
            } => Some(value),
            _ => None,
        }
    }

    pub fn items(&self) -> &[Node] {
        match &self.kind {
            NodeKind::Seq(items) => items,
            _ => &[],
        }
    }

    pub fn entries(&self) -> &[(Node, Node)] {
        match &self.kind {
            NodeKind::Map(entries) => entries,
            _ => &[],
        }
    }

    /// An empty plain scalar: `key:` with nothing after it.
    pub fn is_empty_scalar(&self) -> bool {
        matches!(&self.kind, NodeKind::Scalar { value, style: Style::Plain } if value.is_empty())
    }

    /// A null written as `~` or `null`, or left empty.
    pub fn is_null(&self) -> bool {
        matches!(&self.kind, NodeKind::Scalar { value, style: Style::Plain }
            if value.is_empty() || value == "~" || value == "null" || value == "Null" || value == "NULL")
    }
}

/// A plain scalar YAML reads as an integer that does not fit 64 bits
/// (`123456789012345678901234567890`, a ticket or card number): the typed
/// reader cannot hold it, so every command refuses it alike and says to
/// quote it.
pub(crate) fn is_oversized_int(raw: &str) -> bool {
    let digits = raw.strip_prefix(['-', '+']).unwrap_or(raw);
    let (digits, radix) = if let Some(hex) = digits.strip_prefix("0x") {
        (hex, 16)
    } else if let Some(oct) = digits.strip_prefix("0o") {
        (oct, 8)
    } else {
        (digits, 10)
    };
    !digits.is_empty()
        && digits.chars().all(|c| c.is_digit(radix))
        && raw.trim_start_matches('+').parse::<i64>().is_err()
        && u64::from_str_radix(digits, radix).is_err()
}

/// What to do about a number too large to read, by the field it is in
/// (`keys`, from the top): a field that holds a number needs a smaller
/// one, and quotes would only make it text, which that field refuses too;
/// any other field holds text, which quotes keep as written.
fn oversized_advice(keys: &[Option<String>], value: &str) -> String {
    use crate::config::MAX_DAYS;
    let key = |i: usize| keys.get(i).and_then(|k| k.as_deref());
    let days = |name: &str| format!("`{name}` is a number of days: write one from 0 to {MAX_DAYS}");
    match (keys.len(), key(0)) {
        (1, Some("pm")) => format!(
            "`pm` is the format version: write `pm: {}`",
            crate::model::FORMAT_VERSION
        ),
        (1, Some(name @ ("follow_up_days" | "action_due_days_default"))) => days(name),
        (2, Some("action_due_days")) => days(&format!("action_due_days.{}", key(1).unwrap_or("?"))),
        (1, Some("timeline_margin_minutes")) => format!(
            "`timeline_margin_minutes` is a number of minutes: write one from 0 to {}",
            MAX_DAYS * 24 * 60
        ),
        _ => format!("if it is text, put it in quotes ('{value}') to keep it as written"),
    }
}

/// Converts the parser's character indices to byte offsets.
struct Offsets<'a> {
    text: &'a str,
    ascii: bool,
    /// Byte offset of every char, built only for non-ASCII text.
    table: Vec<usize>,
}

impl<'a> Offsets<'a> {
    fn new(text: &'a str) -> Self {
        let ascii = text.is_ascii();
        let table = if ascii {
            Vec::new()
        } else {
            text.char_indices().map(|(i, _)| i).collect()
        };
        Offsets { text, ascii, table }
    }

    fn byte(&self, char_index: usize) -> usize {
        if self.ascii {
            char_index.min(self.text.len())
        } else {
            self.table
                .get(char_index)
                .copied()
                .unwrap_or(self.text.len())
        }
    }
}

/// Parse the first document of `text` (without BOM) into a span tree.
///
/// Refuses duplicate keys, which serde-based loaders would silently resolve
/// to one of the values: a person who wrote a key twice should hear about it.
///
/// Files in the layout pm writes are read by a strict scanner ten times
/// faster than the full parser, which gives the same tree (see `fast.rs`);
/// anything else goes to the full parser.
pub fn parse_tree(text: &str) -> Result<Node, YamlError> {
    // The scanner declines every CR: `parse_tree_full` checks line breaks.
    match fast::tree(text) {
        Some(tree) => Ok(tree),
        None => parse_tree_full(text),
    }
}

/// The strict scanner alone: the tree, or None where it declines. For tests
/// that compare it with [`parse_tree_full`].
pub fn fast_tree(text: &str) -> Option<Node> {
    fast::tree(text)
}

/// The strict scanner's tree with values borrowed from `text`, for readers
/// that need only some of them; None where it declines.
pub fn fast_lite(text: &str) -> Option<Lite<'_>> {
    fast::lite(text)
}

/// [`parse_tree`] with the full parser only.
pub fn parse_tree_full(text: &str) -> Result<Node, YamlError> {
    if let Some(err) = lone_cr(text) {
        return Err(err);
    }
    let offsets = Offsets::new(text);
    let mut parser = Parser::new_from_str(text);
    let mut builder = TreeBuilder {
        parser: &mut parser,
        offsets: &offsets,
        text,
        anchored: HashMap::new(),
        expansion: Expansion::default(),
        keys: Vec::new(),
    };
    let tree = builder
        .document()
        .map_err(|err| explain_syntax(text, err))?;
    builder.check_expansion()?;
    Ok(tree)
}

/// A lone CR (an old Mac OS line break) in a text whose other lines end
/// in LF (or CRLF): YAML reads it as a line break, while pm's line-by-line
/// edits, the positions pm gives and most editors do not, so the file's
/// lines are not what a person sees. Refused by every reader (show, lint,
/// the writes alike: the strict scanner declines a CR, so such a text
/// always comes to [`parse_tree_full`]), at the CR. A file that breaks
/// every line with a lone CR is read, and edited (`edit.rs`), as it is.
fn lone_cr(text: &str) -> Option<YamlError> {
    if !text.contains('\n') {
        return None;
    }
    let (at, _) = text
        .match_indices('\r')
        .find(|(at, _)| !text[at + 1..].starts_with('\n'))?;
    let (line, column) = line_col(text, at);
    Some(YamlError {
        line,
        column,
        message: "a lone carriage return (CR, an old Mac OS line break) among LF line breaks: \
                  YAML reads it as a line break, most editors and pm's line-by-line edits do not; \
                  make it a real line break or remove it, so that every line ends the same way \
                  (`sed -i 's/\\r$//; s/\\r/\\n/g' FILE` makes them all LF)"
            .into(),
    })
}

/// A syntax error in pm's words where the parser's are about its own
/// state and point where it noticed, not where the mistake is: a raw
/// line-break character, a tab in the indentation, a `[` or `{` never
/// closed. Every reader's syntax errors come through here.
fn explain_syntax(text: &str, err: YamlError) -> YamlError {
    if let Some(long) = long_key(text, &err) {
        return long;
    }
    if let Some(control) = control_before(text, &err) {
        return control;
    }
    let err = yaml_break_before(text, err);
    let lower = err.message.to_ascii_lowercase();
    // "':' must be followed by a valid YAML whitespace": a tab after it.
    let tab_next = || {
        let at = offset_of(text, err.line, err.column);
        text[..at].ends_with(":\t") || text[at..].starts_with(":\t")
    };
    if lower.contains("tab") || (lower.contains("whitespace") && tab_next()) {
        return tab_at(text, err);
    }
    // A `[` left open before a `key: value` line: the parser finds the
    // `:` inside the list ("illegal placement of ':' indicator").
    if lower.contains("flow")
        || lower.contains("expected ',' or")
        || lower.contains("illegal placement of ':'")
    {
        return unclosed_flow(text, err);
    }
    err
}

/// An error at the `:` of a key more than 1,024 characters long, the
/// longest YAML allows a key written without `? ` to be (the parser says
/// "simple key expect ':'" or that a mapping value is not allowed): say
/// so, at the key.
fn long_key(text: &str, err: &YamlError) -> Option<YamlError> {
    let start = offset_of(text, err.line, 1);
    let line = lines(&text[start..]).next().unwrap_or("");
    let body = line.trim_start_matches([' ', '-']);
    let colon = body
        .find(": ")
        .or_else(|| body.trim_end().strip_suffix(':').map(str::len))?;
    let key = body[..colon].chars().count();
    // The parser counts the limit in bytes: a key of accented letters
    // reaches it at 512 of them.
    let bytes = colon;
    let indent = line.len() - body.len();
    (bytes > 1024 && err.column > indent + key).then(|| YamlError {
        line: err.line,
        column: indent + 1,
        message: if bytes == key {
            format!(
                "a key {key} characters long: YAML allows a key at most 1,024 characters long; shorten it"
            )
        } else {
            format!(
                "a key {key} characters ({bytes} bytes) long: YAML allows a key at most 1,024 bytes long here; shorten it"
            )
        },
    })
}

/// "while scanning a plain scalar, found a tab" comes where the scanner
/// started the value, often the line above: the tab it found is the
/// first one from the start of that line on. Point at it, and say what
/// YAML wants.
fn tab_at(text: &str, err: YamlError) -> YamlError {
    let from = offset_of(text, err.line, 1);
    let Some(at) = text[from..].find('\t').map(|i| from + i) else {
        return err;
    };
    let (line, column) = line_col(text, at);
    let line_start = offset_of(text, line, 1);
    let indent = text[line_start..at].chars().all(|c| c == ' ' || c == '\t');
    let message = if indent {
        "a tab in the indentation: YAML indents with spaces only; replace the tab with spaces, as many as the lines around it use".to_string()
    } else {
        "a tab where YAML takes only spaces; replace it with a space (in a value, put the value in quotes)".to_string()
    };
    YamlError {
        line,
        column,
        message,
    }
}

/// "invalid indentation in flow construct" (or "did not find expected ','
/// or ']'") comes at the next key, lines after the list or mapping in
/// brackets that was never closed. Find that bracket: the first `[` or `{`
/// still open where the error is, opened as a value (or inside another).
fn unclosed_flow(text: &str, err: YamlError) -> YamlError {
    let end = offset_of(text, err.line, err.column).min(text.len());
    let mut open: Vec<(usize, char)> = Vec::new();
    let mut offset = 0;
    for line in lines_inclusive(&text[..end]) {
        let base = offset;
        offset += line.len();
        let mut chars = line.char_indices().peekable();
        if open.is_empty() {
            // Block context: only a value (after `key: ` or `- `) that
            // starts with a bracket opens a collection in brackets.
            let body = line.trim_start_matches([' ', '-']);
            let start = line.len() - body.len();
            let value = match body.find(": ") {
                Some(colon) if !body[..colon].contains(['"', '\'', '#', '[', '{']) => {
                    let after = &body[colon + 1..];
                    start + colon + 1 + (after.len() - after.trim_start().len())
                }
                _ => start,
            };
            match line[value..].chars().next() {
                Some(c @ ('[' | '{')) => {
                    open.push((base + value, c));
                    while chars.next_if(|(i, _)| *i <= value).is_some() {}
                }
                _ => continue,
            }
        }
        let mut previous = ' ';
        while let Some((i, c)) = chars.next() {
            match c {
                '#' if previous == ' ' || previous == '\t' => break,
                '\'' | '"' => {
                    // A quoted value: to its closing quote on this line.
                    let mut escaped = false;
                    for (_, q) in chars.by_ref() {
                        if c == '"' && q == '\\' && !escaped {
                            escaped = true;
                            continue;
                        }
                        if q == c && !escaped {
                            break;
                        }
                        escaped = false;
                    }
                }
                '[' | '{' => open.push((base + i, c)),
                ']' | '}' => {
                    open.pop();
                    if open.is_empty() {
                        break;
                    }
                }
                _ => {}
            }
            previous = c;
        }
    }
    let Some(&(at, bracket)) = open.first() else {
        return err;
    };
    let (line, column) = line_col(text, at);
    let (what, close, example) = if bracket == '[' {
        ("a list", ']', "`[a, b]`, or one `- item` a line")
    } else {
        (
            "a mapping",
            '}',
            "`{a: 1, b: 2}`, or one `key: value` a line",
        )
    };
    YamlError {
        line,
        column,
        message: format!(
            "this `{bracket}` opens {what} that is never closed: end it with `{close}` ({example})"
        ),
    }
}

/// A parse error after a raw U+0085, U+2028 or U+2029: YAML readers take
/// the character for a line break, so the error they report sits on a
/// line the person cannot find, and the character is the likely cause.
/// Point at it instead, saying what it is.
fn yaml_break_before(text: &str, err: YamlError) -> YamlError {
    let Some(at) = text.find(is_yaml_break) else {
        return err;
    };
    let (line, column) = line_col(text, at);
    if line > err.line {
        return err;
    }
    let c = text[at..].chars().next().unwrap_or(' ');
    YamlError {
        line,
        column,
        message: format!(
            "a U+{:04X} character ({}), which YAML readers take for a line break; replace it with a space or a real line break",
            c as u32,
            if c == '\u{85}' {
                "next line"
            } else if c == '\u{2028}' {
                "line separator"
            } else {
                "paragraph separator"
            }
        ),
    }
}

/// A control character YAML text may not hold (a NUL byte, an escape
/// pasted from a terminal) at or before the error's line: the parser
/// reports it as "found unprintable character" or, for a NUL, as the end
/// of the text, somewhere after it. Point at it, saying what it is.
fn control_before(text: &str, err: &YamlError) -> Option<YamlError> {
    let at = text.find(|c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{85}'))?;
    let (line, column) = line_col(text, at);
    if line > err.line {
        return None;
    }
    let c = text[at..].chars().next().unwrap_or(' ');
    Some(YamlError {
        line,
        column,
        message: format!(
            "a control character, U+{:04X}{}, which YAML text cannot hold; remove it (in a quoted value, write it as \"\\x{:02X}\" if it is meant)",
            c as u32,
            if c == '\0' { " (a NUL byte)" } else { "" },
            c as u32 & 0xff,
        ),
    })
}

/// The parser's message, with what to do where the usual cause is known.
fn with_fix(info: &str) -> String {
    if info == "recursion limit exceeded" {
        // The scanner's own limit on flow nesting (`[[[[…`), far past
        // pm's: the same finding as any nesting too deep.
        too_deep()
    } else if info.contains("mapping values are not allowed") {
        format!(
            "{info}: a value that contains `: ` (\"Cause: a full disk\") must be in quotes, \
             or written on the lines below `key: |`"
        )
    } else {
        info.to_string()
    }
}

struct TreeBuilder<'p, 'a> {
    parser: &'p mut Parser<'a, saphyr_parser::StrInput<'a>>,
    offsets: &'p Offsets<'a>,
    text: &'a str,
    /// Anchored single values by anchor id, for aliases to them.
    anchored: HashMap<usize, String>,
    /// Expansion count (see [`Expansion`]).
    expansion: Expansion,
    /// The keys down to the node being read (None for a list item), for
    /// advice that depends on the field.
    keys: Vec<Option<String>>,
}

/// How far aliases expand the document. A reader that builds values
/// (`pm show --json`, the check after every write) follows each alias
/// into its anchor, and an alias of a list of aliases of lists ("billion
/// laughs") grows tenfold per line; yaml_serde stops after 100 alias jumps
/// per event of the document ("repetition limit exceeded", at 1:1). The
/// same count is kept here, on fewer events (no end events), so every
/// reader refuses such a file alike, at the alias that crosses the limit,
/// and `pm lint` reports it.
#[derive(Default)]
struct Expansion {
    /// Nodes read so far (scalars, aliases, lists and mappings).
    nodes: u64,
    /// Alias jumps a full expansion of the document so far makes.
    jumps: u64,
    /// Jumps a full expansion of each anchored node makes.
    by_anchor: HashMap<usize, u64>,
    /// Each alias: where it is, its name, and the jumps up to and with it.
    aliases: Vec<(usize, usize, u64)>,
}

/// yaml_serde's limit: alias jumps per event of the document.
const JUMPS_PER_EVENT: u64 = 100;

type Spanned<'a> = (Event<'a>, saphyr_parser::Span);

impl<'a> TreeBuilder<'_, 'a> {
    fn next(&mut self) -> Result<Spanned<'a>, YamlError> {
        match self.parser.next_event() {
            Some(Ok(ev)) => Ok(ev),
            Some(Err(err)) => Err(YamlError {
                line: err.marker().line(),
                column: err.marker().col() + 1,
                message: with_fix(err.info()),
            }),
            None => Err(YamlError {
                line: 1,
                column: 1,
                message: "unexpected end of YAML".into(),
            }),
        }
    }

    /// Refuse a document whose aliases expand past the limit, at the alias
    /// that crosses it.
    fn check_expansion(&self) -> Result<(), YamlError> {
        let e = &self.expansion;
        let limit = e.nodes.saturating_mul(JUMPS_PER_EVENT);
        if e.jumps <= limit {
            return Ok(());
        }
        let Some(&(start, end, _)) = e.aliases.iter().find(|(_, _, upto)| *upto > limit) else {
            return Ok(());
        };
        let alias = &self.text[start..end];
        Err(self.error_at(
            start,
            format!(
                "the alias `{alias}` repeats a value that repeats other aliases, and the file \
                 grows past what pm reads when they are followed (more than {limit} repetitions); \
                 write the values out instead of repeating aliases of aliases"
            ),
        ))
    }

    /// A node that starts here, for the expansion count; returns the jumps
    /// so far, to measure what the node holds once it is read.
    fn count_node(&mut self) -> u64 {
        self.expansion.nodes += 1;
        self.expansion.jumps
    }

    /// An anchored node is read: what following an alias to it costs.
    fn anchor_read(&mut self, anchor: usize, jumps_before: u64) {
        if anchor > 0 {
            let inside = self.expansion.jumps - jumps_before;
            self.expansion.by_anchor.insert(anchor, inside);
        }
    }

    fn error_at(&self, byte: usize, message: String) -> YamlError {
        let (line, column) = line_col(self.text, byte);
        YamlError {
            line,
            column,
            message,
        }
    }

    fn document(&mut self) -> Result<Node, YamlError> {
        let root = loop {
            let (event, span) = self.next()?;
            match event {
                Event::StreamStart | Event::DocumentStart(_) => continue,
                Event::StreamEnd | Event::DocumentEnd => {
                    let at = self.offsets.byte(span.start.index());
                    let empty = Node {
                        kind: NodeKind::Scalar {
                            value: String::new(),
                            style: Style::Plain,
                        },
                        start: at,
                        end: at,
                        flow: false,
                    };
                    if matches!(event, Event::StreamEnd) {
                        return Ok(empty);
                    }
                    break empty;
                }
                other => break self.node(other, span, 0)?,
            }
        };
        // One document per file: a second one (after `---`) would be
        // silently ignored here, and the typed loader refuses it.
        loop {
            let (event, span) = self.next()?;
            match event {
                Event::DocumentEnd => continue,
                Event::StreamEnd => return Ok(root),
                _ => {
                    return Err(self.error_at(
                        self.offsets.byte(span.start.index()),
                        "a second YAML document starts here; pm reads one document per file \
                         (remove this `---` line, or move what follows to its own file)"
                            .into(),
                    ));
                }
            }
        }
    }

    /// Whether a collection's start event is its flow bracket. A block
    /// collection's event spans nothing, or only its tag or anchor
    /// (`timeline: !!seq` above a block list); a flow one spans its `[`/`{`.
    fn opens_flow(&self, span: saphyr_parser::Span, bracket: char) -> bool {
        let (start, end) = (
            self.offsets.byte(span.start.index()),
            self.offsets.byte(span.end.index()),
        );
        end > start && self.text[start..end].trim_end().ends_with(bracket)
    }

    fn node(
        &mut self,
        event: Event<'a>,
        span: saphyr_parser::Span,
        depth: usize,
    ) -> Result<Node, YamlError> {
        let start = self.offsets.byte(span.start.index());
        if depth > MAX_DEPTH {
            return Err(self.error_at(start, too_deep()));
        }
        let jumps_before = self.count_node();
        match event {
            Event::Scalar(value, ScalarStyle::Plain, _, None) if is_oversized_int(&value) => {
                Err(self.error_at(
                    start,
                    format!(
                        "the number {value} is too large to read (over 64 bits); {}",
                        oversized_advice(&self.keys, &value)
                    ),
                ))
            }
            Event::Scalar(value, style, anchor, _) => Ok(Node {
                kind: NodeKind::Scalar {
                    value: {
                        if anchor > 0 {
                            self.anchored.insert(anchor, value.to_string());
                        }
                        value.into_owned()
                    },
                    style: match style {
                        ScalarStyle::Plain => Style::Plain,
                        ScalarStyle::SingleQuoted => Style::SingleQuoted,
                        ScalarStyle::DoubleQuoted => Style::DoubleQuoted,
                        ScalarStyle::Literal => Style::Literal,
                        ScalarStyle::Folded => Style::Folded,
                    },
                },
                start,
                end: self.offsets.byte(span.end.index()),
                flow: false,
            }),
            Event::Alias(anchor) => {
                let end = self.offsets.byte(span.end.index());
                let e = &mut self.expansion;
                let inside = e.by_anchor.get(&anchor).copied().unwrap_or(0);
                e.jumps = e.jumps.saturating_add(inside.saturating_add(1));
                e.aliases.push((start, end, e.jumps));
                Ok(Node {
                    kind: NodeKind::Alias {
                        scalar: self.anchored.get(&anchor).cloned(),
                    },
                    start,
                    end,
                    flow: false,
                })
            }
            Event::SequenceStart(anchor, _) => {
                let flow = self.opens_flow(span, '[');
                let mut items = Vec::new();
                loop {
                    let (ev, sp) = self.next()?;
                    if let Event::SequenceEnd = ev {
                        let end = if flow {
                            self.offsets.byte(sp.end.index())
                        } else {
                            items.last().map_or(start, |n: &Node| n.end)
                        };
                        self.anchor_read(anchor, jumps_before);
                        return Ok(Node {
                            kind: NodeKind::Seq(items),
                            start,
                            end,
                            flow,
                        });
                    }
                    self.keys.push(None);
                    let item = self.node(ev, sp, depth + 1);
                    self.keys.pop();
                    items.push(item?);
                }
            }
            Event::MappingStart(anchor, _) => {
                let flow = self.opens_flow(span, '{');
                let mut entries: Vec<(Node, Node)> = Vec::new();
                loop {
                    let (ev, sp) = self.next()?;
                    if let Event::MappingEnd = ev {
                        let end = if flow {
                            self.offsets.byte(sp.end.index())
                        } else {
                            entries.last().map_or(start, |(_, v)| v.end)
                        };
                        self.anchor_read(anchor, jumps_before);
                        return Ok(Node {
                            kind: NodeKind::Map(entries),
                            start,
                            end,
                            flow,
                        });
                    }
                    let key = self.node(ev, sp, depth + 1)?;
                    if let Some(name) = key.as_str()
                        && entries.iter().any(|(k, _)| k.as_str() == Some(name))
                    {
                        return Err(self.error_at(
                            key.start,
                            format!("duplicate key `{name}`; keep one of them"),
                        ));
                    }
                    let (ev, sp) = self.next()?;
                    self.keys.push(key.as_str().map(str::to_string));
                    let value = self.node(ev, sp, depth + 1);
                    self.keys.pop();
                    entries.push((key, value?));
                }
            }
            other => Err(self.error_at(start, format!("unexpected YAML event {other:?}"))),
        }
    }
}

/// The value of a top-level key when it is a scalar, read with the YAML
/// parser itself (so `status : draft` and `"status": draft` are seen as
/// YAML sees them) but stopping as soon as it is found, without building a
/// tree. None when the key is missing, not a scalar, or the YAML before it
/// does not parse.
pub fn top_level_scalar(text: &str, key: &str) -> Option<String> {
    let (body, _) = strip_bom(text);
    let mut parser = Parser::new_from_str(body);
    let mut depth = 0usize;
    let mut at_key = false;
    let mut wanted = false;
    while let Some(Ok((event, _))) = parser.next_event() {
        match event {
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                if depth == 0 && !matches!(event, Event::MappingStart(..)) {
                    return None;
                }
                if depth == 1 && !at_key && wanted {
                    return None;
                }
                depth += 1;
                if depth == 1 {
                    at_key = true;
                }
            }
            Event::MappingEnd | Event::SequenceEnd => {
                depth = depth.checked_sub(1)?;
                match depth {
                    0 => return None,
                    1 => at_key = true,
                    _ => {}
                }
            }
            Event::Scalar(value, ..) if depth == 1 => {
                if at_key {
                    wanted = value == key;
                    at_key = false;
                } else if wanted {
                    return Some(value.into_owned());
                } else {
                    at_key = true;
                }
            }
            Event::Alias(_) if depth == 1 => {
                if at_key {
                    wanted = false;
                    at_key = false;
                } else if wanted {
                    return None;
                } else {
                    at_key = true;
                }
            }
            Event::Scalar(..) | Event::Alias(_) if depth == 0 => return None,
            Event::StreamEnd => return None,
            _ => {}
        }
    }
    None
}

/// The character a double-quoted escape stands for (YAML 1.2, 5.7), read
/// from `after`, the text just after the backslash, and how many bytes of
/// `after` it takes: `\"`, `\\`, `\/`, `\n`, `\t`, `\0`, `\e`, `\N`,
/// `\_`, `\L`, `\P`, ..., `\xXX`, `\uXXXX`, `\UXXXXXXXX`. None when
/// it is not a valid escape. The one place pm decodes them.
pub fn double_quoted_escape(after: &str) -> Option<(char, usize)> {
    let hex = |digits: usize| {
        let code = after.get(1..1 + digits)?;
        if !code.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let c = char::from_u32(u32::from_str_radix(code, 16).ok()?)?;
        Some((c, 1 + digits))
    };
    let c = match after.as_bytes().first()? {
        b'0' => '\0',
        b'a' => '\u{7}',
        b'b' => '\u{8}',
        b't' | b'\t' => '\t',
        b'n' => '\n',
        b'v' => '\u{b}',
        b'f' => '\u{c}',
        b'r' => '\r',
        b'e' => '\u{1b}',
        b' ' => ' ',
        b'"' => '"',
        b'/' => '/',
        b'\\' => '\\',
        b'N' => '\u{85}',
        b'_' => '\u{a0}',
        b'L' => '\u{2028}',
        b'P' => '\u{2029}',
        b'x' => return hex(2),
        b'u' => return hex(4),
        b'U' => return hex(8),
        _ => return None,
    };
    Some((c, 1))
}

/// Keys whose values are dates or times (`date: 2026-11-26`, `at:
/// 2026-11-26T09:10:00Z`): there a YAML 1.1 reader's timestamp is the
/// value meant, and pm writes it plain.
pub const TIME_KEYS: &[&str] = &["date", "at", "due", "held", "closed"];

/// A scalar written on one line, quoted only when YAML needs it.
///
/// Used for every value a person types (titles with `: ` or `#`, owners,
/// timestamps) so that it round-trips exactly. Text with line breaks goes
/// through [`block_scalar`] instead. Text that a YAML 1.1 reader (PyYAML,
/// Go's yaml.v2) would read as something else is quoted too: `yes`, `off`
/// (booleans), `12:30` (a number in base 60), `2026-11-26` (a date), `=`.
pub fn scalar(text: &str) -> String {
    scalar_as(text, false)
}

/// [`scalar`] for the value of `key`: a date or time under one of the
/// [`TIME_KEYS`] stays plain.
pub fn value_scalar(key: &str, text: &str) -> String {
    scalar_as(text, TIME_KEYS.contains(&key))
}

fn scalar_as(text: &str, time: bool) -> String {
    let needs_quotes = text.is_empty()
        || text.trim() != text
        || text.contains(": ")
        || text.contains(" #")
        || text.ends_with(':')
        || text.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c))
        || text.contains(|c: char| {
            c.is_control() || is_yaml_break(c) || c == '\u{feff}' || is_bidi_override(c)
        })
        || text.contains(['[', ']', '{', '}', ','])
        || plain_would_change_type(text)
        || yaml11_reads_otherwise(text, time);
    if !needs_quotes {
        return text.to_string();
    }
    if !text.contains(|c: char| {
        c.is_control() || is_yaml_break(c) || c == '\'' || c == '\u{feff}' || is_bidi_override(c)
    }) {
        return format!("'{text}'");
    }
    // JSON string syntax is valid YAML double-quoted syntax, except that
    // YAML 1.1 readers fold the Unicode line and paragraph separators, and
    // YAML allows neither DEL nor the C1 controls raw (serde_json leaves
    // them), so those are escaped too.
    let json = serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into());
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if matches!(
            c,
            '\u{7f}'..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\u{feff}'
        ) || is_bidi_override(c)
        {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Characters YAML 1.1 treats as line breaks besides CR and LF.
fn is_yaml_break(c: char) -> bool {
    matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Would this text, written plainly, be read back as something other than
/// the same string (a number, a boolean, null, a date)?
fn plain_would_change_type(text: &str) -> bool {
    match yaml_serde::from_str::<Value>(text) {
        Ok(Value::String(s)) => s != text,
        _ => true,
    }
}

/// Would a YAML 1.1 reader take this plain text for something other than
/// a string? Its booleans (`yes`, `off`, `y`), numbers in base 60
/// (`12:30`), with `_` (`1_000`) or in binary and octal (`0b1`, `017`),
/// timestamps (unless `time`: the value is one), and the `=` and `<<`
/// keys, as PyYAML's and yaml.v2's resolvers match them.
fn yaml11_reads_otherwise(text: &str, time: bool) -> bool {
    use std::sync::LazyLock;
    static OTHER: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(concat!(
            r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF",
            r"|[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+",
            r"|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+",
            r"|[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?",
            r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)",
            r"|~|null|Null|NULL|=|<<)$"
        ))
        .expect("the YAML 1.1 resolver patterns compile")
    });
    static TIMESTAMP: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(concat!(
            r"^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}",
            r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?",
            r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$"
        ))
        .expect("the YAML 1.1 timestamp pattern compiles")
    });
    OTHER.is_match(text) || (!time && TIMESTAMP.is_match(text))
}

/// A literal block scalar (`|`), for text with line breaks, indented by
/// `indent` spaces; the first line is the indicator, to follow `key: `.
/// Falls back to a double-quoted scalar when a literal block cannot carry
/// the text exactly (leading spaces, control characters).
pub fn block_scalar(text: &str, indent: usize, newline: &str) -> String {
    block_scalar_as(text, false, indent, newline)
}

/// [`block_scalar`] for the value of `key` (see [`value_scalar`]).
pub fn block_value(key: &str, text: &str, indent: usize, newline: &str) -> String {
    block_scalar_as(text, TIME_KEYS.contains(&key), indent, newline)
}

fn block_scalar_as(text: &str, time: bool, indent: usize, newline: &str) -> String {
    let unsafe_for_block = text.starts_with([' ', '\t'])
        || text.contains(|c: char| {
            (c.is_control() && c != '\n')
                || is_yaml_break(c)
                || c == '\u{feff}'
                || is_bidi_override(c)
        })
        || text.lines().any(|l| l.ends_with([' ', '\t']));
    if unsafe_for_block || !text.contains('\n') {
        return scalar_as(text, time);
    }
    let body = text.trim_end_matches('\n');
    let trailing = text.len() - body.len();
    let chomp = match trailing {
        0 => "-",
        1 => "",
        _ => "+",
    };
    let pad = " ".repeat(indent);
    let mut out = format!("|{chomp}");
    for line in body.split('\n') {
        out.push_str(newline);
        if !line.is_empty() {
            out.push_str(&pad);
            out.push_str(line);
        }
    }
    for _ in 1..trailing {
        out.push_str(newline);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A bad byte is placed by characters, as every column pm gives: the
    /// BOM the readers skip is not one, `é` and an emoji are one each.
    #[test]
    fn a_bad_byte_is_placed_at_its_character_column() {
        let at = |bytes: &[u8]| {
            let err = decode(bytes.to_vec()).unwrap_err();
            (err.line, err.column)
        };
        assert_eq!(at(b"a: \xff"), (1, 4));
        assert_eq!(
            at("\u{feff}a: \u{e9}"
                .as_bytes()
                .iter()
                .chain(b"\xff")
                .copied()
                .collect::<Vec<u8>>()
                .as_slice()),
            (1, 5)
        );
        assert_eq!(
            at("pm: 1\nt: \u{1f525}x"
                .as_bytes()
                .iter()
                .chain(b"\xe9\n")
                .copied()
                .collect::<Vec<u8>>()
                .as_slice()),
            (2, 6)
        );
        let (err, bytes) = decode_keeping(b"a\n\xff".to_vec()).unwrap_err();
        assert_eq!((err.line, err.column), (2, 1));
        assert_eq!(bytes.as_deref(), Some(&b"a\n\xff"[..]));
    }

    /// A bidirectional override, embedding or isolate is written escaped,
    /// so the file and its diff show it rather than text shown in another
    /// order ("deploy by exe.png"); the text reads back the same. The
    /// marks right-to-left text uses (RLM) stay as they are.
    #[test]
    fn bidi_overrides_are_written_escaped_and_read_back() {
        let tricky = "deploy by \u{202e}gnp.exe\u{202c} done";
        let written = scalar(tricky);
        assert_eq!(written, "\"deploy by \\u202egnp.exe\\u202c done\"");
        let block = block_scalar("first line\n\u{2067}second\u{2069}", 2, "\n");
        assert!(!block.contains('\u{2067}'), "{block}");
        for text in [tricky, "first line\n\u{2067}second\u{2069}"] {
            let doc = format!("t: {}\n", scalar(text));
            let back: std::collections::BTreeMap<String, String> = from_str(&doc).unwrap();
            assert_eq!(back["t"], text);
        }
        assert_eq!(
            scalar("\u{5e9}\u{5dc}\u{5d5}\u{5dd}\u{200f}"),
            "\u{5e9}\u{5dc}\u{5d5}\u{5dd}\u{200f}"
        );
    }

    #[test]
    fn scalar_quotes_what_yaml_would_misread() {
        for text in [
            "Checkout latency spike",
            "a: b",
            "x # y",
            "yes",
            "null",
            "1.5",
            "2026-11-26",
            "- dash",
            "it's",
            "tab\there",
            "",
            " padded ",
            "[x]",
            "a\u{2028}b",
            "a\u{2029}\u{85}b\u{feff}",
            "c1 \u{9b}5m del\u{7f}",
        ] {
            let yaml = format!("k: {}\n", scalar(text));
            let v: Value = yaml_serde::from_str(&yaml).unwrap();
            assert_eq!(v["k"], Value::String(text.into()), "{yaml}");
        }
    }

    #[test]
    fn block_scalar_round_trips() {
        for text in ["a\nb", "a\nb\n", "a\n\nb\n\n", "  lead\nx", "x\n\ty"] {
            let yaml = format!("k: {}\n", block_scalar(text, 2, "\n"));
            let v: Value = yaml_serde::from_str(&yaml).unwrap();
            assert_eq!(v["k"], Value::String(text.into()), "{yaml}");
        }
    }

    #[test]
    fn top_level_scalars_are_read_as_yaml_reads_them() {
        let get = |t: &str| top_level_scalar(t, "status");
        assert_eq!(get("status: draft\n").as_deref(), Some("draft"));
        assert_eq!(get("status : draft\n").as_deref(), Some("draft"));
        assert_eq!(get("\"status\": 'draft' # c\n").as_deref(), Some("draft"));
        assert_eq!(get("{title: x, status: review}").as_deref(), Some("review"));
        let nested = "a:\n  status: draft\nb: [status, x]\nstatus: closed\n";
        assert_eq!(get(nested).as_deref(), Some("closed"));
        assert_eq!(get("x:\n  - {status: draft}\n").as_deref(), None);
        assert_eq!(get("status: [draft]\n"), None);
        assert_eq!(get("- status\n"), None);
        assert_eq!(get("title: [unclosed\nstatus: draft\n"), None);
    }

    #[test]
    fn a_second_document_is_refused_where_it_starts() {
        let err = parse_tree("a: 1\n---\nb: 2\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 1));
        assert!(parse_tree("---\na: 1\n...\n").is_ok());
        assert!(parse_tree("# only a comment\n").is_ok());
    }

    #[test]
    fn duplicate_keys_are_refused_with_position() {
        let err = parse_tree("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!((err.line, err.column), (3, 1));
    }
}
