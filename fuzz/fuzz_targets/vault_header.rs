//! Vault headers: a real vault whose header file (`senim.hdr`, ADR 0033: what is read
//! before unlock, 256 bytes of fixed layout) has fuzzer-chosen bytes, then
//! `Vault::inspect`, `Vault::open`, `info` and (when the KDF parameters are cheap)
//! `unlock`, which reads the header file again and applies the failed-attempt delay.
//!
//! A template vault (fast test KDF, passcode `PASSCODE`) is created once; each run copies
//! its files to a per-process directory in /dev/shm (or the temp dir),
//! `senim-fuzz-vault-header-*`, edits the header file's bytes as the input says and opens
//! it. Edits are relative to the template's own header (whose ids, salt and key slot are
//! random), so an input means the same edit whatever template a run made. libFuzzer exits
//! without removing that directory: `rm -r /dev/shm/senim-fuzz-vault-header-*` after
//! fuzzing.
//!
//! Input: a flags byte, then pairs of bytes until the input ends.
//! - flags: bit 0 applies the edits to the decoy's header file too (`senim-2.hdr`, read
//!   by unlock); bit 1 unlocks with a wrong passcode first; bit 2 unlocks with the right
//!   passcode; bit 3 makes the file's checksum anew after the edits (so the fields
//!   themselves are checked, as after an edit by someone who knows the layout); bit 4
//!   removes the header file; bit 5 cuts the file to as many bytes as the pairs' count.
//! - pair `(at, value)`: the byte at offset `at` (0-255, every byte of the file) becomes
//!   `value`.
#![no_main]
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use senim_vault::testing::{Db, HEADER_FILE_LEN, decode_header, header_path, with_checksum};
use senim_vault::{CreateOptions, KdfParams, Vault};

const PASSCODE: &[u8] = b"fuzz passcode 1";

/// The template vault's files, and the directory runs use.
struct Setup {
    files: Vec<(std::ffi::OsString, Vec<u8>)>,
    run_dir: PathBuf,
    _keep: tempfile::TempDir,
}

static SETUP: LazyLock<Setup> = LazyLock::new(|| {
    // libFuzzer exits without dropping statics, so the directory stays behind (a few
    // hundred KB per fuzzing process): named so it can be found and removed.
    let shm = Path::new("/dev/shm");
    let parent = if shm.is_dir() {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    };
    let base = tempfile::Builder::new()
        .prefix("senim-fuzz-vault-header-")
        .tempdir_in(parent)
        .unwrap();
    let template = base.path().join("template");
    let mut vault = Vault::create(
        &template,
        PASSCODE,
        CreateOptions::insecure_fast_for_tests(),
    )
    .unwrap();
    vault.lock().unwrap();
    drop(vault);
    // The template still opens and unlocks; locked again, its logs are folded in.
    let mut vault = Vault::open(&template, None).unwrap();
    vault.unlock(PASSCODE).unwrap();
    vault.lock().unwrap();
    drop(vault);
    let files = std::fs::read_dir(&template)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (e.file_name(), std::fs::read(e.path()).unwrap())
        })
        .collect();
    Setup {
        files,
        run_dir: base.path().join("run"),
        _keep: base,
    }
});

/// Applies the input's edits to the header file at `path`.
fn apply(path: &Path, flags: u8, pairs: &[u8]) {
    if flags & 16 != 0 {
        let _ = std::fs::remove_file(path);
        return;
    }
    let mut bytes = std::fs::read(path).unwrap();
    for pair in pairs.chunks_exact(2) {
        if let Some(b) = bytes.get_mut(usize::from(pair[0])) {
            *b = pair[1];
        }
    }
    if flags & 8 != 0
        && let Ok(full) = <[u8; HEADER_FILE_LEN]>::try_from(bytes.as_slice())
    {
        bytes = with_checksum(full).to_vec();
    }
    if flags & 32 != 0 {
        bytes.truncate(pairs.len() / 2);
    }
    std::fs::write(path, bytes).unwrap();
}

/// Whether unlocking would run Argon2 with real (slow) parameters: the header file
/// decodes, and its parameters pass `KdfParams::check` and are not the test ones.
fn expensive_kdf(path: &Path) -> bool {
    std::fs::read(path)
        .ok()
        .and_then(|bytes| decode_header(&bytes).ok())
        .is_some_and(|h| h.kdf != KdfParams::INSECURE_FAST_FOR_TESTS && h.kdf.check().is_ok())
}

fuzz_target!(|data: &[u8]| {
    let setup = &*SETUP;
    let dir = &setup.run_dir;
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    for (name, bytes) in &setup.files {
        std::fs::write(dir.join(name), bytes).unwrap();
    }

    let (flags, pairs) = data.split_first().map_or((0, &[][..]), |(f, o)| (*f, o));
    let real = header_path(dir, Db::Real);
    apply(&real, flags, pairs);
    if flags & 1 != 0 {
        apply(&header_path(dir, Db::Decoy), flags, pairs);
    }
    let unlock = flags & 6 != 0 && !expensive_kdf(&real);

    let _ = Vault::inspect(dir);
    if let Ok(mut vault) = Vault::open(dir, None) {
        let _ = vault.info();
        let _ = vault.vault_id();
        let _ = vault.is_demo();
        if unlock {
            if flags & 2 != 0 {
                let _ = vault.unlock(b"not the passcode");
            }
            if flags & 4 != 0 && vault.unlock(PASSCODE).is_ok() {
                let _ = vault.info();
                let _ = vault.lock();
            }
        }
    }
});
