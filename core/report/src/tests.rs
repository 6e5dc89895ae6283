//! Report tables and the small-count rule: primary, secondary, totals, across tables;
//! the threshold; options out of range. One behaviour per test.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};

use super::*;
use crate::build::{device_label, tables};
use crate::gather::{Names, Tally};
use crate::suppress::{Draft, DraftRow, Forced, count_col, label_col};
use senim_content::Library;
use senim_records::{
    AssessmentSummary, Interview, InterviewStatus, OutreachNote, RecordBody, RecordId, RecordKind,
    Referral, ReferralStatus, Subject,
};
use senim_vault::{CreateOptions, Vault};

fn draft(counts: &[u64], total: bool) -> Draft {
    let mut d = Draft::new(
        "t",
        "T",
        vec![label_col("k", "K"), count_col("n", "N")],
        total,
    );
    for (i, &n) in counts.iter().enumerate() {
        d.row(vec![format!("r{i}")], vec![n]);
    }
    d
}

fn shown(t: &Table) -> Vec<Option<u64>> {
    t.rows
        .iter()
        .map(|r| r[1].as_count().unwrap().value)
        .collect()
}

fn total(t: &Table) -> Option<u64> {
    t.total.as_ref().unwrap()[1].as_count().unwrap().value
}

#[test]
fn counts_below_the_threshold_are_suppressed_and_zero_stays_zero() {
    let t = draft(&[0, 3, 4, 5, 12], true)
        .finish(5, &Forced::default())
        .table;
    assert_eq!(shown(&t), vec![Some(0), None, None, Some(5), Some(12)]);
    assert_eq!(total(&t), Some(24));
    assert!(t.rows[1][1].as_count().unwrap().suppressed);
    assert!(!t.rows[0][1].as_count().unwrap().suppressed);
}

#[test]
fn a_single_suppressed_cell_takes_the_next_smallest_with_it() {
    let t = draft(&[20, 2, 7, 9, 0], true)
        .finish(5, &Forced::default())
        .table;
    assert_eq!(shown(&t), vec![Some(20), None, None, Some(9), Some(0)]);
    assert_eq!(total(&t), Some(38));
}

#[test]
fn suppressed_cells_that_are_all_one_take_another_cell_with_them() {
    let t = draft(&[1, 1, 6, 8], true)
        .finish(5, &Forced::default())
        .table;
    assert_eq!(shown(&t), vec![None, None, None, Some(8)]);
    assert_eq!(total(&t), Some(16));
}

#[test]
fn a_total_that_would_reveal_its_cells_is_suppressed() {
    // Five places with one note each: every cell is suppressed, and a total of 5
    // would say each is 1.
    let t = draft(&[1, 1, 1, 1, 1], true)
        .finish(5, &Forced::default())
        .table;
    assert_eq!(shown(&t), vec![None; 5]);
    assert_eq!(total(&t), None);
    // A small total is suppressed as any count.
    let t = draft(&[3, 0], true).finish(5, &Forced::default()).table;
    assert_eq!(total(&t), None);
}

#[test]
fn secondary_suppression_also_holds_within_a_group() {
    let mut d = draft(&[], true);
    for (n, g) in [(3, "A"), (9, "A"), (2, "B"), (8, "B"), (30, "C")] {
        d.rows.push(DraftRow {
            labels: vec![format!("{g}{n}")],
            counts: vec![n],
            group: Some(g.into()),
        });
    }
    let t = d.finish(5, &Forced::default()).table;
    assert_eq!(shown(&t), vec![None, None, None, None, Some(30)]);
}

#[test]
fn a_number_suppressed_in_one_table_is_suppressed_wherever_it_appears() {
    let lib = Library::bundled().unwrap();
    let names = Names::new(&lib, "en");
    let mut tally = Tally::default();
    // Six places with one note each: the places' total would say every place is 1,
    // so it is suppressed, and so is the count of notes by kind, which takes the
    // next smallest kind (12 subjects) and the subjects' total by nationality with it.
    for place in ["a", "b", "c", "d", "e", "f"] {
        tally
            .places
            .entry(place.to_string())
            .or_default()
            .insert(place.to_string(), 1);
    }
    tally.by_kind.insert(RecordKind::OutreachNote, 6);
    tally.by_kind.insert(RecordKind::Subject, 12);
    tally.by_kind.insert(RecordKind::Interview, 40);
    tally.nationalities.insert("UZ".into(), (7, 20));
    tally.nationalities.insert("TJ".into(), (5, 20));
    tally.workers.insert("ab".repeat(16), 58);
    tally.months.insert((2025, 3), [58, 0, 0, 0, 0]);
    let tables = tables(tally, &names, &BTreeMap::new(), 5);
    let get = |id: &str| tables.iter().find(|t| t.id == id).unwrap();
    assert_eq!(total(get(table_ids::PLACES)), None);
    assert_eq!(
        shown(get(table_ids::RECORDS_BY_KIND)),
        vec![None, None, Some(40), Some(0), Some(0)]
    );
    assert_eq!(total(get(table_ids::RECORDS_BY_KIND)), Some(58));
    let nationalities = get(table_ids::NATIONALITIES);
    let subjects_total = nationalities.total.as_ref().unwrap()[1].as_count().unwrap();
    assert!(subjects_total.suppressed);
    // With the total unknown, shown subjects by nationality give nothing away, but a
    // single one would still be protected by the rule within the table.
    assert_eq!(
        nationalities.total.as_ref().unwrap()[2]
            .as_count()
            .unwrap()
            .value,
        Some(40)
    );
}

#[test]
fn the_threshold_changes_what_is_suppressed() {
    let t = draft(&[3, 6, 12, 40], true)
        .finish(2, &Forced::default())
        .table;
    assert_eq!(shown(&t), vec![Some(3), Some(6), Some(12), Some(40)]);
    let t = draft(&[3, 6, 12, 40], true)
        .finish(10, &Forced::default())
        .table;
    assert_eq!(shown(&t), vec![None, None, Some(12), Some(40)]);
}

#[test]
fn options_out_of_range_are_typed_errors() {
    for threshold in [0, 1, MAX_THRESHOLD + 1] {
        let o = ReportOptions {
            threshold,
            ..ReportOptions::default()
        };
        assert!(matches!(
            o.check(),
            Err(Error::InvalidInput {
                field: "threshold",
                ..
            })
        ));
    }
    let o = ReportOptions {
        from: NaiveDate::from_ymd_opt(2025, 3, 2),
        to: NaiveDate::from_ymd_opt(2025, 3, 1),
        ..ReportOptions::default()
    };
    assert!(matches!(
        o.check(),
        Err(Error::InvalidInput {
            field: "period",
            ..
        })
    ));
    let o = ReportOptions {
        to: Some(NaiveDate::MAX),
        ..ReportOptions::default()
    };
    assert!(o.check().is_err());
}

fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap()
        .and_utc()
}

fn interview(subject: Option<RecordId>, when: DateTime<Utc>, level: &str) -> RecordBody {
    RecordBody::Interview(Interview {
        form_id: "central_asia_screening".into(),
        form_version: "1.0.0".into(),
        form_hash: String::new(),
        language: "ru".into(),
        subject,
        status: InterviewStatus::Completed,
        answers: Default::default(),
        skipped: vec![],
        consent: None,
        started_at: when,
        finished_at: Some(when),
        assessment: Some(AssessmentSummary {
            rule_set_id: "ilo_ec_2009".into(),
            rule_set_version: "1.0.0".into(),
            rule_set_hash: String::new(),
            level: level.into(),
            urgent_safety: false,
            indicators: vec!["DR.job_nature".into(), "EX.excessive_hours".into()],
            at: when,
        }),
    })
}

fn count(report: &Report, table: &str, row: &str, column: &str) -> Option<u64> {
    let t = report.table(table).unwrap();
    let c = t.column(column).unwrap();
    let r = t
        .rows
        .iter()
        .find(|r| r[0].as_label() == Some(row))
        .unwrap_or_else(|| panic!("no row {row} in {table}"));
    r[c].as_count().unwrap().value
}

/// A vault with one Tajik subject; six "possible" interviews about them in March
/// 2025 (the first deleted), five "likely" ones in January; five notes in March at
/// one place spelled two ways; five accepted referrals to legal aid.
fn small_vault() -> (tempfile::TempDir, Vault) {
    let dir = tempfile::tempdir().unwrap();
    let v = Vault::create(
        dir.path(),
        b"correct horse",
        CreateOptions::insecure_fast_for_tests(),
    )
    .unwrap();
    let subject = v
        .add(RecordBody::Subject(Subject {
            alias: "canary alias".into(),
            age_band: None,
            gender: None,
            nationality: Some("TJ".into()),
            languages: vec![],
            contact_preference: None,
        }))
        .unwrap();
    let mut bodies = Vec::new();
    for _ in 0..6 {
        bodies.push(interview(Some(subject), at(2025, 3, 10), "possible"));
    }
    for i in 0..5 {
        bodies.push(interview(Some(subject), at(2025, 1, 10), "likely"));
        bodies.push(RecordBody::OutreachNote(OutreachNote {
            text: "canary text".into(),
            place: Some(
                if i % 2 == 0 {
                    "  Barakholka   market "
                } else {
                    "barakholka market"
                }
                .into(),
            ),
            location: None,
            tags: vec![],
            at: at(2025, 3, 11),
            subject: None,
        }));
        bodies.push(RecordBody::Referral(Referral {
            subject: Some(subject),
            service: "legal_aid".into(),
            reason: "canary reason".into(),
            status: ReferralStatus::Accepted,
            consent: None,
        }));
    }
    let ids = v.add_many(bodies).unwrap();
    v.delete(ids[0]).unwrap();
    (dir, v)
}

#[test]
fn a_vault_report_counts_every_table_and_leaves_out_deleted_records() {
    let (_dir, v) = small_vault();
    let lib = Library::bundled().unwrap();
    let r = Report::build(&v, &lib, &ReportOptions::default()).unwrap();
    assert_eq!(
        count(&r, "records_by_kind", "interview", "records"),
        Some(10)
    );
    assert_eq!(count(&r, "nationalities", "TJ", "interviews"), Some(10));
    assert_eq!(
        count(&r, "assessments_by_level", "possible", "interviews"),
        Some(5)
    );
    assert_eq!(
        count(&r, "assessments_by_level", "likely", "interviews"),
        Some(5)
    );
    assert_eq!(
        count(&r, "indicators", "DR.job_nature", "interviews"),
        Some(10)
    );
    assert_eq!(count(&r, "dimensions", "EX", "interviews"), Some(10));
    assert_eq!(count(&r, "months", "2025-03", "possible"), Some(5));
    assert_eq!(count(&r, "months", "2025-03", "records"), Some(10));
    // January to March, February empty.
    assert_eq!(count(&r, "months", "2025-02", "records"), Some(0));
    assert_eq!(
        count(&r, "referrals_by_service", "legal_aid", "referrals"),
        Some(5)
    );
    let dims = r.table("dimensions").unwrap();
    assert_eq!(
        dims.rows[0][1].as_label(),
        Some("Deceptive recruitment, including transfer and transport")
    );
    assert_eq!(
        count(&r, "workers", &device_label(&v.device_id()), "records"),
        Some(21)
    );
    let json = serde_json::to_string(&r).unwrap();
    assert!(!json.contains("canary"), "{json}");
}

#[test]
fn spellings_of_one_place_count_together_under_the_most_used() {
    let (_dir, v) = small_vault();
    let lib = Library::bundled().unwrap();
    let r = Report::build(&v, &lib, &ReportOptions::default()).unwrap();
    let places = r.table("places").unwrap();
    let labels: Vec<_> = places.rows.iter().map(|r| r[0].clone()).collect();
    assert_eq!(
        labels,
        vec![
            Cell::Label("Barakholka market".into()),
            Cell::Label(NO_PLACE.into())
        ]
    );
    // Its 5 notes are suppressed all the same: the single subject takes the notes by
    // kind (5, the next smallest) with it, and the one place would repeat that number.
    assert_eq!(count(&r, "records_by_kind", "note", "records"), None);
    assert_eq!(count(&r, "places", "Barakholka market", "notes"), None);
}

#[test]
fn a_period_counts_interviews_under_a_subject_recorded_before_it() {
    let (_dir, v) = small_vault();
    let lib = Library::bundled().unwrap();
    let march = ReportOptions {
        from: NaiveDate::from_ymd_opt(2025, 3, 1),
        to: NaiveDate::from_ymd_opt(2025, 3, 31),
        ..ReportOptions::default()
    };
    let r = Report::build(&v, &lib, &march).unwrap();
    assert_eq!(
        count(&r, "assessments_by_level", "likely", "interviews"),
        Some(0)
    );
    assert_eq!(count(&r, "nationalities", "TJ", "interviews"), Some(5));
    assert_eq!(count(&r, "nationalities", "TJ", "subjects"), Some(0));
    let months: Vec<_> = r
        .table("months")
        .unwrap()
        .rows
        .iter()
        .map(|r| r[0].clone())
        .collect();
    assert_eq!(months, vec![Cell::Label("2025-03".into())]);
}

#[test]
fn a_report_counts_from_the_facts_and_opens_no_record() {
    let (dir, v) = small_vault();
    let lib = Library::bundled().unwrap();
    let before = Report::build(&v, &lib, &ReportOptions::default()).unwrap();
    // Every record's sealed document and summary made unreadable behind the vault's
    // back: a report that opened records would find none (ADR 0048).
    let conn =
        senim_vault::testing::connect(dir.path(), senim_vault::testing::Db::Real, b"correct horse")
            .unwrap();
    conn.execute_batch(
        "UPDATE records SET doc = zeroblob(length(doc));
         DELETE FROM record_summaries;",
    )
    .unwrap();
    drop(conn);
    let after = Report::build(&v, &lib, &ReportOptions::default()).unwrap();
    assert_eq!(after.unreadable, 0);
    assert_eq!(after.tables, before.tables);
    assert_eq!(
        count(&after, "workers", &device_label(&v.device_id()), "records"),
        Some(21)
    );
}

#[test]
fn records_without_facts_to_count_are_reported_unreadable() {
    let (dir, v) = small_vault();
    let lib = Library::bundled().unwrap();
    let conn =
        senim_vault::testing::connect(dir.path(), senim_vault::testing::Db::Real, b"correct horse")
            .unwrap();
    // Two notes whose facts were never written (they did not open when the index was
    // built), and a referral whose facts were edited into nonsense.
    conn.execute_batch(
        "UPDATE record_facts SET counted = NULL
           WHERE seq IN (SELECT seq FROM record_facts WHERE kind = 'note' LIMIT 2);
         UPDATE record_facts SET counted = '{\"k\":\"nonsense\"}'
           WHERE seq IN (SELECT seq FROM record_facts WHERE kind = 'referral' LIMIT 1);",
    )
    .unwrap();
    drop(conn);
    let r = Report::build(&v, &lib, &ReportOptions::default()).unwrap();
    assert_eq!(r.unreadable, 3);
    assert_eq!(
        count(&r, "workers", &device_label(&v.device_id()), "records"),
        Some(18)
    );
}
