//! The quick-assessment report (4–8 pages): profile, team and scope, walk-through findings with
//! photos, inputs/outputs and specific consumption against benchmarks, options with their
//! economics and CO2, recommended focus and next steps, and an annex of the factors used.

use crate::data::AssessmentData;
use crate::model::*;
use crate::sections::{self, Ctx};

/// Builds the quick-assessment report.
pub fn quick_report(data: &AssessmentData) -> Report {
    let x = Ctx::new(data);
    let a = &data.assessment;
    let mut b = vec![x.h1("sec.profile")];
    b.extend(sections::profile(&x));

    b.push(x.h1("sec.team"));
    b.push(sections::team(&x));
    b.push(Block::KeyValue(vec![(
        x.t("team.scope"),
        x.or_no_data(&a.scope),
    )]));

    b.push(x.h1("sec.findings"));
    b.extend(sections::findings(&x));
    b.extend(sections::photos(&x));

    b.push(x.h1("sec.inout"));
    b.push(sections::flows(&x, &data.flows.iter().collect::<Vec<_>>()));
    b.push(x.h2("specific.title"));
    b.extend(sections::specific(&x));

    b.push(x.h1("sec.options"));
    b.extend(sections::options_economics(&x));

    b.push(x.h1("sec.next"));
    b.push(x.h2("next.focus"));
    b.push(Block::Paragraph(x.or_no_data(&a.focus_recommendation)));
    b.push(x.h2("next.steps"));
    b.push(Block::Paragraph(x.or_no_data(&a.next_steps)));

    if let Some(annex) = sections::irr_annex(&x) {
        b.push(x.h1("sec.irr_annex"));
        b.extend(annex);
    }
    b.push(x.h1("sec.factors"));
    b.push(sections::factors(&x));
    b.extend(sections::signatures(&x));
    x.report("quick.title", b)
}
