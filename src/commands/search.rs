//! `pm search WORD...`: find past post-mortems by words in any field.
//!
//! A post-mortem matches when every word occurs, without regard to case,
//! somewhere in its values (not necessarily in the same field; keys and
//! comments do not count). Files are read on every core and their raw
//! bytes scanned first: only a file whose text holds every word is parsed,
//! so a search costs little more than reading the files.

use std::borrow::Cow;
use std::path::PathBuf;

use anyhow::Result;
use chrono::NaiveDate;
use rayon::prelude::*;
use regex::bytes::{Regex, RegexBuilder};
use serde::Serialize;

use crate::cli::SearchArgs;
use crate::commands::{Ctx, list};
use crate::error::{Exit, UserError};
use crate::output::{self, Cell, Column};
use crate::yaml::{self, Lite, LiteKind, Node, NodeKind, Style};

/// A post-mortem that holds every word.
#[derive(Debug, Serialize)]
struct Hit {
    id: String,
    date: Option<NaiveDate>,
    title: String,
    file: String,
    /// Why the file could not be read as a post-mortem: its raw text was
    /// searched instead, by line.
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    matches: Vec<Match>,
}

/// One field holding at least one of the words.
#[derive(Debug, Serialize)]
struct Match {
    field: String,
    snippet: String,
}

/// Characters of context kept before and after the first word found.
const BEFORE: usize = 30;
const AFTER: usize = 50;

pub fn run(ctx: &Ctx, args: &SearchArgs) -> Result<Exit> {
    // Each word once: a repeated word adds nothing but work.
    let mut seen = std::collections::HashSet::new();
    let words: Vec<&str> = args
        .words
        .iter()
        .flat_map(|w| w.split_whitespace())
        .filter(|w| seen.insert(w.to_lowercase()))
        .collect();
    if words.is_empty() {
        crate::bail_user!("give at least one word to search for, such as `pm search failover`");
    }
    let finders = words
        .iter()
        .map(|w| {
            RegexBuilder::new(&either_form(w))
                .case_insensitive(true)
                .build()
                .map_err(|_| UserError::new(format!("`{w}` is too long to search for")))
        })
        .collect::<Result<Vec<Regex>, UserError>>()?;
    // Raw bytes can hide a word only behind a YAML escape (`\u00e9`, a
    // line continuation in double quotes) or a doubled quote (`don''t`):
    // files with a backslash are always parsed, and so is every file when
    // a word holds a quote.
    let prefilter = !words.iter().any(|w| w.contains(['\'', '"']));

    let files = ctx.store.files()?;
    let outcomes: Vec<Result<Option<Hit>, String>> = files
        .par_iter()
        .map(|path| search_one(ctx, path, &finders, prefilter))
        .collect();
    let unreadable: Vec<&str> = outcomes
        .iter()
        .filter_map(|o| o.as_ref().err().map(String::as_str))
        .collect();
    crate::index::warn_unreadable(&unreadable);
    let mut hits: Vec<Hit> = outcomes
        .into_iter()
        .filter_map(Result::ok)
        .flatten()
        .collect();
    // Newest first, like `pm list`.
    hits.sort_by(|a, b| b.date.cmp(&a.date).then(b.id.cmp(&a.id)));
    for hit in hits.iter().filter(|h| h.error.is_some()) {
        output::note(&format!(
            "warning: {} (searched as plain text; `pm lint` says more)",
            hit.error.as_deref().unwrap_or_default()
        ));
    }

    if args.json {
        #[derive(Serialize)]
        struct Out<'a> {
            words: &'a [&'a str],
            results: &'a [Hit],
        }
        output::emit_json(&Out {
            words: &words,
            results: &hits,
        });
    } else if hits.is_empty() {
        output::emitln(&format!(
            "No post-mortem holds {}.",
            if words.len() == 1 {
                format!("`{}`", output::line(words[0]))
            } else {
                format!("all of {}", quoted(&words))
            }
        ));
    } else {
        print_table(ctx, &files, &hits);
    }
    // As grep: 1 when nothing matched, so scripts can test for it.
    Ok(if hits.is_empty() {
        Exit::Findings
    } else {
        Exit::Ok
    })
}

/// A word as a pattern that finds it in either Unicode form: `café` typed
/// with a combining accent (as macOS file names and some keyboards give
/// it) finds the one-character `é` in a file, and the other way round.
fn either_form(word: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    if word.is_ascii() {
        return regex::escape(word);
    }
    let composed: String = word.nfc().collect();
    let decomposed: String = word.nfd().collect();
    if composed == decomposed {
        regex::escape(word)
    } else {
        format!(
            "{}|{}",
            regex::escape(&composed),
            regex::escape(&decomposed)
        )
    }
}

fn quoted(words: &[&str]) -> String {
    words
        .iter()
        .map(|w| format!("`{}`", output::line(w)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn print_table(ctx: &Ctx, files: &[PathBuf], hits: &[Hit]) {
    let columns = [
        Column::id("ID"),
        Column::whole("DATE", 10),
        Column::whole("TITLE", 32),
        Column::wrap("MATCH", Some(3)),
    ];
    let mut table: Vec<Vec<Cell>> = hits
        .iter()
        .map(|h| {
            let first = &h.matches[0];
            let mut found = format!("{}: {}", first.field, first.snippet);
            if h.matches.len() > 1 {
                found.push_str(&format!(" (+{} more)", h.matches.len() - 1));
            }
            vec![
                Cell::new(h.id.as_str()),
                Cell::new(h.date.map(|d| d.to_string()).unwrap_or_default()),
                Cell::new(h.title.as_str()),
                Cell::new(found),
            ]
        })
        .collect();
    let stems: Vec<String> = files
        .iter()
        .map(|f| list::file_stem(&ctx.store.relative(f)))
        .collect();
    let stems: Vec<&str> = stems.iter().map(String::as_str).collect();
    let ids: Vec<&str> = hits.iter().map(|h| h.id.as_str()).collect();
    output::fit_ids(
        &columns,
        &mut table,
        0,
        list::TITLE_ROOM,
        &stems,
        &ids,
        |_, shown| shown.to_string(),
    );
    output::emitln(&output::render_table(&columns, &table));
    output::emitln(&format!(
        "{} post-mortem{}",
        hits.len(),
        if hits.len() == 1 { "" } else { "s" }
    ));
}

/// Search one file: None when it does not hold every word, an error
/// message when it cannot be read.
fn search_one(
    ctx: &Ctx,
    path: &std::path::Path,
    finders: &[Regex],
    prefilter: bool,
) -> Result<Option<Hit>, String> {
    let file = ctx.store.relative(path);
    // Unreadable (a symlink, a FIFO, too large): nothing to search, and a
    // warning says so, as `pm list` does.
    let bytes = ctx
        .store
        .read_bytes(path)
        .map_err(|err| format!("{err:#}"))?;
    let all_in = |text: &[u8]| finders.iter().all(|f| f.is_match(text));
    if prefilter && memchr::memchr(b'\\', &bytes).is_none() && !all_in(&bytes) {
        return Ok(None);
    }
    let stem = list::file_stem(&file);
    // Not UTF-8: the position of the first bad byte, as every reader
    // gives it (`yaml::decode`).
    let (error, bytes) = match yaml::decode_keeping(bytes) {
        Ok(text) => match tree(&text) {
            Ok(tree) => return Ok(search_fields(&tree, file, finders)),
            Err(err) => (format!("{file}:{err}"), text.into_bytes()),
        },
        Err((err, Some(bytes))) => (format!("{file}:{err}"), bytes),
        Err((err, None)) => return Err(format!("{file}:{err}")),
    };
    if !all_in(&bytes) {
        return Ok(None);
    }
    let text = String::from_utf8_lossy(&bytes);
    let matches: Vec<Match> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| finders.iter().any(|f| f.is_match(l.as_bytes())))
        .take(5)
        .map(|(n, l)| Match {
            field: format!("line {}", n + 1),
            snippet: snippet(l, finders),
        })
        .collect();
    Ok(Some(Hit {
        date: stem.get(..10).and_then(crate::clock::iso_date),
        id: stem,
        title: String::new(),
        file,
        error: Some(error),
        matches,
    }))
}

/// The YAML tree of a post-mortem's text: the strict scanner's where it
/// applies, else the full parser's (as every other reader); a file with
/// merge conflict markers is an error, as everywhere.
///
/// The scanner's tree borrows its values from the text (no copy of each
/// value, which is most of the cost of a search that many files match);
/// the full parser's is made into the same shape.
fn tree(text: &str) -> Result<Lite<'_>, yaml::YamlError> {
    if let Some(err) = crate::merge::markers::yaml_error(text) {
        return Err(err);
    }
    let (body, _) = yaml::strip_bom(text);
    match yaml::fast_lite(body) {
        Some(tree) => Ok(tree),
        None => yaml::parse_tree_full(body).map(lite_of),
    }
}

/// The full parser's tree in the scanner's shape; an alias (whose value is
/// searched where it was written) becomes an empty value.
fn lite_of(node: Node) -> Lite<'static> {
    let kind = match node.kind {
        NodeKind::Scalar { value, style } => LiteKind::Scalar(Cow::Owned(value), style),
        NodeKind::Seq(items) => LiteKind::Seq(items.into_iter().map(lite_of).collect()),
        NodeKind::Map(entries) => LiteKind::Map(
            entries
                .into_iter()
                .map(|(k, v)| (lite_of(k), lite_of(v)))
                .collect(),
        ),
        NodeKind::Alias { .. } => LiteKind::Scalar(Cow::Borrowed(""), Style::Plain),
    };
    Lite {
        kind,
        start: node.start,
        end: node.end,
        flow: node.flow,
    }
}

/// Keys whose values are not prose: numbers, dates, states, kinds.
const NOT_TEXT: &[&str] = &[
    "pm", "status", "severity", "date", "at", "kind", "due", "held", "closed", "type", "priority",
];

fn key<'t>(node: &'t Lite<'_>) -> &'t str {
    match &node.kind {
        LiteKind::Scalar(value, _) => value,
        _ => "",
    }
}

fn scalar<'t>(node: &'t Lite<'_>) -> Option<&'t str> {
    match &node.kind {
        LiteKind::Scalar(value, style) => {
            let null = *style == Style::Plain
                && (value.is_empty() || value == "~" || value.eq_ignore_ascii_case("null"));
            (!null).then_some(value.as_ref())
        }
        _ => None,
    }
}

/// Every value a person wrote, with the name of its field: the top-level
/// key (`root_cause`), a nested one after a dot (`lessons.went_wrong`), a
/// timeline entry by its time (`timeline 2024-03-02 09:10`, UTC) and an
/// action item by its id (`action A2`). The id comes last: the table shows
/// it already.
fn fields<'t>(tree: &'t Lite<'_>) -> Vec<(String, &'t str)> {
    fn walk<'t>(node: &'t Lite<'_>, name: &str, out: &mut Vec<(String, &'t str)>) {
        match &node.kind {
            LiteKind::Scalar(..) => {
                if let Some(v) = scalar(node) {
                    out.push((name.to_string(), v));
                }
            }
            LiteKind::Seq(items) => {
                for item in items {
                    walk(item, &item_name(name, item), out);
                }
            }
            LiteKind::Map(entries) => {
                for (k, v) in entries {
                    let k = key(k);
                    if NOT_TEXT.contains(&k) || (name.contains(' ') && k == "id") {
                        continue;
                    }
                    // Inside a named item (`action A2`) the item's name is enough.
                    let inner = if name.contains(' ') {
                        name.to_string()
                    } else {
                        format!("{name}.{k}")
                    };
                    walk(v, &inner, out);
                }
            }
        }
    }
    /// An action item by its id, a timeline entry by its time.
    fn item_name(name: &str, item: &Lite<'_>) -> String {
        let LiteKind::Map(entries) = &item.kind else {
            return name.to_string();
        };
        let get = |want: &str| {
            entries
                .iter()
                .find(|(k, _)| key(k) == want)
                .and_then(|(_, v)| scalar(v))
        };
        match name {
            "action_items" => get("id").map(|id| format!("action {id}")),
            "timeline" => get("at")
                .and_then(|at| chrono::DateTime::parse_from_rfc3339(at).ok())
                .map(|at| format!("timeline {}", at.to_utc().format("%Y-%m-%d %H:%M"))),
            _ => None,
        }
        .unwrap_or_else(|| name.to_string())
    }

    let mut out = Vec::new();
    let mut id = None;
    if let LiteKind::Map(entries) = &tree.kind {
        for (k, v) in entries {
            match key(k) {
                "id" => id = scalar(v),
                k if NOT_TEXT.contains(&k) => {}
                k => walk(v, k, &mut out),
            }
        }
    }
    if let Some(id) = id {
        out.push(("id".to_string(), id));
    }
    out
}

/// The title, id and date of a post-mortem's tree, as far as they are
/// there. The id is the file's name, the id commands take (as `pm list`
/// gives it), whatever its `id:` says.
fn identity(tree: &Lite<'_>, stem: &str) -> (String, String, Option<NaiveDate>) {
    let mut found = (String::new(), stem.to_string(), None);
    if let LiteKind::Map(entries) = &tree.kind {
        for (k, v) in entries {
            match (key(k), scalar(v)) {
                ("title", Some(t)) => found.0 = t.to_string(),
                ("date", Some(d)) => found.2 = crate::clock::iso_date(d.trim()),
                _ => {}
            }
        }
    }
    if found.2.is_none() {
        found.2 = stem.get(..10).and_then(crate::clock::iso_date);
    }
    found
}

/// A hit when every word is in some field: the fields holding any word,
/// each once (its first value that does), in the file's order.
fn search_fields(tree: &Lite<'_>, file: String, finders: &[Regex]) -> Option<Hit> {
    let fields = fields(tree);
    let every = finders
        .iter()
        .all(|f| fields.iter().any(|(_, v)| f.is_match(v.as_bytes())));
    if !every {
        return None;
    }
    let mut matches: Vec<Match> = Vec::new();
    for (name, value) in &fields {
        if matches.iter().any(|m| m.field == *name)
            || !finders.iter().any(|f| f.is_match(value.as_bytes()))
        {
            continue;
        }
        matches.push(Match {
            field: name.clone(),
            snippet: snippet(value, finders),
        });
    }
    let (title, id, date) = identity(tree, &list::file_stem(&file));
    Some(Hit {
        id,
        date,
        title,
        file,
        error: None,
        matches,
    })
}

/// A short piece of `text` around the first word found: one line, at most
/// `BEFORE` characters before it and `AFTER` from it, `…` where cut.
fn snippet(text: &str, finders: &[Regex]) -> String {
    let at = finders
        .iter()
        .filter_map(|f| f.find(text.as_bytes()).map(|m| m.start()))
        .min()
        .unwrap_or(0);
    let before: Vec<char> = text[..at].chars().collect();
    let start = before.len().saturating_sub(BEFORE);
    let mut out = String::new();
    if start > 0 {
        // From the first whole word.
        let cut: String = before[start..].iter().collect();
        out.push('…');
        out.push_str(cut.split_once(char::is_whitespace).map_or(&cut, |(_, w)| w));
    } else {
        out.extend(&before[..]);
    }
    let mut rest = text[at..].chars();
    let after: String = rest.by_ref().take(AFTER).collect();
    if rest.next().is_some() {
        // To the last whole word.
        out.push_str(
            after
                .rsplit_once(char::is_whitespace)
                .map_or(&after, |(w, _)| w),
        );
        out.push('…');
    } else {
        out.push_str(&after);
    }
    // One line, its runs of spaces made one.
    let one = output::line(&out);
    one.split_whitespace().collect::<Vec<_>>().join(" ")
}
