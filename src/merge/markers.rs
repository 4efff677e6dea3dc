//! Conflict markers left in a post-mortem by a merge: found, named by the
//! field they sit in, and explained, so that every pm command says
//! "unresolved merge conflict in severity at line 9" instead of a YAML
//! parse error one line further down.

use crate::error::UserError;
use crate::yaml::YamlError;

/// One conflicted region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    /// 1-based line of the `<<<<<<<` marker (or of a stray marker).
    pub line: usize,
    /// Where it is: `severity`, `action_items[A3].title`, `timeline[at ...]`.
    pub field: String,
    /// The first line of each side's text (empty when a side removed it).
    pub ours: String,
    pub theirs: String,
}

/// Which marker a line is, if any: `<`, `|` (diff3 base), `=` or `>`.
fn marker(line: &str) -> Option<char> {
    let c = line.chars().next()?;
    if !matches!(c, '<' | '|' | '=' | '>') {
        return None;
    }
    let n = line.bytes().take_while(|&b| b == c as u8).count();
    if n < 7 {
        return None;
    }
    let rest = line[n..].trim_end_matches(['\r', '\n']);
    let ok = if c == '=' {
        rest.trim().is_empty()
    } else {
        rest.is_empty() || rest.starts_with(' ')
    };
    ok.then_some(c)
}

/// A side of a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Ours,
    Theirs,
}

/// The text as one side of its conflicts left it (ours: the lines between
/// `<<<<<<<` and `|||||||` or `=======`; theirs: between `=======` and
/// `>>>>>>>`), for reading what a conflicted file still says until the
/// conflict is resolved. None when the text has no conflict.
pub fn one_side(text: &str, side: Side) -> Option<String> {
    if find(text).is_empty() {
        return None;
    }
    // 0 outside, 1 ours, 2 base (diff3), 3 theirs.
    let mut part = 0;
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        part = match (marker(line), part) {
            (Some('<'), 0) => 1,
            (Some('|'), 1) => 2,
            (Some('='), 1 | 2) => 3,
            (Some('>'), 3) => 0,
            (_, part) => {
                let keep = match part {
                    0 => true,
                    1 => side == Side::Ours,
                    3 => side == Side::Theirs,
                    _ => false,
                };
                if keep {
                    out.push_str(line);
                }
                part
            }
        };
    }
    Some(out)
}

/// Every conflicted region of a text, in order. Cheap when there is none.
pub fn find(text: &str) -> Vec<Site> {
    // memchr's search, not str::contains: every lint of every file asks.
    let holds = |marker: &[u8]| memchr::memmem::find(text.as_bytes(), marker).is_some();
    if !(holds(b"<<<<<<<") || holds(b">>>>>>>") || holds(b"\n=======")) {
        return Vec::new();
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut sites = Vec::new();
    let valid = std::cell::OnceCell::new();
    let mut i = 0;
    while i < lines.len() {
        match marker(lines[i]) {
            Some('<') => {
                let start = i;
                let mut ours = Vec::new();
                let mut theirs = Vec::new();
                let mut part = 0; // 0 ours, 1 base, 2 theirs
                i += 1;
                while i < lines.len() {
                    match marker(lines[i]) {
                        Some('|') if part == 0 => part = 1,
                        Some('=') if part < 2 => part = 2,
                        Some('>') if part == 2 => break,
                        _ => match part {
                            0 => ours.push(lines[i]),
                            2 => theirs.push(lines[i]),
                            _ => {}
                        },
                    }
                    i += 1;
                }
                let content = first_content(&ours).or_else(|| first_content(&theirs));
                sites.push(Site {
                    line: start + 1,
                    field: field_at(&lines, start, content, &ours, &theirs),
                    ours: first_content(&ours).unwrap_or("").trim().to_string(),
                    theirs: first_content(&theirs).unwrap_or("").trim().to_string(),
                });
            }
            // A lone `=======` or `|||||||` is what a merge left only where
            // the YAML breaks on it: in a file that reads as YAML, or that
            // breaks elsewhere (a quoted scalar it is a line of), it is text.
            Some('=' | '|') if !left_over(valid.get_or_init(|| parse_error_line(text)), i + 1) => {}
            Some(_) => {
                // A marker without its `<<<<<<<`: half of a resolution.
                let content = lines.get(i + 1..).and_then(|rest| first_content(rest));
                sites.push(Site {
                    line: i + 1,
                    field: field_at(&lines, i, content, &[], &[]),
                    ours: String::new(),
                    theirs: String::new(),
                });
            }
            None => {}
        }
        i += 1;
    }
    sites
}

/// The line the YAML parser stops at, if it does.
fn parse_error_line(text: &str) -> Option<usize> {
    crate::yaml::parse_tree(crate::yaml::strip_bom(text).0)
        .err()
        .map(|e| e.line)
}

/// Whether a lone marker at `line` is where the YAML breaks (or the line
/// before it: a parser may notice on the next line).
fn left_over(error_line: &Option<usize>, line: usize) -> bool {
    error_line.is_some_and(|e| e == line || e == line + 1)
}

fn first_content<'a>(lines: &[&'a str]) -> Option<&'a str> {
    lines
        .iter()
        .copied()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#') && marker(l).is_none())
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// `key` of a line `key: ...` or `- key: ...`.
fn key_of(body: &str) -> Option<&str> {
    let body = body.strip_prefix("- ").unwrap_or(body).trim_start();
    let colon = body.find(':')?;
    let key = &body[..colon];
    let after = &body[colon + 1..];
    let plain_key = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    (plain_key && (after.is_empty() || after.starts_with(' '))).then_some(key)
}

fn is_item(body: &str) -> bool {
    body == "-" || body.starts_with("- ")
}

/// Whether a `key:` line opens a block scalar (`|`, `>-`, ...).
fn opens_block_scalar(body: &str) -> bool {
    let value = body.split_once(':').map_or("", |(_, v)| v);
    let value = value.split(" #").next().unwrap_or("").trim();
    value.starts_with('|') || value.starts_with('>')
}

/// How an item is known: `[A3]` by its id, `[at ...]` by its time.
fn item_label(lines: &[&str], at: usize, extra: &[&str]) -> String {
    let dash = indent(lines[at]);
    let mut candidates: Vec<&str> = vec![lines[at]];
    candidates.extend(
        lines[at + 1..]
            .iter()
            .take(40)
            .take_while(|l| l.trim().is_empty() || indent(l) > dash)
            .copied(),
    );
    candidates.extend(extra.iter().copied());
    let value = |key: &str| {
        candidates.iter().find_map(|l| {
            let body = l.trim_start();
            let body = body.strip_prefix("- ").unwrap_or(body).trim_start();
            body.strip_prefix(key)
                .and_then(|r| r.strip_prefix(':'))
                .map(|v| v.trim().trim_matches(['\'', '"']).to_string())
                .filter(|v| !v.is_empty())
        })
    };
    if let Some(id) = value("id") {
        format!("[{id}]")
    } else if let Some(at) = value("at") {
        format!("[at {at}]")
    } else {
        String::new()
    }
}

/// The path of the field a conflict at line index `at` is in.
fn field_at(
    lines: &[&str],
    at: usize,
    content: Option<&str>,
    ours: &[&str],
    theirs: &[&str],
) -> String {
    let Some(content) = content else {
        return "the file".into();
    };
    let body = content.trim_start();
    let mut cur_indent = indent(content);
    let mut cur_item = is_item(body);
    let mut own_key = if cur_item { None } else { key_of(body) };
    let mut path: Vec<String> = Vec::new();
    let mut first_parent = true;
    let mut k = at;
    while k > 0 && (cur_indent > 0 || cur_item) {
        k -= 1;
        let line = lines[k];
        let lb = line.trim_start();
        if lb.is_empty() || lb.starts_with('#') || marker(line).is_some() {
            continue;
        }
        let ind = indent(line);
        let parent = ind < cur_indent || (ind == cur_indent && cur_item && !is_item(lb));
        if !parent {
            continue;
        }
        if is_item(lb) {
            path.push(item_label(lines, k, &[]));
            cur_indent = ind;
            cur_item = true;
        } else if let Some(key) = key_of(lb) {
            if first_parent && opens_block_scalar(lb) {
                // The conflict is inside this key's text.
                own_key = None;
            }
            path.push(key.to_string());
            cur_indent = ind;
            cur_item = false;
        } else {
            continue;
        }
        first_parent = false;
    }
    path.reverse();
    let mut out = String::new();
    for seg in path {
        if seg.starts_with('[') || seg.is_empty() {
            out.push_str(&seg);
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&seg);
        }
    }
    if is_item(body) {
        let sides: Vec<&str> = ours.iter().chain(theirs).copied().collect();
        let own = [content];
        out.push_str(&item_label(&own, 0, &sides));
    } else if let Some(key) = own_key {
        if !out.is_empty() {
            out.push('.');
        }
        out.push_str(key);
    }
    if out.is_empty() {
        "the file".into()
    } else {
        out
    }
}

/// The message every reader gives: `unresolved merge conflict in FIELD at line N`.
pub fn message(site: &Site) -> String {
    format!(
        "unresolved merge conflict in {} at line {}",
        site.field, site.line
    )
}

/// A YAML-style error for the first conflict, for readers that report
/// `file:line:col: message`.
pub fn yaml_error(text: &str) -> Option<YamlError> {
    let site = find(text).into_iter().next()?;
    Some(YamlError {
        line: site.line,
        column: 1,
        message: message(&site),
    })
}

/// How to resolve a conflict, in one line, when what git is in the
/// middle of is not known (`pm lint`, whose findings are the same whatever
/// the clone is doing): both ways to finish are named.
pub fn how_to_resolve(file: &str) -> String {
    let file = crate::output::shell_word(file);
    format!(
        "{KEEP}, then `git add {file}` and finish what stopped: `git commit` after a merge, `git rebase --continue` after a rebase (or `pm sync` again, if pm sync stopped here)"
    )
}

const KEEP: &str = "keep the lines you want between `<<<<<<<` and `>>>>>>>`, delete the marker lines (and a `|||||||` section, if git wrote one)";

/// How to resolve a conflict, in one line, for the git operation in
/// progress ([`crate::git::operation`]).
pub fn how_to_resolve_during(file: &str, operation: Option<&str>) -> String {
    format!("{KEEP}, then {}", finish(file, operation))
}

/// What to run once the markers are gone, for the git operation in progress.
pub fn finish(file: &str, operation: Option<&str>) -> String {
    // Quoted, so that the command can be pasted as printed (a hand-named
    // `postmortems/2026/My outage.yaml`).
    let file = crate::output::shell_word(file);
    match operation {
        Some("merge") => format!(
            "`git add {file}` and `git commit` to finish the merge (or `pm sync`, which does both and pushes)"
        ),
        Some("rebase") => format!(
            "`pm sync` to continue the rebase and push (or `git add {file}` and `git rebase --continue`)"
        ),
        Some(op @ ("cherry-pick" | "revert")) => {
            format!("`git add {file}` and `git {op} --continue`")
        }
        Some(op) => format!("`git add {file}` and finish the {op} as `git status` says"),
        None => format!("`git add {file}` and `git commit`"),
    }
}

fn clip(text: &str) -> String {
    const MAX: usize = 60;
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        format!("{}...", text.chars().take(MAX).collect::<String>())
    }
}

/// The error a command gives for a file with conflict markers, or None
/// when it has none; its hint fits what git is in the middle of in the
/// repository at `root`.
pub fn user_error(file: &str, text: &str, root: &std::path::Path) -> Option<UserError> {
    let sites = find(text);
    let first = sites.first()?;
    let mut err = UserError::new(format!("{file}: {}", message(first)));
    match (first.ours.is_empty(), first.theirs.is_empty()) {
        (false, false) => {
            err = err.hint(format!(
                "one side has `{}`, the other `{}`",
                clip(&first.ours),
                clip(&first.theirs)
            ))
        }
        (false, true) => {
            err = err.hint(format!(
                "one side has `{}`, the other removed it",
                clip(&first.ours)
            ))
        }
        (true, false) => {
            err = err.hint(format!(
                "one side removed it, the other has `{}`",
                clip(&first.theirs)
            ))
        }
        (true, true) => {}
    }
    if sites.len() > 1 {
        let more: Vec<String> = sites[1..]
            .iter()
            .take(5)
            .map(|s| format!("{} (line {})", s.field, s.line))
            .collect();
        err = err.hint(format!(
            "{} more in this file: {}",
            sites.len() - 1,
            more.join(", ")
        ));
    }
    Some(err.hint(how_to_resolve_during(file, crate::git::operation_at(root))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(text: &str) -> Vec<(usize, String)> {
        find(text).into_iter().map(|s| (s.line, s.field)).collect()
    }

    #[test]
    fn names_top_level_fields() {
        let text = "pm: 1\n<<<<<<< ours\nseverity: SEV1\n=======\nseverity: SEV2\n>>>>>>> theirs\ntitle: x\n";
        assert_eq!(fields(text), vec![(2, "severity".into())]);
        let site = &find(text)[0];
        assert_eq!(
            (site.ours.as_str(), site.theirs.as_str()),
            ("severity: SEV1", "severity: SEV2")
        );
    }

    #[test]
    fn names_fields_of_action_items_and_timeline_entries() {
        let text = "action_items:\n  - id: A3\n<<<<<<< ours\n    title: X\n=======\n    title: Y\n>>>>>>> theirs\n    owner: o\n";
        assert_eq!(fields(text), vec![(3, "action_items[A3].title".into())]);
        let text = "timeline:\n<<<<<<< ours\n  - at: 2026-11-26T09:31:00Z\n=======\n  - at: 2026-11-26T09:32:00Z\n>>>>>>> theirs\n    kind: note\n";
        assert_eq!(
            fields(text),
            vec![(2, "timeline[at 2026-11-26T09:31:00Z]".into())]
        );
        let text = "follow_up:\n  due: x\n<<<<<<< HEAD\n  held: 2026-01-01\n=======\n  held: 2026-01-02\n>>>>>>> b\n";
        assert_eq!(fields(text), vec![(3, "follow_up.held".into())]);
    }

    #[test]
    fn prose_conflicts_name_their_key() {
        let text = "summary: |\n  One.\n<<<<<<< ours\n  Note: the cache.\n=======\n  Note: the queue.\n>>>>>>> theirs\nimpact: x\n";
        assert_eq!(fields(text), vec![(3, "summary".into())]);
    }

    /// A hand-named file's path is quoted in the commands to paste
    /// (session 36's collaboration attack: `git add postmortems/2026/My
    /// outage.yaml` added two wrong paths).
    #[test]
    fn paths_in_the_commands_to_paste_are_quoted() {
        let file = "postmortems/2026/My outage.yaml";
        assert!(
            finish(file, Some("rebase")).contains(
                "`git add 'postmortems/2026/My outage.yaml'` and `git rebase --continue`"
            )
        );
        assert!(
            finish(file, Some("merge"))
                .contains("`git add 'postmortems/2026/My outage.yaml'` and `git commit`")
        );
        assert!(how_to_resolve(file).contains("`git add 'postmortems/2026/My outage.yaml'`"));
        assert!(
            finish("postmortems/2026/a.yaml", None).contains("`git add postmortems/2026/a.yaml`")
        );
    }

    #[test]
    fn stray_markers_and_clean_text() {
        assert!(find("a: 1\nb: '<<<<<<< not at line start'\n").is_empty());
        let text = "a: 1\n=======\nb: 2\n";
        assert_eq!(fields(text), vec![(2, "b".into())]);
    }
}
