//! The rule catalogue as data: one YAML file per rule beside this file
//! (its id, why, what instead, examples that must and must not fire, and
//! its patterns), and `lexicon.yaml` with the word classes the rules share.
//! The files are compiled into the binary and read once, on first use;
//! linting itself reads none of them: build.rs turns the rules' patterns
//! and descriptions into Rust data (see [`INFOS`] and [`super::gate`]).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{LazyLock, Mutex, OnceLock};

use regex_automata::Input;
use regex_automata::meta::Regex;
use regex_automata::util::syntax;
use serde::Deserialize;

use super::RuleInfo;
use super::gate::{self, GATE};
use super::literals::join;
use super::text::lemmas;
use crate::lint::Severity;

/// The rule files, in the order rules are listed.
const RULE_FILES: &[(&str, &str)] = &[
    ("human-error", include_str!("human-error.yaml")),
    ("person-as-cause", include_str!("person-as-cause.yaml")),
    ("judged-omission", include_str!("judged-omission.yaml")),
    ("counterfactual", include_str!("counterfactual.yaml")),
    ("hindsight", include_str!("hindsight.yaml")),
    ("hindsight-word", include_str!("hindsight-word.yaml")),
    (
        "character-judgement",
        include_str!("character-judgement.yaml"),
    ),
    ("minimising", include_str!("minimising.yaml")),
    (
        "people-remediation",
        include_str!("people-remediation.yaml"),
    ),
    ("punishment", include_str!("punishment.yaml")),
    ("fault-words", include_str!("fault-words.yaml")),
    ("culprit", include_str!("culprit.yaml")),
    ("distancing", include_str!("distancing.yaml")),
    ("insinuation", include_str!("insinuation.yaml")),
    (
        "intent-speculation",
        include_str!("intent-speculation.yaml"),
    ),
    ("rule-breaking", include_str!("rule-breaking.yaml")),
    (
        "organisation-as-actor",
        include_str!("organisation-as-actor.yaml"),
    ),
    (
        "naming-individuals",
        include_str!("naming-individuals.yaml"),
    ),
    (
        "root-cause-singular",
        include_str!("root-cause-singular.yaml"),
    ),
    ("blame-evidence", include_str!("blame-evidence.yaml")),
    ("blame-words", include_str!("blame-words.yaml")),
];

const LEXICON: &str = include_str!("lexicon.yaml");
/// frames.yaml, read by the tests only: pm runs its patterns as build.rs
/// read them (see [`super::gate`]).
#[cfg(test)]
const FRAMES: &str = include_str!("frames.yaml");

#[cfg(test)]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FramesFile {
    patterns: BTreeMap<String, Vec<String>>,
}

#[cfg(test)]
pub(super) static FRAME_SOURCES: LazyLock<BTreeMap<String, Vec<String>>> = LazyLock::new(|| {
    let f: FramesFile = crate::yaml::from_str(FRAMES)
        .unwrap_or_else(|e| panic!("built-in frames.yaml: {}", e.message));
    f.patterns
});

/// A shared frame pattern from frames.yaml.
pub fn frame(name: &str) -> Pat {
    let id = GATE
        .id(None, name)
        .unwrap_or_else(|| panic!("frames.yaml has no pattern {name}"));
    Pat::builtin(id)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    #[serde(default)]
    pub fires: Vec<String>,
    #[serde(default)]
    pub quiet: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    id: String,
    name: String,
    family: String,
    severity: String,
    message: String,
    suggestion: String,
    examples: Examples,
    #[serde(default)]
    patterns: BTreeMap<String, Vec<String>>,
}

/// A rule as loaded: its description and its patterns' sources.
pub struct Rule {
    pub info: RuleInfo,
    pub examples: Examples,
    pub patterns: BTreeMap<String, Vec<String>>,
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

pub static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    RULE_FILES
        .iter()
        .map(|(file, text)| {
            let r: RuleFile = crate::yaml::from_str(text)
                .unwrap_or_else(|e| panic!("built-in rule file {file}.yaml: {}", e.message));
            assert_eq!(&r.id, file, "rule file {file}.yaml has id {}", r.id);
            let severity = Severity::parse(&r.severity)
                .unwrap_or_else(|| panic!("rule {file}: bad severity {}", r.severity));
            Rule {
                info: RuleInfo {
                    id: leak(r.id),
                    name: leak(r.name),
                    family: leak(r.family),
                    severity,
                    message: leak(r.message),
                    suggestion: leak(r.suggestion),
                },
                examples: r.examples,
                patterns: r.patterns,
            }
        })
        .collect()
});

/// The rules' descriptions, in catalogue order: as build.rs read them
/// from the rule files, so that linting (which needs them for its
/// findings) parses no rule file at start-up. A unit test checks they are
/// those of [`RULES`].
pub static INFOS: LazyLock<Vec<RuleInfo>> = LazyLock::new(|| {
    RULE_FILES
        .iter()
        .map(|(file, _)| {
            let b = gate::built_infos()
                .iter()
                .find(|b| b.id == *file)
                .unwrap_or_else(|| {
                    panic!("built-in rule file {file}.yaml was not read at build time")
                });
            RuleInfo {
                id: b.id,
                name: b.name,
                family: b.family,
                severity: Severity::parse(b.severity)
                    .unwrap_or_else(|| panic!("rule {file}: bad severity {}", b.severity)),
                message: b.message,
                suggestion: b.suggestion,
            }
        })
        .collect()
});

/// A compiled pattern: ASCII-only, matched on normalised lowercase text.
///
/// Built with regex-automata's meta engine directly, configured for start-up
/// time: a one-file `pm lint` compiles every pattern once, and the full DFAs
/// and one-pass DFAs the defaults build cost more to make than they save on
/// a few kilobytes of prose. Nor is there a literal prefilter: the gate
/// ([`super::gate`]) already sends a pattern only to the paragraphs that
/// hold its literals, where a prefilter has little left to skip: across
/// 10,000 post-mortems they cost more to build than they saved (a
/// one-file lint never built them). The lazy DFA does the matching.
///
/// A built-in pattern is compiled on its first use, and is not run at all
/// on text its literal gate rules out (see [`super::gate`]). For a quick
/// start, only the alternatives the text may match are compiled: a
/// one-file lint opens a few of a large pattern's hundred alternatives,
/// and compiling the rest was most of its time.
pub struct Pat {
    regex: OnceLock<Regex>,
    /// The built-in pattern's id in the gate; `None` for others.
    builtin: Option<u32>,
    /// For a quick start: the pattern compiled from some of its units
    /// (alternatives).
    parts: Parts,
}

/// For a quick start: regexes compiled from some of a set of patterns or
/// alternatives, each with the ones it holds (their ids, in order). A text
/// needs only those its literals open; a later text reuses a compilation
/// that holds all it needs, since what cannot match there changes nothing
/// the others find. Used for the rules' patterns and the evidence model's
/// cues.
pub(super) struct Parts(Mutex<Vec<(Vec<u32>, &'static Regex)>>);

/// How many partial compilations a quick start keeps before it compiles
/// the whole set instead. Each is leaked (a quick start lints a few files
/// and exits), so this also bounds the memory.
const MAX_PARTS: usize = 4;

impl Parts {
    pub(super) fn new() -> Parts {
        Parts(Mutex::new(Vec::new()))
    }

    /// A regex holding at least `ids` (in order), compiled by `compile`
    /// from exactly `ids` unless one kept already holds them, and the ids
    /// it holds; `None` when [`MAX_PARTS`] are kept already and none holds
    /// them: compile the whole set then.
    pub(super) fn get(
        &self,
        ids: &[u32],
        compile: impl FnOnce() -> Regex,
    ) -> Option<(&'static Regex, Vec<u32>)> {
        let mut parts = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let covers = |held: &[u32]| ids.iter().all(|i| held.binary_search(i).is_ok());
        if let Some((held, re)) = parts.iter().find(|(held, _)| covers(held)) {
            return Some((re, held.clone()));
        }
        if parts.len() >= MAX_PARTS {
            return None;
        }
        let re: &'static Regex = Box::leak(Box::new(compile()));
        parts.push((ids.to_vec(), re));
        Some((re, ids.to_vec()))
    }
}

/// Where the match `start..end` of `text` starts its first word: a
/// pattern may start at the break before a sentence ("(?:^|[.;\n]\s*)coach
/// ..."), and what is looked for before a match (a negation, a subject)
/// must be looked for in its own sentence; the finding points at the word,
/// not at the break. A match with no word keeps its start.
fn first_word(text: &str, start: usize, end: usize) -> usize {
    let lead = text.as_bytes()[start..end]
        .iter()
        .take_while(|&&b| !b.is_ascii_alphanumeric() && b != b'@')
        .count();
    if lead < end - start {
        start + lead
    } else {
        start
    }
}

/// A match of a [`Pat`] in a text.
#[derive(Debug, Clone, Copy)]
pub struct M<'t> {
    start: usize,
    end: usize,
    text: &'t str,
}

impl<'t> M<'t> {
    pub fn start(&self) -> usize {
        self.start
    }
    pub fn end(&self) -> usize {
        self.end
    }
    pub fn as_str(&self) -> &'t str {
        &self.text[self.start..self.end]
    }
}

pub struct Caps<'t> {
    caps: regex_automata::util::captures::Captures,
    text: &'t str,
}

impl<'t> Caps<'t> {
    /// Group `i`; the whole match (0) starts at its first word, as
    /// [`Pat::find_iter`]'s matches do.
    pub fn get(&self, i: usize) -> Option<M<'t>> {
        self.caps.get_group(i).map(|span| M {
            start: if i == 0 {
                first_word(self.text, span.start, span.end)
            } else {
                span.start
            },
            end: span.end,
            text: self.text,
        })
    }
    /// What the alternative that matched captured: a pattern's
    /// alternatives are joined into one expression, so the group of its
    /// second alternative is group 2, not 1.
    pub fn captured(&self) -> Option<M<'t>> {
        (1..self.groups()).find_map(|i| self.get(i))
    }
    /// Number of groups, the whole match included.
    pub fn groups(&self) -> usize {
        self.caps.group_len()
    }
}

/// Errors from building a pattern, as text.
#[derive(Debug)]
pub struct PatError(pub String);

impl std::fmt::Display for PatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whether patterns are built for a quick start; see [`set_quick_start`].
static QUICK_START: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Build for a quick start: worth it when only a little text will be
/// linted (one post-mortem in a pre-commit hook). Patterns are compiled
/// from the alternatives the text may match, the gate builds no automaton,
/// and the evidence model's cues no prefilter: each costs more to build
/// than it saves on a few kilobytes. Call before the first lint.
pub fn set_quick_start(quick: bool) {
    QUICK_START.store(quick, std::sync::atomic::Ordering::Relaxed);
}

pub(super) fn quick_start() -> bool {
    QUICK_START.load(std::sync::atomic::Ordering::Relaxed)
}

impl Pat {
    /// Compile the alternatives of a pattern as one ASCII regex.
    pub fn new(alternatives: &[String]) -> Result<Pat, PatError> {
        Ok(Pat {
            regex: OnceLock::from(Self::compile(&join(alternatives))?),
            builtin: None,
            parts: Parts::new(),
        })
    }

    /// A built-in pattern, compiled when first needed.
    fn builtin(id: u32) -> Pat {
        Pat {
            regex: OnceLock::new(),
            builtin: Some(id),
            parts: Parts::new(),
        }
    }

    fn compile(source: &str) -> Result<Regex, PatError> {
        Regex::builder()
            // `^` and `$` at every line: a line break ends a sentence (a
            // list item, a line of notes), so "... was Bob's fault" ends
            // there even when more prose follows it in the file.
            .syntax(
                syntax::Config::new()
                    .unicode(false)
                    .utf8(false)
                    .multi_line(true),
            )
            .configure(
                Regex::config()
                    .auto_prefilter(false)
                    .dfa(false)
                    .onepass(false)
                    .nfa_size_limit(Some(1 << 24)),
            )
            .build(source)
            .map_err(|e| PatError(e.to_string()))
    }

    /// The regex to search `text` with, or `None` when the gate rules the
    /// pattern out there.
    fn regex_for(&self, text: &str) -> Option<&Regex> {
        let Some(id) = self.builtin else {
            return self.regex.get();
        };
        if !quick_start() || self.regex.get().is_some() {
            return gate::may_match(id, text).then(|| self.whole(id));
        }
        match gate::open_units(id, text) {
            gate::Open::Some(units) if units.is_empty() => None,
            gate::Open::Some(units) => Some(self.part(id, units)),
            gate::Open::All => Some(self.whole(id)),
        }
    }

    /// The whole built-in pattern `id`, compiled.
    fn whole(&self, id: u32) -> &Regex {
        self.regex.get_or_init(|| {
            Self::compile(GATE.source(id)).unwrap_or_else(|e| panic!("built-in pattern {id}: {e}"))
        })
    }

    /// Built-in pattern `id` compiled from at least `units` (which are in
    /// order): the same matches as the whole pattern in a text where no
    /// other unit can match, since its alternatives keep their order.
    fn part(&self, id: u32, units: Vec<u32>) -> &Regex {
        let compile = || {
            let source = units
                .iter()
                .map(|&u| GATE.unit_source(id, u))
                .collect::<Vec<_>>()
                .join("|");
            Self::compile(&source)
                .unwrap_or_else(|e| panic!("built-in pattern {id}, units {units:?}: {e}"))
        };
        match self.parts.get(&units, compile) {
            Some((re, _)) => re,
            None => self.whole(id),
        }
    }

    /// What a search of `text` looks at: the whole text, or for a
    /// built-in pattern the parts its literals were found in
    /// ([`gate::windows`]).
    fn inputs<'t>(&self, text: &'t str) -> impl Iterator<Item = Input<'t>> + 't {
        let spans = match self.builtin {
            Some(id) => gate::windows(id, text),
            None => vec![(0, text.len())],
        };
        spans
            .into_iter()
            .map(move |(start, end)| Input::new(text.as_bytes()).range(start..end))
    }

    /// Matches in `text`, which must be ASCII (see [`super::text::normalise`]).
    pub fn find_iter<'t>(&'t self, text: &'t str) -> impl Iterator<Item = M<'t>> + 't {
        debug_assert!(text.is_ascii());
        self.regex_for(text)
            .into_iter()
            .flat_map(move |re| self.inputs(text).flat_map(move |input| re.find_iter(input)))
            .map(move |m| M {
                start: first_word(text, m.start(), m.end()),
                end: m.end(),
                text,
            })
    }

    pub fn captures_iter<'t>(&'t self, text: &'t str) -> impl Iterator<Item = Caps<'t>> + 't {
        self.regex_for(text)
            .into_iter()
            .flat_map(move |re| {
                self.inputs(text)
                    .flat_map(move |input| re.captures_iter(input))
            })
            .map(move |caps| Caps { caps, text })
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.regex_for(text)
            .is_some_and(|re| self.inputs(text).any(|input| re.is_match(input)))
    }
}

/// A built-in pattern by rule and name; a missing one is a bug in the
/// catalogue, caught by the unit tests.
pub fn pattern(rule: &str, name: &str) -> Pat {
    let id = GATE
        .id(Some(rule), name)
        .unwrap_or_else(|| panic!("rule {rule} has no pattern {name}"));
    Pat::builtin(id)
}

/// A word class: its words in base form, looked up by lemma. Hashed with
/// rustc-hash's Fx hash: the words are pm's own, and linting looks words up
/// millions of times, where the default SipHash showed in profiles.
pub struct WordClass(HashSet<String, rustc_hash::FxBuildHasher>);

impl WordClass {
    fn new(words: &[String]) -> WordClass {
        WordClass(words.iter().map(|w| w.to_ascii_lowercase()).collect())
    }

    /// The word as written (lowercase).
    pub fn has_exact(&self, w: &str) -> bool {
        self.0.contains(w)
    }

    /// The word or one of its base forms ("deleted" → delete).
    pub fn has(&self, w: &str) -> bool {
        self.0.contains(w)
            || lemmas(w)
                .iter()
                .skip(1)
                .any(|l| self.0.contains(l.as_str()))
    }

    /// The word or its singular ("technicians" → technician, "nurse's" →
    /// nurse); verb forms are not undone, so "hired" is not "hire".
    pub fn has_noun(&self, w: &str) -> bool {
        let w = super::text::without_possessive(w).trim_end_matches('\'');
        if self.0.contains(w) {
            return true;
        }
        // Short words are not plurals: "is" is not "i", "us" is not "u".
        if w.len() < 4 {
            return false;
        }
        if let Some(s) = w.strip_suffix("ies") {
            return self.0.contains(&format!("{s}y"));
        }
        if let Some(s) = w.strip_suffix('s')
            && !w.ends_with("ss")
        {
            return self.0.contains(s) || s.strip_suffix('e').is_some_and(|s| self.0.contains(s));
        }
        false
    }

    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct LexiconFile {
    person: Vec<String>,
    person_endings: Vec<String>,
    ambiguous_roles: Vec<String>,
    not_people_after: Vec<String>,
    not_people_before: Vec<String>,
    organisations: Vec<String>,
    system: Vec<String>,
    first_names: Vec<String>,
    filler: Vec<String>,
    clause_breaks: Vec<String>,
    team_words: Vec<String>,
    human_only_verbs: Vec<String>,
    human_label_nouns: Vec<String>,
    judged_act_words: Vec<String>,
    past_verbs: Vec<String>,
    not_names: Vec<String>,
    word_names: Vec<String>,
    unshown_words: Vec<String>,
    name_verbs: Vec<String>,
    machine_verbs: Vec<String>,
    name_acts: Vec<String>,
    attempt_verbs: Vec<String>,
    tools: Vec<String>,
    program_roles: Vec<String>,
    program_qualifiers: Vec<String>,
    trade_roles: Vec<String>,
    trade_qualifiers: Vec<String>,
    trade_context: Vec<String>,
    qualified_people: BTreeMap<String, Vec<String>>,
    context_program_roles: Vec<String>,
    people_teams: Vec<String>,
    machine_context: Vec<String>,
    adversaries: Vec<String>,
    speech_verbs: Vec<String>,
    by_itself: Vec<String>,
    lapse_words: Vec<String>,
    passive_adverbs: Vec<String>,
    artefacts: Vec<String>,
    after_artefacts: Vec<String>,
    found_changes: Vec<String>,
    audiences: Vec<String>,
    consequence_verbs: Vec<String>,
    lacked_verbs: Vec<String>,
    mishap_motions: Vec<String>,
    product_roles: Vec<String>,
}

/// The shared word classes.
pub struct Lexicon {
    pub person: WordClass,
    /// Endings that make any word a person ("oncologist").
    pub person_endings: Vec<String>,
    pub ambiguous_roles: WordClass,
    pub not_people_after: WordClass,
    pub not_people_before: WordClass,
    pub organisations: WordClass,
    pub system: WordClass,
    pub first_names: WordClass,
    pub filler: WordClass,
    pub clause_breaks: WordClass,
    pub team_words: WordClass,
    pub human_only_verbs: WordClass,
    pub human_label_nouns: WordClass,
    pub judged_act_words: WordClass,
    pub past_verbs: WordClass,
    pub not_names: WordClass,
    pub word_names: WordClass,
    pub unshown_words: WordClass,
    pub name_verbs: WordClass,
    pub machine_verbs: WordClass,
    pub name_acts: WordClass,
    pub attempt_verbs: WordClass,
    pub tools: WordClass,
    pub program_roles: WordClass,
    pub program_qualifiers: WordClass,
    /// Roles that name programs in software and people in other trades
    /// ("the ingress controller", "the air traffic controller").
    pub trade_roles: WordClass,
    /// Words before a trade role that make it a person ("ground").
    pub trade_qualifiers: WordClass,
    /// Words that name people only after one of their qualifiers ("the
    /// night shift", "the CAB chair", "the bus driver"), by singular.
    pub qualified_people: HashMap<String, WordClass>,
    /// Words of a sentence that make a trade role a person ("runway").
    pub trade_context: WordClass,
    pub context_program_roles: WordClass,
    pub people_teams: WordClass,
    pub machine_context: WordClass,
    pub adversaries: WordClass,
    pub speech_verbs: WordClass,
    pub by_itself: WordClass,
    pub lapse_words: WordClass,
    /// Adverbs that may sit inside a passive ("was also fined").
    pub passive_adverbs: WordClass,
    /// Things a judging word can name as a modifier ("the disciplinary
    /// records module", "the negligence claims database").
    pub artefacts: WordClass,
    /// Words that may follow such a thing's name, ending it ("... module
    /// of the HR app", "... database used by legal").
    pub after_artefacts: WordClass,
    /// What bisecting finds, named after "culprit" ("the culprit commit").
    pub found_changes: WordClass,
    /// Who a warning is given to when it is not a sanction ("a formal
    /// warning to the public").
    pub audiences: WordClass,
    /// Verbs that tell what an act led to: after ", which" their subject
    /// is the clause before ("..., which made recovery harder").
    pub consequence_verbs: WordClass,
    /// What someone did not have, know or receive (after "not" or "n't"):
    /// the system's, not a lapse.
    pub lacked_verbs: WordClass,
    /// A body's mishap after a slip adverb: harm suffered, not caused.
    pub mishap_motions: WordClass,
    /// Program roles after a CamelCase product ("the PageBuilder Deployer").
    pub product_roles: WordClass,
}

/// lexicon.yaml as JSON, written by build.rs (empty if it could not).
const LEXICON_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/lexicon.json"));

/// The lexicon as build.rs wrote it in JSON, which parses in a tenth of the
/// time (a one-file lint starts faster), else as YAML; a unit test checks
/// both give the same lexicon.
fn lexicon_file() -> LexiconFile {
    serde_json::from_str(LEXICON_JSON).unwrap_or_else(|_| lexicon_yaml())
}

fn lexicon_yaml() -> LexiconFile {
    crate::yaml::from_str(LEXICON)
        .unwrap_or_else(|e| panic!("built-in lexicon.yaml: {}", e.message))
}

pub static LEX: LazyLock<Lexicon> = LazyLock::new(|| {
    let f = lexicon_file();
    Lexicon {
        person: WordClass::new(&f.person),
        person_endings: f.person_endings,
        ambiguous_roles: WordClass::new(&f.ambiguous_roles),
        not_people_after: WordClass::new(&f.not_people_after),
        not_people_before: WordClass::new(&f.not_people_before),
        organisations: WordClass::new(&f.organisations),
        system: WordClass::new(&f.system),
        first_names: WordClass::new(&f.first_names),
        filler: WordClass::new(&f.filler),
        clause_breaks: WordClass::new(&f.clause_breaks),
        team_words: WordClass::new(&f.team_words),
        human_only_verbs: WordClass::new(&f.human_only_verbs),
        human_label_nouns: WordClass::new(&f.human_label_nouns),
        judged_act_words: WordClass::new(&f.judged_act_words),
        past_verbs: WordClass::new(&f.past_verbs),
        not_names: WordClass::new(&f.not_names),
        word_names: WordClass::new(&f.word_names),
        unshown_words: WordClass::new(&f.unshown_words),
        name_verbs: WordClass::new(&f.name_verbs),
        machine_verbs: WordClass::new(&f.machine_verbs),
        name_acts: WordClass::new(&f.name_acts),
        attempt_verbs: WordClass::new(&f.attempt_verbs),
        tools: WordClass::new(&f.tools),
        program_roles: WordClass::new(&f.program_roles),
        program_qualifiers: WordClass::new(&f.program_qualifiers),
        trade_roles: WordClass::new(&f.trade_roles),
        trade_qualifiers: WordClass::new(&f.trade_qualifiers),
        qualified_people: f
            .qualified_people
            .iter()
            .map(|(word, qualifiers)| (word.clone(), WordClass::new(qualifiers)))
            .collect(),
        trade_context: WordClass::new(&f.trade_context),
        context_program_roles: WordClass::new(&f.context_program_roles),
        people_teams: WordClass::new(&f.people_teams),
        machine_context: WordClass::new(&f.machine_context),
        adversaries: WordClass::new(&f.adversaries),
        speech_verbs: WordClass::new(&f.speech_verbs),
        by_itself: WordClass::new(&f.by_itself),
        lapse_words: WordClass::new(&f.lapse_words),
        passive_adverbs: WordClass::new(&f.passive_adverbs),
        artefacts: WordClass::new(&f.artefacts),
        after_artefacts: WordClass::new(&f.after_artefacts),
        found_changes: WordClass::new(&f.found_changes),
        audiences: WordClass::new(&f.audiences),
        consequence_verbs: WordClass::new(&f.consequence_verbs),
        lacked_verbs: WordClass::new(&f.lacked_verbs),
        mishap_motions: WordClass::new(&f.mishap_motions),
        product_roles: WordClass::new(&f.product_roles),
    }
});

#[cfg(test)]
mod tests {
    use super::*;

    /// The descriptions build.rs read are those pm reads from the files.
    #[test]
    fn rule_descriptions_from_build_time_are_those_of_the_files() {
        assert_eq!(INFOS.len(), RULES.len());
        for (built, read) in INFOS.iter().zip(RULES.iter().map(|r| &r.info)) {
            assert_eq!(built.id, read.id);
            assert_eq!(built.name, read.name, "{}", read.id);
            assert_eq!(built.family, read.family, "{}", read.id);
            assert_eq!(built.severity, read.severity, "{}", read.id);
            assert_eq!(built.message, read.message, "{}", read.id);
            assert_eq!(built.suggestion, read.suggestion, "{}", read.id);
        }
    }

    /// The lexicon build.rs wrote as JSON is lexicon.yaml.
    #[test]
    fn the_lexicon_in_json_is_the_lexicon() {
        let json: LexiconFile = serde_json::from_str(LEXICON_JSON).expect("lexicon.json");
        assert_eq!(json, lexicon_yaml());
    }

    /// A word listed twice in one class is a slip that hides which entry a
    /// reviewer should edit.
    #[test]
    fn no_word_class_lists_a_word_twice() {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Class {
            Words(Vec<String>),
            Qualified(BTreeMap<String, Vec<String>>),
        }
        let file: BTreeMap<String, Class> = crate::yaml::from_str(LEXICON).expect("lexicon.yaml");
        let mut lists = Vec::new();
        for (name, class) in file {
            match class {
                Class::Words(words) => lists.push((name, words)),
                Class::Qualified(map) => {
                    lists.extend(map.into_iter().map(|(k, v)| (format!("{name}.{k}"), v)))
                }
            }
        }
        for (name, words) in lists {
            let mut seen = HashSet::new();
            let twice: Vec<_> = words.iter().filter(|w| !seen.insert(*w)).collect();
            assert!(
                twice.is_empty(),
                "lexicon.yaml {name} lists twice: {twice:?}"
            );
        }
    }
}
