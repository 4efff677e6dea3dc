//! Literal gates for the built-in patterns: which of them can match a text
//! at all, found in one pass over it.
//!
//! Every match of a pattern's alternative (a *unit*) contains one of a set
//! of literals derived from the alternative itself
//! (`\b(?:human|operator)[ -]errors?\b` → "human error", ...;
//! `\bfat[- ]?finger` → "fat finger", ...), or the unit is always open when
//! no such set exists. [`Scope::enter`] searches a text for every unit's
//! literals at once (Aho-Corasick); while the scope lives, a pattern none
//! of whose units is open reports no match in that text or any part of it,
//! without being run, and is not even compiled until some text needs it;
//! one that may match searches the scope's text only in the paragraphs
//! its literals were found in ([`windows`]).
//! [`open_units`] says which units are open, so that a one-file lint can
//! compile only those (an alternative that cannot match changes nothing
//! a pattern finds). A text that is not part of the scope's text is
//! always searched in full, so the gate can only skip work, never change a
//! result, but one: a match cannot run across a blank line of the scope's
//! text, from one prose value into the next.
//!
//! Nothing here knows a rule: the sets come from the patterns' syntax
//! (src/lint/rules/literals.rs), computed by build.rs when pm is built
//! with the patterns' sources, so start-up parses no rule file and no
//! pattern; a pattern with no required literal is simply always run.

use std::cell::RefCell;
use std::marker::PhantomData;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind};

use super::literals::bucket;

/// A pattern and its gate, computed by build.rs from the rule files.
struct Built {
    /// The rule, or `None` for a shared frame (frames.yaml).
    rule: Option<&'static str>,
    name: &'static str,
    /// The pattern's alternatives joined ([`super::literals::join`]).
    source: &'static str,
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

// Also: each pattern's units (FIRST_UNIT: pattern `p`'s are
// `FIRST_UNIT[p]..FIRST_UNIT[p + 1]`; UNIT_SPANS: where unit `u` sits in
// its pattern's source, `UNIT_SPANS[2u]..UNIT_SPANS[2u + 1]`),
// BUILT_LITERALS (each unit's literals, `None` when it has no gate; for
// the tests), and the search tables made of them: the distinct literals
// (LITERAL_BYTES, LITERAL_ENDS), the units each opens (OWNER_IDS,
// OWNER_ENDS), the units always open (ALWAYS), and the quick start's
// buckets (STARTS, ORDER, SHORT); see literals::tables.
// They hold no pointers: each would be a relocation for the dynamic
// loader to apply, on a page it then copies, every time pm starts.
include!(concat!(env!("OUT_DIR"), "/gates.rs"));

/// The distinct literal `at`.
fn literal(at: usize) -> &'static [u8] {
    let start = at.checked_sub(1).map_or(0, |i| LITERAL_ENDS[i] as usize);
    &LITERAL_BYTES[start..LITERAL_ENDS[at] as usize]
}

/// The units literal `at` opens.
fn owners(at: usize) -> &'static [u32] {
    let start = at.checked_sub(1).map_or(0, |i| OWNER_ENDS[i] as usize);
    &OWNER_IDS[start..OWNER_ENDS[at] as usize]
}

/// The rules' descriptions, as build.rs read them from the rule files.
pub(super) fn built_infos() -> &'static [BuiltInfo] {
    BUILT_INFOS
}

/// How texts are searched for the gates' literals (the tables themselves
/// are static, from build.rs).
pub(super) struct Gate {
    literals: Finder,
    /// The pattern of each unit.
    pattern_of: Vec<u32>,
    /// The patterns with a unit always open.
    always_patterns: Vec<u64>,
    /// The patterns each literal opens (a unit of), without repeats:
    /// `literal_patterns[literal_ends[at - 1]..literal_ends[at]]`.
    literal_patterns: Vec<u32>,
    literal_ends: Vec<u32>,
}

/// How a text is searched for the literals.
enum Finder {
    /// An Aho-Corasick automaton, when many texts will be searched.
    Automaton(AhoCorasick),
    /// For a quick start (one post-mortem): the literals bucketed by their
    /// first two bytes (by build.rs), found by looking up every pair of
    /// bytes of the text and comparing the few literals of its bucket. It
    /// finds exactly the literals the automaton finds, and builds nothing.
    Pairs,
    /// No automaton could be built: every pattern is always open.
    None,
}

/// Calls `found` with each literal that occurs in `text` and where (perhaps
/// more than once), by the bucket tables. A literal of one byte is
/// reported once, at no place (`None`): the patterns it opens search the
/// whole text.
fn find_by_pairs(text: &[u8], mut found: impl FnMut(usize, Option<usize>)) {
    for (i, pair) in text.windows(2).enumerate() {
        let b = bucket(pair[0], pair[1]);
        let (from, to) = (STARTS[b] as usize, STARTS[b + 1] as usize);
        for &at in &ORDER[from..to] {
            if text[i..].starts_with(literal(at as usize)) {
                found(at as usize, Some(i));
            }
        }
    }
    for &at in SHORT {
        if memchr::memchr(literal(at as usize)[0], text).is_some() {
            found(at as usize, None);
        }
    }
}

pub(super) static GATE: LazyLock<Gate> = LazyLock::new(Gate::build);

impl Gate {
    fn build() -> Gate {
        let literals = if LITERAL_ENDS.is_empty() {
            Finder::None
        } else if super::data::quick_start() {
            Finder::Pairs
        } else {
            // A contiguous NFA, not a DFA: the DFA searched faster but took
            // 80-100 ms to build for the ~1,500 literals, in every cold
            // lint; the NFA builds in a few ms and searches 10,000
            // post-mortems in about the time the DFA saved.
            AhoCorasick::builder()
                .kind(Some(AhoCorasickKind::ContiguousNFA))
                .build((0..LITERAL_ENDS.len()).map(literal))
                .map_or(Finder::None, Finder::Automaton)
        };
        let patterns = FIRST_UNIT.len() - 1;
        let mut pattern_of = Vec::with_capacity(BUILT_UNITS);
        let mut always_patterns = vec![0u64; patterns.div_ceil(64)];
        for p in 0..patterns {
            for u in FIRST_UNIT[p] as usize..FIRST_UNIT[p + 1] as usize {
                pattern_of.push(p as u32);
                if ALWAYS[u / 64] & (1 << (u % 64)) != 0 {
                    always_patterns[p / 64] |= 1 << (p % 64);
                }
            }
        }
        let mut literal_patterns = Vec::new();
        let mut literal_ends = Vec::with_capacity(LITERAL_ENDS.len());
        for at in 0..LITERAL_ENDS.len() {
            let from = literal_patterns.len();
            for &u in owners(at) {
                let p = pattern_of[u as usize];
                if !literal_patterns[from..].contains(&p) {
                    literal_patterns.push(p);
                }
            }
            literal_ends.push(literal_patterns.len() as u32);
        }
        Gate {
            literals,
            pattern_of,
            always_patterns,
            literal_patterns,
            literal_ends,
        }
    }

    /// The id of a built-in pattern: of a rule, or a shared frame (`None`).
    pub(super) fn id(&self, rule: Option<&str>, name: &str) -> Option<u32> {
        BUILT
            .iter()
            .position(|b| b.rule == rule && b.name == name)
            .map(|id| id as u32)
    }

    /// The pattern's source: its alternatives joined.
    pub(super) fn source(&self, id: u32) -> &'static str {
        BUILT[id as usize].source
    }

    /// The units of pattern `id`.
    fn units(&self, id: u32) -> std::ops::Range<usize> {
        FIRST_UNIT[id as usize] as usize..FIRST_UNIT[id as usize + 1] as usize
    }

    /// The source of unit `unit` of pattern `id`: one alternative, as it
    /// appears in the pattern's source.
    pub(super) fn unit_source(&self, id: u32, unit: u32) -> &'static str {
        let u = unit as usize;
        &BUILT[id as usize].source[UNIT_SPANS[2 * u] as usize..UNIT_SPANS[2 * u + 1] as usize]
    }

    /// The patterns literal `at` opens a unit of.
    fn patterns_of(&self, at: usize) -> &[u32] {
        let start = at
            .checked_sub(1)
            .map_or(0, |i| self.literal_ends[i] as usize);
        &self.literal_patterns[start..self.literal_ends[at] as usize]
    }

    /// Which units and patterns may match somewhere in `text`, and in
    /// which of its paragraphs.
    fn open(&self, text: &[u8]) -> Active {
        let mut open = ALWAYS.to_vec();
        let mut patterns = self.always_patterns.clone();
        if matches!(self.literals, Finder::None) {
            open.iter_mut().for_each(|w| *w = u64::MAX);
            patterns.iter_mut().for_each(|w| *w = u64::MAX);
        }
        let paragraphs = paragraph_starts(text);
        let mut whole = self.always_patterns.clone();
        let mut places: Vec<Vec<u32>> = Vec::new();
        places.resize_with(self.always_patterns.len() * 64, Vec::new);
        // The paragraph each literal was last found in, plus one (0: not
        // found): a literal found again in the same paragraph opens nothing
        // new. Kept between texts, and cleared where it was written: there
        // are thousands of literals, and a text holds a few hundred.
        let mut last = LAST_FOUND.take();
        last.resize(LITERAL_ENDS.len(), 0);
        let mut touched: Vec<u32> = Vec::new();
        // The paragraph of the last place asked about: places come nearly
        // in order.
        let mut cursor = 0;
        let mut found = |at: usize, place: Option<usize>| {
            let paragraph = place.map(|i| {
                let i = i as u32;
                if paragraphs[cursor] > i {
                    cursor = 0;
                }
                while paragraphs.get(cursor + 1).is_some_and(|&s| s <= i) {
                    cursor += 1;
                }
                cursor as u32
            });
            let seen = last[at];
            let mark = paragraph.map_or(u32::MAX, |k| k + 1);
            if paragraph.is_some() && mark == seen {
                return;
            }
            last[at] = mark;
            if seen == 0 {
                touched.push(at as u32);
                for &u in owners(at) {
                    let p = self.pattern_of[u as usize];
                    open[u as usize / 64] |= 1 << (u % 64);
                    patterns[p as usize / 64] |= 1 << (p % 64);
                }
            }
            for &p in self.patterns_of(at) {
                let p = p as usize;
                match paragraph {
                    Some(k) if places[p].last() != Some(&k) => places[p].push(k),
                    Some(_) => {}
                    None => whole[p / 64] |= 1 << (p % 64),
                }
            }
        };
        match &self.literals {
            Finder::Automaton(ac) => {
                for m in ac.find_overlapping_iter(text) {
                    found(m.pattern().as_usize(), Some(m.start()));
                }
            }
            Finder::Pairs => find_by_pairs(text, found),
            Finder::None => {}
        }
        for &at in &touched {
            last[at as usize] = 0;
        }
        LAST_FOUND.set(last);
        for list in &mut places {
            // Overlapping matches come in the order they end, so a list
            // can step back a paragraph.
            if !list.is_sorted() {
                list.sort_unstable();
                list.dedup();
            }
        }
        let start = text.as_ptr() as usize;
        Active {
            start,
            end: start + text.len(),
            open,
            patterns,
            whole,
            paragraphs,
            places,
        }
    }
}

/// Where the paragraphs of `text` start: at its start and after each blank
/// line ("\n\n"; `check` joins a post-mortem's prose values with one).
fn paragraph_starts(text: &[u8]) -> Vec<u32> {
    std::iter::once(0)
        .chain(memchr::memmem::find_iter(text, b"\n\n").map(|i| (i + 2) as u32))
        .collect()
}

struct Active {
    start: usize,
    end: usize,
    /// The units open in the text.
    open: Vec<u64>,
    /// The patterns with a unit open in the text.
    patterns: Vec<u64>,
    /// The patterns that search the whole text: a unit of theirs has no
    /// literal, or one of a single byte.
    whole: Vec<u64>,
    /// Where the text's paragraphs start.
    paragraphs: Vec<u32>,
    /// For each pattern, the paragraphs its literals were found in, in
    /// order.
    places: Vec<Vec<u32>>,
}

thread_local! {
    /// [`Gate::open`]'s table of where each literal was last found, all
    /// zero between texts.
    static LAST_FOUND: std::cell::Cell<Vec<u32>> = const { std::cell::Cell::new(Vec::new()) };
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
        let active = GATE.open(text.as_bytes());
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

/// Which units of a built-in pattern may match in a text.
#[derive(Debug, PartialEq)]
pub(super) enum Open {
    /// Every unit may: the text is outside the current scope, or each
    /// unit's literals occur in it.
    All,
    /// These units (in order) and no others; perhaps none.
    Some(Vec<u32>),
}

/// Which units of built-in pattern `id` may match in `text`: only those
/// whose literals occur in the current scope's text, when `text` lies
/// inside it.
pub(super) fn open_units(id: u32, text: &str) -> Open {
    ACTIVE.with(|a| {
        let a = a.borrow();
        match a.as_ref() {
            Some(a) if a.holds(text) => {
                let units = GATE.units(id);
                let all = units.len();
                let open: Vec<u32> = units.filter(|&u| a.is_open(u)).map(|u| u as u32).collect();
                if open.len() == all {
                    Open::All
                } else {
                    Open::Some(open)
                }
            }
            _ => Open::All,
        }
    })
}

/// Whether built-in pattern `id` may match in `text`: false only when
/// `text` lies inside the current scope's text and none of the pattern's
/// units' literals occur there.
pub(super) fn may_match(id: u32, text: &str) -> bool {
    ACTIVE.with(|a| {
        let a = a.borrow();
        match a.as_ref() {
            Some(a) if a.holds(text) => a.patterns[id as usize / 64] & (1 << (id % 64)) != 0,
            _ => true,
        }
    })
}

/// The parts of `text` a search by built-in pattern `id` must look at, as
/// byte ranges of `text` in order: the paragraphs its literals were found
/// in, when `text` is the current scope's text; else the whole text.
///
/// Every match of a unit contains one of its literals, so a match that
/// does not run past a blank line lies in the paragraph of one of its
/// literals. Searching each of those paragraphs, with the rest of the text
/// still there for `^`, `$` and `\b` to look at, finds those matches, and
/// none from one prose value into the next (`check` joins a post-mortem's
/// values with a blank line). In generated post-mortems this halved the
/// patterns' search time. A pattern with a unit always open
/// searches the whole text at once.
pub(super) fn windows(id: u32, text: &str) -> Vec<(usize, usize)> {
    let whole = vec![(0, text.len())];
    ACTIVE.with(|a| {
        let a = a.borrow();
        let Some(a) = a.as_ref().filter(|a| a.is(text)) else {
            return whole;
        };
        let p = id as usize;
        if a.whole[p / 64] & (1 << (p % 64)) != 0 {
            return whole;
        }
        // One search a paragraph, even of two in a row: a search of both
        // at once could match across the blank line between them.
        a.places[p]
            .iter()
            .map(|&k| {
                let k = k as usize;
                let start = a.paragraphs[k] as usize;
                let end = a.paragraphs.get(k + 1).map_or(text.len(), |&e| e as usize);
                (start, end)
            })
            .collect()
    })
}

impl Active {
    /// Whether `text` is the scope's text itself, not a part of it.
    fn is(&self, text: &str) -> bool {
        text.as_ptr() as usize == self.start && text.len() == self.end - self.start
    }

    /// Whether `text` lies inside the scope's text.
    fn holds(&self, text: &str) -> bool {
        let start = text.as_ptr() as usize;
        start >= self.start && start + text.len() <= self.end
    }

    fn is_open(&self, unit: usize) -> bool {
        self.open[unit / 64] & (1 << (unit % 64)) != 0
    }
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
    /// source, and each unit's gate is what its alternative requires.
    #[test]
    fn every_built_in_pattern_has_its_gate_from_build_time() {
        let read: Vec<(Option<&str>, &str, &Vec<String>)> = RULES
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
            )
            .collect();
        assert_eq!(read.len(), BUILT.len());
        let mut units_seen = 0;
        for (rule, name, alts) in &read {
            let id = GATE
                .id(*rule, name)
                .unwrap_or_else(|| panic!("no gate for {rule:?} {name}"));
            let source = join(alts);
            assert_eq!(GATE.source(id), source, "{rule:?} {name}");
            let units: Vec<String> = super::super::literals::units(alts).collect();
            assert_eq!(GATE.units(id).len(), units.len(), "{rule:?} {name}");
            for (u, unit) in GATE.units(id).zip(&units) {
                units_seen += 1;
                assert_eq!(GATE.unit_source(id, u as u32), unit, "{rule:?} {name}");
                let now = gate_literals(&parse(unit).unwrap());
                let then =
                    BUILT_LITERALS[u].map(|l| l.iter().map(|l| l.to_vec()).collect::<Vec<_>>());
                assert_eq!(now, then, "{rule:?} {name} {unit}");
                // The search tables open the unit on exactly its literals.
                let mut opened_by: Vec<Vec<u8>> = (0..LITERAL_ENDS.len())
                    .filter(|&at| owners(at).contains(&(u as u32)))
                    .map(|at| literal(at).to_vec())
                    .collect();
                opened_by.sort();
                let always = ALWAYS[u / 64] & (1 << (u % 64)) != 0;
                match then {
                    Some(lits) => {
                        assert!(!always, "{rule:?} {name} {unit}");
                        assert_eq!(opened_by, lits, "{rule:?} {name} {unit}");
                    }
                    None => assert!(always && opened_by.is_empty(), "{rule:?} {name} {unit}"),
                }
            }
            super::super::data::Pat::new(std::slice::from_ref(&source))
                .unwrap_or_else(|e| panic!("{rule:?} {name}: {e}"));
        }
        assert_eq!(units_seen, BUILT_LITERALS.len());
        assert!(read.len() > 50, "{}", read.len());
    }

    /// The quick start's search finds exactly the literals the automaton
    /// finds, in the rule files' own examples and at the edges of a text.
    #[test]
    fn the_quick_search_finds_what_the_automaton_finds() {
        let ac = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::DFA))
            .build((0..LITERAL_ENDS.len()).map(literal))
            .unwrap();
        let mut texts: Vec<String> = RULES
            .iter()
            .flat_map(|r| r.examples.fires.iter().chain(&r.examples.quiet))
            .map(|t| t.to_ascii_lowercase())
            .collect();
        texts.extend(
            (0..LITERAL_ENDS.len()).map(|at| String::from_utf8_lossy(literal(at)).into_owned()),
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
            find_by_pairs(text.as_bytes(), |at, _| by_pairs.push(at));
            by_pairs.sort();
            by_pairs.dedup();
            assert_eq!(by_pairs, by_ac, "{text:?}");
        }
    }

    /// Searching only the paragraphs a pattern's literals were found in
    /// finds what searching every paragraph finds: every built-in pattern,
    /// over the rule files' examples as one post-mortem's prose (one
    /// paragraph each), the starts of matches as the rules see them. (A
    /// search of the whole text at once could also find matches that run
    /// past a blank line, from one prose value into the next; those were
    /// never findings.)
    #[test]
    fn the_paragraphs_searched_hold_every_match() {
        use super::super::data::{Pat, frame, pattern};
        let examples: Vec<String> = RULES
            .iter()
            .flat_map(|r| r.examples.fires.iter().chain(&r.examples.quiet))
            .map(|t| super::super::text::normalise(t).text.to_ascii_lowercase())
            .collect();
        let joined = examples.join("\n\n");
        let starts = paragraph_starts(joined.as_bytes());
        let mut windowed_somewhere = false;
        for (id, b) in BUILT.iter().enumerate() {
            let p: Pat = match b.rule {
                Some(rule) => pattern(rule, b.name),
                None => frame(b.name),
            };
            // Each paragraph alone, and the whole text: no scope yet, so
            // each is searched whole.
            let mut every: Vec<(usize, usize)> = Vec::new();
            for (k, &start) in starts.iter().enumerate() {
                let end = starts.get(k + 1).map_or(joined.len(), |&e| e as usize);
                let paragraph = &joined[start as usize..end];
                every.extend(
                    p.find_iter(paragraph)
                        .map(|m| (start as usize + m.start(), start as usize + m.end())),
                );
            }
            let whole: Vec<(usize, usize)> =
                p.find_iter(&joined).map(|m| (m.start(), m.end())).collect();
            let _scope = Scope::enter(&joined);
            let windowed = windows(id as u32, &joined) != [(0, joined.len())];
            windowed_somewhere |= windowed;
            let found: Vec<(usize, usize)> =
                p.find_iter(&joined).map(|m| (m.start(), m.end())).collect();
            let expected = if windowed { &every } else { &whole };
            assert_eq!(&found, expected, "{:?} {}", b.rule, b.name);
        }
        assert!(
            windowed_somewhere,
            "no pattern searched less than the whole text"
        );
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
        assert_eq!(open_units(id, &scoped), Open::Some(vec![]));
        assert_eq!(open_units(id, &other), Open::All);
    }

    /// A text opens only the alternatives whose literals it holds, and a
    /// pattern compiled from those finds what the whole pattern finds.
    #[test]
    fn a_text_opens_only_the_alternatives_it_may_match() {
        let id = GATE.id(Some("punishment"), "punishment-phrase").unwrap();
        let text = String::from("the engineer got a formal warning and lost his prod access");
        let _scope = Scope::enter(&text);
        let Open::Some(open) = open_units(id, &text) else {
            panic!("a punishment phrase opens every alternative of its pattern");
        };
        assert!(
            !open.is_empty() && open.len() < GATE.units(id).len() / 4,
            "{open:?}"
        );
        let part = open
            .iter()
            .map(|&u| GATE.unit_source(id, u))
            .collect::<Vec<_>>()
            .join("|");
        let find = |source: &str| {
            let re = regex_automata::meta::Regex::builder()
                .syntax(
                    regex_automata::util::syntax::Config::new()
                        .unicode(false)
                        .utf8(false),
                )
                .build(source)
                .unwrap();
            re.find_iter(text.as_bytes())
                .map(|m| (m.start(), m.end()))
                .collect::<Vec<_>>()
        };
        let whole = find(GATE.source(id));
        assert!(!whole.is_empty());
        assert_eq!(find(&part), whole);
    }
}
