//! The content library: screening forms, rule sets and services directories, the
//! bundled defaults (embedded in the binary) plus whatever an organisation loads from a
//! content directory.
//!
//! Owns lookup by id and version and the rule that one id and version always means one
//! content (same hash). It never changes content: everything it holds was validated
//! when it loaded.
//!
//! A content directory has the layout of `core/content/` (this crate's folder): `forms/*.json`,
//! `rules/*.json`, `services/*.json`. Files elsewhere are ignored.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use crate::forms::Form;
use crate::screening::{Directory, RuleSet};
use crate::{Error, Result};

const BUNDLED_FORMS: &[(&str, &[u8])] = &[
    (
        "central-asia-screening.json",
        include_bytes!("../forms/central-asia-screening.json"),
    ),
    (
        "central-asia-screening-v2.json",
        include_bytes!("../forms/central-asia-screening-v2.json"),
    ),
];
const BUNDLED_RULES: &[(&str, &[u8])] = &[
    (
        "ilo-ec-2009.json",
        crate::screening::rules::BUNDLED_RULE_SET,
    ),
    (
        "ilo-ec-2009-v2.json",
        crate::screening::rules::BUNDLED_RULE_SET_V2,
    ),
];
const BUNDLED_SERVICES: &[(&str, &[u8])] =
    &[("kz.json", crate::screening::services::BUNDLED_DIRECTORY)];

/// The id of the rule set used when a caller names none.
pub const DEFAULT_RULE_SET: &str = "ilo_ec_2009";

/// The id of the bundled services directory (Kazakhstan).
pub const DEFAULT_DIRECTORY: &str = "kz";

/// Largest content file read from a directory.
const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Forms, rule sets and services directories by id and version.
#[derive(Clone, Debug, Default)]
pub struct Library {
    forms: BTreeMap<String, Vec<Arc<Form>>>,
    rule_sets: BTreeMap<String, Vec<Arc<RuleSet>>>,
    directories: BTreeMap<String, Vec<Arc<Directory>>>,
}

/// What a content directory added.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoadReport {
    pub forms: Vec<(String, String)>,
    pub rule_sets: Vec<(String, String)>,
    pub directories: Vec<(String, String)>,
}

/// Orders versions by their parts (separated by `.` or `-`): numbers numerically,
/// and before any text part; text parts by their bytes; a version that is a prefix of
/// another is older. `1.10` is newer than `1.9`. A total order: versions that differ
/// only in spelling (`1.0`, `1.00`) are equal, and the library treats them as one.
pub fn compare_versions(a: &str, b: &str) -> Ordering {
    fn parts(v: &str) -> impl Iterator<Item = (u8, u64, &str)> {
        v.split(['.', '-']).map(|p| match p.parse::<u64>() {
            Ok(n) => (0, n, ""),
            Err(_) => (1, 0, p),
        })
    }
    parts(a).cmp(parts(b))
}

/// Adds `item` to the versions of its id, newest last. The same id and version twice is
/// accepted only with the same content.
fn insert<T>(
    map: &mut BTreeMap<String, Vec<Arc<T>>>,
    what: &'static str,
    item: T,
    key: impl Fn(&T) -> (&str, &str, &str),
) -> Result<()> {
    let (id, version, hash) = key(&item);
    let versions = map.entry(id.to_string()).or_default();
    if let Some(existing) = versions
        .iter()
        .find(|v| compare_versions(key(v).1, version) == Ordering::Equal)
    {
        if key(existing).2 == hash {
            return Ok(());
        }
        return Err(Error::InvalidContent {
            what,
            problems: vec![format!(
                "'{id}' version {version} is already loaded with different content; give the changed content a new version"
            )],
        });
    }
    versions.push(Arc::new(item));
    versions.sort_by(|a, b| compare_versions(key(a).1, key(b).1));
    Ok(())
}

fn find<T>(
    map: &BTreeMap<String, Vec<Arc<T>>>,
    what: &'static str,
    id: &str,
    version: Option<&str>,
    version_of: impl Fn(&T) -> &str,
) -> Result<Arc<T>> {
    let not_found = || Error::ContentNotFound {
        what,
        id: id.to_string(),
        version: version.map(str::to_string),
    };
    let versions = map.get(id).ok_or_else(not_found)?;
    match version {
        None => versions.last().cloned().ok_or_else(not_found),
        Some(v) => versions
            .iter()
            .find(|item| compare_versions(version_of(item), v) == Ordering::Equal)
            .cloned()
            .ok_or_else(not_found),
    }
}

impl Library {
    /// The content bundled with this build.
    pub fn bundled() -> Result<Library> {
        let mut lib = Library::default();
        for (_, bytes) in BUNDLED_FORMS {
            lib.add_form(Form::from_json(bytes)?)?;
        }
        for (_, bytes) in BUNDLED_RULES {
            lib.add_rule_set(RuleSet::from_json(bytes)?)?;
        }
        for (_, bytes) in BUNDLED_SERVICES {
            lib.add_directory(Directory::from_json(bytes)?)?;
        }
        Ok(lib)
    }

    /// Loads every `forms/*.json`, `rules/*.json` and `services/*.json` under `dir`.
    /// All files are checked before any is added: one broken file adds nothing, and the
    /// error names the file and every problem in it.
    pub fn load_dir(&mut self, dir: &Path) -> Result<LoadReport> {
        if !dir.is_dir() {
            return Err(Error::invalid("content directory", "not a directory"));
        }
        let mut staged = self.clone();
        let mut report = LoadReport::default();
        for (sub, what) in [
            ("forms", "form"),
            ("rules", "rule set"),
            ("services", "services directory"),
        ] {
            let path = dir.join(sub);
            if !path.is_dir() {
                continue;
            }
            let mut files: Vec<_> = std::fs::read_dir(&path)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "json") && p.is_file())
                .collect();
            files.sort();
            for file in files {
                let name = file
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let in_file = |e: Error| match e {
                    Error::InvalidContent { what, problems } => Error::InvalidContent {
                        what,
                        problems: problems
                            .into_iter()
                            .map(|p| format!("{sub}/{name}: {p}"))
                            .collect(),
                    },
                    other => other,
                };
                // Read within the bound, not by the size the metadata claims: the file
                // may grow while it is read.
                let mut bytes = Vec::new();
                std::fs::File::open(&file)?
                    .take(MAX_FILE_BYTES + 1)
                    .read_to_end(&mut bytes)?;
                if bytes.len() as u64 > MAX_FILE_BYTES {
                    return Err(Error::InvalidContent {
                        what,
                        problems: vec![format!("{sub}/{name}: larger than 4 MiB")],
                    });
                }
                match sub {
                    "forms" => {
                        let form = Form::from_json(&bytes).map_err(|e| in_file(e.into()))?;
                        report.forms.push((form.id.clone(), form.version.clone()));
                        staged.add_form(form).map_err(in_file)?;
                    }
                    "rules" => {
                        let rules = RuleSet::from_json(&bytes).map_err(in_file)?;
                        report
                            .rule_sets
                            .push((rules.id.clone(), rules.version.clone()));
                        staged.add_rule_set(rules).map_err(in_file)?;
                    }
                    _ => {
                        let d = Directory::from_json(&bytes).map_err(in_file)?;
                        report.directories.push((d.id.clone(), d.version.clone()));
                        staged.add_directory(d).map_err(in_file)?;
                    }
                }
            }
        }
        *self = staged;
        Ok(report)
    }

    pub fn add_form(&mut self, form: Form) -> Result<()> {
        insert(&mut self.forms, "form", form, |f| {
            (f.id.as_str(), f.version.as_str(), f.hash.as_str())
        })
    }

    pub fn add_rule_set(&mut self, rules: RuleSet) -> Result<()> {
        insert(&mut self.rule_sets, "rule set", rules, |r| {
            (r.id.as_str(), r.version.as_str(), r.hash.as_str())
        })
    }

    pub fn add_directory(&mut self, dir: Directory) -> Result<()> {
        insert(&mut self.directories, "services directory", dir, |d| {
            (d.id.as_str(), d.version.as_str(), d.hash.as_str())
        })
    }

    /// A form by id: the given version, or the newest.
    pub fn form(&self, id: &str, version: Option<&str>) -> Result<Arc<Form>> {
        find(&self.forms, "form", id, version, |f| &f.version)
    }

    /// Every loaded form version, by id then version.
    pub fn forms(&self) -> Vec<Arc<Form>> {
        self.forms.values().flatten().cloned().collect()
    }

    /// A rule set by id: the given version, or the newest.
    pub fn rule_set(&self, id: &str, version: Option<&str>) -> Result<Arc<RuleSet>> {
        find(&self.rule_sets, "rule set", id, version, |r| &r.version)
    }

    pub fn rule_sets(&self) -> Vec<Arc<RuleSet>> {
        self.rule_sets.values().flatten().cloned().collect()
    }

    /// A services directory by id: the given version, or the newest.
    pub fn directory(&self, id: &str, version: Option<&str>) -> Result<Arc<Directory>> {
        find(&self.directories, "services directory", id, version, |d| {
            &d.version
        })
    }

    pub fn directories(&self) -> Vec<Arc<Directory>> {
        self.directories.values().flatten().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_numerically_part_by_part() {
        assert_eq!(compare_versions("1.10", "1.9"), Ordering::Greater);
        assert_eq!(compare_versions("1.0.0", "1.0"), Ordering::Greater);
        assert_eq!(compare_versions("2", "2"), Ordering::Equal);
        assert_eq!(compare_versions("2026.11", "2026.2"), Ordering::Greater);
        assert_eq!(compare_versions("1.0", "1.00"), Ordering::Equal);
    }

    #[test]
    fn version_order_is_total_with_numbers_before_text() {
        let mut v = vec!["1a", "10", "9", "1.0-beta", "1.0", "1"];
        v.sort_by(|a, b| compare_versions(a, b));
        assert_eq!(v, vec!["1", "1.0", "1.0-beta", "9", "10", "1a"]);
        assert_eq!(compare_versions("9", "1a"), Ordering::Less);
        assert_eq!(compare_versions("1a", "10"), Ordering::Greater);
    }

    #[test]
    fn the_bundled_content_loads() {
        let lib = Library::bundled().unwrap();
        assert!(!lib.forms().is_empty());
        assert!(lib.rule_set(DEFAULT_RULE_SET, None).is_ok());
        assert!(!lib.directories().is_empty());
    }

    #[test]
    fn a_content_directory_adds_a_new_form_version_and_newest_wins() {
        let lib0 = Library::bundled().unwrap();
        let form = lib0.forms()[0].clone();
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("forms")).unwrap();
        let mut json: serde_json::Value = serde_json::from_slice(BUNDLED_FORMS[0].1).unwrap();
        json["version"] = serde_json::json!("99.0");
        std::fs::write(dir.path().join("forms/mine.json"), json.to_string()).unwrap();
        let mut lib = lib0.clone();
        let report = lib.load_dir(dir.path()).unwrap();
        assert_eq!(report.forms, vec![(form.id.clone(), "99.0".to_string())]);
        assert_eq!(lib.form(&form.id, None).unwrap().version, "99.0");
        assert_eq!(
            lib.form(&form.id, Some(&form.version)).unwrap().hash,
            form.hash
        );
    }

    #[test]
    fn changed_content_under_a_loaded_version_is_refused() {
        let mut lib = Library::bundled().unwrap();
        let mut json: serde_json::Value = serde_json::from_slice(BUNDLED_FORMS[0].1).unwrap();
        json["title"]["en"] = serde_json::json!("Another title");
        let changed = Form::from_json(json.to_string().as_bytes()).unwrap();
        assert!(matches!(
            lib.add_form(changed),
            Err(Error::InvalidContent { what: "form", .. })
        ));
    }

    #[test]
    fn a_broken_file_names_itself_and_adds_nothing() {
        let mut lib = Library::bundled().unwrap();
        let before = lib.forms().len();
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("forms")).unwrap();
        std::fs::write(dir.path().join("forms/broken.json"), b"{\"format\": 1}").unwrap();
        let err = lib.load_dir(dir.path()).unwrap_err();
        assert!(err.to_string().contains("forms/broken.json"), "{err}");
        assert_eq!(lib.forms().len(), before);
    }

    #[test]
    fn an_unknown_form_is_content_not_found() {
        let lib = Library::bundled().unwrap();
        assert!(matches!(
            lib.form("nope", None),
            Err(Error::ContentNotFound { what: "form", .. })
        ));
    }
}
