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

/// A process step's place in the focus selection (NV3).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct FocusRank {
    pub step_id: String,
    /// Σ weight × score over the step's criteria.
    pub total: f64,
    /// 1 for the highest total; steps with the same total share a rank (1, 2, 2, 4).
    pub rank: usize,
}

/// The steps scored for the focus selection, highest total first: total = Σ wᵢ · sᵢ over the
/// criteria the step is scored on (the matrix of NV3). Steps with no score are left out.
pub fn focus_ranking(steps: &[crate::model::ProcessStep]) -> Vec<FocusRank> {
    let mut out: Vec<FocusRank> = steps
        .iter()
        .filter(|s| !s.focus_scores.is_empty())
        .map(|s| FocusRank {
            step_id: s.id.clone(),
            total: s.focus_scores.iter().map(|x| x.weight * x.score).sum(),
            rank: 0,
        })
        .collect();
    out.sort_by(|a, b| b.total.total_cmp(&a.total));
    for i in 0..out.len() {
        out[i].rank = if i > 0 && out[i].total == out[i - 1].total {
            out[i - 1].rank
        } else {
            i + 1
        };
    }
    out
}
