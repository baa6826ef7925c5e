//! The statistics of 满意度测评 (`shared/DOMAIN.md` §4): the Wilson score interval of a
//! proportion, the normal quantile it needs for a confidence level the rulebook states, and
//! Cronbach's α. Checked against statsmodels' `proportion_confint(method='wilson')`, SciPy's
//! `norm.ppf` and pingouin's `cronbach_alpha` to 1e-9 (`tests/fixtures/satisfaction-stats.json`,
//! made by `scripts/gen-satisfaction-fixture.py`).

/// The standard normal quantile Φ⁻¹(p) for 0 < p < 1: Wichura's algorithm AS 241 (PPND16),
/// relative error about 1e-16. The coefficients are the published ones, digit for digit.
#[allow(clippy::excessive_precision)]
pub(crate) fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 8] = [
        3.387_132_872_796_366_5,
        133.141_667_891_784_38,
        1_971.590_950_306_551_4,
        13_731.693_765_509_461,
        45_921.953_931_549_87,
        67_265.770_927_008_7,
        33_430.575_583_588_13,
        2_509.080_928_730_122_7,
    ];
    const B: [f64; 8] = [
        1.0,
        42.313_330_701_600_91,
        687.187_007_492_057_9,
        5_394.196_021_424_751,
        21_213.794_301_586_597,
        39_307.895_800_092_71,
        28_729.085_735_721_943,
        5_226.495_278_852_545,
    ];
    const C: [f64; 8] = [
        1.423_437_110_749_683_5,
        4.630_337_846_156_546,
        5.769_497_221_460_691,
        3.647_848_324_763_204_5,
        1.270_458_252_452_368_4,
        0.241_780_725_177_450_6,
        0.022_723_844_989_269_184,
        0.000_774_545_014_278_341_4,
    ];
    const D: [f64; 8] = [
        1.0,
        2.053_191_626_637_759,
        1.676_384_830_183_803_8,
        0.689_767_334_985_1,
        0.148_103_976_427_480_08,
        0.015_198_666_563_616_457,
        0.000_547_593_808_499_534_5,
        1.050_750_071_644_416_9e-9,
    ];
    const E: [f64; 8] = [
        6.657_904_643_501_103,
        5.463_784_911_164_114,
        1.784_826_539_917_291_3,
        0.296_560_571_828_504_9,
        0.026_532_189_526_576_124,
        0.001_242_660_947_388_078_4,
        0.000_027_115_555_687_434_876,
        2.010_334_399_292_288e-7,
    ];
    const F: [f64; 8] = [
        1.0,
        0.599_832_206_555_888,
        0.136_929_880_922_735_8,
        0.014_875_361_290_850_615,
        0.000_786_869_131_145_613_3,
        0.000_018_463_183_175_100_548,
        1.421_511_758_316_446e-7,
        2.044_263_103_389_939_7e-15,
    ];
    /// A ratio of two polynomials of degree 7 in `x`, by Horner's rule.
    fn ratio(num: &[f64; 8], den: &[f64; 8], x: f64) -> f64 {
        let (mut n, mut d) = (0.0, 0.0);
        for i in (0..8).rev() {
            n = n * x + num[i];
            d = d * x + den[i];
        }
        n / d
    }
    let q = p - 0.5;
    if q.abs() <= 0.425 {
        return q * ratio(&A, &B, 0.180_625 - q * q);
    }
    let r = if q < 0.0 { p } else { 1.0 - p };
    let r = (-r.ln()).sqrt();
    let v = if r <= 5.0 {
        ratio(&C, &D, r - 1.6)
    } else {
        ratio(&E, &F, r - 5.0)
    };
    if q < 0.0 {
        -v
    } else {
        v
    }
}

/// The Wilson score interval of `x` successes in `n` trials at quantile `z`; `None` when
/// `n` is 0.
pub(crate) fn wilson(x: u64, n: u64, z: f64) -> Option<(f64, f64)> {
    if n == 0 {
        return None;
    }
    let n = n as f64;
    let p = x as f64 / n;
    let z2 = z * z;
    let denom = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denom;
    let half = z / denom * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    Some(((centre - half).max(0.0), (centre + half).min(1.0)))
}

/// Why Cronbach's α is not defined for a set of answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AlphaUndefined {
    /// Fewer than two questions.
    FewItems,
    /// Fewer than two respondents answered every question of the set.
    FewRows,
    /// The total scores do not vary.
    NoVariance,
}

/// Cronbach's α of rows fed one at a time (each the scores of one respondent who answered
/// all `k` questions), with sample variances: α = k/(k−1) · (1 − Σ s²ᵢ / s²ₜ). Running means
/// and squared deviations (Welford), so a survey's rows are never collected.
pub(crate) struct AlphaSums {
    rows: usize,
    /// Per question, then the total: running mean and sum of squared deviations.
    mean: Vec<f64>,
    m2: Vec<f64>,
}

impl AlphaSums {
    /// Sums for `k` questions.
    pub(crate) fn new(k: usize) -> AlphaSums {
        AlphaSums {
            rows: 0,
            mean: vec![0.0; k + 1],
            m2: vec![0.0; k + 1],
        }
    }

    /// Rows added so far.
    pub(crate) fn rows(&self) -> usize {
        self.rows
    }

    /// Adds one respondent's scores (`k` of them).
    pub(crate) fn add(&mut self, row: &[f64]) {
        self.rows += 1;
        let n = self.rows as f64;
        let total: f64 = row.iter().sum();
        for (i, x) in row.iter().copied().chain([total]).enumerate() {
            let delta = x - self.mean[i];
            self.mean[i] += delta / n;
            self.m2[i] += delta * (x - self.mean[i]);
        }
    }

    /// α, or why it is not defined.
    pub(crate) fn alpha(&self) -> Result<f64, AlphaUndefined> {
        let k = self.mean.len() - 1;
        if k < 2 {
            return Err(AlphaUndefined::FewItems);
        }
        if self.rows < 2 {
            return Err(AlphaUndefined::FewRows);
        }
        // The (n − 1) of the sample variances cancels in the ratio.
        let items: f64 = self.m2[..k].iter().sum();
        let total = self.m2[k];
        if total <= 0.0 {
            return Err(AlphaUndefined::NoVariance);
        }
        let k = k as f64;
        Ok(k / (k - 1.0) * (1.0 - items / total))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// α of whole rows, through the running sums.
    fn cronbach_alpha(rows: &[Vec<f64>], k: usize) -> Result<f64, AlphaUndefined> {
        let mut sums = AlphaSums::new(k);
        for r in rows {
            sums.add(r);
        }
        sums.alpha()
    }

    /// statsmodels, SciPy and pingouin on generated data (scripts/gen-satisfaction-fixture.py).
    fn fixture() -> serde_json::Value {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/satisfaction-stats.json"
        );
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * b.abs().max(1.0)
    }

    #[test]
    fn wilson_matches_statsmodels() {
        let doc = fixture();
        let cases = doc["wilson"].as_array().unwrap();
        assert!(cases.len() >= 300);
        for c in cases {
            let (x, n, conf) = (
                c["x"].as_u64().unwrap(),
                c["n"].as_u64().unwrap(),
                c["confidence"].as_f64().unwrap(),
            );
            let z = normal_quantile(1.0 - (1.0 - conf) / 2.0);
            let (lo, hi) = wilson(x, n, z).unwrap();
            let (want_lo, want_hi) = (c["low"].as_f64().unwrap(), c["high"].as_f64().unwrap());
            assert!(
                close(lo, want_lo) && close(hi, want_hi),
                "{c}: got {lo} {hi}"
            );
        }
    }

    #[test]
    fn quantiles_match_scipy() {
        for c in fixture()["quantiles"].as_array().unwrap() {
            let (p, z) = (c["p"].as_f64().unwrap(), c["z"].as_f64().unwrap());
            assert!(
                close(normal_quantile(p), z),
                "{c}: got {}",
                normal_quantile(p)
            );
        }
    }

    #[test]
    fn alpha_matches_pingouin() {
        let doc = fixture();
        let cases = doc["alpha"].as_array().unwrap();
        assert!(cases.len() >= 40);
        for c in cases {
            let rows: Vec<Vec<f64>> = c["rows"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| {
                    r.as_array()
                        .unwrap()
                        .iter()
                        .map(|x| x.as_f64().unwrap())
                        .collect()
                })
                .collect();
            let k = rows[0].len();
            let got = cronbach_alpha(&rows, k).unwrap();
            assert!(
                close(got, c["alpha"].as_f64().unwrap()),
                "α {got} vs {}",
                c["alpha"]
            );
        }
    }

    #[test]
    fn quantiles_of_the_usual_levels() {
        assert!((normal_quantile(0.975) - 1.959_963_984_540_054).abs() < 1e-15);
        assert!((normal_quantile(0.95) - 1.644_853_626_951_472_2).abs() < 1e-15);
        assert!((normal_quantile(0.995) - 2.575_829_303_548_900_4).abs() < 1e-14);
        assert!((normal_quantile(0.5)).abs() < 1e-16);
        assert!((normal_quantile(1e-10) + 6.361_340_902_404_056).abs() < 1e-12);
    }

    #[test]
    fn wilson_edges() {
        assert_eq!(wilson(0, 0, 1.96), None);
        let (lo, hi) = wilson(0, 10, 1.959_963_984_540_054).unwrap();
        assert!((0.0..1e-12).contains(&lo));
        assert!(hi > 0.27 && hi < 0.28);
        let (lo, hi) = wilson(10, 10, 1.959_963_984_540_054).unwrap();
        assert!(lo > 0.72 && lo < 0.73);
        assert!(hi > 1.0 - 1e-12 && hi <= 1.0);
    }

    #[test]
    fn alpha_undefined() {
        assert_eq!(
            cronbach_alpha(&[vec![1.0]], 1),
            Err(AlphaUndefined::FewItems)
        );
        assert_eq!(
            cronbach_alpha(&[vec![1.0, 2.0]], 2),
            Err(AlphaUndefined::FewRows)
        );
        assert_eq!(
            cronbach_alpha(&[vec![1.0, 1.0], vec![1.0, 1.0]], 2),
            Err(AlphaUndefined::NoVariance)
        );
        // Two identical items that vary: α = 1.
        let a = cronbach_alpha(&[vec![1.0, 1.0], vec![3.0, 3.0], vec![5.0, 5.0]], 2).unwrap();
        assert!((a - 1.0).abs() < 1e-15);
    }
}
