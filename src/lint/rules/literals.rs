//! The literals a pattern's every match must contain, derived from its
//! syntax. Shared by the build script (build.rs), which computes the gates
//! of every built-in pattern once, at build time, and by pm (for [`join`]
//! and in tests): so this file uses nothing but std
//! and regex-syntax.

// pm itself uses only `join` outside tests.
#![allow(dead_code)]

use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Hir, HirKind};

/// The alternatives of a pattern as one regular expression: its
/// [`units`] joined by `|`.
pub fn join(alternatives: &[String]) -> String {
    units(alternatives).collect::<Vec<_>>().join("|")
}

/// Each alternative of a pattern as a group of its own, as it appears in
/// the pattern's [`join`]ed source.
pub fn units(alternatives: &[String]) -> impl Iterator<Item = String> + '_ {
    alternatives.iter().map(|a| format!("(?:{a})"))
}

/// Parse a pattern as pm compiles it: ASCII, on bytes. `None` if it is not
/// a valid pattern (pm's own tests report why).
pub fn parse(source: &str) -> Option<Hir> {
    regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .parse(source)
        .ok()
}

/// A set of literals one of which every match of `hir` contains, if the
/// pattern has one: what its parts require, or what the regex-syntax
/// literal extractor says every match starts with, whichever is more
/// selective. `None`: the pattern must always be run.
pub fn gate_literals(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    better(required(hir), prefixes(hir))
}

/// What every match contains, from the pattern's structure: a literal is
/// itself; a concatenation contains what any of its parts contains; an
/// alternation one of what each branch contains; a repetition at least
/// once what it repeats.
fn required(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    let structural = match hir.kind() {
        HirKind::Literal(lit) => usable(vec![lit.0.to_vec()]),
        HirKind::Capture(cap) => required(&cap.sub),
        HirKind::Repetition(rep) if rep.min >= 1 => required(&rep.sub),
        HirKind::Alternation(alts) => {
            let mut all = Vec::new();
            for alt in alts {
                all.extend(required(alt)?);
            }
            usable(all)
        }
        HirKind::Concat(parts) => parts.iter().map(required).fold(None, better),
        _ => None,
    };
    // Each part may also be gated by what its matches start or end with:
    // an alternation is only as selective as its weakest branch.
    match hir.kind() {
        HirKind::Concat(_) | HirKind::Alternation(_) => better(
            better(structural, extracted(hir, ExtractKind::Prefix)),
            extracted(hir, ExtractKind::Suffix),
        ),
        _ => structural,
    }
}

/// What every match starts with, when that is a finite set.
fn prefixes(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    extracted(hir, ExtractKind::Prefix)
}

/// What every match starts (or ends) with, when that is a finite set.
fn extracted(hir: &Hir, kind: ExtractKind) -> Option<Vec<Vec<u8>>> {
    let seq = Extractor::new().kind(kind).extract(hir);
    usable(
        seq.literals()?
            .iter()
            .map(|l| l.as_bytes().to_vec())
            .collect(),
    )
}

/// Literals are cut to this many bytes: a prefix of a required literal is
/// required too, and short literals keep the automaton small.
const LONGEST: usize = 12;

/// A set in its smallest form: literals cut to [`LONGEST`] bytes, and none
/// that contains another (a text holding "dismissed a" holds "dismissed").
/// A set is useless if it is empty or holds the empty string.
fn usable(lits: Vec<Vec<u8>>) -> Option<Vec<Vec<u8>>> {
    if lits.is_empty() || lits.iter().any(Vec::is_empty) {
        return None;
    }
    let mut lits: Vec<Vec<u8>> = lits
        .into_iter()
        .map(|mut l| {
            l.truncate(LONGEST);
            l
        })
        .collect();
    lits.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
    lits.dedup();
    let mut kept: Vec<Vec<u8>> = Vec::with_capacity(lits.len());
    for l in lits {
        if !kept
            .iter()
            .any(|k| l.windows(k.len()).any(|w| w == k.as_slice()))
        {
            kept.push(l);
        }
    }
    kept.sort();
    Some(kept)
}

/// The more selective of two sets: the longer shortest literal, then the
/// fewer literals.
fn better(a: Option<Vec<Vec<u8>>>, b: Option<Vec<Vec<u8>>>) -> Option<Vec<Vec<u8>>> {
    let score = |l: &Vec<Vec<u8>>| {
        (
            l.iter().map(Vec::len).min().unwrap_or(0),
            std::cmp::Reverse(l.len()),
        )
    };
    match (a, b) {
        (Some(a), Some(b)) => Some(if score(&b) > score(&a) { b } else { a }),
        (a, b) => a.or(b),
    }
}

/// The gates of every pattern as the tables pm searches with, computed
/// once by build.rs so that start-up builds nothing (see gate.rs).
pub struct Tables {
    /// The distinct literals, in the order patterns first require them.
    pub literals: Vec<Vec<u8>>,
    /// For each literal, the patterns (by index) it opens.
    pub owners: Vec<Vec<u32>>,
    /// A bit per pattern: set for a pattern with no gate, always open.
    pub always: Vec<u64>,
    /// For each [`bucket`] of two bytes, where its literals start in
    /// `order` (one more entry than there are buckets).
    pub starts: Vec<u32>,
    /// The literals of two or more bytes, by bucket.
    pub order: Vec<u32>,
    /// The literals of one byte.
    pub short: Vec<u32>,
}

/// How many buckets of two bytes there are.
pub const BUCKETS: usize = 1 << 14;

/// The bucket of a literal or of a position in a text by its first two
/// bytes (their low seven bits: the texts are ASCII, and a collision only
/// costs a comparison).
pub fn bucket(a: u8, b: u8) -> usize {
    (usize::from(a & 0x7f) << 7) | usize::from(b & 0x7f)
}

/// The tables for the patterns' gates, in pattern order (`None`: no gate).
pub fn tables(gates: &[Option<Vec<Vec<u8>>>]) -> Tables {
    let mut t = Tables {
        literals: Vec::new(),
        owners: Vec::new(),
        always: vec![0; gates.len().div_ceil(64)],
        starts: vec![0; BUCKETS + 1],
        order: Vec::new(),
        short: Vec::new(),
    };
    let mut index = std::collections::HashMap::new();
    for (id, gate) in gates.iter().enumerate() {
        match gate {
            // The empty literal is in every text: no gate.
            Some(lits) if lits.iter().all(|l| !l.is_empty()) => {
                for lit in lits {
                    let at = *index.entry(lit.clone()).or_insert_with(|| {
                        t.literals.push(lit.clone());
                        t.owners.push(Vec::new());
                        t.owners.len() - 1
                    });
                    if t.owners[at].last() != Some(&(id as u32)) {
                        t.owners[at].push(id as u32);
                    }
                }
            }
            _ => t.always[id / 64] |= 1 << (id % 64),
        }
    }
    for (i, lit) in t.literals.iter().enumerate() {
        match lit[..] {
            [a, b, ..] => t.starts[bucket(a, b) + 1] += 1,
            _ => t.short.push(i as u32),
        }
    }
    for i in 1..t.starts.len() {
        t.starts[i] += t.starts[i - 1];
    }
    let mut next = t.starts.clone();
    t.order = vec![0; t.starts[BUCKETS] as usize];
    for (i, lit) in t.literals.iter().enumerate() {
        if let [a, b, ..] = lit[..] {
            let at = &mut next[bucket(a, b)];
            t.order[*at as usize] = i as u32;
            *at += 1;
        }
    }
    t
}
