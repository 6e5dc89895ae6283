//! The services directory (where a worker can refer a person), the recommendations
//! drawn from it for one assessment, and the referral record itself.
//!
//! Owns the directory format (versioned, multilingual JSON, checked when it loads), the
//! order and reasons of recommendations, and the consent check before a referral is
//! stored. It must never invent a contact: a service without a confirmed one is a
//! placeholder the app shows as "to be filled by your organisation". It never stores a
//! referral without a given consent that includes the referral scope.

use std::cmp::Reverse;
use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::content::{self, Confidence, Languages, Problems, fill};
use super::{Assessment, Level};
use crate::forms::{Localized, Need, Text};
use crate::store::require;
use crate::{Error, RecordStore, Result};
use senim_records::{
    Consent, ConsentScope, ConsentState, Interview, RecordBody, RecordId, Referral, ReferralStatus,
};

/// The version of the directory format this build reads.
pub const DIRECTORY_FORMAT: u32 = 1;

/// Largest accepted directory, in bytes.
pub const MAX_DIRECTORY_BYTES: usize = 1024 * 1024;

/// The bundled directory for Kazakhstan, embedded as the default.
pub const BUNDLED_DIRECTORY: &[u8] = include_bytes!("../../services/kz.json");

/// The population id of services for children; see [`crate::screening::MINOR_OPTION`].
pub const CHILDREN: &str = "children";

/// What a service is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceKind {
    Hotline,
    CrisisCentre,
    Shelter,
    LegalAid,
    Medical,
    Psychological,
    Consular,
    LabourInspection,
    Ngo,
    Emergency,
}

/// A confirmed way to reach a service.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Digits, with an optional leading `+`, spaces and `-`.
    #[serde(default)]
    pub phone: Option<String>,
    /// The number also takes text messages.
    #[serde(default)]
    pub text_message: bool,
    #[serde(default)]
    pub note: Option<Text>,
    /// Where the number was confirmed (a citation, English, for the deploying
    /// organisation). Required with a `phone`: no number is shipped without its source.
    #[serde(default)]
    pub source: Option<String>,
    /// The day the number was last checked against `source`, `YYYY-MM-DD`. Required
    /// with a `phone`; a deploying organisation rechecks numbers that are old.
    #[serde(default)]
    pub checked: Option<String>,
}

impl Contact {
    /// The day the number was last checked, when it is a valid date.
    pub fn checked_on(&self) -> Option<NaiveDate> {
        self.checked.as_deref().and_then(parse_day)
    }
}

/// A note of the directory for the worker and the deploying organisation: the rules a
/// referral follows and who is eligible for what (the 2024 referral rules, foreigners'
/// eligibility), with its source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DirectoryNote {
    pub id: String,
    pub title: Text,
    pub text: Text,
    /// Where it comes from (a citation, English).
    pub source: String,
    /// How sure the source is.
    pub status: Confidence,
    #[serde(default)]
    pub needs_review: bool,
}

/// One service of the directory.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    pub id: String,
    pub kind: ServiceKind,
    pub name: Text,
    pub description: Text,
    /// The needs the service helps with.
    #[serde(default)]
    pub needs: Vec<Need>,
    /// Languages spoken (ISO 639); empty when not recorded.
    #[serde(default)]
    pub languages: Vec<String>,
    /// The city or region it serves, as named in the directory; absent when it serves
    /// the whole country.
    #[serde(default)]
    pub region: Option<String>,
    /// ISO 3166-2 codes that also name `region` (current and former, e.g. `KZ-75` and
    /// `KZ-ALA` for Almaty city).
    #[serde(default)]
    pub region_codes: Vec<String>,
    /// The only people it serves (e.g. `children`); empty when it serves everyone.
    #[serde(default)]
    pub populations: Vec<String>,
    #[serde(default)]
    pub hours: Option<Text>,
    #[serde(default)]
    pub free: Option<bool>,
    #[serde(default)]
    pub anonymous: Option<bool>,
    /// Can respond at once (immediate danger, likely trafficking).
    #[serde(default)]
    pub urgent: bool,
    /// Takes referrals for full identification of possible trafficking.
    #[serde(default)]
    pub identification: bool,
    /// A referral here needs a consent that names this service, not only a general
    /// referral consent (e.g. the person's own embassy, which some people must avoid).
    #[serde(default)]
    pub named_consent: bool,
    /// Absent: a placeholder, to be filled by the deploying organisation.
    #[serde(default)]
    pub contact: Option<Contact>,
    /// Admits or serves foreign nationals (not citizens of the directory's country);
    /// absent when not known. Special social services for victims of trafficking in
    /// Kazakhstan do not depend on citizenship, but each shelter decides whom it takes.
    #[serde(default)]
    pub foreign_nationals: Option<bool>,
    /// How sure the source is that this service exists as described.
    pub status: Confidence,
    #[serde(default)]
    pub needs_review: bool,
    /// Where the entry comes from (English, for the deploying organisation).
    #[serde(default)]
    pub source: Option<String>,
    /// What to check before field use (English, for the deploying organisation).
    #[serde(default)]
    pub review_note: Option<String>,
}

impl Service {
    /// The entry has no confirmed contact: the app shows "to be filled by your
    /// organisation".
    pub fn is_placeholder(&self) -> bool {
        self.contact.is_none()
    }
}

/// Why a service is recommended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonKind {
    /// Immediate danger or likely trafficking, and the service can respond at once.
    Urgent,
    /// The person may be under 18 and the service is for children.
    Minor,
    /// Possible or likely trafficking: refer for full identification.
    Identification,
    /// The service covers a recorded need.
    Need,
    /// The service speaks the interview language.
    Language,
    /// The service is in the person's city or region.
    Region,
}

/// The words of the reasons.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReasonTexts {
    pub urgent: Text,
    pub minor: Text,
    pub identification: Text,
    /// Uses `{need}`.
    pub need: Text,
    pub language: Text,
    pub region: Text,
}

/// The name of each need.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NeedNames {
    pub shelter: Text,
    pub medical: Text,
    pub legal: Text,
    pub psychological: Text,
    pub documents: Text,
    pub return_home: Text,
    pub labour_dispute: Text,
}

impl NeedNames {
    pub fn get(&self, need: Need) -> &Text {
        match need {
            Need::Shelter => &self.shelter,
            Need::Medical => &self.medical,
            Need::Legal => &self.legal,
            Need::Psychological => &self.psychological,
            Need::Documents => &self.documents,
            Need::ReturnHome => &self.return_home,
            Need::LabourDispute => &self.labour_dispute,
        }
    }
}

/// The directory's own words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DirectoryTexts {
    /// Shown instead of a contact: "to be filled by your organisation".
    pub placeholder: Text,
    pub reasons: ReasonTexts,
    pub needs: NeedNames,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DirectorySource {
    /// Checked before the shape (see `content::parse`).
    #[serde(rename = "format")]
    _format: u32,
    id: String,
    version: String,
    title: Text,
    default_language: String,
    languages: Vec<String>,
    #[serde(default)]
    fallback: std::collections::BTreeMap<String, Vec<String>>,
    country: String,
    texts: DirectoryTexts,
    services: Vec<Service>,
    #[serde(default)]
    notes: Vec<DirectoryNote>,
}

/// A validated services directory.
#[derive(Clone, Debug, PartialEq)]
pub struct Directory {
    pub id: String,
    pub version: String,
    /// SHA-256 of the canonical JSON (same as forms and rule sets).
    pub hash: String,
    pub title: Text,
    /// ISO 3166-1 alpha-2 code of the country the directory covers.
    pub country: String,
    pub texts: DirectoryTexts,
    /// In the directory's order, which breaks ties between recommendations.
    pub services: Vec<Service>,
    /// Referral rules and eligibility, for the worker and the deploying organisation.
    pub notes: Vec<DirectoryNote>,
    languages: Languages,
}

impl Directory {
    /// Parses and validates a directory. Never panics: any input either loads or yields
    /// [`Error::InvalidContent`] listing every problem, each naming its place, or
    /// [`Error::UnsourcedNumber`] (with every problem too) when a phone number lacks its
    /// source or the day it was checked.
    pub fn from_json(bytes: &[u8]) -> Result<Directory> {
        let (src, value): (DirectorySource, _) = content::parse(
            bytes,
            "services directory",
            MAX_DIRECTORY_BYTES,
            DIRECTORY_FORMAT,
        )?;
        let hash = crate::forms::definition::content_hash(&value);
        build(src, hash)
    }

    /// The bundled directory for Kazakhstan.
    pub fn bundled() -> Result<Directory> {
        Directory::from_json(BUNDLED_DIRECTORY)
    }

    pub fn service(&self, id: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.id == id)
    }

    pub fn default_language(&self) -> &str {
        &self.languages.default
    }

    pub fn languages(&self) -> &[String] {
        &self.languages.list
    }

    pub fn supports(&self, language: &str) -> bool {
        self.languages.supports(language)
    }

    /// The string for `language`, following its fallback chain.
    pub fn localize(&self, text: &Text, language: &str) -> Localized {
        self.languages.localize(text, language)
    }
}

/// `YYYY-MM-DD`, between 2000 and 2199.
fn parse_day(day: &str) -> Option<NaiveDate> {
    let date = NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?;
    (day.len() == 10 && (2000..2200).contains(&date.year())).then_some(date)
}

fn check_phone(phone: &str) -> bool {
    let digits = phone.strip_prefix('+').unwrap_or(phone);
    (2..=20).contains(&phone.len())
        && digits.starts_with(|c: char| c.is_ascii_digit())
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == ' ' || c == '-')
}

/// `CC-XXX`: an ISO 3166-1 alpha-2 code, `-`, and 1 to 3 upper-case letters or digits.
fn is_subdivision_code(code: &str) -> bool {
    let Some((country, sub)) = code.split_once('-') else {
        return false;
    };
    country.len() == 2
        && country.chars().all(|c| c.is_ascii_uppercase())
        && (1..=3).contains(&sub.len())
        && sub
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

fn build(src: DirectorySource, hash: String) -> Result<Directory> {
    let mut p = Problems::default();
    let top = "services directory";
    if let Err(reason) = content::check_lower_id(&src.id) {
        p.push(top, format!("id: {reason}"));
    }
    if src.version.trim().is_empty() || src.version.len() > 40 {
        p.push(top, "version must be 1 to 40 characters");
    }
    if src.country.len() != 2 || !src.country.chars().all(|c| c.is_ascii_uppercase()) {
        p.push(top, "country must be an ISO 3166-1 alpha-2 code such as KZ");
    }
    let langs = Languages::check(
        &src.default_language,
        &src.languages,
        &src.fallback,
        top,
        &mut p,
    );
    langs.check_text(top, "title", &src.title, &mut p);
    langs.check_text(top, "texts.placeholder", &src.texts.placeholder, &mut p);
    let r = &src.texts.reasons;
    for (field, text, allowed) in [
        ("texts.reasons.urgent", &r.urgent, &[][..]),
        ("texts.reasons.minor", &r.minor, &[][..]),
        ("texts.reasons.identification", &r.identification, &[][..]),
        ("texts.reasons.need", &r.need, &["need"][..]),
        ("texts.reasons.language", &r.language, &[][..]),
        ("texts.reasons.region", &r.region, &[][..]),
    ] {
        langs.check_template(top, field, text, allowed, &mut p);
    }
    for need in Need::ALL {
        langs.check_text(
            top,
            &format!("texts.needs.{}", need.as_str()),
            src.texts.needs.get(need),
            &mut p,
        );
    }

    if src.services.is_empty() {
        p.push(top, "services: at least one service is required");
    }
    let mut ids = BTreeSet::new();
    let mut unsourced: Vec<String> = Vec::new();
    for s in &src.services {
        let place = format!("service '{}'", s.id);
        if let Err(reason) = content::check_lower_id(&s.id) {
            p.push(&place, format!("id: {reason}"));
        }
        if !ids.insert(s.id.as_str()) {
            p.push(&place, "defined more than once");
        }
        langs.check_text(&place, "name", &s.name, &mut p);
        langs.check_text(&place, "description", &s.description, &mut p);
        if let Some(h) = &s.hours {
            langs.check_text(&place, "hours", h, &mut p);
        }
        let mut needs = BTreeSet::new();
        for n in &s.needs {
            if !needs.insert(n) {
                p.push(
                    &place,
                    format!("needs: '{}' is listed more than once", n.as_str()),
                );
            }
        }
        for l in &s.languages {
            if !content::is_language_code(l) {
                p.push(
                    &place,
                    format!("languages: '{l}' is not 2 or 3 lower-case letters (ISO 639)"),
                );
            }
        }
        if let Some(region) = &s.region
            && (region.trim().is_empty()
                || region.trim() != region
                || region.chars().count() > 64
                || region.chars().any(char::is_control))
        {
            p.push(
                &place,
                "region must be a name of 1 to 64 characters without surrounding spaces",
            );
        }
        if !s.region_codes.is_empty() && s.region.is_none() {
            p.push(&place, "region_codes need a region");
        }
        for code in &s.region_codes {
            let ok = is_subdivision_code(code);
            if !ok {
                p.push(
                    &place,
                    format!("region_codes: '{code}' is not an ISO 3166-2 code such as KZ-75"),
                );
            }
        }
        for pop in &s.populations {
            if let Err(reason) = content::check_lower_id(pop) {
                p.push(&place, format!("populations: '{pop}' {reason}"));
            }
        }
        if let Some(c) = &s.contact {
            check_contact_source(&place, &s.id, c, &mut p, &mut unsourced);
            if c.phone.is_none() && c.note.is_none() {
                p.push(
                    &place,
                    "contact needs a phone or a note; leave contact out for a placeholder",
                );
            }
            if let Some(phone) = &c.phone
                && !check_phone(phone)
            {
                p.push(
                    &place,
                    "contact.phone must be 2 to 20 digits, with an optional leading '+', spaces and '-'",
                );
            }
            if let Some(note) = &c.note {
                langs.check_text(&place, "contact.note", note, &mut p);
            }
        }
        for (field, value) in [("source", &s.source), ("review_note", &s.review_note)] {
            if value.as_ref().is_some_and(|v| v.chars().count() > 1000) {
                p.push(&place, format!("{field} is longer than 1000 characters"));
            }
        }
    }

    check_notes(&src.notes, &langs, &mut p);

    if !unsourced.is_empty() {
        return Err(Error::UnsourcedNumber {
            services: unsourced,
            problems: p.0,
        });
    }
    p.finish("services directory", || Directory {
        id: src.id,
        version: src.version,
        hash,
        title: src.title,
        country: src.country,
        texts: src.texts,
        services: src.services,
        notes: src.notes,
        languages: langs,
    })
}

/// A phone number must say where it was confirmed and when: a number without either
/// is listed in `unsourced` (by service id) besides its problem.
fn check_contact_source(
    place: &str,
    id: &str,
    c: &Contact,
    p: &mut Problems,
    unsourced: &mut Vec<String>,
) {
    let source = c.source.as_deref().map(str::trim).unwrap_or_default();
    if source.chars().count() > 1000 {
        p.push(place, "contact.source is longer than 1000 characters");
    }
    if let Some(day) = &c.checked
        && parse_day(day).is_none()
    {
        p.push(
            place,
            "contact.checked must be a day written YYYY-MM-DD, between 2000 and 2199",
        );
    }
    if c.phone.is_none() {
        return;
    }
    let mut missing = false;
    if source.is_empty() {
        p.push(
            place,
            "contact.phone has no contact.source: say where the number was confirmed, or leave \
             contact out for a placeholder",
        );
        missing = true;
    }
    if c.checked.is_none() {
        p.push(
            place,
            "contact.phone has no contact.checked: give the day the number was last checked \
             (YYYY-MM-DD)",
        );
        missing = true;
    }
    if missing && !unsourced.iter().any(|u| u == id) {
        unsourced.push(id.to_string());
    }
}

fn check_notes(notes: &[DirectoryNote], langs: &Languages, p: &mut Problems) {
    let mut ids = BTreeSet::new();
    for n in notes {
        let place = format!("note '{}'", n.id);
        if let Err(reason) = content::check_lower_id(&n.id) {
            p.push(&place, format!("id: {reason}"));
        }
        if !ids.insert(n.id.as_str()) {
            p.push(&place, "defined more than once");
        }
        langs.check_text(&place, "title", &n.title, p);
        langs.check_text(&place, "text", &n.text, p);
        let source = n.source.trim();
        if source.is_empty() || source.chars().count() > 1000 {
            p.push(&place, "source must be 1 to 1000 characters");
        }
    }
}

// ---------------------------------------------------------------------------------------
// Recommendations.

/// One reason, in the assessment's language.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reason {
    pub kind: ReasonKind,
    /// The need, for [`ReasonKind::Need`].
    pub need: Option<Need>,
    pub text: Localized,
}

/// A confirmed contact, in the assessment's language.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ContactView {
    pub phone: Option<String>,
    pub text_message: bool,
    pub note: Option<Localized>,
    /// Where the number was confirmed.
    pub source: Option<String>,
    /// The day it was last checked (`YYYY-MM-DD`).
    pub checked: Option<String>,
}

/// A service recommended for one assessment, and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Recommendation {
    /// The service id in the directory.
    pub service: String,
    pub kind: ServiceKind,
    pub name: Localized,
    pub description: Localized,
    pub hours: Option<Localized>,
    pub free: Option<bool>,
    pub anonymous: Option<bool>,
    pub urgent: bool,
    pub contact: Option<ContactView>,
    /// Admits foreign nationals; absent when not known.
    pub foreign_nationals: Option<bool>,
    /// No confirmed contact: show `placeholder_text` instead.
    pub placeholder: bool,
    /// "To be filled by your organisation", when `placeholder`.
    pub placeholder_text: Option<Localized>,
    /// The reasons, most important first.
    pub reasons: Vec<Reason>,
    pub status: Confidence,
    pub needs_review: bool,
}

/// The services to offer for `assessment`, most relevant first, each with its reasons
/// in the assessment's language.
///
/// A service is recommended when at least one of these holds: the case is urgent
/// (immediate danger or `likely`) and the service can respond at once; the person may
/// be under 18 and the service is for children; the level is `possible` or `likely`
/// and the service takes referrals for full identification; the service covers one of
/// `needs`. Speaking the interview language and being in `region` are further reasons
/// that raise a service within its rank but never qualify it alone. Services for a
/// particular population (children) are offered only to that population; when
/// `region` is given (a region name as the directory writes it, or one of its ISO
/// 3166-2 codes, compared without regard to case), services bound to another city or
/// region are left out (services without a region serve the whole country).
///
/// Order: urgent first, then child protection, then identification, then the rest.
/// Within each rank a service with a confirmed contact comes before a placeholder, then
/// (except in the urgent rank, where the directory's order decides) more needs covered,
/// then in the region, then speaking the language, then the directory's order.
/// Deterministic for the same input.
pub fn recommend(
    dir: &Directory,
    assessment: &Assessment,
    needs: &BTreeSet<Need>,
    region: Option<&str>,
) -> Vec<Recommendation> {
    let lang = assessment.language.as_str();
    let urgent_case = assessment.urgent_safety || assessment.level == Level::Likely;
    let identification_case = assessment.level >= Level::Possible;
    let region = region.map(str::trim).filter(|r| !r.is_empty());
    let t = &dir.texts.reasons;
    let l = |text: &Text| dir.localize(text, lang);

    let mut ranked = Vec::new();
    for (index, s) in dir.services.iter().enumerate() {
        let local = match (&s.region, region) {
            (Some(theirs), Some(ours)) => {
                let here = theirs.eq_ignore_ascii_case(ours)
                    || s.region_codes.iter().any(|c| c.eq_ignore_ascii_case(ours));
                if !here {
                    continue;
                }
                true
            }
            _ => false,
        };
        let for_minor = assessment.minor && s.populations.iter().any(|p| p == CHILDREN);
        if !s.populations.is_empty() && !for_minor {
            continue;
        }
        let mut reasons = Vec::new();
        let reason = |kind, text: &Text| Reason {
            kind,
            need: None,
            text: l(text),
        };
        let urgent = urgent_case && s.urgent;
        if urgent {
            reasons.push(reason(ReasonKind::Urgent, &t.urgent));
        }
        if for_minor {
            reasons.push(reason(ReasonKind::Minor, &t.minor));
        }
        let identification = identification_case && s.identification;
        if identification {
            reasons.push(reason(ReasonKind::Identification, &t.identification));
        }
        let covered: Vec<Need> = needs
            .iter()
            .copied()
            .filter(|n| s.needs.contains(n))
            .collect();
        for &n in &covered {
            reasons.push(Reason {
                kind: ReasonKind::Need,
                need: Some(n),
                text: fill(&l(&t.need), &[("need", &l(dir.texts.needs.get(n)))]),
            });
        }
        if reasons.is_empty() {
            continue;
        }
        let speaks = s.languages.iter().any(|x| x == lang);
        if local {
            reasons.push(reason(ReasonKind::Region, &t.region));
        }
        if speaks {
            reasons.push(reason(ReasonKind::Language, &t.language));
        }
        let tier = if urgent {
            0
        } else if for_minor {
            1
        } else if identification {
            2
        } else {
            3
        };
        // Within the urgent rank the person may be in danger now: a number to call comes
        // first, then the directory's order (emergency services before the rest).
        let needs_rank = if urgent { 0 } else { covered.len() };
        let key = (
            tier,
            s.is_placeholder(),
            Reverse(needs_rank),
            !local,
            !speaks,
            index,
        );
        ranked.push((key, view(dir, s, lang, reasons)));
    }
    ranked.sort_by_key(|r| r.0);
    ranked.into_iter().map(|(_, r)| r).collect()
}

fn view(dir: &Directory, s: &Service, lang: &str, reasons: Vec<Reason>) -> Recommendation {
    let l = |text: &Text| dir.localize(text, lang);
    Recommendation {
        service: s.id.clone(),
        kind: s.kind,
        name: l(&s.name),
        description: l(&s.description),
        hours: s.hours.as_ref().map(l),
        free: s.free,
        anonymous: s.anonymous,
        urgent: s.urgent,
        contact: s.contact.as_ref().map(|c| ContactView {
            phone: c.phone.clone(),
            text_message: c.text_message,
            note: c.note.as_ref().map(l),
            source: c.source.clone(),
            checked: c.checked.clone(),
        }),
        foreign_nationals: s.foreign_nationals,
        placeholder: s.is_placeholder(),
        placeholder_text: s.is_placeholder().then(|| l(&dir.texts.placeholder)),
        reasons,
        status: s.status,
        needs_review: s.needs_review,
    }
}

// ---------------------------------------------------------------------------------------
// Referrals.

/// The interview and its consent record, checked: the interview exists and is not
/// deleted; the consent exists, is not deleted, is given (not withdrawn) and is about the
/// same person.
fn interview_consent<S: RecordStore + ?Sized>(
    store: &S,
    interview: RecordId,
) -> Result<(Interview, RecordId, Consent), S::Error> {
    let required = || Error::ConsentRequired { scope: "referral" };
    let record = require(store, interview)?;
    let RecordBody::Interview(i) = record.body else {
        return Err(Error::invalid("interview", "the record is not an interview").into());
    };
    if record.deleted {
        return Err(Error::invalid("interview", "the interview was deleted").into());
    }
    let consent_id = i.consent.ok_or_else(required)?;
    let Some(consent) = store.get(consent_id)? else {
        return Err(required().into());
    };
    match consent.body {
        RecordBody::Consent(c)
            if !consent.deleted && c.state == ConsentState::Given && c.subject == i.subject =>
        {
            Ok((i, consent_id, c))
        }
        _ => Err(required().into()),
    }
}

/// Records that the person interviewed in `interview` has now agreed to be referred to
/// `service` by name: the interview's consent names the service (its general referral
/// scope, given or not, is unchanged). The consent must still be given; a withdrawn
/// consent needs a new interview.
pub fn record_referral_consent<S: RecordStore + ?Sized>(
    store: &S,
    interview: RecordId,
    service: &Service,
) -> Result<(), S::Error> {
    let (_, consent_id, mut consent) = interview_consent(store, interview)?;
    consent.services.push(service.id.clone());
    store.update(consent_id, RecordBody::Consent(consent))?;
    Ok(())
}

/// Stores a referral of the person interviewed in `interview` to `service`, with
/// status `proposed`. The interview's consent must be given (not withdrawn), be about
/// the same person, and either name this service or give the referral scope in general
/// (which does not cover services the directory marks as needing a named consent).
/// Otherwise nothing is stored and the result is [`Error::ConsentRequired`] with scope
/// `referral`.
pub fn create_referral<S: RecordStore + ?Sized>(
    store: &S,
    interview: RecordId,
    service: &Service,
    reason: &str,
) -> Result<RecordId, S::Error> {
    let (i, consent_id, c) = interview_consent(store, interview)?;
    let names_it = c.services.contains(&service.id);
    let allowed =
        names_it || (c.scopes.contains(&ConsentScope::Referral) && !service.named_consent);
    if !allowed {
        return Err(Error::ConsentRequired { scope: "referral" }.into());
    }
    store.add(RecordBody::Referral(Referral {
        subject: i.subject,
        service: service.id.clone(),
        reason: reason.to_string(),
        status: ReferralStatus::Proposed,
        consent: Some(consent_id),
    }))
}
