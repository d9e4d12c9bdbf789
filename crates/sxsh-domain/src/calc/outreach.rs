//! The outreach indicators of a roll-up, from the programme office's own records: training
//! events and who attended, awareness surveys of enterprises, and support given. They are
//! filtered like the roll-up's assessments (programme, province, sector, year) and are not
//! subject to the office's review of assessments.

use crate::model::{AttendeeRole, AwarenessSurvey, SupportKind, TrainingEvent};
use crate::repo::{EnterprisePlace, OfficeRecords, RollupFilter};
use crate::text::fold;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Attendees of one role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct RoleCount {
    /// An [`AttendeeRole`] code.
    pub role: String,
    pub attendees: usize,
}

/// Support of one kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct SupportLine {
    /// A [`SupportKind`] code.
    pub kind: String,
    pub records: usize,
    /// Distinct enterprises supported.
    pub enterprises: usize,
    /// Sum of the amounts recorded (records without one add nothing).
    pub amount_vnd: i64,
}

/// The outreach figures of a roll-up.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Outreach {
    pub training_events: usize,
    /// Lines on the events' attendance lists (a person at two events counts twice).
    pub attendees: usize,
    /// Every role, in the order of [`AttendeeRole::ALL`].
    pub attendees_by_role: Vec<RoleCount>,
    /// Distinct extension officers trained (by name and organisation, accents and case
    /// ignored).
    pub extension_staff_trained: usize,
    /// The programme's number of extension officers (its target's base), when it has one.
    pub extension_staff: Option<i64>,
    /// `extension_staff_trained` of `extension_staff`, %; `None` without a base.
    pub extension_staff_trained_pct: Option<f64>,
    /// Enterprises with a survey in the filter; each counts by its latest one.
    pub enterprises_surveyed: usize,
    pub enterprises_aware: usize,
    pub enterprises_applying: usize,
    pub enterprises_planning: usize,
    /// `enterprises_aware` of `enterprises_surveyed`, %; `None` before any survey.
    pub aware_share_pct: Option<f64>,
    /// `enterprises_applying` of `enterprises_surveyed`, %.
    pub applying_share_pct: Option<f64>,
    /// `enterprises_planning` of `enterprises_surveyed`, %.
    pub planning_share_pct: Option<f64>,
    /// Every kind, in the order of [`SupportKind::ALL`].
    pub support: Vec<SupportLine>,
}

/// The year of a `YYYY-MM-DD` date.
fn year_of(date: &str) -> Option<i64> {
    date.get(..4)?.parse().ok()
}

/// Whether a record of `programme` on `date` is in the filter's programme and year.
fn in_programme_and_year(f: &RollupFilter, programme: &Option<String>, date: &str) -> bool {
    f.programme_id
        .as_ref()
        .is_none_or(|p| programme.as_ref() == Some(p))
        && f.year.is_none_or(|y| year_of(date) == Some(y))
}

/// Whether a training event is in the filter: its programme, year, province and district (an
/// event serves the communes and villages of its district, and every sector).
fn covers_event(f: &RollupFilter, t: &TrainingEvent) -> bool {
    let area =
        |want: &Option<String>, name: &str| want.as_ref().is_none_or(|w| fold(name) == fold(w));
    in_programme_and_year(f, &t.programme_id, &t.date)
        && area(&f.province, &t.province)
        && area(&f.district, &t.district)
}

/// Whether an enterprise's record (a survey or support) of `programme` on `date` is in the
/// filter: its programme and year, and its enterprise's place (at `place`; `None`: the
/// enterprise is gone, and so is the record) and sector.
fn covers_enterprise_record(
    f: &RollupFilter,
    place: Option<&EnterprisePlace>,
    programme: &Option<String>,
    date: &str,
) -> bool {
    place.is_some_and(|p| f.covers_place(p)) && in_programme_and_year(f, programme, date)
}

impl OfficeRecords {
    /// The records `f` selects, as the outreach figures count them: training events by their
    /// own programme, year, province and district; surveys and support by theirs and their
    /// enterprise's place and sector.
    pub fn selected(self, f: &RollupFilter) -> OfficeRecords {
        let OfficeRecords {
            trainings,
            surveys,
            support,
            places,
        } = self;
        let place = |id: &str| places.get(id);
        let trainings = trainings
            .into_iter()
            .filter(|t| covers_event(f, t))
            .collect();
        let surveys = surveys
            .into_iter()
            .filter(|s| {
                covers_enterprise_record(
                    f,
                    place(&s.enterprise_id),
                    &s.programme_id,
                    &s.survey_date,
                )
            })
            .collect();
        let support = support
            .into_iter()
            .filter(|s| {
                covers_enterprise_record(f, place(&s.enterprise_id), &s.programme_id, &s.date)
            })
            .collect();
        OfficeRecords {
            trainings,
            surveys,
            support,
            places,
        }
    }
}

fn share(part: usize, of: usize) -> Option<f64> {
    (of > 0).then(|| part as f64 / of as f64 * 100.0)
}

/// The outreach figures of the records `f` selects. Training events are filtered by their
/// own province (a sector filter does not apply to them); surveys and support by their
/// enterprise's province and sector. `extension_staff` is the programme's base for the
/// trained share.
pub fn outreach(r: &OfficeRecords, f: &RollupFilter, extension_staff: Option<i64>) -> Outreach {
    let mut out = Outreach {
        extension_staff,
        ..Default::default()
    };
    let mut roles: HashMap<AttendeeRole, usize> = HashMap::new();
    let mut officers: HashSet<(String, String)> = HashSet::new();
    for t in &r.trainings {
        if !covers_event(f, t) {
            continue;
        }
        out.training_events += 1;
        out.attendees += t.attendees.len();
        for a in &t.attendees {
            *roles.entry(a.role).or_default() += 1;
            if a.role == AttendeeRole::ExtensionStaff {
                officers.insert((fold(&a.name), fold(&a.organisation)));
            }
        }
    }
    out.attendees_by_role = AttendeeRole::ALL
        .iter()
        .map(|role| RoleCount {
            role: role.code().into(),
            attendees: roles.get(role).copied().unwrap_or(0),
        })
        .collect();
    out.extension_staff_trained = officers.len();
    out.extension_staff_trained_pct = extension_staff
        .filter(|n| *n > 0)
        .map(|n| officers.len() as f64 / n as f64 * 100.0);

    let place = |id: &str| r.places.get(id);
    // The latest survey of each enterprise (by date, then id) among those in the filter.
    let mut latest: BTreeMap<&str, &AwarenessSurvey> = BTreeMap::new();
    for s in &r.surveys {
        if !covers_enterprise_record(f, place(&s.enterprise_id), &s.programme_id, &s.survey_date) {
            continue;
        }
        let e = latest.entry(&s.enterprise_id).or_insert(s);
        if (&s.survey_date, &s.id) > (&e.survey_date, &e.id) {
            *e = s;
        }
    }
    out.enterprises_surveyed = latest.len();
    out.enterprises_aware = latest.values().filter(|s| s.aware).count();
    out.enterprises_applying = latest.values().filter(|s| s.applying).count();
    out.enterprises_planning = latest.values().filter(|s| s.planning).count();
    out.aware_share_pct = share(out.enterprises_aware, out.enterprises_surveyed);
    out.applying_share_pct = share(out.enterprises_applying, out.enterprises_surveyed);
    out.planning_share_pct = share(out.enterprises_planning, out.enterprises_surveyed);

    let mut kinds: HashMap<SupportKind, (usize, HashSet<&str>, i64)> = HashMap::new();
    for s in &r.support {
        if !covers_enterprise_record(f, place(&s.enterprise_id), &s.programme_id, &s.date) {
            continue;
        }
        let k = kinds.entry(s.kind).or_default();
        k.0 += 1;
        k.1.insert(&s.enterprise_id);
        k.2 = k.2.saturating_add(s.amount_vnd.unwrap_or(0));
    }
    out.support = SupportKind::ALL
        .iter()
        .map(|kind| {
            let (records, enterprises, amount_vnd) = kinds
                .get(kind)
                .map(|(n, e, a)| (*n, e.len(), *a))
                .unwrap_or_default();
            SupportLine {
                kind: kind.code().into(),
                records,
                enterprises,
                amount_vnd,
            }
        })
        .collect();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Attendee, SupportRecord, TrainingEvent};

    fn survey(id: &str, e: &str, date: &str, aware: bool, applying: bool) -> AwarenessSurvey {
        AwarenessSurvey {
            id: id.into(),
            enterprise_id: e.into(),
            programme_id: Some("p1".into()),
            survey_date: date.into(),
            aware,
            applying,
            planning: false,
            note: String::new(),
        }
    }

    fn records() -> OfficeRecords {
        let person = |name: &str, org: &str, role| Attendee {
            name: name.into(),
            organisation: org.into(),
            role,
        };
        let event =
            |id: &str, date: &str, province: &str, attendees: Vec<Attendee>| TrainingEvent {
                id: id.into(),
                programme_id: Some("p1".into()),
                date: date.into(),
                topic: "SXSH".into(),
                place: String::new(),
                province: province.into(),
                district: String::new(),
                trainers: String::new(),
                attendees,
                note: String::new(),
            };
        let support = |id: &str, e: &str, kind, amount| SupportRecord {
            id: id.into(),
            enterprise_id: e.into(),
            programme_id: Some("p1".into()),
            kind,
            date: "2025-05-01".into(),
            amount_vnd: amount,
            lender: "VDB".into(),
            description: String::new(),
        };
        OfficeRecords {
            trainings: vec![
                event(
                    "t1",
                    "2025-03-01",
                    "Sơn La",
                    vec![
                        person("Lò Văn A", "TT Khuyến công", AttendeeRole::ExtensionStaff),
                        person("Nguyễn B", "Cty X", AttendeeRole::Enterprise),
                    ],
                ),
                // The same officer again, written without accents: one officer trained.
                event(
                    "t2",
                    "2025-09-01",
                    "Son La",
                    vec![person(
                        "Lo Van A",
                        "tt khuyen cong",
                        AttendeeRole::ExtensionStaff,
                    )],
                ),
                event(
                    "t3",
                    "2024-09-01",
                    "Hà Nội",
                    vec![person("C", "", AttendeeRole::ExtensionStaff)],
                ),
            ],
            surveys: vec![
                survey("s1", "e1", "2025-01-10", false, false),
                survey("s2", "e1", "2025-06-10", true, true),
                survey("s3", "e2", "2025-02-01", true, false),
                survey("s4", "e3", "2025-02-01", false, false),
                // An enterprise that is not live is not counted.
                survey("s5", "gone", "2025-02-01", true, true),
            ],
            support: vec![
                support("u1", "e1", SupportKind::Loan, Some(500_000_000)),
                support("u2", "e1", SupportKind::Loan, Some(250_000_000)),
                support("u3", "e2", SupportKind::Demonstration, None),
            ],
            places: [
                ("e1", ("Sơn La", "pottery")),
                ("e2", ("Sơn La", "forging")),
                ("e3", ("Hà Nội", "pottery")),
            ]
            .into_iter()
            .map(|(id, (p, s))| {
                (
                    id.to_string(),
                    crate::repo::EnterprisePlace {
                        province: p.to_string(),
                        sector: s.to_string(),
                        ..Default::default()
                    },
                )
            })
            .collect::<std::collections::HashMap<_, _>>()
            .into(),
        }
    }

    #[test]
    fn latest_survey_counts_and_officers_count_once() {
        let o = outreach(&records(), &RollupFilter::default(), Some(4));
        assert_eq!(o.training_events, 3);
        assert_eq!(o.attendees, 4);
        assert_eq!(o.attendees_by_role[1].role, "extension_staff");
        assert_eq!(o.attendees_by_role[1].attendees, 3);
        assert_eq!(o.extension_staff_trained, 2);
        assert_eq!(o.extension_staff_trained_pct, Some(50.0));
        assert_eq!(o.enterprises_surveyed, 3);
        // e1's latest survey (aware), e2 (aware), e3 (not).
        assert_eq!(o.enterprises_aware, 2);
        assert_eq!(o.enterprises_applying, 1);
        assert!((o.aware_share_pct.unwrap() - 200.0 / 3.0).abs() < 1e-9);
        let loan = o.support.iter().find(|l| l.kind == "loan").unwrap();
        assert_eq!(
            (loan.records, loan.enterprises, loan.amount_vnd),
            (2, 1, 750_000_000)
        );
        let demo = o
            .support
            .iter()
            .find(|l| l.kind == "demonstration")
            .unwrap();
        assert_eq!((demo.records, demo.amount_vnd), (1, 0));
    }

    #[test]
    fn filters_narrow_every_indicator() {
        let f = RollupFilter {
            province: Some("son la".into()),
            sector: Some("pottery".into()),
            year: Some(2025),
            ..Default::default()
        };
        let o = outreach(&records(), &f, None);
        // Both Sơn La events of 2025; the sector does not filter events.
        assert_eq!(o.training_events, 2);
        assert_eq!(o.extension_staff_trained, 1);
        assert_eq!(o.extension_staff_trained_pct, None);
        assert_eq!(o.enterprises_surveyed, 1);
        assert_eq!(o.aware_share_pct, Some(100.0));
        assert_eq!(o.support.iter().map(|l| l.records).sum::<usize>(), 2);
        let other = RollupFilter {
            programme_id: Some("p2".into()),
            ..Default::default()
        };
        let none = outreach(&records(), &other, Some(10));
        assert_eq!((none.training_events, none.enterprises_surveyed), (0, 0));
        assert_eq!(none.aware_share_pct, None);
        assert_eq!(none.extension_staff_trained_pct, Some(0.0));
    }
}
