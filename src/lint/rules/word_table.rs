//! The evidence model's word weights (signals-words.tsv) as a hash table
//! laid out at build time, so pm pays nothing to read them at start-up: a
//! one-file lint (a pre-commit hook) spent more time parsing the file into
//! a map than linting once it held pairs of words as well as words.
//!
//! build.rs writes two files from signals-words.tsv: every key (a word, or
//! two words joined by one space) one after the other, and a table of
//! slots, a power of two of them, each a little-endian `u64`: the key's
//! offset in the keys (bits 40-63), its length (bits 32-39) and its weight
//! as `f32` bits (bits 0-31); an empty slot is zero. A key sits at the
//! first free slot from its hash ([`hash`]), probing onwards.
//! This file is shared with build.rs (`#[path]`), so both hash alike.

/// A hash of the key `parts` joined by single spaces, made from the parts
/// without joining them: build.rs hashes each key split at its spaces,
/// the evidence model a word or a pair of words of a sentence as they
/// stand. Eight bytes at a time, and a word is rarely longer: the model
/// looks up every word and every pair of words of a sentence, and a byte
/// at a time (FNV-1a) took about 5% of a cold lint.
pub fn hash(parts: &[&str]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let step = |h: u64, word: u64| (h.rotate_left(23) ^ word).wrapping_mul(K);
    let mut h: u64 = 0;
    for part in parts {
        let bytes = part.as_bytes();
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            h = step(h, u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        let mut word = [0u8; 8];
        word[..rest.len()].copy_from_slice(rest);
        // The part's length goes in too: "ab" "c" is not "a" "bc".
        h = step(h, u64::from_le_bytes(word) ^ ((bytes.len() as u64) << 56));
    }
    // The table takes the low bits: mix the high ones down.
    h ^= h >> 32;
    h = h.wrapping_mul(K);
    h ^ (h >> 29)
}

/// A slot holding the key at `offset` of `len` bytes and its weight.
#[allow(dead_code)] // build.rs lays out the table; pm only reads it.
pub fn slot(offset: usize, len: usize, weight: f32) -> u64 {
    assert!(
        offset < 1 << 24 && (1..256).contains(&len),
        "a word table key"
    );
    ((offset as u64) << 40) | ((len as u64) << 32) | u64::from(weight.to_bits())
}

/// A word table: its keys and its slots, as build.rs wrote them.
#[allow(dead_code)] // build.rs shares the functions above, not this.
pub struct Table {
    pub keys: &'static str,
    pub slots: &'static [u8],
}

#[allow(dead_code)]
impl Table {
    fn slots(&self) -> usize {
        self.slots.len() / 8
    }

    fn slot(&self, i: usize) -> u64 {
        self.slots
            .get(i * 8..i * 8 + 8)
            .and_then(|b| b.try_into().ok())
            .map_or(0, u64::from_le_bytes)
    }

    /// The weight of the key `parts` joined by single spaces, if it has one.
    pub fn get(&self, parts: &[&str]) -> Option<f64> {
        let n = self.slots();
        if n == 0 {
            return None;
        }
        let len = parts.iter().map(|p| p.len()).sum::<usize>() + parts.len().saturating_sub(1);
        // No key is longer (a slot holds its length in a byte).
        if len > 255 {
            return None;
        }
        let mut i = hash(parts) as usize & (n - 1);
        loop {
            let s = self.slot(i);
            let slot_len = ((s >> 32) & 0xff) as usize;
            if slot_len == 0 {
                return None;
            }
            if slot_len == len {
                let at = (s >> 40) as usize;
                if self.keys.get(at..at + len).is_some_and(|k| same(k, parts)) {
                    return Some(f64::from(f32::from_bits(s as u32)));
                }
            }
            i = (i + 1) & (n - 1);
        }
    }

    /// Every key and its weight, in no order (for the tests).
    pub fn entries(&self) -> impl Iterator<Item = (&'static str, f64)> + '_ {
        (0..self.slots()).filter_map(|i| {
            let s = self.slot(i);
            let len = ((s >> 32) & 0xff) as usize;
            let at = (s >> 40) as usize;
            let key = self.keys.get(at..at + len).filter(|_| len > 0)?;
            Some((key, f64::from(f32::from_bits(s as u32))))
        })
    }
}

/// Whether `key` is `parts` joined by single spaces (`key` has their
/// length, spaces included).
fn same(key: &str, parts: &[&str]) -> bool {
    let key = key.as_bytes();
    match parts {
        [one] => key == one.as_bytes(),
        [a, b] => {
            key[..a.len()] == *a.as_bytes()
                && key[a.len()] == b' '
                && key[a.len() + 1..] == *b.as_bytes()
        }
        _ => {
            let mut rest = key;
            for (i, part) in parts.iter().enumerate() {
                if i > 0 {
                    let Some(r) = rest.strip_prefix(b" ") else {
                        return false;
                    };
                    rest = r;
                }
                let Some(r) = rest.strip_prefix(part.as_bytes()) else {
                    return false;
                };
                rest = r;
            }
            rest.is_empty()
        }
    }
}
