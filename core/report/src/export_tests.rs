//! The report as CSV and in the worker's words: quoting, the formula guard, suppressed
//! cells, the one-file shape, the catalog's titles and labels. One behaviour per test.

use senim_l10n::{Locale, Localizer};

use super::*;
use crate::suppress::{Draft, Forced, count_col, label_col};

fn report(tables: Vec<Table>) -> Report {
    Report {
        period: Period {
            from: None,
            to: None,
        },
        generated_at: chrono::DateTime::UNIX_EPOCH,
        threshold: 5,
        unreadable: 0,
        tables,
    }
}

/// A places table with these labels and counts, the small-count rule applied.
fn places(rows: &[(&str, u64)]) -> Table {
    let mut d = Draft::new(
        table_ids::PLACES,
        "Outreach notes by place",
        vec![label_col("place", "Place"), count_col("notes", "Notes")],
        true,
    );
    for (label, n) in rows {
        d.row(vec![label.to_string()], vec![*n]);
    }
    d.finish(5, &Forced::default()).table
}

fn records(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn a_table_is_its_header_its_rows_and_its_total() {
    let text = table_csv(&places(&[("Barakholka", 12), ("Station", 9)])).unwrap();
    assert_eq!(text, "Place,Notes\nBarakholka,12\nStation,9\nTotal,21\n");
}

#[test]
fn labels_with_commas_quotes_and_line_breaks_are_quoted_and_read_back_whole() {
    let label = "Row 7, \"the blue gate\"\nnear the bus stop";
    let text = table_csv(&places(&[(label, 12), ("Station", 9)])).unwrap();
    assert!(text.contains("\"Row 7, \"\"the blue gate\"\"\nnear the bus stop\""));
    assert_eq!(records(&text)[1], vec![label.to_string(), "12".to_string()]);
}

#[test]
fn a_field_that_starts_like_a_formula_cannot_run_in_a_spreadsheet() {
    let text = table_csv(&places(&[
        ("=HYPERLINK(\"http://x\")", 10),
        ("+7 market", 10),
        ("-stall", 10),
        ("@home", 10),
        ("\tgate", 10),
        ("Barakholka", 10),
    ]))
    .unwrap();
    let labels: Vec<String> = records(&text)[1..7].iter().map(|r| r[0].clone()).collect();
    assert_eq!(
        labels,
        [
            "'=HYPERLINK(\"http://x\")",
            "'+7 market",
            "'-stall",
            "'@home",
            "'\tgate",
            "Barakholka"
        ]
    );
}

#[test]
fn a_suppressed_count_is_the_word_suppressed_and_its_number_appears_nowhere() {
    // 3 is below 5; 7, the smallest shown, goes with it so 3 cannot be worked out.
    let text = table_csv(&places(&[("Alpha", 40), ("Bravo", 3), ("Charlie", 7)])).unwrap();
    let rows = records(&text);
    assert_eq!(rows[2], ["Bravo", CSV_SUPPRESSED]);
    assert_eq!(rows[3], ["Charlie", CSV_SUPPRESSED]);
    assert_eq!(rows[4], ["Total", "50"]);
    assert!(!text.contains('3') && !text.contains('7'), "{text}");
}

#[test]
fn the_report_file_holds_every_table_under_its_title_in_order() {
    let mut kinds = Draft::new(
        table_ids::RECORDS_BY_KIND,
        "Records by kind",
        vec![label_col("kind", "Kind"), count_col("records", "Records")],
        true,
    );
    kinds.row(vec!["note".into()], vec![21]);
    let r = report(vec![
        kinds.finish(5, &Forced::default()).table,
        places(&[("Barakholka", 12), ("Station", 9)]),
    ]);
    let text = report_csv(&r).unwrap();
    assert!(text.starts_with(BOM), "spreadsheets read it as UTF-8");
    let rows = records(text.trim_start_matches(BOM));
    let expected: Vec<Vec<&str>> = vec![
        vec!["Records by kind"],
        vec!["Kind", "Records"],
        vec!["note", "21"],
        vec!["Total", "21"],
        vec![""],
        vec!["Outreach notes by place"],
        vec!["Place", "Notes"],
        vec!["Barakholka", "12"],
        vec!["Station", "9"],
        vec!["Total", "21"],
    ];
    assert_eq!(rows, expected);
}

#[test]
fn localize_says_titles_and_the_reports_own_labels_in_the_language_and_keeps_places() {
    let mut kinds = Draft::new(
        table_ids::RECORDS_BY_KIND,
        "Records by kind",
        vec![label_col("kind", "Kind"), count_col("records", "Records")],
        true,
    );
    kinds.row(vec!["note".into()], vec![21]);
    let mut r = report(vec![
        kinds.finish(5, &Forced::default()).table,
        places(&[("Barakholka", 12), (NO_PLACE, 6)]),
    ]);
    localize(
        &mut r,
        &Localizer::new(Locale::parse("ru").unwrap()).unwrap(),
    );
    let rows = records(report_csv(&r).unwrap().trim_start_matches(BOM));
    assert_eq!(rows[0], ["Записи по видам"]);
    assert_eq!(rows[1], ["Вид", "Записи"]);
    assert_eq!(rows[2], ["заметка", "21"]);
    assert_eq!(rows[3], ["Итого", "21"]);
    assert_eq!(rows[7][0], "Barakholka");
    assert_eq!(rows[8][0], "(без места)");
}
