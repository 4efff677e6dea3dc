//! Literal gates for the built-in patterns: which of them can match a text
//! at all, found in one pass over it.
//!
//! Every match of a pattern contains one of a set of literals derived from
//! the pattern itself (`\b(?:human|operator)[ -]errors?\b` → "error";
//! `\bfat[- ]?finger` → "fat"), or the pattern is always run when no such
//! set exists. [`Scope::enter`] searches a text for every pattern's
//! literals at once (Aho-Corasick); while the scope lives, a pattern whose
//! literals are absent reports no match in that text or any part of it,
//! without being run, and is not even compiled until some text needs it.
//! A text that is not part of the scope's text is always searched in full,
//! so the gate can only skip work, never change a result.
//!
//! Nothing here knows a rule: the sets come from the patterns' syntax
//! (src/lint/rules/literals.rs), computed by build.rs when pm is built
//! with the patterns' sources, so start-up parses no rule file and no
//! pattern; a pattern with no required literal is simply always run.

use std::cell::RefCell;
use std::collections::HashMap;
use std::marker::PhantomData;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind};

/// A pattern and its gate, computed by build.rs from the rule files.
struct Built {
    /// The rule, or `None` for a shared frame (frames.yaml).
    rule: Option<&'static str>,
    name: &'static str,
    /// The pattern's alternatives joined ([`super::literals::join`]).
    source: &'static str,
    /// `None`: no literal is required; the pattern is always run.
    literals: Option<&'static [&'static [u8]]>,
}

/// A rule's description as written in its file, computed by build.rs.
pub(super) struct BuiltInfo {
    pub id: &'static str,
    pub name: &'static str,
    pub family: &'static str,
    pub severity: &'static str,
    pub message: &'static str,
    pub suggestion: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/gates.rs"));

/// The rules' descriptions, as build.rs read them from the rule files.
pub(super) fn built_infos() -> &'static [BuiltInfo] {
    BUILT_INFOS
}

/// Every built-in pattern's source, with its gate.
pub(super) struct Gate {
    ids: HashMap<(Option<&'static str>, &'static str), u32>,
    literals: Finder,
    /// The distinct literals.
    patterns: Vec<&'static [u8]>,
    /// For each literal, the patterns it opens.
    owners: Vec<Vec<u32>>,
    /// Patterns with no required literal: always open.
    always: Vec<u64>,
}

/// How a text is searched for the literals.
enum Finder {
    /// An Aho-Corasick automaton: the fastest search, worth its build time
    /// (about 2.5 ms for the ~1,500 literals) when much text will be
    /// searched.
    Automaton(AhoCorasick),
    /// For a quick start (one post-mortem): the literals bucketed by their
    /// first two bytes, found by looking up every pair of bytes of the text
    /// and comparing the few literals of its bucket. It finds exactly the
    /// literals the automaton finds, and costs next to nothing to build.
    Pairs(Pairs),
    /// No automaton could be built: every pattern is always open.
    None,
}

struct Pairs {
    /// For each bucket, where its literals start in `order` (one more
    /// entry than there are buckets).
    starts: Vec<u32>,
    /// Literals of two or more bytes, by bucket.
    order: Vec<u32>,
    /// Literals of one byte.
    short: Vec<u32>,
}

/// The bucket of a literal or text position by its first two bytes (their
/// low seven bits: the texts are ASCII, and a collision only costs a
/// comparison).
fn bucket(a: u8, b: u8) -> usize {
    (usize::from(a & 0x7f) << 7) | usize::from(b & 0x7f)
}

const BUCKETS: usize = 1 << 14;

impl Pairs {
    fn new(patterns: &[&[u8]]) -> Pairs {
        let mut starts = vec![0u32; BUCKETS + 1];
        let mut short = Vec::new();
        for (i, p) in patterns.iter().enumerate() {
            match p {
                [a, b, ..] => starts[bucket(*a, *b) + 1] += 1,
                _ => short.push(i as u32),
            }
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut next = starts.clone();
        let mut order = vec![0u32; starts[BUCKETS] as usize];
        for (i, p) in patterns.iter().enumerate() {
            if let [a, b, ..] = p {
                let at = &mut next[bucket(*a, *b)];
                order[*at as usize] = i as u32;
                *at += 1;
            }
        }
        Pairs {
            starts,
            order,
            short,
        }
    }

    /// Calls `found` with each literal that occurs in `text` (perhaps more
    /// than once).
    fn find(&self, patterns: &[&[u8]], text: &[u8], mut found: impl FnMut(usize)) {
        for (i, pair) in text.windows(2).enumerate() {
            let b = bucket(pair[0], pair[1]);
            let (from, to) = (self.starts[b] as usize, self.starts[b + 1] as usize);
            for &at in &self.order[from..to] {
                if text[i..].starts_with(patterns[at as usize]) {
                    found(at as usize);
                }
            }
        }
        for &at in &self.short {
            if memchr::memchr(patterns[at as usize][0], text).is_some() {
                found(at as usize);
            }
        }
    }
}

pub(super) static GATE: LazyLock<Gate> = LazyLock::new(Gate::build);

impl Gate {
    fn build() -> Gate {
        let mut ids = HashMap::with_capacity(BUILT.len());
        let mut always = vec![0u64; BUILT.len().div_ceil(64)];
        let mut index: HashMap<&[u8], usize> = HashMap::new();
        let mut owners: Vec<Vec<u32>> = Vec::new();
        let mut patterns: Vec<&'static [u8]> = Vec::new();
        for (id, b) in BUILT.iter().enumerate() {
            let id = id as u32;
            match b.literals {
                Some(lits) => {
                    for &lit in lits {
                        let at = *index.entry(lit).or_insert_with(|| {
                            patterns.push(lit);
                            owners.push(Vec::new());
                            owners.len() - 1
                        });
                        if owners[at].last() != Some(&id) {
                            owners[at].push(id);
                        }
                    }
                }
                None => always[id as usize / 64] |= 1 << (id % 64),
            }
            ids.insert((b.rule, b.name), id);
        }
        // build.rs never gives an empty literal (it would be in every text).
        let literals = if patterns.is_empty() || patterns.iter().any(|p| p.is_empty()) {
            Finder::None
        } else if super::data::quick_start() {
            Finder::Pairs(Pairs::new(&patterns))
        } else {
            // Many literals: a DFA searches fastest.
            AhoCorasick::builder()
                .kind(Some(AhoCorasickKind::DFA))
                .build(&patterns)
                .map_or(Finder::None, Finder::Automaton)
        };
        if matches!(literals, Finder::None) {
            // No automaton: every pattern is always run.
            always.iter_mut().for_each(|w| *w = u64::MAX);
        }
        Gate {
            ids,
            literals,
            patterns,
            owners,
            always,
        }
    }

    /// The id of a built-in pattern: of a rule, or a shared frame (`None`).
    pub(super) fn id(&self, rule: Option<&str>, name: &str) -> Option<u32> {
        self.ids.get(&(rule, name)).copied()
    }

    /// The pattern's source: its alternatives joined.
    pub(super) fn source(&self, id: u32) -> &'static str {
        BUILT[id as usize].source
    }

    /// Which patterns may match somewhere in `text`.
    fn open(&self, text: &[u8]) -> Vec<u64> {
        let mut open = self.always.clone();
        let mut seen = vec![false; self.owners.len()];
        let mut found = |at: usize| {
            if !seen[at] {
                seen[at] = true;
                for &id in &self.owners[at] {
                    open[id as usize / 64] |= 1 << (id % 64);
                }
            }
        };
        match &self.literals {
            Finder::Automaton(ac) => {
                for m in ac.find_overlapping_iter(text) {
                    found(m.pattern().as_usize());
                }
            }
            Finder::Pairs(pairs) => pairs.find(&self.patterns, text, found),
            Finder::None => {}
        }
        open
    }
}

struct Active {
    start: usize,
    end: usize,
    open: Vec<u64>,
}

thread_local! {
    static ACTIVE: RefCell<Option<Active>> = const { RefCell::new(None) };
}

/// While alive, built-in patterns skip the parts of `text` their literals
/// are absent from (see the module documentation).
pub struct Scope<'a> {
    previous: Option<Active>,
    text: PhantomData<&'a str>,
}

impl<'a> Scope<'a> {
    pub fn enter(text: &'a str) -> Scope<'a> {
        let open = GATE.open(text.as_bytes());
        let start = text.as_ptr() as usize;
        let active = Active {
            start,
            end: start + text.len(),
            open,
        };
        Scope {
            previous: ACTIVE.with(|a| a.borrow_mut().replace(active)),
            text: PhantomData,
        }
    }
}

impl Drop for Scope<'_> {
    fn drop(&mut self) {
        let previous = self.previous.take();
        ACTIVE.with(|a| *a.borrow_mut() = previous);
    }
}

/// Whether built-in pattern `id` may match in `text`: false only when
/// `text` lies inside the current scope's text and none of the pattern's
/// literals occur there.
pub(super) fn may_match(id: u32, text: &str) -> bool {
    ACTIVE.with(|a| {
        let a = a.borrow();
        let Some(a) = a.as_ref() else {
            return true;
        };
        let start = text.as_ptr() as usize;
        let inside = start >= a.start && start + text.len() <= a.end;
        !inside || a.open[id as usize / 64] & (1 << (id % 64)) != 0
    })
}

#[cfg(test)]
mod tests {
    use super::super::data::{FRAME_SOURCES, RULES};
    use super::super::literals::{gate_literals, join, parse};
    use super::*;

    fn lits(pattern: &str) -> Option<Vec<String>> {
        gate_literals(&parse(pattern).unwrap()).map(|l| {
            l.into_iter()
                .map(|b| String::from_utf8(b).unwrap())
                .collect()
        })
    }

    #[test]
    fn required_literals_come_from_the_pattern() {
        assert_eq!(
            lits(r"\b(?:human|operator)[ -]errors?\b").unwrap(),
            ["human error", "human-error", "operator err", "operator-err"]
        );
        assert_eq!(
            lits(r"\bfat[- ]?finger(?:ed|s)?\b").unwrap(),
            ["fat finger", "fat-finger", "fatfinger"]
        );
        assert_eq!(lits(r"(?:\bwas|\bdue to)\s*$").unwrap(), ["due to", "was"]);
        assert_eq!(
            lits(r"\bdismissed (?:a |the )?warnings?").unwrap(),
            ["dismissed a ", "dismissed th", "dismissed wa"]
        );
        // A literal that holds another adds nothing.
        assert_eq!(
            lits(r"\b(?:fired|fired him|was fired)\b").unwrap(),
            ["fired"]
        );
        // Nothing every match must contain: always run.
        assert_eq!(lits(r"^\s*(?:\w+)?$"), None);
        assert_eq!(lits(r"(?:error)?x*"), None);
        assert_eq!(lits(r"a|\w+"), None);
    }

    /// The patterns and gates build.rs computed are those of the rule
    /// files as pm reads them: none left out, added, or from another
    /// source, and each gate is what the pattern requires.
    #[test]
    fn every_built_in_pattern_has_its_gate_from_build_time() {
        let read: Vec<(Option<&str>, &str, String)> = RULES
            .iter()
            .flat_map(|r| {
                r.patterns
                    .iter()
                    .map(|(name, alts)| (Some(r.info.id), name.as_str(), join(alts)))
            })
            .chain(
                FRAME_SOURCES
                    .iter()
                    .map(|(name, alts)| (None, name.as_str(), join(alts))),
            )
            .collect();
        assert_eq!(read.len(), BUILT.len());
        for (rule, name, source) in &read {
            let id = GATE
                .id(*rule, name)
                .unwrap_or_else(|| panic!("no gate for {rule:?} {name}"));
            assert_eq!(GATE.source(id), source, "{rule:?} {name}");
            let now = gate_literals(&parse(source).unwrap());
            let then = BUILT[id as usize]
                .literals
                .map(|l| l.iter().map(|l| l.to_vec()).collect::<Vec<_>>());
            assert_eq!(now, then, "{rule:?} {name}");
            super::super::data::Pat::new(std::slice::from_ref(source))
                .unwrap_or_else(|e| panic!("{rule:?} {name}: {e}"));
        }
        assert!(read.len() > 50, "{}", read.len());
    }

    /// The quick start's search finds exactly the literals the automaton
    /// finds, in the rule files' own examples and at the edges of a text.
    #[test]
    fn the_quick_search_finds_what_the_automaton_finds() {
        let gate = &GATE;
        let ac = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::DFA))
            .build(&gate.patterns)
            .unwrap();
        let pairs = Pairs::new(&gate.patterns);
        let mut texts: Vec<String> = RULES
            .iter()
            .flat_map(|r| r.examples.fires.iter().chain(&r.examples.quiet))
            .map(|t| t.to_ascii_lowercase())
            .collect();
        texts.extend(
            gate.patterns
                .iter()
                .map(|p| String::from_utf8_lossy(p).into_owned()),
        );
        texts.extend(["", "a", "i", "x y", "was", " was"].map(String::from));
        texts.push(texts.join(" "));
        for text in &texts {
            let mut by_ac: Vec<usize> = ac
                .find_overlapping_iter(text.as_bytes())
                .map(|m| m.pattern().as_usize())
                .collect();
            by_ac.sort();
            by_ac.dedup();
            let mut by_pairs = Vec::new();
            pairs.find(&gate.patterns, text.as_bytes(), |at| by_pairs.push(at));
            by_pairs.sort();
            by_pairs.dedup();
            assert_eq!(by_pairs, by_ac, "{text:?}");
        }
    }

    #[test]
    fn a_text_outside_the_scope_is_always_searched() {
        let id = GATE.id(Some("human-error"), "human-error").unwrap();
        let scoped = String::from("nothing to see");
        let other = String::from("it was human error");
        let _scope = Scope::enter(&scoped);
        assert!(!may_match(id, &scoped));
        assert!(!may_match(id, &scoped[3..]));
        assert!(may_match(id, &other));
    }
}
