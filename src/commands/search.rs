//! `pm search WORD...`: find past post-mortems by words in any field.
//!
//! A post-mortem matches when every word occurs, without regard to case,
//! somewhere in its values (not necessarily in the same field; keys and
//! comments do not count). Files are read on every core and their raw
//! bytes scanned first: only a file whose text holds every word is parsed,
//! so a search costs little more than reading the files.

use std::path::PathBuf;

use anyhow::Result;
use chrono::NaiveDate;
use rayon::prelude::*;
use regex::bytes::{Regex, RegexBuilder};
use serde::Serialize;

use crate::cli::SearchArgs;
use crate::commands::{Ctx, list};
use crate::error::{Exit, UserError};
use crate::model::PostMortem;
use crate::output::{self, Cell, Column};
use crate::store;

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
    let words: Vec<&str> = args
        .words
        .iter()
        .flat_map(|w| w.split_whitespace())
        .collect();
    if words.is_empty() {
        crate::bail_user!("give at least one word to search for, such as `pm search failover`");
    }
    let finders = words
        .iter()
        .map(|w| {
            RegexBuilder::new(&regex::escape(w))
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
    let outcomes: Vec<Option<Hit>> = files
        .par_iter()
        .map(|path| search_one(ctx, path, &finders, prefilter))
        .collect();
    let mut hits: Vec<Hit> = outcomes.into_iter().flatten().collect();
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

fn quoted(words: &[&str]) -> String {
    words
        .iter()
        .map(|w| format!("`{}`", output::line(w)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn print_table(ctx: &Ctx, files: &[PathBuf], hits: &[Hit]) {
    let columns = [
        Column::whole("ID", 64),
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

/// Search one file: None when it does not hold every word.
fn search_one(
    ctx: &Ctx,
    path: &std::path::Path,
    finders: &[Regex],
    prefilter: bool,
) -> Option<Hit> {
    let file = ctx.store.relative(path);
    let bytes = match ctx.store.read_bytes(path) {
        Ok(bytes) => bytes,
        // Unreadable (a symlink, too large): nothing to search; `pm lint`
        // and the other commands report it.
        Err(_) => return None,
    };
    let all_in = |text: &[u8]| finders.iter().all(|f| f.is_match(text));
    if (prefilter && !bytes.contains(&b'\\')) && !all_in(&bytes) {
        return None;
    }
    let stem = list::file_stem(&file);
    let (error, bytes) = match std::str::from_utf8(&bytes) {
        Ok(text) => match store::parse_postmortem(text) {
            Ok(pm) => return search_fields(&pm, file, finders),
            Err(err) => (format!("{file}:{err}"), bytes),
        },
        Err(_) => (
            format!("{file}: not valid UTF-8 text (save the file as UTF-8)"),
            bytes,
        ),
    };
    if !all_in(&bytes) {
        return None;
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
    Some(Hit {
        date: stem
            .get(..10)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
        id: stem,
        title: String::new(),
        file,
        error: Some(error),
        matches,
    })
}

/// Every value a person wrote, with the name of its field.
fn fields(pm: &PostMortem) -> Vec<(String, &str)> {
    let mut out: Vec<(String, &str)> = vec![("title".into(), &pm.title)];
    let prose = [
        ("summary", &pm.summary),
        ("impact", &pm.impact),
        ("trigger", &pm.trigger),
        ("root_cause", &pm.root_cause),
        ("detection_gap", &pm.detection_gap),
        ("response", &pm.response),
    ];
    for (name, value) in prose {
        if let Some(v) = value {
            out.push((name.to_string(), v));
        }
    }
    let lists: [(&str, &Vec<String>); 8] = [
        ("services", &pm.services),
        ("tags", &pm.tags),
        ("authors", &pm.authors),
        ("responders", &pm.responders),
        ("contributing_factors", &pm.contributing_factors),
        ("lessons.went_well", &pm.lessons.went_well),
        ("lessons.went_wrong", &pm.lessons.went_wrong),
        ("lessons.got_lucky", &pm.lessons.got_lucky),
    ];
    for (name, values) in lists {
        out.extend(values.iter().map(|v| (name.to_string(), v.as_str())));
    }
    for e in &pm.timeline {
        let name = format!("timeline {}", e.at.format("%Y-%m-%d %H:%M"));
        out.push((name.clone(), &e.text));
        for v in [&e.by, &e.trace_id, &e.link].into_iter().flatten() {
            out.push((name.clone(), v));
        }
    }
    for a in &pm.action_items {
        let name = format!("action {}", a.id);
        out.push((name.clone(), &a.title));
        for v in [&a.owner, &a.note, &a.link].into_iter().flatten() {
            out.push((name.clone(), v));
        }
    }
    if let Some(n) = &pm.follow_up.notes {
        out.push(("follow_up".into(), n));
    }
    for r in &pm.follow_up.history {
        if let Some(n) = &r.notes {
            out.push(("follow_up".into(), n));
        }
    }
    for l in &pm.links {
        for v in [&l.title].into_iter().flatten() {
            out.push(("links".into(), v));
        }
        out.push(("links".into(), &l.url));
    }
    // Last: the ID column shows it already.
    out.push(("id".into(), &pm.id));
    out
}

/// A hit when every word is in some field: the fields holding any word,
/// each once (its first value that does), in the file's order.
fn search_fields(pm: &PostMortem, file: String, finders: &[Regex]) -> Option<Hit> {
    let fields = fields(pm);
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
    Some(Hit {
        id: pm.id.clone(),
        date: Some(pm.date),
        title: pm.title.clone(),
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
