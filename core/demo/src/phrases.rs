//! The demo generator's phrase tables: the places outreach happens at, the situations
//! behind interviews, the sentences of outreach notes and the descriptions that stand in
//! for names, each in every language notes are written in. They live as JSON under
//! `core/demo/phrases/`, one file per table, for translators and trainers to review and
//! edit, and are built into the library and validated when first used.
//!
//! Owns the shape of those files and every check made when they load: every table the
//! generator needs is there, no string is empty, every phrase is in every note
//! language, placeholders are known and the same in every language, and there is enough
//! to choose from for every choice the generator makes (a story at every level, a place
//! for every story's sector, an opener for every place and person). Errors name the
//! file and the place in it. It never generates anything and reads no other file; the
//! phrases hold no personal data, and descriptions describe (clothes, a bag), never
//! name.
//!
//! The parts: `tables` (the validated tables the generator reads), `check` (the files'
//! shape and every rule they must meet), `error` (what a problem says and where).

use std::sync::OnceLock;

mod check;
mod error;
mod tables;

pub use check::{INTERVIEW_LANGUAGES, MAX_SHORT_PHRASE};
pub use error::{PhraseError, PhraseErrors, Problem};
pub use tables::{Action, Lang, Notes, Opener, People, Phrases, Place, Said, Setting, Story};

/// The bundled phrase files, by their path under `core/demo/`.
pub const BUNDLED: Sources<'static> = Sources {
    places: include_bytes!("../phrases/places.json"),
    stories: include_bytes!("../phrases/stories.json"),
    notes: include_bytes!("../phrases/notes.json"),
    people: include_bytes!("../phrases/people.json"),
};

/// The four phrase files, as bytes.
#[derive(Clone, Copy, Debug)]
pub struct Sources<'a> {
    /// `phrases/places.json`: settings (kinds of place, with spots) and places.
    pub places: &'a [u8],
    /// `phrases/stories.json`: the situations behind interviews.
    pub stories: &'a [u8],
    /// `phrases/notes.json`: the sentences of outreach notes.
    pub notes: &'a [u8],
    /// `phrases/people.json`: descriptions of the people met, by gender.
    pub people: &'a [u8],
}

/// The bundled phrases, loaded and validated once.
pub fn bundled() -> Result<&'static Phrases, PhraseErrors> {
    static BUNDLED_PHRASES: OnceLock<Result<Phrases, PhraseErrors>> = OnceLock::new();
    BUNDLED_PHRASES
        .get_or_init(|| load(&BUNDLED))
        .as_ref()
        .map_err(Clone::clone)
}

/// Parses and validates the four phrase files. Never panics: they either load or yield
/// every problem found, each naming its file and place.
pub fn load(sources: &Sources<'_>) -> Result<Phrases, PhraseErrors> {
    check::check(
        sources.places,
        sources.stories,
        sources.notes,
        sources.people,
    )
}

#[cfg(test)]
#[path = "phrases_tests.rs"]
mod tests;
