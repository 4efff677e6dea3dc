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
//! (src/lint/rules/literals.rs), computed by build.rs when pm is built, so
//! start-up parses no pattern and any change to the rule files keeps
//! working: a pattern with no required literal, or whose source differs
//! from the one its gate was computed from, is simply always run.

use std::cell::RefCell;
use std::collections::HashMap;
use std::marker::PhantomData;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind};

use super::data::{FRAME_SOURCES, RULES};
use super::literals::{fingerprint, join};

/// A gate computed by build.rs from the rule files.
struct Built {
    /// The rule, or `None` for a shared frame (frames.yaml).
    rule: Option<&'static str>,
    name: &'static str,
    /// Of the pattern source the literals were computed from.
    fingerprint: u64,
    /// `None`: no literal is required; the pattern is always run.
    literals: Option<&'static [&'static [u8]]>,
}

include!(concat!(env!("OUT_DIR"), "/gates.rs"));

/// Every built-in pattern's source, with its gate.
pub(super) struct Gate {
    ids: HashMap<(Option<&'static str>, &'static str), u32>,
    sources: Vec<String>,
    literals: Option<AhoCorasick>,
    /// For each literal, the patterns it opens.
    owners: Vec<Vec<u32>>,
    /// Patterns with no required literal: always open.
    always: Vec<u64>,
}

pub(super) static GATE: LazyLock<Gate> = LazyLock::new(Gate::build);

impl Gate {
    fn build() -> Gate {
        let built: HashMap<(Option<&str>, &str), &Built> =
            BUILT.iter().map(|b| ((b.rule, b.name), b)).collect();
        let mut ids = HashMap::new();
        let mut sources = Vec::new();
        let mut always = Vec::new();
        let mut index: HashMap<&[u8], usize> = HashMap::new();
        let mut owners: Vec<Vec<u32>> = Vec::new();
        let mut patterns: Vec<&[u8]> = Vec::new();
        let all = RULES
            .iter()
            .flat_map(|r| {
                r.patterns
                    .iter()
                    .map(|(name, alts)| (Some(r.info.id), name.as_str(), alts))
            })
            .chain(
                FRAME_SOURCES
                    .iter()
                    .map(|(name, alts)| (None, name.as_str(), alts)),
            );
        for (rule, name, alts) in all {
            let id = sources.len() as u32;
            let source = join(alts);
            // Only a gate computed from this very source is trusted.
            let lits = built
                .get(&(rule, name))
                .filter(|b| b.fingerprint == fingerprint(&source))
                .and_then(|b| b.literals);
            if id as usize / 64 >= always.len() {
                always.push(0u64);
            }
            match lits {
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
            ids.insert((rule, name), id);
            sources.push(source);
        }
        // Many literals: a DFA searches fastest, and is worth building when
        // much text will be searched; a quick start takes the NFA.
        let kind = if super::data::quick_start() {
            AhoCorasickKind::ContiguousNFA
        } else {
            AhoCorasickKind::DFA
        };
        let literals = if patterns.is_empty() {
            None
        } else {
            AhoCorasick::builder()
                .kind(Some(kind))
                .build(&patterns)
                .ok()
        };
        if literals.is_none() {
            // No automaton: every pattern is always run.
            always.iter_mut().for_each(|w| *w = u64::MAX);
        }
        Gate {
            ids,
            sources,
            literals,
            owners,
            always,
        }
    }

    /// The id of a built-in pattern: of a rule, or a shared frame (`None`).
    pub(super) fn id(&self, rule: Option<&str>, name: &str) -> Option<u32> {
        self.ids.get(&(rule, name)).copied()
    }

    /// The pattern's source: its alternatives joined.
    pub(super) fn source(&self, id: u32) -> &str {
        &self.sources[id as usize]
    }

    /// Which patterns may match somewhere in `text`.
    fn open(&self, text: &[u8]) -> Vec<u64> {
        let mut open = self.always.clone();
        let Some(ac) = &self.literals else {
            return open;
        };
        let mut seen = vec![false; self.owners.len()];
        for m in ac.find_overlapping_iter(text) {
            let at = m.pattern().as_usize();
            if !seen[at] {
                seen[at] = true;
                for &id in &self.owners[at] {
                    open[id as usize / 64] |= 1 << (id % 64);
                }
            }
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
    use super::super::literals::{gate_literals, parse};
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

    /// The gates build.rs computed are those of the patterns pm runs: none
    /// was left out or computed from another source.
    #[test]
    fn every_built_in_pattern_has_its_gate_from_build_time() {
        let mut checked = 0;
        for ((rule, name), &id) in &GATE.ids {
            let source = GATE.source(id);
            let built = BUILT
                .iter()
                .find(|b| b.rule == *rule && b.name == *name)
                .unwrap_or_else(|| panic!("no gate for {rule:?} {name}"));
            assert_eq!(built.fingerprint, fingerprint(source), "{rule:?} {name}");
            let now = gate_literals(&parse(source).unwrap());
            let then = built
                .literals
                .map(|l| l.iter().map(|l| l.to_vec()).collect::<Vec<_>>());
            assert_eq!(now, then, "{rule:?} {name}");
            super::super::data::Pat::new(&[source.to_string()])
                .unwrap_or_else(|e| panic!("{rule:?} {name}: {e}"));
            checked += 1;
        }
        assert!(checked > 50, "{checked}");
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
