//! The partner's readable summary: one self-contained HTML page in the partner's
//! language, which any browser opens from a file.
//!
//! Owns the page's layout; its wording (headings in English, Russian and Kazakh) is
//! the catalog's (`senim-l10n`, `handoff.ftl`). It must stay
//! self-contained and inert: no external resource, no script, a Content-Security-Policy
//! that forbids both, and every string that comes from a record or from content escaped
//! (an alias like `<script>` shows as text).

use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use senim_l10n::{Locale, Localizer};
use zeroize::Zeroizing;

use super::Case;
use senim_content::forms::{Form, Localized};
use senim_records::{
    AgeBand, Answer, ConsentScope, ConsentState, ContactPreference, Gender, ReferralStatus, YesNo,
};

/// The headings and fixed words of the page, in one language.
pub(super) struct Labels {
    /// The language of these labels (ISO 639).
    pub language: &'static str,
    title: String,
    demo: String,
    confidential: String,
    referral: String,
    service: String,
    service_id: String,
    contact: String,
    status: String,
    reason: String,
    result: String,
    urgent: String,
    level: String,
    why: String,
    not_scored: String,
    no_interview: String,
    consent: String,
    consent_state: String,
    scopes: String,
    services_named: String,
    recorded_by: String,
    recorded_at: String,
    person: String,
    anonymous: String,
    alias: String,
    age: String,
    gender: String,
    nationality: String,
    languages: String,
    contact_preference: String,
    answers: String,
    question: String,
    answer: String,
    interview_language: String,
    started: String,
    finished: String,
    about: String,
    about_text: String,
    handoff_id: String,
    made_at: String,
    record_ids: String,
    form: String,
    rule_set: String,
    directory: String,
    draft: String,
    not_recorded: String,
    yes: String,
    no: String,
    unknown: String,
    declined: String,
    scope_screening: String,
    scope_referral: String,
    scope_sharing: String,
    given: String,
    withdrawn: String,
    status_proposed: String,
    status_accepted: String,
    status_declined: String,
    status_completed: String,
    status_cancelled: String,
    age_under_18: String,
    age_unknown: String,
    female: String,
    male: String,
    other: String,
    not_stated: String,
    in_person: String,
    phone: String,
    messenger: String,
    third_party: String,
    no_contact: String,
}

impl Labels {
    /// The headings for `language` (a tag), from the catalog: Kazakh for Kazakh,
    /// Russian for Russian and the languages shown in Russian (Uzbek, Kyrgyz, Tajik),
    /// English for any other.
    pub(super) fn for_language(language: &str) -> &'static Labels {
        static LABELS: OnceLock<Vec<Labels>> = OnceLock::new();
        let locale = Locale::parse(language).map_or(Locale::En, Locale::speaks);
        let all = LABELS.get_or_init(|| Locale::COMPLETE.into_iter().map(Labels::load).collect());
        let index = Locale::COMPLETE
            .iter()
            .position(|&l| l == locale)
            .unwrap_or_default();
        &all[index]
    }

    /// The labels of a complete locale. A message missing from the catalog (which its
    /// tests rule out) shows as its key rather than failing the handoff.
    fn load(locale: Locale) -> Labels {
        let words = Localizer::new(locale).ok();
        let t = |name: &str| {
            let key = format!("handoff-{}", name.replace('_', "-"));
            words.and_then(|w| w.text(&key).ok()).unwrap_or(key)
        };
        Labels {
            language: locale.tag(),
            title: t("title"),
            demo: t("demo"),
            confidential: t("confidential"),
            referral: t("referral"),
            service: t("service"),
            service_id: t("service_id"),
            contact: t("contact"),
            status: t("status"),
            reason: t("reason"),
            result: t("result"),
            urgent: t("urgent"),
            level: t("level"),
            why: t("why"),
            not_scored: t("not_scored"),
            no_interview: t("no_interview"),
            consent: t("consent"),
            consent_state: t("consent_state"),
            scopes: t("scopes"),
            services_named: t("services_named"),
            recorded_by: t("recorded_by"),
            recorded_at: t("recorded_at"),
            person: t("person"),
            anonymous: t("anonymous"),
            alias: t("alias"),
            age: t("age"),
            gender: t("gender"),
            nationality: t("nationality"),
            languages: t("languages"),
            contact_preference: t("contact_preference"),
            answers: t("answers"),
            question: t("question"),
            answer: t("answer"),
            interview_language: t("interview_language"),
            started: t("started"),
            finished: t("finished"),
            about: t("about"),
            about_text: t("about_text"),
            handoff_id: t("handoff_id"),
            made_at: t("made_at"),
            record_ids: t("record_ids"),
            form: t("form"),
            rule_set: t("rule_set"),
            directory: t("directory"),
            draft: t("draft"),
            not_recorded: t("not_recorded"),
            yes: t("yes"),
            no: t("no"),
            unknown: t("unknown"),
            declined: t("declined"),
            scope_screening: t("scope_screening"),
            scope_referral: t("scope_referral"),
            scope_sharing: t("scope_sharing"),
            given: t("given"),
            withdrawn: t("withdrawn"),
            status_proposed: t("status_proposed"),
            status_accepted: t("status_accepted"),
            status_declined: t("status_declined"),
            status_completed: t("status_completed"),
            status_cancelled: t("status_cancelled"),
            age_under_18: t("age_under_18"),
            age_unknown: t("age_unknown"),
            female: t("female"),
            male: t("male"),
            other: t("other"),
            not_stated: t("not_stated"),
            in_person: t("in_person"),
            phone: t("phone"),
            messenger: t("messenger"),
            third_party: t("third_party"),
            no_contact: t("no_contact"),
        }
    }

    fn scope(&self, s: ConsentScope) -> &str {
        match s {
            ConsentScope::Screening => &self.scope_screening,
            ConsentScope::Referral => &self.scope_referral,
            ConsentScope::Sharing => &self.scope_sharing,
        }
    }

    fn status(&self, s: ReferralStatus) -> &str {
        match s {
            ReferralStatus::Proposed => &self.status_proposed,
            ReferralStatus::Accepted => &self.status_accepted,
            ReferralStatus::Declined => &self.status_declined,
            ReferralStatus::Completed => &self.status_completed,
            ReferralStatus::Cancelled => &self.status_cancelled,
        }
    }

    fn age(&self, a: AgeBand) -> &str {
        match a {
            AgeBand::Under18 => &self.age_under_18,
            AgeBand::From18To24 => "18–24",
            AgeBand::From25To34 => "25–34",
            AgeBand::From35To44 => "35–44",
            AgeBand::From45To54 => "45–54",
            AgeBand::From55 => "55+",
            AgeBand::Unknown => &self.age_unknown,
        }
    }

    fn gender(&self, g: Gender) -> &str {
        match g {
            Gender::Female => &self.female,
            Gender::Male => &self.male,
            Gender::Other => &self.other,
            Gender::NotStated => &self.not_stated,
        }
    }

    fn contact(&self, c: ContactPreference) -> &str {
        match c {
            ContactPreference::InPerson => &self.in_person,
            ContactPreference::Phone => &self.phone,
            ContactPreference::Messenger => &self.messenger,
            ContactPreference::Through3rdParty => &self.third_party,
            ContactPreference::NoContact => &self.no_contact,
        }
    }

    fn yes_no(&self, y: YesNo) -> &str {
        match y {
            YesNo::Yes => &self.yes,
            YesNo::No => &self.no,
            YesNo::Unknown => &self.unknown,
            YesNo::Declined => &self.declined,
        }
    }
}

/// The page, with its styles inline. Printing and small screens are both fine.
const STYLE: &str = "\
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;\
max-width:52rem;margin:1.5rem auto;padding:0 1rem;color:#1b1b1b;line-height:1.45}\
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:1.8rem;\
border-bottom:1px solid #ccc;padding-bottom:.2rem}\
.banner{border:2px solid #8a1c1c;background:#fdf1f1;padding:.6rem .8rem;margin:.8rem 0}\
.demo{border-color:#6b4e00;background:#fff6d6;font-weight:bold}\
.urgent{border:3px solid #b00000;background:#ffe9e9;padding:.6rem .8rem;font-weight:bold}\
.headline{font-size:1.25rem;font-weight:bold;margin:.4rem 0}\
.disclaimer{font-style:italic;color:#444}\
dl{display:grid;grid-template-columns:minmax(10rem,max-content) 1fr;gap:.25rem 1rem}\
dt{font-weight:bold}dd{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}\
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.3rem;\
text-align:left;vertical-align:top;overflow-wrap:anywhere}th{background:#f2f2f2}\
.draft{color:#6b4e00;font-size:.85em}.muted{color:#555}code{font-size:.85em}\
@media print{.banner,.urgent{break-inside:avoid}}";

/// Appends `s` with `&`, `<`, `>`, `"` and `'` escaped: safe in text and in quoted
/// attribute values.
pub(super) fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// The page under construction. It grows by copying into a larger buffer and wiping
/// the old one, so no partial copy of the page is left in freed memory.
struct Page<'a> {
    out: Zeroizing<String>,
    l: &'a Labels,
}

impl Page<'_> {
    fn reserve(&mut self, extra: usize) {
        if self.out.capacity() - self.out.len() < extra {
            let mut bigger = String::with_capacity((self.out.capacity() + extra) * 2);
            bigger.push_str(&self.out);
            self.out = Zeroizing::new(bigger);
        }
    }

    fn raw(&mut self, s: &str) {
        self.reserve(s.len());
        self.out.push_str(s);
    }

    fn text(&mut self, s: &str) {
        // An escaped character is at most six bytes (`&quot;`).
        self.reserve(s.len() * 6);
        escape_into(&mut self.out, s);
    }

    /// A content string: marked with its own language when it differs from the page's,
    /// and flagged when its translation is a draft.
    fn localized(&mut self, t: &Localized) {
        if t.language != self.l.language {
            self.raw("<span lang=\"");
            self.text(&t.language);
            self.raw("\">");
            self.text(&t.text);
            self.raw("</span>");
        } else {
            self.text(&t.text);
        }
        if t.needs_review {
            self.raw(" <span class=\"draft\">(");
            self.text(&self.l.draft);
            self.raw(")</span>");
        }
    }

    fn heading(&mut self, title: &str) {
        self.raw("<h2>");
        self.text(title);
        self.raw("</h2>\n");
    }

    /// One `<dt>`/`<dd>` pair with plain text.
    fn field(&mut self, name: &str, value: &str) {
        self.raw("<dt>");
        self.text(name);
        self.raw("</dt><dd>");
        self.text(value);
        self.raw("</dd>\n");
    }

    fn field_localized(&mut self, name: &str, value: &Localized) {
        self.raw("<dt>");
        self.text(name);
        self.raw("</dt><dd>");
        self.localized(value);
        self.raw("</dd>\n");
    }
}

fn time(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// An answer in words: option labels from the form, yes/no in the page's language.
fn answer_text(l: &Labels, form: Option<&Form>, question: &str, a: &Answer, lang: &str) -> String {
    let option = |id: &str| {
        form.and_then(|f| f.question(question))
            .and_then(|q| q.options.iter().find(|o| o.id == id))
            .map(|o| {
                form.map(|f| f.localize(&o.label, lang).text)
                    .unwrap_or_default()
            })
            .unwrap_or_else(|| id.to_string())
    };
    match a {
        Answer::Declined => l.declined.to_string(),
        Answer::YesNo(y) => l.yes_no(*y).to_string(),
        Answer::Choice(c) => option(c),
        Answer::Choices(cs) => cs.iter().map(|c| option(c)).collect::<Vec<_>>().join("; "),
        Answer::Text(t) => t.clone(),
        Answer::Integer(n) => n.to_string(),
        Answer::Date(d) => d.to_string(),
        Answer::Country(c) => c.clone(),
    }
}

/// Renders the summary of `case` with the headings `l`, the content in `language`.
pub(super) fn render(
    case: &Case,
    l: &Labels,
    language: &str,
    handoff_id: &str,
    at: DateTime<Utc>,
    demo: bool,
) -> Zeroizing<String> {
    let mut p = Page {
        out: Zeroizing::new(String::with_capacity(64 * 1024)),
        l,
    };
    let referral = case.referral_body();
    let consent = case.consent_body();

    p.raw("<!DOCTYPE html>\n<html lang=\"");
    p.text(l.language);
    p.raw("\">\n<head>\n<meta charset=\"utf-8\">\n");
    p.raw(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">\n",
    );
    p.raw("<meta name=\"referrer\" content=\"no-referrer\">\n");
    p.raw("<meta name=\"robots\" content=\"noindex, nofollow\">\n");
    p.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    p.raw("<title>");
    p.text(&l.title);
    p.raw("</title>\n<style>");
    p.raw(STYLE);
    p.raw("</style>\n</head>\n<body>\n<h1>");
    p.text(&l.title);
    p.raw("</h1>\n<p class=\"muted\">");
    p.text(&format!(
        "{} {} · {} {}",
        &l.made_at,
        time(at),
        &l.handoff_id,
        handoff_id
    ));
    p.raw("</p>\n");
    if demo {
        p.raw("<p class=\"banner demo\">");
        p.text(&l.demo);
        p.raw("</p>\n");
    }
    p.raw("<p class=\"banner\">");
    p.text(&l.confidential);
    p.raw("</p>\n");

    // The referral: what the partner is asked to do.
    p.heading(&l.referral);
    p.raw("<dl>\n");
    match &case.service {
        Some(e) => {
            let name = e.directory.localize(&e.service.name, language);
            let description = e.directory.localize(&e.service.description, language);
            p.raw("<dt>");
            p.text(&l.service);
            p.raw("</dt><dd><strong>");
            p.localized(&name);
            p.raw("</strong><br><span class=\"muted\">");
            p.localized(&description);
            p.raw("</span></dd>\n");
            match e.service.contact.as_ref().and_then(|c| c.phone.as_deref()) {
                Some(phone) => p.field(&l.contact, phone),
                None => {
                    let placeholder = e
                        .directory
                        .localize(&e.directory.texts.placeholder, language);
                    p.field_localized(&l.contact, &placeholder);
                }
            }
        }
        None => p.field(&l.service, &referral.service),
    }
    p.field(&l.service_id, &referral.service);
    p.field(&l.status, l.status(referral.status));
    if !referral.reason.trim().is_empty() {
        p.field(&l.reason, &referral.reason);
    }
    p.raw("</dl>\n");

    // The screening result, with its reasons.
    p.heading(&l.result);
    match (&case.assessment, case.interview_body()) {
        (Some(a), _) => {
            if a.urgent_safety {
                p.raw("<div class=\"urgent\"><p>");
                p.text(&l.urgent);
                p.raw("</p>");
                if let Some(steps) = &a.emergency {
                    p.raw("<p>");
                    p.localized(steps);
                    p.raw("</p>");
                }
                p.raw("</div>\n");
            }
            p.raw("<p class=\"headline\">");
            p.localized(&a.headline);
            p.raw("</p>\n<dl>\n");
            p.field(&l.level, a.level.as_str());
            p.raw("</dl>\n<h3>");
            p.text(&l.why);
            p.raw("</h3>\n<ol>\n");
            // The explanation ends with the disclaimer, shown once below it.
            for line in a.explanation.iter().filter(|l| l.text != a.disclaimer.text) {
                p.raw("<li>");
                p.localized(line);
                p.raw("</li>\n");
            }
            p.raw("</ol>\n<p class=\"disclaimer\">");
            p.localized(&a.disclaimer);
            p.raw("</p>\n");
        }
        (None, Some(_)) => {
            p.raw("<p>");
            p.text(&l.not_scored);
            p.raw("</p>\n");
        }
        (None, None) => {
            p.raw("<p>");
            p.text(&l.no_interview);
            p.raw("</p>\n");
        }
    }

    // The consent the handoff runs under.
    p.heading(&l.consent);
    p.raw("<dl>\n");
    p.field(
        &l.consent_state,
        match consent.state {
            ConsentState::Given => &l.given,
            ConsentState::Withdrawn => &l.withdrawn,
        },
    );
    let scopes: Vec<&str> = consent.scopes.iter().map(|s| l.scope(*s)).collect();
    p.field(&l.scopes, &scopes.join(", "));
    if !consent.services.is_empty() {
        p.field(&l.services_named, &consent.services.join(", "));
    }
    p.field(&l.recorded_by, &consent.recorded_by);
    p.field(&l.recorded_at, &time(consent.at));
    p.raw("</dl>\n");

    // The person, as little as was recorded.
    p.heading(&l.person);
    match case.subject_body() {
        None => {
            p.raw("<p>");
            p.text(&l.anonymous);
            p.raw("</p>\n");
        }
        Some(s) => {
            let or_none = |v: Option<&str>| v.unwrap_or(&l.not_recorded).to_string();
            p.raw("<dl>\n");
            p.field(&l.alias, &s.alias);
            p.field(&l.age, &or_none(s.age_band.map(|a| l.age(a))));
            p.field(&l.gender, &or_none(s.gender.map(|g| l.gender(g))));
            p.field(&l.nationality, &or_none(s.nationality.as_deref()));
            if !s.languages.is_empty() {
                p.field(&l.languages, &s.languages.join(", "));
            }
            p.field(
                &l.contact_preference,
                &or_none(s.contact_preference.map(|c| l.contact(c))),
            );
            p.raw("</dl>\n");
        }
    }

    // The answers, in the form's order, with the form's question texts.
    if let Some(i) = case.interview_body() {
        p.heading(&l.answers);
        p.raw("<dl>\n");
        p.field(&l.interview_language, &i.language);
        p.field(&l.started, &time(i.started_at));
        if let Some(f) = i.finished_at {
            p.field(&l.finished, &time(f));
        }
        p.raw("</dl>\n");
        if !i.answers.is_empty() {
            let form = case.form.as_deref();
            let mut ordered: Vec<(&String, &Answer)> = i.answers.iter().collect();
            ordered.sort_by_key(|(q, _)| form.and_then(|f| f.position(q)).unwrap_or(usize::MAX));
            p.raw("<table>\n<tr><th>");
            p.text(&l.question);
            p.raw("</th><th>");
            p.text(&l.answer);
            p.raw("</th></tr>\n");
            for (q, a) in ordered {
                p.raw("<tr><td>");
                match form.and_then(|f| f.question(q).map(|x| f.localize(&x.label, language))) {
                    Some(label) => p.localized(&label),
                    None => {
                        p.raw("<code>");
                        p.text(q);
                        p.raw("</code>");
                    }
                }
                p.raw("</td><td>");
                p.text(&answer_text(l, form, q, a, language));
                p.raw("</td></tr>\n");
            }
            p.raw("</table>\n");
        }
    }

    // Where everything came from.
    p.heading(&l.about);
    p.raw("<p>");
    p.text(&l.about_text);
    p.raw("</p>\n<dl>\n");
    p.field(&l.handoff_id, handoff_id);
    let ids: Vec<String> = case
        .records()
        .iter()
        .map(|r| format!("{}: {}", r.kind, r.id))
        .collect();
    p.field(&l.record_ids, &ids.join("\n"));
    if let Some(i) = case.interview_body() {
        p.field(
            &l.form,
            &format!("{} {} ({})", i.form_id, i.form_version, i.form_hash),
        );
        if let Some(s) = &i.assessment {
            p.field(
                &l.rule_set,
                &format!(
                    "{} {} ({})",
                    s.rule_set_id, s.rule_set_version, s.rule_set_hash
                ),
            );
        }
    }
    if let Some(e) = &case.service {
        let d = &e.directory;
        p.field(
            &l.directory,
            &format!("{} {} ({})", d.id, d.version, d.hash),
        );
    }
    p.raw("</dl>\n</body>\n</html>\n");
    p.out
}
