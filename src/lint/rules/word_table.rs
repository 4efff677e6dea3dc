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
//! first free slot from its hash (FNV-1a of its bytes), probing onwards.
//! This file is shared with build.rs (`#[path]`), so both hash alike.

/// FNV-1a of the bytes of `parts` joined by single spaces: a pair of words
/// hashes as the key "failed to" without being joined in memory.
pub fn hash(parts: &[&str]) -> u64 {
    // Plain loops: an iterator chaining the space before each part took
    // several times as long, and the evidence model looks up every word
    // and every pair of words of a sentence.
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            h = (h ^ u64::from(b' ')).wrapping_mul(PRIME);
        }
        for &b in part.as_bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(PRIME);
        }
    }
    h
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
