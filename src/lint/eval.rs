//! `pm lint --eval FILE.tsv...`: how well the blame check does on labelled
//! sentences.
//!
//! Two file formats are read, line by line (`#` lines are comments):
//!
//! - the corpus format, four columns: `label<TAB>family<TAB>source<TAB>sentence`,
//!   label `blame`, `ok` or `unsure` (unsure is counted but not scored);
//! - the hand-written format of `tests/lint/eval.tsv`, three columns:
//!   `family<TAB>label<TAB>sentence`.
//!
//! A comment `# people: Name One, Name Two` names people the sentences may
//! mention, as a post-mortem's authors would; `# services: fleet-manager,
//! api` names services, as a post-mortem's `services:` would; `# field:
//! timeline` (or `action_items`) lints the sentences after it, up to the
//! next `# field:`, as timeline entries (or action-item titles) instead,
//! where names are expected and `naming-individuals` is quiet; a prose
//! field (`# field: root_cause`, `summary`, `lessons.went_wrong`, ...)
//! lints them as paragraphs of that field.
//!
//! Every sentence is linted as one item of `contributing_factors` in a
//! post-mortem, with the repository's pm.yaml, so the figures are those a
//! team would see. A blaming sentence is caught when a blame rule reports a
//! warning or an error on it; a blameless sentence is a false error when a
//! rule reports an error on it, and a false warning when its strongest
//! finding is a warning. Completeness findings are not counted.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use super::{Finding, Linter, Severity, completeness};
use crate::error::UserError;

/// One labelled sentence.
#[derive(Debug, Clone)]
pub struct Labelled {
    pub blame: Option<bool>,
    pub family: String,
    pub source: String,
    pub text: String,
    /// Line in its file, for messages.
    pub line: usize,
    /// Where it is linted: the last `# field:` above it.
    pub field: Field,
}

/// A labelled file: its sentences and the people it names.
#[derive(Debug, Clone, Default)]
pub struct LabelledFile {
    pub sentences: Vec<Labelled>,
    pub people: Vec<String>,
    pub services: Vec<String>,
}

/// The post-mortem field a labelled file's sentences are linted in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Field {
    #[default]
    ContributingFactors,
    Timeline,
    ActionItems,
    /// A field of prose, each sentence a paragraph of it: `root_cause`,
    /// `summary`, ... or a list under `lessons` (`lessons.went_wrong`).
    Prose(&'static str),
}

/// The prose fields `# field:` can name, besides the three lists above.
const PROSE_FIELDS: &[&str] = &[
    "summary",
    "impact",
    "trigger",
    "root_cause",
    "detection_gap",
    "response",
    "lessons.went_well",
    "lessons.went_wrong",
    "lessons.got_lucky",
    "follow_up.notes",
];

/// Read a labelled TSV file (either format); a malformed line is an error
/// naming the file and line.
pub fn parse(shown: &str, text: &str) -> Result<LabelledFile, UserError> {
    let mut out = LabelledFile::default();
    // Sentences are linted as contributing factors until a `# field:`
    // line says otherwise, and in that field until the next one.
    let mut field = Field::default();
    // A byte-order mark, as some editors and spreadsheets write.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            let list = |l: &str| -> Vec<String> {
                l.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect()
            };
            if let Some(names) = comment.trim().strip_prefix("people:") {
                out.people.extend(list(names));
            } else if let Some(names) = comment.trim().strip_prefix("services:") {
                out.services
                    .extend(list(names).iter().map(|s| s.to_ascii_lowercase()));
            } else if let Some(name) = comment.trim().strip_prefix("field:") {
                field = match name.trim() {
                    "contributing_factors" => Field::ContributingFactors,
                    "timeline" => Field::Timeline,
                    "action_items" => Field::ActionItems,
                    other => match PROSE_FIELDS.iter().find(|&&f| f == other) {
                        Some(f) => Field::Prose(f),
                        None => {
                            return Err(UserError::new(format!(
                                "{shown}:{line_no}: unknown field `{other}` in `# field:`; use contributing_factors, timeline, action_items or one of {}",
                                PROSE_FIELDS.join(", ")
                            )));
                        }
                    },
                };
            }
            continue;
        }
        let parts: Vec<&str> = line.split('\t').collect();
        let label = |l: &str| match l.trim() {
            "blame" => Some(Some(true)),
            "ok" => Some(Some(false)),
            "unsure" => Some(None),
            _ => None,
        };
        let row = match parts.as_slice() {
            [l, family, source, sentence] if label(l).is_some() => Labelled {
                blame: label(l).flatten(),
                family: family.trim().to_string(),
                source: source.trim().to_string(),
                text: sentence.trim().to_string(),
                line: line_no,
                field,
            },
            [family, l, sentence] if label(l).is_some() => Labelled {
                blame: label(l).flatten(),
                family: family.trim().to_string(),
                source: String::new(),
                text: sentence.trim().to_string(),
                line: line_no,
                field,
            },
            _ => {
                return Err(UserError::new(format!(
                    "{shown}:{line_no}: not a labelled sentence"
                ))
                .hint("use label<TAB>family<TAB>source<TAB>sentence (label blame, ok or unsure)")
                .hint("or family<TAB>label<TAB>sentence, as in tests/lint/eval.tsv"));
            }
        };
        if row.text.is_empty() {
            return Err(UserError::new(format!(
                "{shown}:{line_no}: the sentence is empty"
            )));
        }
        if (row.family.is_empty()) && row.blame.is_some() {
            return Err(UserError::new(format!(
                "{shown}:{line_no}: the family is empty"
            )));
        }
        out.sentences.push(row);
    }
    Ok(out)
}

/// The strongest blame finding on a sentence, and every blame finding.
#[derive(Debug, Clone, Default)]
pub struct Verdict {
    pub severity: Option<Severity>,
    pub findings: Vec<(String, Severity, String)>,
}

/// Lint each sentence in a post-mortem and return what was found per sentence.
pub fn lint_sentences(linter: &Linter, file: &LabelledFile) -> Vec<Verdict> {
    let mut text = String::from(
        "pm: 1\nid: 2026-01-01-eval\ntitle: Evaluation\nstatus: draft\nseverity: SEV2\ndate: 2026-01-01\n",
    );
    let quote = |s: &str| format!("'{}'", s.replace('\'', "''"));
    let flow = |items: &[String]| {
        let quoted: Vec<String> = items.iter().map(|i| quote(i)).collect();
        format!("[{}]", quoted.join(", "))
    };
    text.push_str(&format!(
        "authors: {}\nservices: {}\n",
        flow(&file.people),
        flow(&file.services)
    ));
    // Each field's sentences under its own key, one line per item in
    // flow style (or per paragraph, in a prose field): a finding's line is
    // its sentence.
    let mut line_of = BTreeMap::new();
    let mut lines = text.lines().count();
    let mut push = |text: &mut String, line: String, sentence: Option<usize>| {
        lines += 1;
        if let Some(i) = sentence {
            line_of.insert(lines, i);
        }
        text.push_str(&line);
        text.push('\n');
    };
    let fields = [
        Field::ContributingFactors,
        Field::Timeline,
        Field::ActionItems,
    ]
    .into_iter()
    .chain(PROSE_FIELDS.iter().map(|&f| Field::Prose(f)));
    let mut lessons = false;
    for field in fields {
        let mut items = file
            .sentences
            .iter()
            .enumerate()
            .filter(|(_, s)| s.field == field)
            .peekable();
        if items.peek().is_none() {
            continue;
        }
        match field {
            Field::ContributingFactors => push(&mut text, "contributing_factors:".into(), None),
            Field::Timeline => push(&mut text, "timeline:".into(), None),
            Field::ActionItems => push(&mut text, "action_items:".into(), None),
            Field::Prose(name) => match name.strip_prefix("lessons.") {
                Some(part) => {
                    if !std::mem::replace(&mut lessons, true) {
                        push(&mut text, "lessons:".into(), None);
                    }
                    push(&mut text, format!("  {part}:"), None);
                }
                None => match name.split_once('.') {
                    // `follow_up.notes`: a literal block under its mapping.
                    Some((parent, key)) => {
                        push(&mut text, format!("{parent}:"), None);
                        push(&mut text, format!("  {key}: |-"), None);
                    }
                    None => push(&mut text, format!("{name}: |-"), None),
                },
            },
        }
        for (n, (i, s)) in items.enumerate() {
            // One line per sentence; control characters would break the YAML.
            let clean: String = s
                .text
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            let line = match field {
                Field::ContributingFactors => format!("  - {}", quote(&clean)),
                Field::Timeline => format!(
                    "  - {{at: '2026-01-01T00:00:00Z', kind: note, text: {}}}",
                    quote(&clean)
                ),
                Field::ActionItems => format!(
                    "  - {{title: {}, owner: eval, due: 2026-01-15, status: open}}",
                    quote(&clean)
                ),
                Field::Prose(name) if name.starts_with("lessons.") => {
                    format!("    - {}", quote(&clean))
                }
                // A paragraph of its own in a literal block: the sentence
                // as written, nothing to escape.
                Field::Prose(name) => {
                    if n > 0 {
                        push(&mut text, String::new(), None);
                    }
                    let indent = if name.contains('.') { "    " } else { "  " };
                    format!("{indent}{}", clean.trim())
                }
            };
            push(&mut text, line, Some(i));
        }
    }
    let completeness_rules: Vec<&str> = completeness::RULES.iter().map(|r| r.id).collect();
    let findings: Vec<Finding> = linter.lint("eval.yaml", &text, None);
    let mut out = vec![Verdict::default(); file.sentences.len()];
    for f in findings {
        let Some(&i) = line_of.get(&f.line) else {
            continue;
        };
        if completeness_rules.contains(&f.rule.as_str()) || f.rule == "parse-error" {
            continue;
        }
        let v = &mut out[i];
        v.severity = Some(v.severity.map_or(f.severity, |s| s.min(f.severity)));
        // The words as written (`matched` is lowercase, for `lint.allow`).
        let written: Option<String> =
            (f.line == f.end_line && f.column < f.end_column).then(|| {
                f.source_line
                    .chars()
                    .skip(f.column.saturating_sub(1))
                    .take(f.end_column - f.column)
                    .collect()
            });
        let words = written
            .filter(|w| f.matched.as_deref().is_some_and(|m| w.to_lowercase() == m))
            .or(f.matched)
            .unwrap_or_default();
        v.findings.push((f.rule, f.severity, words));
    }
    out
}

/// Counts for one family (or for all).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Counts {
    pub blaming: usize,
    /// Blaming sentences with a warning or an error.
    pub caught: usize,
    pub caught_as_error: usize,
    pub blameless: usize,
    pub false_errors: usize,
    /// Blameless sentences whose strongest finding is a warning.
    pub false_warnings: usize,
    pub unsure: usize,
}

impl Counts {
    fn add(&mut self, blame: Option<bool>, v: &Verdict) {
        let error = v.severity == Some(Severity::Error);
        let warning = v.severity == Some(Severity::Warning);
        match blame {
            Some(true) => {
                self.blaming += 1;
                self.caught += usize::from(error || warning);
                self.caught_as_error += usize::from(error);
            }
            Some(false) => {
                self.blameless += 1;
                self.false_errors += usize::from(error);
                self.false_warnings += usize::from(warning);
            }
            None => self.unsure += 1,
        }
    }
}

/// The figures derived from counts.
#[derive(Debug, Clone, Serialize)]
pub struct Figures {
    #[serde(flatten)]
    pub counts: Counts,
    /// Caught / blaming (warning or error).
    pub recall: Option<f64>,
    pub recall_error: Option<f64>,
    /// Of the sentences with a warning or an error, the share that blame.
    pub precision: Option<f64>,
    /// Of the sentences with an error, the share that blame.
    pub precision_error: Option<f64>,
    pub false_error_rate: Option<f64>,
    pub false_warning_rate: Option<f64>,
}

fn ratio(a: usize, b: usize) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

impl Figures {
    fn of(c: &Counts) -> Figures {
        let flagged = c.caught + c.false_errors + c.false_warnings;
        let flagged_error = c.caught_as_error + c.false_errors;
        Figures {
            recall: ratio(c.caught, c.blaming),
            recall_error: ratio(c.caught_as_error, c.blaming),
            precision: ratio(c.caught, flagged),
            precision_error: ratio(c.caught_as_error, flagged_error),
            false_error_rate: ratio(c.false_errors, c.blameless),
            false_warning_rate: ratio(c.false_warnings, c.blameless),
            counts: c.clone(),
        }
    }
}

/// How one rule did: the sentences it fired on, and how many blame.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RuleFigures {
    pub fired: usize,
    pub on_blaming: usize,
    pub on_blameless: usize,
    pub precision: Option<f64>,
}

/// A sentence the report lists: a miss, a false error or a false warning.
#[derive(Debug, Clone, Serialize)]
pub struct Listed {
    pub line: usize,
    pub kind: &'static str,
    pub family: String,
    pub sentence: String,
    pub findings: Vec<String>,
}

/// The report for one file.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub file: String,
    pub overall: Figures,
    pub families: BTreeMap<String, Figures>,
    pub rules: BTreeMap<String, RuleFigures>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<Listed>,
}

/// Score a labelled file.
pub fn report(shown: &str, file: &LabelledFile, verdicts: &[Verdict], details: bool) -> Report {
    let mut overall = Counts::default();
    let mut families: BTreeMap<String, Counts> = BTreeMap::new();
    let mut rules: BTreeMap<String, RuleFigures> = BTreeMap::new();
    let mut listed = Vec::new();
    for (s, v) in file.sentences.iter().zip(verdicts) {
        overall.add(s.blame, v);
        // An unsure sentence's "family" is the labeller's reason: one row.
        let family = if s.blame.is_some() {
            s.family.as_str()
        } else {
            "(unsure)"
        };
        families
            .entry(family.to_string())
            .or_default()
            .add(s.blame, v);
        let mut seen: Vec<&str> = Vec::new();
        for (rule, severity, _) in &v.findings {
            if *severity == Severity::Info || seen.contains(&rule.as_str()) {
                continue;
            }
            seen.push(rule);
            let r = rules.entry(rule.clone()).or_default();
            r.fired += 1;
            match s.blame {
                Some(true) => r.on_blaming += 1,
                Some(false) => r.on_blameless += 1,
                None => {}
            }
        }
        if details {
            let kind = match (s.blame, v.severity) {
                (Some(true), None | Some(Severity::Info)) => Some("missed"),
                (Some(false), Some(Severity::Error)) => Some("false-error"),
                (Some(false), Some(Severity::Warning)) => Some("false-warning"),
                _ => None,
            };
            if let Some(kind) = kind {
                listed.push(Listed {
                    line: s.line,
                    kind,
                    family: s.family.clone(),
                    sentence: s.text.clone(),
                    findings: v
                        .findings
                        .iter()
                        .map(|(r, sev, words)| format!("{}[{r}] \"{words}\"", sev.as_str()))
                        .collect(),
                });
            }
        }
    }
    for r in rules.values_mut() {
        r.precision = ratio(r.on_blaming, r.on_blaming + r.on_blameless);
    }
    Report {
        file: shown.to_string(),
        overall: Figures::of(&overall),
        families: families
            .iter()
            .map(|(k, c)| (k.clone(), Figures::of(c)))
            .collect(),
        rules,
        details: listed,
    }
}

/// Read, lint and score one file.
pub fn evaluate(linter: &Linter, path: &Path, details: bool) -> Result<Report, UserError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|err| UserError::new(format!("--eval {shown}: cannot read: {err}")))?;
    let mut file = parse(&shown, &text)?;
    if file.sentences.is_empty() {
        return Err(
            UserError::new(format!("--eval {shown}: no labelled sentences"))
                .hint("each line: label<TAB>family<TAB>source<TAB>sentence"),
        );
    }
    // People named in pm.yaml are known to the linter already.
    file.people.retain(|p| !p.trim().is_empty());
    let verdicts = lint_sentences(linter, &file);
    Ok(report(&shown, &file, &verdicts, details))
}

/// Each scored sentence's evidence-model features, one line each:
/// `label<TAB>family<TAB>feature feature ...` (see signals.yaml).
pub fn features(linter: &Linter, path: &Path) -> Result<String, UserError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|err| UserError::new(format!("--eval {shown}: cannot read: {err}")))?;
    let file = parse(&shown, &text)?;
    let people: super::rules::People = linter
        .people
        .iter()
        .cloned()
        .chain(
            file.people
                .iter()
                .filter(|p| !p.trim().is_empty())
                .flat_map(|p| super::name_forms(p)),
        )
        .collect();
    let chosen: Vec<&str> = linter.config.severity.keys().map(String::as_str).collect();
    let ctx = super::rules::Context {
        people: &people,
        services: &file.services,
        evidence_threshold: linter.config.evidence_threshold,
        chosen_severity: &chosen,
        ..Default::default()
    };
    let mut out = String::new();
    for s in &file.sentences {
        let Some(blame) = s.blame else { continue };
        let features = super::rules::signals::features_of(&s.text, &ctx);
        let label = if blame { "blame" } else { "ok" };
        let names: Vec<&str> = features.iter().map(String::as_str).collect();
        out.push_str(&format!("{label}\t{}\t{}\n", s.family, names.join(" ")));
    }
    Ok(out)
}

fn pct(x: Option<f64>) -> String {
    x.map_or("-".into(), |x| format!("{x:.3}"))
}

/// The report as a table for people.
pub fn human(reports: &[Report]) -> String {
    let mut out = String::new();
    for r in reports {
        let o = &r.overall;
        out.push_str(&format!(
            "{}: {} blaming, {} blameless, {} unsure (not scored)\n",
            crate::output::line(&r.file),
            o.counts.blaming,
            o.counts.blameless,
            o.counts.unsure
        ));
        let header = [
            "family",
            "blaming",
            "caught",
            "as error",
            "recall",
            "blameless",
            "false errors",
            "false warnings",
        ];
        let row = |name: &str, f: &Figures| {
            let c = &f.counts;
            vec![
                name.to_string(),
                c.blaming.to_string(),
                c.caught.to_string(),
                c.caught_as_error.to_string(),
                pct(f.recall),
                c.blameless.to_string(),
                c.false_errors.to_string(),
                c.false_warnings.to_string(),
            ]
        };
        let mut rows: Vec<Vec<String>> = r
            .families
            .iter()
            .filter(|(_, f)| f.counts.blaming + f.counts.blameless > 0)
            .map(|(name, f)| row(&crate::output::line(name), f))
            .collect();
        rows.push(row("all", o));
        out.push_str(&table(&header, rows));
        out.push('\n');
        out.push_str(&format!(
            "recall (warning or error) {}, as error {}; precision {}, at error level {}\nfalse-error rate {}, false-warning rate {}\n",
            pct(o.recall),
            pct(o.recall_error),
            pct(o.precision),
            pct(o.precision_error),
            pct(o.false_error_rate),
            pct(o.false_warning_rate),
        ));
        if !r.rules.is_empty() {
            let rows: Vec<Vec<String>> = r
                .rules
                .iter()
                .map(|(id, f)| {
                    vec![
                        id.clone(),
                        f.fired.to_string(),
                        f.on_blaming.to_string(),
                        f.on_blameless.to_string(),
                        pct(f.precision),
                    ]
                })
                .collect();
            out.push_str(&table(
                &["rule", "fired", "on blaming", "on blameless", "precision"],
                rows,
            ));
            out.push('\n');
        }
        for d in &r.details {
            out.push_str(&format!(
                "{}:{}: {} ({}): {}\n",
                crate::output::line(&r.file),
                d.line,
                d.kind,
                crate::output::line(&d.family),
                crate::output::line(&d.sentence)
            ));
            for f in &d.findings {
                out.push_str(&format!("    {}\n", crate::output::line(f)));
            }
        }
        out.push('\n');
    }
    out
}

/// A table of figures: every column whole, names up to 24 characters.
fn table(header: &[&str], rows: Vec<Vec<String>>) -> String {
    use crate::output::{Cell, Column};
    let columns: Vec<Column> = header
        .iter()
        .enumerate()
        .map(|(i, h)| {
            if i == 0 {
                Column::whole(h, 24)
            } else {
                Column::whole(h, 14)
            }
        })
        .collect();
    let rows: Vec<Vec<Cell>> = rows
        .into_iter()
        .map(|r| r.into_iter().map(Cell::new).collect())
        .collect();
    crate::output::render_table(&columns, &rows)
}
