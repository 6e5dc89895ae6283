//! The language `senim` speaks: `--lang` before the command, `SENIM_LANG`, the system's
//! locale; Russian and Kazakh messages and help; `--json` the same in every language.

use crate::common;

use std::process::{Command, Output};

use common::{PASSCODE, Workspace, stderr};

/// `senim <args>` in `ws` with `env` set on top of the helper's English.
fn run(ws: &Workspace, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd: Command = ws.command(args, Some(PASSCODE));
    cmd.env_remove("SENIM_LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8");
    for (name, value) in env {
        cmd.env(name, value);
    }
    cmd.output().expect("run senim")
}

#[test]
fn lang_ru_speaks_russian() {
    let ws = Workspace::empty();
    let out = run(&ws, &["--lang", "ru", "vault", "info"], &[]);
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "ошибка: хранилище по указанному пути не найдено\n"
    );

    // A passcode strong enough to be taken, with advice: the advice in Russian too.
    let passcode = [("SENIM_PASSCODE", "abcabc123x")];
    let out = run(&ws, &["--lang", "ru", "vault", "init"], &passcode);
    assert!(out.status.success(), "{}", stderr(&out));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.starts_with("создано хранилище "), "{said}");
    assert!(said.contains("надёжность кода доступа: 2 из 4"), "{said}");
    assert!(
        said.contains("совет: Повторы вроде «абвабв» угадать почти так же легко, как «абв»."),
        "{said}"
    );
    // The first line names the vault's id and path, which may hold any letters.
    let strength = said.lines().skip(1).collect::<Vec<_>>().join("\n");
    let left = english_left(&strength, &[]);
    assert!(left.is_empty(), "English left: {left:?} in\n{said}");

    let out = run(&ws, &["--lang=ru", "records", "list"], &passcode);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "записей нет\n");
}

#[test]
fn senim_lang_and_the_system_locale_choose_when_no_flag_does() {
    let ws = Workspace::empty();
    let out = run(&ws, &["vault", "info"], &[("SENIM_LANG", "kk")]);
    assert_eq!(out.status.code(), Some(4));
    assert_eq!(stderr(&out), "қате: көрсетілген жерде қойма табылмады\n");

    let out = run(&ws, &["vault", "info"], &[("LANG", "ru_RU.UTF-8")]);
    assert!(stderr(&out).starts_with("ошибка: "), "{}", stderr(&out));
    // LC_ALL wins over LANG; the flag over everything.
    let out = run(
        &ws,
        &["vault", "info"],
        &[("LANG", "ru_RU.UTF-8"), ("LC_ALL", "kk_KZ.UTF-8")],
    );
    assert!(stderr(&out).starts_with("қате: "), "{}", stderr(&out));
    let out = run(
        &ws,
        &["--lang", "en", "vault", "info"],
        &[("SENIM_LANG", "kk"), ("LC_ALL", "ru_RU.UTF-8")],
    );
    assert_eq!(
        stderr(&out),
        "error: no vault found at the given location\n"
    );
    // Uzbek is shown in Russian.
    let out = run(&ws, &["vault", "info"], &[("SENIM_LANG", "uz")]);
    assert!(stderr(&out).starts_with("ошибка: "), "{}", stderr(&out));
}

#[test]
fn an_unknown_language_is_refused_before_anything_runs() {
    let ws = Workspace::empty();
    let out = run(&ws, &["--lang", "de", "vault", "init"], &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.starts_with("error: unknown language “de” in --lang"),
        "{err}"
    );
    assert!(!ws.vault_dir().exists(), "nothing ran");
    // Said in the system's language.
    let out = run(
        &ws,
        &["vault", "info"],
        &[("SENIM_LANG", "xx"), ("LANG", "ru_RU.UTF-8")],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("ошибка: неизвестный язык «xx» в SENIM_LANG"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_help_is_in_the_language() {
    let ws = Workspace::empty();
    let out = run(&ws, &["--lang", "ru", "--help"], &[]);
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("Команды:"), "{help}");
    assert!(help.contains("Использование:"), "{help}");
    assert!(help.contains("Создать, проверить"), "{help}");
    assert!(!help.contains("Create, inspect"), "{help}");

    let out = run(&ws, &["--lang", "kk", "vault", "--help"], &[]);
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("Пәрмендер:"), "{help}");
    assert!(help.contains("Жалпы параметрлер:"), "{help}");

    // A command's own options, with what clap adds after them, in the language.
    let out = run(&ws, &["--lang", "ru", "demo", "--help"], &[]);
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(
        help.contains("Число аутрич-работников в демо-команде [по умолчанию: 3]"),
        "{help}"
    );
    assert!(!help.contains("[default:"), "{help}");
    assert!(!help.contains("Outreach workers"), "{help}");
    let out = run(&ws, &["--lang", "kk", "vault", "duress", "--help"], &[]);
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("[мүмкін мәндер: destroy, hide]"), "{help}");
}

#[test]
fn json_output_is_the_same_in_every_language() {
    let ws = Workspace::with_demo_vault();
    ws.add_note("Барахолка, утро", &["market"]);
    let json = |lang: &str| -> serde_json::Value {
        let out = run(&ws, &["--lang", lang, "--json", "records", "list"], &[]);
        assert!(out.status.success(), "{}", stderr(&out));
        serde_json::from_slice(&out.stdout).expect("JSON")
    };
    let en = json("en");
    assert_eq!(json("ru"), en);
    assert_eq!(json("kk"), en);
}

#[test]
fn an_interviews_own_lang_is_not_the_workers() {
    // `--lang` after the command is the form's language: the worker's words stay as
    // the system's locale says (English here), the form is shown in Russian.
    let ws = Workspace::empty();
    let out = run(
        &ws,
        &["forms", "show", "central_asia_screening", "--lang", "ru"],
        &[],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.chars().any(|c| ('а'..='я').contains(&c)), "{text}");
}

/// `senim --lang <lang> <args>` in `ws`, which must succeed: (stdout, stderr).
/// Runs `cmd` with `input` typed on its standard input; it must succeed. Returns what
/// it printed on its standard output and error.
fn typed(cmd: &mut Command, input: &[u8]) -> (String, String) {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run senim");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input)
        .expect("answers");
    let out = child.wait_with_output().expect("senim");
    assert!(out.status.success(), "{}", stderr(&out));
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr(&out),
    )
}

fn said(ws: &Workspace, lang: &str, args: &[&str]) -> (String, String) {
    let mut all = vec!["--lang", lang];
    all.extend_from_slice(args);
    let out = run(ws, &all, &[]);
    assert!(out.status.success(), "senim {all:?}: {}", stderr(&out));
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr(&out),
    )
}

#[test]
fn team_sync_and_notes_speak_russian_and_kazakh() {
    let hub = common::Hub::start();
    let ws = Workspace::with_vault();
    let (out, _) = said(
        &ws,
        "ru",
        &["team", "create", "--name", "Офис", "--hub", &hub.url],
    );
    assert!(out.starts_with("команда "), "{out}");
    assert!(out.contains(" создана; это устройство ("), "{out}");
    let (out, _) = said(&ws, "kk", &["team", "members"]);
    assert!(out.starts_with("ҚҰРЫЛҒЫ"), "{out}");
    assert!(out.contains("жетекші"), "{out}");

    let id = ws.add_note("Барахолка, утро", &[]);
    let (out, _) = said(
        &ws,
        "ru",
        &[
            "note",
            "edit",
            &id,
            "--text",
            "Барахолка, вечер",
            "--place",
            "ряд 7",
        ],
    );
    assert_eq!(out, "изменено: место, текст\n");
    let (out, _) = said(&ws, "ru", &["sync"]);
    assert!(out.starts_with("отправлено "), "{out}");
    assert!(
        out.contains(", получено 0 (объединено записей: 0)"),
        "{out}"
    );
    let (out, _) = said(&ws, "kk", &["sync"]);
    assert!(out.contains(" пакет жіберілді, "), "{out}");

    // A hub that cannot be reached: said from the core's typed error, not its English.
    drop(hub);
    let out = run(&ws, &["--lang", "ru", "sync"], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out).lines().last(),
        Some("ошибка: не удаётся связаться с хабом; ничего не потеряно: синхронизируйте позже")
    );

    // An error of the command's own making, in the language too.
    let lost = Workspace::with_demo_vault();
    let out = run(&lost, &["--lang", "ru", "sync"], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out).lines().last(),
        Some("ошибка: это хранилище не состоит в команде: senim team join WELCOME")
    );
}

#[test]
fn an_interview_speaks_the_workers_language_and_asks_in_the_forms() {
    // A demo vault: the cheapest key derivation, this test's cost being three unlocks.
    let ws = Workspace::with_demo_vault();
    // On the terminal: the worker's words in Russian, the consent script from the form
    // (in Kazakh here, the interview's own language), then a pause.
    let mut cmd = ws.command(
        &[
            "--lang",
            "ru",
            "interview",
            "run",
            "--form",
            "central_asia_screening",
            "--lang",
            "kk",
            "--anonymous",
        ],
        Some(PASSCODE),
    );
    let (text, err) = typed(&mut cmd, b"y\ny\nn\n:help\n:pause\n");
    for words in [
        "Прочитайте это человеку перед первым вопросом:",
        "Согласен ли человек на скрининг? [y — да / n — нет]",
        "Введите :help, чтобы увидеть команды.",
        "Ответьте на вопрос или введите:",
    ] {
        assert!(text.contains(words), "{words} not in {text}");
    }
    assert!(!text.contains("Does the person agree"), "{text}");
    assert!(
        text.contains('ә') || text.contains('ұ'),
        "the form speaks Kazakh: {text}"
    );
    assert!(err.contains("сохранено. Продолжить: senim interview resume "));

    // From an answers file: the result's frame in the worker's language (Kazakh), its
    // text in the interview's (Russian).
    let form: serde_json::Value = serde_json::from_slice(
        &run(
            &ws,
            &["--json", "forms", "show", "central_asia_screening"],
            &[],
        )
        .stdout,
    )
    .expect("form");
    let mut answers = serde_json::Map::new();
    for section in form["sections"].as_array().expect("sections") {
        for q in section["questions"].as_array().expect("questions") {
            let id = q["id"].as_str().expect("id").to_string();
            match q["type"].as_str() {
                Some("yes_no") => {
                    answers.insert(id, "yes".into());
                }
                Some("single_choice" | "multiple_choice") if q["required"] == true => {
                    answers.insert(id, q["options"][0]["id"].clone());
                }
                _ => {}
            }
        }
    }
    let file = ws.dir.path().join("answers.json");
    std::fs::write(&file, serde_json::Value::Object(answers).to_string()).expect("write");
    let (out, _) = said(
        &ws,
        "kk",
        &[
            "interview",
            "run",
            "--form",
            "central_asia_screening",
            "--lang",
            "ru",
            "--anonymous",
            "--consent",
            "screening",
            "--answers",
            file.to_str().expect("path"),
        ],
    );
    assert!(out.starts_with("сұхбат: "), "{out}");
    assert!(out.contains("\nдеңгей:"), "{out}");
    assert!(out.contains("ықтимал"), "{out}");
    assert!(out.contains("ӨЛШЕМ"), "{out}");
    assert!(!out.contains("\nlevel:"), "{out}");
}

#[test]
fn the_report_speaks_russian_and_kazakh_and_its_json_does_not_change() {
    let ws = Workspace::empty();
    said(
        &ws,
        "en",
        &["vault", "init", "--demo", "--records", "30", "--seed", "3"],
    );
    let csv = ws.dir.path().join("csv");
    let (out, _) = said(&ws, "ru", &["report", "--csv", csv.to_str().expect("path")]);
    assert!(out.starts_with("Отчёт: все записи, составлен "), "{out}");
    for words in [
        "Записи по видам",
        "ВИД",
        "человек",
        "Итого",
        "Оценённые интервью по уровням",
        "Записи по работникам",
        "записано 10 CSV-файлов в ",
    ] {
        assert!(out.contains(words), "{words} not in {out}");
    }
    assert!(!out.contains("Records by kind"), "{out}");
    let kinds = std::fs::read_to_string(csv.join("records_by_kind.csv")).expect("CSV");
    assert!(kinds.starts_with("Вид,Записи\n"), "{kinds}");
    let (out, _) = said(&ws, "kk", &["report"]);
    assert!(out.contains("Түрлері бойынша жазбалар"), "{out}");
    assert!(out.contains("Барлығы"), "{out}");

    let json = |lang: &str| -> serde_json::Value {
        let (out, _) = said(&ws, lang, &["--json", "report"]);
        let mut value: serde_json::Value = serde_json::from_str(&out).expect("JSON");
        value["generated_at"] = serde_json::Value::Null;
        value
    };
    let en = json("en");
    assert_eq!(en["tables"][0]["title"], "Records by kind");
    assert_eq!(json("ru"), en);
}

/// The ASCII words (three letters or more, lower case) of every English message of the
/// catalog: what an untranslated sentence would be made of.
fn english_words() -> std::collections::BTreeSet<String> {
    use senim_l10n::{Args, Catalog, Locale, Localizer};
    let english = Localizer::new(Locale::En).expect("English");
    let mut words = std::collections::BTreeSet::new();
    for shape in Catalog::builtin().expect("catalog").messages(Locale::En) {
        if !shape.has_value {
            continue;
        }
        let mut args = Args::new();
        for name in &shape.variables {
            args.set(name, 3);
        }
        let text = english.format(&shape.key, &args).expect("English text");
        for word in text.split(|c: char| !c.is_ascii_alphabetic()) {
            if word.len() >= 3 {
                words.insert(word.to_ascii_lowercase());
            }
        }
    }
    words
}

#[test]
fn a_russian_demo_leaves_no_english_sentence() {
    let ws = Workspace::empty();
    let (out, err) = said(&ws, "ru", &["demo", "--workers", "2", "--records", "20"]);
    let text = format!("{out}{err}");
    assert!(text.contains("Полевой день (демо, seed 1)"), "{text}");
    assert!(
        text.contains("Общая картина у руководителя: 40 из 40 записей"),
        "{text}"
    );
    // Names, commands and codes may stay in Latin letters: the call signs, the demo
    // passcode, the generator's seed (the --seed option).
    let left = english_left(&text, &["senim", "demo", "seed", "aigerim", "bakhyt"]);
    assert!(left.is_empty(), "English left: {left:?} in\n{text}");
}

/// The words of `text` that are words of the English catalog, but for `allowed`.
fn english_left(text: &str, allowed: &[&str]) -> Vec<String> {
    let english = english_words();
    assert!(english.len() > 500, "{}", english.len());
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 3)
        .map(str::to_ascii_lowercase)
        .filter(|w| english.contains(w) && !allowed.contains(&w.as_str()))
        .collect()
}

/// The bundled form with its question `origin_country` made a required number from 14
/// to 99 (version 1.0.1, under `--content`): an answer out of range.
fn form_with_a_range(ws: &Workspace) -> std::path::PathBuf {
    let bundled = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../core/content/forms/central-asia-screening.json"
    );
    let mut form: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(bundled).expect("form")).expect("json");
    form["version"] = "1.0.1".into();
    for section in form["sections"].as_array_mut().expect("sections") {
        for q in section["questions"].as_array_mut().expect("questions") {
            if q["id"] == "origin_country" {
                q["type"] = "integer".into();
                q["required"] = true.into();
                q["validation"] = serde_json::json!({ "min": 14, "max": 99 });
            }
        }
    }
    let content = ws.dir.path().join("content");
    std::fs::create_dir_all(content.join("forms")).expect("dir");
    std::fs::write(content.join("forms/range.json"), form.to_string()).expect("write");
    content
}

#[test]
fn an_answer_that_does_not_fit_is_refused_in_the_workers_language() {
    // A demo vault: the cheapest key derivation.
    let ws = Workspace::with_demo_vault();
    let content = form_with_a_range(&ws);
    let content = content.to_str().expect("path");
    let form = [
        "--content",
        content,
        "interview",
        "run",
        "--form",
        "central_asia_screening",
        "--form-version",
        "1.0.1",
        "--lang",
        "ru",
        "--anonymous",
    ];

    // From an answers file: the command fails naming the question and the range.
    let file = ws.dir.path().join("answers.json");
    let answers = r#"{"sector": "construction", "age_group": "age_18_24", "origin_country": 7}"#;
    std::fs::write(&file, answers).expect("write");
    let from_file = |lang: &str| {
        let mut args = vec!["--lang", lang];
        args.extend_from_slice(&form);
        args.extend_from_slice(&[
            "--consent",
            "screening",
            "--answers",
            file.to_str().expect("path"),
        ]);
        let out = run(&ws, &args, &[]);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        stderr(&out).lines().last().unwrap_or_default().to_string()
    };
    assert_eq!(
        from_file("ru"),
        "ошибка: вопрос 'origin_country': число должно быть от 14 до 99"
    );
    assert_eq!(
        from_file("kk"),
        "қате: 'origin_country' сұрағы: сан 14 мен 99 аралығында болуы керек"
    );
    assert_eq!(
        from_file("en"),
        "error: question 'origin_country': must be between 14 and 99"
    );

    // On the terminal: the answer out of range, a skip of the required question and a
    // language the form lacks are each refused in Russian, with no English word.
    let mut args = vec!["--lang", "ru"];
    args.extend_from_slice(&form);
    let (text, _) = typed(
        &mut ws.command(&args, Some(PASSCODE)),
        b"y\ny\nn\n1\n2\n7\n:skip\n:lang xx\n:pause\n",
    );
    for said in [
        "такой ответ не подходит к вопросу: число должно быть от 14 до 99",
        "Это обязательный вопрос, его нельзя пропустить",
        "анкета есть на языках: en, ru, kk",
    ] {
        assert!(text.contains(said), "{said} not in {text}");
    }
    // The form's own words are Russian content; the command's are the catalog's, but
    // for the commands typed (:help, senim interview resume).
    let left = english_left(&text, &["senim", "resume", "help"]);
    assert!(left.is_empty(), "English left: {left:?} in\n{text}");
}
