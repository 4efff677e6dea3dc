//! Shorter post-mortem ids for narrow tables: `checkout-latency#A1`
//! instead of `2026-11-27-checkout-latency-spike-on-black-friday#A1`.
//!
//! A short form is offered only when `Store::resolve` would take it back to
//! the same file, by its rules: an id that starts with the text (or whose
//! slug, after the date, does) wins; otherwise the one id that contains
//! it, in any case. So a short reference copied from
//! a table works as typed, today.
//!
//! Each id has three forms: the whole id; the id without its date (the
//! slug); and the fewest leading words of the slug that are unique. All
//! candidates are matched against every id in one pass of an Aho-Corasick
//! automaton, so 10,000 ids cost milliseconds, not the 10^8 substring
//! tests of comparing each with each.

use std::collections::HashMap;

use aho_corasick::AhoCorasick;

/// How short a form to use: the whole id, without the date, or the fewest
/// words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Short {
    Whole,
    NoDate,
    Fewest,
}

impl Short {
    pub const ALL: [Short; 3] = [Short::Whole, Short::NoDate, Short::Fewest];
}

/// The short forms of some ids, against all the ids of a repository.
#[derive(Debug, Default)]
pub struct ShortIds {
    /// Without the date, and the fewest words; either may be the whole id.
    forms: HashMap<String, (String, String)>,
}

use crate::store::dated_slug as slug;

/// Who matches a candidate: ids that start with it, ids that contain it
/// (the first, and whether there are more).
#[derive(Debug, Default, Clone, Copy)]
struct Hits {
    prefix: Option<usize>,
    prefix_more: bool,
    contain: Option<usize>,
    contain_more: bool,
}

impl Hits {
    fn add(&mut self, id: usize, at_start: bool) {
        if at_start {
            match self.prefix {
                None => self.prefix = Some(id),
                Some(p) if p != id => self.prefix_more = true,
                _ => {}
            }
        }
        match self.contain {
            None => self.contain = Some(id),
            Some(c) if c != id => self.contain_more = true,
            _ => {}
        }
    }

    /// Whether `resolve(candidate)` gives exactly `target`.
    fn resolves_to(&self, target: usize) -> bool {
        match self.prefix {
            Some(p) => p == target && !self.prefix_more,
            None => self.contain == Some(target) && !self.contain_more,
        }
    }
}

impl ShortIds {
    /// `all`: every id `resolve` searches (file names without extension);
    /// `wanted`: the ids to shorten, a subset of `all`. Both short forms
    /// come from one pass over all the ids.
    pub fn new(all: &[&str], wanted: &[&str]) -> ShortIds {
        let mut wanted = wanted.to_vec();
        wanted.sort_unstable();
        wanted.dedup();
        let index: HashMap<&str, usize> = all.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        // Candidates per wanted id: the slug, then its leading words, longest
        // first. Only lowercase ids (resolve lowercases what is typed), and
        // never text that starts like a year (resolve reads those as ids).
        let mut patterns: Vec<String> = Vec::new();
        let mut pattern_of: HashMap<String, usize> = HashMap::new();
        let mut plans: Vec<(&str, usize, Vec<usize>)> = Vec::new();
        for &id in &wanted {
            let Some(&target) = index.get(id) else {
                continue;
            };
            let Some(slug) = slug(id) else { continue };
            if id.chars().any(|c| c.is_uppercase())
                || slug.len() < 4
                || slug.bytes().take(4).all(|b| b.is_ascii_digit())
            {
                continue;
            }
            let words: Vec<&str> = slug.split('-').collect();
            let mut cands: Vec<String> = vec![slug.to_string()];
            for k in (1..words.len()).rev() {
                let prefix = words[..k].join("-");
                if prefix.len() >= 4 {
                    cands.push(prefix);
                }
            }
            let mut ids = Vec::new();
            for c in cands {
                let n = patterns.len();
                let at = *pattern_of.entry(c.clone()).or_insert_with(|| {
                    patterns.push(c);
                    n
                });
                ids.push(at);
            }
            plans.push((id, target, ids));
        }
        let mut forms = HashMap::new();
        if patterns.is_empty() {
            return ShortIds { forms };
        }
        // Resolve matches parts in any case: so do the candidates (ASCII
        // slugs), against every id as it is written.
        let Ok(ac) = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(&patterns)
        else {
            return ShortIds { forms };
        };
        let mut hits = vec![Hits::default(); patterns.len()];
        for (i, id) in all.iter().enumerate() {
            let slug_at = slug(id).map(|s| id.len() - s.len());
            for m in ac.find_overlapping_iter(*id) {
                let at_start = m.start() == 0 || Some(m.start()) == slug_at;
                hits[m.pattern().as_usize()].add(i, at_start);
            }
        }
        for (id, target, cands) in plans {
            // The slug is the first candidate and the longest; a candidate
            // that resolves makes every longer one resolve too.
            let ok = |p: &&usize| hits[**p].resolves_to(target);
            let Some(&fewest) = cands.iter().rev().find(ok) else {
                continue;
            };
            let whole = id.to_string();
            let no_date = match cands.first().filter(ok) {
                Some(&p) => patterns[p].clone(),
                None => whole.clone(),
            };
            forms.insert(whole, (no_date, patterns[fewest].clone()));
        }
        ShortIds { forms }
    }

    /// `id` in the given form; the whole id when no shorter form is safe.
    pub fn get<'a>(&'a self, id: &'a str, form: Short) -> &'a str {
        match (form, self.forms.get(id)) {
            (Short::NoDate, Some((no_date, _))) => no_date,
            (Short::Fewest, Some((_, fewest))) => fewest,
            _ => id,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_forms_resolve_to_their_id_only() {
        let all = [
            "2026-11-27-checkout-latency-spike",
            "2026-11-20-checkout-latency-spike-2",
            "2026-10-01-payments-db-failover",
            "2026-09-01-payments-api-timeouts",
            "2026-08-01-cache-stampede",
            "cache",
        ];
        let short = ShortIds::new(&all, &all);
        let no_date = |id| short.get(id, Short::NoDate);
        let fewest = |id| short.get(id, Short::Fewest);
        // The slug is inside its -2 sibling: no shorter form is safe.
        assert_eq!(no_date(all[0]), "2026-11-27-checkout-latency-spike");
        assert_eq!(fewest(all[0]), "2026-11-27-checkout-latency-spike");
        assert_eq!(fewest(all[1]), "checkout-latency-spike-2");
        assert_eq!(no_date(all[2]), "payments-db-failover");
        assert_eq!(fewest(all[2]), "payments-db");
        assert_eq!(fewest(all[3]), "payments-api");
        // `cache` is a whole id elsewhere, and ids that start with the
        // text win: `cache-stampede` is safe, `cache` would not be.
        assert_eq!(fewest(all[4]), "cache-stampede");
        assert_eq!(fewest("cache"), "cache");
    }
}
