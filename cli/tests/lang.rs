//! The language `senim` speaks: `--lang` before the command, `SENIM_LANG`, the system's
//! locale; Russian and Kazakh messages and help; `--json` the same in every language.

mod common;

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

    let out = run(&ws, &["--lang", "ru", "vault", "init"], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.starts_with("создано хранилище "), "{said}");
    assert!(said.contains("надёжность кода доступа: "), "{said}");

    let out = run(&ws, &["--lang=ru", "records", "list"], &[]);
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
