//! Gathering counts from the vault: what a report counts of every record, read from
//! the facts the vault keeps beside each (`Vault::counted`, ADR 0048), counted in
//! every table it belongs to; names of indicators, dimensions and services
//! looked up in the content library; team members' call signs.
//!
//! Owns what is counted and under which key. Nothing kept here holds record text: only
//! keys that end up as labels (codes, ids, place labels, device ids) and numbers. It
//! reads the vault, never writes it.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use chrono::{DateTime, Datelike, Utc};

use crate::error::Result;
use crate::table::NOT_RECORDED;
use senim_content::forms::Form;
use senim_content::screening::{Level, RuleSet};
use senim_content::{DEFAULT_RULE_SET, Library};
use senim_records::{Counted, CountedDetail, RecordId, RecordKind};
use senim_vault::Vault;

/// The lookups into the content library a report needs, each made once.
pub(crate) struct Names<'a> {
    library: &'a Library,
    pub(crate) language: &'a str,
    forms: HashMap<(String, String), Option<Arc<Form>>>,
    rule_sets: HashMap<(String, String), Option<Arc<RuleSet>>>,
    pub(crate) default_rules: Option<Arc<RuleSet>>,
}

impl<'a> Names<'a> {
    pub(crate) fn new(library: &'a Library, language: &'a str) -> Self {
        Names {
            library,
            language,
            forms: HashMap::new(),
            rule_sets: HashMap::new(),
            default_rules: library.rule_set(DEFAULT_RULE_SET, None).ok(),
        }
    }

    /// The form an interview ran on, or the newest version of its id.
    fn form(&mut self, id: &str, version: &str) -> Option<Arc<Form>> {
        let lib = self.library;
        self.forms
            .entry((id.to_string(), version.to_string()))
            .or_insert_with(|| {
                lib.form(id, Some(version))
                    .or_else(|_| lib.form(id, None))
                    .ok()
            })
            .clone()
    }

    /// The rule set an interview was scored with, or the newest version of its id, or
    /// the default rule set.
    fn rule_set(&mut self, id: &str, version: &str) -> Option<Arc<RuleSet>> {
        let lib = self.library;
        let found = self
            .rule_sets
            .entry((id.to_string(), version.to_string()))
            .or_insert_with(|| {
                lib.rule_set(id, Some(version))
                    .or_else(|_| lib.rule_set(id, None))
                    .ok()
            })
            .clone();
        found.or_else(|| self.default_rules.clone())
    }

    /// An indicator's dimension and name, from the form the interview ran on. An
    /// indicator the form does not define is named by its id, in the dimension its id
    /// starts with (`DR.job_nature` is in `DR`).
    fn indicator(&self, form: Option<&Form>, id: &str) -> (String, String) {
        if let Some(ind) = form.and_then(|f| f.indicators.get(id)) {
            let name = form
                .map(|f| f.localize(&ind.explanation, self.language).text)
                .unwrap_or_default();
            return (ind.dimension.clone(), name);
        }
        let dimension = id.split_once('.').map_or("", |(d, _)| d);
        (dimension.to_string(), id.to_string())
    }

    pub(crate) fn dimension_name(rules: &RuleSet, id: &str, language: &str) -> Option<String> {
        rules
            .dimension(id)
            .map(|d| rules.localize(&d.name, language).text)
    }

    pub(crate) fn service_name(&self, id: &str) -> String {
        self.library
            .directories()
            .iter()
            .rev()
            .find_map(|d| {
                d.service(id)
                    .map(|s| d.localize(&s.name, self.language).text)
            })
            .unwrap_or_default()
    }
}

/// Counts kept while the records stream past. Nothing here holds record text: only
/// keys that end up as labels (codes, ids, place labels, device ids) and numbers.
#[derive(Default)]
pub(crate) struct Tally {
    pub(crate) by_kind: HashMap<RecordKind, u64>,
    pub(crate) by_level: BTreeMap<Level, u64>,
    /// Interviews raising each indicator, with its dimension and name.
    pub(crate) indicators: BTreeMap<String, (String, String, u64)>,
    /// Interviews raising at least one indicator of each dimension.
    pub(crate) dimensions: BTreeMap<String, u64>,
    pub(crate) dimension_names: BTreeMap<String, String>,
    /// Nationality (or [`NOT_RECORDED`]) → subjects, interviews.
    pub(crate) nationalities: BTreeMap<String, (u64, u64)>,
    /// Place key (case-folded) → spellings and their counts.
    pub(crate) places: BTreeMap<String, BTreeMap<String, u64>>,
    pub(crate) notes_without_place: u64,
    /// (year, month) → records, then assessments per level (none, monitor, possible,
    /// likely).
    pub(crate) months: BTreeMap<(i32, u32), [u64; 5]>,
    /// Device id (hex) → records.
    pub(crate) workers: BTreeMap<String, u64>,
    pub(crate) services: BTreeMap<String, u64>,
    pub(crate) statuses: BTreeMap<&'static str, u64>,
    pub(crate) unreadable: u64,
}

pub(crate) const STATUSES: [&str; 5] =
    ["proposed", "accepted", "declined", "completed", "cancelled"];

fn status_name(s: senim_records::ReferralStatus) -> &'static str {
    use senim_records::ReferralStatus as S;
    match s {
        S::Proposed => STATUSES[0],
        S::Accepted => STATUSES[1],
        S::Declined => STATUSES[2],
        S::Completed => STATUSES[3],
        S::Cancelled => STATUSES[4],
    }
}

/// A place label as counted: trimmed, inner runs of white space collapsed.
fn clean_place(place: &str) -> String {
    place.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn month_of(t: DateTime<Utc>) -> (i32, u32) {
    (t.year(), t.month())
}

impl Tally {
    /// Counts a record in every table it belongs to. `nationality` finds a subject's
    /// nationality (for interviews linked to one).
    pub(crate) fn add(
        &mut self,
        record: &Counted,
        names: &mut Names<'_>,
        nationality: &HashMap<RecordId, Option<String>>,
    ) {
        *self.by_kind.entry(record.kind()).or_default() += 1;
        *self.workers.entry(record.author.clone()).or_default() += 1;
        let month = month_of(record.at);
        self.months.entry(month).or_default()[0] += 1;
        match &record.detail {
            CountedDetail::Subject { nationality } => {
                let key = nationality.clone().unwrap_or_else(|| NOT_RECORDED.into());
                self.nationalities.entry(key).or_default().0 += 1;
            }
            CountedDetail::OutreachNote { place } => {
                let place = place.as_deref().map(clean_place).unwrap_or_default();
                if place.is_empty() {
                    self.notes_without_place += 1;
                } else {
                    *self
                        .places
                        .entry(place.to_lowercase())
                        .or_default()
                        .entry(place)
                        .or_default() += 1;
                }
            }
            CountedDetail::Interview {
                form_id,
                form_version,
                assessment,
            } => {
                let key = record
                    .subject
                    .and_then(|s| nationality.get(&s).cloned().flatten())
                    .unwrap_or_else(|| NOT_RECORDED.into());
                self.nationalities.entry(key).or_default().1 += 1;
                if let Some(a) = assessment {
                    if let Ok(level) = a.level.parse::<Level>() {
                        *self.by_level.entry(level).or_default() += 1;
                        self.months.entry(month).or_default()[1 + level as usize] += 1;
                    }
                    let form = names.form(form_id, form_version);
                    let rules = names.rule_set(&a.rule_set_id, &a.rule_set_version);
                    let mut dims = BTreeSet::new();
                    for id in &a.indicators {
                        let (dim, name) = names.indicator(form.as_deref(), id);
                        let entry = self
                            .indicators
                            .entry(id.clone())
                            .or_insert_with(|| (dim.clone(), name, 0));
                        entry.2 += 1;
                        if !dim.is_empty() {
                            if !self.dimension_names.contains_key(&dim)
                                && let Some(n) = rules
                                    .as_deref()
                                    .and_then(|r| Names::dimension_name(r, &dim, names.language))
                            {
                                self.dimension_names.insert(dim.clone(), n);
                            }
                            dims.insert(dim);
                        }
                    }
                    for d in dims {
                        *self.dimensions.entry(d).or_default() += 1;
                    }
                }
            }
            CountedDetail::Referral { service, status } => {
                *self.services.entry(service.clone()).or_default() += 1;
                *self.statuses.entry(status_name(*status)).or_default() += 1;
            }
            CountedDetail::Consent => {}
        }
    }
}

/// Call signs of the team's members by device id (hex); empty outside a team.
pub(crate) fn worker_names(vault: &Vault) -> Result<BTreeMap<String, String>> {
    Ok(vault
        .membership()?
        .map(|m| {
            m.members()
                .iter()
                .map(|x| (x.public.device.to_string(), x.name.clone()))
                .collect()
        })
        .unwrap_or_default())
}
