//! Lint output: for people (like rustc), JSON, GitHub Actions annotations,
//! SARIF, GitLab Code Quality.

use serde_json::json;

use super::{Finding, Severity, completeness, rules};
use crate::output::{Style, line, name, paint};

/// rustc-style: the line, a caret under the words, why, and what instead.
/// Handed to `write` a finding at a time (each piece ends a line), then
/// the count: a whole repository's findings are never one string.
pub fn human(findings: &[Finding], checked: usize, color: bool, mut write: impl FnMut(&str)) {
    for f in findings {
        write(&finding(f, color));
    }
    write(&summary(findings, checked));
}

/// One finding, rustc-style, ending with a blank line.
fn finding(f: &Finding, color: bool) -> String {
    let mut out = String::new();
    let (label, style) = match f.severity {
        Severity::Error => ("error", Style::Red),
        Severity::Warning => ("warning", Style::Yellow),
        Severity::Info => ("info", Style::Cyan),
    };
    out.push_str(&format!(
        "{}{} {}\n",
        paint(&format!("{label}[{}]", f.rule), style, color),
        paint(":", Style::Bold, color),
        paint(&line(&f.message), Style::Bold, color)
    ));
    let gutter = f.line.to_string().len();
    let pad = " ".repeat(gutter);
    // A finding over several lines says where it ends: the snippet
    // below shows its first line only.
    let to = if f.end_line > f.line {
        format!(" (to {}:{})", f.end_line, f.end_column)
    } else {
        String::new()
    };
    out.push_str(&format!(
        "{pad}{} {}:{}:{}{to}\n",
        paint("-->", Style::Cyan, color),
        name(&f.file),
        f.line,
        f.column
    ));
    if !f.source_line.is_empty() {
        // The line as the file holds it, made safe character for
        // character, so the caret still lands under the words.
        let source = line(&f.source_line);
        let bar = paint("|", Style::Cyan, color);
        // Printable ASCII, the usual line: a column per byte.
        let narrow = source.bytes().all(|b| (0x20..0x7f).contains(&b));
        let line_chars = if narrow {
            source.len()
        } else {
            source.chars().count()
        };
        let end = if f.end_line == f.line {
            f.end_column
        } else {
            line_chars + 1
        };
        // Columns on screen: a CJK character takes two.
        let columns = |skip: usize, take: usize| -> usize {
            if narrow {
                return take.min(line_chars.saturating_sub(skip));
            }
            source
                .chars()
                .skip(skip)
                .take(take)
                .map(|c| unicode_width::UnicodeWidthChar::width(c).unwrap_or(0))
                .sum()
        };
        let start = f.column.saturating_sub(1);
        let width = columns(start, end.saturating_sub(f.column)).max(1);
        let lead = " ".repeat(columns(0, start));
        out.push_str(&format!("{pad} {bar}\n"));
        out.push_str(&format!(
            "{} {bar} {}\n",
            paint(&f.line.to_string(), Style::Cyan, color),
            source
        ));
        out.push_str(&format!(
            "{pad} {bar} {lead}{}\n",
            paint(&"^".repeat(width), style, color)
        ));
    }
    if let Some(s) = &f.suggestion {
        out.push_str(&format!(
            "{pad} = {} {}\n",
            paint("help:", Style::Bold, color),
            line(s)
        ));
    }
    out.push('\n');
    out
}

/// The last line: how many findings of each severity, in how many files.
fn summary(findings: &[Finding], checked: usize) -> String {
    let mut out = String::new();
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let (e, w, i) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    let plural = |n: usize, word: &str| crate::output::count(n as u64, word);
    if findings.is_empty() {
        out.push_str(&format!(
            "{} checked, no problems found\n",
            plural(checked, "post-mortem")
        ));
    } else {
        out.push_str(&format!(
            "{}, {}, {} in {} checked\n",
            plural(e, "error"),
            plural(w, "warning"),
            plural(i, "note"),
            plural(checked, "post-mortem")
        ));
    }
    out
}

/// One finding in the JSON format, field by field in its order.
#[derive(serde::Serialize)]
pub struct JsonFinding<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    rule: &'a str,
    severity: &'static str,
    message: &'a str,
    suggestion: Option<&'a str>,
}

/// The JSON format as values, for writing as it is made
/// (`output::emit_json`); [`json`] is the same as text.
pub fn json_findings(findings: &[Finding]) -> Vec<JsonFinding<'_>> {
    findings
        .iter()
        .map(|f| JsonFinding {
            file: &f.file,
            line: f.line,
            column: f.column,
            end_line: f.end_line,
            end_column: f.end_column,
            rule: &f.rule,
            severity: f.severity.as_str(),
            message: &f.message,
            suggestion: f.suggestion.as_deref(),
        })
        .collect()
}

pub fn json(findings: &[Finding]) -> String {
    serde_json::to_string_pretty(&json_findings(findings)).unwrap_or_else(|_| "[]".into()) + "\n"
}

/// Workflow-command escaping for the message part.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Workflow-command escaping for property values.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The column, counted in UTF-16 code units, of the character at
/// `column` (counted in characters, from 1) of `line`. A column past the
/// line's end (the end of a finding that ends the line) stays as far past.
pub fn utf16_column(line: &str, column: usize) -> usize {
    let before = column.saturating_sub(1);
    let mut chars = 0;
    let mut units = 1;
    for c in line.chars().take(before) {
        chars += 1;
        units += c.len_utf16();
    }
    units + (before - chars)
}

/// Count the findings' columns in UTF-16 code units instead of characters,
/// for the formats GitHub reads (SARIF's default `columnKind`, and the
/// unit of GitHub's annotations): an emoji before a finding is two units.
/// `text_of` gives the text of a finding's file as it was linted; a
/// finding on one line uses the line it holds, and a file that cannot be
/// read again keeps its columns.
pub fn to_utf16_columns(findings: &mut [Finding], text_of: impl Fn(&str) -> Option<String>) {
    let mut files: std::collections::HashMap<String, Option<String>> =
        std::collections::HashMap::new();
    for f in findings.iter_mut() {
        if f.end_line == f.line && !f.source_line.is_empty() {
            let column = utf16_column(&f.source_line, f.column);
            f.end_column = utf16_column(&f.source_line, f.end_column);
            f.column = column;
            continue;
        }
        if f.column <= 1 && f.end_column <= 1 {
            continue;
        }
        let text = files
            .entry(f.file.clone())
            .or_insert_with(|| text_of(&f.file));
        let Some(text) = text else { continue };
        let (body, _) = crate::yaml::strip_bom(text);
        let nth = |n: usize| {
            crate::yaml::lines(body)
                .nth(n.saturating_sub(1))
                .unwrap_or("")
        };
        f.column = utf16_column(nth(f.line), f.column);
        f.end_column = utf16_column(nth(f.end_line), f.end_column);
    }
}

/// GitHub Actions workflow commands: each finding becomes an annotation
/// on the pull request's diff. Columns as [`to_utf16_columns`] makes them.
pub fn github(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let command = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut message = f.message.clone();
        if let Some(s) = &f.suggestion {
            message.push_str("\nInstead: ");
            message.push_str(s);
        }
        // GitHub drops an annotation with columns over several lines
        // ("'col' and 'endColumn' cannot be set if 'line' and 'endLine'
        // are different values"): such a finding gives its lines only.
        let place = if f.end_line == f.line {
            format!(
                "line={},col={},endLine={},endColumn={}",
                f.line,
                f.column,
                f.end_line,
                f.end_column.max(f.column)
            )
        } else {
            format!("line={},endLine={}", f.line, f.end_line)
        };
        // The line is a workflow command by design; the file name and the
        // message are user text, in which `##[` / `##vso[` are defused. A
        // line break in a file name is escaped as the format says (%0A,
        // %0D) before other control characters are made visible, so the
        // annotation names the file that exists.
        out.push_str(&format!(
            "::{command} file={},{place},title={}::{}\n",
            crate::output::defuse_hash_commands(&crate::output::block(&escape_property(&f.file))),
            escape_property(&format!("pm lint ({})", f.rule)),
            crate::output::defuse_hash_commands(&escape_data(&crate::output::block(&message)))
        ));
    }
    out
}

/// One issue of a GitLab Code Quality report (the Code Climate format
/// subset GitLab reads).
#[derive(serde::Serialize)]
pub struct CodeQualityIssue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: CodeQualityLocation<'a>,
}

#[derive(serde::Serialize)]
pub struct CodeQualityLocation<'a> {
    path: &'a str,
    lines: CodeQualityLines,
}

#[derive(serde::Serialize)]
pub struct CodeQualityLines {
    begin: usize,
    end: usize,
}

/// GitLab Code Quality: the merge request widget shows the issues a change
/// brings in and those it fixes, matched by fingerprint. A fingerprint is
/// the file, the rule, the words found and their source line's text (and
/// how many times that repeats), not the line number, so that text moving
/// down a file is not a new issue.
pub fn codequality(findings: &[Finding]) -> Vec<CodeQualityIssue<'_>> {
    let mut seen: std::collections::HashMap<u64, usize> = std::collections::HashMap::new();
    findings
        .iter()
        .map(|f| {
            let identity = format!(
                "{}\0{}\0{}\0{}",
                f.file,
                f.rule,
                f.matched.as_deref().unwrap_or(""),
                f.source_line.trim()
            );
            let hash = twox_hash::XxHash3_64::oneshot(identity.as_bytes());
            let nth = seen.entry(hash).or_insert(0);
            *nth += 1;
            let mut description = f.message.clone();
            if let Some(s) = &f.suggestion {
                description.push_str(" Instead: ");
                description.push_str(s);
            }
            CodeQualityIssue {
                description,
                check_name: &f.rule,
                fingerprint: format!("{hash:016x}{:08x}", *nth),
                severity: match f.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                    Severity::Info => "info",
                },
                location: CodeQualityLocation {
                    path: &f.file,
                    lines: CodeQualityLines {
                        begin: f.line,
                        end: f.end_line,
                    },
                },
            }
        })
        .collect()
}

/// A relative path as a SARIF `uri` (an RFC 3986 relative reference): each
/// byte outside the unreserved characters and `/` percent-encoded, so a
/// file named `root cause #2.yaml` is `root%20cause%20%232.yaml` and code
/// scanning finds it. The bytes are the file name's own: a name that is
/// not UTF-8 (`caf\xe9.yaml` in messages) is `caf%E9.yaml`.
fn sarif_uri(path: &[u8]) -> String {
    const KEEP: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~')
        .remove(b'/');
    percent_encoding::percent_encode(path, KEEP).to_string()
}

/// SARIF 2.1.0, for code-scanning dashboards. Columns count UTF-16 code
/// units ([`to_utf16_columns`]), and the run says so: `utf16CodeUnits` is
/// SARIF's default, so a reader that ignores `columnKind` (GitHub's
/// documented subset does not list it) reads them right too. `raw_names`
/// gives the bytes of each file whose name is not UTF-8, by the name
/// findings show (`\xNN` for a byte).
pub fn sarif(
    findings: &[Finding],
    custom: &[super::CustomRule],
    raw_names: &std::collections::HashMap<String, Vec<u8>>,
) -> String {
    let mut rule_ids: Vec<String> = Vec::new();
    let mut rule_objects = Vec::new();
    let level = |s: Severity| match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    };
    for r in rules::BLAME_RULES.iter().chain(completeness::RULES.iter()) {
        rule_ids.push(r.id.to_string());
        rule_objects.push(json!({
            "id": r.id,
            "name": r.name,
            "shortDescription": { "text": r.name },
            "fullDescription": { "text": r.message },
            "help": { "text": r.suggestion },
            "defaultConfiguration": { "level": level(r.severity) },
            "properties": { "family": r.family },
        }));
    }
    for r in custom {
        rule_ids.push(r.id.clone());
        rule_objects.push(json!({
            "id": r.id,
            "name": r.id,
            "shortDescription": { "text": r.message },
            "defaultConfiguration": { "level": level(r.severity) },
        }));
    }
    let results: Vec<_> = findings
        .iter()
        .map(|f| {
            let mut result = json!({
                "ruleId": f.rule,
                "level": level(f.severity),
                "message": { "text": match &f.suggestion {
                    Some(s) => format!("{} Instead: {s}", f.message),
                    None => f.message.clone(),
                }},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": sarif_uri(
                            raw_names.get(&f.file).map_or(f.file.as_bytes(), Vec::as_slice)
                        ) },
                        "region": {
                            "startLine": f.line,
                            "startColumn": f.column,
                            "endLine": f.end_line,
                            "endColumn": f.end_column,
                        }
                    }
                }],
            });
            if let Some(index) = rule_ids.iter().position(|id| *id == f.rule) {
                result["ruleIndex"] = json!(index);
            }
            result
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "pm",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rule_objects,
                }
            },
            "columnKind": "utf16CodeUnits",
            "results": results,
        }]
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}
