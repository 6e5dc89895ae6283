//! `senim note add | edit`: writing outreach notes.
//!
//! Input is validated by the core before the vault is unlocked, so a typo costs no
//! passcode attempt. Note text may come from standard input (`--text -`) to keep it out
//! of shell history and process listings.
//!
//! Its arguments are its own ([`NoteCommand`]).

use anyhow::{Result, bail};
use chrono::Utc;
use clap::Subcommand;
use senim_records::{OutreachNote, RecordBody, RecordId};

use crate::global::Global;
use crate::input;
use crate::output;
use crate::session::Unlocked;
use crate::words;
use senim_l10n::args;

#[derive(Debug, Subcommand)]
pub enum NoteCommand {
    /// Record a new outreach note, timed now; prints its id
    Add {
        /// The note ("-" reads it from standard input, keeping it out of shell history)
        #[arg(long, value_name = "TEXT")]
        text: String,
        /// A tag (repeat for several)
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        /// A label for the place ("Barakholka market, row 7"), not an address
        #[arg(long, value_name = "PLACE")]
        place: Option<String>,
        /// The subject record this note is about
        #[arg(long, value_name = "ID")]
        subject: Option<RecordId>,
    },
    /// Change fields of a note; prints the names of the fields that changed
    #[command(group(
        clap::ArgGroup::new("change").required(true).multiple(true).args(["text", "place", "tags"])
    ))]
    Edit {
        /// The note's id
        id: RecordId,
        /// New text ("-" reads it from standard input)
        #[arg(long, value_name = "TEXT")]
        text: Option<String>,
        /// New place label (an empty value removes it)
        #[arg(long, value_name = "PLACE")]
        place: Option<String>,
        /// Replace the note's tags with these (repeat for several)
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
    },
}

pub fn run(global: &Global, command: &NoteCommand) -> Result<()> {
    match command {
        NoteCommand::Add {
            text,
            tags,
            place,
            subject,
        } => add(global, text, tags, place.as_deref(), *subject),
        NoteCommand::Edit {
            id,
            text,
            place,
            tags,
        } => edit(global, *id, text.as_deref(), place.as_deref(), tags),
    }
}

/// The text itself, or standard input when it is "-" (one trailing newline dropped).
fn read_text(text: &str) -> Result<String> {
    if text != "-" {
        return Ok(text.to_string());
    }
    let s = input::read_stdin_text(input::MAX_NOTE_TEXT_BYTES, "the note's text")?;
    let trimmed = s.strip_suffix('\n').unwrap_or(&s);
    Ok(trimmed.strip_suffix('\r').unwrap_or(trimmed).to_string())
}

fn add(
    global: &Global,
    text: &str,
    tags: &[String],
    place: Option<&str>,
    subject: Option<RecordId>,
) -> Result<()> {
    let note = OutreachNote {
        text: read_text(text)?,
        place: place.filter(|p| !p.is_empty()).map(str::to_string),
        location: None,
        tags: tags.to_vec(),
        at: Utc::now(),
        subject,
    };
    let body = RecordBody::OutreachNote(note).validate()?;
    let session = Unlocked::open(global)?;
    let id = session.vault().add(body)?;
    session.close()?;
    if global.json {
        return output::json(&serde_json::json!({ "id": id }));
    }
    output::line(id)
}

fn edit(
    global: &Global,
    id: RecordId,
    text: Option<&str>,
    place: Option<&str>,
    tags: &[String],
) -> Result<()> {
    let text = text.map(read_text).transpose()?;
    let session = Unlocked::open(global)?;
    let record = session.vault().get(id)?;
    let RecordBody::OutreachNote(mut note) = record.body else {
        bail!(words::format(
            "cli-note-not-a-note",
            &args!["id" => id.to_string(), "kind" => output::kind_words(record.kind)]
        ));
    };
    if let Some(text) = text {
        note.text = text;
    }
    if let Some(place) = place {
        note.place = Some(place.to_string()).filter(|p| !p.is_empty());
    }
    if !tags.is_empty() {
        note.tags = tags.to_vec();
    }
    let changed = session.vault().update(id, RecordBody::OutreachNote(note))?;
    session.close()?;
    if global.json {
        return output::json(&serde_json::json!({ "id": id, "changed": changed }));
    }
    if changed.is_empty() {
        output::line(words::text("cli-note-unchanged"))
    } else {
        let fields: Vec<String> = changed
            .iter()
            .map(|f| words::named("cli-field-", f))
            .collect();
        output::line(words::format(
            "cli-note-changed",
            &args!["fields" => fields.join(", ")],
        ))
    }
}
