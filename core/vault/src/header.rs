//! The vault header: the one row that says how to turn a passcode into the master key
//! (KDF parameters, salt, whether the device key store takes part, the wrapped master
//! key) and how many unlock attempts have failed.

use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, params};

use crate::clock::BootTime;
use crate::kdf::{KdfParams, SALT_LEN};
use crate::{Error, Result};
use senim_crypto::{self as crypto, SecretKey};
use senim_records::hex;

/// Format of the vault as a whole (header layout, key hierarchy, record sealing).
pub const VAULT_FORMAT: u32 = 1;

#[derive(Clone, Debug)]
pub(crate) struct Header {
    pub format: u32,
    pub vault_id: [u8; 16],
    pub device_id: [u8; 16],
    pub kdf: KdfParams,
    pub salt: [u8; SALT_LEN],
    pub uses_keystore: bool,
    pub wrapped_master: Vec<u8>,
    pub failed_attempts: u32,
    pub last_failure_at: Option<i64>,
}

fn corrupt(what: &'static str) -> Error {
    Error::CorruptHeader(what)
}

impl Header {
    pub(crate) fn read(conn: &Connection) -> Result<Header> {
        type Row = (
            u32,
            Vec<u8>,
            Vec<u8>,
            u32,
            u32,
            u32,
            Vec<u8>,
            bool,
            Vec<u8>,
            u32,
            Option<i64>,
        );
        let row: Option<Row> = conn
            .query_row(
                "SELECT format, vault_id, device_id, kdf_m_kib, kdf_t, kdf_p, salt, uses_keystore,
                        wrapped_master, failed_attempts, last_failure_at
                 FROM header WHERE id = 1",
                [],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                        r.get(7)?,
                        r.get(8)?,
                        r.get(9)?,
                        r.get(10)?,
                    ))
                },
            )
            .optional()
            .map_err(|e| match Error::from(e) {
                Error::Storage(_) => corrupt("fields are missing or have the wrong type"),
                other => other,
            })?;
        let (
            format,
            vault_id,
            device_id,
            m,
            t,
            p,
            salt,
            uses_keystore,
            wrapped_master,
            failed,
            last,
        ) = row.ok_or(corrupt("the header row is missing"))?;
        if format > VAULT_FORMAT {
            return Err(Error::UnsupportedFormat {
                found: format,
                supported: VAULT_FORMAT,
            });
        }
        let h = Header {
            format,
            vault_id: vault_id
                .try_into()
                .map_err(|_| corrupt("vault id has the wrong length"))?,
            device_id: device_id
                .try_into()
                .map_err(|_| corrupt("device id has the wrong length"))?,
            kdf: KdfParams {
                m_cost_kib: m,
                t_cost: t,
                p_cost: p,
            },
            salt: salt
                .try_into()
                .map_err(|_| corrupt("salt has the wrong length"))?,
            uses_keystore,
            wrapped_master,
            failed_attempts: failed,
            last_failure_at: last,
        };
        h.kdf
            .check()
            .map_err(|_| corrupt("key derivation parameters are out of range"))?;
        Ok(h)
    }

    pub(crate) fn insert(&self, conn: &Connection) -> Result<()> {
        conn.execute(
            "INSERT INTO header (id, format, vault_id, device_id, kdf_m_kib, kdf_t, kdf_p, salt,
                                 uses_keystore, wrapped_master, failed_attempts, last_failure_at)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0, NULL)",
            params![
                self.format,
                self.vault_id.to_vec(),
                self.device_id.to_vec(),
                self.kdf.m_cost_kib,
                self.kdf.t_cost,
                self.kdf.p_cost,
                self.salt.to_vec(),
                self.uses_keystore,
                self.wrapped_master,
            ],
        )?;
        Ok(())
    }

    /// Rewrites the passcode-dependent fields (change of passcode).
    pub(crate) fn update_wrapping(&self, conn: &Connection) -> Result<()> {
        conn.execute(
            "UPDATE header SET kdf_m_kib = ?1, kdf_t = ?2, kdf_p = ?3, salt = ?4, wrapped_master = ?5
             WHERE id = 1",
            params![
                self.kdf.m_cost_kib,
                self.kdf.t_cost,
                self.kdf.p_cost,
                self.salt.to_vec(),
                self.wrapped_master
            ],
        )?;
        Ok(())
    }

    /// When, on the boot clock, the last failed attempt was counted; `None` when it was
    /// counted before this clock existed or the fields are not a reading.
    pub(crate) fn failure_clock(conn: &Connection) -> Result<Option<BootTime>> {
        use rusqlite::types::Value;
        let row: (Value, Value) = conn.query_row(
            "SELECT last_failure_boot, last_failure_since_boot_ms FROM header WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        // Whatever the file holds: anything but a reading restarts the wait.
        Ok(match row {
            (Value::Blob(boot), Value::Integer(ms)) => {
                match (<[u8; 16]>::try_from(boot), u64::try_from(ms)) {
                    (Ok(boot), Ok(since_boot_ms)) => Some(BootTime {
                        boot,
                        since_boot_ms,
                    }),
                    _ => None,
                }
            }
            _ => None,
        })
    }

    /// Associated data of the wrapped master key: everything that decides how it was
    /// wrapped, so no field can be swapped or downgraded without failing the unwrap.
    pub(crate) fn master_aad(&self) -> Vec<u8> {
        crypto::aad(&[
            b"senim/v1/master",
            &self.format.to_be_bytes(),
            &self.vault_id,
            &self.device_id,
            &self.kdf.m_cost_kib.to_be_bytes(),
            &self.kdf.t_cost.to_be_bytes(),
            &self.kdf.p_cost.to_be_bytes(),
            &self.salt,
            &[u8::from(self.uses_keystore)],
        ])
    }

    /// The key store label of this vault's device secret.
    pub(crate) fn keystore_label(&self) -> String {
        format!("senim-vault-{}", hex(&self.vault_id))
    }

    /// Wrapping key = HKDF(KEK ‖ device secret), both mixed in when a key store is used.
    pub(crate) fn wrapping_key(&self, kek: &SecretKey, device_secret: Option<&[u8]>) -> SecretKey {
        let mut ikm = zeroize::Zeroizing::new(kek.expose().to_vec());
        if let Some(s) = device_secret {
            ikm.extend_from_slice(s);
        }
        crypto::derive_key(&self.vault_id, &ikm, &[b"senim/v1/wrapping-key"])
    }
}

/// How long unlocking is paused after `failures` consecutive failed attempts.
pub fn unlock_delay(failures: u32) -> Duration {
    Duration::from_secs(match failures {
        0..=2 => 0,
        3 => 5,
        4 => 15,
        5 => 30,
        6 => 60,
        7 => 5 * 60,
        8 => 15 * 60,
        _ => 60 * 60,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delay_grows_with_failures_and_is_capped() {
        assert_eq!(unlock_delay(2), Duration::ZERO);
        let mut prev = Duration::ZERO;
        for f in 3..12 {
            assert!(unlock_delay(f) >= prev);
            prev = unlock_delay(f);
        }
        assert!(unlock_delay(3) > Duration::ZERO);
        assert_eq!(unlock_delay(u32::MAX), Duration::from_secs(3600));
    }
}
