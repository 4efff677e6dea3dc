//! Completeness rules: what a post-mortem needs before it is reviewed.
//!
//! In a draft, gaps are warnings (it is being written); from `review` on,
//! the same gaps are errors.

use chrono::DateTime;

use super::rules::RuleInfo;
use super::{Finding, Severity};
use crate::model::KNOWN_KEYS;
use crate::yaml::{Node, NodeKind};

/// Severities here are for a post-mortem in review or later; in a draft,
/// the rules marked as gaps are warnings.
pub const RULES: &[RuleInfo] = &[
    rule_info!(
        "parse-error",
        "File does not parse",
        "completeness",
        Error,
        "The file is not valid YAML or not a valid post-mortem.",
        "Fix the reported line; the other checks run once it parses."
    ),
    rule_info!(
        "unreadable",
        "File cannot be read",
        "completeness",
        Error,
        "The file is a symlink, not a regular file, larger than pm accepts, or cannot be opened.",
        "Replace it with a regular post-mortem file inside the repository."
    ),
    rule_info!(
        "merge-conflict",
        "Unresolved merge conflict",
        "completeness",
        Error,
        "A merge left conflict markers in the file: two people changed the same field differently.",
        "Keep the lines you want between <<<<<<< and >>>>>>>, delete the marker lines, then commit."
    ),
    rule_info!(
        "duplicate-action-id",
        "Two action items with one id",
        "completeness",
        Error,
        "Two action items share an id, so `pm action done ID#A1` cannot tell which one is meant, and calendars see one event.",
        "Give one of them the next free id (pm edit)."
    ),
    rule_info!(
        "missing-field",
        "Required field missing",
        "completeness",
        Error,
        "pm, id, title, status, severity and date are required; so are an action item's id and title, a timeline entry's at and text, and a link's url. A field left empty (`~`, `null`, nothing after the colon) is missing.",
        "Add the field; `pm new` writes all of them."
    ),
    rule_info!(
        "invalid-value",
        "Invalid value",
        "completeness",
        Error,
        "A value has the wrong form (a date that is not YYYY-MM-DD, an unknown status).",
        "Use the form `pm schema` gives for the field (its JSON Schema lists every field's form and allowed values)."
    ),
    rule_info!(
        "empty-section",
        "Section not written",
        "completeness",
        Error,
        "A required section (summary, impact, root cause, detection gap) is empty: its questions are unanswered.",
        "Answer the questions under the section."
    ),
    rule_info!(
        "placeholder",
        "Placeholder text",
        "completeness",
        Error,
        "TODO, TBD or template text is still in the post-mortem.",
        "Replace it with what you found."
    ),
    rule_info!(
        "missing-timeline",
        "No timeline",
        "completeness",
        Error,
        "A post-mortem in review needs at least one timeline entry.",
        "Add entries with `pm timeline add`."
    ),
    rule_info!(
        "missing-action-items",
        "No action items",
        "completeness",
        Error,
        "A post-mortem in review needs at least one action item: what will change?",
        "Add one with `pm action add TITLE --owner OWNER --due DATE`."
    ),
    rule_info!(
        "action-owner",
        "Action item without owner",
        "completeness",
        Error,
        "An action item without an owner is not going to happen.",
        "Give it an owner: `pm action edit REF --owner TEAM`."
    ),
    rule_info!(
        "action-due",
        "Action item without due date",
        "completeness",
        Error,
        "An action item without a due date never becomes overdue, so nobody is reminded.",
        "Give it a due date: `pm action edit REF --due +2w`."
    ),
    rule_info!(
        "action-due-before-incident",
        "Due date before the incident",
        "completeness",
        Error,
        "The action item is due before the incident happened.",
        "Fix the due date."
    ),
    rule_info!(
        "action-closed-date",
        "Closed date that contradicts the item",
        "completeness",
        Warning,
        "An action item's `closed` date is set while it is still open, or falls before the incident, so reports of what was finished and when are wrong.",
        "Close it with `pm action done REF` (which sets both), or fix or remove `closed`."
    ),
    rule_info!(
        "misplaced-file",
        "A YAML file pm does not read",
        "completeness",
        Warning,
        "Post-mortems live at postmortems/<year>/<id>.yaml; a file elsewhere under postmortems/ is read by no command, so nothing checks it and nobody sees it in pm list or pm due.",
        "Move it to postmortems/<year>/<id>.yaml with `git mv`, or out of postmortems/ if it is not a post-mortem."
    ),
    rule_info!(
        "unknown-severity",
        "Severity that pm.yaml does not list",
        "completeness",
        Warning,
        "The severity is not one of pm.yaml's `severities`, so `pm stats`, the due-date policy and filters by severity do not see it as one.",
        "Use one of pm.yaml's severities, or add this one to `severities` in pm.yaml."
    ),
    rule_info!(
        "comment-in-text",
        "Text cut short by a comment",
        "completeness",
        Warning,
        "In YAML, a space and `#` start a comment: an unquoted text such as `The author of #88213 was lazy` is stored as \"The author of\", and the rest is silently dropped (and not checked).",
        "Quote the text (\"...\"), or write the reference without the space before `#`."
    ),
    rule_info!(
        "unknown-timeline-kind",
        "Timeline kind that pm does not know",
        "completeness",
        Warning,
        "A timeline entry's kind is neither a built-in kind nor one of pm.yaml's `timeline_kinds`: a milestone written another way (`Resolved`) is not a milestone, so the figures from it (time to resolve) are missing.",
        "Use one of the kinds `pm timeline add --kind` lists, or add this one to `timeline_kinds` in pm.yaml."
    ),
    rule_info!(
        "id-file-name",
        "Id that is not the file's name",
        "completeness",
        Warning,
        "A post-mortem's id is its file's name, in the folder of its year; a copied file keeps the id of the one it came from, and two files then answer to one id.",
        "Give the copy its own id (the date and a slug of its title) and name the file after it, or move the file with `git mv` to its name and year folder."
    ),
    rule_info!(
        "id-starts-with-dash",
        "Id that starts with a dash",
        "completeness",
        Warning,
        "A post-mortem's id is its file's name; one that starts with `-` (a hand-named `-rf.yaml`) is read as flags when typed bare, so every command needs it after `--` (`pm show -- -rf`).",
        "Rename the file with `git mv` to the date and a slug of its title, and make its `id:` the new name."
    ),
    rule_info!(
        "duplicate-id",
        "Two files with one id",
        "completeness",
        Warning,
        "A post-mortem's id is its file's name: two files with one name in different year folders, as `.yaml` and `.yml`, or differing only in case (one file on macOS and Windows) answer to one id, so `pm show ID` cannot tell them apart and only their paths name them.",
        "Give the copy its own id (the date and a slug of its title) and rename the file to it with `git mv`, or remove the one that is not wanted."
    ),
    rule_info!(
        "timeline-order",
        "Timeline out of order",
        "completeness",
        Error,
        "Timeline entries are not in time order, so the story reads wrong.",
        "Move the entry to its place in time (pm timeline add inserts in order)."
    ),
    rule_info!(
        "milestone-order",
        "Milestone before impact started",
        "completeness",
        Warning,
        "A detected, acknowledged, mitigated or resolved entry earlier than impact-start makes the figures negative (time to mitigate -22h); it is usually a time typed in the wrong zone or on the wrong day.",
        "Check the time and pm.yaml's `timezone`, and correct it with `pm timeline edit N --at ...`."
    ),
    rule_info!(
        "several-impact-starts",
        "More than one impact-start",
        "completeness",
        Warning,
        "The timeline has more than one impact-start entry. The figures count from the first, so the second changes nothing; usually two incidents merged into one post-mortem (the same title on the same day in two clones makes one file), or a second wave of impact.",
        "If it is another incident, move its entries to a post-mortem of its own (`pm new`); if it is a second wave of the same one, make it a note (`pm timeline edit N --kind note`)."
    ),
    rule_info!(
        "missing-milestone",
        "Timeline milestone missing",
        "completeness",
        Error,
        "A published post-mortem needs impact-start and detected entries: time to detect is the figure that matters most.",
        "Add them with `pm timeline add ... --kind impact-start` and `--kind detected`."
    ),
    rule_info!(
        "no-follow-up",
        "No follow-up review date",
        "completeness",
        Error,
        "A published post-mortem needs a follow-up review date, or its action items are never checked.",
        "Set `follow_up.due`."
    ),
    rule_info!(
        "unknown-key",
        "Unknown key that looks like a typo",
        "completeness",
        Warning,
        "This key is not part of the format but is close to one that is, so its content is probably ignored.",
        "Rename it to the known key."
    ),
    rule_info!(
        "allow-without-reason",
        "Allow comment without a reason",
        "completeness",
        Warning,
        "An inline allow without a reason hides a finding without saying why.",
        "Add `-- <reason>` to the comment."
    ),
];

/// The rules that say pm cannot read the file as a post-mortem: what
/// `pm show`, `pm edit` and the writers refuse. They are always errors and
/// cannot be disabled, allowed or given another severity, so that the CI
/// gate never passes a file the other commands refuse.
pub const FILE_RULES: &[&str] = &[
    "parse-error",
    "merge-conflict",
    "missing-field",
    "invalid-value",
    "unreadable",
];

/// A file that could not be read at all (a symlink, a folder, a FIFO, too
/// large, not readable): one finding, and the other files are still linted.
/// `hint` says what to do, when the reader said it.
pub fn unreadable(file: &str, message: &str, hint: Option<&str>) -> Finding {
    let suggestion = hint
        .map(String::from)
        .or_else(|| info("unreadable").map(|r| r.suggestion.to_string()));
    whole_file(
        "unreadable",
        Severity::Error,
        message.to_string(),
        suggestion,
        file,
    )
}

/// A finding about a whole file, at its first character.
fn whole_file(
    rule: &str,
    severity: Severity,
    message: String,
    suggestion: Option<String>,
    file: &str,
) -> Finding {
    Finding {
        file: file.to_string(),
        line: 1,
        column: 1,
        end_line: 1,
        end_column: 2,
        rule: rule.into(),
        severity,
        message,
        suggestion,
        source_line: String::new(),
        matched: None,
    }
}

pub fn info(id: &str) -> Option<&'static RuleInfo> {
    RULES.iter().find(|r| r.id == id)
}

const PROSE_SECTIONS: &[(&str, &str)] = &[
    ("summary", "summary"),
    ("impact", "impact"),
    ("root_cause", "root cause"),
    ("detection_gap", "detection gap"),
];

const ACTION_KEYS: &[&str] = &[
    "id", "title", "owner", "due", "status", "type", "priority", "link", "closed", "note",
];
const TIMELINE_KEYS: &[&str] = &["at", "kind", "text", "by", "trace_id", "link"];
const FOLLOW_UP_KEYS: &[&str] = &["due", "held", "notes", "owner", "history"];
const LESSON_KEYS: &[&str] = &["went_well", "went_wrong", "got_lucky"];
const PAST_REVIEW_KEYS: &[&str] = &["due", "held", "notes"];
const LINK_KEYS: &[&str] = &["title", "url"];

/// The people a post-mortem names in its lists: authors, responders,
/// action-item owners and timeline roles.
pub fn people(tree: &Node) -> Vec<String> {
    let mut out = Vec::new();
    // Authors and responders are people, or teams and offices (`Registry
    // Security Team`, `Legal`, `Core Maintainers`), whose words are no
    // one's name to look for in the prose.
    for key in ["authors", "responders"] {
        if let Some(list) = tree.get(key) {
            out.extend(
                list.items()
                    .iter()
                    .filter_map(|n| n.as_str())
                    .filter(|p| !names_a_group(p))
                    .map(String::from),
            );
        }
    }
    let listed = out.clone();
    // "by: waf on-call" is a role, not someone whose name to look for in
    // the prose ("a WAF rule"). One capitalised word is as often a product
    // (`by: Adyen`, `by: Snowflake`) or a department (`owner: Production`,
    // whose every "production" was then read as naming someone) as a
    // person: it is someone when it is a common first name, or the person
    // is listed among the authors or responders.
    let someone = |name: &str| {
        is_person(name)
            && (name.split_whitespace().count() > 1
                || name.starts_with('@')
                || crate::lint::rules::is_first_name(&name.trim().to_lowercase())
                || listed.iter().any(|p| {
                    p.split_whitespace()
                        .any(|w| w.eq_ignore_ascii_case(name.trim()))
                }))
    };
    let mut found = Vec::new();
    if let Some(items) = tree.get("action_items") {
        for item in items.items() {
            if let Some(owner) = item.get("owner").and_then(Node::as_str)
                && someone(owner)
            {
                found.push(owner.to_string());
            }
        }
    }
    if let Some(owner) = tree
        .get("follow_up")
        .and_then(|f| f.get("owner"))
        .and_then(Node::as_str)
        && someone(owner)
    {
        found.push(owner.to_string());
    }
    if let Some(items) = tree.get("timeline") {
        for item in items.items() {
            if let Some(by) = item.get("by").and_then(Node::as_str)
                && someone(by)
            {
                found.push(by.to_string());
            }
        }
    }
    out.extend(found);
    out
}

/// Owners (and who acted in the timeline) are often teams, roles or
/// programs (`payments`, `platform-team`, `edge on-call`, `CDN provider`,
/// `DBA on-call`, `PagerDuty`, `Stripe status page`): one without a word
/// written as a name, or with a word that names a system, a team, an
/// organisation or a product (lexicon `tools`), is not a person; a name
/// (`Dana Whitfield`, `dana Whitfield`, `Priya (SRE)`) or a handle (`@dana`)
/// is. An abbreviation in capitals is not a name.
fn is_person(owner: &str) -> bool {
    owner.starts_with('@')
        || owner
            .split(|c: char| !c.is_alphanumeric())
            .any(crate::lint::rules::text::is_name_case)
            && !names_a_group(owner)
}

/// Whether a listed name is a team, a role, an office or a product rather
/// than someone: a word of it (not an abbreviation beside a name, as in
/// `Priya (SRE)`) names a system, a team, an organisation, a role or a
/// product. Authors and responders are people unless this says otherwise
/// (`dana` is someone; `Registry Security Team`, `Legal` and `Core
/// Maintainers` are not).
///
/// A name is also a place or an office when its words say so by their
/// shape: a lower-case word that is no first name and no particle of a
/// surname beside a capitalised one (`Baggage control room`, but `dana
/// Whitfield` and `Pieter de Vries` are people), or three or more
/// words none of which is a first name or a particle (`Duty Harbour
/// Master`): each of their words was read as someone's name in the
/// prose ("the harbour").
fn names_a_group(name: &str) -> bool {
    use crate::lint::rules::{
        is_common_word, is_first_name, is_role_word, is_tool_name, text::is_abbreviation,
    };
    if name.starts_with('@') {
        return false;
    }
    let words: Vec<&str> = name
        .split(|c: char| !c.is_alphanumeric() && c != '.' && c != '-')
        .map(|w| w.trim_matches(['.', '-']))
        .filter(|w| !w.is_empty() && !is_abbreviation(w))
        .collect();
    let meaningful = |w: &str| {
        let lower = w.to_lowercase();
        is_common_word(&lower) || is_tool_name(&lower) || is_role_word(&lower)
    };
    // "Live-ops", "Night-shift": every part a word; a department named by
    // its work, "Accessioning", "Dispatching" (a long word in -ing that is
    // no first name).
    let by_meaning = words.iter().any(|w| {
        meaningful(w)
            || (w.contains('-')
                && w.split('-')
                    .all(|part| !part.is_empty() && meaningful(part)))
            || (w.len() >= 9
                && w.to_lowercase().ends_with("ing")
                && !is_first_name(&w.to_lowercase()))
    });
    let first_name = |w: &&str| is_first_name(&w.to_lowercase());
    let capitalised = |w: &&str| w.chars().next().is_some_and(char::is_uppercase);
    const PARTICLES: &[&str] = &[
        "van", "von", "der", "den", "de", "da", "di", "do", "dos", "das", "du", "del", "della",
        "la", "le", "bin", "binti", "al", "el", "ibn", "ten", "ter", "zu", "af", "y", "mac",
    ];
    let lower_word = |w: &&str| !capitalised(w) && !first_name(w) && !PARTICLES.contains(w);
    let particles = words.iter().filter(|w| PARTICLES.contains(w)).count();
    let by_shape = words.len() >= 2
        && !words.iter().any(first_name)
        && ((words.iter().any(capitalised) && words.iter().any(lower_word))
            || (particles == 0 && words.len() >= 3));
    by_meaning || by_shape
}

fn is_placeholder(text: &str) -> bool {
    let t = text.trim().to_lowercase();
    t.is_empty()
        || matches!(
            t.as_str(),
            "todo"
                | "tbd"
                | "tba"
                | "fixme"
                | "xxx"
                | "..."
                | "?"
                | "-"
                | "n/a"
                | "na"
                | "none yet"
                | "fill in"
                | "fill me in"
        )
        || angle_placeholder(&t)
        || (t.starts_with("todo") && t.len() < 40)
        || (t.starts_with("tbd") && t.len() < 40)
}

/// `<fill in the root cause>`: one pair of angle brackets round the whole
/// text. Not text marked up in HTML (`<b>The pool ran out</b>`), which
/// is written, with brackets inside.
fn angle_placeholder(t: &str) -> bool {
    t.strip_prefix('<')
        .and_then(|t| t.strip_suffix('>'))
        .is_some_and(|inner| !inner.contains(['<', '>']))
}

/// A placeholder inside longer text: TODO, TBD, FIXME, <fill in>.
fn placeholder_at(text: &str) -> Option<(usize, usize)> {
    static RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\b(?:TODO|TBD|FIXME|XXX)\b|<(?:fill in|describe|add|todo|tbd|insert)[^>]*>|\blorem ipsum\b").expect("pattern")
    });
    RE.find(text).map(|m| (m.start(), m.end()))
}

/// A question comment of the built-in template that ended up inside a
/// value: answering under the questions of a `|` block makes them part of
/// the text. Lint joins wrapped lines, so the question is found as a `#`
/// followed by the question's words, wherever it starts; the span covers
/// the question.
fn template_question_at(text: &str) -> Option<(usize, usize)> {
    static QUESTIONS: std::sync::LazyLock<Vec<Vec<String>>> = std::sync::LazyLock::new(|| {
        include_str!("../../templates/default.yaml.tera")
            .lines()
            .filter_map(|l| l.trim().strip_prefix('#'))
            .map(|q| {
                q.split_whitespace()
                    .map(str::to_lowercase)
                    .collect::<Vec<_>>()
            })
            .filter(|words| words.len() >= 4)
            .collect()
    });
    for (hash, _) in text.match_indices('#') {
        let rest = &text[hash + 1..];
        let words: Vec<(usize, &str)> = rest
            .split_whitespace()
            .take(40)
            .map(|w| (w.as_ptr() as usize - rest.as_ptr() as usize + w.len(), w))
            .collect();
        for question in QUESTIONS.iter() {
            if words.len() >= question.len()
                && question
                    .iter()
                    .zip(&words)
                    .all(|(q, (_, w))| w.to_lowercase() == *q)
            {
                let end = hash + 1 + words[question.len() - 1].0;
                return Some((hash, end));
            }
        }
    }
    None
}

/// Optimal string alignment distance: insertions, deletions,
/// substitutions and adjacent transpositions (root_casue) cost one.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

/// The known key a typo was probably meant to be.
fn close_to(key: &str, known: &[&'static str]) -> Option<&'static str> {
    if known.contains(&key) {
        return None;
    }
    let k = key.to_lowercase().replace(['-', ' '], "_");
    known.iter().copied().find(|c| {
        let limit = if c.len() <= 4 { 1 } else { 2 };
        *c == k || edit_distance(&k, c) <= limit
    })
}

pub(super) struct Checker<'a> {
    file: &'a str,
    text: &'a str,
    starts: &'a [usize],
    findings: &'a mut Vec<Finding>,
    source: &'a dyn Fn(usize) -> String,
    /// Gaps are warnings in a draft, errors from review on.
    gap: Severity,
}

/// Unquoted text followed on its line by what reads as more of it
/// ("The author of #88213 was lazy"): YAML took `#88213 ...` for a
/// comment. A comment written as one (`# note`, a space after `#`) is
/// left alone.
fn comments_in_text(c: &mut Checker, segments: &[super::prose::Segment]) {
    // Most files have no `#` after a blank at all.
    if !c.text.contains(" #") && !c.text.contains("\t#") {
        return;
    }
    for seg in segments {
        if seg.text.trim().is_empty() {
            continue;
        }
        let (_, (line, column)) = seg.span(0, seg.text.len());
        let Some(&start) = c.starts.get(line - 1) else {
            continue;
        };
        let end = c.starts.get(line).map_or(c.text.len(), |&e| e - 1);
        let source = &c.text[start..end];
        let Some((after, _)) = source.char_indices().nth(column - 1) else {
            continue;
        };
        let rest = &source[after..];
        let spaces = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        let comment = &rest[spaces..];
        if spaces > 0
            && comment.starts_with('#')
            && comment[1..].starts_with(|ch: char| ch.is_alphanumeric())
        {
            let at = start + after + spaces;
            // Escaped where findings are printed, like every message.
            let shown: String = comment.trim_end().chars().take(60).collect();
            c.at(
                "comment-in-text",
                at,
                end,
                Severity::Warning,
                format!(
                    "`{}` ends at a comment: `{shown}` is not part of it",
                    seg.path
                ),
            );
        }
    }
}

impl Checker<'_> {
    fn at(
        &mut self,
        rule: &'static str,
        byte: usize,
        end: usize,
        severity: Severity,
        message: String,
    ) {
        let (line, column) = crate::yaml::position(self.text, self.starts, byte);
        let (end_line, end_column) = crate::yaml::position(self.text, self.starts, end.max(byte));
        let suggestion = info(rule).map(|r| r.suggestion.to_string());
        self.findings.push(Finding {
            file: self.file.to_string(),
            line,
            column,
            end_line,
            end_column: if end_line == line {
                end_column.max(column + 1)
            } else {
                end_column
            },
            rule: rule.into(),
            severity,
            message,
            suggestion,
            source_line: (self.source)(line),
            matched: None,
        });
    }

    pub(super) fn node(
        &mut self,
        rule: &'static str,
        node: &Node,
        severity: Severity,
        message: String,
    ) {
        let end = if node.end > node.start {
            node.end
        } else {
            node.start + 1
        };
        // Point at the first line only.
        let from = node.start.min(self.text.len());
        let first_line_end = crate::yaml::lines(&self.text[from..])
            .next()
            .map_or(self.text.len(), |l| from + l.len());
        self.at(
            rule,
            node.start,
            end.min(first_line_end.max(node.start + 1)),
            severity,
            message,
        );
    }

    fn unknown_keys(&mut self, map: &Node, known: &[&'static str], where_: &str) {
        for (k, _) in map.entries() {
            let Some(name) = k.as_str() else { continue };
            if known.contains(&name) {
                continue;
            }
            if let Some(suggest) = close_to(name, known) {
                self.node(
                    "unknown-key",
                    k,
                    Severity::Warning,
                    format!("`{name}`{where_} is not a key pm knows; did you mean `{suggest}`? Its content is ignored by pm."),
                );
            }
        }
    }
}

/// `pm lint`'s words for the values of a post-mortem the typed loader
/// refuses: the errors of the schema walk (src/lint/schema.rs) on `tree`,
/// parsed from `text`, as (line, column, message). The loader's errors
/// take these words (`store::parse_postmortem`), so every command says
/// what a field must be as lint does, in one place.
pub fn schema_errors(text: &str, tree: &Node) -> Vec<(usize, usize, String)> {
    let starts = crate::yaml::line_starts(text);
    let mut findings = Vec::new();
    let source = |_: usize| String::new();
    let mut c = Checker {
        file: "",
        text,
        starts: &starts,
        findings: &mut findings,
        source: &source,
        gap: Severity::Warning,
    };
    super::schema::check(&mut c, tree);
    findings
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| (f.line, f.column, f.message))
        .collect()
}

/// One parsed file, as the completeness checks see it.
pub struct Document<'a> {
    pub file: &'a str,
    pub text: &'a str,
    pub starts: &'a [usize],
    pub tree: &'a Node,
    pub segments: &'a [super::prose::Segment],
    pub source: &'a dyn Fn(usize) -> String,
    /// pm.yaml's severities; empty outside a repository.
    pub severities: &'a [String],
    /// The timeline kinds (built-in and pm.yaml's); empty outside a
    /// repository.
    pub timeline_kinds: &'a [String],
}

pub fn check(doc: &Document, status_override: Option<&str>, findings: &mut Vec<Finding>) {
    let Document {
        file,
        text,
        starts,
        tree,
        segments,
        source,
        severities,
        timeline_kinds,
    } = *doc;
    if !matches!(tree.kind, NodeKind::Map(_)) {
        // At the value that is not a mapping (after any leading comments).
        let (line, column) = crate::yaml::line_col(text, tree.start);
        findings.push(Finding {
            file: file.into(),
            line,
            column,
            end_line: line,
            end_column: column + 1,
            rule: "parse-error".into(),
            severity: Severity::Error,
            message:
                "a post-mortem is a YAML mapping of keys (pm, id, title, ...); this file is not"
                    .into(),
            suggestion: Some("start from `pm new`".into()),
            source_line: source(line),
            matched: None,
        });
        return;
    }
    let status = status_override
        .map(str::to_string)
        .or_else(|| {
            tree.get("status")
                .and_then(Node::as_str)
                .map(str::to_string)
        })
        .unwrap_or_else(|| "draft".into());
    let rank = match status.as_str() {
        "draft" => 0,
        "review" => 1,
        "published" => 2,
        "closed" => 3,
        _ => 0,
    };
    let mut c = Checker {
        file,
        text,
        starts,
        findings,
        source,
        gap: if rank == 0 {
            Severity::Warning
        } else {
            Severity::Error
        },
    };
    let gap = c.gap;

    for key in ["pm", "id", "title", "status", "severity", "date"] {
        match tree.entry(key) {
            None => c.at(
                "missing-field",
                0,
                1,
                Severity::Error,
                format!("`{key}` is missing"),
            ),
            // `id: ~`: at the key, as the loader reports it (a property
            // test found the two on different lines).
            Some((k, v)) if v.is_null() => c.node(
                "missing-field",
                k,
                Severity::Error,
                crate::model::null_required(key, key),
            ),
            Some(_) => {}
        }
    }
    // What the typed loader requires, every problem at its place.
    super::schema::check(&mut c, tree);
    comments_in_text(&mut c, segments);
    // The severity is one of pm.yaml's: `pm new` takes no other, and
    // `pm stats` and the due-date policy group by it.
    // Compared as written, as `pm list --severity` and the due-date
    // policy compare it: "SEV2 " is not SEV2 to them.
    if let Some(node) = tree.get("severity")
        && let Some(severity) = node.as_str()
        && !severity.trim().is_empty()
        && !severities.is_empty()
        && !severities.iter().any(|s| s == severity)
    {
        let like = severities
            .iter()
            .find(|s| s.trim().eq_ignore_ascii_case(severity.trim()));
        c.node(
            "unknown-severity",
            node,
            Severity::Warning,
            match like {
                Some(s) => format!("severity `{severity}` is written `{s}` in pm.yaml"),
                None => format!(
                    "severity `{severity}` is not one of pm.yaml's severities ({})",
                    severities.join(", ")
                ),
            },
        );
    }
    // The id names the file (docs/format.md). A copied post-mortem keeps
    // the id of the one it came from, and two files answer to one id.
    if let Some(id_node) = tree.get("id")
        && let Some(id) = id_node.as_str().map(str::trim)
        && !id.is_empty()
    {
        let stem = std::path::Path::new(file)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("");
        // Year folders hold the ids of their year: a copy under another
        // year's folder keeps its name and still answers to the same id.
        let folder = std::path::Path::new(file)
            .parent()
            .and_then(|p| p.file_name())
            .and_then(|s| s.to_str())
            .unwrap_or("");
        let is_year = |s: &str| s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit());
        let id_year = id
            .get(..4)
            .filter(|y| is_year(y) && id[4..].starts_with('-'));
        if id != stem {
            c.node(
                "id-file-name",
                id_node,
                Severity::Warning,
                format!(
                    "the id `{id}` is not the file's name (`{}`), so pm may show another file for `{id}`",
                    crate::output::name(stem)
                ),
            );
        } else if let Some(year) = id_year
            && is_year(folder)
            && folder != year
        {
            c.node(
                "id-file-name",
                id_node,
                Severity::Warning,
                format!("the id `{id}` belongs in the {year} folder, not in {folder}/: a copy there answers to the same id as the one in {year}/"),
            );
        }
    }
    let date = tree
        .get("date")
        .and_then(Node::as_str)
        .and_then(|s| crate::clock::iso_date(s.trim()));
    dash_id(&mut c, tree, date);

    // Sections that must be written.
    for (key, label) in PROSE_SECTIONS {
        match tree.entry(key) {
            None => c.at(
                "empty-section",
                0,
                1,
                gap,
                format!("the {label} section (`{key}`) is missing"),
            ),
            Some((k, v)) => {
                let text = v.as_str().unwrap_or("");
                if v.is_null() || is_placeholder(text) && matches!(v.kind, NodeKind::Scalar { .. })
                {
                    c.node(
                        "empty-section",
                        k,
                        gap,
                        if v.is_null() || text.trim().is_empty() {
                            format!(
                                "the {label} section (`{key}`) is empty: its questions are unanswered"
                            )
                        } else {
                            format!(
                                "the {label} section (`{key}`) holds only a placeholder, `{}`: its questions are unanswered",
                                text.trim()
                            )
                        },
                    );
                }
            }
        }
    }
    // Placeholders inside written text.
    for seg in segments {
        let found = template_question_at(&seg.text)
            .map(|span| (span, true))
            .or_else(|| placeholder_at(&seg.text).map(|span| (span, false)));
        if let Some(((s, e), question)) = found {
            let ((line, column), (end_line, end_column)) = seg.span(s, e);
            let word = &seg.text[s..e];
            let message = if question {
                format!(
                    "the template's question `{word}` is part of the text of {}: it was written inside the value, so readers see it",
                    seg.path
                )
            } else {
                format!("`{word}` in {} is a placeholder", seg.path)
            };
            c.findings.push(Finding {
                file: file.into(),
                line,
                column,
                end_line,
                end_column,
                rule: "placeholder".into(),
                severity: gap,
                message,
                suggestion: info("placeholder").map(|r| r.suggestion.to_string()),
                source_line: source(line),
                matched: None,
            });
        }
    }

    // Timeline.
    let timeline = tree.get("timeline");
    let entries = timeline.map(|t| t.items()).unwrap_or(&[]);
    if entries.is_empty() && rank >= 1 {
        let node = tree.entry("timeline").map(|(k, _)| k.clone());
        match node {
            Some(k) => c.node(
                "missing-timeline",
                &k,
                gap,
                "the timeline has no entries".into(),
            ),
            None => c.at(
                "missing-timeline",
                0,
                1,
                gap,
                "the timeline is missing".into(),
            ),
        }
    }
    let mut previous: Option<DateTime<chrono::FixedOffset>> = None;
    let mut kinds = Vec::new();
    let mut milestones: Vec<(&str, DateTime<chrono::FixedOffset>, &Node)> = Vec::new();
    for entry in entries {
        c.unknown_keys(entry, TIMELINE_KEYS, " in a timeline entry");
        // A missing or unreadable `at` is reported by the schema check.
        let Some(at_node) = entry.get("at") else {
            continue;
        };
        let at_text = at_node.as_str().unwrap_or("");
        // Not RFC 3339: the schema check reports it, as the loader refuses
        // it (clock::read_at).
        if let Some(at) = crate::clock::read_at(at_text) {
            // chrono reads `:60` at any minute; UTC has it only at
            // 23:59:60, and import and `--at` refuse the others.
            if !crate::clock::happens(at) {
                c.node(
                        "invalid-value",
                        at_node,
                        Severity::Error,
                        format!(
                            "timeline time `{at_text}` did not happen: {}; correct it with `pm timeline edit N --at ...`",
                            crate::clock::TimeError::LeapSecond
                        ),
                    );
            }
            if previous.is_some_and(|p| at < p) {
                let severity = if rank >= 2 {
                    Severity::Error
                } else {
                    Severity::Warning
                };
                c.node(
                    "timeline-order",
                    at_node,
                    severity,
                    format!("{at_text} is earlier than the entry before it"),
                );
            }
            previous = Some(previous.map_or(at, |p| p.max(at)));
            let kind = entry.get("kind").and_then(Node::as_str).unwrap_or("note");
            if let Some(kind) = [
                "impact-start",
                "detected",
                "acknowledged",
                "mitigated",
                "resolved",
            ]
            .into_iter()
            .find(|k| *k == kind.trim())
            {
                milestones.push((kind, at, at_node));
            }
        }
        if let Some(node) = entry.get("kind").filter(|k| !k.is_null())
            && let Some(kind) = node.as_str()
            && !timeline_kinds.is_empty()
            && !timeline_kinds.iter().any(|k| k == kind)
        {
            let like = timeline_kinds
                .iter()
                .find(|k| k.eq_ignore_ascii_case(kind.trim()));
            c.node(
                "unknown-timeline-kind",
                node,
                Severity::Warning,
                match like {
                    Some(k) => format!(
                        "timeline kind `{kind}` is written `{k}`; as written, it is not that kind"
                    ),
                    None => format!(
                        "timeline kind `{kind}` is not one pm knows ({})",
                        timeline_kinds.join(", ")
                    ),
                },
            );
        }
        kinds.push(
            entry
                .get("kind")
                .and_then(Node::as_str)
                .unwrap_or("note")
                .to_string(),
        );
    }
    let impact = milestones
        .iter()
        .filter(|(k, ..)| *k == "impact-start")
        .map(|(_, at, _)| *at)
        .min();
    if let Some(impact) = impact {
        let starts: Vec<&(&str, DateTime<chrono::FixedOffset>, &Node)> = milestones
            .iter()
            .filter(|(k, ..)| *k == "impact-start")
            .collect();
        for (_, at, node) in starts.iter().skip(1) {
            c.node(
                "several-impact-starts",
                node,
                Severity::Warning,
                format!(
                    "another `impact-start` entry, at {}: the figures count from the first one ({}); is this another incident merged into this post-mortem?",
                    at.to_rfc3339(),
                    impact.to_rfc3339()
                ),
            );
        }
    }
    if let Some(impact) = impact {
        for (kind, at, node) in &milestones {
            if *kind != "impact-start" && *at < impact {
                c.node(
                    "milestone-order",
                    node,
                    Severity::Warning,
                    format!(
                        "`{kind}` at {} is before impact started ({}), so the figures from it are negative",
                        at.to_rfc3339(),
                        impact.to_rfc3339()
                    ),
                );
            }
        }
    }
    if rank >= 2 {
        for milestone in ["impact-start", "detected"] {
            if !kinds.iter().any(|k| k == milestone) {
                let anchor = tree.entry("timeline").map(|(k, _)| k.clone());
                let message = format!("the timeline has no `{milestone}` entry");
                match anchor {
                    Some(k) => c.node("missing-milestone", &k, Severity::Error, message),
                    None => c.at("missing-milestone", 0, 1, Severity::Error, message),
                }
            }
        }
    }

    // Action items.
    let actions = tree.get("action_items").map(|a| a.items()).unwrap_or(&[]);
    if actions.is_empty() {
        let anchor = tree.entry("action_items").map(|(k, _)| k.clone());
        let message =
            "no action items yet: what will change so this does not happen again?".to_string();
        match anchor {
            Some(k) => c.node("missing-action-items", &k, gap, message),
            None => c.at("missing-action-items", 0, 1, gap, message),
        }
    }
    let next_id = crate::model::next_action_id(
        actions
            .iter()
            .filter_map(|a| a.get("id").filter(|n| !n.is_null())?.as_str()),
    );
    // Each id that holds no number is offered one of its own, in order:
    // following every suggestion never makes two items share an id.
    let mut free = u64::from(crate::model::action_id_number(&next_id).unwrap_or(1));
    let mut seen: Vec<(&str, &Node)> = Vec::new();
    for item in actions {
        if let Some(id_node) = item.get("id").filter(|n| !n.is_null())
            && let Some(id) = id_node.as_str().map(str::trim).filter(|s| !s.is_empty())
        {
            match seen.iter().find(|(s, _)| s.eq_ignore_ascii_case(id)) {
                Some((_, first)) => {
                    let (first_line, _) = crate::yaml::line_col(text, first.start);
                    c.node(
                        "duplicate-action-id",
                        id_node,
                        Severity::Error,
                        format!("{id} is also the id of the action item at line {first_line}; the next free id is {next_id}"),
                    );
                }
                None => seen.push((id, id_node)),
            }
            // The schema's `^A[0-9]+$`: `pm action done ID#A2` and `pm due`
            // address an item by it, so an id that is not one cannot be
            // closed with pm. A lowercase `a3` is one pm reads (as A3),
            // but not the schema.
            if !id.starts_with('A') || crate::model::action_id_number(id).is_none() {
                let message = match crate::model::action_id_number(id) {
                    Some(n) => format!(
                        "action item id `{id}` is not written as the schema writes ids, a capital A and a number: pm reads it as A{n}, but tools that check the schema do not; write `id: A{n}`"
                    ),
                    None => {
                        let write = format!("A{free}");
                        free += 1;
                        format!(
                            "action item id `{id}` is not A and a number, so no pm command can address it; write `id: {write}`"
                        )
                    }
                };
                c.node("invalid-value", id_node, Severity::Error, message);
            }
        }
        c.unknown_keys(item, ACTION_KEYS, " in an action item");
        let id = item
            .get("id")
            .and_then(Node::as_str)
            .unwrap_or("an action item")
            .to_string();
        let status = item.get("status").and_then(Node::as_str).unwrap_or("open");
        let open = status == "open";
        match item.get("owner") {
            // `owner: ~` is no owner, as every other command reads it.
            Some(o) if !o.is_null() && o.as_str().is_some_and(|s| !s.trim().is_empty()) => {}
            // An owner of the wrong type (`owner: [bob]`) is there: the
            // schema check reports its type, once.
            Some(o) if matches!(o.kind, NodeKind::Seq(_) | NodeKind::Map(_)) => {}
            _ if !open => {}
            other => c.node(
                "action-owner",
                other.unwrap_or(item),
                Severity::Error,
                format!("{id} has no owner"),
            ),
        }
        if let Some(closed) = item.get("closed").filter(|d| !d.is_null()) {
            // A closed date that is not a date is reported by the schema check.
            let text = closed.as_str().unwrap_or("").trim();
            if let Some(day) = crate::clock::iso_date(text) {
                if open {
                    c.node(
                        "action-closed-date",
                        closed,
                        Severity::Warning,
                        format!("{id} is open but has a closed date ({day}); mark it done or dropped, or remove `closed`"),
                    );
                } else if let Some(date) = date.filter(|date| day < *date) {
                    c.node(
                        "action-closed-date",
                        closed,
                        Severity::Warning,
                        format!("{id} was closed {day}, before the incident ({date})"),
                    );
                }
            }
        }
        match item.get("due") {
            Some(d) if !d.is_null() => {
                // A due date that is not a date is reported by the schema check.
                let text = d.as_str().unwrap_or("");
                if let Some(due) = crate::clock::iso_date(text.trim())
                    && let Some(date) = date.filter(|date| due < *date)
                {
                    c.node(
                        "action-due-before-incident",
                        d,
                        Severity::Error,
                        format!("{id} is due {due}, before the incident ({date})"),
                    );
                }
            }
            _ if !open => {}
            other => c.node(
                "action-due",
                other.unwrap_or(item),
                Severity::Error,
                format!("{id} has no due date"),
            ),
        }
    }

    // Follow-up.
    let follow_due = tree
        .get("follow_up")
        .and_then(|f| f.get("due"))
        .filter(|d| !d.is_null());
    if rank >= 2 && follow_due.is_none() {
        let anchor = tree.entry("follow_up").map(|(k, _)| k.clone());
        let message =
            "a published post-mortem needs a follow-up review date (`follow_up.due`)".to_string();
        match anchor {
            Some(k) => c.node("no-follow-up", &k, Severity::Error, message),
            None => c.at("no-follow-up", 0, 1, Severity::Error, message),
        }
    }
    if let Some(f) = tree.get("follow_up") {
        c.unknown_keys(f, FOLLOW_UP_KEYS, " in follow_up");
        // Every mapping of the format is checked, the nested ones too: a
        // misspelt `held` in a past review is as lost as one at the top.
        if let Some(history) = f.get("history") {
            for review in history.items() {
                c.unknown_keys(
                    review,
                    PAST_REVIEW_KEYS,
                    " in a past review (follow_up.history)",
                );
            }
        }
    }
    if let Some(links) = tree.get("links") {
        for link in links.items() {
            c.unknown_keys(link, LINK_KEYS, " in a link");
        }
    }
    if let Some(l) = tree.get("lessons") {
        c.unknown_keys(l, LESSON_KEYS, " in lessons");
    }
    c.unknown_keys(tree, KNOWN_KEYS, "");
}

/// The id (the file's name, docs/format.md "Ids") starts with `-`: typed
/// bare, every command reads it as flags. A warning at `id:` (or the
/// file's start), with the `git mv` that gives the file an id of pm's
/// form when the title and date say what it is.
fn dash_id(c: &mut Checker, tree: &Node, date: Option<chrono::NaiveDate>) {
    let path = std::path::Path::new(c.file);
    let Some(id) = path
        .file_stem()
        .and_then(|s| s.to_str())
        .filter(|id| id.starts_with('-'))
    else {
        return;
    };
    let message = format!(
        "the id `{}` starts with `-`, so a command reads it as flags: it must be typed after `--` (`pm show -- {}`)",
        crate::output::name(id),
        crate::output::name(id),
    );
    match tree.get("id") {
        Some(node) => c.node("id-starts-with-dash", node, Severity::Warning, message),
        None => c.at("id-starts-with-dash", 0, 1, Severity::Warning, message),
    }
    let slug = tree
        .get("title")
        .and_then(Node::as_str)
        .map(crate::store::slug)
        .filter(|s| !s.is_empty());
    if let (Some(date), Some(slug)) = (date, slug)
        && let Some(finding) = c.findings.last_mut()
    {
        let new_id = format!("{date}-{slug}");
        let folder = path
            .parent()
            .map(|p| p.to_string_lossy())
            .unwrap_or_default();
        let new_path = if folder.is_empty() {
            format!("{new_id}.yaml")
        } else {
            format!("{folder}/{new_id}.yaml")
        };
        // A path that starts with `-` itself (a file at the repository's
        // top) comes after `--` too, or git reads it as flags.
        let dashes = if c.file.starts_with('-') { "-- " } else { "" };
        // The check sees one file: an id taken by another file gets `-2`,
        // as `pm new` would give it.
        finding.suggestion = Some(format!(
            "rename it: `git mv {dashes}{} {}` (if that id is taken, add -2, -3, ...), and make its `id:` the new name",
            crate::output::shell_word(c.file),
            crate::output::shell_word(&new_path),
        ));
    }
}

/// The finding for a YAML file under postmortems/ that no command reads
/// (`Store::misplaced`).
pub fn misplaced(file: &str) -> Finding {
    whole_file(
        "misplaced-file",
        Severity::Warning,
        "pm does not read this file: post-mortems live at postmortems/<year>/<id>.yaml, so no command lists, checks or shows it".into(),
        info("misplaced-file").map(|r| r.suggestion.to_string()),
        file,
    )
}

/// The file at `file` has the id `id`, which the files at `others` have
/// too (in any case, in Unicode NFC). Their paths are shown apart: the NFD
/// name macOS wrote has its combining marks spelled out.
pub fn duplicate_id(file: &str, id: &str, others: &[String]) -> Finding {
    let others: Vec<String> = others
        .iter()
        .map(|o| crate::output::name_apart(o).into_owned())
        .collect();
    whole_file(
        "duplicate-id",
        Severity::Warning,
        format!(
            "the id `{}` is also the id of {}: `pm show {}` cannot tell them apart (their paths still name each one)",
            crate::output::name(id),
            others.join(" and "),
            crate::output::name(id),
        ),
        info("duplicate-id").map(|r| r.suggestion.to_string()),
        file,
    )
}

/// A file that does not parse keeps only the findings about the file
/// itself (its parse error, conflict markers): the others wait until it
/// parses, as the parse error's suggestion says.
fn keep_file_findings(findings: &mut Vec<Finding>) {
    findings.retain(|f| FILE_RULES.contains(&f.rule.as_str()));
}

/// Lint one file as `pm lint` does: the linter, then the typed loader
/// itself, which `pm show`, `pm edit` and the writers use. Whatever the
/// loader refuses that the linter did not report on that line (syntax its
/// YAML parser refuses and the span parser accepts, such as a line of a
/// tab; an alias or a tag) is reported as the loader says, so `pm lint`
/// never passes a file the other commands refuse.
///
/// The loader does not run on a file the summary reader's strict scanner
/// reads (`index::Summary::fast`): the loader is known to accept those
/// (the property tests in tests/cli/fast_paths.rs check it), so pm's own
/// layout is parsed once, not twice.
pub fn lint_file(linter: &super::Linter, file: &str, text: &str) -> Vec<Finding> {
    // One scan serves both: the summary reader's check and the linter.
    let (body, _) = crate::yaml::strip_bom(text);
    let scanned = crate::yaml::fast_lite(body);
    let accepted = scanned
        .as_ref()
        .is_some_and(|tree| crate::index::Summary::from_scanned(tree).is_some());
    let mut findings = linter.lint_scanned(file, text, None, scanned.map(|t| t.into_node()));
    // A file that does not parse already has its error, and only that:
    // its other findings wait until it parses (the suggestion says so).
    if findings.iter().any(|f| f.rule == "parse-error") {
        keep_file_findings(&mut findings);
        return findings;
    }
    if accepted {
        return findings;
    }
    // The span tree parsed (the linter found no parse error), so the
    // loader need not parse it a second time.
    let Err(err) = crate::store::parse_postmortem_after_tree(text) else {
        return findings;
    };
    // A merge key is the cause of the fields it was to bring in being
    // missing: said alone, at its line, as every other command says it.
    if err.message.starts_with(crate::store::MERGE_KEY) {
        findings.clear();
    }
    // A required field left null (`severity: ~`) is the linter's
    // `missing-field`, wherever that finding points.
    // Like any file the loader refuses, its other findings wait (a null
    // severity is not also an unknown severity `~`).
    let null_field = crate::model::null_required_field(&err.message);
    if findings.iter().any(|f| {
        f.rule == "missing-field"
            && null_field
                .as_ref()
                .is_some_and(|field| f.message.contains(&format!("`{field}`")))
    }) {
        keep_file_findings(&mut findings);
        return findings;
    }
    // A required field left out (`missing field `id``) is the linter's
    // `missing-field` too, said once, wherever each points.
    let left_out = err
        .message
        .split_once("missing field `")
        .and_then(|(_, rest)| rest.split_once('`'))
        .is_some_and(|(field, _)| {
            findings.iter().any(|f| {
                f.rule == "missing-field"
                    && f.severity == Severity::Error
                    && f.message.contains(&format!("`{field}`"))
            })
        });
    let covered = left_out
        || findings.iter().any(|f| {
            f.line == err.line
                && f.severity == Severity::Error
                && FILE_RULES.contains(&f.rule.as_str())
        });
    if covered {
        return findings;
    }
    // As for any file that does not parse, its other findings wait until
    // it does (the parse error's suggestion says so): they were made from
    // a reading of the file that pm's other commands refuse.
    keep_file_findings(&mut findings);
    let (body, _) = crate::yaml::strip_bom(text);
    let (line, column) = (err.line.max(1), err.column.max(1));
    findings.push(Finding {
        file: file.to_string(),
        line,
        column,
        end_line: line,
        end_column: column + 1,
        rule: "parse-error".into(),
        severity: Severity::Error,
        message: format!("the file cannot be read as a post-mortem: {}", err.message),
        suggestion: info("parse-error").map(|r| r.suggestion.to_string()),
        source_line: super::shown_line(crate::yaml::lines(body).nth(line - 1).unwrap_or("")),
        matched: None,
    });
    findings.sort_by(|a, b| (a.line, a.column, &a.rule).cmp(&(b.line, b.column, &b.rule)));
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_are_close() {
        assert_eq!(close_to("root_casue", KNOWN_KEYS), Some("root_cause"));
        assert_eq!(close_to("sumary", KNOWN_KEYS), Some("summary"));
        assert_eq!(close_to("action-items", KNOWN_KEYS), Some("action_items"));
        assert_eq!(close_to("customer_quotes", KNOWN_KEYS), None);
        assert_eq!(close_to("summary", KNOWN_KEYS), None);
    }
}
