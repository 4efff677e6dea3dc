//! The evidence model (see signals.yaml): who acts in a sentence, what is
//! said of the act, and the fitted weight of each signal, of each pair of
//! actor and cue, and of each word. Where no rule matched, it adds a
//! `blame-evidence` warning when an actor and a cue are found together and
//! the score passes `thresholds.warning`, or else a weaker `blame-words`
//! warning when the words of the sentence alone pass `thresholds.words`.
//! It also softens a rule's error in a sentence that reads as writing about
//! blame or as a general statement.
//!
//! Every finding it makes names what it rests on (the actor and the cue,
//! and the words of the sentence that weighed most), so a reader can see
//! why, and the weights are data (signals.yaml for the signals,
//! signals-words.tsv for words and pairs of words), refitted together by
//! `scripts/fit-blame-weights.py` from the development split only.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{LazyLock, OnceLock};

use regex_automata::meta::Regex;
use regex_automata::util::syntax;
use serde::Deserialize;

use super::data::{LEX, Parts, Pat};
use super::sentence::set_against;
use super::word_table::Table;
use super::{Context, Hit, Token, tokens};
use crate::lint::Severity;

const SIGNALS: &str = include_str!("signals.yaml");

/// The fitted weight of each word of a sentence and of each two words in a
/// row (signals-words.tsv: `word<TAB>weight`, `failed to<TAB>weight`),
/// written by `scripts/fit-blame-weights.py` beside the signals' weights:
/// the words shift a sentence's score; the finding still names its actor
/// and cue. build.rs lays the file out as a table pm reads in place.
static WORDS: WordTable = WordTable(Table {
    keys: include_str!(concat!(env!("OUT_DIR"), "/words.keys")),
    slots: include_bytes!(concat!(env!("OUT_DIR"), "/words.slots")),
});

/// signals.yaml as JSON, written by build.rs (empty if it could not): a
/// one-file lint starts faster (a unit test checks both are the same).
const SIGNALS_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/signals.json"));

/// The rule id of the model's findings that rest on an actor and a cue.
pub const RULE: &str = "blame-evidence";

/// The rule id of the model's findings that rest on the words alone.
pub const WORDS_RULE: &str = "blame-words";

#[derive(Debug, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct Thresholds {
    warning: f64,
    /// The score of a sentence's words alone (with the bias) above which it
    /// warns although no actor and cue were found together.
    words: f64,
    /// Signals of a sentence that is not an account of what happened:
    /// a rule's error there becomes a warning.
    soften_errors_when: Vec<String>,
    /// The rules that guess at blame from a person and a word near each
    /// other; a sentence where they alone warn keeps their warnings only
    /// if its score reaches `weak_rule`.
    weak_rules: Vec<String>,
    weak_rule: f64,
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct SignalsFile {
    cues: BTreeMap<String, Vec<String>>,
    thresholds: Thresholds,
    weights: BTreeMap<String, f64>,
}

struct Model {
    /// Cue names, by pattern id in `cues`.
    names: Vec<String>,
    /// Whether each cue is an act a warning can rest on (not context, not
    /// neutral).
    acts: Vec<bool>,
    /// Each cue's alternatives joined, by pattern id.
    sources: Vec<String>,
    /// Every cue class at once: one pass over the text finds them all.
    /// Compiled on first use (see [`Model::cues`]).
    cues: OnceLock<Regex>,
    /// For a quick start: the cues compiled from some of them (see
    /// [`cue_matches_by`]).
    parts: Parts,
    thresholds: Thresholds,
    weights: BTreeMap<String, f64>,
}

/// Cues that are context, not acts: they are features alone, never paired
/// with an actor and never the words a finding points at.
const CONTEXT_CUES: &[&str] = &["question", "generic", "practice"];

/// Cues too neutral to rest a finding on ("she deployed the rollback",
/// "the pilot followed the checklist"): they weigh in the score but a
/// warning must name a stronger cue.
const NEUTRAL_CUES: &[&str] = &["operate", "rules"];

static MODEL: LazyLock<Model> = LazyLock::new(|| {
    let f = signals_file();
    let names: Vec<String> = f.cues.keys().cloned().collect();
    let sources: Vec<String> = f
        .cues
        .values()
        .map(|alts| {
            alts.iter()
                .map(|a| format!("(?:{a})"))
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect();
    let acts = names
        .iter()
        .map(|n| !CONTEXT_CUES.contains(&n.as_str()) && !NEUTRAL_CUES.contains(&n.as_str()))
        .collect();
    Model {
        names,
        acts,
        sources,
        cues: OnceLock::new(),
        parts: Parts::new(),
        thresholds: f.thresholds,
        weights: f.weights,
    }
});

// CUE_GATES: each cue's name and literal gate, by build.rs (see there).
include!(concat!(env!("OUT_DIR"), "/cue_gates.rs"));

impl Model {
    /// All the cues, compiled.
    fn cues(&self) -> &Regex {
        self.cues.get_or_init(|| compile_cues(&self.sources))
    }

    /// The cues compiled from at least `ids` (in order), and the ids of
    /// those compiled, by pattern id.
    fn part(&self, ids: &[u32]) -> (&Regex, Vec<u32>) {
        let compile = || {
            let sources: Vec<&str> = ids
                .iter()
                .map(|&i| self.sources[i as usize].as_str())
                .collect();
            compile_cues(&sources)
        };
        self.parts
            .get(ids, compile)
            .unwrap_or_else(|| (self.cues(), (0..self.sources.len() as u32).collect()))
    }
}

/// The cues as one regex, a pattern each.
fn compile_cues<S: AsRef<str>>(sources: &[S]) -> Regex {
    Regex::builder()
        // `$` at every line, as in the rules' patterns: "?" ends a question
        // on any line, not only the file's last (the weights were fitted
        // one sentence at a time, where it did).
        .syntax(
            syntax::Config::new()
                .unicode(false)
                .utf8(false)
                .multi_line(true),
        )
        .configure(
            Regex::config()
                .auto_prefilter(!super::data::quick_start())
                .dfa(false)
                .onepass(false)
                .nfa_size_limit(Some(1 << 24)),
        )
        .build_many(sources)
        .unwrap_or_else(|e| panic!("signals.yaml cues: {e}"))
}

/// The cues that may match in `lower`: those whose gate's literals it
/// holds, and those with no gate.
fn open_cues(lower: &str) -> Vec<u32> {
    CUE_GATES
        .iter()
        .enumerate()
        .filter(|(_, (_, gate))| {
            gate.is_none_or(|lits| {
                lits.iter()
                    .any(|l| memchr::memmem::find(lower.as_bytes(), l).is_some())
            })
        })
        .map(|(i, _)| i as u32)
        .collect()
}

struct WordTable(Table);

impl WordTable {
    fn word(&self, w: &str) -> Option<f64> {
        weighable(w).then(|| self.0.get(&[w])).flatten()
    }

    fn pair(&self, a: &str, b: &str) -> Option<f64> {
        (weighable(a) && weighable(b))
            .then(|| self.0.get(&[a, b]))
            .flatten()
    }
}

/// Whether a token can be a word of the table: every word there starts
/// with a letter or a digit (a test checks), and a sentence's commas and
/// full stops are a fifth of its tokens.
fn weighable(w: &str) -> bool {
    w.as_bytes().first().is_some_and(u8::is_ascii_alphanumeric)
}

fn signals_file() -> SignalsFile {
    serde_json::from_str(SIGNALS_JSON).unwrap_or_else(|_| signals_yaml())
}

fn signals_yaml() -> SignalsFile {
    crate::yaml::from_str(SIGNALS)
        .unwrap_or_else(|e| panic!("built-in signals.yaml: {}", e.message))
}

/// The frames the model weighs: the rules' own (one compilation each per
/// run, on first use; linting one small file often never needs them).
static FRAMES: LazyLock<[(&'static str, &'static Pat); 2]> = LazyLock::new(|| {
    [
        ("discussion", &super::MORE.discussion),
        ("generic", &super::MORE.generic),
    ]
});

/// One signal in a sentence: its name ("actor:person", "cue:wrong") and
/// the words it was found in.
#[derive(Debug, Clone)]
pub struct Signal {
    pub name: String,
    pub start: usize,
    pub end: usize,
}

/// What kind of actor a token names, if any.
fn actor(ctx: &Context, t: &Token) -> Option<&'static str> {
    let w = t.lower;
    // "human" before error, factor, nature: a label, not someone.
    if w == "human" {
        return None;
    }
    // A service the post-mortem lists ("Fleet-Manager").
    if ctx
        .services
        .iter()
        .any(|s| s == super::text::without_possessive(w))
    {
        return Some("system");
    }
    Some(match w {
        "he" | "she" | "him" | "his" | "himself" | "herself" | "he's" | "she's" | "he'd"
        | "she'd" => "he-she",
        "her" => "he-she",
        // The tokens hold "they've", "I'm", "we're" as the bare pronoun.
        "they" | "them" | "their" | "themselves" | "they'd" => "they",
        "i" | "me" | "my" | "myself" | "i'd" | "mine" => "self",
        // Not "us": an object ("Acme failed to inform us") owns nothing.
        "we" | "our" | "ourselves" | "we'd" => "we",
        "you" | "your" | "yourself" | "yourselves" | "you'd" => "you",
        "people" | "everyone" | "everybody" | "anyone" | "anybody" | "someone" | "somebody"
        | "humans" | "beings" | "nobody" | "folks" | "individuals" => "people",
        _ if LEX.organisations.has_noun(w) => "org",
        // Plural roles are mostly general statements ("engineers make
        // mistakes"); a singular one is usually someone in the story.
        _ if ctx.token_is_person(t) => {
            // "Marcus", "Carlos", "James", "Ms Hawkins": a name is one person.
            let named = LEX.first_names.has_exact(w)
                || ctx.is_known_person(w)
                || ctx.titled.binary_search(&t.start).is_ok();
            if !named && w.ends_with('s') && !w.ends_with("ss") && w.len() > 3 && !w.ends_with("'s")
            {
                "persons"
            } else {
                "person"
            }
        }
        _ if LEX.system.has_noun(w) && !matches!(w, "it" | "this" | "that" | "which") => "system",
        _ => return None,
    })
}

/// Whether a sentence is a log line pasted in, opening on its level
/// ("FATAL: terminating connection due to administrator command", "ERROR
/// [main] ...", "WARN 2024-03-01 ..."): a program's words, which the
/// evidence model does not weigh (attack 58). The level must be followed
/// by what loggers print after it (a colon, a bracket, a bar, a date), so
/// "Fatal mistakes were made" is still read.
fn log_line(sentence: &str) -> bool {
    const LEVELS: &[&str] = &[
        "fatal", "panic", "error", "err", "warning", "warn", "critical", "crit", "emerg", "info",
        "debug", "notice", "log", "trace",
    ];
    let s = sentence.trim_start_matches(|c: char| c.is_whitespace() || c == '-' || c == '*');
    let s = s.strip_prefix('[').unwrap_or(s);
    LEVELS.iter().any(|level| {
        s.strip_prefix(level).is_some_and(|rest| {
            let rest = rest.strip_prefix(' ').unwrap_or(rest);
            rest.starts_with([':', '[', ']', '|', '('])
                || rest.starts_with(|c: char| c.is_ascii_digit())
        })
    })
}

/// The sentences of `lower`, as byte ranges.
fn sentences(lower: &str) -> Vec<(usize, usize)> {
    let bytes = lower.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &c) in bytes.iter().enumerate() {
        let ends = c == b'\n'
            || (matches!(c, b'.' | b'!' | b'?')
                && bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace()));
        if ends {
            if lower[start..=i].trim().len() > 1 {
                out.push((start, i + 1));
            }
            start = i + 1;
        }
    }
    if lower[start..].trim().len() > 1 {
        out.push((start, lower.len()));
    }
    out
}

/// A cue found in the text: (cue index, start, end).
type Cue = (usize, usize, usize);

/// Every cue in the whole text, in one pass, in order.
fn cue_matches(model: &Model, lower: &str) -> Vec<Cue> {
    cue_matches_by(model, lower, super::data::quick_start())
}

/// The cues in `lower`. For a quick start (`quick`), only the cues whose
/// literals `lower` holds are compiled: a one-file lint compiled all
/// twenty, a third of its time; the generated post-mortem measured opens
/// six. A cue that cannot
/// match changes nothing the others find, so the matches are the same.
fn cue_matches_by(model: &Model, lower: &str, quick: bool) -> Vec<Cue> {
    let (re, ids) = if quick && CUE_GATES.len() == model.sources.len() {
        model.part(&open_cues(lower))
    } else {
        (model.cues(), (0..model.sources.len() as u32).collect())
    };
    re.find_iter(lower.as_bytes())
        .map(|m| (ids[m.pattern().as_usize()] as usize, m.start(), m.end()))
        .collect()
}

/// The actors of one sentence `[start, end)`.
fn sentence_actors(toks: &[Token], (start, end): (usize, usize), ctx: &Context) -> Vec<Signal> {
    let from = toks.partition_point(|t| t.start < start);
    toks[from..]
        .iter()
        .enumerate()
        .take_while(|(_, t)| t.end <= end)
        .filter_map(|(i, t)| {
            let before = (from + i).checked_sub(1).map(|at| &toks[at]);
            let after = toks.get(from + i + 1);
            // Not "the night shift report", "the bus driver app": a thing
            // named after the people.
            let thing_next = after.is_some_and(|a| {
                a.start == t.end + 1
                    && (LEX.system.has_noun(a.lower) || LEX.not_people_before.has_noun(a.lower))
            });
            actor(ctx, t)
                // "The Kafka broker", "Grafana OnCall": a program.
                .map(|kind| match kind {
                    "person" | "persons" if super::program_role(t, before, after, toks) => "system",
                    // "The ground controller", "the controller cleared both
                    // planes": a trade's role.
                    "system" if !thing_next && super::trade_person(t, before, toks) => {
                        if t.lower.ends_with('s') {
                            "persons"
                        } else {
                            "person"
                        }
                    }
                    kind => kind,
                })
                // "The lab tech", "the support agent": people after their
                // trade's word.
                .or_else(|| {
                    (!thing_next
                        && super::qualified_person(t.lower, before.map(|b| b.lower)) == Some(true))
                    .then_some("person")
                })
                .or_else(|| ambiguous_role(t, before, after))
                .or_else(|| {
                    // After only a time ("14:00 Lifting was suspended"), a
                    // word opens the sentence.
                    let inside = toks[from..from + i].iter().any(super::subject::is_word);
                    name(ctx, t, inside, before, &toks[from + i + 1..])
                })
                // "I/O" is input and output, not the writer.
                .filter(|&kind| {
                    kind != "self"
                        || !(t.lower == "i"
                            && after.is_some_and(|a| a.lower == "o" && a.start == t.end + 1))
                })
                // A system word that names a person's trade ("the system
                // administrator", "a network engineer") is the person's.
                .filter(|&kind| {
                    kind != "system"
                        || !after.is_some_and(|a| {
                            a.start <= t.end + 1
                                && matches!(actor(ctx, a), Some("person" | "persons"))
                        })
                })
                .map(|kind| Signal {
                    name: format!("actor:{kind}"),
                    start: t.start,
                    end: t.end,
                })
        })
        .collect()
}

/// Cues a name can carry a warning with whatever it did: only people are
/// punished, judged in hindsight, questioned, told to be careful or
/// labelled in error. With the others ("Datadog did not alert", "Kafka
/// should have rebalanced", "Redis performed poorly") a name is most
/// often a program, and it carries a warning only when it does what
/// people do ([`acts_as_someone`]).
const NAME_CUES: &[&str] = &["punish", "hindsight", "interrogate", "remedy", "label"];

/// Words that open the object of a verb: the verb a name does comes
/// before them.
const ARTICLES: &[&str] = &["the", "a", "an", "its", "their", "our", "this", "that"];

/// Whether the name `a` does, within a few words, what only people or
/// organisations do ("Acme failed to notify", "IBM botched the
/// migration", "Vale has been accused of failing to report").
fn acts_as_someone(a: &Signal, toks: &[Token]) -> bool {
    let at = toks.partition_point(|t| t.start < a.start);
    // The verb comes before its object and before the next clause: "Acme
    // did not notify us", not "Datadog never alerted because the monitor".
    toks[at..]
        .iter()
        .skip(1)
        .take(6)
        .take_while(|t| !LEX.clause_breaks.has_exact(t.lower) && !ARTICLES.contains(&t.lower))
        .any(does_what_people_do)
}

/// A verb only people or organisations do (lexicon `human-only-verbs` and
/// `name-acts`).
fn does_what_people_do(t: &Token) -> bool {
    LEX.human_only_verbs.has_exact(t.lower) || LEX.name_acts.has_exact(t.lower)
}

/// Words after an abbreviation that do not make it a modifier ("BP and
/// Halliburton", "ATC, which", "the FAA was"): function words and
/// auxiliaries.
const FUNCTION_WORDS: &[&str] = &[
    "and",
    "or",
    "but",
    "nor",
    "who",
    "whose",
    "which",
    "that",
    "with",
    "without",
    "to",
    "of",
    "in",
    "on",
    "at",
    "for",
    "from",
    "by",
    "as",
    "than",
    "then",
    "so",
    "if",
    "when",
    "while",
    "because",
    "since",
    "after",
    "before",
    "until",
    "into",
    "onto",
    "about",
    "over",
    "under",
    "not",
    "never",
    "also",
    "still",
    "just",
    "only",
    "even",
    "again",
    "too",
    "both",
    "alone",
    "himself",
    "herself",
    "themselves",
    "itself",
    "here",
    "there",
    "up",
    "out",
    "off",
    "down",
    "is",
    "was",
    "are",
    "were",
    "be",
    "been",
    "being",
    "has",
    "have",
    "had",
    "do",
    "does",
    "did",
    "will",
    "would",
    "can",
    "could",
    "should",
    "must",
    "may",
    "might",
    "shall",
];

/// A capitalised word inside a sentence that no class knows: the name of
/// an organisation, a vendor, a person or a program ("Knight did not have
/// adequate controls", "it took PG&E 95 minutes"). The model weighs it as
/// weaker evidence than a role; a name doing what programs do is a system.
fn name(
    ctx: &Context,
    t: &Token,
    inside: bool,
    before: Option<&Token>,
    rest: &[Token],
) -> Option<&'static str> {
    let after = rest.first();
    let mut chars = t.original.chars();
    let first = chars.next()?;
    // First in its sentence, a capital says nothing, unless the verb
    // follows at once ("Knight did not have", "Vale failed to"), after a
    // second capitalised word, or the word has capitals inside
    // ("CrowdStrike", "BP").
    let verb_at = |i: usize| {
        rest.get(i)
            .is_some_and(|a| LEX.name_verbs.has_exact(a.lower))
    };
    let capitalised = |a: &Token| a.original.starts_with(|c: char| c.is_ascii_uppercase());
    let leads = !inside
        && (verb_at(0)
            // Two words: "Dunder Mifflin failed to", "Transport Canada did not".
            || after.is_some_and(capitalised) && verb_at(1)
            || t.original.chars().skip(1).any(|c| c.is_ascii_uppercase()));
    // An abbreviation right before a lower-case word that is neither its
    // verb nor a function word qualifies that word ("the CA reminder
    // emails", "AWS credits"): the noun, not the name, is what the sentence
    // is about. (Only abbreviations: after a name, an unknown lower-case
    // word is as often its verb: "Sullivan deserved".)
    let abbreviation = t.original.len() <= 6 && super::text::is_abbreviation(t.original);
    let qualifies_next = abbreviation
        && after.is_some_and(|a| {
            a.start <= t.end + 1
                && a.original.starts_with(|c: char| c.is_ascii_lowercase())
                && !LEX.name_verbs.has_exact(a.lower)
                && !verb_at(1)
                && !FUNCTION_WORDS.contains(&a.lower)
                && !LEX.clause_breaks.has_exact(a.lower)
        });
    if !(inside || leads)
        || !first.is_ascii_uppercase()
        || t.original.len() < 2
        || !chars.all(|c| c.is_alphanumeric() || matches!(c, '&' | '-' | '\'' | '’'))
        // Inside a sentence, after a quotation mark, a bracket or a colon:
        // a title, a heading or a quotation's first word.
        // (Punctuation other than commas is not a token: a gap of more
        // than a space shows it.)
        || inside
            && before.is_some_and(|b| {
                t.start > b.end + 1
                    || !b
                        .lower
                        .starts_with(|c: char| c.is_alphanumeric() || c == ',')
            })
        || LEX.not_names.has_exact(t.lower)
        || qualifies_next
        // A name that qualifies the noun after it ("the Go driver", "the
        // Terraform module", "Boeing engineers") is not the actor; the
        // noun is.
        || after.is_some_and(|a| {
            a.start <= t.end + 1
                && (LEX.system.has_noun(a.lower)
                    || LEX.ambiguous_roles.has_exact(a.lower)
                    || ctx.token_is_person(a)
                    || LEX.organisations.has_noun(a.lower))
        })
        // An owner of a system ("Amazon's infrastructure") is not its actor.
        || super::text::without_possessive(t.lower) != t.lower
            && after.is_some_and(|a| LEX.system.has_noun(a.lower))
    {
        return None;
    }
    // A program that does what programs do ("Nginx failed to restart",
    // "Envoy did not retry") is a system, unless what only people do comes
    // first ("Aisha forgot to renew the certificate").
    for a in rest.iter().take(4) {
        if does_what_people_do(a) {
            break;
        }
        if LEX.machine_verbs.has_exact(a.lower) {
            return Some("system");
        }
    }
    Some("name")
}

/// A role that also names a program or an account ("driver", "user"): a
/// person for the model ("the train driver", "the user accidentally
/// deleted"), unless the word before says program or account ("the
/// device driver", "the root user", "the NVIDIA driver": a name or an
/// acronym), it owns something ("the user's request") or it qualifies
/// the word after ("the user table"). Only the model
/// weighs it, so it can raise a warning but never a rule's error.
fn ambiguous_role(
    t: &Token,
    before: Option<&Token>,
    after: Option<&Token>,
) -> Option<&'static str> {
    if !LEX.ambiguous_roles.has_exact(t.lower)
        || after.is_some_and(|a| LEX.not_people_before.has_exact(a.lower))
    {
        return None;
    }
    let qualified = before.is_some_and(|b| {
        LEX.not_people_after.has_exact(b.lower)
            || b.original.starts_with(|c: char| c.is_ascii_uppercase())
                && !matches!(b.lower, "the" | "a" | "an" | "this" | "that" | "our" | "my")
            // Masked text between (a code span, a quotation): "the `root` user".
            || t.start > b.end + 1
    });
    if qualified {
        return None;
    }
    Some(if t.lower.ends_with('s') {
        "persons"
    } else {
        "person"
    })
}

/// Every signal of one sentence: its actors, cues and frames.
fn all_signals(
    model: &Model,
    lower: &str,
    toks: &[Token],
    cues: &[Cue],
    range: (usize, usize),
    ctx: &Context,
) -> Vec<Signal> {
    let mut signals = sentence_actors(toks, range, ctx);
    sentence_signals(model, toks, cues, range, &mut signals);
    sentence_frames(lower, range, &mut signals);
    signals
}

/// The other signals of one sentence `[start, end)`: its cues (the first
/// of each class), its frames, whether it tells of the past.
fn sentence_signals(
    model: &Model,
    toks: &[Token],
    cues: &[Cue],
    (start, end): (usize, usize),
    out: &mut Vec<Signal>,
) {
    let from = toks.partition_point(|t| t.start < start);
    let past = toks[from..]
        .iter()
        .take_while(|t| t.end <= end)
        .any(|t| t.lower.len() > 4 && t.lower.ends_with("ed") || LEX.past_verbs.has_exact(t.lower));
    if past {
        out.push(Signal {
            name: "form:past".into(),
            start,
            end,
        });
    }
    let from = cues.partition_point(|c| c.1 < start);
    let mut seen = vec![false; model.names.len()];
    let words = &toks[toks.partition_point(|t| t.start < start)..];
    let words = &words[..words.partition_point(|t| t.end <= end)];
    let first = words.first();
    // A headline capitalises every word ("Outage Blamed On Human Error").
    let capitalised = |t: &&Token| t.original.starts_with(|c: char| c.is_ascii_uppercase());
    let headline = words.iter().filter(capitalised).count() * 2 > words.len();
    for &(id, s, e) in cues[from..].iter().take_while(|c| c.2 <= end) {
        // A word of a general statement capitalised inside its sentence
        // names something: "the Daily Mail reported", "in May", "Will
        // Hughes".
        let at = toks.partition_point(|t| t.start < s);
        let named = !headline
            && model.names[id] == "generic"
            && toks.get(at).is_some_and(|t| {
                t.start == s
                    && first.is_none_or(|f| f.start != s)
                    && capitalised(&t)
                    && t.original.chars().skip(1).any(|c| c.is_ascii_lowercase())
            });
        // "Dana identifies the bad config with git blame": the command.
        let command = model.names[id] == "cause"
            && at > 0
            && toks
                .get(at)
                .is_some_and(|t| t.start == s && t.lower.starts_with("blame"))
            && toks[at - 1].lower == "git";
        if named || command {
            continue;
        }
        if !std::mem::replace(&mut seen[id], true) {
            out.push(Signal {
                name: format!("cue:{}", model.names[id]),
                start: s,
                end: e,
            });
        }
    }
}

/// The frames of one sentence `[start, end)` (writing about blame, a
/// general statement): the costliest signals, found last.
fn sentence_frames(lower: &str, (start, end): (usize, usize), out: &mut Vec<Signal>) {
    let text = &lower[start..end];
    // One signal for each place a frame is found, so that a clause set
    // against it ("not about blame, but ...") can be told apart.
    for (name, pat) in FRAMES.iter() {
        for m in pat.find_iter(text) {
            out.push(Signal {
                name: format!("frame:{name}"),
                start: start + m.start(),
                end: start + m.end(),
            });
        }
    }
}

/// Whether a cue is negated just before it: "not human error", "no one
/// was fired", "didn't do anything wrong".
fn negated(c: &Signal, toks: &[Token]) -> bool {
    const NEGATORS: &[&str] = &[
        "not", "no", "never", "nobody", "nobody's", "isn't", "wasn't", "aren't", "weren't",
        "don't", "doesn't", "didn't", "without", "rather", "instead",
    ];
    let at = toks.partition_point(|t| t.start < c.start);
    // "The staff did nothing wrong" (attack 56); not "did nothing but
    // break things", where "nothing" is not the cue's.
    let nothing = at > 0 && matches!(toks[at - 1].lower, "nothing" | "none");
    nothing
        || toks[at.saturating_sub(3)..at]
            .iter()
            .any(|t| NEGATORS.contains(&t.lower))
}

/// Whether a token opens a relative clause about a thing (`that` or
/// `which` after `result`, `value`, a system's part): what follows is said
/// of the thing, not of an actor before it.
fn thing_clause(between: &[Token], i: usize) -> bool {
    matches!(between[i].lower, "that" | "which")
        && i > 0
        && super::sentence::is_thing_noun(between[i - 1].lower)
}

/// Whether actor and cue sit close together in one clause, in either
/// order ("the technician typed the wrong", "a wrong command entered by a
/// technician"): the words a warning points at.
fn same_clause(a: &Signal, c: &Signal, toks: &[Token]) -> bool {
    let (first, second) = if a.start < c.start { (a, c) } else { (c, a) };
    if second.start <= first.end {
        // Overlapping words ("operator error"): one phrase.
        return true;
    }
    let between = between(first, second, toks);
    between.len() <= 10
        && !between.iter().enumerate().any(|(i, t)| {
            CLAUSE_ENDS.contains(&t.lower)
                || LEX.clause_breaks.has_exact(t.lower) && t.lower != "and"
                || thing_clause(between, i)
        })
}

/// Whether actor and cue are near enough in one sentence to be read
/// together at all: a pair dozens of words apart is two thoughts.
fn same_sentence_near(a: &Signal, c: &Signal, toks: &[Token]) -> bool {
    let (first, second) = if a.start < c.start { (a, c) } else { (c, a) };
    second.start <= first.end || between(first, second, toks).len() <= 30
}

/// Whether actor `a` comes shortly before cue `c` in the same clause.
fn subject_of(a: &Signal, c: &Signal, toks: &[Token]) -> bool {
    if a.end > c.start {
        return false;
    }
    let between = between(a, c, toks);
    between.len() <= 8
        && !between.iter().enumerate().any(|(i, t)| {
            CLAUSE_ENDS.contains(&t.lower)
                || LEX.clause_breaks.has_exact(t.lower) && t.lower != "and"
                || thing_clause(between, i)
        })
}

/// Punctuation that ends a clause, as tokens carry it.
const CLAUSE_ENDS: &[&str] = &[".", ";", ":", "(", ")"];

/// The tokens strictly between two signals, `first` ending before
/// `second` starts.
fn between<'a, 'b>(first: &Signal, second: &Signal, toks: &'b [Token<'a>]) -> &'b [Token<'a>] {
    let from = toks.partition_point(|t| t.start < first.end);
    let to = toks.partition_point(|t| t.start < second.start);
    &toks[from.min(to)..to]
}

/// A word of a sentence, or two words in a row ("failed to"): what the
/// word weights weigh.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Term<'a>(&'a str, Option<&'a str>);

impl Term<'_> {
    fn weight(self) -> Option<f64> {
        match self.1 {
            None => WORDS.word(self.0),
            Some(b) => WORDS.pair(self.0, b),
        }
    }

    /// Whether naming it explains something: not a single letter ("b" of
    /// "A/B", "s" of "the DB's") nor a word like "those" alone.
    fn shown(self) -> bool {
        let shown = |w: &str| w.len() > 1 && !LEX.unshown_words.has_exact(w);
        shown(self.0) || self.1.is_some_and(shown)
    }

    /// Where it is first written in the tokens.
    fn find(self, toks: &[Token]) -> Option<(usize, usize)> {
        match self.1 {
            None => toks
                .iter()
                .find(|t| t.word == self.0)
                .map(|t| (t.start, t.end)),
            Some(b) => toks
                .windows(2)
                .find(|p| p[0].word == self.0 && p[1].word == b)
                .map(|p| (p[0].start, p[1].end)),
        }
    }
}

impl std::fmt::Display for Term<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self.1 {
            None => write!(f, "{}", self.0),
            Some(b) => write!(f, "{} {b}", self.0),
        }
    }
}

/// Whether a token is a word the weights count (not a number, a mark or a
/// sentence's end).
fn weighed_word(t: &Token) -> bool {
    t.word
        .as_bytes()
        .first()
        .is_some_and(u8::is_ascii_alphabetic)
}

/// The tokens of the sentence `range` (quotations and code masked out).
fn sentence_tokens<'t, 'a>(toks: &'t [Token<'a>], range: (usize, usize)) -> &'t [Token<'a>] {
    let from = toks.partition_point(|t| t.start < range.0);
    let toks = &toks[from..];
    &toks[..toks.partition_point(|t| t.end <= range.1)]
}

/// The terms of the sentence `range`, each once, as the word weights count
/// them: its words, and each two words written one after the other.
fn sentence_terms<'a>(toks: &[Token<'a>], range: (usize, usize)) -> Vec<Term<'a>> {
    let toks = sentence_tokens(toks, range);
    let mut words: Vec<&str> = toks
        .iter()
        .filter(|t| weighed_word(t))
        .map(|t| t.word)
        .collect();
    words.sort_unstable();
    words.dedup();
    let mut pairs: Vec<(&str, &str)> = toks
        .windows(2)
        .filter(|p| weighed_word(&p[0]) && weighed_word(&p[1]))
        .map(|p| (p[0].word, p[1].word))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    words
        .into_iter()
        .map(|w| Term(w, None))
        .chain(pairs.into_iter().map(|(a, b)| Term(a, Some(b))))
        .collect()
}

fn features(signals: &[Signal], rule_hits: &[&Hit], toks: &[Token]) -> BTreeSet<String> {
    let mut out: BTreeSet<String> = signals.iter().map(|s| s.name.clone()).collect();
    let actors: BTreeSet<&str> = signals
        .iter()
        .filter_map(|s| s.name.strip_prefix("actor:"))
        .collect();
    let cues: BTreeSet<&str> = signals
        .iter()
        .filter_map(|s| s.name.strip_prefix("cue:"))
        .filter(|c| !CONTEXT_CUES.contains(c))
        .collect();
    for a in &actors {
        for c in &cues {
            out.insert(format!("{a}+{c}"));
        }
    }
    // An actor shortly before a cue in one clause is likely its subject:
    // "the technician typed the wrong", not "the wrong value reached the
    // technician".
    for a in signals.iter().filter(|s| s.name.starts_with("actor:")) {
        for c in signals.iter().filter(|s| s.name.starts_with("cue:")) {
            let cn = &c.name[4..];
            if !CONTEXT_CUES.contains(&cn) && subject_of(a, c, toks) {
                out.insert(format!("{}>{cn}", &a.name[6..]));
            }
        }
    }
    for c in signals
        .iter()
        .filter(|s| s.name.starts_with("cue:") && negated(s, toks))
    {
        out.insert(format!("not-{}", &c.name[4..]));
    }
    if rule_hits.iter().any(|h| h.severity == Severity::Error) {
        out.insert("rule:error".into());
    }
    if rule_hits.iter().any(|h| h.severity == Severity::Warning) {
        out.insert("rule:warning".into());
    }
    out
}

/// The score of a sentence: the bias, its signals' weights and its words'.
fn score(model: &Model, features: &BTreeSet<String>, words: &[Term]) -> f64 {
    model.weights.get("bias").copied().unwrap_or(0.0)
        + signals_weight(model, features)
        + words.iter().filter_map(|w| w.weight()).sum::<f64>()
}

/// The weights of a sentence's features (its signals and their pairs).
fn signals_weight(model: &Model, features: &BTreeSet<String>) -> f64 {
    features.iter().filter_map(|f| model.weights.get(f)).sum()
}

/// The actor-cue pair that weighs most in a sentence, as the words to
/// point at and an explanation. A pair in one clause ("the technician
/// typed the wrong") comes first, and the finding spans both; otherwise a
/// pair in two clauses of the sentence ("she skipped the check, and the
/// database was wiped") points at the cue and names the actor.
fn strongest_pair(
    model: &Model,
    signals: &[Signal],
    toks: &[Token],
) -> Option<(usize, usize, String)> {
    let mut best: Option<((bool, f64), &Signal, &Signal)> = None;
    for a in signals
        .iter()
        .filter(|s| s.name.starts_with("actor:") && s.name != "actor:system")
    {
        for c in signals.iter().filter(|s| s.name.starts_with("cue:")) {
            let (an, cn) = (&a.name[6..], &c.name[4..]);
            if CONTEXT_CUES.contains(&cn)
                || NEUTRAL_CUES.contains(&cn)
                || negated(c, toks)
                || !same_sentence_near(a, c, toks)
                || an == "name" && !NAME_CUES.contains(&cn) && !acts_as_someone(a, toks)
            {
                continue;
            }
            let w = model
                .weights
                .get(&format!("{an}+{cn}"))
                .copied()
                .unwrap_or(0.0)
                + model.weights.get(&c.name).copied().unwrap_or(0.0);
            let rank = (same_clause(a, c, toks), w);
            if best.is_none_or(|(b, _, _)| rank > b) {
                best = Some((rank, a, c));
            }
        }
    }
    let ((near, _), a, c) = best?;
    let (start, end) = if near {
        (a.start.min(c.start), a.end.max(c.end))
    } else {
        (c.start, c.end)
    };
    Some((
        start,
        end,
        format!(
            "{} with {}",
            actor_words(&a.name[6..]),
            cue_words(&c.name[4..])
        ),
    ))
}

fn actor_words(kind: &str) -> &'static str {
    match kind {
        "person" => "a person or role",
        "persons" => "people in a role",
        "he-she" => "a person (he or she)",
        "they" => "people (they)",
        "self" => "the writer",
        "we" => "the team (we)",
        "you" => "the reader (you)",
        "people" => "people",
        "org" => "an organisation",
        "name" => "someone or something named",
        _ => "an actor",
    }
}

fn cue_words(cue: &str) -> &'static str {
    match cue {
        "wrong" => "an act called wrong or accidental",
        "slip" => "a mistake",
        "destroy" => "something destroyed",
        "operate" => "an action",
        "mis" => "a mis-act (misread, misconfigured)",
        "omission" => "something not done",
        "counterfactual" => "what should have been done",
        "judgement" => "a judgement of their conduct or character",
        "cause" => "being the cause",
        "punish" => "punishment",
        "rules" => "rules and procedures",
        "violate" => "rules broken",
        "hindsight" => "hindsight (obvious, no excuse)",
        "remedy" => "a remedy aimed at people",
        "interrogate" => "a question asking them to account for it",
        "decide" => "a choice they made, judged after the fact",
        "label" => "an error label",
        _ => "a cue",
    }
}

/// The explanation of a finding, with the words of the sentence that
/// weigh most towards blame, when some weigh clearly: the score is theirs
/// too, so a reader sees them.
fn with_words(why: String, words: &[Term]) -> String {
    match heaviest_words(words) {
        Some(heaviest) => format!("{why}; {heaviest}"),
        None => why,
    }
}

/// "words that weigh most: ..." for the (at most three) words or pairs of
/// words of a sentence that weigh clearly towards blame, if any do.
fn heaviest_words(words: &[Term]) -> Option<String> {
    let mut words: Vec<(Term, f64)> = words
        .iter()
        .filter(|w| w.shown())
        .filter_map(|&w| Some((w, w.weight()?)))
        // Pairs of words share the weight their words had alone, so a
        // word weighing a tenth is among the heaviest of its sentence.
        .filter(|&(_, w)| w >= 0.10)
        .collect();
    if words.is_empty() {
        return None;
    }
    words.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let shown: Vec<String> = words
        .iter()
        .take(3)
        .map(|(w, _)| format!("\"{w}\""))
        .collect();
    Some(format!("words that weigh most: {}", shown.join(", ")))
}

/// Whether a signal that softens other errors is just how the finding
/// `h` is written, in the sentence starting at byte `from`: a remedy aimed
/// at people is told to people in the plural when it opens its sentence
/// ("Retrain all engineers", "Engineers must be more careful"), and a
/// remedy or a punishment announced right after "will" ("we will hold the
/// engineer accountable", "the person who caused this will be
/// reprimanded") is a plan, not a general statement; a counterfactual
/// has its "would" in its consequence.
fn plain_form_of(h: &Hit, from: usize, signal: &Signal, lower: &str) -> bool {
    let future = || {
        signal.name == "cue:generic"
            && &lower[signal.start..signal.end] == "will"
            && signal.end <= h.start
            && matches!(lower[signal.end..h.start].trim(), "" | "be")
            // "we will pay more attention": the team's own resolve.
            && !super::more_checks::self_directed(h.rule_text(lower))
    };
    // "Better training of plant staff is needed" names a need, and is
    // not told to anyone.
    let opens = || {
        lower[from..h.start]
            .trim_matches(|c: char| !c.is_alphanumeric())
            .is_empty()
            && !h.rule_text(lower).starts_with(|c: char| !c.is_alphabetic())
            && ![
                "more ",
                "better ",
                "additional ",
                "further ",
                "extra ",
                "enhanced ",
                "improved ",
                "remedial ",
                "mandatory ",
                "refresher ",
            ]
            .iter()
            .any(|w| h.rule_text(lower).starts_with(w))
    };
    match h.rule {
        "people-remediation" => {
            matches!(signal.name.as_str(), "actor:people" | "actor:persons") && opens() || future()
        }
        "punishment" => future(),
        // "If the DBA had just waited, this would not have happened": the
        // counterfactual's own "would", not a general statement.
        "counterfactual" => {
            signal.name == "cue:generic"
                && matches!(
                    &lower[signal.start..signal.end],
                    "would" | "could" | "might"
                )
        }
        _ => false,
    }
}

/// Whether people in general or in the plural sit outside the clause of
/// the finding `h`, whose actor is one person named or pointed at just
/// before it: "he did not check the labels, and he was working alone
/// although two people were required", "the data scientist forgot to pass
/// --overwrite, which anyone who has used the tool knows".
fn elsewhere_in_sentence(h: &Hit, signal: &Signal, signals: &[Signal], lower: &str) -> bool {
    // "This is not about blame, but Felix should have known better".
    if matches!(signal.name.as_str(), "frame:discussion" | "cue:practice") {
        return set_against(lower, (signal.start, signal.end), (h.start, h.end));
    }
    if !matches!(signal.name.as_str(), "actor:people" | "actor:persons") {
        return false;
    }
    let same_clause = |from: usize, to: usize| {
        let between = &lower[from..to];
        !between.contains([',', ';', ':', '(', ')'])
            && !between
                .split_whitespace()
                .any(|w| LEX.clause_breaks.has_exact(w) || matches!(w, "which" | "who"))
    };
    let one_person = signals.iter().any(|s| {
        matches!(
            s.name.as_str(),
            "actor:person" | "actor:he-she" | "actor:name" | "actor:self"
        ) && s.end <= h.start
            && h.start - s.end <= 60
            && same_clause(s.end, h.start)
    });
    one_person && (signal.start >= h.start || !same_clause(signal.end, h.start))
}

/// Whether `signal` is people in the plural who are particular people of
/// the story, not people in general: "both members of staff", "the two
/// individuals who released the file", "the concerned persons", "the
/// individuals concerned", "the staff involved" (attack 58).
fn specific_people(signal: &Signal, lower: &str) -> bool {
    if signal.name != "actor:persons" {
        return false;
    }
    let before: Vec<&str> = lower[..signal.start]
        .split_whitespace()
        .rev()
        .take(3)
        .collect();
    let counted = matches!(
        before.as_slice(),
        ["both", ..]
            | [
                "two" | "three" | "four" | "concerned" | "involved",
                "the",
                ..
            ]
            | ["of", "members" | "member", "both", ..]
    );
    let after = lower[signal.end..].trim_start();
    let named_by_part = ["involved", "concerned", "responsible", "in question"]
        .iter()
        .any(|w| {
            after
                .strip_prefix(w)
                .is_some_and(|rest| !rest.starts_with(|c: char| c.is_ascii_alphanumeric()))
        });
    counted || named_by_part
}

/// Whether `signal` is a practice word that reports what the review found:
/// "the investigation found that the technician was careless" is the
/// review's own finding, not writing about blame (attack 50).
fn reports_a_finding(signal: &Signal, lower: &str) -> bool {
    if signal.name != "cue:practice" {
        return false;
    }
    let rest = lower[signal.end..].trim_start();
    let rest = ["has ", "had ", "also ", "clearly "]
        .iter()
        .fold(rest, |r, w| r.strip_prefix(w).unwrap_or(r));
    [
        "found",
        "finds",
        "concluded",
        "concludes",
        "showed",
        "shows",
        "determined",
        "revealed",
        "reveals",
        "established",
        "confirmed",
        "confirms",
        "identified",
    ]
    .iter()
    .any(|w| rest.starts_with(w))
}

/// Whether `signal` is a habit said of one person: "the DBA was careless
/// with the restore script, as he tends to be" is not a general statement
/// (attack 52).
fn habit_of_someone(signal: &Signal, lower: &str) -> bool {
    signal.name == "cue:generic"
        && lower[signal.start..].starts_with("tend")
        && lower[..signal.start]
            .trim_end()
            .rsplit(' ')
            .next()
            .is_some_and(|w| matches!(w, "he" | "she"))
}

/// Why a signal softens a rule's error, when it is listed under
/// `thresholds.soften-errors-when`.
fn soften(model: &Model, signal: &str) -> Option<&'static str> {
    if !model
        .thresholds
        .soften_errors_when
        .iter()
        .any(|s| s == signal)
    {
        return None;
    }
    Some(match signal {
        "frame:discussion" | "cue:practice" => "the sentence reads as writing about blame",
        "cue:question" => "the sentence is a question",
        "frame:generic" | "cue:generic" => "the sentence reads as a general statement",
        "actor:people" | "actor:persons" => {
            "the sentence is about people in general or in the plural"
        }
        _ => "the sentence reads as something other than an account of the incident",
    })
}

/// The warning threshold of signals.yaml, used unless pm.yaml sets
/// `lint.evidence_threshold`.
pub fn default_threshold() -> f64 {
    MODEL.thresholds.warning
}

/// Weigh the evidence in each sentence of `lower` (normalised, quotations
/// masked) against the rule `hits` found there: add a warning where the
/// evidence reads as blame and no rule matched, soften an error where the
/// sentence reads as writing about blame.
pub(super) fn apply(
    lower: &str,
    scare: &[(usize, usize)],
    toks: &[Token],
    ctx: &Context,
    hits: &mut Vec<Hit>,
) {
    let model = &*MODEL;
    let cues = cue_matches(model, lower);
    let threshold = ctx.evidence_threshold.unwrap_or(model.thresholds.warning);
    // pm.yaml's threshold moves all three by the same amount.
    let moved = threshold - model.thresholds.warning;
    let words_threshold = model.thresholds.words + moved;
    let weak_threshold = model.thresholds.weak_rule + moved;
    // `hits` are in text order (see `rule_hits`).
    debug_assert!(hits.windows(2).all(|w| w[0].start <= w[1].start));
    let mut added = Vec::new();
    let mut unsure = vec![false; hits.len()];
    for range in sentences(lower) {
        let first = hits.partition_point(|h| h.start < range.0);
        let last = hits.partition_point(|h| h.start < range.1);
        // Warnings of the rules that guess, alone in a sentence whose
        // evidence reads as blameless: not sure enough to say.
        if only_weak_warnings(model, &hits[first..last], ctx) {
            let signals = all_signals(model, lower, toks, &cues, range, ctx);
            let inside: Vec<&Hit> = hits[first..last].iter().collect();
            let words = sentence_terms(toks, range);
            if score(model, &features(&signals, &inside, toks), &words) < weak_threshold {
                unsure[first..last].fill(true);
            }
        }
        // A name alone settles nothing about blame ("Oliver ignored three
        // reminder emails"): in the timeline, where names belong and that
        // finding is dropped, the sentence is still weighed.
        if hits[first..last]
            .iter()
            .all(|h| h.rule == "naming-individuals")
            && !log_line(&lower[range.0..range.1])
        {
            added.extend(
                weigh_unflagged(model, lower, toks, &cues, range, ctx, threshold).or_else(|| {
                    lean_of_words(model, lower, toks, &cues, ctx, range, words_threshold)
                }),
            );
            continue;
        }
        let signals = all_signals(model, lower, toks, &cues, range, ctx);
        // The signals that can soften an error, found once per sentence:
        // a sentence of thousands of words has thousands of hits and
        // signals, and each hit looks only at these.
        let softening: Vec<(&Signal, &'static str)> = signals
            .iter()
            .filter_map(|s| soften(model, &s.name).map(|why| (s, why)))
            .collect();
        for h in &mut hits[first..last] {
            if h.severity != Severity::Error {
                continue;
            }
            let why = softening
                .iter()
                .filter(|(s, _)| !plain_form_of(h, range.0, s, lower))
                .filter(|(s, _)| !reports_a_finding(s, lower) && !habit_of_someone(s, lower))
                .filter(|(s, _)| !specific_people(s, lower))
                .find(|(s, _)| !elsewhere_in_sentence(h, s, &signals, lower))
                .map(|&(_, why)| why);
            if let Some(why) = why {
                h.severity = Severity::Warning;
                h.note = Some(why);
            }
        }
    }
    // A warning that starts or ends inside a short quotation takes the
    // whole quotation: "the “forgot password” flow sent ...", not
    // "forgot password” flow sent ...".
    for h in &mut added {
        for &(s, e) in scare {
            if s < h.start && h.start < e && e < h.end {
                h.start = s;
            }
            if h.start < s && s < h.end && h.end < e {
                h.end = e;
            }
        }
    }
    let mut at = 0;
    hits.retain(|_| {
        at += 1;
        !unsure[at - 1]
    });
    hits.extend(added);
}

/// Whether the findings of one sentence are all warnings of the rules that
/// guess (signals.yaml `weak-rules`) whose severity the team left alone.
fn only_weak_warnings(model: &Model, hits: &[Hit], ctx: &Context) -> bool {
    !hits.is_empty()
        && hits.iter().all(|h| {
            h.severity == Severity::Warning
                && model.thresholds.weak_rules.iter().any(|r| r == h.rule)
                && !ctx.chosen_severity.contains(&h.rule)
        })
}

/// The warning for a sentence no rule flagged whose evidence reads as
/// blame: an actor and a cue near each other, and a score (signals and
/// words) at or above `threshold`.
fn weigh_unflagged(
    model: &Model,
    lower: &str,
    toks: &[Token],
    cues: &[Cue],
    range: (usize, usize),
    ctx: &Context,
    threshold: f64,
) -> Option<Hit> {
    // A sentence with no act to weigh is skipped before its actors are
    // looked for: most sentences.
    let from = cues.partition_point(|c| c.1 < range.0);
    if !cues[from..]
        .iter()
        .take_while(|c| c.2 <= range.1)
        .any(|c| model.acts[c.0])
    {
        return None;
    }
    let mut signals = sentence_actors(toks, range, ctx);
    if !signals.iter().any(|s| s.name != "actor:system") {
        return None;
    }
    sentence_signals(model, toks, cues, range, &mut signals);
    // No actor and cue in one clause: nothing this warning could rest on.
    let (start, end, why) = strongest_pair(model, &signals, toks)?;
    sentence_frames(lower, range, &mut signals);
    // "Saying people should have done better doesn't explain ...": writing
    // about blame whose words hold the pair itself is not weighed.
    if discussed(&signals, start, end) {
        return None;
    }
    let words = sentence_terms(toks, range);
    let s = score(model, &features(&signals, &[], toks), &words);
    (s >= threshold).then(|| Hit {
        rule: RULE,
        start,
        end,
        severity: Severity::Warning,
        note: None,
        detail: Some(with_words(why, &words)),
    })
}

/// Whether writing about blame holds the words `start..end` and reaches
/// past them: "Saying people should have done better doesn't explain
/// ...". A frame that ends where the words end ("saying I should have")
/// reports blame rather than arguing with it.
fn discussed(signals: &[Signal], start: usize, end: usize) -> bool {
    signals
        .iter()
        .any(|f| f.name == "frame:discussion" && f.start <= start && end < f.end)
}

/// How far the signals of a sentence (its actors, cues and frames) move its
/// score, at most in practice: a sentence whose words fall short of the
/// words' threshold by more is not weighed further. On the validation
/// split, with the thresholds chosen for each, a reach of 0.5 warns on
/// 2,848 blaming sentences, 1 on 2,850 and 2 on 2,855; they cost a cold
/// lint of 10,000 post-mortems about 3%, 10% and 30% more CPU.
const SIGNALS_REACH: f64 = 0.5;

/// The warning for a sentence no rule flagged and no actor-cue pair
/// explains, whose words (with the sentence's signals) weigh towards blame
/// past `threshold` (the words of blame in the corpus: "blamed", "intern",
/// "careless"). It points at the word that weighs most and names the
/// others.
fn lean_of_words(
    model: &Model,
    lower: &str,
    toks: &[Token],
    cues: &[Cue],
    ctx: &Context,
    range: (usize, usize),
    threshold: f64,
) -> Option<Hit> {
    let bias = model.weights.get("bias").copied().unwrap_or(0.0);
    // First a bound that needs no sorting: every positive weight, repeats
    // counted. Most sentences fall short of the threshold by it.
    let in_sentence = sentence_tokens(toks, range);
    let positive = |w: Option<f64>| w.filter(|&w| w > 0.0);
    let bound: f64 = in_sentence
        .iter()
        .filter_map(|t| positive(WORDS.word(t.word)))
        .chain(
            in_sentence
                .windows(2)
                .filter_map(|p| positive(WORDS.pair(p[0].word, p[1].word))),
        )
        .sum();
    if bias + bound + SIGNALS_REACH < threshold {
        return None;
    }
    let words = sentence_terms(toks, range);
    let mut total = bias;
    let mut heaviest: Option<(f64, Term)> = None;
    for &w in &words {
        if let Some(weight) = w.weight() {
            total += weight;
            // Not a single letter nor a word like "those", unless no other
            // word weighs.
            let shown = w.shown();
            let better = heaviest.is_none_or(|(h, hw): (f64, Term)| {
                let held = hw.shown();
                (shown && weight > 0.0 && !held) || (shown == held && weight > h)
            });
            if (w.1.is_some() || w.0.len() > 1) && better {
                heaviest = Some((weight, w));
            }
        }
    }
    // The sentence's signals count too (a system as its subject, a past
    // tense, writing about blame weigh against blame; an organisation or a
    // judgement towards it), weighed only where they could tip it.
    let mut signals = Vec::new();
    if total + SIGNALS_REACH >= threshold {
        signals = all_signals(model, lower, toks, cues, range, ctx);
        total += signals_weight(model, &features(&signals, &[], toks));
    }
    if total < threshold {
        return None;
    }
    let (_, word) = heaviest?;
    let (start, end) = word.find(in_sentence)?;
    if discussed(&signals, start, end) {
        return None;
    }
    Some(Hit {
        rule: WORDS_RULE,
        start,
        end,
        severity: Severity::Warning,
        note: None,
        detail: heaviest_words(&words),
    })
}

/// The features of a labelled sentence, for fitting the weights
/// (`pm lint --eval FILE --features`): the union over its sentences.
pub fn features_of(text: &str, ctx: &Context) -> BTreeSet<String> {
    let norm = super::text::normalise(text);
    let quotes = super::mask(&norm.text);
    let lower = quotes.text.to_ascii_lowercase();
    let model = &*MODEL;
    let toks = tokens(&lower, &quotes.text);
    let cues = cue_matches(model, &lower);
    let hits = super::rule_hits(&lower, &quotes, &toks, ctx);
    let mut out = BTreeSet::new();
    for range in sentences(&lower) {
        let first = hits.partition_point(|h| h.start < range.0);
        let last = hits.partition_point(|h| h.start < range.1);
        let inside: Vec<&Hit> = hits[first..last].iter().collect();
        let signals = all_signals(model, &lower, &toks, &cues, range, ctx);
        out.extend(features(&signals, &inside, &toks));
        // A pair of words is one feature: "w:failed~to" ("~" is in no
        // word); the fitting script writes it as "failed to".
        out.extend(sentence_terms(&toks, range).into_iter().map(|w| match w.1 {
            None => format!("w:{}", w.0),
            Some(b) => format!("w:{}~{b}", w.0),
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_lines_open_on_a_level_and_what_loggers_print_after_it() {
        for line in [
            "fatal: terminating connection due to administrator command",
            "error [main] request failed",
            "[warn] disk nearly full",
            "warn 2024-03-01 12:00:01 retry budget spent",
            "- panic: runtime error: index out of range",
        ] {
            assert!(log_line(line), "{line}");
        }
        for prose in [
            "fatal mistakes were made by the operator",
            "panic set in when the pager went off",
            "errors by staff were the cause",
            "information was withheld by the vendor",
        ] {
            assert!(!log_line(prose), "{prose}");
        }
    }

    /// build.rs gated the cues of signals.yaml, in the model's order, with
    /// what their syntax requires.
    #[test]
    fn the_cue_gates_are_the_cues() {
        let model = &*MODEL;
        let names: Vec<&str> = CUE_GATES.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, model.names);
        for ((name, gate), source) in CUE_GATES.iter().zip(&model.sources) {
            let now = super::super::literals::parse(source)
                .and_then(|h| super::super::literals::gate_literals(&h));
            let then = gate.map(|l| l.iter().map(|l| l.to_vec()).collect::<Vec<_>>());
            assert_eq!(now, then, "{name}");
        }
    }

    /// Compiling only the cues a text's literals open finds what all the
    /// cues find: in every rule example, and in all of them as one text.
    #[test]
    fn the_open_cues_find_what_all_the_cues_find() {
        let model = &*MODEL;
        let mut texts: Vec<String> = super::super::data::RULES
            .iter()
            .flat_map(|r| r.examples.fires.iter().chain(&r.examples.quiet))
            .map(|t| super::super::text::normalise(t).text.to_ascii_lowercase())
            .collect();
        texts.push(texts.join("\n\n"));
        let mut fewer = 0;
        for text in &texts {
            let all = cue_matches_by(model, text, false);
            fewer += usize::from(open_cues(text).len() < model.sources.len());
            assert_eq!(cue_matches_by(model, text, true), all, "{text:?}");
        }
        assert!(fewer > texts.len() / 2, "{fewer} of {}", texts.len());
    }

    /// The model build.rs wrote as JSON is signals.yaml.
    #[test]
    fn the_model_in_json_is_signals_yaml() {
        let json: SignalsFile = serde_json::from_str(SIGNALS_JSON).expect("signals.json");
        assert_eq!(json, signals_yaml());
    }

    /// The table build.rs laid out holds every line of signals-words.tsv,
    /// a word or two words and a finite weight, and nothing else.
    #[test]
    fn the_word_weights_are_the_file() {
        let file = include_str!("signals-words.tsv");
        let lines: Vec<(&str, f64)> = file
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| {
                let (key, weight) = l.split_once('\t').expect("word<TAB>weight");
                (key, weight.trim().parse().expect("a weight"))
            })
            .collect();
        assert!(lines.len() > 10_000, "{} lines", lines.len());
        for &(key, weight) in &lines {
            let parts: Vec<&str> = key.split(' ').collect();
            assert!(
                parts.len() <= 2 && parts.iter().all(|p| weighable(p)),
                "{key:?}"
            );
            let got = WORDS
                .0
                .get(&parts)
                .unwrap_or_else(|| panic!("{key:?} not in the table"));
            assert!(
                (got - weight).abs() < 1e-6 && got.is_finite(),
                "{key:?}: {got} {weight}"
            );
        }
        assert_eq!(WORDS.0.entries().count(), lines.len());
        assert_eq!(
            WORDS.word("failed"),
            lines
                .iter()
                .find(|l| l.0 == "failed")
                .map(|l| l.1 as f32 as f64)
        );
        assert_eq!(WORDS.word("no-such-word-here"), None);
        assert_eq!(WORDS.pair("failed", "no-such-word"), None);
    }
}
