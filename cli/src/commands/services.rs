//! `senim services list | recommend | refer`: the services directory, recommendations
//! for a scored interview, and referrals (which need the person's referral consent).
//!
//! Its arguments are its own ([`ServicesArgs`]).

use std::collections::BTreeSet;

use anyhow::{Result, bail};
use clap::{Args, Subcommand};
use senim_content::DEFAULT_DIRECTORY;
use senim_content::forms::Need;
use senim_content::screening::{self as services, Directory, ReasonKind};
use senim_records::{RecordBody, RecordId};
use serde_json::json;

use crate::commands::interview::rescore;
use crate::global::Global;
use crate::input;
use crate::library::{content, library};
use crate::output::{self, Table};
use crate::session::Unlocked;
use crate::words;
use senim_l10n::args;

#[derive(Debug, Args)]
pub struct ServicesArgs {
    /// The services directory to use [default: the one loaded from --content, else the
    /// bundled "kz"]
    #[arg(long, value_name = "ID")]
    pub directory: Option<String>,

    #[command(subcommand)]
    pub command: ServicesCommand,
}

#[derive(Debug, Subcommand)]
pub enum ServicesCommand {
    /// List the services in the directory
    List {
        /// Show names in this language
        #[arg(long, value_name = "LANG", default_value = "en")]
        lang: String,
    },
    /// Recommend services for a scored interview, ordered, with reasons
    Recommend {
        /// The interview's id
        #[arg(long, value_name = "ID")]
        interview: RecordId,
        /// Needs to add to those recorded in the interview (comma-separated): shelter,
        /// medical, legal, psychological, documents, return_home, labour_dispute
        #[arg(long, value_name = "NEEDS", value_delimiter = ',')]
        needs: Vec<String>,
        /// Only services in this city or region, besides nationwide ones (e.g. Almaty or
        /// its ISO 3166-2 code KZ-75)
        #[arg(long, value_name = "REGION")]
        region: Option<String>,
    },
    /// Refer the person to a service (needs a consent with the referral scope)
    Refer {
        /// The interview's id
        #[arg(long, value_name = "ID")]
        interview: RecordId,
        /// The service's id (see `senim services list`)
        #[arg(long, value_name = "SERVICE")]
        service: String,
        /// Why ("-" reads it from standard input)
        #[arg(long, value_name = "TEXT", default_value = "")]
        reason: String,
        /// The person has just agreed to be referred to this service: record that in
        /// their consent first (needed when the interview's consent does not cover it)
        #[arg(long)]
        person_agreed: bool,
    },
}

pub fn run(global: &Global, args: &ServicesArgs) -> Result<()> {
    let directory = args.directory.as_deref();
    match &args.command {
        ServicesCommand::List { lang } => list(global, directory, lang),
        ServicesCommand::Recommend {
            interview,
            needs,
            region,
        } => recommend(global, directory, *interview, needs, region.as_deref()),
        ServicesCommand::Refer {
            interview,
            service,
            reason,
            person_agreed,
        } => refer(
            global,
            directory,
            *interview,
            service,
            reason,
            *person_agreed,
        ),
    }
}

/// The services directory to use: `--directory`, else one loaded from `--content`
/// (your organisation's, with its own contacts), else the bundled one.
fn directory(global: &Global, id: Option<&str>) -> Result<std::sync::Arc<Directory>> {
    let (lib, report) = content(global)?;
    let id = match id {
        Some(id) => id.to_string(),
        None => match report.directories.last() {
            Some((id, _)) => id.clone(),
            None => DEFAULT_DIRECTORY.to_string(),
        },
    };
    Ok(lib.directory(&id, None)?)
}

fn list(global: &Global, directory_id: Option<&str>, lang: &str) -> Result<()> {
    let dir = directory(global, directory_id)?;
    let rows: Vec<_> = dir
        .services
        .iter()
        .map(|s| {
            let contact = s
                .contact
                .as_ref()
                .and_then(|c| c.phone.clone())
                .unwrap_or_else(|| dir.localize(&dir.texts.placeholder, lang).text);
            (s, contact)
        })
        .collect();
    let notes: Vec<_> = dir
        .notes
        .iter()
        .map(|n| {
            json!({
                "id": n.id,
                "title": dir.localize(&n.title, lang),
                "text": dir.localize(&n.text, lang),
                "source": n.source,
            })
        })
        .collect();
    if global.json {
        let services: Vec<_> = rows
            .iter()
            .map(|(s, contact)| {
                json!({
                    "id": s.id,
                    "kind": s.kind,
                    "name": dir.localize(&s.name, lang),
                    "region": s.region,
                    "needs": s.needs,
                    "languages": s.languages,
                    "placeholder": s.is_placeholder(),
                    "contact": contact,
                    "contact_source": s.contact.as_ref().and_then(|c| c.source.clone()),
                    "contact_checked": s.contact.as_ref().and_then(|c| c.checked.clone()),
                    "foreign_nationals": s.foreign_nationals,
                })
            })
            .collect();
        return output::json(&json!({
            "id": dir.id,
            "version": dir.version,
            "hash": dir.hash,
            "services": services,
            "notes": notes,
        }));
    }
    let mut table = Table::of_keys(&[
        "cli-column-id",
        "cli-services-column-kind",
        "cli-services-column-region",
        "cli-services-column-contact",
        "cli-services-column-name",
    ]);
    for (s, contact) in rows {
        table.row(vec![
            s.id.clone(),
            output::wire_name(&s.kind),
            s.region.clone().unwrap_or_else(|| "-".into()),
            contact,
            dir.localize(&s.name, lang).text,
        ]);
    }
    table.print()?;
    // The directory's own notes (referral rules, eligibility), in its words.
    for n in &dir.notes {
        output::line(format!(
            "\n{}: {}",
            dir.localize(&n.title, lang).text,
            dir.localize(&n.text, lang).text
        ))?;
    }
    Ok(())
}

fn recommend(
    global: &Global,
    directory_id: Option<&str>,
    interview: RecordId,
    needs: &[String],
    region: Option<&str>,
) -> Result<()> {
    let lib = library(global)?;
    let dir = directory(global, directory_id)?;
    let mut extra = BTreeSet::new();
    for n in needs {
        extra.insert(n.trim().parse::<Need>()?);
    }
    let unlocked = Unlocked::open(global)?;
    let record = unlocked.vault().get(interview)?;
    unlocked.close()?;
    let RecordBody::Interview(i) = record.body else {
        bail!(words::format(
            "cli-interview-not-an-interview",
            &args!["id" => interview.to_string()]
        ));
    };
    let assessment = rescore(&lib, &i, None)?;
    let mut all_needs = assessment.needs.clone();
    all_needs.extend(extra);
    let recs = services::recommend(&dir, &assessment, &all_needs, region);
    if global.json {
        return output::json(&recs);
    }
    output::line(assessment.headline.text.clone())?;
    for (n, r) in recs.iter().enumerate() {
        let contact = match (&r.contact, &r.placeholder_text) {
            (Some(c), _) if c.phone.is_some() => c.phone.clone().unwrap_or_default(),
            (_, Some(p)) => p.text.clone(),
            _ => String::new(),
        };
        let urgent = if r
            .reasons
            .iter()
            .any(|reason| reason.kind == ReasonKind::Urgent)
        {
            format!("  {}", words::text("cli-services-urgent"))
        } else {
            String::new()
        };
        output::line(format!(
            "\n{}. {} [{}]{urgent}",
            n + 1,
            r.name.text,
            r.service,
        ))?;
        output::line(words::format(
            "cli-services-contact",
            &args!["contact" => contact],
        ))?;
        for reason in &r.reasons {
            output::line(format!("   - {}", reason.text.text))?;
        }
    }
    Ok(())
}

fn refer(
    global: &Global,
    directory_id: Option<&str>,
    interview: RecordId,
    service: &str,
    reason: &str,
    person_agreed: bool,
) -> Result<()> {
    let dir = directory(global, directory_id)?;
    let Some(svc) = dir.service(service) else {
        bail!(words::format(
            "cli-services-unknown",
            &args!["service" => output::one_line(&output::truncate(service, 64))]
        ));
    };
    let reason = if reason == "-" {
        input::read_stdin_text(input::MAX_REASON_BYTES, "the referral's reason")?
    } else {
        reason.to_string()
    };
    let unlocked = Unlocked::open(global)?;
    if person_agreed {
        services::record_referral_consent(unlocked.vault(), interview, svc)?;
    }
    let id = match services::create_referral(unlocked.vault(), interview, svc, reason.trim()) {
        Err(senim_vault::Error::Content(senim_content::Error::ConsentRequired { .. })) => {
            bail!(words::format(
                "cli-services-no-consent",
                &args!["service" => svc.id.as_str()]
            ))
        }
        other => other?,
    };
    unlocked.close()?;
    if global.json {
        return output::json(&serde_json::json!({ "referral": id }));
    }
    output::line(id)
}
