//! `pm lint`: blame language and incomplete post-mortems.
//!
//! The linter reads the span tree of each file (one parse, no typed
//! deserialisation), so every finding points at the exact line and column
//! of the words in the YAML file, inside block scalars too.

/// A rule's description as data: id, name, family, default severity, why
/// the words are a problem, and what to write instead.
macro_rules! rule_info {
    ($id:literal, $name:literal, $family:literal, $sev:ident, $msg:literal, $sugg:literal) => {
        $crate::lint::rules::RuleInfo {
            id: $id,
            name: $name,
            family: $family,
            severity: $crate::lint::Severity::$sev,
            message: $msg,
            suggestion: $sugg,
        }
    };
}

pub mod cache;
pub mod completeness;
pub mod eval;
pub mod output;
pub mod prose;
pub mod rules;
pub mod schema;

use std::collections::{HashMap, HashSet};

use regex::Regex;
use serde::Serialize;

use crate::config::Places;
use crate::error::UserError;
use crate::yaml::{self, Value};

/// At most this many team rules (`lint.rules` in pm.yaml).
const MAX_TEAM_RULES: usize = 100;
/// The compiled size of one team rule (`\w{30}`, Unicode-aware, takes
/// about 1.5 MB), and of its lazy DFA's cache: 100 rules stay within a few
/// hundred megabytes at worst; phrases take kilobytes.
const TEAM_RULE_SIZE: usize = 4 << 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    fn parse(text: &str) -> Option<Severity> {
        match text.trim().to_ascii_lowercase().as_str() {
            "error" | "deny" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "info" | "note" => Some(Severity::Info),
            _ => None,
        }
    }
}

/// One problem at one place.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    pub suggestion: Option<String>,
    /// The source line, for the human format.
    #[serde(skip)]
    pub source_line: String,
    /// The words that matched, for prose rules; allowed phrases are
    /// compared with these, never with the message.
    #[serde(skip)]
    pub matched: Option<String>,
}

impl Finding {
    /// A file that could not be read as YAML text, at the parser's position.
    pub fn parse_error(file: &str, err: &yaml::YamlError, source_line: String) -> Finding {
        Finding {
            file: file.to_string(),
            line: err.line,
            column: err.column,
            end_line: err.line,
            end_column: err.column + 1,
            rule: "parse-error".into(),
            severity: Severity::Error,
            message: format!("the file cannot be read as a post-mortem: {}", err.message),
            suggestion: Some("fix this; the other checks run once the file parses".into()),
            source_line,
            matched: None,
        }
    }

    /// Words matched in a prose value: the message quotes them.
    fn words(
        file: &str,
        seg: &prose::Segment,
        range: (usize, usize),
        rule: Matched,
        source: &dyn Fn(usize) -> String,
    ) -> Finding {
        let (start, end) = (range.0, range.1.min(seg.text.len()));
        let ((line, column), (end_line, end_column)) = seg.span(start, end);
        let matched = seg.text.get(start..end).unwrap_or("").replace('\n', " ");
        Finding {
            file: file.to_string(),
            line,
            column,
            end_line,
            end_column,
            rule: rule.id,
            severity: rule.severity,
            message: format!("\"{matched}\": {}", rule.message),
            suggestion: rule.suggestion,
            source_line: source(line),
            matched: Some(matched.to_lowercase()),
        }
    }
}

/// Which rule matched, for [`Finding::words`].
struct Matched {
    id: String,
    severity: Severity,
    message: String,
    suggestion: Option<String>,
}

/// A team's own phrase rule from `lint.rules` in pm.yaml.
#[derive(Debug, Clone)]
pub struct CustomRule {
    pub id: String,
    pub pattern: Regex,
    pub message: String,
    pub suggestion: Option<String>,
    pub severity: Severity,
}

/// `lint:` in pm.yaml.
#[derive(Debug, Clone, Default)]
pub struct LintConfig {
    pub disabled: HashSet<String>,
    pub severity: HashMap<String, Severity>,
    /// Phrases that are never findings (`lint.allow`): one pattern
    /// matching any of them as whole words, without case, whatever the
    /// typography. None when there are none.
    pub allow: Option<Regex>,
    pub custom: Vec<CustomRule>,
    /// Lowercase words the team uses for people's roles ("shepherd").
    pub person_words: Vec<String>,
    /// The evidence model's warning threshold, if the team chose one
    /// (`lint.evidence_threshold`; lower warns more).
    pub evidence_threshold: Option<f64>,
    /// Whether blame warnings stop `pm status ID published` as errors do
    /// (`lint.deny_on_publish: warnings`).
    pub deny_warnings_on_publish: bool,
}

/// Whether a finding is about blame (a built-in blame rule or a team's own
/// phrase rule), not about a missing or malformed part of the file.
pub fn is_blame_finding(rule: &str) -> bool {
    !completeness::RULES.iter().any(|r| r.id == rule)
}

/// Every rule id pm knows, for checking configuration and allow comments.
pub fn all_rule_ids() -> Vec<&'static str> {
    rules::BLAME_RULES
        .iter()
        .map(|r| r.id)
        .chain(completeness::RULES.iter().map(|r| r.id))
        .collect()
}

impl LintConfig {
    /// Read `lint:` from pm.yaml; an invalid setting is an error naming it.
    pub fn from_value(value: &Value, places: &Places) -> Result<LintConfig, UserError> {
        let mut config = LintConfig::default();
        let Value::Mapping(map) = value else {
            if value.is_null() {
                return Ok(config);
            }
            return Err(UserError::new(format!(
                "{}: `lint` must be a mapping of settings (`disable`, `severity`, `allow`, `rules`, ...; the pm.yaml `pm init` writes shows each in a comment)",
                places.at("")
            )));
        };
        // A misspelt setting would otherwise be ignored without a word.
        const SETTINGS: &[&str] = &[
            "disable",
            "severity",
            "allow",
            "rules",
            "person_words",
            "evidence_threshold",
            "deny_on_publish",
        ];
        for key in map.keys() {
            let name = key.as_str().unwrap_or_default();
            if !SETTINGS.contains(&name) {
                return Err(UserError::new(format!(
                    "{}: lint: unknown setting `{name}`, expected one of `{}`",
                    places.at(name),
                    SETTINGS.join("`, `")
                ))
                .hint(
                    "the pm.yaml `pm init` writes shows each setting in a comment; `pm lint --rules` lists the rules",
                ));
            }
        }
        let known = all_rule_ids();
        let get = |k: &str| map.get(Value::String(k.into()));
        if let Some(v) = get("disable") {
            for id in strings(v, "lint.disable", &places.at("disable"))? {
                config.disabled.insert(id);
            }
        }
        let severity = match get("severity") {
            Some(Value::Mapping(sev)) => Some(sev),
            None | Some(Value::Null) => None,
            Some(other) => {
                let what = value_what(other);
                return Err(UserError::new(format!(
                    "{}: lint.severity must be a mapping of rule: error, warning or info, but it is {what}",
                    places.at("severity")
                ))
                .hint("write one `RULE: error` line under `severity:`, such as `severity: {naming-individuals: warning}`"));
            }
        };
        if let Some(sev) = severity {
            for (k, v) in sev {
                let id = k.as_str().unwrap_or_default().to_string();
                let s = v.as_str().and_then(Severity::parse).ok_or_else(|| {
                    UserError::new(format!(
                        "{}: lint.severity.{id}: use error, warning or info",
                        places.at(&format!("severity.{id}"))
                    ))
                })?;
                config.severity.insert(id, s);
            }
        }
        if let Some(v) = get("allow") {
            let list = phrase_list(v, "lint.allow", places, "allow")?;
            // A phrase is matched as whole words, but one letter or a bit of
            // punctuation still names no words worth allowing everywhere
            // (`e`, `-`): most likely a slip, and it would hide findings.
            if let Some(i) = list.iter().position(|p| {
                let p = p.trim();
                p.chars().count() < 2 || !p.chars().any(char::is_alphanumeric)
            }) {
                return Err(UserError::new(format!(
                    "{}: lint.allow has the phrase {:?}, which names no words: a phrase needs at least 2 characters and a letter or digit",
                    places.at(&format!("allow.{i}")),
                    list[i].trim()
                ))
                .hint("write the whole words that are never findings (\"blame-free zone\"), or remove it"));
            }
            if !list.is_empty() {
                let pattern = phrase_pattern(&list);
                config.allow = Some(
                    regex::RegexBuilder::new(&pattern)
                        .case_insensitive(true)
                        .build()
                        .map_err(|err| {
                            UserError::new(format!(
                                "{}: lint.allow is too large to match: {}",
                                places.at("allow"),
                                err.to_string().lines().last().unwrap_or("")
                            ))
                        })?,
                );
            }
        }
        if let Some(v) = get("rules") {
            let Value::Sequence(items) = v else {
                return Err(UserError::new(format!(
                    "{}: lint.rules must be a list",
                    places.at("rules")
                )));
            };
            // Each team rule is a regex run over every sentence: bounded in
            // number and in size, so that pm.yaml cannot make every lint
            // (and every status change) slow or hungry.
            if items.len() > MAX_TEAM_RULES {
                return Err(UserError::new(format!(
                    "{}: lint.rules has {} rules; pm runs at most {MAX_TEAM_RULES}",
                    places.at("rules"),
                    items.len()
                ))
                .hint("merge rules that say the same thing into one with `phrases`"));
            }
            for (i, item) in items.iter().enumerate() {
                let here = places.at(&format!("rules.{i}"));
                // A misspelt key (`severty: error`) would be ignored
                // silently, as misspelt `lint:` settings are not.
                const RULE_KEYS: &[&str] = &[
                    "id",
                    "pattern",
                    "phrases",
                    "severity",
                    "message",
                    "suggestion",
                ];
                if let Some(map) = item.as_mapping() {
                    for key in map.keys() {
                        let name = key.as_str().unwrap_or("");
                        if !RULE_KEYS.contains(&name) {
                            return Err(UserError::new(format!(
                                "{here}: lint.rules[{i}] has an unknown key `{name}`"
                            ))
                            .hint(format!("a team rule's keys are {}", RULE_KEYS.join(", "))));
                        }
                    }
                }
                // A key of the wrong type is said so, not taken for missing
                // (`pattern: 5` is not "no pattern").
                for key in ["id", "pattern", "message", "suggestion", "severity"] {
                    if let Some(v) = item.get(key)
                        && !v.is_string()
                        && !v.is_null()
                    {
                        return Err(UserError::new(format!(
                            "{}: lint.rules[{i}].{key} must be text, but it is {}",
                            places.at(&format!("rules.{i}.{key}")),
                            value_what(v)
                        )));
                    }
                }
                let field = |k: &str| item.get(k).and_then(Value::as_str).map(str::to_string);
                let id = field("id").ok_or_else(|| {
                    UserError::new(format!("{here}: lint.rules[{i}] has no `id`"))
                })?;
                if known.contains(&id.as_str()) {
                    return Err(UserError::new(format!(
                        "{here}: lint.rules `{id}` has the id of a built-in rule; choose another"
                    )));
                }
                // `phrases`: plain words, tolerant of typography (curly
                // apostrophes, odd spaces, dashes); `pattern`: a regex.
                let phrases = match item.get("phrases") {
                    Some(v) => Some(phrase_list(
                        v,
                        &format!("lint rule `{id}`: phrases"),
                        places,
                        &format!("rules.{i}.phrases"),
                    )?),
                    None => None,
                };
                let pattern = match (field("pattern"), phrases) {
                    (Some(p), None) => p,
                    (None, Some(list)) if !list.is_empty() => phrase_pattern(&list),
                    (Some(_), Some(_)) => {
                        return Err(UserError::new(format!(
                            "{here}: lint rule `{id}` has both `pattern` and `phrases`; keep one"
                        )));
                    }
                    _ => {
                        return Err(UserError::new(format!(
                            "{here}: lint rule `{id}` has no `pattern` or `phrases`"
                        )));
                    }
                };
                let regex = regex::RegexBuilder::new(&pattern)
                    .case_insensitive(true)
                    .size_limit(TEAM_RULE_SIZE)
                    .dfa_size_limit(TEAM_RULE_SIZE / 2)
                    .build()
                    .map_err(|err| {
                        UserError::new(format!(
                            "{here}: lint rule `{id}` has an invalid pattern: {}",
                            err.to_string().lines().last().unwrap_or("")
                        ))
                        .hint(format!("pattern: {pattern}"))
                        .hint("patterns are regular expressions (Rust regex syntax), matched without case")
                    })?;
                let severity = match field("severity") {
                    Some(s) => Severity::parse(&s).ok_or_else(|| {
                        UserError::new(format!(
                            "{here}: lint rule `{id}`: severity `{s}` is not error, warning or info"
                        ))
                    })?,
                    None => Severity::Warning,
                };
                config.custom.push(CustomRule {
                    message: field("message")
                        .unwrap_or_else(|| format!("matches the team rule `{id}`")),
                    suggestion: field("suggestion"),
                    id,
                    pattern: regex,
                    severity,
                });
            }
        }
        // Where a rule id was written: under `severity`, else in `disable`.
        let rule_place = |config: &LintConfig, id: &str| {
            if config.severity.contains_key(id) {
                places.at(&format!("severity.{id}"))
            } else {
                places.at("disable")
            }
        };
        for id in config.disabled.iter().chain(config.severity.keys()) {
            if completeness::FILE_RULES.contains(&id.as_str()) {
                return Err(UserError::new(format!(
                    "{}: lint: `{id}` cannot be disabled or given another severity",
                    rule_place(&config, id)
                ))
                .hint("it says the file cannot be read: pm's other commands refuse such a file"));
            }
        }
        if let Some(v) = get("person_words") {
            config.person_words = strings(v, "lint.person_words", &places.at("person_words"))?
                .into_iter()
                .map(|s| s.trim().to_lowercase())
                .filter(|s| !s.is_empty())
                .collect();
        }
        if let Some(v) = get("evidence_threshold") {
            let t = v.as_f64().filter(|t| t.is_finite() && t.abs() <= 20.0);
            config.evidence_threshold = Some(t.ok_or_else(|| {
                UserError::new(format!(
                    "{}: lint.evidence_threshold must be a number between -20 and 20, such as -0.5",
                    places.at("evidence_threshold")
                ))
                .hint(format!(
                    "the default is {}; lower warns on more sentences, higher on fewer",
                    rules::signals::default_threshold()
                ))
            })?);
        }
        if let Some(v) = get("deny_on_publish") {
            config.deny_warnings_on_publish = match v.as_str() {
                Some("warnings") => true,
                Some("errors") => false,
                _ => {
                    return Err(UserError::new(format!(
                        "{}: lint.deny_on_publish must be `warnings` or `errors`, but it is {}",
                        places.at("deny_on_publish"),
                        value_what(v)
                    ))
                    .hint("`warnings` makes `pm status ID published` refuse blame warnings too; `errors` (the default) refuses only errors"));
                }
            };
        }
        let custom_ids: Vec<&str> = config.custom.iter().map(|c| c.id.as_str()).collect();
        for id in config.disabled.iter().chain(config.severity.keys()) {
            if !known.contains(&id.as_str()) && !custom_ids.contains(&id.as_str()) {
                return Err(UserError::new(format!(
                    "{}: lint: unknown rule `{id}`",
                    rule_place(&config, id)
                ))
                .hint("`pm lint --rules` lists every rule's id"));
            }
        }
        Ok(config)
    }
}

/// A regex matching any of the phrases as whole words, whatever the
/// typography: straight or curly apostrophes, any run of spaces, any dash.
/// A phrase that starts (ends) with a letter or digit must not continue a
/// word there; one that starts or ends with punctuation (`etc.`) is
/// bounded by that punctuation.
fn phrase_pattern(phrases: &[String]) -> String {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    let alternatives: Vec<String> = phrases
        .iter()
        .map(|p| {
            let p = p.trim();
            let mut out = String::new();
            if word(p.chars().next()) {
                out.push_str(r"\b");
            }
            let mut chars = p.chars().peekable();
            while let Some(c) = chars.next() {
                match c {
                    '\'' | '\u{2019}' | '\u{2018}' => out.push_str("['\u{2018}\u{2019}]"),
                    '-' | '\u{2010}' | '\u{2011}' | '\u{2013}' | '\u{2014}' => {
                        out.push_str("[-\u{2010}\u{2011}\u{2013}\u{2014}]")
                    }
                    c if c.is_whitespace() => {
                        while chars.next_if(|c| c.is_whitespace()).is_some() {}
                        out.push_str(r"\s+")
                    }
                    c => out.push_str(&regex::escape(&c.to_string())),
                }
            }
            if word(p.chars().last()) {
                out.push_str(r"\b");
            }
            out
        })
        .collect();
    format!("(?:{})", alternatives.join("|"))
}

/// A list of phrases matched inside text (`lint.allow`, a team rule's
/// `phrases`), at `path` below `lint`: an empty or blank phrase is refused,
/// as it would match every sentence (an allowed one would hide every
/// finding of the blame rules, a team rule's would flag everything).
fn phrase_list(
    v: &Value,
    what: &str,
    places: &Places,
    path: &str,
) -> Result<Vec<String>, UserError> {
    let list = strings(v, what, &places.at(path))?;
    if let Some(i) = list.iter().position(|p| p.trim().is_empty()) {
        let shown = if list[i].is_empty() {
            "an empty phrase (\"\")".to_string()
        } else {
            "a phrase of only spaces".to_string()
        };
        return Err(UserError::new(format!(
            "{}: {what} has {shown}, which would match every sentence",
            places.at(&format!("{path}.{i}"))
        ))
        .hint("remove it, or write the words it stands for"));
    }
    Ok(list)
}

/// A list of strings: the setting `what` ("lint.disable"), written at
/// `here` (`pm.yaml:LINE:COLUMN`).
/// What a pm.yaml value is, in the words of an error message.
fn value_what(v: &Value) -> String {
    match v {
        Value::Sequence(_) => crate::yaml::A_LIST.to_string(),
        Value::Mapping(_) => crate::yaml::A_MAPPING.to_string(),
        Value::String(s) => format!("the text `{s}`"),
        Value::Number(n) => format!("the number {n}"),
        Value::Bool(b) => format!("`{b}`"),
        Value::Null => crate::yaml::EMPTY.to_string(),
        _ => "a tagged value".to_string(),
    }
}

fn strings(v: &Value, what: &str, here: &str) -> Result<Vec<String>, UserError> {
    match v {
        Value::Sequence(items) => items
            .iter()
            .map(|i| {
                i.as_str().map(str::to_string).ok_or_else(|| {
                    UserError::new(format!("{here}: {what} must be a list of strings"))
                })
            })
            .collect(),
        Value::Null => Ok(Vec::new()),
        _ => Err(UserError::new(format!("{here}: {what} must be a list"))),
    }
}

/// An inline `# pm-lint: allow RULE[, RULE] -- reason` comment.
struct Allow {
    line: usize,
    rules: Vec<String>,
}

fn inline_allows(text: &str, file: &str, findings: &mut Vec<Finding>) -> Vec<Allow> {
    let mut allows = Vec::new();
    // Most files have none: one search instead of one per line.
    if !text.contains("# pm-lint:") {
        return allows;
    }
    for (i, line) in yaml::lines(text).enumerate() {
        let Some(at) = line.find("# pm-lint:") else {
            continue;
        };
        let rest = line[at + "# pm-lint:".len()..].trim();
        let Some(body) = rest.strip_prefix("allow") else {
            continue;
        };
        let (rules_part, reason) = match body.split_once("--") {
            Some((r, reason)) => (r, reason.trim()),
            None => (body, ""),
        };
        let rules: Vec<String> = rules_part
            .split([',', ' '])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
        let column = line[..at].chars().count() + 1;
        if reason.is_empty() {
            findings.push(Finding {
                file: file.to_string(),
                line: i + 1,
                column,
                end_line: i + 1,
                end_column: line.chars().count() + 1,
                rule: "allow-without-reason".into(),
                severity: Severity::Warning,
                message: "an allow comment without a reason: the next reader cannot tell why the words are fine".into(),
                suggestion: Some(format!("write `# pm-lint: allow {} -- <why this is not blame>`", rules.join(", "))),
                source_line: shown_line(line),
                matched: None,
            });
        }
        allows.push(Allow { line: i + 1, rules });
    }
    allows
}

/// The longest source line a finding carries for the human format, in
/// bytes. A longer line (a 1 MB paragraph on one line) is not copied into
/// each of its findings, which made memory grow with findings times line
/// length; its findings still give line, columns and the matched words.
const MAX_SHOWN_LINE: usize = 1_000;

/// The source line a finding shows, or nothing when it is too long.
pub(crate) fn shown_line(line: &str) -> String {
    if line.len() <= MAX_SHOWN_LINE {
        line.to_string()
    } else {
        String::new()
    }
}

/// The linter, with its configuration.
pub struct Linter {
    pub config: LintConfig,
    /// Lowercase names and handles from pm.yaml's `people`.
    pub people: Vec<String>,
    /// pm.yaml's `severities`, when the linter runs in a repository: a
    /// post-mortem's severity should be one of them.
    pub severities: Vec<String>,
    /// The timeline kinds, built-in and pm.yaml's `timeline_kinds`, when
    /// the linter runs in a repository; empty outside one.
    pub timeline_kinds: Vec<String>,
}

impl Linter {
    pub fn new(config: LintConfig, people: &[String]) -> Linter {
        Linter {
            people: people
                .iter()
                .flat_map(|p| name_forms(p))
                .chain(config.person_words.iter().cloned())
                .collect(),
            severities: Vec::new(),
            timeline_kinds: Vec::new(),
            config,
        }
    }

    /// The linter of a repository: its pm.yaml's lint settings, people and
    /// severities.
    pub fn for_repository(config: &crate::config::Config) -> Result<Linter, UserError> {
        let mut linter = Linter::new(
            LintConfig::from_value(&config.lint, &config.lint_places)?,
            &config.people,
        );
        linter.severities = config.severities.clone();
        linter.timeline_kinds = config
            .timeline_kinds()
            .into_iter()
            .map(String::from)
            .collect();
        Ok(linter)
    }

    /// A finding made outside a file's own lint (a file pm does not read),
    /// with the team's settings applied: None if the rule is disabled.
    pub fn configured(&self, mut finding: Finding) -> Option<Finding> {
        if self.config.disabled.contains(&finding.rule) {
            return None;
        }
        if let Some(s) = self.config.severity.get(&finding.rule) {
            finding.severity = *s;
        }
        Some(finding)
    }

    /// Lint one file's text. Never fails: a file that does not parse is a finding.
    pub fn lint(&self, file: &str, text: &str, status_override: Option<&str>) -> Vec<Finding> {
        self.lint_parsed_by(file, text, status_override, yaml::parse_tree)
    }

    /// [`Linter::lint`] with the full YAML parser only, never the strict
    /// scanner: for the tests that check both give the same findings.
    pub fn lint_full_parser(
        &self,
        file: &str,
        text: &str,
        status_override: Option<&str>,
    ) -> Vec<Finding> {
        self.lint_parsed_by(file, text, status_override, yaml::parse_tree_full)
    }

    /// [`Linter::lint`] with the tree the strict scanner read from `text`
    /// (without its BOM), when it read one: the caller scanned it already.
    pub fn lint_scanned(
        &self,
        file: &str,
        text: &str,
        status_override: Option<&str>,
        scanned: Option<yaml::Node>,
    ) -> Vec<Finding> {
        self.lint_parsed_by(file, text, status_override, |body| match scanned {
            Some(tree) => Ok(tree),
            None => yaml::parse_tree_full(body),
        })
    }

    fn lint_parsed_by(
        &self,
        file: &str,
        text: &str,
        status_override: Option<&str>,
        parse: impl FnOnce(&str) -> Result<yaml::Node, yaml::YamlError>,
    ) -> Vec<Finding> {
        let (body, _) = yaml::strip_bom(text);
        let mut findings = Vec::new();
        let starts = yaml::line_starts(body);
        let source = |line: usize| shown_line(yaml::line(body, &starts, line));
        // Conflict markers from a merge: say that, not a YAML error.
        let conflicts = crate::merge::markers::find(body);
        if !conflicts.is_empty() {
            for site in conflicts {
                findings.push(Finding {
                    file: file.to_string(),
                    line: site.line,
                    column: 1,
                    end_line: site.line,
                    end_column: 8,
                    rule: "merge-conflict".into(),
                    severity: Severity::Error,
                    message: crate::merge::markers::message(&site),
                    suggestion: Some(crate::merge::markers::how_to_resolve(file)),
                    source_line: source(site.line),
                    matched: None,
                });
            }
            return findings;
        }
        let tree = match parse(body) {
            Ok(tree) => tree,
            Err(err) => {
                findings.push(Finding::parse_error(file, &err, source(err.line)));
                return findings;
            }
        };
        let doc_people = completeness::people(&tree);
        let people: rules::People = self
            .people
            .iter()
            .cloned()
            .chain(doc_people.iter().flat_map(|p| name_forms(p)))
            .collect();
        let services: Vec<String> = tree
            .get("services")
            .map(|list| {
                list.items()
                    .iter()
                    .filter_map(|n| n.as_str())
                    .map(|s| s.trim().to_ascii_lowercase())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let segments = prose::segments(body, &starts, &tree);
        // All prose of the file in one text, blank lines between values:
        // one pass of each pattern per file instead of one per value.
        let mut all = String::new();
        let mut owner: Vec<(usize, usize)> = Vec::with_capacity(segments.len());
        for (i, seg) in segments.iter().enumerate() {
            owner.push((all.len(), i));
            all.push_str(&seg.text);
            all.push_str("\n\n");
        }
        let chosen: Vec<&str> = self.config.severity.keys().map(String::as_str).collect();
        let ctx = rules::Context {
            people: &people,
            services: &services,
            evidence_threshold: self.config.evidence_threshold,
            chosen_severity: &chosen,
            ..Default::default()
        };
        for hit in rules::check(&all, &ctx) {
            let Some(info) = rules::info(hit.rule) else {
                continue;
            };
            let at = owner.partition_point(|(start, _)| *start <= hit.start) - 1;
            let (start, index) = owner[at];
            let seg = &segments[index];
            if hit.rule == "naming-individuals" && names_expected(seg) {
                continue;
            }
            let message = match (hit.note, &hit.detail) {
                (Some(note), _) => format!("{} (a warning, not an error: {note})", info.message),
                (None, Some(detail)) => format!("{} Signals: {detail}.", info.message),
                (None, None) => info.message.to_string(),
            };
            let rule = Matched {
                id: info.id.to_string(),
                severity: hit.severity,
                message,
                suggestion: Some(info.suggestion.to_string()),
            };
            findings.push(Finding::words(
                file,
                seg,
                (hit.start - start, hit.end - start),
                rule,
                &source,
            ));
        }
        for seg in &segments {
            for custom in &self.config.custom {
                for m in custom
                    .pattern
                    .find_iter(&seg.text)
                    .filter(|m| m.start() < m.end())
                {
                    let rule = Matched {
                        id: custom.id.clone(),
                        severity: custom.severity,
                        message: custom.message.clone(),
                        suggestion: custom.suggestion.clone(),
                    };
                    findings.push(Finding::words(
                        file,
                        seg,
                        (m.start(), m.end()),
                        rule,
                        &source,
                    ));
                }
            }
        }
        let doc = completeness::Document {
            file,
            text: body,
            starts: &starts,
            tree: &tree,
            segments: &segments,
            source: &source,
            severities: &self.severities,
            timeline_kinds: &self.timeline_kinds,
        };
        completeness::check(&doc, status_override, &mut findings);

        // Configuration: allowed phrases, disabled rules, changed severities.
        // A phrase in `lint.allow` silences findings whose words contain it
        // as whole words (`e` is not in "the engineer").
        // It also silences a finding that an allowed phrase written in the
        // line covers: `allow: ["human error review"]` (the meeting's name)
        // keeps "the human error review on Monday" quiet.
        let allowed_phrase = |f: &Finding| {
            let (Some(words), Some(allow)) = (f.matched.as_deref(), self.config.allow.as_ref())
            else {
                return false;
            };
            allow.is_match(words)
                || f.line == f.end_line
                    && allow.find_iter(&f.source_line).any(|m| {
                        let column = |at: usize| f.source_line[..at].chars().count() + 1;
                        column(m.start()) <= f.column && f.end_column <= column(m.end())
                    })
        };
        let allows = inline_allows(body, file, &mut findings);
        findings.retain(|f| {
            // Whether the file can be read at all is never suppressed.
            if completeness::FILE_RULES.contains(&f.rule.as_str()) {
                return true;
            }
            if self.config.disabled.contains(&f.rule) || allowed_phrase(f) {
                return false;
            }
            !allows.iter().any(|a| {
                (a.line == f.line || a.line + 1 == f.line)
                    && f.rule != "allow-without-reason"
                    && a.rules.iter().any(|r| r == &f.rule || r == "all")
            })
        });
        for f in &mut findings {
            if let Some(s) = self.config.severity.get(&f.rule) {
                f.severity = *s;
            }
        }
        findings.sort_by(|a, b| (a.line, a.column, &a.rule).cmp(&(b.line, b.column, &b.rule)));
        findings
    }
}

/// The forms of a person's name the linter looks for: the whole name, each
/// part of it, and an @handle without its `@`.
fn name_forms(name: &str) -> Vec<String> {
    // Read as the prose is: "Chloé" is "chloe" there (rules::text::normalise).
    let name = &rules::text::normalise(name).text;
    let lower = name.trim().to_lowercase();
    // A name that is also a two-letter word ("An", "Bo", "Jo") is looked
    // for only as a handle: "An index rebuild" does not name An.
    let whole = lower.trim_start_matches('@');
    // A team listed as a responder (`soc`, `platform`) is not a name.
    let team = !whole.contains(' ') && rules::is_common_word(whole);
    let mut out = if (whole.len() <= 2 || team) && !name.trim().starts_with('@') {
        Vec::new()
    } else {
        vec![whole.to_string()]
    };
    for part in name.trim().split([' ', '.', '_']) {
        let part = part.trim_start_matches('@');
        // An abbreviation beside a name (`Dana Lee (SRE)`) is a role or a
        // team, and the prose uses it for systems too ("the SRE runbook").
        let acronym = rules::text::is_abbreviation(part);
        let part = part.to_lowercase();
        if part.len() >= 3 && !acronym && !rules::is_common_word(&part) {
            out.push(part);
        }
    }
    out.retain(|s| !s.is_empty());
    out
}
/// Whether names belong in this prose: timeline entries record who did
/// what, action items who will do what, `response` tells the steps of
/// the response, the follow-up review's notes how each owner's item
/// stands, and `lessons.went_well` / `lessons.got_lucky` give credit
/// and luck. The analysis (summary, causes, factors, what went wrong) is
/// where a name points at a person.
fn names_expected(seg: &prose::Segment) -> bool {
    matches!(
        seg.section.as_str(),
        "timeline" | "action_items" | "response" | "follow_up"
    ) || seg.path.starts_with("lessons.went_well")
        || seg.path.starts_with("lessons.got_lucky")
}
