//! Who a sentence is about: the words that name people, systems and
//! teams, the tokens of a sentence, and the subject of a verb ("the
//! engineer failed to check" against "the health check failed to
//! detect"), with the writer's own part ("we", "I") and nobody.

use super::*;

/// Who the subject of a verb is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Subject {
    Person,
    System,
    Unknown,
}

pub(super) fn is_person_word(w: &str) -> bool {
    LEX.person.has_noun(w) || has_person_ending(w)
}

/// "oncologist", "paediatricians'": a word longer than a person ending by
/// at least three letters, ending with it, in the singular.
fn has_person_ending(w: &str) -> bool {
    let w = super::text::without_possessive(w).trim_end_matches('\'');
    let singular = w.strip_suffix('s').unwrap_or(w);
    LEX.person_endings
        .iter()
        .any(|e| singular.len() >= e.len() + 3 && singular.ends_with(e.as_str()))
}

pub(super) fn is_system_word(w: &str) -> bool {
    LEX.system.has_noun(w)
}

/// Lowercase names and handles of the people pm knows about, as a set:
/// every word of every sentence is looked up in it.
#[derive(Default)]
pub struct People(std::collections::HashSet<String, rustc_hash::FxBuildHasher>);

impl People {
    pub fn contains(&self, w: &str) -> bool {
        self.0.contains(w)
    }
}

impl FromIterator<String> for People {
    fn from_iter<I: IntoIterator<Item = String>>(names: I) -> People {
        People(names.into_iter().collect())
    }
}

static NOBODY: People = People(std::collections::HashSet::with_hasher(
    rustc_hash::FxBuildHasher,
));

impl Default for &People {
    fn default() -> Self {
        &NOBODY
    }
}

/// The context a sentence is linted in.
#[derive(Default)]
pub struct Context<'a> {
    pub people: &'a People,
    /// Lowercase names of the services the post-mortem lists
    /// (`services:`): "the fleet manager" is the `fleet-manager` service,
    /// not a person.
    pub services: &'a [String],
    /// pm.yaml's `lint.evidence_threshold`: the evidence model's warning
    /// threshold, when the team has chosen its own (signals.yaml has the
    /// default).
    pub evidence_threshold: Option<f64>,
    /// The rules whose severity pm.yaml sets (`lint.severity`): the team
    /// wants their findings, so the evidence model never quiets them.
    pub chosen_severity: &'a [&'a str],
    /// The starts of surnames written after an initial or a title
    /// ([`titled_names`], found by `check`): people when they act, but not
    /// names the `naming-individuals` rule points at (news and reports
    /// name people that way as a matter of course).
    pub titled: &'a [usize],
}

pub(super) struct Token<'a> {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) lower: &'a str,
    pub(super) original: &'a str,
    /// The whole word as written, lowercase: `lower` leaves out an
    /// auxiliary contracted onto a pronoun ("you've" → "you"); the words
    /// the evidence model weighs are whole words.
    pub(super) word: &'a str,
}

/// Words between two commas that give the clause no subject of its own:
/// a comment ("as usual", "once more", "true to form", "not for the
/// first time") or a name set beside the noun before it ("The supplier,
/// TextDent, ...").
fn is_aside<'a, T: std::borrow::Borrow<Token<'a>>>(words: &[T]) -> bool {
    let comment = words.iter().map(T::borrow).all(|t| {
        LEX.filler.has_exact(t.lower)
            || matches!(
                t.lower,
                "as" | "usual"
                    | "always"
                    | "ever"
                    | "again"
                    | "once"
                    | "more"
                    | "yet"
                    | "however"
                    | "apparently"
                    | "of"
                    | "course"
                    | "true"
                    | "to"
                    | "form"
                    | "predictably"
                    | "naturally"
                    | "typically"
                    | "not"
                    | "for"
                    | "the"
                    | "first"
                    | "time"
            )
    });
    let name = !words.is_empty()
        && words.len() <= 3
        && words
            .iter()
            .map(T::borrow)
            .all(|t| t.original.starts_with(|c: char| c.is_uppercase()));
    // "Verizon, the FCC notes, failed to ...", "the vendor, according to
    // the filing, never replied": a source named between commas.
    let source = (2..=5).contains(&words.len())
        && (LEX
            .speech_verbs
            .has_exact(words[words.len() - 1].borrow().lower)
            || words[0].borrow().lower == "according");
    !words.is_empty() && (comment || name || source)
}

pub(super) fn tokens<'a>(lower: &'a str, original: &'a str) -> Vec<Token<'a>> {
    // About a token every five bytes of prose: one allocation, not ten.
    let mut out = Vec::with_capacity(lower.len() / 4);
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
            // "07:50" is one word: a time's colon breaks no clause.
            let time_colon = |i: usize| {
                bytes[i] == b':'
                    && bytes[i - 1].is_ascii_digit()
                    && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
            };
            while i < bytes.len() && (word_char(bytes[i]) || time_colon(i)) {
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
            let word = &lower[start..end];
            // "You've caused", "they're still ignoring", "I'm the one who": the
            // pronoun is the subject; the auxiliary after it is filler.
            let end = start + without_auxiliary(word).len();
            out.push(Token {
                start,
                end,
                lower: &lower[start..end],
                original: &original[start..end],
                word,
            });
        } else if (c == b'.' || c == b'!' || c == b'?')
            && (i + 1 >= bytes.len() || bytes[i + 1].is_ascii_whitespace())
            // "Capt. Reyes", "Dr. Osei": a title's dot ends no sentence.
            && !(c == b'.'
                && out.last().is_some_and(|t: &Token| {
                    t.end == i
                        && super::quotes::TITLES.contains(&t.lower)
                        && t.original.starts_with(|c: char| c.is_ascii_uppercase())
                }))
            || c == b'\n'
        {
            // A sentence ends: subjects are never looked for across it.
            out.push(Token {
                start: i,
                end: i + 1,
                lower: ".",
                original: ".",
                word: ".",
            });
            i += 1;
        } else if c == b',' || c == b';' || c == b':' || c == b'(' || c == b')' {
            out.push(Token {
                start: i,
                end: i + 1,
                lower: &lower[i..i + 1],
                original: &original[i..i + 1],
                word: &lower[i..i + 1],
            });
            i += 1;
        } else {
            i += 1;
        }
    }
    out
}

/// A personal pronoun without the auxiliary contracted onto it ("you've"
/// → "you", "they're" → "they"); any other word as it is. "'d" is left
/// on: it is "had" or "would", and "I'd be fired" is a fear, not a report.
fn without_auxiliary(w: &str) -> &str {
    match w.split_once('\'') {
        Some((
            p @ ("i" | "you" | "he" | "she" | "we" | "they" | "who"),
            "ve" | "ll" | "re" | "m",
        )) => p,
        _ => w,
    }
}

impl Context<'_> {
    pub(super) fn is_known_person(&self, lower: &str) -> bool {
        let bare = text::without_possessive(lower).trim_start_matches('@');
        self.people.contains(lower) || self.people.contains(bare)
    }

    /// Whether a token is someone's name as written: a known person or a
    /// first name on pm's list, capitalised ("Priya", "Kowalski"), or a
    /// person listed in the post-mortem written in lowercase, as chat
    /// writes names ("sam should have waited"), unless the name is also
    /// an everyday word ("we mark the job failed"; lexicon `word-names`).
    pub(super) fn written_name(&self, t: &Token) -> bool {
        let w = text::without_possessive(t.lower);
        if t.original.starts_with(|c: char| c.is_uppercase()) {
            self.is_known_person(w) || LEX.first_names.has_exact(w)
        } else {
            t.original.starts_with(|c: char| c.is_lowercase())
                && self.is_known_person(w)
                && !LEX.word_names.has_exact(w)
        }
    }

    /// Whether a token names a person: a role word, a known name, an
    /// @handle, or a capitalised common first name.
    pub(super) fn token_is_person(&self, t: &Token) -> bool {
        let w = text::without_possessive(t.lower);
        // "10 ms", "dr" (disaster recovery): an honorific is one only
        // written as one, "Ms Patel", "Dr. Osei".
        if matches!(w, "mr" | "mrs" | "ms" | "dr" | "sir") && !is_honorific(t) {
            return false;
        }
        if self.services.iter().any(|s| s == w) {
            return false;
        }
        is_person_word(w)
            || is_honorific(t)
            || self.is_known_person(t.lower)
            || self.titled.binary_search(&t.start).is_ok()
            || t.lower.starts_with('@') && t.lower.len() > 1
            || (LEX.first_names.has_exact(w) && t.original.starts_with(|c: char| c.is_uppercase()))
    }

    /// [`Context::subject`] of a hit whose words may hold their own
    /// subject: "nobody bothered to check", "no one could be bothered to"
    /// is said of people, whatever came before it ("the backups failed
    /// and nobody ...").
    pub(super) fn subject_of_hit(&self, toks: &[Token], at: usize, hit: &str) -> Subject {
        let nobody = ["nobody", "no one", "no-one", "none of"]
            .iter()
            .any(|w| hit.starts_with(w));
        if nobody {
            Subject::Person
        } else {
            self.subject(toks, at)
        }
    }

    /// Classify the subject of the verb starting at byte `at`: the head of
    /// its clause ("the engineer who was on call forgot" → engineer), else
    /// the nearest noun before the verb.
    pub(super) fn subject(&self, toks: &[Token], at: usize) -> Subject {
        self.subject_depth(toks, at, 0)
    }

    pub(super) fn subject_depth(&self, toks: &[Token], at: usize, depth: usize) -> Subject {
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
        // "The employee, whose name was not released, was fired": a
        // relative clause between commas is an aside too.
        let relative = breaks.len() >= 2
            && before
                .get(breaks[breaks.len() - 2] + 1)
                .is_some_and(|t| matches!(t.lower, "who" | "whose" | "whom" | "which"));
        let aside = breaks.len() >= 2
            && (relative
                || is_aside(&before[breaks[breaks.len() - 2] + 1..breaks[breaks.len() - 1]]));
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
    pub(super) fn elided_subject(&self, toks: &[Token], at: usize) -> Option<usize> {
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
        // "... and were greeted by e-mails that warned us that many
        // balances were posting incorrectly" (attack 75): past a relative
        // or a "that" clause the words have a subject of their own. Not
        // the relative that opens the clause ("The physician, who had been
        // fined ..., should"): that is the aside.
        let subordinate = before[brk + 1..].windows(2).skip(1).any(|w| {
            matches!(w[0].lower, "that" | "which" | "who" | "whether")
                && !matches!(
                    w[1].lower,
                    "day"
                        | "night"
                        | "morning"
                        | "afternoon"
                        | "evening"
                        | "week"
                        | "time"
                        | "year"
                )
        });
        (verb_first && !subordinate && before[brk].start > 0).then_some(before[brk].start)
    }

    pub(super) fn subject_of_clause(&self, toks: &[Token], at: usize) -> Subject {
        let before: Vec<&Token> = sentence_before(toks, at).iter().collect();
        // "Shawn restarted the database three times, which | made recovery
        // harder": after a comma, "which" and a verb of consequence take
        // the whole clause before as their subject (attack 61).
        if let [.., comma, rel] = before.as_slice()
            && comma.lower == ","
            && rel.lower == "which"
            && toks
                .get(toks.partition_point(|t| t.start < at))
                .is_some_and(|t| LEX.consequence_verbs.has_exact(t.lower))
        {
            return self.subject_of_clause(toks, comma.start);
        }
        // "They had redundant systems that | failed to activate": the
        // subject of a relative clause is the noun it follows.
        if let [.., noun, rel] = before.as_slice()
            && matches!(rel.lower, "that" | "which")
        {
            if self.token_is_person(noun) {
                return Subject::Person;
            }
            if is_system_word(super::text::without_possessive(noun.lower)) {
                return Subject::System;
            }
        }
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
            // "..., which the operator could have done at once" (attack 59).
            (matches!(before[i].lower, "that" | "whether" | "what" | "which") || seeming_like(i))
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
                            // "warned us that many balances were posting
                            // incorrectly" (attack 75).
                            | "many"
                            | "some"
                            | "several"
                            | "most"
                            | "these"
                            | "those"
                    )
                })
                // "a shard that queries never read": a bare noun, then a
                // word only a verb phrase starts with (attack 55).
                || matches!(before[i].lower, "that" | "which")
                    && before.get(i + 1).is_some_and(|w| {
                        !matches!(
                            w.lower,
                            "was" | "were" | "is" | "are" | "has" | "had" | "have" | "been" | "did"
                                | "does" | "do" | "will" | "would" | "could" | "can" | "should"
                        )
                    })
                    && before
                        .get(i + 2)
                        .map(|t| t.lower)
                        .or_else(|| toks.iter().find(|t| t.start >= at).map(|t| t.lower))
                        .is_some_and(|n| {
                        matches!(
                            n,
                            "never"
                                | "rarely"
                                | "seldom"
                                | "always"
                                | "didn't"
                                | "don't"
                                | "doesn't"
                                | "can't"
                                | "cannot"
                                | "couldn't"
                                | "wouldn't"
                                | "won't"
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
        let clause = self.without_relative_clause(&before, clause_start, toks, at);
        // The head noun phrase: up to three words after leading filler
        // ("the release manager", "the deploy tool"). A person anywhere in
        // it makes the subject a person.
        // "Once again the mobile team shipped": an opening adverb is not
        // the subject either.
        let opening = |t: &&&Token| {
            LEX.filler.has_exact(t.lower)
                || matches!(
                    t.lower,
                    "once" | "unfortunately" | "sadly" | "later" | "finally" | "eventually"
                )
        };
        let mut head: Vec<&&Token> = clause.iter().skip_while(opening).collect();
        // "Some of the older engineers are stubborn", "one of the nurses
        // did not": the people of a partitive are the subject (attack 59).
        if let [quantity, of, ..] = head.as_slice()
            && of.lower == "of"
            && matches!(
                quantity.lower,
                "some"
                    | "many"
                    | "most"
                    | "several"
                    | "one"
                    | "two"
                    | "three"
                    | "few"
                    | "all"
                    | "each"
                    | "both"
                    | "half"
            )
            && head.get(2).is_some_and(|d| {
                matches!(
                    d.lower,
                    "the" | "our" | "their" | "these" | "those" | "his" | "her"
                ) || d.lower.ends_with("'s")
            })
        {
            head = head.split_off(2).into_iter().skip_while(opening).collect();
        }
        let phrase: Vec<&&Token> = head
            .into_iter()
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
        // "The DBA script", "the on-call laptop", "the engineer's
        // terminal": a person word that qualifies the thing after it.
        // "The nurse call system", "the pilot light", "the auditor log":
        // a person word with nouns after it up to the verb is a modifier;
        // the last noun is the head. Not "the engineer on call", "the
        // operator concerned", "the intern accidentally", "the engineer of
        // the night shift" (filler, a word after the noun, an adverb or a
        // preposition between).
        let modifies_the_head = |i: usize| {
            let Some(j) = clause.iter().position(|t| t.start == phrase[i].start) else {
                return false;
            };
            // The words after the person word up to a preposition, a
            // relative word, an adverb or filler: "the nurse call system
            // on ward 4", "the doctor command in our CLI", "the nurse call
            // system again" keep their head ("system", "command").
            let after = &clause[j + 1..];
            let cut = after
                .iter()
                .position(|t| {
                    matches!(
                        t.lower,
                        "of" | "in"
                            | "on"
                            | "from"
                            | "at"
                            | "for"
                            | "with"
                            | "that"
                            | "which"
                            | "who"
                            // "the engineer yesterday forgot", "always forgets"
                            | "yesterday"
                            | "today"
                            | "tonight"
                            | "last"
                            | "this"
                            | "earlier"
                            | "always"
                            | "often"
                            | "usually"
                            | "sometimes"
                    ) || t.lower != "call" && LEX.filler.has_exact(t.lower)
                        || t.lower.ends_with("ly")
                })
                .unwrap_or(after.len());
            // "The engineer on call", "the engineer yesterday": nothing
            // before the cut, a person.
            let rest = &after[..cut];
            // A word with a determiner after it is a verb, not a noun: "the
            // signaller controlling the barriers", "a crew skips several
            // steps", "the engineer runs the migration".
            let verb_before_object = after.iter().zip(after.iter().skip(1)).any(|(w, next)| {
                !LEX.filler.has_exact(w.lower)
                    && DETERMINERS.contains(&next.lower)
                    && rest.iter().any(|r| r.start == w.start)
            });
            if verb_before_object {
                return false;
            }
            // (The cut leaves no preposition or relative word in `rest`.)
            let noun = |k: usize, t: &Token| {
                let w = text::without_possessive(t.lower);
                let last = k + 1 == rest.len();
                // "call" is filler for "on call", a noun in "nurse call".
                let filler = (last || w != "call") && LEX.filler.has_exact(w);
                !filler
                    && !matches!(
                        w,
                        "to" | "and"
                            | "or"
                            | "needs"
                            | "wants"
                            | "seems"
                            | "keeps"
                            | "gets"
                            | "goes"
                            | "says"
                            | "tries"
                            | "will"
                            | "can"
                            | "must"
                    )
                    && t.lower.chars().any(char::is_alphanumeric)
                    && !past_form(w, 3)
                    && !w.ends_with("ly")
                    && !(last && (POSTPOSITIVE.contains(&w) || w.ends_with("ing")))
                    && !self.token_is_person(t)
                    && t.original.starts_with(|c: char| c.is_ascii_lowercase())
            };
            // "The engineer's mistake": the person's own.
            !phrase[i].lower.ends_with("'s")
                && !matches!(
                    phrase[i].lower,
                    "they"
                        | "he"
                        | "she"
                        | "i"
                        | "we"
                        | "you"
                        | "someone"
                        | "somebody"
                        | "everyone"
                )
                && !rest.is_empty()
                && rest.len() <= 3
                && rest.iter().enumerate().all(|(k, t)| noun(k, t))
        };
        // ("The colleague from process engineering": a system word after a
        // preposition belongs to another noun, attack 61.)
        let qualifies_a_thing = |i: usize| {
            phrase[i + 1..]
                .iter()
                .take_while(|n| !matches!(n.lower, "from" | "of" | "in" | "on" | "at" | "with"))
                .any(|n| is_system_word(text::without_possessive(n.lower)))
                || modifies_the_head(i)
        };
        // ("The night shift report failed to generate": a report.)
        if phrase.iter().enumerate().any(|(i, t)| {
            trade_person(t, i.checked_sub(1).map(|p| *phrase[p]), toks) && !qualifies_a_thing(i)
        }) {
            return Subject::Person;
        }
        if phrase.iter().enumerate().any(|(i, t)| {
            self.token_is_person(t)
                && !human_label(t)
                && !qualifies_a_thing(i)
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
            // "Level 1 support did not follow the escalation matrix", "the
            // service desk sat on the ticket" (attack 53): the team named by
            // its tier or its desk.
            if people_team_phrase(&phrase) {
                return Subject::Person;
            }
            if is_system_word(w)
                || first.original.starts_with(|c: char| c.is_uppercase()) && !opening_word
            {
                return Subject::System;
            }
        }
        for (i, t) in clause.iter().enumerate().rev() {
            if trade_person(t, i.checked_sub(1).map(|p| clause[p]), toks)
                || self.token_is_person(t)
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

    /// The clause `before[clause_start..]`, or, when it ends in a relative
    /// clause whose verb comes just before the verb at `at`, the noun the
    /// relative clause describes: "the alert that the SRE team configured
    /// | failed to fire", "the dashboard we deployed | failed": the alert
    /// and the dashboard failed, not the team. Two verbs in a row are the
    /// sign: the first closes the relative clause.
    fn without_relative_clause<'b, 'c>(
        &self,
        before: &'c [&'b Token<'b>],
        clause_start: usize,
        toks: &[Token],
        at: usize,
    ) -> &'c [&'b Token<'b>] {
        let clause = &before[clause_start..];
        let past = |w: &str| past_form(w, 4);
        let verb_next = toks
            .get(toks.partition_point(|t| t.start < at))
            .is_some_and(|t| {
                past(t.lower)
                    || matches!(t.lower, "did" | "didn't" | "never" | "had" | "has" | "was")
            });
        // The relative clause's verb, at the end of the clause or before a
        // short phrase of time or place ("that we deployed on Monday").
        let closed = clause.iter().rposition(|t| past(t.lower)).is_some_and(|p| {
            let tail = &clause[p + 1..];
            tail.is_empty()
                || tail.len() <= 4
                    && matches!(
                        tail[0].lower,
                        "on" | "in"
                            | "at"
                            | "last"
                            | "yesterday"
                            | "earlier"
                            | "during"
                            | "before"
                            | "after"
                            | "this"
                            | "recently"
                    )
        });
        if !verb_next || !closed {
            return clause;
        }
        // "The alert that | the SRE team configured": "that" started the
        // clause; the noun is in the clause before it.
        if clause_start > 1 && matches!(before[clause_start - 1].lower, "that" | "which") {
            let outer = before[..clause_start - 1]
                .iter()
                .rposition(|t| {
                    matches!(t.lower, "," | ";" | ":" | "(" | ")" | ".")
                        || LEX.clause_breaks.has_exact(t.lower)
                })
                .map_or(0, |i| i + 1);
            let head = &before[outer..clause_start - 1];
            if head.iter().any(|t| !LEX.filler.has_exact(t.lower)) {
                return head;
            }
            return clause;
        }
        // "The dashboard we deployed": a noun, then the relative clause's
        // own subject (a pronoun or a person), then its verb.
        let inner = clause.iter().position(|t| {
            matches!(t.lower, "we" | "i" | "you" | "they" | "he" | "she") || self.token_is_person(t)
        });
        match inner {
            Some(k)
                if k > 0
                    && clause[..k]
                        .iter()
                        .any(|t| !LEX.filler.has_exact(t.lower) && !self.token_is_person(t)) =>
            {
                &clause[..k]
            }
            _ => clause,
        }
    }

    /// Whether the words just before `at` end in a thing a person owns,
    /// "the engineer's session was": a possessive person, then words none
    /// of which is a person, then at most an auxiliary.
    pub(super) fn owned_thing_before(&self, toks: &[Token], at: usize) -> bool {
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
    pub(super) fn subject_after(&self, toks: &[Token], at: usize) -> Subject {
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
    pub(super) fn org_subject(&self, toks: &[Token], at: usize, _o: &str) -> bool {
        let before: Vec<&Token> = sentence_before(toks, at).iter().collect();
        // "The board approved a summary that did not mention timestamps":
        // the subject of a relative clause is the thing it follows
        // (attack 67).
        if let [.., noun, rel] = before.as_slice()
            && matches!(rel.lower, "that" | "which")
            && is_system_word(super::text::without_possessive(noun.lower))
        {
            return false;
        }
        let start_of = |end: usize| {
            before[..end]
                .iter()
                .rposition(|t| {
                    matches!(t.lower, "," | ";" | ":" | "(" | ")" | ".")
                        || LEX.clause_breaks.has_exact(t.lower)
                })
                .map_or(0, |i| i + 1)
        };
        let mut clause_start = start_of(before.len());
        let mut clause_end = before.len();
        // "Verizon, the FCC notes, failed to": the verb follows an aside
        // between commas; the subject is the clause before it.
        if clause_start == clause_end && clause_start > 0 && before[clause_start - 1].lower == "," {
            let aside_end = clause_start - 1;
            let aside_start = start_of(aside_end);
            if aside_start > 0
                && before[aside_start - 1].lower == ","
                && is_aside(&before[aside_start..aside_end])
            {
                clause_end = aside_start - 1;
                clause_start = start_of(clause_end);
            }
        }
        let clause = &before[clause_start..clause_end];
        if clause.iter().any(|t| self.token_is_person(t)) {
            return false;
        }
        clause.iter().enumerate().any(|(i, t)| {
            // "The lock owner did not release the lease": a thing's owner
            // is a program (a system word or a word of `machine-context`
            // before it), not an organisation.
            let thing_before = i.checked_sub(1).is_some_and(|p| {
                let w = clause[p].lower;
                LEX.system.has_noun(w) || LEX.machine_context.has_exact(w) || w == "lock"
            });
            // "14:00 Lifting was suspended for the day": a gerund opening
            // the sentence is capitalised as any first word is ("Nursing
            // Services failed to" is a name of two capitalised words).
            let opens_sentence = !before[..clause_start + i].iter().any(|b| is_word(b))
                && !clause
                    .get(i + 1)
                    .is_some_and(|n| n.original.starts_with(|c: char| c.is_uppercase()));
            (LEX.organisations.has_noun(t.lower) && !thing_before)
                || (t.original.starts_with(|c: char| c.is_ascii_uppercase())
                    && t.original.len() > 1
                    && !LEX.filler.has_exact(t.lower)
                    && !LEX.system.has_noun(t.lower)
                    && !(opens_sentence && is_gerund(t.lower)))
        })
    }

    /// Whether the clause before `at` names an organisation by a common
    /// noun (the company, the hospital, management), not by a name.
    /// An aside between commas is passed over: "The supplier, TextDent,
    /// couldn't be bothered", "the vendor, true to form, did not".
    pub(super) fn org_noun_subject(&self, toks: &[Token], at: usize) -> bool {
        let before = sentence_before(toks, at);
        let mut end = before.len();
        loop {
            let clause_start = before[..end]
                .iter()
                .rposition(|t| matches!(t.lower, "." | "," | ";" | ":"))
                .map_or(0, |i| i + 1);
            if before[clause_start..end]
                .iter()
                .any(|t| LEX.organisations.has_noun(t.lower))
            {
                return true;
            }
            // The clause is an aside when a comma opens and closes it; the
            // verb may follow the closing comma at once.
            let opened = clause_start > 0 && before[clause_start - 1].lower == ",";
            if opened && clause_start == end && end == before.len() {
                end = clause_start - 1;
                continue;
            }
            let closed = end < before.len() && before[end].lower == ",";
            if !(opened && closed && is_aside(&before[clause_start..end])) {
                return false;
            }
            end = clause_start - 1;
        }
    }

    /// Whether the clause before `at` has a system word at its head.
    pub(super) fn system_subject_word(&self, toks: &[Token], at: usize) -> bool {
        sentence_before(toks, at)
            .iter()
            .rev()
            .take_while(|t| !matches!(t.lower, "." | "," | ";" | ":"))
            .any(|t| is_system_word(t.lower))
    }

    /// Whether the sentence holding byte `at` names a person.
    pub(super) fn mentions_person(&self, toks: &[Token], at: usize) -> bool {
        let start = toks
            .iter()
            .rposition(|t| t.lower == "." && t.end <= at)
            .map_or(0, |i| i + 1);
        let sentence = &toks[start..];
        sentence
            .iter()
            .enumerate()
            .take_while(|(_, t)| t.lower != "." || t.start < at)
            .any(|(i, t)| {
                self.token_is_person(t)
                    || trade_person(t, i.checked_sub(1).map(|p| &sentence[p]), toks)
            })
    }
}

/// Human-only verbs: a subject we cannot place is a person when it does these.
pub(super) fn human_only_verb(w: &str) -> bool {
    LEX.human_only_verbs.has_exact(w)
}

/// Words that look like name parts but name teams and things: an owner
/// called "payments" or "platform-team" is not a person.
pub fn is_common_word(w: &str) -> bool {
    is_system_word(w) || LEX.team_words.has_exact(w) || LEX.people_teams.has_exact(w)
}

/// Whether the sentence around `at` names an organisation anywhere: an
/// organisation word, or a capitalised name after the sentence's first
/// word that is not a tool, a system word or a listed non-name ("Poor
/// planning, Nintendo."; attack 79).
pub(super) fn mentions_org(toks: &[Token], at: usize) -> bool {
    let sentence = sentence_around(toks, at);
    let first = sentence.first().map(|t| t.start);
    sentence.iter().any(|t| {
        LEX.organisations
            .has_noun(text::without_possessive(t.lower))
            || Some(t.start) != first
                && t.original.starts_with(|c: char| c.is_ascii_uppercase())
                && t.original.len() > 1
                && !LEX.tools.has_noun(t.lower)
                && !is_system_word(t.lower)
                && !LEX.not_names.has_exact(t.lower)
    })
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
pub(super) fn program_role(
    t: &Token,
    before: Option<&Token>,
    after: Option<&Token>,
    toks: &[Token],
) -> bool {
    let w = text::without_possessive(t.lower);
    if !LEX.program_roles.has_noun(w) || qualified_person(w, before.map(|b| b.lower)) == Some(true)
    {
        return false;
    }
    // "PageBuilder", "SolarWinds": a capital inside a word names a product.
    let camel = |word: &str| {
        word.char_indices()
            .skip(1)
            .any(|(i, c)| c.is_uppercase() && word[..i].chars().any(char::is_lowercase))
    };
    camel(t.original)
        // "the PageBuilder Deployer" (attack 79): a program's role after a
        // product; not a job people hold ("the FirstEnergy operators").
        || before.is_some_and(|b| camel(b.original)) && LEX.product_roles.has_noun(w)
        // "the Kafka broker", "the query planner": a product or the
        // thing a program part handles. Not "the payments on-call": a
        // team's on-call is the person who holds its pager (attack 56).
        || before.is_some_and(|b| {
            !matches!(w, "on-call" | "oncall")
                && (LEX.tools.has_noun(b.lower) || LEX.program_qualifiers.has_noun(b.lower))
        })
        // "The AI code reviewer", "the automated release approver".
        || toks[..toks.partition_point(|x| x.start < t.start)]
            .iter()
            .rev()
            .nth(1)
            .is_some_and(|b| matches!(b.lower, "ai" | "llm" | "automated" | "automatic" | "ml"))
        // "a worker thread", "the broker node": the role qualifies a part.
        || after.is_some_and(|a| a.start <= t.end + 1 && LEX.not_people_before.has_noun(a.lower))
        || LEX.context_program_roles.has_noun(w)
            && sentence_around(toks, t.start)
                .iter()
                .any(|w| LEX.machine_context.has_noun(w.lower))
}

/// "The air traffic controller", "the controller cleared both planes for
/// takeoff": a role that names a program in software teams' writing
/// (lexicon `trade-roles`) is a person after a trade's qualifier or in a
/// sentence about that trade ("the ingress controller" stays a program).
pub(super) fn trade_person(t: &Token, before: Option<&Token>, toks: &[Token]) -> bool {
    let w = text::without_possessive(t.lower);
    if let Some(person) = qualified_person(w, before.map(|b| b.lower)) {
        return person;
    }
    LEX.trade_roles.has_exact(w)
        && (before.is_some_and(|b| LEX.trade_qualifiers.has_exact(b.lower))
            || sentence_around(toks, t.start)
                .iter()
                .any(|n| LEX.trade_context.has_exact(n.lower)))
}

/// For a word that names people only after a qualifier (lexicon
/// `qualified-people`), whether the word before is one: "the night shift
/// forgot" (the people on it, not a bit shift), "the CAB chair approved",
/// "the bus driver ran". `None` for any other word.
pub(super) fn qualified_person(w: &str, before: Option<&str>) -> Option<bool> {
    let singular = w.strip_suffix('s').filter(|s| s.len() > 3).unwrap_or(w);
    let qualifiers = LEX.qualified_people.get(singular)?;
    Some(before.is_some_and(|b| qualifiers.has_exact(b)))
}

/// A title written as one, before a name: "Ms Patel", "Dr Hale", "Prof
/// Lindqvist" (not "10 ms" or "dr" for disaster recovery).
pub(super) fn is_honorific(t: &Token) -> bool {
    // Title case only: "MS SQL" and "MS Exchange" are products.
    let mut chars = t.original.chars();
    // Not every title of `quotes::TITLES` (which keeps their dots from
    // ending a sentence): "Gen 2 nodes", "Rep counts" open sentences.
    matches!(
        t.lower,
        "mr" | "mrs"
            | "ms"
            | "mx"
            | "miss"
            | "dr"
            | "sir"
            | "prof"
            | "professor"
            | "sr"
            | "sister"
            | "matron"
            | "capt"
            | "captain"
            | "sgt"
            | "cllr"
            | "insp"
            | "supt"
            | "det"
            | "lt"
            | "cmdr"
            | "rev"
    ) && chars.next().is_some_and(char::is_uppercase)
        && chars.all(|c| !c.is_uppercase())
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

pub(super) fn is_person_subject_word(word: &str) -> bool {
    is_person_word(word) || LEX.first_names.has_exact(word)
}

/// A past tense or participle: a word of `past-verbs`, or one ending in
/// "-ed" longer than `min` ("feed", "need" and "bed" are not).
fn past_form(w: &str, min: usize) -> bool {
    (w.ends_with("ed") && !w.ends_with("eed") && w.len() > min) || LEX.past_verbs.has_exact(w)
}

/// Words that open a noun phrase: after one, the word before is a verb
/// ("the signaller controlling the barriers").
pub(super) const DETERMINERS: &[&str] = &[
    "the", "a", "an", "his", "her", "their", "its", "our", "my", "several", "some", "all", "this",
    "these", "those", "every", "each",
];

/// Words that follow a person word and describe the person: "the
/// engineer responsible", "the nurse involved".
const POSTPOSITIVE: &[&str] = &[
    "responsible",
    "involved",
    "concerned",
    "assigned",
    "on-call",
    "on-duty",
    "himself",
    "herself",
    "themselves",
    "themself",
    "alone",
    "together",
    "present",
    "there",
    "here",
    "first",
    "last",
    "too",
    "again",
];

/// Their job, contract or pay is the person: "the engineer's
/// employment was terminated" punishes the engineer.
pub(super) const THE_PERSON: &[&str] = &[
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
    "rights",
    "engagement",
];

/// Whether the object after byte `at` names a person: "fired her",
/// "reassigned the employee", "let go of the new intern".
pub(super) fn object_is_person(ctx: &Context, l: &str, at: usize) -> bool {
    // The object follows in the same clause: "the alert fired; the on-call
    // engineer acknowledged it" fired no one.
    let rest = &l[at..sentence_end(l, at)];
    let rest = &rest[..rest.find([';', ':', ',', '(']).unwrap_or(rest.len())];
    let words: Vec<&str> = rest
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '-' && c != '\'')
        .filter(|w| !w.is_empty())
        .take(4)
        .enumerate()
        // A preposition or a conjunction ends the object: "the page fired
        // during the on-call handoff", "the alarm fired before the nurse
        // reached the ward" fired no one. Not the "of" of "let go of".
        .take_while(|&(i, w)| {
            !matches!(
                w,
                "and"
                    | "but"
                    | "because"
                    | "for"
                    | "after"
                    | "during"
                    | "while"
                    | "before"
                    | "when"
                    | "as"
                    | "just"
                    | "at"
                    | "in"
                    | "on"
                    | "until"
                    | "since"
                    | "into"
                    | "within"
                    | "across"
                    | "so"
                    | "then"
            ) && (w != "of" || i == 0)
        })
        .map(|(_, w)| w)
        .collect();
    // "where bullets are fired I take them": a pronoun that is only ever a
    // subject opens the next clause; it is nobody's object.
    if words
        .first()
        .is_some_and(|w| matches!(*w, "i" | "he" | "she" | "we" | "they"))
    {
        return false;
    }
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
            // "Revoke Tomasz's production deploy rights": the rights, a
            // few words on, are the person's standing.
            && !words[i + 1..].iter().any(|next| THE_PERSON.contains(next))
            && words.len() > i + 1
    });
    let from = owner.map_or(0, |k| k + 1);
    words[from..].iter().enumerate().any(|(i, w)| {
        (is_person_word(w)
            || ctx.is_known_person(w)
            || qualified_person(w, (from + i).checked_sub(1).map(|k| words[k])) == Some(true))
            && !(LEX
                .context_program_roles
                .has_noun(text::without_possessive(w))
                && machine())
    })
}

/// Where the text names someone by a surname after an initial or a title
/// ("R. Adeyemi", "Mr T. Ellery", "Ms Whitfield"): the starts of those
/// surname tokens, so that they are people when they act (attack 57: only
/// first names on pm's list were). A surname after a listed first name
/// ("Anna Kowalski") counts too, and so does the surname used alone
/// elsewhere in the paragraph once introduced. The dot of an initial or
/// title is blanked by `quotes::mask`, so the tokens stand side by side.
pub(super) fn titled_names(toks: &[Token], unmasked: &str) -> Vec<usize> {
    let capital_word = |t: &Token| {
        t.original.len() >= 3
            && t.original.starts_with(|c: char| c.is_ascii_uppercase())
            && t.original
                .chars()
                .skip(1)
                .all(|c| c.is_ascii_lowercase() || matches!(c, '-' | '\''))
    };
    // One capital letter with its dot ("R."), not the article "A".
    let initial = |t: &Token| {
        t.original.len() == 1
            && t.original.starts_with(|c: char| c.is_ascii_uppercase())
            && unmasked.as_bytes().get(t.end) == Some(&b'.')
    };
    // A first name on pm's list, written as one ("Anna", not "anna").
    let first_name = |t: &Token| {
        t.original.starts_with(|c: char| c.is_ascii_uppercase())
            && LEX.first_names.has_exact(t.lower)
            && !is_common_word(t.lower)
    };
    let surname = |i: usize| {
        let t = &toks[i];
        let w = text::without_possessive(t.lower);
        capital_word(t)
            && (initial(&toks[i - 1])
                || is_honorific(&toks[i - 1])
                || first_name(&toks[i - 1]) && toks[i - 1].end + 1 == t.start)
            && !is_system_word(w)
            && !is_common_word(w)
            && !LEX.first_names.has_exact(w)
            && !LEX.organisations.has_noun(w)
    };
    // Once introduced ("Anna Kowalski", "Mr T. Ellery"), the surname names
    // the person wherever the same paragraph uses it alone ("Kowalski
    // approved"). A paragraph, not the file: the file's prose is one text
    // with a blank line between values, and `--eval` puts each sentence in
    // a value of its own, so no sentence learns a name from another.
    let breaks: Vec<usize> = unmasked.match_indices("\n\n").map(|(i, _)| i).collect();
    let paragraph = |t: &Token| breaks.partition_point(|&b| b < t.start);
    let mut known: Vec<(usize, &str)> = (1..toks.len())
        .filter(|&i| surname(i))
        .map(|i| (paragraph(&toks[i]), text::without_possessive(toks[i].lower)))
        .collect();
    if known.is_empty() {
        return Vec::new();
    }
    known.sort_unstable();
    known.dedup();
    toks.iter()
        .filter(|t| {
            capital_word(t)
                && known
                    .binary_search(&(paragraph(t), text::without_possessive(t.lower)))
                    .is_ok()
        })
        .map(|t| t.start)
        .collect()
}

/// "Fire Bob", "take merge rights away from the contractor": the noun
/// phrase that starts at `at` names a person. The phrase ends at its
/// first word that cannot be in it, so "fire up generators if they lost
/// power" and "terminate the instances the intern launched" name no one.
pub(super) fn object_phrase_is_person(ctx: &Context, toks: &[Token], at: usize) -> bool {
    let mut words = toks.iter().skip_while(|t| t.start < at).peekable();
    if let Some(first) = words.peek()
        && matches!(first.lower, "him" | "her" | "them" | "me" | "us")
    {
        return true;
    }
    if words.peek().is_some_and(|t| DETERMINERS.contains(&t.lower)) {
        words.next();
    }
    let words: Vec<&Token> = words.take(4).collect();
    for (i, t) in words.iter().take(3).enumerate() {
        // "suspending the engineer's certificate": a person's standing.
        let w = text::without_possessive(t.lower);
        let word = w.chars().all(|c| c.is_alphanumeric() || c == '-');
        if !word
            || DETERMINERS.contains(&w)
            || is_system_word(w)
            || is_common_word(w) && !is_person_word(w)
        {
            return false;
        }
        // "a warning for the tech who installed the jumper": whoever a
        // "who" follows is someone.
        let who_follows = words
            .get(i + 1)
            .is_some_and(|next| matches!(next.lower, "who" | "whom"));
        if ctx.token_is_person(t) || who_follows {
            return true;
        }
    }
    false
}

/// Whether the object at `at` is a role that also names a program or an
/// account ("the driver", "the users"), standing alone: not "the driver
/// update", "the user table". Only a verb that sanctions people makes
/// such an object a person ("Sack the driver").
pub(super) fn object_is_ambiguous_role(toks: &[Token], at: usize) -> bool {
    let mut words = toks.iter().skip_while(|t| t.start < at).peekable();
    if words.peek().is_some_and(|t| DETERMINERS.contains(&t.lower)) {
        words.next();
    }
    let Some(role) = words.next() else {
        return false;
    };
    LEX.ambiguous_roles.has_exact(role.lower)
        && words.next().is_none_or(|next| {
            !LEX.not_people_before.has_exact(next.lower) && !is_system_word(next.lower)
        })
}

/// "... was accidentally shut down by a worker": the agent after "by".
pub(super) fn by_person(ctx: &Context, l: &str, at: usize) -> bool {
    let rest = &l[at..sentence_end(l, at)];
    rest.split(" by ").skip(1).any(|tail| {
        let words: Vec<&str> = tail
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '-')
            .filter(|w| !w.is_empty())
            .take(6)
            .collect();
        // "run accidentally by one of the few developers": the people are
        // after the quantity.
        let from = match words.as_slice() {
            [q, "of", ..]
                if matches!(
                    *q,
                    "one" | "some" | "two" | "three" | "several" | "each" | "any" | "all" | "many"
                ) =>
            {
                2
            }
            _ => 0,
        };
        words[from..]
            .iter()
            .copied()
            .take(if from > 0 { 4 } else { 3 })
            .scan(None, |before, w| {
                let person = is_person_word(w)
                    || ctx.is_known_person(w)
                    || qualified_person(w, *before) == Some(true);
                *before = Some(w);
                Some(person)
            })
            .any(|person| person)
    })
}

/// Whether the clause before `at` is about anyone: "someone", "you",
/// "any engineer", "every developer".
pub(super) fn generic_subject(toks: &[Token], at: usize) -> bool {
    let clause: Vec<&Token> = sentence_before(toks, at)
        .iter()
        .rev()
        .take_while(|t| {
            !matches!(t.lower, "." | "," | ";" | ":") && !LEX.clause_breaks.has_exact(t.lower)
        })
        .collect();
    // "One should check the target": anyone; "one engineer's
    // carelessness", "one of the engineers" is someone in the story
    // (attack 50).
    let one_of_us = || {
        let n = clause.len();
        n >= 2 && {
            let next = clause[n - 2].lower;
            is_person_word(super::text::without_possessive(next))
                || next == "of"
                    && clause[n.saturating_sub(5)..n - 2]
                        .iter()
                        .any(|t| is_person_word(t.lower))
        }
    };
    // "Whoever owned that simply dropped the ball", "whoever was on the
    // desk let 40 minutes pass": someone in the story, told in the past
    // (attack 51); "whoever deploys on a Friday" is anyone.
    let whoever_then = || {
        clause.len() >= 2 && {
            let next = clause[clause.len() - 2].lower;
            next.ends_with("ed")
                || matches!(next, "was" | "were" | "had")
                || LEX.past_verbs.has_exact(next)
        }
    };
    clause.last().is_some_and(|t| {
        matches!(
            t.lower,
            "any" | "every" | "someone" | "somebody" | "anyone" | "anybody" | "you"
        ) || t.lower == "one" && !one_of_us()
            || t.lower == "whoever" && !whoever_then()
    })
}

/// Whether the clause before `at` has "we" (or "our team") as its subject,
/// an aside of filler words between commas left out ("we, apparently,
/// accidentally ran it").
pub(super) fn we_subject(toks: &[Token], at: usize) -> bool {
    let before = sentence_before(toks, at);
    // "a region we never use", "the checks we did not run": "we" right
    // before the words is their subject, in a clause inside another.
    if before.last().is_some_and(|t| t.lower == "we") {
        return true;
    }
    let filler = |t: &Token| LEX.filler.has_exact(t.lower) && t.lower != "our";
    let Some(clause) = subject_clause(before, filler) else {
        return false;
    };
    let mut words = clause.iter().rev().skip_while(|t| filler(t)).peekable();
    // "the vendor's image, which we deployed without reviewing its
    // settings" (attack 53): a relative clause whose subject is "we".
    if words
        .peek()
        .is_some_and(|t| matches!(t.lower, "which" | "that" | "whom"))
    {
        words.next();
    }
    let Some(t) = words.next() else {
        return false;
    };
    // "Our DBA forgot to take a backup", "our SCADA contractor was
    // sloppy", "our CTO's obsession": one of us, named by a role, is that
    // person, not the team ("our team", "our engineers" are the team).
    let one_of_us = t.lower == "our"
        && words.take(3).any(|n| {
            let n = super::text::without_possessive(n.lower);
            // Not "our in-house operator" (a program, unless its trade says).
            !LEX.qualified_people.contains_key(n)
                && is_person_word(n)
                && !n.ends_with('s')
                && !matches!(n, "team" | "staff" | "crew" | "people" | "we" | "us")
        });
    // "We think the engineer was negligent", "we were let down by a
    // careless engineer": what we think, or who acted on us, is someone
    // else's act.
    matches!(t.lower, "we" | "our" | "us")
        && !one_of_us
        && !clause.iter().any(|c| reports_someone_else(c))
}

/// The clause just before the end of `before` (its tokens in reverse
/// order) that has a word other than `filler`: an aside of filler between
/// commas, or a verb whose subject is left out after "and", "but", "or",
/// "then" ("we moved the job and forgot to update the cron", "I merged
/// the PR and forgot to check 3.9"), is passed over to the clause before.
fn subject_clause<'b, 'a>(
    before: &'b [Token<'a>],
    filler: impl Fn(&Token) -> bool,
) -> Option<Vec<&'b Token<'a>>> {
    let mut end = before.len();
    loop {
        let clause: Vec<&Token> = before[..end]
            .iter()
            .rev()
            .take_while(|t| {
                !matches!(t.lower, "." | "," | ";" | ":") && !LEX.clause_breaks.has_exact(t.lower)
            })
            .collect();
        if clause.iter().any(|t| !filler(t)) {
            return Some(clause);
        }
        let start = end - clause.len();
        if start == 0 || !matches!(before[start - 1].lower, "," | "and" | "but" | "or" | "then") {
            return None;
        }
        end = start - 1;
    }
}

/// Whether the clause before `at` starts with "we" or "I".
/// The rules whose errors become warnings when "we" or "I" is the
/// subject: the team or the writer owning their part ("we dropped the ball
/// on the renewal", "I slept through the page", "I ignored the alert").
pub(super) const OWNED: &[&str] = &[
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
pub(super) fn i_subject(toks: &[Token], at: usize) -> bool {
    let before = sentence_before(toks, at);
    // "I think I forgot": "I" right before the words is their subject.
    if before.last().is_some_and(|t| t.lower == "i") {
        return true;
    }
    subject_clause(before, |t| LEX.filler.has_exact(t.lower)).is_some_and(|clause| {
        clause.last().is_some_and(|t| t.lower == "i")
            && !clause.iter().any(|c| reports_someone_else(c))
    })
}

/// A word after "we" or "I" that makes what follows someone else's act:
/// what we think or found ("we think the engineer was negligent"), or who
/// acted on us ("we were let down by a careless engineer").
fn reports_someone_else(t: &Token) -> bool {
    matches!(
        t.lower,
        "think"
            | "thought"
            | "disappointed"
            | "surprised"
            | "shocked"
            | "appalled"
            | "amazed"
            | "believe"
            | "believed"
            | "suspect"
            | "suspected"
            | "concluded"
            | "found"
            | "noted"
            | "note"
            | "observed"
            | "observe"
            | "know"
            | "knew"
            | "guess"
            | "by"
    )
}

pub(super) fn first_person_subject(toks: &[Token], at: usize) -> bool {
    sentence_before(toks, at)
        .iter()
        .rev()
        .take_while(|t| !matches!(t.lower, "." | "," | ";" | ":"))
        .last()
        .is_some_and(|t| matches!(t.lower, "we" | "i"))
}

/// Whether the sentence's subject denies that anyone did it: "No one was
/// moved to another role, placed on probation or disciplined", "None of
/// the responders ...", "No engineer ...". Unlike [`negated`], it reaches
/// every item of a list the subject governs.
pub(super) fn nobody_subject(l: &str, at: usize) -> bool {
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

/// A team of people named by its function with only its tier or its desk
/// before it: "Level 1 support", "first-line support", "the service desk",
/// "L2 ops" (not "the support ticket", whose head is a thing).
fn people_team_phrase(phrase: &[&&Token]) -> bool {
    let Some((last, before)) = phrase.split_last() else {
        return false;
    };
    let head = text::without_possessive(last.lower);
    let desk = head == "desk"
        && before
            .last()
            .is_some_and(|t| matches!(t.lower, "service" | "help"));
    let team = LEX.people_teams.has_exact(head) || desk;
    team && before.len() <= 3
        && before.iter().all(|t| {
            matches!(
                t.lower,
                "the"
                    | "our"
                    | "level"
                    | "tier"
                    | "line"
                    | "first-line"
                    | "second-line"
                    | "third-line"
                    | "first"
                    | "second"
                    | "third"
                    | "1st"
                    | "2nd"
                    | "3rd"
                    | "l1"
                    | "l2"
                    | "l3"
                    | "1"
                    | "2"
                    | "3"
                    | "service"
                    | "help"
                    | "customer"
                    | "tech"
                    | "technical"
                    | "it"
                    | "on-site"
                    | "onsite"
                    | "night"
                    | "weekend"
            )
        })
}

/// Whether a token is a word, not a time, a number or a mark: what
/// decides that a token after "14:00" still opens its sentence.
pub(super) fn is_word(t: &Token) -> bool {
    t.lower.chars().any(char::is_alphabetic)
}

/// Whether a word reads as a verb's -ing form ("lifting", "deploying"):
/// the stem before "ing" ends in a consonant, which a name like "Boeing"
/// does not.
fn is_gerund(lower: &str) -> bool {
    lower.len() >= 6
        && lower.strip_suffix("ing").is_some_and(|stem| {
            stem.chars().all(|c| c.is_ascii_lowercase())
                && stem.ends_with(|c: char| !"aeiou".contains(c))
        })
}
