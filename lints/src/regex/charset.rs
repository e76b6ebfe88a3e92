//! Sets of characters and the partition of a pattern's sets into disjoint classes, so
//! that the automaton reads class ids and two transitions overlap iff they share one.

use std::collections::HashMap;

/// The last Unicode scalar value plus one: the end of every universe of characters.
const END: u32 = 0x11_0000;

/// A set of characters as sorted, merged, inclusive ranges of scalar values.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CharSet {
    ranges: Vec<(u32, u32)>,
}

impl CharSet {
    /// Sorts and merges the ranges so that equal sets compare equal.
    pub fn from_ranges(mut ranges: Vec<(u32, u32)>) -> CharSet {
        ranges.retain(|&(lo, hi)| lo <= hi);
        ranges.sort_unstable();
        let mut merged: Vec<(u32, u32)> = Vec::with_capacity(ranges.len());
        for (lo, hi) in ranges {
            match merged.last_mut() {
                Some(last) if lo <= last.1.saturating_add(1) => last.1 = last.1.max(hi),
                _ => merged.push((lo, hi)),
            }
        }
        CharSet { ranges: merged }
    }

    /// One character, with its simple case variants when the pattern ignores case.
    pub fn of_char(c: char, ignore_case: bool) -> CharSet {
        let mut ranges = vec![(c as u32, c as u32)];
        if ignore_case {
            for variant in c.to_lowercase().chain(c.to_uppercase()) {
                ranges.push((variant as u32, variant as u32));
            }
        }
        CharSet::from_ranges(ranges)
    }

    /// `.`: every character, or every one but the line feed.
    pub fn any(with_newline: bool) -> CharSet {
        if with_newline {
            CharSet::from_ranges(vec![(0, END - 1)])
        } else {
            CharSet::from_ranges(vec![(0, 9), (11, END - 1)])
        }
    }

    /// Whether the set holds `c`.
    pub fn contains(&self, c: char) -> bool {
        let c = c as u32;
        self.ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi)
    }

    /// The ranges, sorted and merged.
    pub fn ranges(&self) -> &[(u32, u32)] {
        &self.ranges
    }
}

/// A small fixed-width bit set over class ids.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct Bits(Vec<u64>);

impl Bits {
    /// An empty set able to hold ids below `width`.
    pub fn new(width: usize) -> Bits {
        Bits(vec![0; width.div_ceil(64).max(1)])
    }

    /// Adds `id`.
    pub fn insert(&mut self, id: usize) {
        if let Some(word) = self.0.get_mut(id / 64) {
            *word |= 1 << (id % 64);
        }
    }

    /// Whether `id` is in the set.
    pub fn contains(&self, id: usize) -> bool {
        self.0
            .get(id / 64)
            .is_some_and(|word| word & (1 << (id % 64)) != 0)
    }

    /// The first id in both sets, if any.
    pub fn first_common(&self, other: &Bits) -> Option<usize> {
        self.0
            .iter()
            .zip(&other.0)
            .enumerate()
            .find(|(_, (a, b))| *a & *b != 0)
            .map(|(i, (a, b))| i * 64 + (a & b).trailing_zeros() as usize)
    }

    /// The ids of the set in increasing order.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.0.iter().enumerate().flat_map(|(i, &word)| {
            (0..64)
                .filter(move |bit| word & (1u64 << bit) != 0)
                .map(move |bit| i * 64 + bit)
        })
    }
}

/// The disjoint classes that the sets of one pattern cut the characters into.
#[derive(Debug, Clone)]
pub struct Alphabet {
    /// A readable character of each class, used to write attack strings.
    pub representatives: Vec<char>,
    /// For each input set (same order), the classes it covers.
    pub members: Vec<Bits>,
}

impl Alphabet {
    /// Partitions the characters by which of `sets` contain them; class 0 may be the
    /// characters that no set holds, which attack strings use to make a match fail.
    pub fn partition(sets: &[CharSet]) -> Alphabet {
        let mut cuts: Vec<u32> = vec![0, END];
        for set in sets {
            for &(lo, hi) in set.ranges() {
                cuts.push(lo);
                cuts.push(hi + 1);
            }
        }
        cuts.sort_unstable();
        cuts.dedup();
        let mut class_of_signature: HashMap<Bits, usize> = HashMap::new();
        let mut representatives: Vec<char> = Vec::new();
        let mut interval_classes: Vec<(u32, u32, usize)> = Vec::new();
        for pair in cuts.windows(2) {
            let (lo, hi) = (pair[0], pair[1] - 1);
            let mut signature = Bits::new(sets.len());
            for (i, set) in sets.iter().enumerate() {
                if set.contains_range_start(lo) {
                    signature.insert(i);
                }
            }
            let next = class_of_signature.len();
            let class = *class_of_signature.entry(signature).or_insert(next);
            if class == representatives.len() {
                representatives.push(char::REPLACEMENT_CHARACTER);
            }
            if let Some(best) = pick_readable(lo, hi) {
                if rank(best) < rank(representatives[class]) {
                    representatives[class] = best;
                }
            }
            interval_classes.push((lo, hi, class));
        }
        let width = representatives.len();
        let members = sets
            .iter()
            .map(|set| {
                let mut bits = Bits::new(width);
                for &(lo, _, class) in &interval_classes {
                    if set.contains_range_start(lo) {
                        bits.insert(class);
                    }
                }
                bits
            })
            .collect();
        Alphabet {
            representatives,
            members,
        }
    }
}

impl CharSet {
    /// Whether the set holds the scalar value `c` (which may be a surrogate).
    fn contains_range_start(&self, c: u32) -> bool {
        let i = self.ranges.partition_point(|&(_, hi)| hi < c);
        self.ranges.get(i).is_some_and(|&(lo, _)| lo <= c)
    }
}

/// How readable a character is in an attack string: lower is better.
fn rank(c: char) -> u32 {
    match c {
        'a'..='z' | '0'..='9' | 'A'..='Z' => 0,
        '!'..='~' => 1,
        ' ' => 2,
        '\n' | '\r' => 5,
        c if (c as u32) < 0x80 => 4,
        char::REPLACEMENT_CHARACTER => 9,
        _ => 3,
    }
}

/// The most readable character in `lo..=hi`, if the range holds any scalar value.
fn pick_readable(lo: u32, hi: u32) -> Option<char> {
    let candidates = [b'a', b'0', b'A', b'!', b' ', b'\t', b'\n']
        .into_iter()
        .map(u32::from)
        .chain([lo, hi, 0xE9, 0x4E00]);
    candidates
        .filter(|&c| lo <= c && c <= hi)
        .filter_map(char::from_u32)
        .min_by_key(|&c| rank(c))
        .or_else(|| (lo..=hi.min(lo + 0x900)).find_map(char::from_u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_sets_share_a_class() {
        let digits = CharSet::from_ranges(vec![('0' as u32, '9' as u32)]);
        let word = CharSet::from_ranges(vec![('0' as u32, '9' as u32), ('a' as u32, 'z' as u32)]);
        let alphabet = Alphabet::partition(&[digits, word]);
        let common = alphabet.members[0].first_common(&alphabet.members[1]);
        assert!(common.is_some_and(|c| alphabet.representatives[c].is_ascii_digit()));
    }

    #[test]
    fn uncovered_characters_get_their_own_class() {
        let a = CharSet::of_char('a', false);
        let alphabet = Alphabet::partition(&[a]);
        assert_eq!(alphabet.representatives.len(), 2);
        assert!(alphabet.members[0]
            .iter()
            .all(|c| alphabet.representatives[c] == 'a'));
    }
}
