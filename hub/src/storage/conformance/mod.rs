//! The contract of [`HubStorage`], as tests any backend must pass: the SQLite backend
//! now, a PostgreSQL one later, so that the hub behaves the same over either.
//!
//! Owns one test function per behaviour the trait's documentation and `docs/hub.md`
//! promise, generic over a [`Backend`] (how the suite gets empty storages of the backend
//! under test), and [`hub_storage_conformance!`](crate::hub_storage_conformance), which
//! turns every function into a `#[test]` for one backend:
//!
//! ```text
//! mod sqlite_in_memory {
//!     senim_hub::hub_storage_conformance!(super::InMemory);
//! }
//! ```
//!
//! Built for the hub's own tests and behind the `conformance` feature for a backend's
//! test crate; never in a hub that serves. It knows nothing of any backend's internals:
//! it speaks only through the trait (and [`Backend::at_rest`] for what a purge leaves in
//! files). The ids and bytes it stores are made up; none is a real team's.

mod logs;
mod nonces;
mod orders;
mod support;
mod teams;

pub use logs::*;
pub use nonces::*;
pub use orders::*;
pub use support::Backend;
pub use teams::*;

/// Instantiates every test of the suite, as `#[test]` functions in the current module,
/// for the backend the expression makes (evaluated once per test).
#[macro_export]
macro_rules! hub_storage_conformance {
    ($backend:expr) => {
        $crate::hub_storage_conformance!(@tests $backend;
            a_fresh_storage_answers_ping,
            a_team_is_registered_once_with_its_first_list_as_version_1,
            an_unregistered_team_holds_nothing,
            a_list_is_stored_only_as_the_next_version,
            a_list_for_an_unregistered_team_is_refused,
            a_refused_list_stores_none_of_its_keys,
            lists_come_in_version_order_after_the_given_one,
            list_pages_hold_at_least_one_list_and_stop_at_the_byte_bound,
            each_team_has_its_own_lists,
            concurrent_lists_for_one_version_store_exactly_one,
            sealed_keys_come_back_as_stored_ordered_by_epoch,
            sealed_keys_start_at_the_given_epoch,
            sealed_keys_are_kept_per_device_and_per_team,
            a_key_for_a_held_device_and_epoch_replaces_the_earlier_one,
            a_log_grows_only_by_its_next_sequence,
            a_held_sequence_keeps_its_first_envelope,
            sequence_zero_is_never_stored,
            an_empty_log_has_length_zero_and_no_places,
            a_place_beyond_the_log_is_empty,
            the_vector_holds_the_length_of_each_device_s_log,
            each_device_has_its_own_log,
            each_team_has_its_own_logs,
            an_envelope_for_an_unregistered_team_is_never_stored,
            envelopes_come_in_sequence_order_after_the_given_one,
            envelope_pages_hold_at_least_one_envelope_and_stop_at_the_byte_bound,
            concurrent_appends_to_one_log_store_each_sequence_once,
            concurrent_appends_to_different_logs_all_land,
            a_revocation_bounds_every_later_append,
            a_revoked_device_s_log_still_grows_up_to_its_kept_sequence,
            a_revocation_below_a_held_envelope_stores_nothing,
            the_list_version_is_checked_before_revocations,
            an_upload_at_a_held_place_of_a_revoked_device_is_held,
            an_upload_beyond_the_kept_sequence_is_revoked_even_after_a_gap,
            a_revocation_holds_in_its_own_team_only,
            a_revocation_racing_appends_never_leaves_an_envelope_beyond_the_kept_sequence,
            a_damaged_place_is_replaced_only_by_a_copy_with_the_hash_kept_at_upload,
            orders_are_numbered_from_one_without_gaps,
            an_order_for_an_unregistered_team_is_refused,
            a_taken_number_is_refused_and_keeps_the_first_order,
            a_retried_order_is_refused_and_its_stored_bytes_match_it,
            orders_come_in_number_order_after_the_given_one,
            order_pages_hold_at_least_one_order_and_stop_at_the_byte_bound,
            each_team_has_its_own_chain_of_orders,
            concurrent_orders_for_one_number_store_exactly_one,
            a_purged_place_stays_in_its_log_without_its_bytes,
            listings_skip_stubs_and_a_run_of_stubs_does_not_end_them,
            an_upload_at_a_stub_is_held_and_stores_nothing,
            a_log_goes_on_after_its_stubs_and_a_stub_may_be_purged_again,
            a_purge_may_name_places_of_several_devices,
            a_purge_naming_sequence_zero_stores_nothing,
            a_purge_beyond_the_log_is_stored_and_the_log_goes_on_past_its_places,
            the_order_number_is_checked_before_the_places,
            purged_bytes_are_gone_from_the_backend_s_files,
            a_revocation_records_the_newest_order_of_its_moment,
            a_nonce_is_remembered_once_per_team_and_signer,
            another_signer_or_team_may_use_the_same_nonce,
            nonces_signed_before_the_window_are_forgotten,
        );
    };
    (@tests $backend:expr; $($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                $crate::storage::conformance::$name(&$backend);
            }
        )*
    };
}

#[cfg(test)]
mod tests {
    /// Every test function of the suite is instantiated by the macro: one added to the
    /// module but not to the macro would never run.
    #[test]
    fn the_macro_instantiates_every_test_of_the_suite() {
        let source = include_str!("mod.rs");
        let functions = [
            include_str!("teams.rs"),
            include_str!("logs.rs"),
            include_str!("orders.rs"),
            include_str!("nonces.rs"),
        ]
        .concat();
        let macro_body = {
            let start = source.find("macro_rules! hub_storage_conformance").unwrap();
            let end = start + source[start..].find("(@tests $backend:expr;").unwrap();
            &source[start..end]
        };
        let tests: Vec<&str> = functions
            .lines()
            .filter_map(|l| l.strip_prefix("pub fn "))
            .filter_map(|l| l.split_once('<'))
            .map(|(name, _)| name)
            .collect();
        assert!(tests.len() > 40, "found only {tests:?}");
        for name in &tests {
            assert!(
                macro_body.contains(&format!("{name},")),
                "{name} is not in hub_storage_conformance!"
            );
        }
        let listed = macro_body.matches(",\n").count();
        assert_eq!(
            listed,
            tests.len(),
            "the macro lists a test that is not a function"
        );
    }
}
