//! `senim team request --qr` and `team approve --qr`: the QR code drawn on the terminal
//! decodes (with an independent decoder, rqrr) to exactly the line printed above it.

use crate::common;

use common::*;

/// Reads the half-block drawing back into modules (light = a block half) and decodes
/// it. Each module becomes a 4×4 pixel square for the decoder.
fn decode_drawing(drawing: &str) -> String {
    let rows: Vec<Vec<char>> = drawing.lines().map(|l| l.chars().collect()).collect();
    let width = rows.iter().map(Vec::len).max().expect("a drawing");
    let mut light = vec![vec![false; width]; rows.len() * 2];
    for (y, row) in rows.iter().enumerate() {
        for (x, c) in row.iter().enumerate() {
            let (top, bottom) = match c {
                ' ' => (false, false),
                '▄' => (false, true),
                '▀' => (true, false),
                '█' => (true, true),
                other => panic!("unexpected character {other:?} in the drawing"),
            };
            light[2 * y][x] = top;
            light[2 * y + 1][x] = bottom;
        }
    }
    const SCALE: usize = 4;
    let (w, h) = (width * SCALE, light.len() * SCALE);
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| {
        if light[y / SCALE][x / SCALE] { 255 } else { 0 }
    });
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in the drawing");
    grids[0].decode().expect("the QR code decodes").1
}

fn split(out: &str) -> (&str, &str) {
    let (line, drawing) = out.split_once('\n').expect("a line, then the drawing");
    (line, drawing.trim_end_matches('\n'))
}

#[test]
fn join_request_and_welcome_qr_codes_decode_to_their_lines() {
    let hub = Hub::start();
    let lead = Workspace::with_vault();
    let worker = Workspace::with_vault();
    lead.ok(&["team", "create", "--name", "Office", "--hub", &hub.url]);

    let out = worker.ok(&["team", "request", "--as", "worker 1", "--qr"]);
    let (line, drawing) = split(&out);
    assert!(line.starts_with("SENIM-JOIN"), "{line}");
    let request = decode_drawing(drawing);
    assert_eq!(request, line);

    // The lead scans the request, the worker scans the welcome, and joins with it.
    let out = lead.ok(&[
        "team",
        "approve",
        &request,
        "--verify",
        &request_code(&request),
        "--qr",
    ]);
    let (line, drawing) = split(&out);
    assert!(line.starts_with("SENIM-WELCOME"), "{line}");
    let welcome = decode_drawing(drawing);
    assert_eq!(welcome, line);
    worker.ok(&[
        "team",
        "join",
        &welcome,
        "--verify",
        &welcome_code(&welcome),
    ]);
    assert_eq!(
        worker.json(&["team", "members"])["members"]
            .as_array()
            .expect("m")
            .len(),
        2
    );

    // Without --qr: the line alone.
    let plain = worker.run(&["team", "request"]);
    assert!(!plain.status.success(), "a member makes no new request");
    let fresh = Workspace::with_vault();
    assert_eq!(fresh.ok(&["team", "request"]).lines().count(), 1);
}
