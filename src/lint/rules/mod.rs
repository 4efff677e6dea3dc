//! The blame-language rules.
//!
//! Every rule is data (id, family, severity, why, what instead) plus a
//! matcher. Matchers work on one sentence at a time, on lowercase text in
//! which quotations and code spans are blanked out, and most of them ask
//! who the subject is: "the engineer failed to check" blames a person,
//! "the health check failed to detect" describes a system. Being quiet and
//! right matters more than catching everything: a noisy linter is switched off.

use std::sync::LazyLock;

use data::{LEX, Pat, pattern};

use super::Severity;

pub mod data;
mod gate;
mod literals;
pub mod signals;
pub mod text;

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
    "people-remediation",
    "punishment",
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

/// Who the subject of a verb is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Subject {
    Person,
    System,
    Unknown,
}

fn is_person_word(w: &str) -> bool {
    LEX.person.has_noun(w)
}

fn is_system_word(w: &str) -> bool {
    LEX.system.has_noun(w)
}

/// The context a sentence is linted in.
#[derive(Default)]
pub struct Context<'a> {
    /// Lowercase names and handles of the people pm knows about.
    pub people: &'a [String],
    /// pm.yaml's `lint.evidence_threshold`: the evidence model's warning
    /// threshold, when the team has chosen its own (signals.yaml has the
    /// default).
    pub evidence_threshold: Option<f64>,
}

struct Token<'a> {
    start: usize,
    end: usize,
    lower: &'a str,
    original: &'a str,
}

fn tokens<'a>(lower: &'a str, original: &'a str) -> Vec<Token<'a>> {
    let mut out = Vec::new();
    let bytes = lower.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let word_char = |b: u8| {
            b.is_ascii_alphanumeric()
                || b == b'\''
                || b == b'-'
                || b == b'@'
                || b == b'_'
                || b >= 0x80
        };
        if word_char(c) {
            let start = i;
            while i < bytes.len() && word_char(bytes[i]) {
                i += 1;
            }
            // Keep only char boundaries.
            while !lower.is_char_boundary(i) {
                i += 1;
            }
            let mut end = i;
            while end > start && matches!(bytes[end - 1], b'\'' | b'-') {
                end -= 1;
            }
            out.push(Token {
                start,
                end,
                lower: &lower[start..end],
                original: &original[start..end],
            });
        } else if (c == b'.' || c == b'!' || c == b'?')
            && (i + 1 >= bytes.len() || bytes[i + 1].is_ascii_whitespace())
            || c == b'\n'
        {
            // A sentence ends: subjects are never looked for across it.
            out.push(Token {
                start: i,
                end: i + 1,
                lower: ".",
                original: ".",
            });
            i += 1;
        } else if c == b',' || c == b';' || c == b':' || c == b'(' || c == b')' {
            out.push(Token {
                start: i,
                end: i + 1,
                lower: &lower[i..i + 1],
                original: &original[i..i + 1],
            });
            i += 1;
        } else {
            i += 1;
        }
    }
    out
}

impl Context<'_> {
    fn is_known_person(&self, lower: &str) -> bool {
        let bare = text::without_possessive(lower).trim_start_matches('@');
        self.people.iter().any(|p| p == lower || p == bare)
    }

    /// Whether a token names a person: a role word, a known name, an
    /// @handle, or a capitalised common first name.
    fn token_is_person(&self, t: &Token) -> bool {
        let w = text::without_possessive(t.lower);
        // "10 ms", "dr" (disaster recovery): an honorific is one only
        // written as one, "Ms Patel", "Dr. Osei".
        if matches!(w, "mr" | "mrs" | "ms" | "dr" | "sir")
            && !t.original.starts_with(|c: char| c.is_uppercase())
        {
            return false;
        }
        is_person_word(w)
            || self.is_known_person(t.lower)
            || t.lower.starts_with('@') && t.lower.len() > 1
            || (LEX.first_names.has_exact(w) && t.original.starts_with(|c: char| c.is_uppercase()))
    }

    /// Classify the subject of the verb starting at byte `at`: the head of
    /// its clause ("the engineer who was on call forgot" → engineer), else
    /// the nearest noun before the verb.
    fn subject(&self, toks: &[Token], at: usize) -> Subject {
        self.subject_depth(toks, at, 0)
    }

    fn subject_depth(&self, toks: &[Token], at: usize, depth: usize) -> Subject {
        let subject = self.subject_of_clause(toks, at);
        if subject == Subject::Person {
            return subject;
        }
        // "The on-call, as usual, didn't look": an aside between commas has
        // no subject of its own; look at the clause before it (same sentence).
        let before: Vec<&Token> = sentence_before(toks, at).iter().collect();
        let breaks: Vec<usize> = before
            .iter()
            .enumerate()
            .filter(|(_, t)| t.lower == ",")
            .map(|(i, _)| i)
            .collect();
        let aside = breaks.len() >= 2
            && before[breaks[breaks.len() - 2] + 1..breaks[breaks.len() - 1]]
                .iter()
                .all(|t| {
                    LEX.filler.has_exact(t.lower)
                        || matches!(
                            t.lower,
                            "as" | "usual"
                                | "always"
                                | "again"
                                | "once"
                                | "however"
                                | "apparently"
                                | "of"
                                | "course"
                        )
                });
        let last_stop = before.iter().rposition(|t| t.lower == ".");
        if subject == Subject::Unknown
            && aside
            && last_stop.is_none_or(|stop| stop < breaks[breaks.len() - 2])
        {
            return self.subject_of_clause(toks, before[breaks[breaks.len() - 2]].start);
        }
        // "The nurse gave the dose but did not report it", "..., failing to
        // notice": a clause that starts with its verb shares the subject of
        // the clause before it.
        if depth < 3
            && let Some(brk) = self.elided_subject(toks, at)
        {
            let before = self.subject_depth(toks, brk, depth + 1);
            if before != Subject::Unknown {
                return before;
            }
        }
        subject
    }

    /// When the clause before `at` has no subject of its own (it starts
    /// with a verb, or is empty after "and", "but" or a comma), the byte
    /// where the clause before it ends.
    fn elided_subject(&self, toks: &[Token], at: usize) -> Option<usize> {
        let before: Vec<&Token> = sentence_before(toks, at).iter().collect();
        let brk = before.iter().rposition(|t| {
            matches!(t.lower, "," | ";" | "(" | ")" | ".") || LEX.clause_breaks.has_exact(t.lower)
        })?;
        if before[brk].lower == "."
            || !matches!(before[brk].lower, "," | "and" | "but" | "then" | "or" | ";")
        {
            return None;
        }
        let clause: Vec<&&Token> = before[brk + 1..]
            .iter()
            .filter(|t| {
                !LEX.filler.has_exact(t.lower)
                    && !matches!(t.lower, "upon" | "by" | "after" | "while")
            })
            .collect();
        let verb_first = clause.first().is_none_or(|t| {
            t.lower.ends_with("ed") || t.lower.ends_with("ing") || LEX.past_verbs.has_exact(t.lower)
        });
        (verb_first && before[brk].start > 0).then_some(before[brk].start)
    }

    fn subject_of_clause(&self, toks: &[Token], at: usize) -> Subject {
        let before: Vec<&Token> = sentence_before(toks, at).iter().collect();
        // "criticism that the outage could have been avoided": "that" or
        // "whether" before a determiner or pronoun starts a new clause.
        // "looks like I broke CI", "seems like the engineer forgot": "like"
        // after a verb of seeming opens a clause too.
        let seeming_like = |i: usize| {
            before[i].lower == "like"
                && i > 0
                && matches!(
                    before[i - 1].lower,
                    "looks" | "looked" | "seems" | "seemed" | "sounds" | "sounded" | "felt"
                )
        };
        let complementizer = |i: usize| {
            (matches!(before[i].lower, "that" | "whether" | "what") || seeming_like(i))
                && before.get(i + 1).is_some_and(|n| {
                    matches!(
                        n.lower,
                        "the"
                            | "a"
                            | "an"
                            | "he"
                            | "she"
                            | "they"
                            | "it"
                            | "we"
                            | "i"
                            | "this"
                            | "our"
                            | "their"
                            | "his"
                            | "her"
                            | "there"
                            | "its"
                            | "should"
                            | "could"
                            | "would"
                    )
                })
        };
        let clause_start = before
            .iter()
            .enumerate()
            .rposition(|(i, t)| {
                matches!(t.lower, "," | ";" | ":" | "(" | ")" | ".")
                    || LEX.clause_breaks.has_exact(t.lower)
                    || complementizer(i)
            })
            .map_or(0, |i| i + 1);
        let clause = &before[clause_start..];
        // The head noun phrase: up to three words after leading filler
        // ("the release manager", "the deploy tool"). A person anywhere in
        // it makes the subject a person.
        // "Once again the mobile team shipped": an opening adverb is not
        // the subject either.
        let phrase: Vec<&&Token> = clause
            .iter()
            .skip_while(|t| {
                LEX.filler.has_exact(t.lower)
                    || matches!(
                        t.lower,
                        "once" | "unfortunately" | "sadly" | "later" | "finally" | "eventually"
                    )
            })
            .take_while(|t| !LEX.filler.has_exact(t.lower))
            .take(3)
            .collect();
        // "human error", "human factors": "human" names no one here.
        let human_label = |t: &Token| {
            t.lower == "human"
                && toks
                    .iter()
                    .find(|n| n.start > t.start)
                    .is_some_and(|n| LEX.human_label_nouns.has_noun(n.lower))
        };
        if phrase.iter().enumerate().any(|(i, t)| {
            self.token_is_person(t)
                && !human_label(t)
                && !program_role(
                    t,
                    i.checked_sub(1).map(|p| *phrase[p]),
                    phrase.get(i + 1).map(|a| **a),
                    toks,
                )
        }) {
            return Subject::Person;
        }
        // "The Hawaii Emergency Management Agency worker who sent the alert
        // has been fired": the noun before "who" heads the subject, when
        // no verb comes before it.
        if let Some(k) = clause
            .iter()
            .position(|t| matches!(t.lower, "who" | "whose" | "whom"))
            && k > 0
            && self.token_is_person(clause[k - 1])
            && clause[..k - 1].iter().all(|t| {
                !t.lower.ends_with("ed")
                    && !t.lower.ends_with("ing")
                    && !LEX.past_verbs.has_exact(t.lower)
                    && !matches!(t.lower, "that" | "which" | "to")
            })
        {
            return Subject::Person;
        }
        if let Some(first) = phrase.first() {
            let w = text::without_possessive(first.lower);
            // "In retrospect the on-call should have": a capital that opens
            // the sentence on a preposition is not a name.
            let opening_word = matches!(
                w,
                "in" | "with"
                    | "after"
                    | "during"
                    | "at"
                    | "on"
                    | "for"
                    | "from"
                    | "by"
                    | "as"
                    | "once"
                    | "since"
                    | "looking"
                    | "frankly"
                    | "honestly"
                    | "clearly"
                    | "obviously"
                    | "ideally"
                    | "arguably"
                    | "in-hindsight"
            );
            // "Ops forgot to renew it": a team named by its function, alone.
            if phrase.len() == 1 && LEX.people_teams.has_exact(w) {
                return Subject::Person;
            }
            if is_system_word(w)
                || first.original.starts_with(|c: char| c.is_uppercase()) && !opening_word
            {
                return Subject::System;
            }
        }
        for (i, t) in clause.iter().enumerate().rev() {
            if self.token_is_person(t)
                && !program_role(
                    t,
                    i.checked_sub(1).map(|p| clause[p]),
                    clause.get(i + 1).copied(),
                    toks,
                )
            {
                return Subject::Person;
            }
            let w = text::without_possessive(t.lower);
            if LEX.filler.has_exact(w) {
                continue;
            }
            // A system word, a capitalised name that is not a first name
            // (Kafka, Redis), or a noun we do not know: systems are far more
            // common subjects in post-mortems than unlisted person words.
            return Subject::System;
        }
        Subject::Unknown
    }

    /// Whether the words just before `at` end in a thing a person owns,
    /// "the engineer's session was": a possessive person, then words none
    /// of which is a person, then at most an auxiliary.
    fn owned_thing_before(&self, toks: &[Token], at: usize) -> bool {
        let before = sentence_before(toks, at);
        let Some(owner) = before
            .iter()
            .rposition(|t| t.lower.ends_with("'s") && self.token_is_person(t))
        else {
            return false;
        };
        let after = &before[owner + 1..];
        let owned = after
            .iter()
            .take_while(|t| !LEX.filler.has_exact(t.lower))
            .count();
        owned > 0
            && owned <= 3
            && after[owned..].iter().all(|t| LEX.filler.has_exact(t.lower))
            && !after[..owned]
                .iter()
                .any(|t| self.token_is_person(t) || THE_PERSON.contains(&t.lower))
    }

    /// The subject of the words just after `at` ("for some reason, he ...").
    fn subject_after(&self, toks: &[Token], at: usize) -> Subject {
        for t in toks.iter().filter(|t| t.start >= at) {
            let w = text::without_possessive(t.lower);
            if t.lower == "." {
                break;
            }
            if matches!(t.lower, "," | ";" | ":") || LEX.filler.has_exact(w) {
                continue;
            }
            if self.token_is_person(t) {
                return Subject::Person;
            }
            return Subject::System;
        }
        Subject::Unknown
    }

    /// Whether the subject of the clause before `at` is an organisation:
    /// an organisation word, or a capitalised name that is not a person's.
    fn org_subject(&self, toks: &[Token], at: usize, _o: &str) -> bool {
        let before: Vec<&Token> = sentence_before(toks, at).iter().collect();
        let clause_start = before
            .iter()
            .rposition(|t| {
                matches!(t.lower, "," | ";" | ":" | "(" | ")" | ".")
                    || LEX.clause_breaks.has_exact(t.lower)
            })
            .map_or(0, |i| i + 1);
        let clause = &before[clause_start..];
        if clause.iter().any(|t| self.token_is_person(t)) {
            return false;
        }
        clause.iter().any(|t| {
            LEX.organisations.has_noun(t.lower)
                || (t.original.starts_with(|c: char| c.is_ascii_uppercase())
                    && t.original.len() > 1
                    && !LEX.filler.has_exact(t.lower)
                    && !LEX.system.has_noun(t.lower))
        })
    }

    /// Whether the clause before `at` names an organisation by a common
    /// noun (the company, the hospital, management), not by a name.
    fn org_noun_subject(&self, toks: &[Token], at: usize) -> bool {
        sentence_before(toks, at)
            .iter()
            .rev()
            .take_while(|t| !matches!(t.lower, "." | "," | ";" | ":"))
            .any(|t| LEX.organisations.has_noun(t.lower))
    }

    /// Whether the clause before `at` has a system word at its head.
    fn system_subject_word(&self, toks: &[Token], at: usize) -> bool {
        sentence_before(toks, at)
            .iter()
            .rev()
            .take_while(|t| !matches!(t.lower, "." | "," | ";" | ":"))
            .any(|t| is_system_word(t.lower))
    }

    /// Whether the sentence holding byte `at` names a person.
    fn mentions_person(&self, toks: &[Token], at: usize) -> bool {
        let start = toks
            .iter()
            .rposition(|t| t.lower == "." && t.end <= at)
            .map_or(0, |i| i + 1);
        toks[start..]
            .iter()
            .take_while(|t| t.lower != "." || t.start < at)
            .any(|t| self.token_is_person(t))
    }
}

/// The tokens of the sentence before byte `at`, the full stop that opens
/// it included: subjects and frames never look further back, and slicing
/// keeps each look-up proportional to the sentence, not the file.
fn sentence_before<'a, 'b>(toks: &'b [Token<'a>], at: usize) -> &'b [Token<'a>] {
    // At most this many words back: a text with no full stop is read in
    // windows, as `SENTENCE_WINDOW` says for bytes.
    const SENTENCE_TOKENS: usize = 400;
    let n = toks.partition_point(|t| t.end <= at);
    let from = n.saturating_sub(SENTENCE_TOKENS);
    let start = toks[from..n]
        .iter()
        .rposition(|t| t.lower == ".")
        .map_or(from, |p| from + p);
    &toks[start..n]
}

/// Negation or distance just before a phrase: "not human error",
/// "rather than blaming", "instead of calling it".
fn negated(lower: &str, start: usize) -> bool {
    static NEG: LazyLock<Pat> = LazyLock::new(|| data::frame("negation"));
    let from = start.saturating_sub(48);
    let mut from = from;
    while !lower.is_char_boundary(from) {
        from += 1;
    }
    let window = &lower[from..start];
    // Only within the same clause.
    let window = window
        .rsplit([',', ';', ':', '.', '!', '?', '\n'])
        .next()
        .unwrap_or(window);
    // ... and after the last conjunction: "it would not continue due to
    // this change, and it's all my fault" negates nothing in the second clause.
    let mut window = window;
    for conj in [" and ", " but ", " because ", " so ", " while ", " though "] {
        if let Some(at) = window.rfind(conj) {
            window = &window[at + conj.len() - 1..];
        }
    }
    // "without" and "avoid" negate only what follows them closely:
    // "left millions without power was the result of human error".
    static NEAR: LazyLock<Pat> = LazyLock::new(|| data::frame("negation-near"));
    if NEG.is_match(window) {
        return true;
    }
    let near = &window[window.len().saturating_sub(16)..];
    NEAR.is_match(near)
}

/// Quotations, as [`mask`] sees them.
pub struct Masked {
    /// The text with mentions and code blanked out (same byte length).
    pub text: String,
    /// Quotations kept because they are sentences, attributed to someone
    /// ("the customer wrote "..."): findings inside are someone else's
    /// words, so they are warnings at most.
    pub attributed: Vec<(usize, usize)>,
    /// A few quoted words in the author's own sentence ("the outage was
    /// caused by “human error”", "a ‘tired sysadmin’ ran the wipe"): linted,
    /// since reports put blame in scare quotes, but an error there is a
    /// warning: the words may be someone else's term.
    pub scare: Vec<(usize, usize)>,
}

/// Words before a quotation that make it a mention: a term being
/// discussed, an example of phrasing.
const MENTION_INTRODUCERS: &[&str] = &[
    "phrase",
    "term",
    "word",
    "words",
    "label",
    "labels",
    "called",
    "calling",
    "call",
    "saying",
    "say",
    "as",
    "like",
    "not",
    "e.g.",
    "i.e.",
    "named",
    "titled",
    "message",
    "error",
    "reads",
    "read",
    "string",
    "button",
    "option",
    "setting",
    "flag",
    "field",
    "status",
    "log",
    "logs",
    "or",
    "calls",
    "terms",
    "termed",
    "dubbed",
    "labelled",
    "labeled",
    "so-called",
];

/// Words after a quotation that opens its sentence and make it the topic:
/// "“Human error” is never the root cause", "‘Careless’ should never be
/// written in a report".
const TOPIC_VERBS: &[&str] = &[
    "is",
    "isn't",
    "are",
    "aren't",
    "was",
    "wasn't",
    "were",
    "should",
    "shouldn't",
    "must",
    "means",
    "meant",
    "implies",
    "has",
    "have",
    "can",
    "cannot",
    "can't",
    "does",
    "doesn't",
];

/// Titles written with a dot before a name.
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "dr", "capt", "cpt", "sgt", "lt", "col", "gen", "cmdr", "prof", "rev",
    "gov", "sen", "rep", "insp", "det", "supt", "cst",
];

/// Whether the name at `toks[i]` is the speaker the sentence quotes or
/// reports: a verb of saying in the same sentence, just before the name or
/// within a dozen words after it. A source named is not a person blamed.
fn speaker(toks: &[Token], i: usize) -> bool {
    let says = |t: &Token| LEX.speech_verbs.has_exact(t.lower);
    let before = toks[..i]
        .iter()
        .rev()
        .take_while(|t| t.lower != ".")
        .take(2)
        .any(says);
    let after = toks[i + 1..]
        .iter()
        .take_while(|t| t.lower != ".")
        .take(12)
        .any(says);
    before || after
}

/// Blank out code spans and quotations that are mentions (a term, a log
/// line, a UI string, an example of phrasing), so that those words are not
/// judged as the author's. A quotation that is a sentence of its own is
/// linted: post-mortems quote chat and statements that blame. One quoted
/// by a speaker is recorded in [`Masked::attributed`].
pub fn mask(text: &str) -> Masked {
    let mut out: Vec<u8> = text.as_bytes().to_vec();
    let mut attributed = Vec::new();
    let mut scare = Vec::new();
    let blank = |out: &mut Vec<u8>, from: usize, to: usize| {
        for b in out.iter_mut().take(to).skip(from) {
            if *b != b'\n' {
                *b = b' ';
            }
        }
    };
    // Code spans: always a mention.
    let mut i = 0;
    while let Some(s) = text[i..].find('`') {
        let s = i + s;
        match text[s + 1..].find('`') {
            Some(e) => {
                let e = s + 1 + e + 1;
                if !text[s..e].contains("\n\n") {
                    blank(&mut out, s, e);
                }
                i = e;
            }
            None => break,
        }
    }
    // Dotted names from code ("Error.vector.carelessness", "lazy.load"):
    // a word, a dot and a lowercase letter, no space between.
    let mut at = 0;
    for word in text.split_inclusive(char::is_whitespace) {
        let bare = word
            .trim_end()
            .trim_end_matches(['.', ',', ';', ':', ')', '!', '?']);
        let b = bare.as_bytes();
        // Not "i.e." or "e.g.": a part after a dot has three letters or more.
        let dotted = (1..b.len().saturating_sub(1)).any(|i| {
            b[i] == b'.'
                && b[i - 1].is_ascii_alphanumeric()
                && b[i + 1].is_ascii_lowercase()
                && b[i + 1..].iter().take_while(|c| **c != b'.').count() >= 3
        });
        let name = bare
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_'));
        if dotted && name {
            blank(&mut out, at, at + bare.len());
        }
        at += word.len();
    }
    // The dot of a title before a name ("Ms. Vaught", "Capt. Schettino")
    // ends no sentence: blanked, the name stays in its sentence.
    let bytes = text.as_bytes();
    for (dot, _) in text.match_indices(". ") {
        let word_start = text[..dot]
            .rfind(|c: char| !c.is_ascii_alphabetic())
            .map_or(0, |p| p + 1);
        let word = &text[word_start..dot];
        let next_capital = bytes.get(dot + 2).is_some_and(|b| b.is_ascii_uppercase());
        if next_capital && TITLES.iter().any(|t| t.eq_ignore_ascii_case(word)) {
            out[dot] = b' ';
        }
    }
    // Quotations: "..." pairs, and 'quoted words' where the opening quote
    // follows a space (elsewhere a single quote is an apostrophe).
    let mut spans = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let opens = c == b'"'
            || c == b'\'' && (i == 0 || bytes[i - 1].is_ascii_whitespace() || bytes[i - 1] == b'(');
        if opens {
            let close = text[i + 1..].find(c as char).map(|r| i + 1 + r);
            if let Some(e) = close {
                let closes =
                    c == b'"' || e + 1 >= bytes.len() || !bytes[e + 1].is_ascii_alphanumeric();
                let inner = &text[i + 1..e];
                let paragraph = inner.contains("\n\n") || c == b'\'' && inner.contains('\n');
                if closes && !paragraph && e > i + 1 {
                    spans.push((i, e + 1));
                    i = e + 1;
                    continue;
                }
            }
        }
        i += 1;
    }
    for (s, e) in spans {
        let inner = &text[s + 1..e - 1];
        let words = inner
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '\'' && c != '-')
            .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
            .count();
        let code = inner.contains(['=', '{', '}', '$', '<', '>', '|', '\\'])
            || inner.contains("::")
            || inner.contains("--")
            || inner
                .split_whitespace()
                .any(|w| w.contains('/') || w.contains('_'));
        let start = sentence_start(text, s, &['.', '!', '?', '\n']);
        let before = text[start..s].to_ascii_lowercase();
        let last = before
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '.')
            .rfind(|w| !w.is_empty())
            .unwrap_or("");
        let introduced = MENTION_INTRODUCERS.contains(&last.trim_end_matches('.'))
            || before.trim_end().ends_with("e.g.")
            || before.trim_end().ends_with("i.e.");
        // A quoted term that opens the sentence and is its topic.
        let opens_sentence = before
            .trim()
            .trim_start_matches(|c: char| c.is_ascii_digit() || "-*.)#>".contains(c))
            .trim()
            .is_empty();
        let next = text[e..]
            .trim_start_matches([',', ' '])
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '\'')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let topic = opens_sentence && TOPIC_VERBS.contains(&next.as_str());
        if code || introduced || topic {
            blank(&mut out, s, e);
        } else if words <= 3 {
            scare.push((s, e));
        } else if before.trim_end().ends_with(':')
            || before
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|w| LEX.speech_verbs.has_exact(w))
        {
            attributed.push((s, e));
        }
    }
    // Chat quoted the way chat tools and Markdown quote it, `> ...` at the
    // start of a line or after a speaker ("Engineer posted in #backend: >
    // I think I just ran it against prod"): someone else's words.
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let lead = body.len() - body.trim_start_matches([' ', '\t', '-', '*']).len();
        // One search for ": " per line: most lines have none.
        let quote = if body[lead..].starts_with("> ") {
            Some(lead)
        } else if let Some(colon) = body.find(": ") {
            body[colon..]
                .find(": > ")
                .map(|at| colon + at + 2)
                .or_else(|| chat_speaker(&body[lead..]).map(|at| lead + at))
        } else {
            None
        };
        if let Some(at) = quote {
            attributed.push((line_start + at, line_start + body.len()));
        }
        line_start += line.len();
    }
    Masked {
        text: String::from_utf8(out).unwrap_or_else(|_| text.to_string()),
        attributed,
        scare,
    }
}

/// Chat pasted as `Name: message` ("Fatima: my bad, I ran the upgrade
/// without checking the PDB"): where the message starts, when the line
/// opens with a speaker (one to three capitalised words or an @handle,
/// not a heading such as "Root cause:" or "Update:") and the message
/// speaks in the first person. Someone's own words, as `> ` quotes are.
fn chat_speaker(line: &str) -> Option<usize> {
    const HEADINGS: &[&str] = &[
        "summary",
        "impact",
        "update",
        "note",
        "action",
        "resolution",
        "cause",
        "lesson",
        "lessons",
        "status",
        "decision",
        "result",
        "fix",
        "problem",
        "issue",
        "question",
        "answer",
        "detection",
        "trigger",
        "mitigation",
        "timeline",
        "why",
        "what",
        "context",
        "background",
        "owner",
        "tl;dr",
        "tldr",
        "q",
        "a",
        "edit",
        "ps",
        "nb",
        "important",
        "warning",
        "error",
        "info",
        "todo",
        "done",
        "next",
        "root",
        "customer",
        "customers",
    ];
    let colon = line.find(": ")?;
    let label = &line[..colon];
    let words: Vec<&str> = label.split(' ').collect();
    let speaker = (1..=3).contains(&words.len())
        && words.iter().all(|w| {
            w.starts_with('@') && w.len() > 1
                || w.starts_with(|c: char| c.is_uppercase())
                    && w.chars()
                        .all(|c| c.is_alphabetic() || matches!(c, '-' | '.' | '\''))
        })
        && !words
            .iter()
            .any(|w| HEADINGS.contains(&w.to_lowercase().as_str()));
    let message = &line[colon + 2..];
    let first_person = message
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .any(|w| {
            matches!(
                w,
                "I" | "I'm"
                    | "I've"
                    | "I'll"
                    | "I'd"
                    | "my"
                    | "My"
                    | "me"
                    | "we"
                    | "We"
                    | "we're"
                    | "We're"
                    | "our"
                    | "us"
            )
        });
    (speaker && first_person).then_some(colon + 2)
}

/// Patterns added for real-world text (issue 9); see each rule's YAML file.
struct More {
    prompted_person: Pat,
    decided_risk: Pat,
    destructive_plain: Pat,
    purpose: Pat,
    too_late: Pat,
    was_cause: Pat,
    mistake_act: Pat,
    wrong_object: Pat,
    made_mistake: Pat,
    self_blame: Pat,
    person_actions: Pat,
    person_actions_possessive: Pat,
    punished: Pat,
    punish_object: Pat,
    punishment_judged: Pat,
    punishment_phrase: Pat,
    passive_procedure: Pat,
    reader_directed: Pat,
    imperative: Pat,
    plea: Pat,
    behaviour: Pat,
    duty: Pat,
    people_training: Pat,
    person_to: Pat,
    kept_away: Pat,
    sanctioned_person: Pat,
    recurring: Pat,
    conduct: Pat,
    fault_person: Pat,
    deviated: Pat,
    insinuation: Pat,
    insinuation_person: Pat,
    access_revoked: Pat,
    ownership: Pat,
    care: Pat,
    question: Pat,
    even_question: Pat,
    org_omission: Pat,
    enhanced_training: Pat,
    discussion: Pat,
    generic: Pat,
}

static MORE: LazyLock<More> = LazyLock::new(|| More {
    prompted_person: pattern("hindsight", "prompted-person"),
    decided_risk: pattern("hindsight", "decided-risk"),
    destructive_plain: pattern("person-as-cause", "destructive-plain"),
    purpose: pattern("person-as-cause", "purpose"),
    too_late: pattern("person-as-cause", "too-late"),
    was_cause: pattern("person-as-cause", "was-cause"),
    mistake_act: pattern("person-as-cause", "mistake-act"),
    wrong_object: pattern("person-as-cause", "wrong-object"),
    made_mistake: pattern("person-as-cause", "made-mistake"),
    self_blame: pattern("person-as-cause", "self-blame"),
    person_actions: pattern("person-as-cause", "person-actions"),
    person_actions_possessive: pattern("person-as-cause", "person-actions-possessive"),
    punished: pattern("punishment", "punished"),
    punish_object: pattern("punishment", "punish-object"),
    punishment_judged: pattern("punishment", "punishment-judged"),
    punishment_phrase: pattern("punishment", "punishment-phrase"),
    passive_procedure: pattern("rule-breaking", "passive-procedure"),
    reader_directed: pattern("people-remediation", "reader-directed"),
    imperative: pattern("people-remediation", "imperative"),
    plea: pattern("people-remediation", "plea"),
    behaviour: pattern("people-remediation", "behaviour"),
    duty: pattern("people-remediation", "duty"),
    people_training: pattern("people-remediation", "people-training"),
    person_to: pattern("people-remediation", "person-to"),
    kept_away: pattern("punishment", "kept-away"),
    sanctioned_person: pattern("punishment", "sanctioned-person"),
    recurring: pattern("character-judgement", "recurring"),
    conduct: pattern("character-judgement", "conduct"),
    fault_person: pattern("person-as-cause", "fault-person"),
    deviated: pattern("rule-breaking", "deviated"),
    insinuation: pattern("insinuation", "insinuation"),
    insinuation_person: pattern("insinuation", "insinuation-person"),
    access_revoked: pattern("punishment", "access-revoked"),
    ownership: pattern("people-remediation", "ownership"),
    care: pattern("punishment", "care"),
    question: pattern("counterfactual", "question"),
    even_question: pattern("counterfactual", "even-question"),
    org_omission: pattern("organisation-as-actor", "org-omission"),
    enhanced_training: pattern("people-remediation", "enhanced-training"),
    discussion: data::frame("discussion"),
    generic: data::frame("generic"),
});

struct Patterns {
    human_error: Pat,
    user_error_cause: Pat,
    user_error_causal: Pat,
    metric_after: Pat,
    designed_for: Pat,
    destructive: Pat,
    /// With whether a person as the agent is only a warning.
    caused_by_person: Vec<(Pat, bool)>,
    omission_inherent: Pat,
    omission_failed: Pat,
    omission_did_not: Pat,
    inaction: Pat,
    explained: Pat,
    human_error_concept_before: Pat,
    human_error_concept_after: Pat,
    poor_decision: Pat,
    expectation: Pat,
    emotional: Pat,
    if_only: Pat,
    cleft: Pat,
    instead_of_procedure: Pat,
    missed: Pat,
    nobody_did: Pat,
    counterfactual: Pat,
    passive_decision: Pat,
    if_had: Pat,
    hindsight: Pat,
    hindsight_word: Pat,
    hindsight_described: Pat,
    component: Pat,
    character: Pat,
    character_tech: Pat,
    minimising_subject: Pat,
    minimising: Pat,
    remediation: Pat,
    retrain_tech: Pat,
    remediation_of_systems: Pat,
    minimising_set_aside: Pat,
    fault: Pat,
    fault_tech: Pat,
    culprit: Pat,
    distancing: Pat,
    whatever_reason: Pat,
    some_reason: Pat,
    ignored: Pat,
    ignored_passive: Pat,
    intent: Pat,
    rule_breaking: Pat,
    permitted: Pat,
    deviation_purpose: Pat,
    deviation_endorsed: Pat,
    handle: Pat,
    praise: Pat,
    root_cause: Pat,
}

static PATTERNS: LazyLock<Patterns> = LazyLock::new(|| Patterns {
    human_error: pattern("human-error", "human-error"),
    user_error_cause: pattern("human-error", "user-error-cause"),
    user_error_causal: pattern("human-error", "user-error-causal"),
    metric_after: pattern("human-error", "metric-after"),
    designed_for: pattern("human-error", "designed-for"),
    destructive: pattern("person-as-cause", "destructive"),
    cleft: pattern("person-as-cause", "cleft"),
    omission_inherent: pattern("judged-omission", "omission-inherent"),
    omission_failed: pattern("judged-omission", "omission-failed"),
    omission_did_not: pattern("judged-omission", "omission-did-not"),
    inaction: pattern("judged-omission", "inaction"),
    missed: pattern("judged-omission", "missed"),
    nobody_did: pattern("judged-omission", "nobody-did"),
    explained: pattern("rule-breaking", "explained"),
    human_error_concept_before: pattern("human-error", "concept-before"),
    human_error_concept_after: pattern("human-error", "concept-after"),
    poor_decision: pattern("hindsight", "poor-decision"),
    expectation: pattern("people-remediation", "expectation"),
    emotional: pattern("character-judgement", "emotional"),
    if_only: pattern("counterfactual", "if-only"),
    counterfactual: pattern("counterfactual", "counterfactual"),
    passive_decision: pattern("counterfactual", "passive-decision"),
    if_had: pattern("counterfactual", "if-had"),
    instead_of_procedure: pattern("rule-breaking", "instead-of-procedure"),
    hindsight: pattern("hindsight", "hindsight"),
    hindsight_word: pattern("hindsight-word", "hindsight-word"),
    hindsight_described: pattern("hindsight-word", "described"),
    component: pattern("character-judgement", "component"),
    character: pattern("character-judgement", "character"),
    character_tech: pattern("character-judgement", "character-tech"),
    minimising_subject: pattern("minimising", "minimising-subject"),
    minimising: pattern("minimising", "minimising"),
    remediation: pattern("people-remediation", "remediation"),
    retrain_tech: pattern("people-remediation", "retrain-tech"),
    remediation_of_systems: pattern("people-remediation", "remediation-of-systems"),
    minimising_set_aside: pattern("minimising", "set-aside"),
    fault: pattern("fault-words", "fault"),
    fault_tech: pattern("fault-words", "fault-tech"),
    culprit: pattern("culprit", "culprit"),
    distancing: pattern("distancing", "distancing"),
    whatever_reason: pattern("intent-speculation", "whatever-reason"),
    some_reason: pattern("intent-speculation", "some-reason"),
    ignored: pattern("intent-speculation", "ignored"),
    ignored_passive: pattern("intent-speculation", "ignored-passive"),
    intent: pattern("intent-speculation", "intent"),
    rule_breaking: pattern("rule-breaking", "rule-breaking"),
    permitted: pattern("rule-breaking", "permitted"),
    deviation_purpose: pattern("rule-breaking", "deviation-purpose"),
    deviation_endorsed: pattern("rule-breaking", "deviation-endorsed"),
    handle: pattern("naming-individuals", "handle"),
    praise: pattern("naming-individuals", "praise"),
    root_cause: pattern("root-cause-singular", "root-cause"),
    caused_by_person: (1..=4)
        .map(|i| {
            (
                pattern("person-as-cause", &format!("caused-by-person-{i}")),
                false,
            )
        })
        .chain([
            (pattern("person-as-cause", "done-by-person"), true),
            (pattern("person-as-cause", "traced-to-person"), true),
        ])
        .collect(),
});

/// Human-only verbs: a subject we cannot place is a person when it does these.
fn human_only_verb(w: &str) -> bool {
    LEX.human_only_verbs.has_exact(w)
}

/// Words that look like name parts but name teams and things: an owner
/// called "payments" or "platform-team" is not a person.
pub fn is_common_word(w: &str) -> bool {
    is_system_word(w) || LEX.team_words.has_exact(w) || LEX.people_teams.has_exact(w)
}

/// A role word that names a program here: qualified by a product or a
/// part of a program ("the Kafka broker", "the Postgres operator", "the
/// package manager"; lexicon `tools`), written as a product is
/// (`OnCall`), or, for some, in a sentence about programs ("the worker
/// was terminated by the kernel OOM killer", "the supervisor failed to
/// restart the daemon"; lexicon `context-program-roles` and
/// `machine-context`). Lexicon
/// `program-roles`; other roles, and these in other sentences, stay
/// people ("the release manager", "Disney supervisors", "the worker
/// failed to lock out the circuit").
fn program_role(t: &Token, before: Option<&Token>, after: Option<&Token>, toks: &[Token]) -> bool {
    let w = text::without_possessive(t.lower);
    if !LEX.program_roles.has_noun(w) {
        return false;
    }
    let camel = t
        .original
        .char_indices()
        .skip(1)
        .any(|(i, c)| c.is_uppercase() && t.original[..i].chars().any(char::is_lowercase));
    camel
        || before.is_some_and(|b| LEX.tools.has_noun(b.lower))
        // "a worker thread", "the broker node": the role qualifies a part.
        || after.is_some_and(|a| a.start <= t.end + 1 && LEX.not_people_before.has_noun(a.lower))
        || LEX.context_program_roles.has_noun(w)
            && sentence_around(toks, t.start)
                .iter()
                .any(|w| LEX.machine_context.has_noun(w.lower))
}

/// The tokens of the sentence holding byte `at` (at most a window of
/// words either side, as `sentence_before` reads).
fn sentence_around<'a, 'b>(toks: &'b [Token<'a>], at: usize) -> &'b [Token<'a>] {
    const SENTENCE_TOKENS: usize = 400;
    let n = toks.partition_point(|t| t.end <= at);
    // Where the sentence starts, without the full stop before it.
    let before = sentence_before(toks, at);
    let start = n - before.len() + usize::from(before.first().is_some_and(|t| t.lower == "."));
    let to = (n + SENTENCE_TOKENS).min(toks.len());
    let end = toks[n..to]
        .iter()
        .position(|t| t.lower == ".")
        .map_or(to, |p| n + p);
    &toks[start..end]
}

/// A common first name (lexicon `first-names`), lower case.
pub fn is_first_name(w: &str) -> bool {
    LEX.first_names.has_exact(w)
}

/// A role or another word for people (`nurse`, `maintainers`): a value
/// with one is a role or a team, not someone's name.
pub fn is_role_word(w: &str) -> bool {
    is_person_word(w) || LEX.organisations.has_noun(w)
}

/// A product or service a timeline entry can come from (`by: PagerDuty`).
pub fn is_tool_name(w: &str) -> bool {
    LEX.tools.has_exact(w) || LEX.organisations.has_noun(w)
}

fn is_person_subject_word(word: &str) -> bool {
    is_person_word(word) || LEX.first_names.has_exact(word)
}

/// Run every built-in blame rule over a text; returns hits as byte ranges.
pub fn check(text: &str, ctx: &Context) -> Vec<Hit> {
    // Typography normalised to ASCII; hits map back to the original bytes.
    let norm = text::normalise(text);
    let quotes = mask(&norm.text);
    let lower = quotes.text.to_ascii_lowercase();
    // Patterns none of whose literals occur in the text are not run.
    let _gate = gate::Scope::enter(&lower);
    let toks = tokens(&lower, &quotes.text);
    let mut kept = rule_hits(&lower, &quotes, &toks, ctx);
    // The evidence model weighs what no single rule settles.
    signals::apply(&lower, &toks, ctx, &mut kept);
    kept.sort_by_key(|h| (h.start, h.end));
    for h in &mut kept {
        (h.start, h.end) = norm.original(h.start, h.end);
    }
    kept
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

fn check_sentence(
    p: &Patterns,
    l: &str,
    o: &str,
    toks: &[Token],
    base: usize,
    ctx: &Context,
    hits: &mut Vec<Hit>,
) {
    // `lower` softens a finding to a warning where the words judge a thing
    // or come with their explanation.
    let mut push = |lower: bool, rule: &'static str, start: usize, end: usize| {
        let severity = info(rule).map_or(Severity::Error, |r| r.severity);
        // "did not notice the alert because it was buried among 200
        // others": an act told with its reason is the account a blameless
        // review asks for; still worth a look, not a failed build.
        let explained = !lower
            && matches!(
                rule,
                "judged-omission" | "person-as-cause" | "rule-breaking"
            )
            && p.explained.is_match(&l[end..sentence_end(l, end)]);
        let severity = if lower || explained {
            severity.max(Severity::Warning)
        } else {
            severity
        };
        // A pattern may start at the break before a sentence: point at the
        // first word, not at the line break or full stop before it.
        let lead = l[start..end].len()
            - l[start..end]
                .trim_start_matches(|c: char| !c.is_alphanumeric() && c != '@')
                .len();
        let start = start + lead;
        hits.push(Hit {
            rule,
            start: base + start,
            end: base + end,
            severity,
            note: if explained {
                Some("the sentence gives the reason")
            } else {
                lower.then_some("the evidence is partial")
            },
            detail: None,
        });
    };

    // Human-error labels.
    for m in p.human_error.find_iter(l) {
        let before = &l[sentence_start(l, m.start(), &['.', '!', '?', '\n', ';'])..m.start()];
        if !negated(l, m.start())
            && !p
                .metric_after
                .is_match(&l[m.end()..sentence_end(l, m.end())])
            && !p.designed_for.is_match(before)
        {
            let after = &l[m.end()..sentence_end(l, m.end())];
            let concept = p.human_error_concept_before.is_match(before)
                || p.human_error_concept_after.is_match(after);
            push(concept, "human-error", m.start(), m.end());
        }
    }
    for m in p.user_error_cause.find_iter(l) {
        let before = &l[sentence_start(l, m.start(), &['.', '!', '?', '\n'])..m.start()];
        let causal =
            p.user_error_causal.is_match(before.trim_end()) || p.user_error_causal.is_match(before);
        let metric = p
            .metric_after
            .is_match(&l[m.end()..sentence_end(l, m.end())]);
        if causal && !metric && !negated(l, m.start()) {
            push(false, "human-error", m.start(), m.end());
        }
    }

    // A person as the subject of a destructive or causal verb.
    for m in p.destructive.find_iter(l) {
        if ctx.subject(toks, m.start()) == Subject::Person && !negated(l, m.start()) {
            push(false, "person-as-cause", m.start(), m.end());
        }
    }
    for (caps, soft) in p
        .caused_by_person
        .iter()
        .flat_map(|(r, soft)| r.captures_iter(l).map(move |c| (c, *soft)))
    {
        let whole = caps.get(0).expect("match");
        // "a system that can easily be broken by an intern" describes the
        // system, not what anyone did.
        let before: Vec<&str> = l[..whole.start()]
            .split_whitespace()
            .rev()
            .take(3)
            .collect();
        if before.first() == Some(&"be")
            && before
                .iter()
                .any(|w| matches!(*w, "can" | "could" | "may" | "might" | "cannot"))
        {
            continue;
        }
        // The agent: the first word of the phrase after "by" that names a
        // person or a thing ("an inexperienced engineer" -> engineer;
        // "a bug the engineer introduced" -> bug).
        let (who, who_original) = caps
            .captured()
            .map(|g| {
                let not_word = |c: char| !c.is_alphanumeric() && c != '@';
                let words: Vec<(&str, &str)> = g
                    .as_str()
                    .split(' ')
                    .zip(o[g.start()..g.end()].split(' '))
                    .map(|(w, wo)| (w.trim_matches(not_word), wo.trim_matches(not_word)))
                    .collect();
                let is_person = |w: &str| {
                    let bare = text::without_possessive(w);
                    is_person_word(bare)
                        || ctx.is_known_person(bare)
                        || w.starts_with('@')
                        || LEX.first_names.has_exact(bare)
                };
                let mut pick = ("", "");
                for (i, &(w, wo)) in words.iter().enumerate() {
                    if is_person(w) {
                        pick = (w, wo);
                        break;
                    }
                    if is_system_word(text::without_possessive(w)) {
                        // "a network engineer", "technical staff": a
                        // system word that names the person's trade.
                        if let Some(&(next, next_o)) = words.get(i + 1)
                            && is_person_word(text::without_possessive(next))
                        {
                            pick = (next, next_o);
                        }
                        break;
                    }
                    if pick.0.is_empty() {
                        pick = (w, wo);
                    }
                }
                pick
            })
            .unwrap_or(("", ""));
        let followed_by_error = l[whole.end()..].trim_start().starts_with("error");
        // The acts of soft patterns are everyday work: a person as their
        // agent is blame only where the sentence already judges what was
        // done ("a typo entered by"), or the act is a mishap. "A database
        // admin's query": the person owns the thing that was the cause.
        if soft {
            let verb = whole.as_str().split(' ').next().unwrap_or("");
            let from = sentence_start(l, whole.start(), &['.', '!', '?', '\n']);
            let sentence = &l[from..sentence_end(l, whole.end())];
            let judged = matches!(
                verb,
                "wiped"
                    | "erased"
                    | "mishandled"
                    | "traced"
                    | "attributable"
                    | "attributed"
                    | "pinned"
            ) || sentence
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|w| LEX.judged_act_words.has_exact(w));
            let owner = who.ends_with("'s") || l[whole.end()..].starts_with("'s");
            if !judged || owner {
                continue;
            }
        }
        let person = !followed_by_error
            && (is_person_word(who)
                || ctx.is_known_person(who)
                || who.starts_with('@')
                || (LEX.first_names.has_exact(who)
                    && who_original.starts_with(|c: char| c.is_uppercase())));
        if person && !negated(l, whole.start()) {
            push(soft, "person-as-cause", whole.start(), whole.end());
        }
    }

    // Judging by omission.
    for m in p.omission_inherent.find_iter(l) {
        // "neglected nothing; the procedure was missing a step".
        if l[m.end()..].starts_with(" nothing") {
            continue;
        }
        // "A neglected cron job", "the forgotten host": a thing described.
        let attributive = matches!(m.as_str(), "neglected" | "forgot")
            && l[..m.start()]
                .trim_end()
                .rsplit(char::is_whitespace)
                .next()
                .is_some_and(|w| matches!(w, "a" | "an" | "the" | "this" | "that" | "our" | "its"));
        if attributive {
            continue;
        }
        // "nobody bothered to check": the subject is in the match, whatever
        // came before it ("the backups failed and nobody ...").
        let someone = ["nobody", "no one", "no-one", "none of"]
            .iter()
            .any(|w| m.as_str().starts_with(w));
        let subject = if someone {
            Subject::Person
        } else {
            ctx.subject(toks, m.start())
        };
        match subject {
            Subject::Person => push(false, "judged-omission", m.start(), m.end()),
            Subject::Unknown if !m.as_str().starts_with("failed") => {
                push(false, "judged-omission", m.start(), m.end())
            }
            _ => {}
        }
    }
    for m in p.omission_did_not.find_iter(l) {
        if ctx.subject(toks, m.start()) == Subject::Person {
            push(false, "judged-omission", m.start(), m.end());
        }
    }
    for m in p.inaction.find_iter(l) {
        // "he was doing what he was supposed to be doing", "the on-call
        // did nothing wrong" judge nothing.
        if l[m.end()..].starts_with(" be doing") || l[m.end()..].starts_with(" wrong") {
            continue;
        }
        // "did what she was supposed to do", "the documentation he was
        // supposed to follow": what was expected, not a failing.
        let supposed = m.as_str().contains("supposed");
        if supposed
            && l[..m.start()]
                .split_whitespace()
                .rev()
                .nth(1)
                .is_some_and(|w| matches!(w, "what" | "that" | "which" | "as"))
        {
            continue;
        }
        // "was unaware", "did not know": a state, often a fair account of
        // what someone could see; "was supposed to": an expectation, as
        // often told as judged. A warning.
        let state = supposed || m.as_str().contains("aware") || m.as_str().contains("know");
        if ctx.subject(toks, m.start()) == Subject::Person {
            push(state, "judged-omission", m.start(), m.end());
        }
    }
    for m in p.omission_failed.find_iter(l) {
        // "failed to get a response", "failed to find the root cause": an
        // attempt that did not succeed, not a duty left undone.
        let verb = m.as_str().rsplit(' ').next().unwrap_or("");
        if LEX.attempt_verbs.has_exact(verb) {
            continue;
        }
        if ctx.subject(toks, m.start()) == Subject::Person {
            push(false, "judged-omission", m.start(), m.end());
        }
    }
    for m in p.missed.find_iter(l) {
        if ctx.subject(toks, m.start()) != Subject::System {
            push(false, "judged-omission", m.start(), m.end());
        }
    }
    // "Nobody updated the runbook afterwards": a warning.
    // Not with the reason in the sentence ("nobody noticed because the
    // desk runs the suite on SQLite only"): that is the gap, explained.
    for m in p.nobody_did.find_iter(l) {
        // (A reason word, not `explained`'s dash or colon: "the migration
        // completed in March - and nobody updated the runbook" gives none.)
        let sentence = sentence_text(l, m.start());
        let explained = [" because ", " since ", " due to ", " as the ", " as it "]
            .iter()
            .any(|w| sentence.contains(w));
        if !negated(l, m.start()) && !explained {
            push(true, "judged-omission", m.start(), m.end());
        }
    }

    // Counterfactuals about people. "Bob should have checked", "the
    // engineer should have known": one person named or pointed at, and
    // what they should have done, is blame for sure; an error. Said of
    // "we", of people in general or with "could", a warning.
    // Findings that are blame for sure, raised to errors once every rule
    // has pushed its own (the frames that lower errors run after).
    let mut sure: Vec<(&'static str, usize, usize)> = Vec::new();
    for caps in p.counterfactual.captures_iter(l) {
        let m = caps.get(0).expect("match");
        let next = caps.captured().map_or("", |g| g.as_str());
        let subject = ctx.subject(toks, m.start());
        let fire = match subject {
            Subject::Person => true,
            Subject::Unknown => human_only_verb(next),
            Subject::System => false,
        };
        // "should have been able to", "could have been avoided", "should
        // have been a routine job": about what was possible or expected,
        // with a thing as the subject, not a person's failing.
        let words = m.as_str();
        let passive_about_thing = words.ends_with(" been")
            || words.contains(" been ")
                && (matches!(
                    next,
                    "able" | "a" | "an" | "the" | "possible" | "allowed" | "enough"
                ) || next.ends_with("ed") && subject != Subject::Person);
        // "what should have been a routine job": the subject is a thing.
        let relative_thing = l[..m.start()]
            .trim_end()
            .rsplit(' ')
            .next()
            .is_some_and(|w| matches!(w, "what" | "which" | "that"));
        if relative_thing {
            continue;
        }
        let ahead = &l[m.start()..sentence_end(l, m.start())];
        let able = ahead.split(' ').take(6).collect::<Vec<_>>().join(" ");
        // "The on-call should have been paged", "should have been told about
        // the window": what the person did not receive; "reviewers should
        // have a checklist", "should have had a replica": what they lacked.
        let received = words.contains(" been")
            && matches!(
                next,
                "paged"
                    | "told"
                    | "notified"
                    | "alerted"
                    | "informed"
                    | "given"
                    | "sent"
                    | "woken"
                    | "called"
                    | "contacted"
                    | "consulted"
                    | "warned"
                    | "included"
                    | "invited"
                    | "shown"
                    | "offered"
                    | "provided"
            );
        let lacked = !words.contains(" been")
            && matches!(
                next,
                "a" | "an" | "access" | "had" | "some" | "more" | "enough" | "no" | "the"
            );
        if received || lacked {
            continue;
        }
        if passive_about_thing && subject != Subject::Person || able.contains("been able") {
            continue;
        }
        // "could have been worse" is about outcomes, not people.
        let about_outcome = m.as_str().starts_with("could")
            && matches!(
                next,
                "been"
                    | "worse"
                    | "better"
                    | "happened"
                    | "gone"
                    | "lasted"
                    | "affected"
                    | "spread"
            );
        // "could have" says what was possible, "should have" what was
        // expected: only the second is sure to judge.
        let could = m.as_str().starts_with("could");
        if fire && !about_outcome && !negated(l, m.start()) {
            push(could, "counterfactual", m.start(), m.end());
            let one_person = toks
                .iter()
                .rev()
                .find(|t| t.end <= m.start())
                .is_some_and(|t| {
                    t.end + 1 >= m.start() && {
                        let w = text::without_possessive(t.lower);
                        let named = t.original.starts_with(|c: char| c.is_uppercase())
                            && (LEX.first_names.has_exact(w) || ctx.is_known_person(w));
                        let role = is_person_word(w)
                            && !w.ends_with('s')
                            && !matches!(
                                w,
                                "he" | "she"
                                    | "they"
                                    | "him"
                                    | "her"
                                    | "them"
                                    | "i"
                                    | "we"
                                    | "you"
                                    | "me"
                                    | "us"
                            )
                            && !matches!(
                                w,
                                "someone"
                                    | "somebody"
                                    | "anyone"
                                    | "anybody"
                                    | "everyone"
                                    | "everybody"
                                    | "nobody"
                                    | "person"
                                    | "one"
                                    | "human"
                            );
                        named || role
                    }
                });
            // What they should have done: a past participle ("checked",
            // "known"), not "should have a process" or "been told".
            let done = next.len() > 3 && next.ends_with("ed") && next != "need"
                || matches!(
                    next,
                    "known"
                        | "seen"
                        | "caught"
                        | "done"
                        | "run"
                        | "taken"
                        | "written"
                        | "read"
                        | "thought"
                        | "told"
                        | "spotted"
                        | "stopped"
                        | "kept"
                        | "sent"
                        | "made"
                        | "found"
                        | "built"
                        | "left"
                        | "held"
                        | "put"
                        | "set"
                        | "got"
                        | "gotten"
                );
            if !could && one_person && done && m.as_str().starts_with("should") {
                sure.push(("counterfactual", base + m.start(), base + m.end()));
            }
        }
    }
    // "The change should not have been approved by the reviewer": a
    // decision judged after the fact, with a person in the sentence.
    for m in p.passive_decision.find_iter(l) {
        if ctx.mentions_person(toks, m.start()) && !negated(l, m.start()) {
            push(true, "counterfactual", m.start(), m.end());
        }
    }
    for caps in p.if_had.captures_iter(l) {
        let m = caps.get(0).expect("match");
        let group = (1..caps.groups()).find_map(|i| caps.get(i));
        let who = group.map_or("", |g| g.as_str());
        let who_o = group.map_or("", |g| &o[g.start()..g.end()]);
        let person = is_person_subject_word(who)
            && (is_person_word(who) || who_o.starts_with(|c: char| c.is_uppercase()))
            || ctx.is_known_person(who);
        if person {
            // Point at the opening words, at most about 40 bytes of them,
            // cut between words ("If the reviewer had actually read").
            let end = if m.end() > m.start() + 40 {
                let cut = char_floor(l, m.start() + 40);
                l[m.start()..cut]
                    .rfind(' ')
                    .map_or(cut, |p| m.start() + p)
                    .max(m.start() + 2)
            } else {
                m.end()
            };
            push(false, "counterfactual", m.start(), end);
        }
    }

    // Hindsight.
    for m in p.hindsight.find_iter(l) {
        // "The system should have known the batch had already run".
        let of_system = ["should have known", "should have reali", "should've known"]
            .iter()
            .any(|s| m.as_str().starts_with(s))
            && ctx.system_subject_word(toks, m.start())
            && !ctx.mentions_person(toks, m.start());
        if !negated(l, m.start()) && !of_system {
            // "It is obvious now, but at the time it looked like noise"
            // argues against hindsight: a warning at most.
            // "It should have been obvious from the dashboard, but the
            // dashboard was not loading": set against what was seen.
            let at_the_time = sentence_text(l, m.start()).contains("at the time")
                || m.as_str().contains("been")
                    && l[m.end()..sentence_end(l, m.end())].contains(", but ");
            push(at_the_time, "hindsight", m.start(), m.end());
        }
    }
    for m in p.poor_decision.find_iter(l) {
        if ctx.subject(toks, m.start()) == Subject::Person && !negated(l, m.start()) {
            push(false, "hindsight", m.start(), m.end());
        }
    }
    for m in p.hindsight_word.find_iter(l) {
        // "The dashboard clearly showed the spike", "clearly visible
        // markings", "Of course, the replica was unaffected": a plain fact
        // about a thing, not a judgement of what someone should have seen.
        let descriptive = p
            .hindsight_described
            .is_match(&l[m.end()..sentence_end(l, m.end())]);
        // "Of course, the replica was unaffected": opening the sentence,
        // about a thing.
        let about_a_thing = m.as_str() == "of course"
            && sentence_text(l, m.start())
                .trim_start()
                .starts_with("of course,")
            && ctx.subject_after(toks, m.end()) == Subject::System;
        if !descriptive && !about_a_thing {
            push(false, "hindsight-word", m.start(), m.end());
        }
    }

    // Character judgements, except the technical terms that share the words.
    let tech: Vec<(usize, usize)> = p
        .character_tech
        .find_iter(l)
        .map(|m| (m.start(), m.end()))
        .collect();
    for m in p.character.find_iter(l) {
        let word = m.as_str();
        let after = &l[m.end()..];
        // "reckless-driving detector", "lazy-loaded": a compound is a term.
        let compound =
            after.starts_with('-') && after[1..].starts_with(|c: char| c.is_ascii_alphabetic());
        // "lazy" and "dumb" judge a person only predicatively ("was lazy")
        // or about a person ("a lazy engineer"); "lazy connection setup" is a term.
        let attributive_term = matches!(word, "lazy" | "dumb" | "lazily")
            && !predicative(&l[..m.start()])
            && !after
                .trim_start()
                .split(|c: char| !c.is_alphanumeric() && c != '-')
                .next()
                .is_some_and(is_person_word);
        // "an unacceptable risk", "this was unacceptable", "the harness was
        // useless": said of things as often as of people, so unless a
        // person is the subject, a warning.
        let of_things = matches!(word, "unacceptable" | "useless")
            && ctx.subject(toks, m.start()) != Subject::Person;
        // "claims of negligence", "incompetence, complacency and
        // dishonesty are terms that come up": the quality named as a
        // concept, with no one in the sentence to bear it, a warning.
        let concept = ["ence", "ance", "ness", "ity", "cy", "esty", "thy"]
            .iter()
            .any(|s| word.ends_with(s))
            && !ctx.mentions_person(toks, m.start());
        let technical = compound
            || attributive_term
            || tech.iter().any(|&(s, e)| s <= m.start() && m.end() <= e);
        // "I have no idea what the reasoning was": the writer's own
        // uncertainty, not a judgement of someone's competence.
        let own_doubt = m.as_str().starts_with("ha")
            && l[..m.start()]
                .trim_end()
                .rsplit(|c: char| !c.is_ascii_alphanumeric())
                .next()
                .is_some_and(|w| matches!(w, "i" | "we"));
        // "Nobody in their right mind would ...": the idiom's "nobody" is
        // part of the judgement, not a negation of it.
        let idiom = word == "right mind";
        if !technical && !own_doubt && (idiom || !negated(l, m.start())) {
            // "The retry logic was careless about idempotency keys" judges
            // a thing: still loaded language, a warning.
            let before =
                &l[sentence_start(l, m.start(), &['.', '!', '?', '\n', ',', ';'])..m.start()];
            // So are "the watchdog was asleep at the wheel" and "our review
            // process has become a rubber stamp".
            // "A reckless default", "the sloppy rounding": the word said of
            // the thing it stands before.
            let next = after
                .split(|c: char| !c.is_ascii_alphanumeric() && c != '-')
                .find(|w| !w.is_empty())
                .unwrap_or("");
            // "The matchmaker carelessly retried", "the loader retried
            // carelessly": said of what a machine does.
            let prev = before.split_whitespace().next_back().unwrap_or("");
            let machine_act =
                LEX.machine_verbs.has_exact(next) || LEX.machine_verbs.has_exact(prev);
            let about_a_thing =
                (p.component.is_match(before) || p.component.is_match(next) || machine_act)
                    && ctx.subject(toks, m.start()) != Subject::Person
                    && !ctx.mentions_person(toks, m.start());
            // "The attackers were sloppy with their infrastructure": said
            // of whoever attacked us, not of our people.
            let adversary = before
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|w| LEX.adversaries.has_exact(w));
            if adversary {
                continue;
            }
            push(
                about_a_thing || of_things || concept,
                "character-judgement",
                m.start(),
                m.end(),
            );
        }
    }
    for m in p.emotional.find_iter(l) {
        // "complacent pilots": the word said of people it stands before.
        let before_person = l[m.end()..]
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '-')
            .find(|w| !w.is_empty())
            .is_some_and(|w| is_person_word(w) && w != "human");
        // "Alex isn't careless": denied, as for the other character words.
        // "We rushed the fix out": the team's own haste in the response.
        let our_haste = m.as_str().starts_with(['r', 'h']) && we_subject(toks, m.start());
        if (ctx.subject(toks, m.start()) == Subject::Person || before_person)
            && !negated(l, m.start())
            && !our_haste
        {
            // "I panicked for a minute": `frames` lowers the writer's own state.
            push(false, "character-judgement", m.start(), m.end());
        }
    }

    // Minimising.
    // "We just need to find out what happened", "all we had to do was
    // reattach the IP": the team describing its own work or fix, not
    // someone's failure made to look small.
    for m in p.minimising_subject.find_iter(l) {
        if ctx.subject(toks, m.start()) == Subject::Person && !we_subject(toks, m.start()) {
            push(false, "minimising", m.start(), m.end());
        }
    }
    for m in p.minimising.find_iter(l) {
        let ours = m.as_str().starts_with("all we ");
        // "This was a basic mistake", "a rookie error by the intern"; not
        // "a basic error in the parser".
        let slip_of_a_thing = ["mistake", "error", "blunder"]
            .iter()
            .any(|w| m.as_str().ends_with(w))
            && !ctx.mentions_person(toks, m.start())
            && !l[sentence_start(l, m.start(), &['.', '!', '?', '\n'])..m.start()]
                .trim_end()
                .rsplit(' ')
                .take(4)
                .any(|w| matches!(w, "this" | "it" | "that" | "honestly"));
        if slip_of_a_thing {
            continue;
        }
        // "Turning the flag off was all it took": how little the fix
        // needed, with no one in the sentence.
        let took = m.as_str().contains("took") && !ctx.mentions_person(toks, m.start());
        // "All the attacker had to do was guess the ID", "all a client has
        // to do to trigger the bug", "thanks to the new tool, all the
        // on-call had to do was run one command": how easy an exploit, a
        // reproduction or the new tooling made it, not someone's failure.
        let sentence = sentence_text(l, m.start());
        let easy_for_others = m.as_str().starts_with("all ")
            && m.as_str().ends_with(" to do")
            && (m
                .as_str()
                .split(' ')
                .skip(1)
                .take_while(|w| !matches!(*w, "had" | "has" | "have" | "need" | "needed"))
                .any(|w| {
                    is_system_word(w)
                        || LEX.adversaries.has_noun(w)
                        || matches!(w, "user" | "users" | "customer" | "customers" | "client")
                })
                || p.minimising_set_aside.is_match(sentence));
        if !negated(l, m.start()) && !ours && !took && !easy_for_others {
            push(false, "minimising", m.start(), m.end());
        }
    }

    // Remediation aimed at people.
    let retrain: Vec<(usize, usize)> = p
        .retrain_tech
        .find_iter(l)
        .map(|m| (m.start(), m.end()))
        .collect();
    for m in p.remediation.find_iter(l) {
        let nobody = !ctx.mentions_person(toks, m.start());
        let technical = retrain.iter().any(|&(s, e)| s <= m.start() && m.end() <= e)
            // "the fraud model was retrained overnight": a thing retrained.
            || m.as_str().contains("train")
                && ctx.subject(toks, m.start()) == Subject::System
                && nobody
            // "a disciplined rollout", "change discipline in the pipeline":
            // the rigour of a process, with no one in the sentence.
            || m.as_str().starts_with("disciplin") && !m.as_str().ends_with("ary") && nobody
            // "Alert discipline improved": the discipline of a practice.
            || m.as_str() == "discipline"
                && l[..m.start()]
                    .trim_end()
                    .rsplit(char::is_whitespace)
                    .next()
                    .is_some_and(|w| {
                        is_system_word(w)
                            || matches!(w, "operational" | "engineering" | "testing" | "review")
                    })
            // "Each service is held accountable to its SLO", "the
            // performance improvement plan for the search service".
            || p.remediation_of_systems.is_match(&l[m.end()..sentence_end(l, m.end())]);
        if !technical && !negated(l, m.start()) {
            // "Retraining was triggered at 06:00": with no one in the
            // sentence to be retrained, a warning.
            let untrained = nobody && m.as_str().contains("train");
            push(untrained, "people-remediation", m.start(), m.end());
        }
    }

    for m in p.expectation.find_iter(l) {
        if !negated(l, m.start())
            && !p
                .remediation_of_systems
                .is_match(&l[m.end()..sentence_end(l, m.end())])
        {
            push(false, "people-remediation", m.start(), m.end());
        }
    }

    // Fault words.
    let tech: Vec<(usize, usize)> = p
        .fault_tech
        .find_iter(l)
        .map(|m| (m.start(), m.end()))
        .collect();
    for m in p.fault.find_iter(l) {
        // Inside a technical term, or ending in one: "our fault" of
        // "our fault tolerance tests" is the term's first word.
        let technical = tech.iter().any(|&(s, e)| s < m.end() && m.end() <= e);
        if technical || negated(l, m.start()) {
            continue;
        }
        // "the config was at fault" blames a thing; still fault framing, but gentler.
        let subject = ctx.subject(toks, m.start());
        if subject == Subject::System && !ctx.mentions_person(toks, m.start()) {
            push(false, "culprit", m.start(), m.end());
        } else {
            push(false, "fault-words", m.start(), m.end());
            // "The intern is to blame", "this one is on the DBA", "the
            // contractor is solely responsible": fault laid on someone in
            // the story is an error. Blame as a verb or an object ("tried
            // to blame him", "lay the blame on", "officials blamed the
            // pilot") reports someone's judgement, "the person to blame"
            // discusses one, and "guilty" is as often a feeling: those stay
            // warnings. So does a label found to blame ("pilot error was to
            // blame"): the human-error rule speaks to it.
            let h = m.as_str();
            // "Someone on the bridge said Tom is to blame": reported.
            let reported = l[sentence_start(l, m.start(), &['.', '!', '?', '\n'])..m.start()]
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|w| LEX.speech_verbs.has_exact(w));
            let mut back = l[..m.start()]
                .trim_end()
                .trim_end_matches(" the one")
                .rsplit(' ');
            let be = back
                .next()
                .is_some_and(|w| matches!(w, "is" | "was" | "are" | "were" | "be" | "been"));
            let label = back
                .next()
                .is_some_and(|w| LEX.human_label_nouns.has_exact(w));
            let laid = if h.ends_with("to blame") {
                be || h != "to blame"
            } else {
                h.starts_with("at fault")
                    || (h.contains("fault") && !h.starts_with("blam") && !h.starts_with("faulted"))
                    || h.contains("responsib")
            };
            // "This one is on the DBA": the pattern itself names who.
            let on_someone = ["this ", "that ", "it ", "it'"]
                .iter()
                .any(|w| h.starts_with(w));
            if !reported && (on_someone || (laid && !label && subject == Subject::Person)) {
                sure.push(("fault-words", base + m.start(), base + m.end()));
            }
        }
    }
    for m in p.culprit.find_iter(l) {
        push(false, "culprit", m.start(), m.end());
    }

    // Distancing, intent, rule-breaking.
    for m in p.distancing.find_iter(l) {
        push(false, "distancing", m.start(), m.end());
    }
    for m in p.whatever_reason.find_iter(l) {
        push(false, "intent-speculation", m.start(), m.end());
    }
    for m in p.some_reason.find_iter(l) {
        let subject = match ctx.subject(toks, m.start()) {
            Subject::Unknown => ctx.subject_after(toks, m.end()),
            s => s,
        };
        if subject == Subject::Person {
            push(false, "intent-speculation", m.start(), m.end());
        }
    }
    for m in p.ignored.find_iter(l) {
        let subject = ctx.subject(toks, m.start());
        if subject != Subject::System {
            push(false, "intent-speculation", m.start(), m.end());
        }
        // "The on-call ignored the DNS alert": someone in the story said
        // to have disregarded a signal, with no reason given, is judged.
        let rest = &l[m.end()..sentence_end(l, m.end())];
        let bare = !p.explained.is_match(rest)
            && !rest.contains([',', ';', ':', '('])
            && !rest
                .split_whitespace()
                .any(|w| LEX.clause_breaks.has_exact(w) || matches!(w, "which" | "who" | "like"));
        if subject == Subject::Person && !negated(l, m.start()) && bare {
            sure.push(("intent-speculation", base + m.start(), base + m.end()));
        }
    }
    for caps in p.ignored_passive.captures_iter(l) {
        let m = caps.get(0).expect("match");
        // "ignored by the router" is a system at work; "by the on-call
        // engineer", or no agent at all, is a guess about people.
        let by_system = caps.captured().is_some_and(|g| {
            !g.as_str()
                .split([' ', '-'])
                .any(|w| is_person_word(w) || ctx.is_known_person(w))
        });
        if !by_system && !negated(l, m.start()) {
            push(false, "intent-speculation", m.start(), m.end());
        }
    }
    for m in p.intent.find_iter(l) {
        // "We deliberately kept the old cluster" reports our own intent.
        let first_person = first_person_subject(toks, m.start());
        if !first_person
            && (ctx.subject(toks, m.start()) == Subject::Person
                || (ctx.mentions_person(toks, m.start())
                    && ctx.subject(toks, m.start()) == Subject::Unknown))
        {
            push(false, "intent-speculation", m.start(), m.end());
        }
    }
    for m in p.rule_breaking.find_iter(l) {
        // "broke the rules engine": a compound, a thing broken.
        let compound = m.as_str().ends_with("rules")
            && l[m.end()..]
                .split(|c: char| !c.is_ascii_alphanumeric() && c != '-')
                .nth(1)
                .is_some_and(|w| is_system_word(w) || matches!(w, "engine" | "file" | "table"));
        let sentence = sentence_text(l, m.start());
        // "The release was pushed to 100% by the mobile lead without
        // waiting for crash data": a thing as the subject, a person as
        // the agent.
        let agent = by_person(ctx, l, sentence_start(l, m.start(), &['.', '!', '?', '\n']));
        // "... the result of a staff member not following our procedures":
        // the person just before the words.
        let n = toks.partition_point(|t| t.end <= m.start());
        let actor_before = n > 0 && ctx.token_is_person(&toks[n - 1]);
        if (ctx.subject(toks, m.start()) != Subject::System || agent || actor_before)
            && !negated_rule(l, m.start())
            && !p.permitted.is_match(sentence)
            && !compound
            && !p.deviation_endorsed.is_match(sentence)
        {
            // "The IC approved skipping the canary" tells of a deviation
            // decided in the open: a warning. ("Engineers skipped the
            // canary because the pipeline marked it optional" gives the
            // reason: `push` lowers it, as for every act told with one.)
            let sanctioned = l[..m.start()]
                .trim_end()
                .rsplit(' ')
                .next()
                .is_some_and(|w| {
                    matches!(
                        w,
                        "approved" | "authorised" | "authorized" | "sanctioned" | "allowed"
                    )
                });
            // "To restore service faster, the IC chose to skip the canary":
            // a deviation decided for a stated purpose, a warning.
            let purposed = sanctioned || p.deviation_purpose.is_match(sentence);
            push(purposed, "rule-breaking", m.start(), m.end());
        }
    }
    for m in p.instead_of_procedure.find_iter(l) {
        if ctx.subject_after(toks, m.end()) == Subject::Person
            || ctx.subject(toks, m.start()) == Subject::Person
        {
            push(false, "rule-breaking", m.start(), m.end());
        }
    }
    // "It was the intern who deleted", "if only someone had": the captured
    // word must name a person.
    for (pattern, rule) in [
        (&p.cleft, "person-as-cause"),
        (&p.if_only, "counterfactual"),
    ] {
        for caps in pattern.captures_iter(l) {
            let m = caps.get(0).expect("match");
            let who = caps.captured().map_or("", |g| g.as_str());
            if is_person_word(who) || ctx.is_known_person(who) || who.starts_with('@') {
                push(false, rule, m.start(), m.end());
            }
        }
    }

    // Naming individuals (the caller leaves timeline entries alone: they
    // record who did what).
    {
        // "Huge thanks to Priya, who stayed on the bridge for six hours":
        // credit given by name points at no one.
        let praised = |at: usize| p.praise.is_match(sentence_text(l, at));
        for caps in p.handle.captures_iter(l) {
            let g = caps.captured().expect("handle");
            if !praised(g.start()) {
                push(false, "naming-individuals", g.start() - 1, g.end());
            }
        }
        for (i, t) in toks.iter().enumerate() {
            let w = text::without_possessive(t.lower);
            let capital = t.original.starts_with(|c: char| c.is_uppercase());
            if capital
                && (ctx.is_known_person(w) || LEX.first_names.has_exact(w))
                && !t.lower.starts_with('@')
                && !speaker(toks, i)
                && !praised(t.start)
            {
                push(false, "naming-individuals", t.start, t.start + w.len());
            }
        }
    }

    for m in p.root_cause.find_iter(l) {
        push(false, "root-cause-singular", m.start(), m.end());
    }

    check_more(&MORE, l, o, toks, ctx, &mut push);
    for hit in hits.iter_mut() {
        if hit.note.is_none()
            && sure
                .iter()
                .any(|&(rule, s, e)| rule == hit.rule && s <= hit.start && hit.start < e)
        {
            hit.severity = Severity::Error;
        }
    }
    frames(&MORE, l, toks, hits);
}

/// The patterns added for real-world text: a person doing something by
/// mistake or to the wrong thing, punishment, passive rule-breaking,
/// advice aimed at the reader, blaming questions, organisations.
fn check_more(
    m: &More,
    l: &str,
    o: &str,
    toks: &[Token],
    ctx: &Context,
    push: &mut dyn FnMut(bool, &'static str, usize, usize),
) {
    // "The readings should have prompted the crew to go around": hindsight
    // about what people should have made of the signals.
    for caps in m.prompted_person.captures_iter(l) {
        let whole = caps.get(0).expect("match");
        let who = caps.captured().map_or("", |g| g.as_str());
        if (is_person_word(who) || ctx.is_known_person(who)) && !negated(l, whole.start()) {
            push(false, "hindsight", whole.start(), whole.end());
        }
    }
    // "The crew decided to continue", "management decided they don't need
    // to test": a decision judged by its outcome. A warning: the decision
    // may be told fairly.
    for hit in m.decided_risk.find_iter(l) {
        let subject = ctx.subject(toks, hit.start());
        if (subject == Subject::Person || ctx.org_subject(toks, hit.start(), o))
            && !negated(l, hit.start())
        {
            push(true, "hindsight", hit.start(), hit.end());
        }
    }
    // "The intern deleted the table": a person as the subject of a
    // destructive verb, with no judgement in the words. A fair account of
    // what a role did needs such sentences; a warning invites a second look.
    for hit in m.destructive_plain.find_iter(l) {
        // "deleted the stuck pods to force a reschedule": a step of the
        // response, with what it was for.
        let purpose = m
            .purpose
            .is_match(&l[hit.end()..sentence_end(l, hit.end())]);
        if ctx.subject(toks, hit.start()) == Subject::Person && !negated(l, hit.start()) && !purpose
        {
            push(true, "person-as-cause", hit.start(), hit.end());
        }
    }
    // "The driver applied the brakes too late": a judgement of timing.
    for hit in m.too_late.find_iter(l) {
        if ctx.subject(toks, hit.start()) == Subject::Person && !negated(l, hit.start()) {
            push(true, "person-as-cause", hit.start(), hit.end());
        }
    }
    // "A lone technician was the cause of the meltdown".
    for hit in m.was_cause.find_iter(l) {
        if ctx.subject(toks, hit.start()) == Subject::Person && !negated(l, hit.start()) {
            push(false, "person-as-cause", hit.start(), hit.end());
        }
    }
    // "The technician accidentally erased the backup": a person doing
    // something by mistake. A person we cannot place is a warning.
    for hit in m.mistake_act.find_iter(l) {
        if negated(l, hit.start()) {
            continue;
        }
        match ctx.subject(toks, hit.start()) {
            Subject::Person => push(false, "person-as-cause", hit.start(), hit.end()),
            Subject::Unknown => push(true, "person-as-cause", hit.start(), hit.end()),
            Subject::System
                if ctx.mentions_person(toks, hit.start()) && by_person(ctx, l, hit.end()) =>
            {
                push(false, "person-as-cause", hit.start(), hit.end())
            }
            Subject::System => {}
        }
    }
    for pat in [&m.wrong_object, &m.made_mistake] {
        for hit in pat.find_iter(l) {
            if negated(l, hit.start()) {
                continue;
            }
            let subject = ctx.subject(toks, hit.start());
            // "likely to make the same mistake", "would make": hypothetical.
            let before = l[..hit.start()].trim_end();
            let hypothetical = ["to", "would", "could", "might", "may", "will", "can", "not"]
                .iter()
                .any(|w| before.ends_with(&format!(" {w}")));
            if hypothetical {
                continue;
            }
            let made = hit.as_str().starts_with("made");
            match subject {
                // Saying someone made a mistake is a judgement, but often a
                // fair account: a warning; the rules that see how it is
                // judged (accidentally, the wrong, careless) give errors.
                Subject::Person => push(true, "person-as-cause", hit.start(), hit.end()),
                Subject::Unknown if ctx.mentions_person(toks, hit.start()) => {
                    push(true, "person-as-cause", hit.start(), hit.end())
                }
                // Only people make mistakes: "Kimberly Hiatt made an error"
                // with a name pm does not know is at least a warning.
                Subject::System if made && !ctx.system_subject_word(toks, hit.start()) => {
                    push(true, "person-as-cause", hit.start(), hit.end())
                }
                _ => {}
            }
        }
    }
    // "My mistake", "I screwed up": the writer owning their part, a
    // warning as "I forgot" is.
    for hit in m.self_blame.find_iter(l) {
        if !negated(l, hit.start()) {
            push(true, "person-as-cause", hit.start(), hit.end());
        }
    }
    let possessive = m.person_actions_possessive.captures_iter(l);
    for (caps, soft) in
        (m.person_actions.captures_iter(l).map(|c| (c, false))).chain(possessive.map(|c| (c, true)))
    {
        let whole = caps.get(0).expect("match");
        let who = caps.captured().map_or("", |g| g.as_str());
        let person = who
            .split([' ', '-'])
            .any(|w| is_person_word(w) || ctx.is_known_person(w))
            || who.contains(" crew")
            || who.starts_with("crew");
        if person && !negated(l, whole.start()) {
            push(soft, "person-as-cause", whole.start(), whole.end());
        }
    }

    // Punishment: "was fired", "fired her", "disciplinary action".
    for hit in m.punished.find_iter(l) {
        // "the worker processes were fired up": started, not dismissed.
        if negated(l, hit.start())
            || (hit.as_str() == "fired" && l[hit.end()..].starts_with(" up"))
            // "the timeline was written up by the incident commander".
            || (hit.as_str() == "written up" && l[hit.end()..].starts_with(" by"))
            || cared_for(m, l, hit.end())
        {
            continue;
        }
        // "the contractor's account was suspended": what was suspended is
        // the account, a thing the person owns.
        let before_person = ctx.subject(toks, hit.start()) == Subject::Person
            && !ctx.owned_thing_before(toks, hit.start());

        let passive = l[..hit.start()]
            .trim_end()
            .rsplit(' ')
            .next()
            .is_some_and(|w| {
                matches!(
                    w,
                    "was"
                        | "were"
                        | "been"
                        | "be"
                        | "get"
                        | "got"
                        | "gets"
                        | "getting"
                        | "being"
                        | "is"
                        | "are"
                )
            });
        let object_person = object_is_person(ctx, l, hit.end());
        let fined = matches!(hit.as_str(), "fined" | "penalised" | "penalized");
        let before_org = ctx.org_subject(toks, hit.start(), o)
            && (fined || ctx.subject(toks, hit.start()) != Subject::Person);
        // A company fined by a regulator, or a subcontractor fired by its
        // client, is news about the organisation, not a person punished: a
        // warning, never an error.
        if (before_person && passive) || object_person {
            push(false, "punishment", hit.start(), hit.end());
        } else if before_org && passive {
            push(true, "punishment", hit.start(), hit.end());
        }
    }
    for hit in m.punish_object.find_iter(l) {
        let object_person =
            object_is_person(ctx, l, hit.start() + hit.as_str().find(' ').unwrap_or(0));
        if object_person && !negated(l, hit.start()) {
            // "Firing the technician is inappropriate": the act opens the
            // sentence and the sentence judges it.
            let opens = l
                [sentence_start(l, hit.start(), &['.', '!', '?', '\n', ';', ':'])..hit.start()]
                .trim_matches(|c: char| !c.is_alphanumeric())
                .is_empty();
            let judged = opens
                && hit
                    .as_str()
                    .split(' ')
                    .next()
                    .is_some_and(|w| w.ends_with("ing"))
                && m.punishment_judged
                    .is_match(&l[hit.end()..sentence_end(l, hit.end())]);
            push(judged, "punishment", hit.start(), hit.end());
        }
    }
    for hit in m.punishment_phrase.find_iter(l) {
        // "The replica resigned after the lease timed out": a leader.
        let resigned = hit.as_str().starts_with("resign");
        // "she should not be struck off": the negation sits inside the
        // phrase, where `negated` (which looks before it) does not see it.
        let denied = hit
            .as_str()
            .split(' ')
            .any(|w| matches!(w, "not" | "never" | "no"));
        if denied || negated(l, hit.start()) {
            continue;
        }
        if resigned && ctx.subject(toks, hit.start()) != Subject::Person {
            continue;
        }
        // "Criminal charges for safety incidents are rare": proceedings
        // with nobody in the sentence to face them are talk about
        // punishment, worth a look; against someone, an error.
        let proceedings = ["disciplinary ", "legal ", "criminal ", "punitive "]
            .iter()
            .any(|p| hit.as_str().starts_with(p));
        let nobody = proceedings && !ctx.mentions_person(toks, hit.start());
        push(nobody, "punishment", hit.start(), hit.end());
    }

    // "The correct procedure was not followed": rule-breaking in the passive.
    for hit in m.passive_procedure.find_iter(l) {
        if negated_rule(l, hit.start())
            || PATTERNS.permitted.is_match(sentence_text(l, hit.start()))
        {
            continue;
        }
        let subject = ctx.subject(toks, hit.start());
        // "without review" and "ignored the warning" need someone to do
        // them: "the health check ignored the warning from the replica".
        let without = hit.as_str().starts_with("without");
        // "The client failed to follow redirects", "the scheduler failed
        // to follow the cron expression": programs follow things too.
        let ignored = (hit.as_str().starts_with("ignor") || hit.as_str().contains(" to "))
            && ctx.system_subject_word(toks, hit.start())
            && !ctx.mentions_person(toks, hit.start());
        if without && subject != Subject::Person || ignored {
            continue;
        }
        push(false, "rule-breaking", hit.start(), hit.end());
    }

    // Advice aimed at the reader or at people: "double-check your typing".
    for hit in m.reader_directed.find_iter(l) {
        // "We tried to be careful not to overload the replica": what
        // someone meant to do, not advice.
        let meant = hit.as_str().starts_with("be careful") && {
            let before = l[..hit.start()].trim_end();
            before.strip_suffix(" to").is_some_and(|b| {
                matches!(
                    b.rsplit(' ').next().unwrap_or(""),
                    "tried"
                        | "try"
                        | "tries"
                        | "trying"
                        | "want"
                        | "wanted"
                        | "wants"
                        | "attempted"
                        | "meant"
                        | "intended"
                        | "chose"
                        | "decided"
                )
            })
        };
        if !negated(l, hit.start()) && !meant {
            push(false, "people-remediation", hit.start(), hit.end());
        }
    }
    for hit in m.enhanced_training.find_iter(l) {
        if !negated(l, hit.start()) && ctx.mentions_person(toks, hit.start()) {
            push(false, "people-remediation", hit.start(), hit.end());
        }
    }
    // "Always test the config", "don't delete it": advice at the start of
    // a sentence, an item or a clause.
    for hit in m.imperative.find_iter(l).filter(|h| {
        let before = opening_markup_trimmed(&l[..h.start()]);
        let verb = h.as_str().rsplit(' ').next().unwrap_or("");
        // "never followed up" tells what happened; "don't worry", "don't
        // blame yourself" comfort, they do not aim a fix at people.
        // "never recovers", "always fails", "never seen", "never again"
        // describe; advice is a bare verb.
        // "checked what a rule matches, never what it costs": a contrast,
        // with no verb after the word.
        let contrast = matches!(
            verb,
            "what"
                | "for"
                | "on"
                | "in"
                | "at"
                | "the"
                | "a"
                | "an"
                | "to"
                | "from"
                | "by"
                | "with"
                | "once"
                | "when"
                | "where"
                | "how"
                | "why"
                | "who"
                | "more"
                | "less"
                | "both"
                | "all"
                | "any"
                | "its"
                | "their"
                | "our"
                | "as"
                | "than"
                | "during"
                | "after"
                | "before"
                | "through"
                | "into"
                | "via"
                | "only"
                | "just"
                | "one"
        ) && l[..h.start()].trim_end().ends_with(',');
        let not_advice = contrast
            || verb.ends_with("ed")
            || verb.ends_with('s') && !verb.ends_with("ss")
            || verb.ends_with("able")
            || LEX.past_verbs.has_exact(verb)
                && !matches!(verb, "read" | "set" | "put" | "cut" | "hit" | "shut")
            || matches!(
                verb,
                "worry"
                    | "let"
                    | "panic"
                    | "hesitate"
                    | "feel"
                    | "beat"
                    | "blame"
                    | "fret"
                    | "stress"
                    | "again"
                    | "mind"
                    | "before"
                    | "ever"
                    | "seen"
                    | "been"
                    | "done"
                    | "gone"
                    | "known"
                    | "had"
                    | "was"
                    | "were"
                    | "the"
                    | "a"
                    | "an"
                    | "more"
                    | "less"
                    | "quite"
                    | "aware"
                    | "patient"
            );
        // A plea or a prohibition also starts a clause after a
        // conjunction: "..., so please don't force-push again". "Always"
        // and "never" there describe: "queued but never ran", "rebooted
        // and then always came up".
        // "Don't restart the primary until the DBA confirms replication",
        // "do not retry the batch automatically on timeout; page instead":
        // an operating instruction with its condition, not advice on
        // behaviour.
        let instruction = l[h.end()..sentence_end(l, h.end())]
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| {
                matches!(
                    w,
                    "until" | "while" | "unless" | "automatically" | "instead"
                )
            });
        if instruction {
            return false;
        }
        let plea = h.as_str().starts_with("please") || h.as_str().starts_with("don't");
        let after_conjunction = plea
            && before
                .rsplit([' ', ','])
                .find(|w| !w.is_empty())
                .is_some_and(|w| matches!(w, "so" | "and" | "but" | "then" | "just" | "also"));
        !not_advice && (starts_clause(before) || after_conjunction)
    }) {
        push(true, "people-remediation", hit.start(), hit.end());
    }
    // "Stay focused on your task", "please follow safety rules": how to
    // behave, told at the start of a sentence, an item or a clause.
    // "Stay alert for a second wave", "follow the procedures in section
    // 4": a situation to watch for, a document to use, not behaviour.
    for hit in m.behaviour.find_iter(l) {
        let last = hit.as_str().rsplit(' ').next().unwrap_or("");
        if matches!(
            last,
            "for" | "to" | "in" | "at" | "from" | "on" | "of" | "under" | "listed" | "described"
        ) {
            continue;
        }
        let before = opening_markup_trimmed(&l[..hit.start()]);
        let before = before
            .strip_suffix("please")
            .map_or(before, |b| b.trim_end_matches(' '));
        if starts_clause(before) {
            push(true, "people-remediation", hit.start(), hit.end());
        }
    }
    // "Engineers must verify the target host before running a migration":
    // a duty laid on a role as the fix, a warning.
    for hit in m.duty.find_iter(l) {
        push(true, "people-remediation", hit.start(), hit.end());
    }
    for hit in m.ownership.find_iter(l) {
        if ctx.subject(toks, hit.start()) == Subject::Person
            && !we_subject(toks, hit.start())
            && !negated(l, hit.start())
            && !nobody_subject(l, hit.start())
        {
            push(true, "people-remediation", hit.start(), hit.end());
        }
    }
    // "His access to production routers is revoked": someone's access.
    for hit in m.access_revoked.find_iter(l) {
        let mut before = l[..hit.start()].split_whitespace().rev().take(2);
        // "his access", "the intern's access": what a person owns.
        let owner = |w: Option<&str>| {
            w.is_some_and(|w| {
                matches!(w, "his" | "her" | "their")
                    || w.ends_with("'s") && {
                        let who = text::without_possessive(w);
                        is_person_word(who) || ctx.is_known_person(who)
                    }
            })
        };
        let (last, one_back) = (before.next(), before.next());
        // "Jenna's access was removed automatically when her elevation
        // ended", "... was revoked by the broker": the system at work.
        let rest = &l[hit.end()..sentence_end(l, hit.end())];
        let automatic = rest
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| LEX.by_itself.has_exact(w))
            || rest.starts_with(" by ") && !by_person(ctx, l, hit.end());
        if (owner(last) || owner(one_back)) && !negated(l, hit.start()) && !automatic {
            push(false, "punishment", hit.start(), hit.end());
        }
    }
    // "Oluwaseun should be removed from the on-call rotation", "whoever
    // wrote this should not be allowed near production"; not "the old node
    // should be removed from the rotation".
    for hit in m.kept_away.find_iter(l) {
        let someone =
            ctx.mentions_person(toks, hit.start()) || !ctx.system_subject_word(toks, hit.start());
        if someone
            && !negated(l, hit.start())
            && !nobody_subject(l, hit.start())
            && !cared_for(m, l, hit.end())
        {
            push(false, "punishment", hit.start(), hit.end());
        }
    }
    // "The engineer responsible has been dealt with", "was moved to a
    // non-production role": a sanction, when a person is what it was
    // done to ("the issue has been dealt with" is not).
    for hit in m.sanctioned_person.find_iter(l) {
        // "We will send an apology to affected customers": the company's.
        if ctx.subject(toks, hit.start()) == Subject::Person
            && !we_subject(toks, hit.start())
            && !negated(l, hit.start())
            && !nobody_subject(l, hit.start())
        {
            push(false, "punishment", hit.start(), hit.end());
        }
    }
    // "The offshore team keeps breaking the build": a habit laid on
    // someone; "the job keeps failing" describes a system.
    // "The on-call engineer slept through the page" is the same.
    for hit in m.recurring.find_iter(l).chain(m.conduct.find_iter(l)) {
        // "Marcus's builds keep breaking": the builds, not Marcus.
        if negated(l, hit.start()) || ctx.owned_thing_before(toks, hit.start()) {
            continue;
        }
        // "The reviewer glossed over the migration because the diff viewer
        // collapsed it": told with its reason, a warning.
        // ("Kenji had one job: renew the certificate" names the job.)
        let rest = &l[hit.end()..sentence_end(l, hit.end())];
        let explained = PATTERNS.explained.is_match(rest) && !rest.starts_with(':');
        match ctx.subject(toks, hit.start()) {
            // "We cut corners on test coverage": `frames` lowers the team's own.
            Subject::Person => push(explained, "character-judgement", hit.start(), hit.end()),
            Subject::Unknown if ctx.mentions_person(toks, hit.start()) => {
                push(true, "character-judgement", hit.start(), hit.end())
            }
            _ => {}
        }
    }
    // "Tom owns this failure", "ultimately this falls on the release
    // manager": fault laid on someone in the story.
    for caps in m.fault_person.captures_iter(l) {
        let hit = caps.get(0).expect("match");
        // Who it falls on ("falls on the release manager", "chalk it up to
        // the on-call"): the words the pattern's group marks; else the
        // subject ("Tom owns this failure").
        let who = match caps.captured() {
            Some(object) => object_is_person(ctx, l, object.start()),
            None => ctx.subject(toks, hit.start()) == Subject::Person,
        };
        if who && !negated(l, hit.start()) {
            push(false, "person-as-cause", hit.start(), hit.end());
        }
    }
    // "The operator deviated from the standard operating procedure".
    // "Proper care was not taken when the command was run", with no one
    // named: a warning.
    for hit in m.deviated.find_iter(l) {
        if ctx.subject(toks, hit.start()) != Subject::System && !negated(l, hit.start()) {
            let someone = ctx.mentions_person(toks, hit.start());
            push(!someone, "rule-breaking", hit.start(), hit.end());
        }
    }
    // Sarcasm, hints at a culprit, questions that expect no answer: the
    // pattern is the judgement; a warning, as the tone may be misread.
    for hit in m.insinuation.find_iter(l) {
        push(false, "insinuation", hit.start(), hit.end());
    }
    for hit in m.insinuation_person.find_iter(l) {
        // "Support escalated late, as usual": a team acting as people.
        let team_opens = sentence_text(l, hit.start())
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '-')
            .find(|w| !w.is_empty())
            .is_some_and(|w| LEX.people_teams.has_exact(w));
        if ctx.mentions_person(toks, hit.start())
            || team_opens
            || ctx.subject(toks, hit.start()) == Subject::Person
        {
            push(false, "insinuation", hit.start(), hit.end());
        }
    }
    // "Please follow the runbook", "please stop force-pushing": a plea
    // to the reader, wherever it stands, but not a question that asks
    // it ("can we please stop saying this").
    for hit in m.plea.find_iter(l) {
        let asked = l[..hit.start()]
            .trim_end()
            .rsplit(' ')
            .next()
            .is_some_and(|w| matches!(w, "we" | "you" | "i" | "they"));
        if !asked {
            push(true, "people-remediation", hit.start(), hit.end());
        }
    }
    // "train employees on what to click", "made sure our folks are
    // trained": training people as the fix, where people are named.
    // "Dave to take the refresher course", "Ops to respond to pages
    // faster": an action item asking one person or team to behave
    // differently. Not the team's own ("we need to always ...") and not
    // a system ("configure the alert to always page").
    for hit in m.person_to.find_iter(l) {
        if ctx.subject(toks, hit.start()) == Subject::Person
            && !first_person_subject(toks, hit.start())
            && !negated(l, hit.start())
        {
            push(true, "people-remediation", hit.start(), hit.end());
        }
    }
    for hit in m.people_training.find_iter(l) {
        if !negated(l, hit.start()) && ctx.mentions_person(toks, hit.start()) {
            push(true, "people-remediation", hit.start(), hit.end());
        }
    }

    // Blaming questions and "should the engineer have ...".
    for hit in m.question.find_iter(l) {
        let words = hit.as_str();
        let person = words
            .split(' ')
            .any(|w| is_person_word(w) || ctx.is_known_person(w))
            || words.starts_with("what was the excuse")
            || words.starts_with("no excuse");
        if person {
            push(false, "counterfactual", hit.start(), hit.end());
        }
    }

    // "Did the SRE even look at the dashboard?", "Was the reviewer even
    // awake?": a question opened by did, was or were, with a person
    // before "even".
    for hit in m.even_question.find_iter(l) {
        let start = sentence_start(l, hit.start(), &['.', '!', '?', '\n']);
        let opening = l[start..hit.start()].trim_start();
        let asks = ["did ", "was ", "were ", "didn't ", "wasn't "]
            .iter()
            .any(|w| opening.starts_with(w));
        if asks
            && l[sentence_end(l, hit.start())..].starts_with('?')
            && opening.split_whitespace().count() <= 4
            && ctx.mentions_person(toks, hit.start())
        {
            push(
                false,
                "counterfactual",
                start + (l[start..].len() - l[start..].trim_start().len()),
                hit.end(),
            );
        }
    }

    // Organisations judged like a person: "Acme did not retest the code".
    for hit in m.org_omission.find_iter(l) {
        let verb = hit.as_str().rsplit(' ').next().unwrap_or("");
        let omission = ["did", "never", "failed", "neglected", "chose", "refused"]
            .iter()
            .any(|w| hit.as_str().starts_with(w));
        let human =
            !omission || LEX.human_only_verbs.has(verb) || ctx.org_noun_subject(toks, hit.start());
        if human && ctx.org_subject(toks, hit.start(), o) && !negated_rule(l, hit.start()) {
            push(false, "organisation-as-actor", hit.start(), hit.end());
        }
    }
}

/// Whether text ending in `before` (markup trimmed) leaves what follows at
/// the start of a sentence, an item or a clause.
fn starts_clause(before: &str) -> bool {
    before.is_empty() || before.ends_with(['.', '!', '?', ':', ';', ',', '\n'])
}

/// Text before a phrase without the markup that can open an item or a
/// line: list bullets, item numbers ("1)"), the quote marks of a reply,
/// markdown emphasis, a bracketed tag ("[ops]", "(SRE)"); an emoji is already a space (see
/// text.rs). Advice after them still starts its clause: "🚨 Always
/// double-check the region". A line break is kept: it ends a clause.
fn opening_markup_trimmed(before: &str) -> &str {
    let mut rest = before;
    loop {
        let trimmed = rest.trim_end_matches(|c: char| {
            c == ' ' || c == '\t' || matches!(c, '-' | '*' | '>' | '#' | '_' | '~' | '`')
        });
        let tag = ["]", ")"].iter().find_map(|close| {
            let open = if *close == "]" { '[' } else { '(' };
            let inner = trimmed.strip_suffix(close)?;
            let at = inner.rfind(open)?;
            // A tag closes on its own line: "(PPE).\n1)" is not one.
            (inner.len() - at <= 24 && !inner[at..].contains('\n')).then(|| &inner[..at])
        });
        // "1) Stay focused": an item number.
        let number = trimmed.strip_suffix(')').and_then(|inner| {
            let digits = inner.len() - inner.trim_end_matches(|c: char| c.is_ascii_digit()).len();
            let head = &inner[..inner.len() - digits];
            ((1..=3).contains(&digits) && (head.is_empty() || head.ends_with([' ', '\t', '\n'])))
                .then_some(head)
        });
        let next = tag.or(number).unwrap_or(trimmed);
        if next.len() == rest.len() {
            return rest;
        }
        rest = next;
    }
}

/// Their job, contract or pay is the person: "the engineer's
/// employment was terminated" punishes the engineer.
const THE_PERSON: &[&str] = &[
    "employment",
    "job",
    "contract",
    "position",
    "role",
    "post",
    "bonus",
    "bonuses",
    "pay",
    "salary",
    "wages",
    "licence",
    "license",
    "registration",
    "certificate",
    "certification",
    "accreditation",
    "clearance",
    "privileges",
];

/// Whether the object after byte `at` names a person: "fired her",
/// "reassigned the employee", "let go of the new intern".
fn object_is_person(ctx: &Context, l: &str, at: usize) -> bool {
    // The object follows in the same clause: "the alert fired; the on-call
    // engineer acknowledged it" fired no one.
    let rest = &l[at..sentence_end(l, at)];
    let rest = &rest[..rest.find([';', ':', ',', '(']).unwrap_or(rest.len())];
    let words: Vec<&str> = rest
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '-' && c != '\'')
        .filter(|w| !w.is_empty())
        .take(4)
        .take_while(|w| !matches!(*w, "and" | "but" | "because" | "for" | "after"))
        .collect();
    // "The kernel OOM killer terminated the worker": a program named by a
    // role, in a sentence about programs.
    let sentence = &l[sentence_start(l, at, &['.', '!', '?', '\n'])..sentence_end(l, at)];
    let machine = || {
        sentence
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '-')
            .any(|w| LEX.machine_context.has_noun(w))
    };
    // "terminated the on-call engineer's session": the person owns what
    // was acted on (not their job or contract, which is them).
    let owner = words.iter().enumerate().rposition(|(i, w)| {
        (w.ends_with("'s") || w.ends_with("s'"))
            && words
                .get(i + 1)
                .is_some_and(|next| !THE_PERSON.contains(next))
    });
    words[owner.map_or(0, |k| k + 1)..].iter().any(|w| {
        (is_person_word(w) || ctx.is_known_person(w))
            && !(LEX
                .context_program_roles
                .has_noun(text::without_possessive(w))
                && machine())
    })
}

/// "... was accidentally shut down by a worker": the agent after "by".
fn by_person(ctx: &Context, l: &str, at: usize) -> bool {
    let rest = &l[at..sentence_end(l, at)];
    rest.split(" by ").skip(1).any(|tail| {
        tail.split(|c: char| !c.is_ascii_alphanumeric() && c != '-')
            .filter(|w| !w.is_empty())
            .take(3)
            .any(|w| is_person_word(w) || ctx.is_known_person(w))
    })
}

/// Frames that change a sentence's findings: writing about blame drops
/// them; questions, generic statements and "we" lower them to warnings.
fn frames(m: &More, l: &str, toks: &[Token], hits: &mut Vec<Hit>) {
    let mut i = 0;
    while i < hits.len() {
        let h = &hits[i];
        let sentence = sentence_text(l, h.start);
        let end = sentence_end(l, h.start);
        let question = l[end..].starts_with('?');
        // "Not to point fingers, but ...", "I'm not blaming anyone, but
        // ...": the disclaimer that opens blame reads as talk about blame,
        // and is the insinuation itself.
        if m.discussion.is_match(sentence)
            && h.severity != Severity::Info
            && h.rule != "insinuation"
        {
            hits.remove(i);
            continue;
        }
        let h = &mut hits[i];
        let cap = |h: &mut Hit, note: &'static str| {
            if h.severity == Severity::Error {
                h.severity = Severity::Warning;
                h.note = Some(note);
            }
        };
        let before_hit = &l[sentence_start(l, h.start, &['.', '!', '?', '\n'])..h.start];
        let conditional = before_hit
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| matches!(w, "if" | "whenever" | "unless" | "suppose" | "imagine"));
        if m.generic.is_match(sentence) || generic_subject(toks, h.start) {
            cap(
                h,
                "a statement about people in general, not about this incident",
            );
        } else if conditional {
            cap(
                h,
                "a conditional: it may describe what could happen rather than what did",
            );
        } else if question && l[end + 1..].trim_start_matches(' ').starts_with("because") {
            // "Why did the on-call not see the page? Because the app
            // suppressed it": a step of a five-whys, answered; the answer
            // is read on its own.
            hits.remove(i);
            continue;
        } else if question {
            cap(h, "a question: it may be asking rather than judging");
        } else if OWNED.contains(&h.rule) && we_subject(toks, h.start) {
            cap(
                h,
                "\"we\" owns the gap as a team; say what made it easy to miss",
            );
        } else if OWNED.contains(&h.rule) && i_subject(toks, h.start) {
            // "I ran the drain script against prod-eu instead of staging":
            // the writer telling their own part is the account a blameless
            // review asks for.
            cap(
                h,
                "the writer's own account of their part; say what made it easy to do",
            );
        }
        i += 1;
    }
}

/// Whether the clause before `at` is about anyone: "someone", "you",
/// "any engineer", "every developer".
fn generic_subject(toks: &[Token], at: usize) -> bool {
    let clause: Vec<&Token> = sentence_before(toks, at)
        .iter()
        .rev()
        .take_while(|t| {
            !matches!(t.lower, "." | "," | ";" | ":") && !LEX.clause_breaks.has_exact(t.lower)
        })
        .collect();
    clause.last().is_some_and(|t| {
        matches!(
            t.lower,
            "any"
                | "every"
                | "someone"
                | "somebody"
                | "anyone"
                | "anybody"
                | "you"
                | "one"
                | "whoever"
        )
    })
}

/// Whether the clause before `at` has "we" (or "our team") as its subject,
/// an aside of filler words between commas left out ("we, apparently,
/// accidentally ran it").
fn we_subject(toks: &[Token], at: usize) -> bool {
    let before = sentence_before(toks, at);
    // "a region we never use", "the checks we did not run": "we" right
    // before the words is their subject, in a clause inside another.
    if before.last().is_some_and(|t| t.lower == "we") {
        return true;
    }
    let mut end = before.len();
    loop {
        let clause: Vec<&Token> = before[..end]
            .iter()
            .rev()
            .take_while(|t| {
                !matches!(t.lower, "." | "," | ";" | ":") && !LEX.clause_breaks.has_exact(t.lower)
            })
            .collect();
        let mut words = clause
            .iter()
            .rev()
            .skip_while(|t| LEX.filler.has_exact(t.lower) && t.lower != "our");
        if let Some(t) = words.next() {
            // "Our DBA forgot to take a backup": one of us, named by a
            // role, is that person, not the team ("our team", "our
            // engineers" are the team).
            let one_of_us = t.lower == "our"
                && words.next().is_some_and(|n| {
                    is_person_word(n.lower)
                        && !n.lower.ends_with('s')
                        && !matches!(n.lower, "team" | "staff" | "crew" | "people")
                });
            return matches!(t.lower, "we" | "our" | "us") && !one_of_us;
        }
        // All filler: an aside, if a comma opens it; look before it.
        let start = end - clause.len();
        if start == 0 || before[start - 1].lower != "," {
            return false;
        }
        end = start - 1;
    }
}

/// The sentence around byte `at`.
fn sentence_text(l: &str, at: usize) -> &str {
    &l[sentence_start(l, at, &['.', '!', '?', '\n'])..sentence_end(l, at)]
}

/// How far a sentence is looked for on either side of a match, in bytes.
/// Past this, text with no full stop (a 1 MB paragraph on one line) is cut
/// into windows, so each match costs the same however long the text: the
/// checks around a match were quadratic in the length of such a text.
const SENTENCE_WINDOW: usize = 2_000;

/// Where the sentence (or clause, with `breaks`) holding byte `at` starts,
/// at most [`SENTENCE_WINDOW`] before it.
fn sentence_start(l: &str, at: usize, breaks: &[char]) -> usize {
    let from = char_floor(l, at.saturating_sub(SENTENCE_WINDOW));
    l[from..at].rfind(breaks).map_or(from, |p| from + p + 1)
}

/// The char boundary at or before byte `at` (`str::floor_char_boundary`
/// is newer than pm's minimum Rust).
fn char_floor(l: &str, mut at: usize) -> usize {
    while !l.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Whether the rest of the sentence after a punishment phrase says it
/// was care ("taken off the rotation to recover", "let go from the
/// bridge"): punishment.yaml's `care`.
fn cared_for(m: &More, l: &str, end: usize) -> bool {
    m.care.is_match(&l[end..sentence_end(l, end)])
}

/// Where the sentence holding byte `at` ends, at most
/// [`SENTENCE_WINDOW`] after it.
fn sentence_end(l: &str, at: usize) -> usize {
    let to = char_floor(l, (at + SENTENCE_WINDOW).min(l.len()));
    l[at..to].find(['.', '!', '?', '\n']).map_or(to, |p| at + p)
}

/// Whether the clause before `at` starts with "we" or "I".
/// The rules whose errors become warnings when "we" or "I" is the
/// subject: the team or the writer owning their part ("we dropped the ball
/// on the renewal", "I slept through the page", "I ignored the alert").
const OWNED: &[&str] = &[
    "person-as-cause",
    "judged-omission",
    "counterfactual",
    "rule-breaking",
    "hindsight",
    "character-judgement",
    "fault-words",
    "intent-speculation",
];

/// Whether the clause before `at` opens with "I": the writer's own act.
fn i_subject(toks: &[Token], at: usize) -> bool {
    sentence_before(toks, at)
        .iter()
        .rev()
        .take_while(|t| {
            !matches!(t.lower, "." | "," | ";" | ":") && !LEX.clause_breaks.has_exact(t.lower)
        })
        .last()
        .is_some_and(|t| t.lower == "i")
}

fn first_person_subject(toks: &[Token], at: usize) -> bool {
    sentence_before(toks, at)
        .iter()
        .rev()
        .take_while(|t| !matches!(t.lower, "." | "," | ";" | ":"))
        .last()
        .is_some_and(|t| matches!(t.lower, "we" | "i"))
}

/// "was lazy", "is so careless": a judgement said of something.
fn predicative(before: &str) -> bool {
    let last = before.trim_end().rsplit(' ').next().unwrap_or("");
    matches!(
        last,
        "was"
            | "is"
            | "were"
            | "are"
            | "being"
            | "been"
            | "so"
            | "too"
            | "very"
            | "pretty"
            | "bit"
            | "just"
            | "plain"
            | "really"
            | "and"
            | "or"
    )
}

/// Whether the sentence's subject denies that anyone did it: "No one was
/// moved to another role, placed on probation or disciplined", "None of
/// the responders ...", "No engineer ...". Unlike [`negated`], it reaches
/// every item of a list the subject governs.
fn nobody_subject(l: &str, at: usize) -> bool {
    let mut words = sentence_text(l, at)
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty());
    match (words.next(), words.next()) {
        (Some("nobody" | "noone"), _) => true,
        (Some("no"), Some(w)) => w == "one" || is_person_word(w),
        (Some("none" | "neither"), Some("of")) => true,
        _ => false,
    }
}

/// "We did not skip review" / "nobody bypassed review".
fn negated_rule(l: &str, start: usize) -> bool {
    let before = &l[sentence_start(l, start, &[',', ';', '.', '\n'])..start];
    before.contains("nobody")
        || before.contains("no one")
        || before.ends_with("not ") && !before.ends_with("did not ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules_for(text: &str) -> Vec<&'static str> {
        let people = vec!["dana".to_string()];
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
        let people = vec![];
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
        let people = vec![];
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
        let people = vec![];
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
