//! Weighted-sum scoring of options against criteria (NV9, NV13):
//! `score(option) = Σ wᵢ · sᵢ / Σ wᵢ`, the weighted mean of its criterion scores.

use super::{CalcError, input_err, non_negative};

/// Scores each row of `scores` (one row per option, one column per criterion) with `weights`.
pub fn weighted_scores(weights: &[f64], scores: &[Vec<f64>]) -> Result<Vec<f64>, CalcError> {
    let mut total = 0.0;
    for (i, w) in weights.iter().enumerate() {
        total += non_negative(&format!("weights[{i}]"), *w)?;
    }
    if total == 0.0 {
        return Err(input_err("weights", "all zero"));
    }
    scores
        .iter()
        .enumerate()
        .map(|(o, row)| {
            if row.len() != weights.len() {
                return Err(input_err(
                    &format!("scores[{o}]"),
                    "needs one score per criterion",
                ));
            }
            let mut sum = 0.0;
            for (c, (s, w)) in row.iter().zip(weights).enumerate() {
                sum += non_negative(&format!("scores[{o}][{c}]"), *s)? * w;
            }
            Ok(sum / total)
        })
        .collect()
}

/// Indexes of `scores` from best to worst (ties keep their order).
pub fn rank(scores: &[f64]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..scores.len()).collect();
    idx.sort_by(|a, b| scores[*b].total_cmp(&scores[*a]));
    idx
}
