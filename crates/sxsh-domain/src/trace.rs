//! Traceability of a detailed assessment: from each waste stream to its causes, the options
//! that address them, their actions and the monitored results, and the gaps in those chains
//! (an option without a cause, a cause without an option, a selected option without an action).

use crate::model::{Action, Cause, CpOption, MonitoringRecord, WasteStream};
use serde::{Deserialize, Serialize};

/// The rows a trace is made from.
#[derive(Debug, Clone, Copy)]
pub struct TraceRows<'a> {
    pub waste_streams: &'a [WasteStream],
    pub causes: &'a [Cause],
    pub options: &'a [CpOption],
    pub actions: &'a [Action],
    pub monitoring: &'a [MonitoringRecord],
}

/// One row of a chain, by id and its text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct TraceItem {
    pub id: String,
    pub text: String,
}

/// An option in a chain, with its actions and monitored indicators.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct OptionTrace {
    pub option: TraceItem,
    pub selected: bool,
    pub actions: Vec<TraceItem>,
    pub monitoring: Vec<TraceItem>,
}

/// A cause with the options that address it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct CauseTrace {
    pub cause: TraceItem,
    pub category: String,
    pub options: Vec<OptionTrace>,
}

/// A waste stream with its causes, and the options linked to the stream but to none of its
/// causes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct WasteTrace {
    pub waste_stream: TraceItem,
    pub causes: Vec<CauseTrace>,
    pub options: Vec<OptionTrace>,
}

/// Every chain and every gap of an assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Traceability {
    pub chains: Vec<WasteTrace>,
    /// Causes not tied to any waste stream, with their options.
    pub loose_causes: Vec<CauseTrace>,
    /// Options that address no cause (they may still name a waste stream).
    pub options_without_cause: Vec<TraceItem>,
    /// Causes no option addresses.
    pub causes_without_option: Vec<TraceItem>,
    /// Selected options with no action planned.
    pub selected_without_action: Vec<TraceItem>,
}

fn item(id: &str, text: &str) -> TraceItem {
    TraceItem {
        id: id.to_string(),
        text: text.to_string(),
    }
}

fn option_trace(o: &CpOption, r: &TraceRows) -> OptionTrace {
    let of = |x: &Option<String>| x.as_deref() == Some(o.id.as_str());
    OptionTrace {
        option: item(&o.id, &o.title),
        selected: o.selected,
        actions: r
            .actions
            .iter()
            .filter(|a| of(&a.option_id))
            .map(|a| item(&a.id, &a.title))
            .collect(),
        monitoring: r
            .monitoring
            .iter()
            .filter(|m| of(&m.option_id))
            .map(|m| item(&m.id, &m.indicator))
            .collect(),
    }
}

fn cause_trace(c: &Cause, r: &TraceRows) -> CauseTrace {
    CauseTrace {
        cause: item(&c.id, &c.description),
        category: c.category.clone(),
        options: r
            .options
            .iter()
            .filter(|o| o.cause_ids.contains(&c.id))
            .map(|o| option_trace(o, r))
            .collect(),
    }
}

/// The chains from each waste stream (in the given order) and the gaps.
pub fn trace(r: &TraceRows) -> Traceability {
    let chains = r
        .waste_streams
        .iter()
        .map(|w| {
            let causes: Vec<&Cause> = r
                .causes
                .iter()
                .filter(|c| c.waste_stream_id.as_deref() == Some(w.id.as_str()))
                .collect();
            WasteTrace {
                waste_stream: item(&w.id, &w.name),
                causes: causes.iter().map(|c| cause_trace(c, r)).collect(),
                options: r
                    .options
                    .iter()
                    .filter(|o| {
                        o.waste_stream_ids.contains(&w.id)
                            && !causes.iter().any(|c| o.cause_ids.contains(&c.id))
                    })
                    .map(|o| option_trace(o, r))
                    .collect(),
            }
        })
        .collect();
    let known_stream = |c: &Cause| {
        c.waste_stream_id
            .as_deref()
            .is_some_and(|w| r.waste_streams.iter().any(|x| x.id == w))
    };
    let live_cause = |id: &String| r.causes.iter().any(|c| &c.id == id);
    Traceability {
        chains,
        loose_causes: r
            .causes
            .iter()
            .filter(|c| !known_stream(c))
            .map(|c| cause_trace(c, r))
            .collect(),
        options_without_cause: r
            .options
            .iter()
            .filter(|o| !o.cause_ids.iter().any(live_cause))
            .map(|o| item(&o.id, &o.title))
            .collect(),
        causes_without_option: r
            .causes
            .iter()
            .filter(|c| !r.options.iter().any(|o| o.cause_ids.contains(&c.id)))
            .map(|c| item(&c.id, &c.description))
            .collect(),
        selected_without_action: r
            .options
            .iter()
            .filter(|o| {
                o.selected
                    && !r
                        .actions
                        .iter()
                        .any(|a| a.option_id.as_deref() == Some(o.id.as_str()))
            })
            .map(|o| item(&o.id, &o.title))
            .collect(),
    }
}
