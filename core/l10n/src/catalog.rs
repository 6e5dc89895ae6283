//! The catalog: every resource of every complete locale, parsed into one Fluent bundle
//! per locale, and the lookup through a locale's fallback chain.

use std::collections::BTreeSet;
use std::sync::{Arc, OnceLock};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentError, FluentResource, FluentValue};
use fluent_syntax::ast;
use unic_langid::LanguageIdentifier;

use crate::{Arg, Args, Error, Locale, Result};

/// The catalog's resources, one file per area in each complete locale's folder
/// (`core/l10n/locales/<tag>/<name>.ftl`). Each message key starts with its area's
/// name (`app-…` in `app.ftl`), so two areas never define the same key.
///
/// - `common`: words every surface shares (risk levels, kinds of record, yes and no).
/// - `app`: the phone apps' screens (Android and iOS).
/// - `cli`: the `senim` command's prompts, messages and help.
/// - `cli-options`: the help of each `senim` command's own options and arguments.
/// - `handoff`: the partner's handoff summary (`senim-handoff`).
/// - `desktop`: the desktop application's window (its menu, presenter mode, launcher).
pub const RESOURCES: &[&str] = &["common", "app", "cli", "cli-options", "handoff", "desktop"];

macro_rules! sources {
    ($($name:literal),* $(,)?) => {
        &[$(
            (Locale::En, $name, include_str!(concat!("../locales/en/", $name, ".ftl"))),
            (Locale::Ru, $name, include_str!(concat!("../locales/ru/", $name, ".ftl"))),
            (Locale::Kk, $name, include_str!(concat!("../locales/kk/", $name, ".ftl"))),
        )*]
    };
}

/// The built-in sources: (locale, resource name, Fluent text).
const BUILTIN: &[(Locale, &str, &str)] =
    sources!("common", "app", "cli", "cli-options", "handoff", "desktop");

/// One locale's messages.
struct Book {
    locale: Locale,
    bundle: FluentBundle<Arc<FluentResource>>,
    resources: Vec<(String, Arc<FluentResource>)>,
}

/// Messages by locale. The built-in one is [`Catalog::builtin`].
pub struct Catalog {
    books: Vec<Book>,
}

impl std::fmt::Debug for Catalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalog")
            .field(
                "locales",
                &self.books.iter().map(|b| b.locale).collect::<Vec<_>>(),
            )
            .finish()
    }
}

/// What a message takes and holds, for the catalog's consistency checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MessageShape {
    /// The message's key.
    pub key: String,
    /// The resource that defines it (`app`, `cli` …).
    pub resource: String,
    /// The variables it reads (`count` for `{ $count }`), in its value, attributes and
    /// selectors.
    pub variables: BTreeSet<String>,
    /// Its attributes' names (`key.attribute`).
    pub attributes: BTreeSet<String>,
    /// Whether it has a value (a message of attributes only has none).
    pub has_value: bool,
}

impl Catalog {
    /// The catalog compiled into this build, loaded on first use.
    pub fn builtin() -> Result<&'static Catalog> {
        static BUILTIN_CATALOG: OnceLock<Result<Catalog>> = OnceLock::new();
        BUILTIN_CATALOG
            .get_or_init(|| Catalog::from_sources(BUILTIN))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// A catalog of the given sources: (locale, resource name, Fluent text). A source
    /// that does not parse, or a key defined twice in one locale, is
    /// [`Error::Resource`].
    pub fn from_sources(sources: &[(Locale, &str, &str)]) -> Result<Catalog> {
        let mut books: Vec<Book> = Vec::new();
        for &(locale, name, text) in sources {
            let resource_error = |problem: String| Error::Resource {
                locale,
                file: name.to_string(),
                problem,
            };
            let resource = FluentResource::try_new(text.to_string()).map_err(|(_, errors)| {
                resource_error(match errors.first() {
                    Some(e) => format!("does not parse: {:?} at bytes {:?}", e.kind, e.pos),
                    None => "does not parse".to_string(),
                })
            })?;
            let resource = Arc::new(resource);
            let index = match books.iter().position(|b| b.locale == locale) {
                Some(index) => index,
                None => {
                    books.push(Book::new(locale));
                    books.len() - 1
                }
            };
            let book = &mut books[index];
            book.bundle
                .add_resource(Arc::clone(&resource))
                .map_err(|errors| {
                    resource_error(
                        errors
                            .first()
                            .map(describe)
                            .unwrap_or_else(|| "cannot be added".to_string()),
                    )
                })?;
            book.resources.push((name.to_string(), resource));
        }
        Ok(Catalog { books })
    }

    /// The locales with messages of their own, in the order they were loaded.
    pub fn locales(&self) -> Vec<Locale> {
        self.books.iter().map(|b| b.locale).collect()
    }

    /// Every message of `locale`'s own resources (nothing for a locale with none),
    /// sorted by key.
    pub fn messages(&self, locale: Locale) -> Vec<MessageShape> {
        let mut shapes: Vec<MessageShape> = self
            .book(locale)
            .into_iter()
            .flat_map(|book| book.resources.iter())
            .flat_map(|(name, resource)| {
                resource.entries().filter_map(move |entry| match entry {
                    ast::Entry::Message(message) => Some(shape(name, message)),
                    _ => None,
                })
            })
            .collect();
        shapes.sort_by(|a, b| a.key.cmp(&b.key));
        shapes
    }

    /// The message `key` (or `key.attribute`) in `locale`, with `args`: looked up in
    /// the locale's own words (Russian for Uzbek, Kyrgyz and Tajik), then in English.
    pub fn format(&self, locale: Locale, key: &str, args: Option<&Args>) -> Result<String> {
        let (id, attribute) = match key.split_once('.') {
            Some((id, attribute)) => (id, Some(attribute)),
            None => (key, None),
        };
        let chain = [locale.speaks(), Locale::En];
        for book in chain.iter().filter_map(|&l| self.book(l)) {
            let Some(message) = book.bundle.get_message(id) else {
                continue;
            };
            let pattern = match attribute {
                Some(attribute) => match message.get_attribute(attribute) {
                    Some(attribute) => attribute.value(),
                    None => continue,
                },
                None => match message.value() {
                    Some(value) => value,
                    None => {
                        return Err(Error::Format {
                            key: printable_key(key),
                            locale: book.locale,
                            problem: "the message has no value, only attributes".into(),
                        });
                    }
                },
            };
            let fluent_args = args.map(to_fluent);
            let mut errors = Vec::new();
            let text = book
                .bundle
                .format_pattern(pattern, fluent_args.as_ref(), &mut errors);
            if let Some(error) = errors.first() {
                return Err(Error::Format {
                    key: printable_key(key),
                    locale: book.locale,
                    problem: describe(error),
                });
            }
            return Ok(text.into_owned());
        }
        Err(Error::UnknownKey {
            key: printable_key(key),
        })
    }

    fn book(&self, locale: Locale) -> Option<&Book> {
        self.books.iter().find(|b| b.locale == locale)
    }
}

impl Book {
    fn new(locale: Locale) -> Book {
        let id: LanguageIdentifier = locale.tag().parse().unwrap_or_default();
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        // No Unicode isolation marks around values: every locale is written left to
        // right, and the marks would show in a terminal and in copied text.
        bundle.set_use_isolating(false);
        if decimal_comma(locale) {
            bundle.set_formatter(Some(comma_formatter));
        }
        Book {
            locale,
            bundle,
            resources: Vec::new(),
        }
    }
}

/// Russian and Kazakh write a decimal comma (CLDR): `2,5`, not `2.5`.
fn decimal_comma(locale: Locale) -> bool {
    matches!(locale.speaks(), Locale::Ru | Locale::Kk)
}

fn comma_formatter<M>(value: &FluentValue<'_>, _: &M) -> Option<String> {
    match value {
        FluentValue::Number(number) => Some(number.as_string().replace('.', ",")),
        _ => None,
    }
}

fn to_fluent(args: &Args) -> FluentArgs<'_> {
    let mut fluent = FluentArgs::with_capacity(args.entries.len());
    for (name, value) in args.iter() {
        match value {
            Arg::Text(text) => fluent.set(name, FluentValue::from(text.as_str())),
            Arg::Number(number) => fluent.set(name, FluentValue::from(*number)),
        }
    }
    fluent
}

/// A Fluent error as a line naming keys and variables only (Fluent's own messages
/// carry no values).
fn describe(error: &FluentError) -> String {
    match error {
        FluentError::Overriding { kind, id } => format!("{kind} {id:?} is defined twice"),
        FluentError::ParserError(e) => format!("does not parse: {:?}", e.kind),
        FluentError::ResolverError(e) => e.to_string(),
    }
}

/// A key as an error may show it: it comes from code, but through the FFI from anyone.
fn printable_key(key: &str) -> String {
    key.chars().filter(|c| !c.is_control()).take(80).collect()
}

fn shape(resource: &str, message: &ast::Message<&str>) -> MessageShape {
    let mut variables = BTreeSet::new();
    if let Some(value) = &message.value {
        pattern_variables(value, &mut variables);
    }
    for attribute in &message.attributes {
        pattern_variables(&attribute.value, &mut variables);
    }
    MessageShape {
        key: message.id.name.to_string(),
        resource: resource.to_string(),
        variables,
        attributes: message
            .attributes
            .iter()
            .map(|a| a.id.name.to_string())
            .collect(),
        has_value: message.value.is_some(),
    }
}

fn pattern_variables(pattern: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_variables(expression, out);
        }
    }
}

fn expression_variables(expression: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            inline_variables(selector, out);
            for variant in variants {
                pattern_variables(&variant.value, out);
            }
        }
        ast::Expression::Inline(inline) => inline_variables(inline, out),
    }
}

fn inline_variables(inline: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_string());
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            call_variables(arguments, out);
        }
        ast::InlineExpression::TermReference {
            arguments: Some(arguments),
            ..
        } => call_variables(arguments, out),
        ast::InlineExpression::Placeable { expression } => expression_variables(expression, out),
        _ => {}
    }
}

fn call_variables(arguments: &ast::CallArguments<&str>, out: &mut BTreeSet<String>) {
    for positional in &arguments.positional {
        inline_variables(positional, out);
    }
    for named in &arguments.named {
        inline_variables(&named.value, out);
    }
}
