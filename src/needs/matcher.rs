//! A character trie over the rulebook's phrases, built once per engine.
//!
//! Text is first mapped to *symbols*: every character that occurs in some phrase has its own
//! symbol (≥ [`FIRST_PHRASE_SYMBOL`]), delimiters have the two class symbols
//! [`CLAUSE_END`] and [`SENTENCE_END`], and every other character is [`OTHER`]. A scan then
//! starts a walk only where the root has an edge for the symbol, so the common case per
//! character is one table lookup. All phrases starting at a position are reported (the
//! walk visits every prefix), and the caller decides which of them count.

/// A character that occurs in no phrase and is no delimiter.
pub(crate) const OTHER: u16 = 0;
/// A clause delimiter (，；： …): negation and greeting scopes stop here.
pub(crate) const CLAUSE_END: u16 = 1;
/// A sentence delimiter (。！？ newline): also ends the subject line.
pub(crate) const SENTENCE_END: u16 = 2;
/// The first symbol given to a phrase character.
pub(crate) const FIRST_PHRASE_SYMBOL: u16 = 3;

const NONE: u32 = u32::MAX;

/// Maps characters to symbols: a dense table for the Basic Multilingual Plane (where every
/// phrase character lives; the rulebook reader refuses others), [`OTHER`] beyond it.
#[derive(Debug, Clone)]
pub(crate) struct Alphabet {
    table: Vec<u16>,
    count: u16,
}

impl Alphabet {
    fn new(sentence_ends: &str, clause_ends: &str) -> Alphabet {
        let mut table = vec![OTHER; 0x10000];
        // ASCII letters are matched without case, so a letter delimiter is one in both cases.
        let both_cases = |c: char| [c.to_ascii_lowercase(), c.to_ascii_uppercase()];
        for c in clause_ends.chars().flat_map(both_cases) {
            if let Some(slot) = table.get_mut(c as usize) {
                *slot = CLAUSE_END;
            }
        }
        for c in sentence_ends.chars().flat_map(both_cases) {
            if let Some(slot) = table.get_mut(c as usize) {
                *slot = SENTENCE_END;
            }
        }
        Alphabet {
            table,
            count: FIRST_PHRASE_SYMBOL,
        }
    }

    /// The symbol of a phrase character, allocating one on first sight. ASCII letters are
    /// folded to lower case, so `WiFi` matches `wifi`.
    fn intern(&mut self, c: char) -> u16 {
        let c = c.to_ascii_lowercase();
        let i = c as usize;
        // Outside the table, or out of symbols: a symbol no text produces (never matches).
        if i >= self.table.len() || self.count == u16::MAX {
            return u16::MAX;
        }
        if self.table[i] < FIRST_PHRASE_SYMBOL {
            self.table[i] = self.count;
            if c.is_ascii_lowercase() {
                self.table[c.to_ascii_uppercase() as usize] = self.count;
            }
            self.count += 1;
        }
        self.table[i]
    }

    /// The symbol of an already interned phrase character.
    fn table_symbol(&self, c: char) -> u16 {
        let i = c.to_ascii_lowercase() as usize;
        self.table
            .get(i)
            .copied()
            .filter(|s| *s >= FIRST_PHRASE_SYMBOL)
            .unwrap_or(u16::MAX)
    }

    /// Number of symbols in use (class symbols included).
    fn len(&self) -> usize {
        usize::from(self.count)
    }

    /// Decodes `text` into `symbols`, and (when given) the UTF-16 offset of every character
    /// into `offsets`, with one extra entry for the end. Returns the number of characters.
    pub(crate) fn encode(
        &self,
        text: &str,
        symbols: &mut Vec<u16>,
        mut offsets: Option<&mut Vec<u32>>,
    ) -> usize {
        symbols.clear();
        symbols.reserve(text.len());
        if let Some(o) = offsets.as_deref_mut() {
            o.clear();
            o.reserve(text.len() + 1);
        }
        // Decoded by hand over the bytes (the text is valid UTF-8), with every table a local
        // slice: the per-character loop then needs no helper call even where the compiler
        // inlines nothing (the wasm module is optimised for size).
        let table: &[u16] = &self.table;
        let bytes = text.as_bytes();
        let mut utf16 = 0u32;
        let mut i = 0;
        while i < bytes.len() {
            let b = u32::from(bytes[i]);
            let (c, width) = if b < 0x80 {
                (b, 1)
            } else if b < 0xE0 {
                ((b & 0x1F) << 6 | cont(bytes, i + 1), 2)
            } else if b < 0xF0 {
                (
                    (b & 0x0F) << 12 | cont(bytes, i + 1) << 6 | cont(bytes, i + 2),
                    3,
                )
            } else {
                // Outside the BMP, where no phrase character is (the table ends at U+FFFF).
                (0x10000, 4)
            };
            i += width;
            symbols.push(table.get(c as usize).copied().unwrap_or(OTHER));
            if let Some(o) = offsets.as_deref_mut() {
                o.push(utf16);
                utf16 += if width == 4 { 2 } else { 1 };
            }
        }
        if let Some(o) = offsets {
            o.push(utf16);
        }
        symbols.len()
    }
}

/// The six payload bits of the continuation byte at `i` (0 past the end, which valid UTF-8
/// never reaches).
#[inline(always)]
fn cont(bytes: &[u8], i: usize) -> u32 {
    bytes.get(i).map_or(0, |b| u32::from(b & 0x3F))
}

#[derive(Debug, Clone)]
struct Node {
    /// Children as `(symbol, node)` pairs sorted by symbol, in `Trie::edges`.
    edges_start: u32,
    edges_len: u32,
    /// The phrase id ending here, or `NONE`.
    phrase: u32,
}

/// All phrases of a rulebook section in one trie; phrase ids are their insertion order.
#[derive(Debug, Clone)]
pub(crate) struct Trie {
    alphabet: Alphabet,
    /// Root edge per symbol (`NONE` when no phrase starts with it).
    root: Vec<u32>,
    /// The one-character phrase of each symbol (`NONE` when there is none).
    single: Vec<u32>,
    nodes: Vec<Node>,
    edges: Vec<(u16, u32)>,
    /// A 65,536-bit filter over the first two symbols of every phrase of two or more
    /// characters: most positions in a text start no phrase, and one bit test says so.
    pairs: Vec<u64>,
}

#[inline(always)]
fn pair_bit(a: u16, b: u16) -> usize {
    ((u32::from(a).wrapping_mul(0x9E37_79B1) >> 16) as usize ^ usize::from(b)) & 0xFFFF
}

/// One phrase found in a text: characters `start..end`, and which phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    pub start: u32,
    pub end: u32,
    pub phrase: u32,
}

impl Trie {
    /// Builds the trie. Phrases must be distinct, non-empty and in the BMP (the rulebook
    /// reader guarantees it).
    pub(crate) fn build<'a>(
        phrases: impl IntoIterator<Item = &'a str>,
        sentence_ends: &str,
        clause_ends: &str,
    ) -> Trie {
        let mut alphabet = Alphabet::new(sentence_ends, clause_ends);
        // Build with per-node child maps first, then freeze into sorted edge lists.
        let mut children: Vec<Vec<(u16, u32)>> = vec![Vec::new()];
        let mut pairs = vec![0u64; 1024];
        let mut terminal: Vec<u32> = vec![NONE];
        for (id, phrase) in phrases.into_iter().enumerate() {
            let mut node = 0usize;
            for c in phrase.chars() {
                let s = alphabet.intern(c);
                // Children stay sorted by symbol as they are inserted.
                node = match children[node].binary_search_by_key(&s, |e| e.0) {
                    Ok(pos) => children[node][pos].1 as usize,
                    Err(pos) => {
                        let next = children.len();
                        children.push(Vec::new());
                        terminal.push(NONE);
                        children[node].insert(pos, (s, next as u32));
                        next
                    }
                };
            }
            terminal[node] = id as u32;
            let mut it = phrase.chars().map(|c| alphabet.table_symbol(c));
            if let (Some(a), Some(b)) = (it.next(), it.next()) {
                let bit = pair_bit(a, b);
                pairs[bit / 64] |= 1 << (bit % 64);
            }
        }
        let mut root = vec![NONE; alphabet.len()];
        for &(s, next) in &children[0] {
            if let Some(slot) = root.get_mut(usize::from(s)) {
                *slot = next;
            }
        }
        let single: Vec<u32> = root
            .iter()
            .map(|&n| {
                if n == NONE {
                    NONE
                } else {
                    terminal[n as usize]
                }
            })
            .collect();
        let mut nodes = Vec::with_capacity(children.len());
        let mut edges = Vec::new();
        for (kids, phrase) in children.iter().zip(&terminal) {
            nodes.push(Node {
                edges_start: edges.len() as u32,
                edges_len: kids.len() as u32,
                phrase: *phrase,
            });
            edges.extend_from_slice(kids);
        }
        Trie {
            alphabet,
            root,
            single,
            nodes,
            edges,
            pairs,
        }
    }

    /// The character-to-symbol map.
    pub(crate) fn alphabet(&self) -> &Alphabet {
        &self.alphabet
    }

    #[inline(always)]
    fn child(nodes: &[Node], edges: &[(u16, u32)], node: u32, symbol: u16) -> u32 {
        let Some(n) = nodes.get(node as usize) else {
            return NONE;
        };
        let mut k = n.edges_start as usize;
        let end = k + n.edges_len as usize;
        while k < end && k < edges.len() {
            let (s, next) = edges[k];
            if s == symbol {
                return next;
            }
            if s > symbol {
                break;
            }
            k += 1;
        }
        NONE
    }

    /// Calls `found` for every phrase occurrence, by start position then length.
    pub(crate) fn scan(&self, symbols: &[u16], mut found: impl FnMut(Hit)) {
        // Per position the common case is two table reads and no taken branch: the one-char
        // phrase table and the pair filter both answer "nothing" for other characters and
        // delimiters, so they need no test of their own. Tables are local slices and the
        // loops plain index loops, so nothing here waits on inlining.
        let (nodes, edges): (&[Node], &[(u16, u32)]) = (&self.nodes, &self.edges);
        let (root, single, pairs): (&[u32], &[u32], &[u64]) =
            (&self.root, &self.single, &self.pairs);
        let n = symbols.len();
        let mut i = 0;
        while i < n {
            let s = symbols[i];
            let one = single.get(usize::from(s)).copied().unwrap_or(NONE);
            if one != NONE {
                found(Hit {
                    start: i as u32,
                    end: i as u32 + 1,
                    phrase: one,
                });
            }
            if i + 1 >= n {
                break;
            }
            let second = symbols[i + 1];
            let bit = pair_bit(s, second);
            if pairs.get(bit / 64).copied().unwrap_or(0) & (1 << (bit % 64)) == 0 {
                i += 1;
                continue;
            }
            let first = root.get(usize::from(s)).copied().unwrap_or(NONE);
            if first == NONE {
                i += 1;
                continue;
            }
            let mut node = Self::child(nodes, edges, first, second);
            let mut j = i + 2;
            while let Some(at) = nodes.get(node as usize) {
                if at.phrase != NONE {
                    found(Hit {
                        start: i as u32,
                        end: j as u32,
                        phrase: at.phrase,
                    });
                }
                if j >= n {
                    break;
                }
                node = Self::child(nodes, edges, node, symbols[j]);
                j += 1;
            }
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(trie: &Trie, text: &str) -> Vec<(u32, u32, u32)> {
        let mut symbols = Vec::new();
        trie.alphabet().encode(text, &mut symbols, None);
        let mut out = Vec::new();
        trie.scan(&symbols, |h| out.push((h.start, h.end, h.phrase)));
        out
    }

    #[test]
    fn finds_every_prefix_and_overlap() {
        let trie = Trie::build(["楼道", "楼道灯", "灯", "WiFi"], "。", "，");
        assert_eq!(
            hits(&trie, "楼道灯坏了"),
            vec![(0, 2, 0), (0, 3, 1), (2, 3, 2)]
        );
        assert_eq!(hits(&trie, "没有wifi。楼道"), vec![(2, 6, 3), (7, 9, 0)]);
        assert_eq!(hits(&trie, ""), vec![]);
        assert_eq!(hits(&trie, "😀楼😀道"), vec![]);
    }

    #[test]
    fn offsets_are_utf16() {
        let trie = Trie::build(["道"], "。", "，");
        let (mut s, mut o) = (Vec::new(), Vec::new());
        trie.alphabet().encode("😀a道", &mut s, Some(&mut o));
        assert_eq!(o, vec![0, 2, 3, 4]);
        assert_eq!(s[1], OTHER);
        assert!(s[2] >= FIRST_PHRASE_SYMBOL);
    }

    /// The hand-written UTF-8 decoding of `encode` agrees with `str::chars` on every string
    /// of up to four characters drawn from 1-, 2-, 3- and 4-byte characters, delimiters and
    /// phrase characters in both ASCII cases: the same symbols, and UTF-16 offsets.
    #[test]
    fn encode_agrees_with_chars() {
        let trie = Trie::build(["道", "Wi", "é", "Ж"], "。", "，");
        let alphabet = trie.alphabet();
        let pool = [
            'a',
            'W',
            'w',
            'i',
            'I',
            'é',
            'É',
            'Ж',
            '道',
            '。',
            '，',
            '😀',
            '\u{10FFFF}',
            '\u{7FF}',
            '\u{800}',
            '\u{FFFF}',
        ];
        let (mut symbols, mut offsets) = (Vec::new(), Vec::new());
        let mut text = String::new();
        let mut total = 0;
        for n in 0..=4u32 {
            for mut k in 0..pool.len().pow(n) {
                text.clear();
                for _ in 0..n {
                    text.push(pool[k % pool.len()]);
                    k /= pool.len();
                }
                let len = alphabet.encode(&text, &mut symbols, Some(&mut offsets));
                let want: Vec<u16> = text
                    .chars()
                    .map(|c| alphabet.table.get(c as usize).copied().unwrap_or(OTHER))
                    .collect();
                let mut want_offsets = vec![0u32];
                for c in text.chars() {
                    want_offsets.push(want_offsets.last().unwrap() + c.len_utf16() as u32);
                }
                assert_eq!(symbols, want, "{text:?}");
                assert_eq!(len, want.len(), "{text:?}");
                assert_eq!(offsets, want_offsets, "{text:?}");
                alphabet.encode(&text, &mut symbols, None);
                assert_eq!(symbols, want, "{text:?} without offsets");
                total += 1;
            }
        }
        assert_eq!(total, 1 + 16 + 256 + 4096 + 65536);
    }
}
