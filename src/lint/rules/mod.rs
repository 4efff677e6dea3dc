//! The blame-language rules.
//!
//! Every rule is data (id, family, severity, why, what instead) plus a
//! matcher. Matchers work on one sentence at a time, on lowercase text in
//! which quotations and code spans are blanked out, and most of them ask
//! who the subject is: "the engineer failed to check" blames a person,
//! "the health check failed to detect" describes a system. Being quiet and
//! right matters more than catching everything: a noisy linter is switched off.
//!
//! Layout: each rule's words, patterns and examples are in its yaml file
//! (read by `data`, gated by `gate`); `patterns` builds them once;
//! `subject` says who a sentence is about, `sentence` where clauses start
//! and end and what negates them, `quotes` which quotations are mentions;
//! `checks` and `more_checks` run the families' checks, and `frames` (in
//! `more_checks`) lowers or drops what a frame changes; `signals` is the
//! evidence model.

use std::sync::LazyLock;

use data::{LEX, Pat, pattern};

use super::Severity;

mod checks;
pub mod data;
mod gate;
mod literals;
mod more_checks;
mod patterns;
mod quotes;
mod sentence;
pub mod signals;
mod subject;
pub mod text;
mod word_table;

use checks::*;
use more_checks::*;
use patterns::*;
use quotes::*;
use sentence::*;
use subject::*;

pub use quotes::{Masked, mask};
pub use subject::{Context, People, is_common_word, is_first_name, is_role_word, is_tool_name};

/// A rule's description, shown with every finding and in docs/lint-rules.md.
#[derive(Debug, Clone)]
pub struct RuleInfo {
    pub id: &'static str,
    pub name: &'static str,
    pub family: &'static str,
    pub severity: Severity,
    /// Why the words blame.
    pub message: &'static str,
    /// What to write instead.
    pub suggestion: &'static str,
}

pub use data::INFOS as BLAME_RULES;

pub fn info(id: &str) -> Option<&'static RuleInfo> {
    BLAME_RULES.iter().find(|r| r.id == id)
}

/// Which rule wins when two match the same words: the more specific first.
const PREFERENCE: &[&str] = &[
    "human-error",
    "hindsight",
    "minimising",
    // "was disciplined", "held accountable": a sanction is named as one.
    "punishment",
    "people-remediation",
    "rule-breaking",
    "intent-speculation",
    "distancing",
    "insinuation",
    "fault-words",
    "judged-omission",
    "counterfactual",
    "character-judgement",
    "person-as-cause",
    "organisation-as-actor",
    "naming-individuals",
    "hindsight-word",
    "culprit",
    "root-cause-singular",
    "blame-evidence",
    "blame-words",
];

/// A match of a rule in a text, as byte offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub rule: &'static str,
    pub start: usize,
    pub end: usize,
    pub severity: Severity,
    /// Why the finding is weaker than the rule's default, when it is.
    pub note: Option<&'static str>,
    /// What the finding rests on, for findings of the evidence model.
    pub detail: Option<String>,
}

impl Hit {
    /// The words the finding points at, in the text it was found in.
    fn rule_text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
}

/// Run every built-in blame rule over a text; returns hits as byte ranges.
pub fn check(text: &str, ctx: &Context) -> Vec<Hit> {
    // Typography normalised to ASCII; hits map back to the original bytes.
    let norm = text::normalise(text);
    let quotes = mask(&norm.text);
    let lower = join_service_names(quotes.text.to_ascii_lowercase(), ctx.services);
    // Patterns none of whose literals occur in the text are not run.
    let _gate = gate::Scope::enter(&lower);
    let toks = tokens(&lower, &quotes.text);
    let titled = subject::titled_names(&toks, &norm.text);
    let ctx = &Context {
        titled: &titled,
        ..*ctx
    };
    let mut kept = rule_hits(&lower, &quotes, &toks, ctx);
    // The evidence model weighs what no single rule settles.
    signals::apply(&lower, &quotes.scare, &toks, ctx, &mut kept);
    // Nor does it weigh blame quoted and set aside, which the rules drop.
    kept.retain(|h| {
        !matches!(h.rule, signals::RULE | "blame-words")
            || !more_checks::quote_set_aside(&MORE, &lower, h.start, h.end)
    });
    kept.sort_by_key(|h| (h.start, h.end));
    for h in &mut kept {
        (h.start, h.end) = norm.original(h.start, h.end);
    }
    kept
}

/// The post-mortem's services of more than one word, written with spaces
/// in the prose ("the fleet manager" for `fleet-manager`), joined by
/// hyphens in the lowercase text, so they read as one name and not as a
/// person word ("manager"). Same length: positions do not move.
fn join_service_names(mut lower: String, services: &[String]) -> String {
    for service in services {
        let words: Vec<&str> = service
            .split(['-', '_', ' ', '.', '/'])
            .filter(|w| !w.is_empty())
            .collect();
        if words.len() < 2 {
            continue;
        }
        let spaced = words.join(" ");
        let mut from = 0;
        while let Some(found) = lower[from..].find(&spaced) {
            let at = from + found;
            let end = at + spaced.len();
            let bounded = !lower[..at].ends_with(|c: char| c.is_ascii_alphanumeric())
                && !lower[end..].starts_with(|c: char| c.is_ascii_alphanumeric());
            if bounded {
                let spaces: Vec<usize> = lower[at..end]
                    .match_indices(' ')
                    .map(|(i, _)| at + i)
                    .collect();
                for i in spaces {
                    lower.replace_range(i..i + 1, "-");
                }
            }
            from = end;
        }
    }
    lower
}

/// What the rules find in `lower` (normalised, lowercase, quotations of
/// `quotes` masked), one finding per place, in normalised positions.
fn rule_hits(lower: &str, quotes: &Masked, toks: &[Token], ctx: &Context) -> Vec<Hit> {
    let mut hits = Vec::new();
    // The whole text at once: one pass of each pattern; tokens carry the
    // sentence breaks, so subjects and negations stay within a sentence.
    if !lower.trim().is_empty() {
        check_sentence(&PATTERNS, lower, &quotes.text, toks, 0, ctx, &mut hits);
    }
    // "The disciplinary records module", "the negligence claims database":
    // a word that judges people, naming a thing.
    hits.retain(|h| !names_a_thing(lower, h));
    // Someone else's words, quoted: a warning at most.
    for h in &mut hits {
        if h.severity == Severity::Error
            && quotes
                .attributed
                .iter()
                .any(|&(s, e)| s <= h.start && h.end <= e)
        {
            h.severity = Severity::Warning;
            h.note = Some("quoted words of someone else, not the author's finding");
        } else if h.severity == Severity::Error
            && quotes.scare.iter().any(|&(s, e)| s < h.end && h.start < e)
        {
            h.severity = Severity::Warning;
            h.note = Some("words in quotation marks: perhaps someone else's term");
        }
    }
    hits.sort_by_key(|h| (h.start, h.end));
    // One finding per place: when rules overlap, keep the more severe, and
    // of equal ones the more specific (earlier in PREFERENCE).
    let rank = |h: &Hit| {
        (
            h.severity,
            PREFERENCE
                .iter()
                .position(|r| *r == h.rule)
                .unwrap_or(usize::MAX),
        )
    };
    let mut kept: Vec<Hit> = Vec::new();
    for h in hits {
        if let Some(prev) = kept.iter_mut().find(|k| k.start < h.end && h.start < k.end) {
            if rank(&h) < rank(prev) {
                *prev = h;
            }
        } else {
            kept.push(h);
        }
    }
    kept
}

/// Whether the one word a hit points at is the modifier of a compound
/// naming a software thing (lexicon `artefacts`): the thing within the
/// next three words, ending its phrase ("the disciplinary records module of
/// the HR app", "the negligence claims database used by legal"), not
/// followed by another noun ("a careless database change" stays).
fn names_a_thing(lower: &str, h: &Hit) -> bool {
    let rest = &lower[h.end..];
    let judging = matches!(
        h.rule,
        "character-judgement" | "people-remediation" | "punishment" | "fault-words" | "culprit"
    );
    if !judging || lower[h.start..h.end].contains(' ') || !rest.starts_with([' ', '-']) {
        return false;
    }
    // The next words, each with whether punctuation ends it.
    let words: Vec<(&str, bool)> = rest[1..]
        .split([' ', '-'])
        .take(4)
        .map(|raw| {
            let w = raw.trim_end_matches([',', '.', ';', ':', '?', '!', ')']);
            (w, w.len() < raw.len())
        })
        .collect();
    // What may follow the thing's name: a function word or a verb
    // (lexicon `after-artefacts`), or nothing.
    let ends_phrase = |next: Option<&(&str, bool)>| {
        next.is_none_or(|&(w, _)| w.is_empty() || LEX.after_artefacts.has_exact(w))
    };
    // The words up to the thing are nouns of its name, not a verb or a
    // function word ("complacency all played roles in").
    (0..words.len().min(3)).any(|i| {
        LEX.artefacts.has_exact(words[i].0)
            && (words[i].1 || ends_phrase(words.get(i + 1)))
            && words[..i]
                .iter()
                .all(|&(w, ended)| !ended && !w.ends_with("ed") && !LEX.filler.has_exact(w))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules_for(text: &str) -> Vec<&'static str> {
        let people: People = ["dana".to_string()].into_iter().collect();
        let ctx = Context {
            people: &people,
            ..Default::default()
        };
        check(text, &ctx).into_iter().map(|h| h.rule).collect()
    }

    #[test]
    fn subject_decides() {
        assert_eq!(
            rules_for("The engineer failed to check the logs."),
            ["judged-omission"]
        );
        assert!(rules_for("The request failed to complete.").is_empty());
        assert!(rules_for("The health check failed to detect the bad node.").is_empty());
        assert!(rules_for("The alert should have fired at 09:00.").is_empty());
        assert!(rules_for("The job forgot to release its lock.").is_empty());
        assert_eq!(
            rules_for("Bob should have checked the dashboard."),
            ["naming-individuals", "counterfactual"]
        );
    }

    #[test]
    fn negation_quotes_and_code_are_not_blame() {
        assert!(rules_for("This was not human error.").is_empty());
        // A quoted term is a mention; a quoted sentence is linted, but
        // someone else's words are a warning at most.
        assert!(rules_for("Avoid the phrase \"careless engineers\" in reviews.").is_empty());
        let quoted = check(
            "The customer wrote \"your careless engineers broke it\".",
            &Context::default(),
        );
        assert!(
            quoted.iter().all(|h| h.severity == Severity::Warning),
            "{quoted:?}"
        );
        assert_eq!(
            rules_for("\u{201c}The on-call engineer forgot to check the lag.\u{201d}"),
            ["judged-omission"]
        );
        assert!(rules_for("The flag `lazy_careless_mode` was on.").is_empty());
        assert_eq!(rules_for("It was human error."), ["human-error"]);
    }

    #[test]
    fn a_named_speaker_is_a_source_not_a_person_pointed_at() {
        let naming = |text: &str| {
            check(text, &Context::default())
                .iter()
                .filter(|h| h.rule == "naming-individuals")
                .count()
        };
        assert_eq!(
            naming("\"It could have happened to any of us,\" said John Gionet."),
            0
        );
        assert_eq!(
            naming("Stephen Hester, chief executive of RBS, said there was no evidence."),
            0
        );
        assert_eq!(naming("John rebooted the primary at 09:14."), 1);
    }

    #[test]
    fn we_behind_an_aside_is_still_the_team() {
        let hits = check(
            "During the cleanup, we, apparently, accidentally ran it on the live cluster.",
            &Context::default(),
        );
        assert!(!hits.is_empty());
        assert!(
            hits.iter().all(|h| h.severity == Severity::Warning),
            "{hits:?}"
        );
    }

    /// A rule that guesses (a name) warning alone in a sentence that
    /// otherwise reads as an account of the response says nothing; a team
    /// that sets the rule's severity in pm.yaml still gets it.
    #[test]
    fn a_guess_the_evidence_reads_as_blameless_is_dropped_unless_the_team_chose_it() {
        let text = "Tom joined the incident at 09:20 and led the database work.";
        assert!(rules_for(text).is_empty(), "{:?}", rules_for(text));
        let chosen = check(
            text,
            &Context {
                chosen_severity: &["naming-individuals"],
                ..Default::default()
            },
        );
        assert_eq!(
            chosen.iter().map(|h| h.rule).collect::<Vec<_>>(),
            ["naming-individuals"]
        );
        // Where the sentence reads as pointing at him, the guess stands.
        assert_eq!(
            rules_for("It was Tom who pushed the change."),
            ["naming-individuals"]
        );
    }

    #[test]
    fn a_title_before_a_name_ends_no_sentence() {
        // "Ms." is not the end of a sentence: Vaught stays its subject.
        assert!(!rules_for("Ms. Vaught accidentally administered the wrong drug.").is_empty());
        assert!(!rules_for("Capt. Smith ignored the alarm.").is_empty());
        // "St." (street or saint) and a title before a lowercase word
        // keep their dot.
        let masked = mask("They met on Main St. The alarm fired.");
        assert_eq!(masked.text, "They met on Main St. The alarm fired.");
        assert_eq!(
            mask("Ask the dr. then leave.").text,
            "Ask the dr. then leave."
        );
    }

    #[test]
    fn hits_start_at_the_first_word_not_at_the_break_before_it() {
        let people = People::default();
        let ctx = Context {
            people: &people,
            ..Default::default()
        };
        let hits = check("x\n\nHad Priya tested the change.", &ctx);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].start, 3);
    }

    /// Each rule's file lists sentences it must catch and sentences it
    /// must leave alone; the catalogue in docs/lint-rules.md quotes them.
    #[test]
    fn every_rule_catches_its_examples_and_leaves_its_quiet_ones() {
        let people = People::default();
        let ctx = Context {
            people: &people,
            ..Default::default()
        };
        let mut failures = Vec::new();
        for rule in data::RULES.iter() {
            let id = rule.info.id;
            for ex in &rule.examples.fires {
                let hits = check(ex, &ctx);
                if !hits
                    .iter()
                    .any(|h| h.rule == id || h.severity <= rule.info.severity)
                {
                    failures.push(format!("{id} does not fire on {ex:?}: {hits:?}"));
                }
            }
            for ex in &rule.examples.quiet {
                let hits = check(ex, &ctx);
                if hits
                    .iter()
                    .any(|h| h.rule == id || h.severity == Severity::Error)
                {
                    failures.push(format!("{id} fires on its quiet example {ex:?}: {hits:?}"));
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn typography_does_not_hide_blame_and_positions_stay_exact() {
        let people = People::default();
        let ctx = Context {
            people: &people,
            ..Default::default()
        };
        let text = "The on\u{2011}call engineer didn\u{2019}t follow the runbook.";
        let hits = check(text, &ctx);
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert_eq!(
            &text[hits[0].start..hits[0].end],
            "didn\u{2019}t follow the runbook"
        );
    }

    #[test]
    fn technical_terms_are_not_character_judgements() {
        assert!(rules_for("Lazy loading of the module delayed startup.").is_empty());
        assert!(rules_for("Cassandra's sloppy quorum accepted the write.").is_empty());
        assert!(rules_for("Fault tolerance worked; a page fault spiked.").is_empty());
        assert!(rules_for("git blame shows the line is old.").is_empty());
    }
    /// A pattern's alternatives are joined into one expression, so each
    /// alternative's capture has its own group number; every one is read.
    #[test]
    fn the_capture_of_every_alternative_is_read() {
        // done-by-person: the first alternative, then the second.
        assert!(rules_for("The typo was entered by our admin.").contains(&"person-as-cause"));
        assert!(rules_for("The outage was traced to a staffer.").contains(&"person-as-cause"));
        // person-actions-possessive, after person-actions.
        assert!(
            rules_for("The employee's actions prompted the shutdown.").contains(&"person-as-cause")
        );
        assert!(
            !rules_for("The fault was traced to a network switch.").contains(&"person-as-cause")
        );
        // "a network engineer": a system word naming a person's trade.
        assert!(
            rules_for("The error was introduced by a network engineer.")
                .contains(&"person-as-cause")
        );
        assert!(
            !rules_for("The error was introduced by a network change.")
                .contains(&"person-as-cause")
        );
    }
}
