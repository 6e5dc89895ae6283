//! The form definition format: JSON as organisations write it ([`FormSource`] and its
//! parts) and the validated, ready-to-run [`Form`] built from it by [`Form::from_json`].
//!
//! Owns the shape of a form and every check made when one loads. It never touches the
//! vault or scores anything: the runner and `crate::screening` use the [`Form`] this
//! module validates. Errors name the place in the form (question, section, indicator)
//! and what is wrong with it; form definitions hold no personal data, so quoting an id
//! or an option from the form is safe.
//!
//! The parts: `parts` (translated texts, question types, strengths, needs, the format's
//! limits), `source` (the JSON as written), `form` (the validated form), `validate`
//! with `checker` and `logic` (every check made when a form loads), `error` (what a
//! problem says and where), `hash` (the content hash).

mod checker;
mod error;
mod form;
mod hash;
mod logic;
mod parts;
mod source;
mod validate;

pub use error::{FormError, FormErrors, Place, Problem};
pub use form::{ChoiceOption, Form, Indicator, Question, Raise, Section, Trigger};
pub use hash::content_hash;
pub(crate) use parts::localize;
pub use parts::{
    DECLINED, FORM_FORMAT, Localized, MAX_FORM_BYTES, MAX_ID_LEN, Need, QuestionType, Strength,
    Text, Translation, YES_NO_VALUES,
};
pub use source::{
    ConsentScript, FormSource, IndicatorSource, NeedSource, OptionSource, PopulationSource,
    PrivateSource, QuestionSource, RaiseSource, SectionSource, TriggerSource, Validation,
};
