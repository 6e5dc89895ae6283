//! Team orders (`TeamOrder::from_bytes`), checked as the hub and devices check one
//! from outside (`verify` against a team's membership list), and the orders page the
//! hub answers with (`OrdersPage::from_bytes`).
#![no_main]
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use senim_protocol::sync::hub_api::OrdersPage;
use senim_protocol::team::{DeviceId, DeviceKeys, Membership, TeamId, TeamOrder};

fn list() -> &'static Membership {
    static LIST: OnceLock<Membership> = OnceLock::new();
    LIST.get_or_init(|| {
        let lead = DeviceKeys::generate(DeviceId::random().unwrap()).unwrap();
        Membership::create(TeamId::random().unwrap(), "Fuzz team", &lead, "lead-1")
            .unwrap()
            .0
    })
}

fuzz_target!(|data: &[u8]| {
    if let Ok(order) = TeamOrder::from_bytes(data) {
        let _ = order.verify(list());
        let _ = order.to_bytes();
    }
    if let Ok(page) = OrdersPage::from_bytes(data) {
        for o in &page.orders {
            let _ = TeamOrder::from_bytes(o);
        }
    }
});
