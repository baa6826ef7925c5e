//! A small, fast, non-cryptographic 128-bit digest and the hash map keyed by it: idempotency
//! keys, household ids and respondents are told apart by their digests (the points ledger,
//! 满意度测评), in one copy of the code. Never a seal: tamper evidence is SHA-256
//! ([`crate::canonical`]).

use std::hash::{BuildHasherDefault, Hasher};

/// A small, fast, non-cryptographic 128-bit digest (two multiply–rotate lanes, finished with
/// a full avalanche): it tells idempotency keys and contents apart, and is never a seal —
/// tamper evidence is SHA-256 ([`super::seal`]).
pub(crate) struct Digest {
    a: u64,
    b: u64,
    len: u64,
}

const K1: u64 = 0x9E37_79B9_7F4A_7C15;
const K2: u64 = 0xC2B2_AE3D_27D4_EB4F;
const K3: u64 = 0x1656_67B1_9E37_79F9;

fn mix(x: u64) -> u64 {
    let x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    let x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

impl Digest {
    pub(crate) fn new() -> Digest {
        Digest {
            a: K1,
            b: K2,
            len: 0,
        }
    }

    pub(crate) fn word(&mut self, w: u64) {
        self.a = (self.a ^ w).wrapping_mul(K2).rotate_left(31) ^ self.b;
        self.b = (self.b ^ w.rotate_left(17))
            .wrapping_mul(K3)
            .rotate_left(29)
            ^ self.a;
    }

    pub(crate) fn bytes(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.word(u64::from_le_bytes(c.try_into().unwrap_or_default()));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            // Shifted in byte by byte: a copy into a buffer read back as a word stalls the
            // load behind the copy's stores.
            let last = rest
                .iter()
                .rev()
                .fold(0u64, |w, &b| (w << 8) | u64::from(b));
            self.word(last);
        }
        self.len = self.len.wrapping_add(bytes.len() as u64);
    }

    pub(crate) fn tagged(&mut self, field: u8, kind: u8, bytes: &[u8]) {
        self.word(u64::from(field) | u64::from(kind) << 8 | (bytes.len() as u64) << 16);
        self.bytes(bytes);
    }

    pub(crate) fn finish(&self) -> u128 {
        let a = mix(self.a ^ self.len);
        let b = mix(self.b.wrapping_add(a) ^ K1);
        u128::from(mix(a ^ b.rotate_left(23))) << 64 | u128::from(b)
    }
}

/// The 128-bit digest of a text (an idempotency key, a household id).
pub(crate) fn text_digest(s: &str) -> u128 {
    let mut d = Digest::new();
    d.bytes(s.as_bytes());
    d.finish()
}

/// A hasher for keys that are digests already, or short texts.
#[derive(Default)]
pub(crate) struct FastHasher(u64);

impl Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut d = Digest::new();
        d.bytes(bytes);
        self.0 ^= d.finish() as u64;
    }
    fn write_u128(&mut self, x: u128) {
        // Both halves, mixed: a counter's key holds the household in its high half, and a
        // hash of the low half alone would put every household's counters in one chain.
        self.0 ^= mix(x as u64 ^ mix((x >> 64) as u64));
    }
    fn write_u64(&mut self, x: u64) {
        self.0 ^= mix(x);
    }
    fn write_usize(&mut self, x: usize) {
        self.0 ^= mix(x as u64);
    }
}

/// A hash map keyed by digests or short texts.
pub(crate) type FastMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<FastHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_keys_that_differ_only_in_the_high_half_hash_apart() {
        use std::hash::{BuildHasher, BuildHasherDefault};
        let b = BuildHasherDefault::<FastHasher>::default();
        let hashes: std::collections::HashSet<u64> =
            (0..1000u128).map(|h| b.hash_one(h << 64 | 7)).collect();
        assert_eq!(hashes.len(), 1000);
        // Their low bits, which pick the bucket, spread too.
        let buckets: std::collections::HashSet<u64> = hashes.iter().map(|h| h & 1023).collect();
        assert!(buckets.len() > 500, "{} buckets of 1024", buckets.len());
    }
}
