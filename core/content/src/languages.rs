//! The interview languages as a language picker offers them: each tag with its name in
//! itself and its script, so that Uzbek is offered twice, in Latin (`uz`) and in
//! Cyrillic script (`uz-Cyrl`), for the many Uzbek speakers who read Cyrillic.
//!
//! Owns the names only; which languages a form runs in is the form's own list.

/// One interview language for a picker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InterviewLanguage {
    /// Its tag, as forms list it (`uz`, `uz-Cyrl`).
    pub tag: &'static str,
    /// Its name in itself ("Ўзбекча (кирилл)").
    pub native_name: &'static str,
    /// Its ISO 15924 script (`Latn`, `Cyrl`).
    pub script: &'static str,
}

const KNOWN: [InterviewLanguage; 7] = [
    lang("en", "English", "Latn"),
    lang("ru", "Русский", "Cyrl"),
    lang("kk", "Қазақша", "Cyrl"),
    lang("uz", "Oʻzbekcha (lotin)", "Latn"),
    lang("uz-Cyrl", "Ўзбекча (кирилл)", "Cyrl"),
    lang("ky", "Кыргызча", "Cyrl"),
    lang("tg", "Тоҷикӣ", "Cyrl"),
];

const fn lang(
    tag: &'static str,
    native_name: &'static str,
    script: &'static str,
) -> InterviewLanguage {
    InterviewLanguage {
        tag,
        native_name,
        script,
    }
}

/// The name and script of an interview language Senim knows; `None` for another tag
/// (a form of an organisation's own may list one: show its tag).
pub fn interview_language(tag: &str) -> Option<InterviewLanguage> {
    KNOWN.into_iter().find(|l| l.tag == tag)
}
