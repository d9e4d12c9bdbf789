//! Report use cases: gather an assessment's data and figures, hand them to a report builder of
//! sxsh-report, render the PDF.

use crate::calc;
use crate::error::Result;
use crate::{document, reference};
use sxsh_domain::format::Lang;
use sxsh_report::data::AssessmentData;
use sxsh_report::rollup::RollupData;

/// Which assessment report to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum AssessmentReport {
    Quick,
    Detailed,
}

/// The report model of an assessment from what [`gather`] read: photos are added at print size
/// (decoded and cached outside the store's lock) and the report is built.
pub(crate) fn assessment_model(
    data_dir: &std::path::Path,
    mut data: AssessmentData,
    attachments: &[sxsh_store::Stored<sxsh_domain::model::Attachment>],
    kind: AssessmentReport,
) -> sxsh_report::Report {
    let (photos, unreadable) = crate::photos::report_photos(data_dir, attachments);
    data.photos = photos;
    data.unreadable_photos = unreadable;
    match kind {
        AssessmentReport::Quick => sxsh_report::quick::quick_report(&data),
        AssessmentReport::Detailed => sxsh_report::detailed::detailed_report(&data),
    }
}

/// Everything an assessment report shows but its photos: the assessment's rows, the figures the
/// calculation engine computes for it and labels from the reference data; with the attachments,
/// whose print copies [`assessment_model`] adds. The only part of a report that reads the store.
pub(crate) fn gather(
    store: &sxsh_store::Store,
    id: &str,
    lang: Lang,
) -> Result<(
    AssessmentData,
    Vec<sxsh_store::Stored<sxsh_domain::model::Attachment>>,
)> {
    let refs = reference::get();
    let doc = document::export(store, id)?;
    let calcs = calc::assessment_calcs(store, refs, id)?;
    let attachments = doc.attachments;
    let data = sxsh_report::build::assessment_data(
        sxsh_report::build::ReportRows {
            programme: doc.programme.map(|p| p.data.name),
            enterprise: doc.enterprise.data,
            assessment: doc.assessment.data,
            team: rows(&doc.team_members),
            steps: rows(&doc.process_steps),
            flows: rows(&doc.flows),
            waste_streams: rows(&doc.waste_streams),
            causes: rows(&doc.causes),
            options: rows(&doc.options),
            actions: rows(&doc.actions),
            monitoring: rows(&doc.monitoring_records),
            checklist_responses: rows(&doc.checklist_responses),
            observations: rows(&doc.observations),
        },
        &calcs,
        refs,
        lang,
        today(lang),
    );
    Ok((data, attachments))
}

/// The data of stored rows, in their stored order.
fn rows<T: Clone>(stored: &[sxsh_store::Stored<T>]) -> Vec<T> {
    stored.iter().map(|r| r.data.clone()).collect()
}

/// Today's date for the cover, dd/mm/yyyy in Vietnamese and yyyy-mm-dd in English.
fn today(lang: Lang) -> String {
    let d = chrono::Local::now().date_naive();
    sxsh_report::data::date(&d.format("%Y-%m-%d").to_string(), lang)
}

/// What the programme roll-up report shows, read from the store (rendered outside its lock):
/// `sxsh_report::rollup::rollup_data` over it; `NOT_FOUND` for a programme it does not hold.
pub(crate) fn rollup_data(
    store: &sxsh_store::Store,
    query: calc::RollupQuery,
    lang: Lang,
) -> Result<RollupData> {
    if let Some(id) = &query.programme_id
        && sxsh_domain::repo::Repository::programme(store, id)?.is_none()
    {
        return Err(crate::error::ApiError::new(
            crate::error::ErrorCode::NotFound,
            format!("programme {id} not found"),
        ));
    }
    Ok(sxsh_report::rollup::rollup_data(
        store,
        reference::get(),
        query,
        lang,
        today(lang),
    )?)
}

/// The worksheets of an assessment as an XLSX workbook.
pub(crate) fn worksheets_xlsx(store: &sxsh_store::Store, id: &str, lang: Lang) -> Result<Vec<u8>> {
    let (data, _) = gather(store, id, lang)?;
    sxsh_report::worksheets::to_xlsx(&sxsh_report::worksheets::worksheets(&data))
        .map_err(|e| crate::error::ApiError::new(crate::error::ErrorCode::Io, format!("XLSX: {e}")))
}

/// The worksheets of an assessment as CSV files: (file name, bytes).
pub(crate) fn worksheets_csv(
    store: &sxsh_store::Store,
    id: &str,
    lang: Lang,
) -> Result<Vec<(String, Vec<u8>)>> {
    let (data, _) = gather(store, id, lang)?;
    Ok(sxsh_report::worksheets::worksheets(&data)
        .iter()
        .map(|s| {
            (
                format!("{}.csv", s.file_name),
                sxsh_report::worksheets::to_csv(s),
            )
        })
        .collect())
}
