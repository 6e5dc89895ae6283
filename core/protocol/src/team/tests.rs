//! Teams as specifications: enrolment, the membership rules a successor list must
//! follow, revocation and epoch keys, and the code format. Property tests at the end:
//! no text makes a decoder panic, and no single mistyped character gets through.

use proptest::prelude::*;

use super::codes::{encode_code, join_signing_input};
use super::identity::Signature;
use super::*;
use crate::Error;
use crate::records::hex;

const HUB: &str = "https://hub.office.example";

fn device() -> DeviceKeys {
    DeviceKeys::generate(DeviceId::random().unwrap()).unwrap()
}

/// A team just created: its lead, its first list and the epoch-0 key.
struct Team {
    lead: DeviceKeys,
    list: Membership,
    key: EpochKey,
}

impl Team {
    /// The keys a welcome carries at join: the current epoch's.
    fn keys(&self) -> &[EpochKey] {
        std::slice::from_ref(&self.key)
    }
}

fn team() -> Team {
    let lead = device();
    let (list, key) = Membership::create(
        TeamId::random().unwrap(),
        "Almaty outreach",
        &lead,
        "Lead A",
    )
    .unwrap();
    Team { lead, list, key }
}

/// A new device admitted to `list` by `lead` in `role`: its keys and the next list.
fn admit(lead: &DeviceKeys, list: &Membership, role: Role) -> (DeviceKeys, Membership) {
    let keys = device();
    let request = JoinRequest::new(&keys, "Worker B").unwrap();
    let next = list.admit(lead, &request, role).unwrap();
    (keys, next)
}

/// Signs `list` as `by` without any check, to forge lists the rules must refuse.
fn forge(mut list: Membership, by: &DeviceKeys) -> Membership {
    list.signer = by.device();
    list.signature = Signature(by.sign(&list.signing_input()));
    list
}

fn code_reason<T: std::fmt::Debug>(result: crate::Result<T>) -> &'static str {
    match result {
        Err(Error::InvalidCode { reason, .. }) => reason,
        other => panic!("expected an invalid code error, got {other:?}"),
    }
}

fn refusal<T: std::fmt::Debug>(result: crate::Result<T>) -> String {
    match result {
        Err(Error::Membership(reason)) => reason,
        other => panic!("expected a membership refusal, got {other:?}"),
    }
}

fn is_crypto_error<T>(result: crate::Result<T>) -> bool {
    matches!(result, Err(Error::Crypto(_)))
}

// ---- enrolment ----

#[test]
fn a_created_team_is_a_valid_first_list_led_by_its_creator() {
    let t = team();
    t.list.verify_genesis().unwrap();
    assert_eq!((t.list.version(), t.list.epoch(), t.key.epoch()), (1, 0, 0));
    assert!(t.list.is_lead(t.lead.device()));
    assert!(t.list.matches_epoch_key(&t.key));
    assert!(t.list.revoked().is_empty());
}

#[test]
fn an_admitted_device_joins_with_the_welcome_and_opens_the_current_key() {
    let t = team();
    let worker = device();
    let request_text = JoinRequest::new(&worker, "Worker B").unwrap().encode();

    // On the lead's device.
    let request = JoinRequest::decode(&request_text).unwrap();
    let admitted = t.list.admit(&t.lead, &request, Role::Worker).unwrap();
    let welcome_text = Welcome::issue(&t.lead, HUB, &admitted, worker.device(), t.keys())
        .unwrap()
        .encode();

    // On the new device.
    let (list, keys) = Welcome::decode(&welcome_text)
        .unwrap()
        .open(&worker)
        .unwrap();
    assert_eq!(list, admitted);
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0].epoch(), 0);
    assert_eq!(keys[0].key().expose(), t.key.key().expose());
    assert_eq!(list.member(worker.device()).unwrap().role, Role::Worker);
    t.list.verify_successor(&list).unwrap();
}

#[test]
fn a_join_request_round_trips_through_its_code() {
    let keys = device();
    let request = JoinRequest::new(&keys, "Айгүл").unwrap();
    let decoded = JoinRequest::decode(&request.encode()).unwrap();
    assert_eq!(decoded, request);
    assert_eq!(decoded.public(), &keys.public());
    assert_eq!(decoded.name(), "Айгүл");
}

#[test]
fn a_welcome_round_trips_through_its_code() {
    let t = team();
    let (worker, list) = admit(&t.lead, &t.list, Role::Worker);
    let welcome = Welcome::issue(&t.lead, HUB, &list, worker.device(), t.keys()).unwrap();
    let decoded = Welcome::decode(&welcome.encode()).unwrap();
    assert_eq!(decoded, welcome);
    assert_eq!(decoded.hub_url(), HUB);
}

#[test]
fn codes_are_one_line_of_qr_alphanumeric_characters() {
    let t = team();
    let (worker, list) = admit(&t.lead, &t.list, Role::Worker);
    let join = JoinRequest::new(&worker, "Worker B").unwrap().encode();
    let welcome = Welcome::issue(&t.lead, HUB, &list, worker.device(), t.keys())
        .unwrap()
        .encode();
    let qr_alphanumeric =
        |c: char| c.is_ascii_digit() || c.is_ascii_uppercase() || " $%*+-./:".contains(c);
    for (code, prefix) in [(join, JOIN_PREFIX), (welcome, WELCOME_PREFIX)] {
        let body = code.strip_prefix(prefix).expect("starts with its prefix");
        assert!(!body.is_empty());
        assert!(
            body.chars()
                .all(|c| c.is_ascii_uppercase() || ('2'..='7').contains(&c)),
            "{prefix} body is base32 only"
        );
        assert!(
            code.chars().all(qr_alphanumeric),
            "{prefix} fits QR alphanumeric mode"
        );
        assert!(!code.contains('\n'));
    }
}

#[test]
fn a_join_request_is_read_whatever_the_case_and_whitespace() {
    let request = JoinRequest::new(&device(), "Worker B").unwrap();
    let code = request.encode();
    let (prefix, body) = code.split_at(JOIN_PREFIX.len());
    let spaced: String = body
        .as_bytes()
        .chunks(4)
        .map(|c| std::str::from_utf8(c).unwrap().to_lowercase())
        .collect::<Vec<_>>()
        .join(" ");
    let typed = format!("  \n{}{}\n", prefix.to_lowercase(), spaced);
    assert_eq!(JoinRequest::decode(&typed).unwrap(), request);
}

#[test]
fn look_alike_digits_are_read_as_the_letters_they_resemble() {
    let request = JoinRequest::new(&device(), "Worker B").unwrap();
    let code = request.encode();
    let (prefix, body) = code.split_at(JOIN_PREFIX.len());
    let typed = format!(
        "{prefix}{}",
        body.replace('O', "0").replace('I', "1").replace('B', "8")
    );
    assert_eq!(JoinRequest::decode(&typed).unwrap(), request);
}

#[test]
fn a_mistyped_character_is_caught_by_the_checksum() {
    let code = JoinRequest::new(&device(), "Worker B").unwrap().encode();
    let at = JOIN_PREFIX.len() + 10;
    let original = code.as_bytes()[at];
    let replacement = if original == b'A' { 'C' } else { 'A' };
    let mut typo = code.clone();
    typo.replace_range(at..at + 1, &replacement.to_string());
    assert!(code_reason(JoinRequest::decode(&typo)).contains("checksum"));
}

#[test]
fn a_tampered_request_with_a_fresh_checksum_fails_its_signature() {
    let mut request = JoinRequest::new(&device(), "Worker B").unwrap();
    request.name = "Lead Z".into();
    let code = encode_code(JOIN_PREFIX, &postcard::to_allocvec(&request).unwrap());
    assert!(code_reason(JoinRequest::decode(&code)).contains("signature"));
}

#[test]
fn a_request_signed_by_another_device_fails_its_signature() {
    let claimed = device();
    let signer = device();
    let public = claimed.public();
    let request = JoinRequest {
        public,
        name: "Worker B".into(),
        signature: Signature(signer.sign(&join_signing_input(&public, "Worker B"))),
    };
    assert!(code_reason(JoinRequest::decode(&request.encode())).contains("signature"));
}

#[test]
fn a_request_with_a_low_order_agreement_key_is_refused() {
    let keys = device();
    let mut public = keys.public();
    public.agreement_key = [0; 32];
    let request = JoinRequest {
        public,
        name: "Worker B".into(),
        signature: Signature(keys.sign(&join_signing_input(&public, "Worker B"))),
    };
    assert!(code_reason(JoinRequest::decode(&request.encode())).contains("not usable"));
}

#[test]
fn a_code_of_another_kind_or_version_is_refused_by_its_prefix() {
    let t = team();
    let join = JoinRequest::new(&device(), "Worker B").unwrap().encode();
    assert!(code_reason(Welcome::decode(&join)).contains("join request"));
    let (worker, list) = admit(&t.lead, &t.list, Role::Worker);
    let welcome = Welcome::issue(&t.lead, HUB, &list, worker.device(), t.keys())
        .unwrap()
        .encode();
    assert!(code_reason(JoinRequest::decode(&welcome)).contains("welcome code"));
    let newer = join.replacen("SENIM-JOIN-1:", "SENIM-JOIN-2:", 1);
    assert!(code_reason(JoinRequest::decode(&newer)).contains("another version"));
    assert!(code_reason(JoinRequest::decode("hello")).contains("not a Senim code"));
}

#[test]
fn a_code_cut_short_is_refused() {
    let code = JoinRequest::new(&device(), "Worker B").unwrap().encode();
    for len in [
        JOIN_PREFIX.len(),
        JOIN_PREFIX.len() + 3,
        code.len() - 1,
        code.len() - 8,
    ] {
        code_reason(JoinRequest::decode(&code[..len]));
    }
}

#[test]
fn an_overlong_code_is_refused_before_it_is_read() {
    let long = format!("{JOIN_PREFIX}{}", "A".repeat(MAX_JOIN_CHARS));
    assert!(code_reason(JoinRequest::decode(&long)).contains("too long"));
    let long = format!("{WELCOME_PREFIX}{}", "A".repeat(MAX_WELCOME_CHARS));
    assert!(code_reason(Welcome::decode(&long)).contains("too long"));
}

#[test]
fn call_signs_that_are_empty_too_long_or_hold_control_characters_are_refused() {
    let keys = device();
    for bad in [
        "",
        "   ",
        " Worker",
        "Wor\u{7}ker",
        "Line\nbreak",
        "abc\u{202E}def",
        "zero\u{200B}width",
        &"x".repeat(MAX_NAME_CHARS + 1),
    ] {
        assert!(
            matches!(
                JoinRequest::new(&keys, bad),
                Err(Error::InvalidInput {
                    field: "call sign",
                    ..
                })
            ),
            "{bad:?}"
        );
    }
    JoinRequest::new(&keys, &"ж".repeat(MAX_NAME_CHARS)).unwrap();
}

// ---- membership rules ----

#[test]
fn admitted_and_revoked_lists_are_accepted_as_successors() {
    let t = team();
    let (worker, v2) = admit(&t.lead, &t.list, Role::Worker);
    t.list.verify_successor(&v2).unwrap();
    let (v3, _) = v2.revoke(&t.lead, worker.device(), 0).unwrap();
    v2.verify_successor(&v3).unwrap();
    assert_eq!(v3.version(), 3);
}

#[test]
fn a_list_signed_by_a_worker_is_refused() {
    let t = team();
    let (worker, v2) = admit(&t.lead, &t.list, Role::Worker);
    let mut v3 = v2.clone();
    v3.version = 3;
    v3.team_name = "Taken over".into();
    let reason = refusal(v2.verify_successor(&forge(v3, &worker)));
    assert!(reason.contains("not a lead"), "{reason}");
}

#[test]
fn a_list_signed_by_a_revoked_lead_is_refused() {
    let t = team();
    let (second_lead, v2) = admit(&t.lead, &t.list, Role::Lead);
    let (v3, _) = v2.revoke(&t.lead, second_lead.device(), 0).unwrap();
    v2.verify_successor(&v3).unwrap();
    let mut v4 = v3.clone();
    v4.version = 4;
    v4.team_name = "Taken over".into();
    let reason = refusal(v3.verify_successor(&forge(v4, &second_lead)));
    assert!(reason.contains("not a lead"), "{reason}");
}

#[test]
fn a_list_whose_version_does_not_advance_by_exactly_one_is_refused() {
    let t = team();
    let (_, v2) = admit(&t.lead, &t.list, Role::Worker);
    for version in [1, 2, 4] {
        let mut next = v2.clone();
        next.version = version;
        next.team_name = "Renamed".into();
        let reason = refusal(v2.verify_successor(&forge(next, &t.lead)));
        assert!(reason.contains("version"), "{version}: {reason}");
    }
    assert!(refusal(v2.verify_successor(&t.list)).contains("version"));
}

#[test]
fn a_list_that_drops_a_revoked_device_is_refused() {
    let t = team();
    let (worker, v2) = admit(&t.lead, &t.list, Role::Worker);
    let (v3, _) = v2.revoke(&t.lead, worker.device(), 0).unwrap();
    let mut v4 = v3.clone();
    v4.version = 4;
    v4.revoked.clear();
    let reason = refusal(v3.verify_successor(&forge(v4, &t.lead)));
    assert!(reason.contains("revoked"), "{reason}");
}

#[test]
fn a_revoked_device_never_reappears_as_a_member() {
    let t = team();
    let (worker, v2) = admit(&t.lead, &t.list, Role::Worker);
    let (v3, _) = v2.revoke(&t.lead, worker.device(), 0).unwrap();
    let returning = v2.member(worker.device()).unwrap().clone();
    // Listed again and dropped from `revoked`.
    let mut back = v3.clone();
    back.version = 4;
    back.revoked.clear();
    back.members.push(returning.clone());
    refusal(v3.verify_successor(&forge(back, &t.lead)));
    // Listed again and still in `revoked`.
    let mut both = v3.clone();
    both.version = 4;
    both.members.push(returning);
    let reason = refusal(v3.verify_successor(&forge(both, &t.lead)));
    assert!(reason.contains("revoked device is listed"), "{reason}");
}

#[test]
fn a_revoked_device_cannot_be_admitted_again() {
    let t = team();
    let (worker, v2) = admit(&t.lead, &t.list, Role::Worker);
    let (v3, _) = v2.revoke(&t.lead, worker.device(), 0).unwrap();
    let request = JoinRequest::new(&worker, "Worker B").unwrap();
    let reason = refusal(v3.admit(&t.lead, &request, Role::Worker));
    assert!(reason.contains("revoked"), "{reason}");
}

#[test]
fn a_member_cannot_be_admitted_twice() {
    let t = team();
    let (worker, v2) = admit(&t.lead, &t.list, Role::Worker);
    let request = JoinRequest::new(&worker, "Worker B").unwrap();
    assert!(refusal(v2.admit(&t.lead, &request, Role::Lead)).contains("already"));
}

#[test]
fn a_list_whose_epoch_goes_backwards_or_skips_is_refused() {
    let t = team();
    let (worker, v2) = admit(&t.lead, &t.list, Role::Worker);
    let (v3, _) = v2.revoke(&t.lead, worker.device(), 0).unwrap();
    let mut back = v3.clone();
    back.version = 4;
    back.epoch = 0;
    assert!(refusal(v3.verify_successor(&forge(back, &t.lead))).contains("backwards"));
    let mut skip = v3.clone();
    skip.version = 4;
    skip.epoch = 3;
    assert!(refusal(v3.verify_successor(&forge(skip, &t.lead))).contains("skips"));
}

#[test]
fn revoking_without_a_new_epoch_is_refused() {
    let t = team();
    let (worker, v2) = admit(&t.lead, &t.list, Role::Worker);
    let mut v3 = v2.clone();
    v3.version = 3;
    v3.members.retain(|m| m.public.device != worker.device());
    v3.revoked.push(Revoked {
        device: worker.device(),
        signing_key: worker.public().signing_key,
        last_seq: 0,
    });
    let reason = refusal(v2.verify_successor(&forge(v3, &t.lead)));
    assert!(reason.contains("without a new epoch"), "{reason}");
}

#[test]
fn a_revocation_keeps_the_devices_signing_key_and_last_sequence_for_good() {
    let t = team();
    let (worker, v2) = admit(&t.lead, &t.list, Role::Worker);
    let (v3, _) = v2.revoke(&t.lead, worker.device(), 42).unwrap();
    assert_eq!(
        v3.revocation(worker.device()),
        Some(&Revoked {
            device: worker.device(),
            signing_key: worker.public().signing_key,
            last_seq: 42,
        })
    );
    v2.verify_successor(&v3).unwrap();
    // A later list may not move the cut-off or swap the key.
    let (other, v4) = admit(&t.lead, &v3, Role::Worker);
    v3.verify_successor(&v4).unwrap();
    let mut moved = v4.clone();
    moved.revoked[0].last_seq = 99;
    let reason = refusal(v3.verify_successor(&forge(moved, &t.lead)));
    assert!(
        reason.contains("missing from the revoked list, or changed"),
        "{reason}"
    );
    // A revocation must carry the key the device had as a member.
    let (mut v5, _) = v4.revoke(&t.lead, other.device(), 0).unwrap();
    v5.revoked[1].signing_key = [9; 32];
    let reason = refusal(v4.verify_successor(&forge(v5, &t.lead)));
    assert!(reason.contains("not a member with that key"), "{reason}");
}

#[test]
fn a_new_team_key_without_a_new_epoch_is_refused() {
    let t = team();
    let mut v2 = t.list.clone();
    v2.version = 2;
    v2.key_check = [7; 32];
    let reason = refusal(t.list.verify_successor(&forge(v2, &t.lead)));
    assert!(reason.contains("without a new epoch"), "{reason}");
}

#[test]
fn a_list_that_changes_a_members_keys_is_refused() {
    let t = team();
    let (_, v2) = admit(&t.lead, &t.list, Role::Worker);
    let mut v3 = v2.clone();
    v3.version = 3;
    v3.members[1].public.agreement_key = device().public().agreement_key;
    let reason = refusal(v2.verify_successor(&forge(v3, &t.lead)));
    assert!(reason.contains("keys change"), "{reason}");
}

#[test]
fn a_list_that_removes_a_member_without_revoking_it_is_refused() {
    let t = team();
    let (_, v2) = admit(&t.lead, &t.list, Role::Worker);
    let mut v3 = v2.clone();
    v3.version = 3;
    v3.members.truncate(1);
    let reason = refusal(v2.verify_successor(&forge(v3, &t.lead)));
    assert!(reason.contains("without being revoked"), "{reason}");
}

#[test]
fn a_list_altered_after_signing_is_refused() {
    let t = team();
    let (_, mut v2) = admit(&t.lead, &t.list, Role::Worker);
    v2.members[1].role = Role::Lead;
    assert!(refusal(t.list.verify_successor(&v2)).contains("signature"));
}

#[test]
fn a_list_for_another_team_is_refused() {
    let t = team();
    let (_, v2) = admit(&t.lead, &t.list, Role::Worker);
    let mut other = v2.clone();
    other.team = TeamId::random().unwrap();
    let reason = refusal(t.list.verify_successor(&forge(other, &t.lead)));
    assert!(reason.contains("another team"), "{reason}");
}

#[test]
fn only_a_lead_may_admit_or_revoke() {
    let t = team();
    let (worker, v2) = admit(&t.lead, &t.list, Role::Worker);
    let request = JoinRequest::new(&device(), "Worker C").unwrap();
    assert!(refusal(v2.admit(&worker, &request, Role::Worker)).contains("only a lead"));
    assert!(refusal(v2.revoke(&worker, t.lead.device(), 0)).contains("only a lead"));
    let outsider = device();
    assert!(refusal(v2.admit(&outsider, &request, Role::Lead)).contains("only a lead"));
}

#[test]
fn a_lead_with_other_keys_than_the_list_holds_may_not_sign() {
    let t = team();
    let impostor = DeviceKeys::generate(t.lead.device()).unwrap();
    let request = JoinRequest::new(&device(), "Worker C").unwrap();
    assert!(refusal(t.list.admit(&impostor, &request, Role::Worker)).contains("only a lead"));
}

#[test]
fn the_last_lead_cannot_be_revoked() {
    let t = team();
    let (_, v2) = admit(&t.lead, &t.list, Role::Worker);
    assert!(refusal(v2.revoke(&t.lead, t.lead.device(), 0)).contains("last lead"));
}

#[test]
fn a_device_that_is_not_a_member_cannot_be_revoked() {
    let t = team();
    assert!(
        refusal(t.list.revoke(&t.lead, DeviceId::random().unwrap(), 0)).contains("not a member")
    );
}

#[test]
fn lists_that_are_not_a_first_list_are_refused_as_genesis() {
    let t = team();
    let (worker, v2) = admit(&t.lead, &t.list, Role::Worker);
    refusal(v2.verify_genesis());
    // Self-signed by a device it does not list.
    refusal(forge(t.list.clone(), &worker).verify_genesis());
    // A worker as the only member.
    let mut worker_only = t.list.clone();
    worker_only.members[0].role = Role::Worker;
    refusal(forge(worker_only, &t.lead).verify_genesis());
}

#[test]
fn a_membership_list_round_trips_through_bytes_and_json() {
    let t = team();
    let (_, v2) = admit(&t.lead, &t.list, Role::Worker);
    let from_bytes = Membership::from_bytes(&v2.to_bytes()).unwrap();
    assert_eq!(from_bytes, v2);
    t.list.verify_successor(&from_bytes).unwrap();
    let json = serde_json::to_string(&v2).unwrap();
    assert_eq!(serde_json::from_str::<Membership>(&json).unwrap(), v2);
}

#[test]
fn malformed_or_oversized_membership_bytes_are_refused() {
    let t = team();
    let bytes = t.list.to_bytes();
    refusal(Membership::from_bytes(&bytes[..bytes.len() - 1]));
    let mut trailing = bytes.clone();
    trailing.push(0);
    refusal(Membership::from_bytes(&trailing));
    refusal(Membership::from_bytes(&vec![0; MAX_MEMBERSHIP_BYTES + 1]));
}

// ---- the team's hub, signed into the list ----

const NEW_HUB: &str = "https://hub2.office.example";

fn new_hub() -> TeamHub {
    TeamHub::new(NEW_HUB, Some(HubPin([7; 32]))).unwrap()
}

/// A list as it was encoded before lists could name their hub (the same fields, in
/// order, without the last one).
#[derive(serde::Serialize)]
struct ListBeforeHub<'a> {
    team: &'a TeamId,
    team_name: &'a str,
    version: u64,
    epoch: u32,
    key_check: &'a [u8; 32],
    members: &'a [Member],
    revoked: &'a [Revoked],
    signer: &'a DeviceId,
    signature: &'a Signature,
}

#[test]
fn a_list_without_a_hub_keeps_the_encoding_and_signature_it_had_before() {
    let t = team();
    let (_, v2) = admit(&t.lead, &t.list, Role::Worker);
    let old = postcard::to_allocvec(&ListBeforeHub {
        team: &v2.team,
        team_name: &v2.team_name,
        version: v2.version,
        epoch: v2.epoch,
        key_check: &v2.key_check,
        members: &v2.members,
        revoked: &v2.revoked,
        signer: &v2.signer,
        signature: &v2.signature,
    })
    .unwrap();
    assert_eq!(v2.to_bytes(), old);
    let read = Membership::from_bytes(&old).unwrap();
    assert_eq!(read.hub(), None);
    t.list.verify_successor(&read).unwrap();
}

#[test]
fn a_lead_moves_the_team_with_the_next_version_naming_the_hub() {
    let t = team();
    let (_, v2) = admit(&t.lead, &t.list, Role::Worker);
    let v3 = v2.set_hub(&t.lead, new_hub()).unwrap();
    assert_eq!(v3.version(), 3);
    assert_eq!(v3.epoch(), v2.epoch());
    assert_eq!(v3.members(), v2.members());
    let read = Membership::from_bytes(&v3.to_bytes()).unwrap();
    assert_eq!(read.hub(), Some(&new_hub()));
    v2.verify_successor(&read).unwrap();
    let json = serde_json::to_string(&v3).unwrap();
    assert_eq!(serde_json::from_str::<Membership>(&json).unwrap(), v3);
}

#[test]
fn later_versions_carry_the_hub_on() {
    let t = team();
    let moved = t.list.set_hub(&t.lead, new_hub()).unwrap();
    let (_, admitted) = admit(&t.lead, &moved, Role::Worker);
    assert_eq!(admitted.hub(), Some(&new_hub()));
    moved.verify_successor(&admitted).unwrap();
}

#[test]
fn only_a_lead_may_move_the_team() {
    let t = team();
    let (worker, v2) = admit(&t.lead, &t.list, Role::Worker);
    assert!(refusal(v2.set_hub(&worker, new_hub())).contains("only a lead"));
    let mut forged = v2.clone();
    forged.version = 3;
    forged.hub = Some(new_hub());
    let forged = forge(forged, &worker);
    assert!(refusal(v2.verify_successor(&forged)).contains("not a lead"));
}

#[test]
fn a_hub_or_pin_altered_after_signing_fails_the_signature() {
    let t = team();
    let moved = t.list.set_hub(&t.lead, new_hub()).unwrap();
    let mut other_url = moved.clone();
    other_url.hub = Some(TeamHub::new("https://rogue.example", Some(HubPin([7; 32]))).unwrap());
    assert!(refusal(t.list.verify_successor(&other_url)).contains("signature"));
    let mut other_pin = moved;
    other_pin.hub = Some(TeamHub::new(NEW_HUB, Some(HubPin([8; 32]))).unwrap());
    assert!(refusal(t.list.verify_successor(&other_pin)).contains("signature"));
}

#[test]
fn a_list_that_drops_the_hub_is_refused() {
    let t = team();
    let moved = t.list.set_hub(&t.lead, new_hub()).unwrap();
    let mut dropped = moved.clone();
    dropped.version = 3;
    dropped.hub = None;
    let dropped = forge(dropped, &t.lead);
    assert!(refusal(moved.verify_successor(&dropped)).contains("hub"));
}

#[test]
fn naming_the_hub_the_list_already_names_is_refused() {
    let t = team();
    let moved = t.list.set_hub(&t.lead, new_hub()).unwrap();
    assert!(refusal(moved.set_hub(&t.lead, new_hub())).contains("already names"));
}

#[test]
fn a_hub_address_that_is_not_printable_ascii_is_refused() {
    assert!(TeamHub::new("https://hub example", None).is_err());
    assert!(TeamHub::new("", None).is_err());
}

#[test]
fn a_list_with_a_hub_cut_short_or_with_trailing_bytes_is_refused() {
    let t = team();
    let bytes = t.list.set_hub(&t.lead, new_hub()).unwrap().to_bytes();
    refusal(Membership::from_bytes(&bytes[..bytes.len() - 1]));
    let mut trailing = bytes;
    trailing.push(0);
    refusal(Membership::from_bytes(&trailing));
}

#[test]
fn a_welcome_names_the_hub_its_list_names() {
    let t = team();
    let moved = t.list.set_hub(&t.lead, new_hub()).unwrap();
    let (worker, admitted) = admit(&t.lead, &moved, Role::Worker);
    let old_hub = Welcome::issue(&t.lead, HUB, &admitted, worker.device(), t.keys());
    assert!(refusal(old_hub).contains("names"));
    let welcome = Welcome::issue_pinned(
        &t.lead,
        NEW_HUB,
        Some(HubPin([7; 32])),
        &admitted,
        worker.device(),
        t.keys(),
    )
    .unwrap();
    let read = Welcome::decode(&welcome.encode()).unwrap();
    let (list, _) = read.open(&worker).unwrap();
    assert_eq!(list.hub(), Some(&new_hub()));
}

#[test]
fn a_welcome_signed_with_another_hub_than_its_list_names_is_refused() {
    let t = team();
    let moved = t.list.set_hub(&t.lead, new_hub()).unwrap();
    let (worker, admitted) = admit(&t.lead, &moved, Role::Worker);
    let mut welcome = Welcome::issue_pinned(
        &t.lead,
        NEW_HUB,
        Some(HubPin([7; 32])),
        &admitted,
        worker.device(),
        t.keys(),
    )
    .unwrap();
    welcome.hub_url = HUB.into();
    welcome.signature = Signature(t.lead.sign(&welcome.signing_input()));
    assert!(refusal(welcome.open(&worker)).contains("hub"));
}

// ---- revocation and epoch keys ----

#[test]
fn revoking_moves_the_device_to_revoked_and_starts_a_new_epoch() {
    let t = team();
    let (worker, v2) = admit(&t.lead, &t.list, Role::Worker);
    let (v3, key) = v2.revoke(&t.lead, worker.device(), 0).unwrap();
    assert_eq!((v3.version(), v3.epoch(), key.epoch()), (3, 1, 1));
    assert!(v3.is_revoked(worker.device()) && !v3.is_member(worker.device()));
    assert!(v3.matches_epoch_key(&key) && !v3.matches_epoch_key(&t.key));
    assert_ne!(key.key().expose(), t.key.key().expose());
}

#[test]
fn the_new_key_is_sealed_to_every_remaining_device_and_not_the_revoked_one() {
    let t = team();
    let (staying, v2) = admit(&t.lead, &t.list, Role::Worker);
    let (leaving, v3) = admit(&t.lead, &v2, Role::Worker);
    let (v4, key) = v3.revoke(&t.lead, leaving.device(), 0).unwrap();
    let sealed = SealedKey::seal_to_members(&v4, &key).unwrap();
    assert_eq!(sealed.len(), 2);
    assert!(sealed.iter().all(|s| s.device != leaving.device()));
    for keys in [&t.lead, &staying] {
        let mine = sealed.iter().find(|s| s.device == keys.device()).unwrap();
        let opened = v4.open_epoch_key(mine, keys).unwrap();
        assert_eq!(opened.key().expose(), key.key().expose());
    }
    for other in &sealed {
        assert!(other.open(&leaving, v4.team()).is_err());
    }
}

#[test]
fn a_key_sealed_to_another_device_does_not_open() {
    let t = team();
    let (worker, _) = admit(&t.lead, &t.list, Role::Worker);
    let thief = device();
    let mut sealed = SealedKey::seal_to(&worker.public(), t.list.team(), &t.key).unwrap();
    refusal(sealed.open(&thief, t.list.team()));
    // Relabelled as the thief's: the key agreement and the binding both fail.
    sealed.device = thief.device();
    assert!(is_crypto_error(sealed.open(&thief, t.list.team())));
}

#[test]
fn a_sealed_key_opens_only_for_its_team() {
    let t = team();
    let other = TeamId::random().unwrap();
    let mut sealed = SealedKey::seal_to(&t.lead.public(), t.list.team(), &t.key).unwrap();
    refusal(sealed.open(&t.lead, other));
    sealed.team = other;
    assert!(is_crypto_error(sealed.open(&t.lead, other)));
}

#[test]
fn a_sealed_key_opens_only_for_its_epoch() {
    let t = team();
    let mut sealed = SealedKey::seal_to(&t.lead.public(), t.list.team(), &t.key).unwrap();
    sealed.epoch = 1;
    assert!(is_crypto_error(sealed.open(&t.lead, t.list.team())));
}

#[test]
fn a_sealed_key_with_any_flipped_byte_does_not_open() {
    let t = team();
    let sealed = SealedKey::seal_to(&t.lead.public(), t.list.team(), &t.key).unwrap();
    for i in 0..sealed.blob.len() {
        let mut bad = sealed.clone();
        bad.blob[i] ^= 0x01;
        assert!(
            is_crypto_error(bad.open(&t.lead, t.list.team())),
            "blob byte {i}"
        );
    }
    for i in 0..32 {
        let mut bad = sealed.clone();
        bad.ephemeral[i] ^= 0x01;
        assert!(
            is_crypto_error(bad.open(&t.lead, t.list.team())),
            "ephemeral byte {i}"
        );
    }
}

#[test]
fn keys_are_never_sealed_to_or_opened_from_a_low_order_point() {
    let t = team();
    let mut zero: [u8; 32] = [0; 32];
    let mut one = [0u8; 32];
    one[0] = 1;
    for point in [zero, one] {
        let mut recipient = t.lead.public();
        recipient.agreement_key = point;
        assert!(!recipient.agreement_key_is_usable());
        assert!(is_crypto_error(SealedKey::seal_to(
            &recipient,
            t.list.team(),
            &t.key
        )));
        let mut sealed = SealedKey::seal_to(&t.lead.public(), t.list.team(), &t.key).unwrap();
        sealed.ephemeral = point;
        assert!(is_crypto_error(sealed.open(&t.lead, t.list.team())));
    }
    zero[0] = 9; // the base point is fine
    let mut ok = t.lead.public();
    ok.agreement_key = zero;
    assert!(ok.agreement_key_is_usable());
}

#[test]
fn a_key_sealed_by_someone_other_than_the_lead_is_refused_against_the_list() {
    let t = team();
    let forged = EpochKey::random(0).unwrap();
    let sealed = SealedKey::seal_to(&t.lead.public(), t.list.team(), &forged).unwrap();
    // It opens (anyone may seal to a public key), but it is not the team's key.
    sealed.open(&t.lead, t.list.team()).unwrap();
    let reason = refusal(t.list.open_epoch_key(&sealed, &t.lead));
    assert!(reason.contains("not the one the lead signed"), "{reason}");
}

#[test]
fn a_welcome_with_a_substituted_key_or_hub_is_refused() {
    let t = team();
    let (worker, v2) = admit(&t.lead, &t.list, Role::Worker);
    let welcome = Welcome::issue(&t.lead, HUB, &v2, worker.device(), t.keys()).unwrap();
    let mut swapped_key = welcome.clone();
    let forged = EpochKey::random(0).unwrap();
    swapped_key.keys = vec![SealedKey::seal_to(&worker.public(), v2.team(), &forged).unwrap()];
    assert!(refusal(swapped_key.open(&worker)).contains("signature"));
    let mut swapped_hub = welcome;
    swapped_hub.hub_url = "https://elsewhere.example".into();
    assert!(refusal(swapped_hub.open(&worker)).contains("signature"));
}

#[test]
fn a_welcome_for_another_device_is_refused() {
    let t = team();
    let (worker, v2) = admit(&t.lead, &t.list, Role::Worker);
    let welcome = Welcome::issue(&t.lead, HUB, &v2, worker.device(), t.keys()).unwrap();
    assert!(refusal(welcome.open(&device())).contains("another device"));
    // Same device id, other keys.
    let impostor = DeviceKeys::generate(worker.device()).unwrap();
    assert!(refusal(welcome.open(&impostor)).contains("another device"));
}

#[test]
fn a_welcome_is_issued_only_by_a_lead_to_a_member_with_the_current_key() {
    let t = team();
    let (worker, v2) = admit(&t.lead, &t.list, Role::Worker);
    let key = || t.key.clone();
    refusal(Welcome::issue(&worker, HUB, &v2, worker.device(), &[key()]));
    refusal(Welcome::issue(
        &t.lead,
        HUB,
        &v2,
        DeviceId::random().unwrap(),
        &[key()],
    ));
    refusal(Welcome::issue(
        &t.lead,
        HUB,
        &v2,
        worker.device(),
        &[EpochKey::random(0).unwrap()],
    ));
    refusal(Welcome::issue(&t.lead, HUB, &v2, worker.device(), &[]));
    assert!(matches!(
        Welcome::issue(&t.lead, "not a url", &v2, worker.device(), &[key()]),
        Err(Error::InvalidInput {
            field: "hub address",
            ..
        })
    ));
}

#[test]
fn a_welcome_may_carry_older_epoch_keys_so_history_stays_readable() {
    let t = team();
    let (leaving, v2) = admit(&t.lead, &t.list, Role::Worker);
    let (v3, key1) = v2.revoke(&t.lead, leaving.device(), 0).unwrap();
    let (joining, v4) = admit(&t.lead, &v3, Role::Worker);
    let welcome =
        Welcome::issue(&t.lead, HUB, &v4, joining.device(), &[key1, t.key.clone()]).unwrap();
    let (_, keys) = welcome.open(&joining).unwrap();
    assert_eq!(keys.iter().map(EpochKey::epoch).collect::<Vec<_>>(), [0, 1]);
}

#[test]
fn a_revoked_device_cannot_join_with_an_old_welcome_into_the_new_epoch() {
    let t = team();
    let (worker, v2) = admit(&t.lead, &t.list, Role::Worker);
    let welcome = Welcome::issue(&t.lead, HUB, &v2, worker.device(), t.keys()).unwrap();
    let (v3, _) = v2.revoke(&t.lead, worker.device(), 0).unwrap();
    // The old welcome still opens the old epoch (what was read stays read) ...
    let (old, keys) = welcome.open(&worker).unwrap();
    assert_eq!((old.epoch(), keys.len()), (0, 1));
    // ... but the list after it does not admit the device, and no key for epoch 1
    // is sealed to it.
    assert!(!v3.is_member(worker.device()));
    assert!(
        SealedKey::seal_to_members(&v3, &EpochKey::random(1).unwrap())
            .unwrap()
            .iter()
            .all(|s| s.device != worker.device())
    );
}

#[test]
fn the_largest_welcome_allowed_fits_within_the_decode_limit() {
    let t = team();
    let worker = device();
    let longest_name = "𝔸".repeat(MAX_NAME_CHARS);
    let keys: Vec<EpochKey> = (0..MAX_WELCOME_KEYS as u32)
        .map(|e| EpochKey::random(e).unwrap())
        .collect();
    let mut list = t.list.clone();
    list.version = 2;
    list.epoch = keys.len() as u32 - 1;
    list.key_check = keys[keys.len() - 1].check_value(list.team());
    list.members.push(Member {
        public: worker.public(),
        role: Role::Worker,
        name: longest_name.clone(),
    });
    while list.members.len() < MAX_MEMBERS {
        let mut public = worker.public();
        public.device = DeviceId::random().unwrap();
        list.members.push(Member {
            public,
            role: Role::Lead,
            name: longest_name.clone(),
        });
    }
    list.revoked = (0..MAX_REVOKED)
        .map(|_| Revoked {
            device: DeviceId::random().unwrap(),
            signing_key: [7; 32],
            last_seq: u64::MAX,
        })
        .collect();
    let list = forge(list, &t.lead);
    let hub = format!("https://{}", "h".repeat(MAX_HUB_URL_LEN - 8));
    let code = Welcome::issue(&t.lead, &hub, &list, worker.device(), &keys)
        .unwrap()
        .encode();
    assert!(code.len() <= MAX_WELCOME_CHARS, "{} characters", code.len());
    let (_, opened) = Welcome::decode(&code).unwrap().open(&worker).unwrap();
    assert_eq!(opened.len(), MAX_WELCOME_KEYS);
}

// ---- identity ----

#[test]
fn device_keys_round_trip_through_their_secret_bytes() {
    let keys = device();
    let restored = DeviceKeys::from_secret_bytes(keys.device(), &keys.secret_bytes()).unwrap();
    assert_eq!(restored.public(), keys.public());
    let message = signing_input(b"test", b"message");
    assert!(
        keys.public()
            .signature_is_valid(&message, &restored.sign(&message))
    );
}

#[test]
fn a_signature_verifies_only_for_its_message_and_key() {
    let keys = device();
    let message = signing_input(b"test", b"message");
    let signature = keys.sign(&message);
    keys.public().verify(&message, &signature).unwrap();
    assert!(
        !keys
            .public()
            .signature_is_valid(&signing_input(b"test", b"other"), &signature)
    );
    assert!(!device().public().signature_is_valid(&message, &signature));
    assert!(!keys.public().signature_is_valid(&message, &signature[..63]));
    refusal(device().public().verify(&message, &signature));
}

#[test]
fn signing_input_separates_label_from_body() {
    assert_ne!(signing_input(b"ab", b"c"), signing_input(b"a", b"bc"));
}

#[test]
fn debug_output_never_shows_key_bytes() {
    let t = team();
    let (worker, v2) = admit(&t.lead, &t.list, Role::Worker);
    let welcome = Welcome::issue(&t.lead, HUB, &v2, worker.device(), t.keys()).unwrap();
    let secrets: Vec<Vec<u8>> = vec![
        t.key.key().expose().to_vec(),
        t.lead.secret_bytes()[..32].to_vec(),
        t.lead.secret_bytes()[32..].to_vec(),
        worker.secret_bytes()[..32].to_vec(),
        worker.secret_bytes()[32..].to_vec(),
    ];
    let printed = format!(
        "{:?} {:?} {:?} {:?} {:?}",
        t.lead, worker, t.key, welcome, v2
    );
    for secret in &secrets {
        assert!(!printed.contains(&hex(secret)));
        assert!(!printed.contains(&format!("{:?}", &secret[..])));
        let decimal = format!("{:?}", &secret[..4]);
        assert!(!printed.contains(&decimal[1..decimal.len() - 1]));
    }
    assert!(format!("{:?}", t.key).contains("epoch: 0"));
}

// ---- properties ----

fn any_sign_name() -> impl Strategy<Value = String> {
    prop_oneof!["[A-Za-z][A-Za-z0-9 .-]{0,30}[a-z]", "\\PC{1,64}"]
}

#[test]
fn a_team_and_its_devices_are_all_demo_or_all_real() {
    let demo_lead = DeviceKeys::generate(DeviceId::random_demo().unwrap()).unwrap();
    let real_lead = device();
    assert!(matches!(
        Membership::create(TeamId::random().unwrap(), "Office", &demo_lead, "lead"),
        Err(Error::DemoMismatch(_))
    ));
    assert!(matches!(
        Membership::create(
            TeamId::random_demo().unwrap(),
            "Workshop",
            &real_lead,
            "lead"
        ),
        Err(Error::DemoMismatch(_))
    ));
    let (real, _) =
        Membership::create(TeamId::random().unwrap(), "Office", &real_lead, "lead").unwrap();
    let demo_worker = DeviceKeys::generate(DeviceId::random_demo().unwrap()).unwrap();
    let request = JoinRequest::new(&demo_worker, "trainee").unwrap();
    assert!(matches!(
        real.admit(&real_lead, &request, Role::Worker),
        Err(Error::DemoMismatch(_))
    ));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn decoding_any_text_never_panics(text in any::<String>()) {
        let _ = JoinRequest::decode(&text);
        let _ = Welcome::decode(&text);
    }

    #[test]
    fn decoding_any_base32_after_the_prefix_never_panics(body in "[A-Za-z2-7018 ]{0,700}") {
        let _ = JoinRequest::decode(&format!("{JOIN_PREFIX}{body}"));
        let _ = Welcome::decode(&format!("{WELCOME_PREFIX}{body}"));
    }

    #[test]
    fn decoding_any_bytes_with_a_valid_checksum_never_panics(
        bytes in proptest::collection::vec(any::<u8>(), 0..600),
    ) {
        let _ = JoinRequest::decode(&encode_code(JOIN_PREFIX, &bytes));
        let _ = Welcome::decode(&encode_code(WELCOME_PREFIX, &bytes));
    }

    #[test]
    fn any_single_mistyped_character_is_refused(
        at in 0usize..600,
        replacement in "[A-Z2-7]",
    ) {
        let code = sample_join_code();
        let at = JOIN_PREFIX.len() + at % (code.len() - JOIN_PREFIX.len());
        prop_assume!(code[at..at + 1] != replacement);
        let mut typo = code.to_owned();
        typo.replace_range(at..at + 1, &replacement);
        let refused = matches!(JoinRequest::decode(&typo), Err(Error::InvalidCode { .. }));
        prop_assert!(refused, "a typo at {} was accepted", at);
    }

    #[test]
    fn valid_call_signs_round_trip_through_a_join_request(name in any_sign_name()) {
        prop_assume!(super::membership::name_problem(&name).is_none());
        let request = JoinRequest::new(&device(), &name).unwrap();
        let code = request.encode();
        prop_assert!(code.len() <= MAX_JOIN_CHARS);
        prop_assert_eq!(JoinRequest::decode(&code).unwrap(), request);
    }
}

fn sample_join_code() -> &'static str {
    static CODE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    CODE.get_or_init(|| JoinRequest::new(&device(), "Worker B").unwrap().encode())
}

// ---- team orders ----------------------------------------------------------------------

fn purge_body(t: &Team, number: u64, ids: &[crate::records::RecordId]) -> OrderBody {
    let worker = DeviceId::random().unwrap();
    OrderBody::Purge(PurgeOrder {
        reason: PurgeReason::Erasure,
        places: vec![
            Place {
                device: t.lead.device(),
                seq: 3,
            },
            Place {
                device: worker.max(t.lead.device()),
                seq: 7,
            },
        ]
        .into_iter()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect(),
        records: seal_purged_ids(t.list.team(), number, 0, t.key.key(), ids).unwrap(),
    })
}

fn order_refusal<T: std::fmt::Debug>(result: crate::Result<T>) -> String {
    match result {
        Err(Error::Order(reason)) => reason,
        other => panic!("expected an order refusal, got {other:?}"),
    }
}

#[test]
fn an_order_signed_by_a_lead_verifies_round_trips_and_opens_its_ids() {
    let t = team();
    let ids = vec![
        crate::records::RecordId([7; 16]),
        crate::records::RecordId([9; 16]),
    ];
    let order =
        TeamOrder::issue(&t.list, &t.lead, 1, 1_700_000_000, purge_body(&t, 1, &ids)).unwrap();
    order.verify(&t.list).unwrap();
    let back = TeamOrder::from_bytes(&order.to_bytes()).unwrap();
    assert_eq!(back, order);
    let OrderBody::Purge(p) = back.body() else {
        panic!("a purge")
    };
    assert_eq!(p.open_ids(&back, t.key.key()).unwrap(), ids);
    // The ids are bound to the order's number and need the team key.
    let other = EpochKey::random(0).unwrap();
    assert!(order_refusal(p.open_ids(&back, other.key())).contains("cannot be opened"));
    let renumbered =
        TeamOrder::issue(&t.list, &t.lead, 2, 1_700_000_000, back.body().clone()).unwrap();
    assert!(order_refusal(p.open_ids(&renumbered, t.key.key())).contains("cannot be opened"));
}

#[test]
fn orders_from_a_worker_another_team_or_altered_bytes_are_refused() {
    let t = team();
    let (worker, list) = admit(&t.lead, &t.list, Role::Worker);
    let policy = OrderBody::Policy(TeamPolicy::default());
    assert!(
        order_refusal(TeamOrder::issue(&list, &worker, 1, 0, policy.clone()))
            .contains("only a lead")
    );
    let order = TeamOrder::issue(&list, &t.lead, 1, 0, policy.clone()).unwrap();
    order.verify(&list).unwrap();
    let other = team();
    assert!(order_refusal(order.verify(&other.list)).contains("another team"));
    // A worker's signature in the lead's name.
    let mut forged = order.clone();
    forged.signature = Signature(worker.sign(&forged.signing_input()));
    assert!(order_refusal(forged.verify(&list)).contains("signature"));
    // Signed by the worker as itself.
    let mut by_worker = order.clone();
    by_worker.signer = worker.device();
    by_worker.signature = Signature(worker.sign(&by_worker.signing_input()));
    assert!(order_refusal(by_worker.verify(&list)).contains("not signed by a lead"));
    // Any flipped byte fails to decode or to verify, never panics.
    let bytes = order.to_bytes();
    for i in 0..bytes.len() {
        let mut b = bytes.clone();
        b[i] ^= 0x01;
        if let Ok(o) = TeamOrder::from_bytes(&b) {
            assert!(o.verify(&list).is_err(), "flipping byte {i} went unnoticed");
        }
    }
    // Without its last byte (the membership version) it reads as an order of format 1,
    // whose signature it does not carry; without two, it reads as nothing.
    let short = TeamOrder::from_bytes(&bytes[..bytes.len() - 1]).unwrap();
    assert!(order_refusal(short.verify(&list)).contains("signature"));
    assert!(order_refusal(TeamOrder::from_bytes(&bytes[..bytes.len() - 2])).contains("malformed"));
    let mut trailing = bytes.clone();
    trailing.push(0);
    assert!(order_refusal(TeamOrder::from_bytes(&trailing)).contains("malformed"));
    assert!(TeamOrder::issue(&list, &t.lead, 0, 0, policy).is_err());
}

#[test]
fn a_policy_outside_its_bounds_is_refused_with_the_reason() {
    let bad = [
        TeamPolicy {
            wipe_after_failed_unlocks: Some(2),
            ..TeamPolicy::default()
        },
        TeamPolicy {
            wipe_after_days_without_sync: Some(0),
            ..TeamPolicy::default()
        },
        TeamPolicy {
            retention: vec![Retention {
                kind: crate::records::RecordKind::OutreachNote,
                days: 0,
            }],
            ..TeamPolicy::default()
        },
        TeamPolicy {
            retention: vec![
                Retention {
                    kind: crate::records::RecordKind::Referral,
                    days: 30,
                },
                Retention {
                    kind: crate::records::RecordKind::Referral,
                    days: 60,
                },
            ],
            ..TeamPolicy::default()
        },
    ];
    for p in bad {
        assert!(
            matches!(
                p.validate(),
                Err(Error::InvalidInput {
                    field: "team policy",
                    ..
                })
            ),
            "{p:?}"
        );
    }
    let good = TeamPolicy {
        retention: vec![Retention {
            kind: crate::records::RecordKind::Referral,
            days: 365,
        }],
        wipe_after_failed_unlocks: Some(10),
        wipe_after_days_without_sync: Some(30),
    };
    good.validate().unwrap();
    assert_eq!(
        good.retention_days(crate::records::RecordKind::Referral),
        Some(365)
    );
    assert_eq!(
        good.retention_days(crate::records::RecordKind::Subject),
        None
    );
}

#[test]
fn a_purge_order_with_unsorted_or_zero_places_is_refused() {
    let t = team();
    let sealed = seal_purged_ids(t.list.team(), 1, 0, t.key.key(), &[]).unwrap();
    let place = |seq| Place {
        device: t.lead.device(),
        seq,
    };
    for places in [
        vec![place(2), place(1)],
        vec![place(1), place(1)],
        vec![place(0)],
    ] {
        let body = OrderBody::Purge(PurgeOrder {
            reason: PurgeReason::Retention,
            places,
            records: sealed.clone(),
        });
        assert!(TeamOrder::issue(&t.list, &t.lead, 1, 0, body).is_err());
    }
}

#[test]
fn an_order_names_the_list_it_was_issued_under_and_verifies_against_that_list_only() {
    let t = team();
    let (b, v2) = admit(&t.lead, &t.list, Role::Lead);
    let order =
        TeamOrder::issue(&v2, &t.lead, 1, 0, OrderBody::Policy(TeamPolicy::default())).unwrap();
    assert_eq!(order.membership_version(), Some(2));
    let back = TeamOrder::from_bytes(&order.to_bytes()).unwrap();
    assert_eq!(back, order);
    // Lead B revokes lead A: A's order still verifies against the list it names.
    let (v3, _) = v2.revoke(&b, t.lead.device(), 0).unwrap();
    back.verify(&v2).unwrap();
    assert!(order_refusal(back.verify(&v3)).contains("not signed by a lead"));
    assert!(order_refusal(back.verify(&t.list)).contains("issued under membership version 2"));
}
