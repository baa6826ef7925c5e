//! Decimal digits and exponent to the nearest f64, in 128-bit arithmetic (the precision the
//! module note of `json_text` states; its tests read numbers back through the parser).

/// `m` × 10^`exp10` as the nearest f64 (see the note on precision of `json_text`); `inexact` says
/// that nonzero digits past `m` were dropped, which then only break a tie.
pub(super) fn to_f64(m: u64, exp10: i64, inexact: bool) -> f64 {
    if m == 0 || exp10 < -400 {
        return 0.0;
    }
    if exp10 > 400 {
        return f64::INFINITY;
    }
    // A dropped nonzero digit as a digit 1 after the kept ones: a sticky bit.
    let (m, exp10) = if inexact {
        (u128::from(m) * 10 + 1, exp10 - 1)
    } else {
        (u128::from(m), exp10)
    };
    let shift = m.leading_zeros();
    let m = Wide {
        mant: m << shift,
        exp: -(shift as i32),
        inexact: false,
    };
    m.times(Wide::pow10(exp10)).round()
}

/// A positive number `mant` × 2^`exp` with `mant` normalised (bit 127 set), and whether
/// nonzero bits were dropped on the way (the true value is then a little more).
#[derive(Clone, Copy)]
struct Wide {
    mant: u128,
    exp: i32,
    inexact: bool,
}

impl Wide {
    const ONE: Wide = Wide {
        mant: 1 << 127,
        exp: -127,
        inexact: false,
    };

    /// The product, to 128 bits (truncated).
    fn times(self, b: Wide) -> Wide {
        let lo64 = |x: u128| x as u64 as u128;
        let (a1, a0) = (self.mant >> 64, lo64(self.mant));
        let (b1, b0) = (b.mant >> 64, lo64(b.mant));
        let (ll, lh, hl, hh) = (a0 * b0, a0 * b1, a1 * b0, a1 * b1);
        let mid = (ll >> 64) + lo64(lh) + lo64(hl);
        let hi = hh + (lh >> 64) + (hl >> 64) + (mid >> 64);
        let lo = (mid << 64) | lo64(ll);
        // Both factors are at least 2^127, so the product's top bit is bit 255 or 254.
        let (mant, rest, exp) = if hi >> 127 == 1 {
            (hi, lo, self.exp + b.exp + 128)
        } else {
            ((hi << 1) | (lo >> 127), lo << 1, self.exp + b.exp + 127)
        };
        Wide {
            mant,
            exp,
            inexact: self.inexact || b.inexact || rest != 0,
        }
    }

    /// 10^`k` by squaring: exact while 5^k fits 128 bits, else within 2^-118 (relative).
    fn pow10(k: i64) -> Wide {
        let mut base = if k >= 0 {
            Wide {
                mant: 10 << 124,
                exp: -124,
                inexact: false,
            }
        } else {
            // 0.1 = 0.8 × 2^-3, and 0.8 is 0.1100 1100… in binary.
            Wide {
                mant: 0xCCCC_CCCC_CCCC_CCCC_CCCC_CCCC_CCCC_CCCC,
                exp: -131,
                inexact: true,
            }
        };
        let (mut k, mut out) = (k.unsigned_abs(), Wide::ONE);
        while k > 0 {
            if k & 1 == 1 {
                out = out.times(base);
            }
            k >>= 1;
            if k > 0 {
                base = base.times(base);
            }
        }
        out
    }

    /// The nearest f64 (ties to even; a dropped remainder counts as above the tie), with
    /// subnormals and overflow to infinity.
    fn round(self) -> f64 {
        // The value lies in [2^e, 2^(e+1)).
        let e = self.exp + 127;
        if e > 1023 {
            return f64::INFINITY;
        }
        // Bits of the significand kept: 53 for a normal number, fewer for a subnormal.
        let keep = if e >= -1022 { 53 } else { 53 - (-1022 - e) };
        if keep < 0 {
            return 0.0;
        }
        let shift = (128 - keep) as u32;
        let q = if shift >= 128 { 0 } else { self.mant >> shift };
        let rest = self.mant & (u128::MAX >> (128 - shift));
        let half = 1u128 << (shift - 1);
        let up = rest > half || (rest == half && (self.inexact || q & 1 == 1));
        let q = q as u64 + u64::from(up);
        if keep < 53 {
            // A subnormal: q units of 2^-1074 (reaching 2^52 makes it the smallest normal).
            return f64::from_bits(q);
        }
        let (q, e) = if q == 1 << 53 {
            (q >> 1, e + 1)
        } else {
            (q, e)
        };
        if e > 1023 {
            return f64::INFINITY;
        }
        f64::from_bits(((e + 1023) as u64) << 52 | (q & ((1 << 52) - 1)))
    }
}
