//! Record validation: what is accepted, what is refused.

use proptest::prelude::*;

use super::*;

proptest! {
    #[test]
    fn any_string_parses_as_an_id_a_kind_or_a_tag_or_fails_cleanly(s in any::<String>()) {
        let _ = s.parse::<RecordId>();
        let _ = s.parse::<RecordKind>();
        let _ = normalize_tag(&s);
    }
}

#[test]
fn record_ids_print_and_parse_as_32_hex_digits() {
    let id = RecordId::random().unwrap();
    let s = id.to_string();
    assert_eq!(s.len(), 32);
    assert_eq!(s.parse::<RecordId>().unwrap(), id);
    assert!("xyz".parse::<RecordId>().is_err());
}

#[test]
fn coordinates_are_rounded_to_about_a_kilometre() {
    let l = CoarseLocation::new(43.238_949, 76.889_709).unwrap();
    assert_eq!((l.lat, l.lon), (43.24, 76.89));
    assert!(CoarseLocation::new(f64::NAN, 0.0).is_err());
    assert!(CoarseLocation::new(91.0, 0.0).is_err());
}
