//! The partner's readable summary: one self-contained HTML page in the partner's
//! language, which any browser opens from a file.
//!
//! Owns the page's wording (headings in English and Russian) and layout. It must stay
//! self-contained and inert: no external resource, no script, a Content-Security-Policy
//! that forbids both, and every string that comes from a record or from content escaped
//! (an alias like `<script>` shows as text).

use chrono::{DateTime, Utc};
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
    title: &'static str,
    demo: &'static str,
    confidential: &'static str,
    referral: &'static str,
    service: &'static str,
    service_id: &'static str,
    contact: &'static str,
    status: &'static str,
    reason: &'static str,
    result: &'static str,
    urgent: &'static str,
    level: &'static str,
    why: &'static str,
    not_scored: &'static str,
    no_interview: &'static str,
    consent: &'static str,
    consent_state: &'static str,
    scopes: &'static str,
    services_named: &'static str,
    recorded_by: &'static str,
    recorded_at: &'static str,
    person: &'static str,
    anonymous: &'static str,
    alias: &'static str,
    age: &'static str,
    gender: &'static str,
    nationality: &'static str,
    languages: &'static str,
    contact_preference: &'static str,
    answers: &'static str,
    question: &'static str,
    answer: &'static str,
    interview_language: &'static str,
    started: &'static str,
    finished: &'static str,
    about: &'static str,
    about_text: &'static str,
    handoff_id: &'static str,
    made_at: &'static str,
    record_ids: &'static str,
    form: &'static str,
    rule_set: &'static str,
    directory: &'static str,
    draft: &'static str,
    not_recorded: &'static str,
    yes: &'static str,
    no: &'static str,
    unknown: &'static str,
    declined: &'static str,
    scope_screening: &'static str,
    scope_referral: &'static str,
    scope_sharing: &'static str,
    given: &'static str,
    withdrawn: &'static str,
    status_proposed: &'static str,
    status_accepted: &'static str,
    status_declined: &'static str,
    status_completed: &'static str,
    status_cancelled: &'static str,
    age_under_18: &'static str,
    age_unknown: &'static str,
    female: &'static str,
    male: &'static str,
    other: &'static str,
    not_stated: &'static str,
    in_person: &'static str,
    phone: &'static str,
    messenger: &'static str,
    third_party: &'static str,
    no_contact: &'static str,
}

const EN: Labels = Labels {
    language: "en",
    title: "Referral case file",
    demo: "TRAINING DATA: this case is fictional, made by a Senim demo vault.",
    confidential: "Confidential. This file holds personal data that the person agreed to share for this referral. Do not forward, print or copy it, or keep it unencrypted longer than you need it; delete it when the referral is closed.",
    referral: "Referral",
    service: "Service",
    service_id: "Service id",
    contact: "Contact",
    status: "Status",
    reason: "Reason given by the worker",
    result: "Screening result",
    urgent: "Immediate danger was signalled during the interview",
    level: "Level",
    why: "How the result was reached",
    not_scored: "The interview was not finished: there is no screening result.",
    no_interview: "No interview record was found for this referral.",
    consent: "Consent",
    consent_state: "State",
    scopes: "The person agreed to",
    services_named: "Services named by the person",
    recorded_by: "Recorded by",
    recorded_at: "Recorded at",
    person: "Person",
    anonymous: "Anonymous: no person record is kept for this referral.",
    alias: "Alias (not a real name)",
    age: "Age",
    gender: "Gender",
    nationality: "Nationality",
    languages: "Languages",
    contact_preference: "How to contact",
    answers: "Interview answers",
    question: "Question",
    answer: "Answer",
    interview_language: "Interview language",
    started: "Started",
    finished: "Finished",
    about: "About this file",
    about_text: "Made with Senim. The same records, machine-readable, are in records.json beside this page.",
    handoff_id: "Handoff id",
    made_at: "Made at",
    record_ids: "Record ids",
    form: "Form",
    rule_set: "Rule set",
    directory: "Services directory",
    draft: "draft translation, not yet checked",
    not_recorded: "not recorded",
    yes: "yes",
    no: "no",
    unknown: "does not know",
    declined: "declined to answer",
    scope_screening: "screening",
    scope_referral: "referral to services",
    scope_sharing: "sharing beyond the team",
    given: "given",
    withdrawn: "withdrawn",
    status_proposed: "proposed",
    status_accepted: "accepted",
    status_declined: "declined",
    status_completed: "completed",
    status_cancelled: "cancelled",
    age_under_18: "under 18",
    age_unknown: "unknown",
    female: "female",
    male: "male",
    other: "other",
    not_stated: "not stated",
    in_person: "in person",
    phone: "by phone",
    messenger: "by messenger",
    third_party: "through a third person",
    no_contact: "no contact",
};

const RU: Labels = Labels {
    language: "ru",
    title: "Материалы направления",
    demo: "УЧЕБНЫЕ ДАННЫЕ: этот случай вымышлен, он создан демонстрационным хранилищем Senim.",
    confidential: "Конфиденциально. В файле персональные данные, которые человек согласился передать для этого направления. Не пересылайте, не печатайте и не копируйте его и не храните без шифрования дольше, чем нужно; удалите его, когда направление закрыто.",
    referral: "Направление",
    service: "Служба",
    service_id: "Идентификатор службы",
    contact: "Контакт",
    status: "Статус",
    reason: "Причина (со слов сотрудника)",
    result: "Результат скрининга",
    urgent: "Во время интервью была отмечена непосредственная опасность",
    level: "Уровень",
    why: "Как получен результат",
    not_scored: "Интервью не завершено: результата скрининга нет.",
    no_interview: "Запись интервью для этого направления не найдена.",
    consent: "Согласие",
    consent_state: "Состояние",
    scopes: "Человек согласился на",
    services_named: "Службы, названные человеком",
    recorded_by: "Записал(а)",
    recorded_at: "Когда записано",
    person: "Человек",
    anonymous: "Анонимно: запись о человеке для этого направления не ведётся.",
    alias: "Условное имя (не настоящее)",
    age: "Возраст",
    gender: "Пол",
    nationality: "Гражданство",
    languages: "Языки",
    contact_preference: "Как связаться",
    answers: "Ответы интервью",
    question: "Вопрос",
    answer: "Ответ",
    interview_language: "Язык интервью",
    started: "Начато",
    finished: "Завершено",
    about: "Об этом файле",
    about_text: "Создано в Senim. Те же записи в машиночитаемом виде находятся в файле records.json рядом с этой страницей.",
    handoff_id: "Идентификатор передачи",
    made_at: "Создано",
    record_ids: "Идентификаторы записей",
    form: "Форма",
    rule_set: "Набор правил",
    directory: "Справочник служб",
    draft: "черновой перевод, ещё не проверен",
    not_recorded: "не записано",
    yes: "да",
    no: "нет",
    unknown: "не знает",
    declined: "отказ от ответа",
    scope_screening: "скрининг",
    scope_referral: "направление в службы",
    scope_sharing: "передачу данных за пределы команды",
    given: "дано",
    withdrawn: "отозвано",
    status_proposed: "предложено",
    status_accepted: "принято",
    status_declined: "отклонено",
    status_completed: "завершено",
    status_cancelled: "отменено",
    age_under_18: "младше 18",
    age_unknown: "неизвестно",
    female: "женский",
    male: "мужской",
    other: "другой",
    not_stated: "не указан",
    in_person: "лично",
    phone: "по телефону",
    messenger: "через мессенджер",
    third_party: "через третье лицо",
    no_contact: "не связываться",
};

impl Labels {
    /// The headings for `language`: Russian for Russian and the languages whose
    /// content falls back to Russian (Kazakh, Uzbek, Kyrgyz, Tajik), English otherwise.
    pub(super) fn for_language(language: &str) -> &'static Labels {
        match language {
            "ru" | "kk" | "uz" | "ky" | "tg" => &RU,
            _ => &EN,
        }
    }

    fn scope(&self, s: ConsentScope) -> &'static str {
        match s {
            ConsentScope::Screening => self.scope_screening,
            ConsentScope::Referral => self.scope_referral,
            ConsentScope::Sharing => self.scope_sharing,
        }
    }

    fn status(&self, s: ReferralStatus) -> &'static str {
        match s {
            ReferralStatus::Proposed => self.status_proposed,
            ReferralStatus::Accepted => self.status_accepted,
            ReferralStatus::Declined => self.status_declined,
            ReferralStatus::Completed => self.status_completed,
            ReferralStatus::Cancelled => self.status_cancelled,
        }
    }

    fn age(&self, a: AgeBand) -> &'static str {
        match a {
            AgeBand::Under18 => self.age_under_18,
            AgeBand::From18To24 => "18–24",
            AgeBand::From25To34 => "25–34",
            AgeBand::From35To44 => "35–44",
            AgeBand::From45To54 => "45–54",
            AgeBand::From55 => "55+",
            AgeBand::Unknown => self.age_unknown,
        }
    }

    fn gender(&self, g: Gender) -> &'static str {
        match g {
            Gender::Female => self.female,
            Gender::Male => self.male,
            Gender::Other => self.other,
            Gender::NotStated => self.not_stated,
        }
    }

    fn contact(&self, c: ContactPreference) -> &'static str {
        match c {
            ContactPreference::InPerson => self.in_person,
            ContactPreference::Phone => self.phone,
            ContactPreference::Messenger => self.messenger,
            ContactPreference::Through3rdParty => self.third_party,
            ContactPreference::NoContact => self.no_contact,
        }
    }

    fn yes_no(&self, y: YesNo) -> &'static str {
        match y {
            YesNo::Yes => self.yes,
            YesNo::No => self.no,
            YesNo::Unknown => self.unknown,
            YesNo::Declined => self.declined,
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
            self.text(self.l.draft);
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
    p.text(l.title);
    p.raw("</title>\n<style>");
    p.raw(STYLE);
    p.raw("</style>\n</head>\n<body>\n<h1>");
    p.text(l.title);
    p.raw("</h1>\n<p class=\"muted\">");
    p.text(&format!(
        "{} {} · {} {}",
        l.made_at,
        time(at),
        l.handoff_id,
        handoff_id
    ));
    p.raw("</p>\n");
    if demo {
        p.raw("<p class=\"banner demo\">");
        p.text(l.demo);
        p.raw("</p>\n");
    }
    p.raw("<p class=\"banner\">");
    p.text(l.confidential);
    p.raw("</p>\n");

    // The referral: what the partner is asked to do.
    p.heading(l.referral);
    p.raw("<dl>\n");
    match &case.service {
        Some(e) => {
            let name = e.directory.localize(&e.service.name, language);
            let description = e.directory.localize(&e.service.description, language);
            p.raw("<dt>");
            p.text(l.service);
            p.raw("</dt><dd><strong>");
            p.localized(&name);
            p.raw("</strong><br><span class=\"muted\">");
            p.localized(&description);
            p.raw("</span></dd>\n");
            match e.service.contact.as_ref().and_then(|c| c.phone.as_deref()) {
                Some(phone) => p.field(l.contact, phone),
                None => {
                    let placeholder = e
                        .directory
                        .localize(&e.directory.texts.placeholder, language);
                    p.field_localized(l.contact, &placeholder);
                }
            }
        }
        None => p.field(l.service, &referral.service),
    }
    p.field(l.service_id, &referral.service);
    p.field(l.status, l.status(referral.status));
    if !referral.reason.trim().is_empty() {
        p.field(l.reason, &referral.reason);
    }
    p.raw("</dl>\n");

    // The screening result, with its reasons.
    p.heading(l.result);
    match (&case.assessment, case.interview_body()) {
        (Some(a), _) => {
            if a.urgent_safety {
                p.raw("<div class=\"urgent\"><p>");
                p.text(l.urgent);
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
            p.field(l.level, a.level.as_str());
            p.raw("</dl>\n<h3>");
            p.text(l.why);
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
            p.text(l.not_scored);
            p.raw("</p>\n");
        }
        (None, None) => {
            p.raw("<p>");
            p.text(l.no_interview);
            p.raw("</p>\n");
        }
    }

    // The consent the handoff runs under.
    p.heading(l.consent);
    p.raw("<dl>\n");
    p.field(
        l.consent_state,
        match consent.state {
            ConsentState::Given => l.given,
            ConsentState::Withdrawn => l.withdrawn,
        },
    );
    let scopes: Vec<&str> = consent.scopes.iter().map(|s| l.scope(*s)).collect();
    p.field(l.scopes, &scopes.join(", "));
    if !consent.services.is_empty() {
        p.field(l.services_named, &consent.services.join(", "));
    }
    p.field(l.recorded_by, &consent.recorded_by);
    p.field(l.recorded_at, &time(consent.at));
    p.raw("</dl>\n");

    // The person, as little as was recorded.
    p.heading(l.person);
    match case.subject_body() {
        None => {
            p.raw("<p>");
            p.text(l.anonymous);
            p.raw("</p>\n");
        }
        Some(s) => {
            let or_none = |v: Option<&str>| v.unwrap_or(l.not_recorded).to_string();
            p.raw("<dl>\n");
            p.field(l.alias, &s.alias);
            p.field(l.age, &or_none(s.age_band.map(|a| l.age(a))));
            p.field(l.gender, &or_none(s.gender.map(|g| l.gender(g))));
            p.field(l.nationality, &or_none(s.nationality.as_deref()));
            if !s.languages.is_empty() {
                p.field(l.languages, &s.languages.join(", "));
            }
            p.field(
                l.contact_preference,
                &or_none(s.contact_preference.map(|c| l.contact(c))),
            );
            p.raw("</dl>\n");
        }
    }

    // The answers, in the form's order, with the form's question texts.
    if let Some(i) = case.interview_body() {
        p.heading(l.answers);
        p.raw("<dl>\n");
        p.field(l.interview_language, &i.language);
        p.field(l.started, &time(i.started_at));
        if let Some(f) = i.finished_at {
            p.field(l.finished, &time(f));
        }
        p.raw("</dl>\n");
        if !i.answers.is_empty() {
            let form = case.form.as_deref();
            let mut ordered: Vec<(&String, &Answer)> = i.answers.iter().collect();
            ordered.sort_by_key(|(q, _)| form.and_then(|f| f.position(q)).unwrap_or(usize::MAX));
            p.raw("<table>\n<tr><th>");
            p.text(l.question);
            p.raw("</th><th>");
            p.text(l.answer);
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
    p.heading(l.about);
    p.raw("<p>");
    p.text(l.about_text);
    p.raw("</p>\n<dl>\n");
    p.field(l.handoff_id, handoff_id);
    let ids: Vec<String> = case
        .records()
        .iter()
        .map(|r| format!("{}: {}", r.kind, r.id))
        .collect();
    p.field(l.record_ids, &ids.join("\n"));
    if let Some(i) = case.interview_body() {
        p.field(
            l.form,
            &format!("{} {} ({})", i.form_id, i.form_version, i.form_hash),
        );
        if let Some(s) = &i.assessment {
            p.field(
                l.rule_set,
                &format!(
                    "{} {} ({})",
                    s.rule_set_id, s.rule_set_version, s.rule_set_hash
                ),
            );
        }
    }
    if let Some(e) = &case.service {
        let d = &e.directory;
        p.field(l.directory, &format!("{} {} ({})", d.id, d.version, d.hash));
    }
    p.raw("</dl>\n</body>\n</html>\n");
    p.out
}
