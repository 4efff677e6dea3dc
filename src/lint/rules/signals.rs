//! The evidence model (see signals.yaml): who acts in a sentence, what is
//! said of the act, and the fitted weight of each signal and of each pair
//! of actor and cue. It adds a warning where no rule matched but the
//! evidence together reads as blame, and softens a rule's error in a
//! sentence that reads as writing about blame or as a general statement.
//!
//! Every finding it makes names the actor and the cue it rests on, so a
//! reader can see why, and the weights are data, refitted by
//! `scripts/fit-blame-weights.py` from the development split only.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use serde::Deserialize;

use super::data::{LEX, Pat, frame};
use super::{Context, Hit, Token, tokens};
use crate::lint::Severity;

const SIGNALS: &str = include_str!("signals.yaml");

/// The rule id of the model's own findings.
pub const RULE: &str = "blame-evidence";

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct Thresholds {
    warning: f64,
    /// Signals of a sentence that is not an account of what happened:
    /// a rule's error there becomes a warning.
    soften_errors_when: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SignalsFile {
    cues: BTreeMap<String, Vec<String>>,
    thresholds: Thresholds,
    weights: BTreeMap<String, f64>,
}

struct Model {
    cues: Vec<(String, Pat)>,
    frames: Vec<(&'static str, Pat)>,
    thresholds: Thresholds,
    weights: BTreeMap<String, f64>,
}

/// Cues that are context, not acts: they are features alone, never paired
/// with an actor and never the words a finding points at.
const CONTEXT_CUES: &[&str] = &["question", "generic", "practice"];

static MODEL: LazyLock<Model> = LazyLock::new(|| {
    let f: SignalsFile = crate::yaml::from_str(SIGNALS)
        .unwrap_or_else(|e| panic!("built-in signals.yaml: {}", e.message));
    let cues = f
        .cues
        .iter()
        .map(|(name, alts)| {
            let pat = Pat::new(alts).unwrap_or_else(|e| panic!("signals.yaml cue {name}: {e}"));
            (name.clone(), pat)
        })
        .collect();
    Model {
        cues,
        frames: vec![
            ("discussion", frame("discussion")),
            ("generic", frame("generic")),
        ],
        thresholds: f.thresholds,
        weights: f.weights,
    }
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
    Some(match w {
        "he" | "she" | "him" | "his" | "himself" | "herself" | "he's" | "she's" | "he'd"
        | "she'd" => "he-she",
        "her" => "he-she",
        "they" | "them" | "their" | "themselves" | "they're" | "they've" | "they'd" => "they",
        "i" | "me" | "my" | "myself" | "i'm" | "i've" | "i'd" | "mine" => "self",
        "we" | "us" | "our" | "ourselves" | "we're" | "we've" | "we'd" => "we",
        "you" | "your" | "yourself" | "yourselves" | "you're" | "you've" | "you'd" => "you",
        "people" | "everyone" | "everybody" | "anyone" | "anybody" | "someone" | "somebody"
        | "humans" | "nobody" | "folks" | "individuals" => "people",
        _ if LEX.organisations.has_noun(w) => "org",
        // Plural roles are mostly general statements ("engineers make
        // mistakes"); a singular one is usually someone in the story.
        _ if ctx.token_is_person(t) => {
            if w.ends_with('s') && !w.ends_with("ss") && w.len() > 3 && !w.ends_with("'s") {
                "persons"
            } else {
                "person"
            }
        }
        _ if LEX.system.has_noun(w) && !matches!(w, "it" | "this" | "that" | "which") => "system",
        _ => return None,
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

/// Every cue match in the whole text, per cue, found once.
fn cue_matches(model: &Model, lower: &str) -> Vec<Vec<(usize, usize)>> {
    model
        .cues
        .iter()
        .map(|(_, pat)| pat.find_iter(lower).map(|m| (m.start(), m.end())).collect())
        .collect()
}

/// The signals of one sentence `[start, end)`.
fn sentence_signals(
    model: &Model,
    lower: &str,
    toks: &[Token],
    cues: &[Vec<(usize, usize)>],
    (start, end): (usize, usize),
    ctx: &Context,
) -> Vec<Signal> {
    let mut out = Vec::new();
    let from = toks.partition_point(|t| t.start < start);
    let mut past = false;
    for t in toks[from..].iter().take_while(|t| t.end <= end) {
        past = past
            || t.lower.len() > 4 && t.lower.ends_with("ed")
            || LEX.past_verbs.has_exact(t.lower);
        if let Some(kind) = actor(ctx, t) {
            out.push(Signal {
                name: format!("actor:{kind}"),
                start: t.start,
                end: t.end,
            });
        }
    }
    if past {
        out.push(Signal {
            name: "form:past".into(),
            start,
            end,
        });
    }
    for ((name, _), found) in model.cues.iter().zip(cues) {
        let from = found.partition_point(|m| m.0 < start);
        if let Some(&(s, e)) = found[from..].iter().find(|m| m.1 <= end) {
            out.push(Signal {
                name: format!("cue:{name}"),
                start: s,
                end: e,
            });
        }
    }
    let text = &lower[start..end];
    for (name, pat) in &model.frames {
        if pat.is_match(text) {
            out.push(Signal {
                name: format!("frame:{name}"),
                start,
                end,
            });
        }
    }
    out
}

/// The features of a sentence: each signal, each actor-cue pair, and what
/// the rules found there.
/// Whether a cue is negated just before it: "not human error", "no one
/// was fired", "didn't do anything wrong".
fn negated(c: &Signal, toks: &[Token]) -> bool {
    const NEGATORS: &[&str] = &[
        "not", "no", "never", "nobody", "nobody's", "isn't", "wasn't", "aren't", "weren't",
        "don't", "doesn't", "didn't", "without", "rather", "instead",
    ];
    let at = toks.partition_point(|t| t.start < c.start);
    toks[at.saturating_sub(3)..at]
        .iter()
        .any(|t| NEGATORS.contains(&t.lower))
}

/// Whether actor `a` comes shortly before cue `c` in the same clause.
fn subject_of(a: &Signal, c: &Signal, toks: &[Token]) -> bool {
    if a.end > c.start {
        return false;
    }
    let from = toks.partition_point(|t| t.start < a.end);
    let to = toks.partition_point(|t| t.start < c.start);
    let between = &toks[from..to];
    between.len() <= 8
        && !between.iter().any(|t| {
            matches!(t.lower, "." | ";" | ":" | "(" | ")")
                || LEX.clause_breaks.has_exact(t.lower) && t.lower != "and"
        })
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

fn score(model: &Model, features: &BTreeSet<String>) -> f64 {
    model.weights.get("bias").copied().unwrap_or(0.0)
        + features
            .iter()
            .filter_map(|f| model.weights.get(f))
            .sum::<f64>()
}

/// The actor-cue pair that weighs most in a sentence, as the words to
/// point at and an explanation.
fn strongest_pair(
    model: &Model,
    signals: &[Signal],
    toks: &[Token],
) -> Option<(usize, usize, String)> {
    let mut best: Option<(f64, &Signal, &Signal)> = None;
    for a in signals
        .iter()
        .filter(|s| s.name.starts_with("actor:") && s.name != "actor:system")
    {
        for c in signals.iter().filter(|s| s.name.starts_with("cue:")) {
            let (an, cn) = (&a.name[6..], &c.name[4..]);
            if CONTEXT_CUES.contains(&cn) || negated(c, toks) {
                continue;
            }
            let w = model
                .weights
                .get(&format!("{an}+{cn}"))
                .copied()
                .unwrap_or(0.0)
                + model.weights.get(&c.name).copied().unwrap_or(0.0);
            if best.is_none_or(|(bw, _, _)| w > bw) {
                best = Some((w, a, c));
            }
        }
    }
    let (_, a, c) = best?;
    Some((
        a.start.min(c.start),
        a.end.max(c.end),
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
        "label" => "an error label",
        _ => "a cue",
    }
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

/// Weigh the evidence in each sentence of `lower` (normalised, quotations
/// masked) against the rule `hits` found there: add a warning where the
/// evidence reads as blame and no rule matched, soften an error where the
/// sentence reads as writing about blame.
pub fn apply(lower: &str, original: &str, ctx: &Context, hits: &mut Vec<Hit>) {
    let model = &*MODEL;
    let toks = tokens(lower, original);
    let cues = cue_matches(model, lower);
    let mut added = Vec::new();
    for range in sentences(lower) {
        let inside: Vec<&Hit> = hits
            .iter()
            .filter(|h| range.0 <= h.start && h.start < range.1)
            .collect();
        let signals = sentence_signals(model, lower, &toks, &cues, range, ctx);
        if !signals.iter().any(|s| s.name.starts_with("cue:")) && inside.is_empty() {
            continue;
        }
        if inside.is_empty() {
            let s = score(model, &features(&signals, &inside, &toks));
            if s >= model.thresholds.warning
                && let Some((start, end, why)) = strongest_pair(model, &signals, &toks)
            {
                added.push(Hit {
                    rule: RULE,
                    start,
                    end,
                    severity: Severity::Warning,
                    note: None,
                    detail: Some(why),
                });
            }
        } else if let Some(why) = signals.iter().find_map(|s| soften(model, &s.name)) {
            for h in hits.iter_mut() {
                if range.0 <= h.start && h.start < range.1 && h.severity == Severity::Error {
                    h.severity = Severity::Warning;
                    h.note = Some(why);
                }
            }
        }
    }
    hits.extend(added);
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
    let hits = super::rule_hits(&lower, &quotes, ctx);
    let mut out = BTreeSet::new();
    for range in sentences(&lower) {
        let inside: Vec<&Hit> = hits
            .iter()
            .filter(|h| range.0 <= h.start && h.start < range.1)
            .collect();
        let signals = sentence_signals(model, &lower, &toks, &cues, range, ctx);
        out.extend(features(&signals, &inside, &toks));
    }
    out
}
