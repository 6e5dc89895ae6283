//! `senim report` end to end: a hand-built vault from two devices of one team, and the
//! report's tables, suppression, CSV files and chart checked against counts worked out
//! by hand below.

use crate::common;

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use common::{PASSCODE, Workspace, assert_fails};
use senim_protocol::sync::{EnvelopeStore, MemoryStore, Step, SyncSession};
use senim_protocol::team::Role;
use senim_records::{
    AssessmentSummary, Consent, ConsentScope, ConsentState, Interview, InterviewStatus,
    OutreachNote, RecordBody, RecordId, Referral, ReferralStatus, Subject,
};
use senim_vault::{CreateOptions, KdfChoice, KdfParams, Vault};
use serde_json::Value;

// ---------------------------------------------------------------------------------------
// The fixture.
//
// Lead "Aigul" (the vault the CLI opens) and worker "Bolat", one team, synced.
//
// Aigul: subjects UZ1, UZ2, TJ1; interviews UZ1 2025-01-15 possible, UZ2 2025-01-20
//   possible, TJ1 2025-03-05 likely, anonymous 2025-02-10 none, anonymous 2025-02-11 in
//   progress; notes Barakholka 2025-01-15 and 2025-01-16, no place 2025-02-10;
//   referrals legal_aid proposed, legal_aid accepted, shelter_almaty completed; consent
//   2025-03-05. Deleted: subject KG, interview 2025-03-20 likely.          → 15 records
// Bolat: subjects UZ3, TJ2; interviews UZ3 2025-03-10 and 2025-03-12 possible, TJ2
//   2025-03-15 likely, anonymous 2025-02-20 none, anonymous 2025-02-21 in progress;
//   notes Barakholka 2025-03-01, Sayakhat 2025-02-05 and 2025-02-06, no place
//   2025-02-07; referrals legal_aid proposed, legal_aid accepted, shelter_almaty
//   completed; consent 2025-03-15. Deleted: note at "Deleted place", a referral.
//                                                                           → 15 records
// "possible" raises DR.job_nature and EX.excessive_hours; "likely" DR.job_nature,
// CD.documents_confiscated and CD.debt_bondage; "none" nothing.
//
// Subjects and referrals fall in the month they were created (now); notes, interviews
// and consents in the month they happened.

const CANARIES: [&str; 6] = [
    "CANARY-ALIAS",
    "CANARY-NOTE-TEXT",
    "CANARY-REASON",
    "CANARY-RECORDER",
    "Deleted place",
    "CANARY-ANSWER",
];

const BARAKHOLKA: &str = "Barakholka market, row 7";
const SAYAKHAT: &str = "Sayakhat bus station";

fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(10, 30, 0)
        .unwrap()
        .and_utc()
}

fn subject(nationality: &str) -> RecordBody {
    RecordBody::Subject(Subject {
        alias: format!("CANARY-ALIAS {nationality}, stall 14"),
        age_band: None,
        gender: None,
        nationality: Some(nationality.to_string()),
        languages: vec!["ru".into()],
        contact_preference: None,
    })
}

fn interview(subject: Option<RecordId>, when: DateTime<Utc>, level: Option<&str>) -> RecordBody {
    let indicators: Vec<String> = match level {
        Some("possible") => vec!["DR.job_nature".into(), "EX.excessive_hours".into()],
        Some("likely") => vec![
            "DR.job_nature".into(),
            "CD.documents_confiscated".into(),
            "CD.debt_bondage".into(),
        ],
        _ => vec![],
    };
    let mut answers = BTreeMap::new();
    answers.insert(
        "q_notes".to_string(),
        senim_records::Answer::Text("CANARY-ANSWER".into()),
    );
    RecordBody::Interview(Interview {
        form_id: "central_asia_screening".into(),
        form_version: "1.0.0".into(),
        form_hash: String::new(),
        language: "ru".into(),
        subject,
        status: if level.is_some() {
            InterviewStatus::Completed
        } else {
            InterviewStatus::InProgress
        },
        answers,
        skipped: vec![],
        consent: None,
        started_at: when,
        finished_at: level.map(|_| when),
        assessment: level.map(|level| AssessmentSummary {
            rule_set_id: "ilo_ec_2009".into(),
            rule_set_version: "1.0.0".into(),
            rule_set_hash: String::new(),
            level: level.into(),
            urgent_safety: false,
            indicators,
            at: when,
        }),
    })
}

fn note(place: Option<&str>, when: DateTime<Utc>) -> RecordBody {
    RecordBody::OutreachNote(OutreachNote {
        text: "CANARY-NOTE-TEXT: two men from Osh, passports held".into(),
        place: place.map(str::to_string),
        location: None,
        tags: vec!["market".into()],
        at: when,
        subject: None,
    })
}

fn referral(subject: RecordId, service: &str, status: ReferralStatus) -> RecordBody {
    RecordBody::Referral(Referral {
        subject: Some(subject),
        service: service.into(),
        reason: "CANARY-REASON".into(),
        status,
        consent: None,
    })
}

fn consent(subject: RecordId, when: DateTime<Utc>) -> RecordBody {
    RecordBody::Consent(Consent {
        subject: Some(subject),
        scopes: vec![ConsentScope::Screening, ConsentScope::Referral],
        services: vec![],
        state: ConsentState::Given,
        recorded_by: "CANARY-RECORDER".into(),
        at: when,
    })
}

fn create(dir: &Path) -> Vault {
    let options = CreateOptions {
        kdf: KdfChoice::Fixed(KdfParams::OWASP_MINIMUM),
        ..CreateOptions::default()
    };
    Vault::create(dir, PASSCODE.as_bytes(), options).expect("create vault")
}

/// One sync session between two envelope stores, run to its end.
fn exchange<A, B>(a: &mut A, b: &mut B)
where
    A: EnvelopeStore + ?Sized,
    B: EnvelopeStore + ?Sized,
    A::Error: std::fmt::Debug,
    B::Error: std::fmt::Debug,
{
    let mut sa = SyncSession::new(64 * 1024);
    let mut sb = SyncSession::new(64 * 1024);
    let mut message = sa.start(a).unwrap();
    let mut to_b = true;
    loop {
        let step = if to_b {
            sb.receive(b, &message).unwrap()
        } else {
            sa.receive(a, &message).unwrap()
        };
        match step {
            Step::Reply(bytes) => message = bytes,
            Step::Last(bytes, _) => {
                if to_b {
                    sa.receive(a, &bytes).unwrap();
                } else {
                    sb.receive(b, &bytes).unwrap();
                }
                return;
            }
            Step::Done(_) => return,
        }
        to_b = !to_b;
    }
}

fn sync(v: &Vault, hub: &mut MemoryStore) {
    v.seal_outbox().unwrap();
    let mut store = v.sync_store().unwrap();
    exchange(&mut store, hub);
    v.apply_waiting().unwrap();
}

/// The workspace's vault holds the fixture; returns it with the id of one more
/// non-deleted interview (Aigul's anonymous "none" interview) for deletion tests.
fn fixture() -> (Workspace, RecordId) {
    let ws = Workspace::empty();
    let lead = create(&ws.vault_dir());
    let worker_dir = ws.dir.path().join("worker");
    let worker = create(&worker_dir);
    lead.team_create("Almaty office", "Aigul", "http://127.0.0.1:9")
        .unwrap();
    let request = worker.team_request("Bolat").unwrap();
    let welcome = lead.team_approve(&request, Role::Worker).unwrap();
    worker.team_join(&welcome).unwrap();

    let a = lead
        .add_many(vec![
            subject("UZ"),
            subject("UZ"),
            subject("TJ"),
            subject("KG"),
        ])
        .unwrap();
    let (uz1, uz2, tj1, kg) = (a[0], a[1], a[2], a[3]);
    let a = lead
        .add_many(vec![
            interview(Some(uz1), at(2025, 1, 15), Some("possible")),
            interview(Some(uz2), at(2025, 1, 20), Some("possible")),
            interview(Some(tj1), at(2025, 3, 5), Some("likely")),
            interview(None, at(2025, 2, 10), Some("none")),
            interview(None, at(2025, 2, 11), None),
            note(Some(BARAKHOLKA), at(2025, 1, 15)),
            note(Some(BARAKHOLKA), at(2025, 1, 16)),
            note(None, at(2025, 2, 10)),
            referral(uz1, "legal_aid", ReferralStatus::Proposed),
            referral(uz2, "legal_aid", ReferralStatus::Accepted),
            referral(tj1, "shelter_almaty", ReferralStatus::Completed),
            consent(tj1, at(2025, 3, 5)),
            interview(Some(kg), at(2025, 3, 20), Some("likely")),
        ])
        .unwrap();
    let anonymous_none = a[3];
    lead.delete(kg).unwrap();
    lead.delete(a[12]).unwrap();

    let b = worker.add_many(vec![subject("UZ"), subject("TJ")]).unwrap();
    let (uz3, tj2) = (b[0], b[1]);
    let b = worker
        .add_many(vec![
            interview(Some(uz3), at(2025, 3, 10), Some("possible")),
            interview(Some(uz3), at(2025, 3, 12), Some("possible")),
            interview(Some(tj2), at(2025, 3, 15), Some("likely")),
            interview(None, at(2025, 2, 20), Some("none")),
            interview(None, at(2025, 2, 21), None),
            note(Some(BARAKHOLKA), at(2025, 3, 1)),
            note(Some(SAYAKHAT), at(2025, 2, 5)),
            note(Some(SAYAKHAT), at(2025, 2, 6)),
            note(None, at(2025, 2, 7)),
            referral(uz3, "legal_aid", ReferralStatus::Proposed),
            referral(tj2, "legal_aid", ReferralStatus::Accepted),
            referral(uz3, "shelter_almaty", ReferralStatus::Completed),
            consent(tj2, at(2025, 3, 15)),
            note(Some("Deleted place"), at(2025, 3, 2)),
            referral(tj2, "consular", ReferralStatus::Declined),
        ])
        .unwrap();
    worker.delete(b[13]).unwrap();
    worker.delete(b[14]).unwrap();

    let m = lead.membership().unwrap().unwrap();
    let mut hub = MemoryStore::new(m.team());
    for member in m.members() {
        hub.add_device(member.public.device, member.public.signing_key);
    }
    sync(&worker, &mut hub);
    sync(&lead, &mut hub);
    (ws, anonymous_none)
}

// ---------------------------------------------------------------------------------------
// Reading a report.

/// The table with this id.
fn table<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id)
        .unwrap_or_else(|| panic!("no table {id}"))
}

/// A cell as the test writes it: the number, "*" when suppressed, or the label.
fn cell_text(cell: &Value) -> String {
    match cell {
        Value::String(s) => s.clone(),
        Value::Object(o) => {
            if o["suppressed"] == true {
                assert!(o["value"].is_null(), "a suppressed cell carries no value");
                "*".into()
            } else {
                o["value"].as_u64().expect("a shown count").to_string()
            }
        }
        other => panic!("unexpected cell {other}"),
    }
}

/// Every row of a table (the total row last, when it has one), cells as text.
fn rows(report: &Value, id: &str) -> Vec<Vec<String>> {
    let t = table(report, id);
    let mut out: Vec<Vec<String>> = t["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_array().unwrap().iter().map(cell_text).collect())
        .collect();
    if let Some(total) = t["total"].as_array() {
        out.push(total.iter().map(cell_text).collect());
    }
    out
}

fn r(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

/// The months table's rows from January 2025 to this month: the three fixture months,
/// empty months, and this month with the subjects and referrals.
fn expected_months(
    jan: [&str; 6],
    feb: [&str; 6],
    mar: [&str; 6],
    now: [&str; 6],
) -> Vec<Vec<String>> {
    let today = Utc::now();
    let (mut y, mut m) = (2025, 1);
    let mut out = Vec::new();
    while (y, m) <= (today.year(), today.month()) {
        let label = format!("{y:04}-{m:02}");
        let row = match (y, m) {
            (2025, 1) => jan.to_vec(),
            (2025, 2) => feb.to_vec(),
            (2025, 3) => mar.to_vec(),
            _ if (y, m) == (today.year(), today.month()) => now.to_vec(),
            _ => vec!["", "0", "0", "0", "0", "0"],
        };
        let mut row = r(&row);
        row[0] = label;
        out.push(row);
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    out
}

fn label_of(report: &Value, table_id: &str, i: usize) -> String {
    rows(report, table_id)[i][0].clone()
}

// ---------------------------------------------------------------------------------------
// The specifications.

#[test]
fn every_count_matches_the_hand_computed_fixture() {
    let (ws, _) = fixture();
    // With a threshold of 2 no cell of the fixture is suppressed (none is exactly 1).
    let report = ws.json(&["report", "--min-count", "2"]);
    assert_eq!(report["threshold"], 2);
    assert_eq!(report["unreadable"], 0);
    assert_eq!(
        report["period"],
        serde_json::json!({"from": null, "to": null})
    );

    assert_eq!(
        rows(&report, "records_by_kind"),
        vec![
            r(&["subject", "5"]),
            r(&["note", "7"]),
            r(&["interview", "10"]),
            r(&["referral", "6"]),
            r(&["consent", "2"]),
            r(&["Total", "30"]),
        ]
    );
    assert_eq!(
        rows(&report, "assessments_by_level"),
        vec![
            r(&["none", "2"]),
            r(&["monitor", "0"]),
            r(&["possible", "4"]),
            r(&["likely", "2"]),
            r(&["Total", "8"]),
        ]
    );
    let indicators: Vec<Vec<String>> = rows(&report, "indicators")
        .into_iter()
        .map(|row| vec![row[0].clone(), row[2].clone(), row[3].clone()])
        .collect();
    assert_eq!(
        indicators,
        vec![
            r(&["DR.job_nature", "DR", "6"]),
            r(&["EX.excessive_hours", "EX", "4"]),
            r(&["CD.debt_bondage", "CD", "2"]),
            r(&["CD.documents_confiscated", "CD", "2"]),
            r(&["Total", "", "14"]),
        ]
    );
    // Indicator names come from the form.
    assert_eq!(
        rows(&report, "indicators")[0][1],
        "Deceived about the nature of the job, its location or the employer"
    );
    let dimensions: Vec<Vec<String>> = rows(&report, "dimensions")
        .into_iter()
        .map(|row| vec![row[0].clone(), row[2].clone()])
        .collect();
    assert_eq!(
        dimensions,
        vec![
            r(&["DR", "6"]),
            r(&["CR", "0"]),
            r(&["VR", "0"]),
            r(&["EX", "4"]),
            r(&["CD", "2"]),
            r(&["VD", "0"]),
        ]
    );
    assert!(table(&report, "dimensions")["total"].is_null());
    assert_eq!(
        rows(&report, "nationalities"),
        vec![
            r(&["TJ", "2", "2"]),
            r(&["UZ", "3", "4"]),
            r(&["(not recorded)", "0", "4"]),
            r(&["Total", "5", "10"]),
        ]
    );
    assert_eq!(
        rows(&report, "places"),
        vec![
            r(&[BARAKHOLKA, "3"]),
            r(&[SAYAKHAT, "2"]),
            r(&["(no place)", "2"]),
            r(&["Total", "7"]),
        ]
    );
    let mut months = expected_months(
        ["", "4", "0", "0", "2", "0"],
        ["", "8", "2", "0", "0", "0"],
        ["", "7", "0", "0", "2", "2"],
        ["", "11", "0", "0", "0", "0"],
    );
    months.push(r(&["Total", "30", "2", "0", "4", "2"]));
    assert_eq!(rows(&report, "months"), months);
    assert_eq!(
        rows(&report, "workers"),
        vec![
            r(&["Aigul", "15"]),
            r(&["Bolat", "15"]),
            r(&["Total", "30"])
        ]
    );
    let services: Vec<Vec<String>> = rows(&report, "referrals_by_service")
        .into_iter()
        .map(|row| vec![row[0].clone(), row[2].clone()])
        .collect();
    assert_eq!(
        services,
        vec![
            r(&["legal_aid", "4"]),
            r(&["shelter_almaty", "2"]),
            r(&["Total", "6"]),
        ]
    );
    assert_eq!(
        rows(&report, "referrals_by_status"),
        vec![
            r(&["proposed", "2"]),
            r(&["accepted", "2"]),
            r(&["declined", "0"]),
            r(&["completed", "2"]),
            r(&["cancelled", "0"]),
            r(&["Total", "6"]),
        ]
    );
}

#[test]
fn counts_below_the_threshold_are_suppressed_in_json_with_secondary_suppression() {
    let (ws, _) = fixture();
    let report = ws.json(&["report"]);
    assert_eq!(report["threshold"], 5);
    // Consents (2) alone would be recoverable from the total: the next smallest count,
    // subjects (5), is suppressed with it.
    assert_eq!(
        rows(&report, "records_by_kind"),
        vec![
            r(&["subject", "*"]),
            r(&["note", "7"]),
            r(&["interview", "10"]),
            r(&["referral", "6"]),
            r(&["consent", "*"]),
            r(&["Total", "30"]),
        ]
    );
    assert_eq!(
        rows(&report, "assessments_by_level"),
        vec![
            r(&["none", "*"]),
            r(&["monitor", "0"]),
            r(&["possible", "*"]),
            r(&["likely", "*"]),
            r(&["Total", "8"]),
        ]
    );
    let indicators: Vec<String> = rows(&report, "indicators")
        .into_iter()
        .map(|row| row[3].clone())
        .collect();
    assert_eq!(indicators, r(&["6", "*", "*", "*", "14"]));
    // January's 4 records alone would be recoverable: March's 7 goes with them. Totals
    // below the threshold are suppressed too.
    let mut months = expected_months(
        ["", "*", "0", "0", "*", "0"],
        ["", "8", "*", "0", "0", "0"],
        ["", "*", "0", "0", "*", "*"],
        ["", "11", "0", "0", "0", "0"],
    );
    months.push(r(&["Total", "30", "*", "0", "*", "*"]));
    assert_eq!(rows(&report, "months"), months);
    assert_eq!(
        rows(&report, "places"),
        vec![
            r(&[BARAKHOLKA, "*"]),
            r(&[SAYAKHAT, "*"]),
            r(&["(no place)", "*"]),
            r(&["Total", "7"]),
        ]
    );
    assert_eq!(
        rows(&report, "workers"),
        vec![
            r(&["Aigul", "15"]),
            r(&["Bolat", "15"]),
            r(&["Total", "30"])
        ]
    );
    // The subjects' total by nationality is the subjects' count by kind, suppressed
    // there: it is suppressed here too.
    assert_eq!(
        rows(&report, "nationalities"),
        vec![
            r(&["TJ", "*", "*"]),
            r(&["UZ", "*", "*"]),
            r(&["(not recorded)", "0", "*"]),
            r(&["Total", "*", "10"]),
        ]
    );
    // No table holds exactly one suppressed cell in a column that shows its total.
    for t in report["tables"].as_array().unwrap() {
        let id = t["id"].as_str().unwrap();
        let table_rows = rows(&report, id);
        let Some(total) = t["total"].as_array() else {
            continue;
        };
        for (c, col) in t["columns"].as_array().unwrap().iter().enumerate() {
            if col["kind"] != "count" || total[c]["suppressed"] == true {
                continue;
            }
            let hidden = table_rows[..table_rows.len() - 1]
                .iter()
                .filter(|row| row[c] == "*")
                .count();
            assert_ne!(hidden, 1, "{id}.{} has one suppressed cell", col["id"]);
        }
    }
}

#[test]
fn csv_files_mark_suppressed_cells_and_never_show_their_numbers() {
    let (ws, _) = fixture();
    let dir = ws.dir.path().join("csv out");
    let out = ws.ok(&["report", "--csv", dir.to_str().unwrap()]);
    assert!(out.contains("wrote 10 CSV files"), "{out}");
    let kinds = std::fs::read_to_string(dir.join("records_by_kind.csv")).unwrap();
    assert_eq!(
        kinds,
        "Kind,Records\nsubject,suppressed\nnote,7\ninterview,10\nreferral,6\nconsent,suppressed\nTotal,30\n"
    );
    let levels = std::fs::read_to_string(dir.join("assessments_by_level.csv")).unwrap();
    assert_eq!(
        levels,
        "Level,Interviews\nnone,suppressed\nmonitor,0\npossible,suppressed\nlikely,suppressed\nTotal,8\n"
    );
    let places = std::fs::read_to_string(dir.join("places.csv")).unwrap();
    assert_eq!(
        places,
        format!(
            "Place,Notes\n\"{BARAKHOLKA}\",suppressed\n{SAYAKHAT},suppressed\n(no place),suppressed\nTotal,7\n"
        )
    );
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        vec![
            "assessments_by_level.csv",
            "dimensions.csv",
            "indicators.csv",
            "months.csv",
            "nationalities.csv",
            "places.csv",
            "records_by_kind.csv",
            "referrals_by_service.csv",
            "referrals_by_status.csv",
            "workers.csv",
        ]
    );
    // Each file parses as CSV with one width throughout.
    for f in &files {
        let text = std::fs::read_to_string(dir.join(f)).unwrap();
        let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
        let width = reader.headers().unwrap().len();
        for record in reader.records() {
            assert_eq!(record.unwrap().len(), width, "{f}");
        }
    }
}

#[test]
fn the_min_count_flag_moves_the_threshold() {
    let (ws, _) = fixture();
    let workers = |args: &[&str]| {
        let mut all = vec!["report"];
        all.extend_from_slice(args);
        rows(&ws.json(&all), "workers")
    };
    assert_eq!(workers(&[])[0], r(&["Aigul", "15"]));
    // With 16, both workers' 15 records are suppressed, and so is nothing else that
    // would give them away: the total of 30 stays, two cells are hidden.
    assert_eq!(
        workers(&["--min-count", "16"]),
        vec![r(&["Aigul", "*"]), r(&["Bolat", "*"]), r(&["Total", "30"])]
    );
    let report = ws.json(&["report", "--min-count", "3"]);
    assert_eq!(report["threshold"], 3);
    assert_eq!(
        rows(&report, "records_by_kind")[4],
        r(&["consent", "*"]),
        "2 is below 3"
    );
    assert_eq!(rows(&report, "places")[0], r(&[BARAKHOLKA, "3"]));
}

#[test]
fn deleted_records_are_not_counted() {
    let (ws, anonymous_none) = fixture();
    let before = ws.json(&["report", "--min-count", "2"]);
    // The fixture's deleted subject (KG), note ("Deleted place") and referral (consular)
    // appear nowhere.
    let text = before.to_string();
    for absent in ["KG", "Deleted place", "consular"] {
        assert!(!text.contains(absent), "{absent} is counted");
    }
    ws.ok(&["records", "delete", &anonymous_none.to_string()]);
    let after = ws.json(&["report", "--min-count", "2"]);
    assert_eq!(rows(&after, "records_by_kind")[2], r(&["interview", "9"]));
    assert_eq!(rows(&after, "assessments_by_level")[0], r(&["none", "*"]));
    assert_eq!(
        rows(&after, "nationalities")[2],
        r(&["(not recorded)", "0", "3"])
    );
}

#[test]
fn the_period_counts_only_records_of_those_days() {
    let (ws, _) = fixture();
    let report = ws.json(&[
        "report",
        "--min-count",
        "2",
        "--from",
        "2025-02-01",
        "--to",
        "2025-02-28",
    ]);
    assert_eq!(
        report["period"],
        serde_json::json!({"from": "2025-02-01", "to": "2025-02-28"})
    );
    assert_eq!(
        rows(&report, "records_by_kind"),
        vec![
            r(&["subject", "0"]),
            r(&["note", "4"]),
            r(&["interview", "4"]),
            r(&["referral", "0"]),
            r(&["consent", "0"]),
            r(&["Total", "8"]),
        ]
    );
    assert_eq!(
        rows(&report, "months"),
        vec![
            r(&["2025-02", "8", "2", "0", "0", "0"]),
            r(&["Total", "8", "2", "0", "0", "0"])
        ]
    );
    assert_eq!(label_of(&report, "places", 0), SAYAKHAT);
}

#[test]
fn no_alias_note_text_or_other_free_text_reaches_any_export() {
    let (ws, _) = fixture();
    let dir = ws.dir.path().join("exports");
    let csv_dir = dir.join("csv");
    let chart = dir.join("chart.svg");
    std::fs::create_dir_all(&dir).unwrap();
    let mut outputs = vec![
        ws.ok(&["--json", "report", "--min-count", "2"]),
        ws.ok(&[
            "report",
            "--min-count",
            "2",
            "--csv",
            csv_dir.to_str().unwrap(),
            "--chart",
            chart.to_str().unwrap(),
        ]),
    ];
    for entry in std::fs::read_dir(&csv_dir).unwrap() {
        outputs.push(std::fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    outputs.push(std::fs::read_to_string(&chart).unwrap());
    for text in &outputs {
        for canary in CANARIES {
            assert!(!text.contains(canary), "{canary} leaked into an export");
        }
    }
    // Place labels are reported, by design.
    assert!(outputs[0].contains(BARAKHOLKA));
}

#[test]
fn the_text_report_prints_every_table_with_marks_for_suppressed_cells() {
    let (ws, _) = fixture();
    let out = ws.ok(&["report"]);
    for title in [
        "Records by kind",
        "Assessed interviews by level",
        "Indicators raised",
        "Interviews raising an indicator, by dimension",
        "Subjects and interviews by nationality",
        "Outreach notes by place",
        "Records and assessments by month",
        "Records by worker",
        "Referrals by service",
        "Referrals by status",
    ] {
        assert!(out.contains(title), "{title} missing:\n{out}");
    }
    assert!(out.contains("* suppressed: a count from 1 to 4"), "{out}");
    let consent = out
        .lines()
        .find(|l| l.trim_start().starts_with("consent"))
        .unwrap();
    assert!(consent.trim_end().ends_with('*'), "{consent}");
}

#[test]
fn the_chart_is_a_valid_svg_with_titles_and_a_bar_per_shown_cell() {
    let (ws, _) = fixture();
    let chart = ws.dir.path().join("report.svg");
    let chart_arg = chart.to_str().unwrap();
    for (min_count, dimension_bars, level_bars) in [
        // DR 6, EX 4, CD 2 are shown; by month: possible 2 (Jan), none 2 (Feb),
        // possible 2 and likely 2 (Mar).
        ("2", 3, [1, 0, 2, 1]),
        // Only DR's 6 is shown; every monthly level count is suppressed.
        ("5", 1, [0, 0, 0, 0]),
    ] {
        ws.ok(&["report", "--min-count", min_count, "--chart", chart_arg]);
        let svg = std::fs::read_to_string(&chart).unwrap();
        let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        let texts: Vec<String> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .map(|n| n.text().unwrap_or_default().trim().to_string())
            .collect();
        for title in [
            "Interviews raising an indicator, by dimension",
            "Assessed interviews by level and month",
            "Dimension",
            "Month",
            "Interviews",
            "interviews",
            "possible",
            "likely",
            "DR",
            "2025-01",
        ] {
            assert!(texts.iter().any(|t| t == title), "{title} not in {texts:?}");
        }
        // Bars are filled rectangles in each series' colour; the legend adds one swatch
        // per series.
        let fills = |color: &str| {
            doc.descendants()
                .filter(|n| n.has_tag_name("rect"))
                .filter(|n| {
                    n.attribute("fill")
                        .is_some_and(|f| f.eq_ignore_ascii_case(color))
                })
                .count()
        };
        assert_eq!(
            fills("#2C6EAA"),
            dimension_bars + 1,
            "min count {min_count}"
        );
        for (color, bars) in ["#9E9E9E", "#E0A800", "#F06C2C", "#B3001B"]
            .iter()
            .zip(level_bars)
        {
            assert_eq!(fills(color), bars + 1, "{color} at min count {min_count}");
        }
    }
}

#[test]
fn bad_report_options_fail_with_one_line_naming_what_was_wrong() {
    let ws = Workspace::with_vault();
    let out = ws.run(&["report", "--min-count", "1"]);
    assert_fails(&out, 2, "--min-count");
    let out = ws.run(&["report", "--from", "March"]);
    assert_fails(&out, 2, "YYYY-MM-DD");
    let out = ws.run(&["report", "--from", "2025-03-02", "--to", "2025-03-01"]);
    assert_fails(&out, 1, "period");
    let out = ws.run(&["report", "--chart", "chart.png"]);
    assert_fails(&out, 1, ".svg");
}
