//! `senim team create | request | approve | join | members | revoke | set-hub` and
//! `senim sync`:
//! enrolment by one-line codes, the membership list, and syncing with the office hub.
//! (`team policy | erase` live in `team/erasure.rs`, `team quarantine` in
//! `team/quarantine.rs`; the verification codes that `approve` and `join` check, in
//! `team/verify.rs`.)
//!
//! The lead's changes to the membership (create, approve, revoke) are posted to the hub
//! at once: the hub only lets members write, so a welcome is useful only once the hub
//! has the list that admits the device.
//!
//! Its arguments are its own ([`TeamCommand`], [`SyncArgs`]); `team/erasure.rs` owns
//! [`PolicyArgs`].

mod erasure;
mod quarantine;
mod verify;

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use senim_client::HubClient;
use senim_l10n::args;
use senim_protocol::team::{DeviceId, HubPin, JoinRequest, Role, Welcome};
use senim_records::RecordId;
use senim_vault::Vault;
use serde_json::json;

use crate::global::Global;
use crate::output::{self, Table};
use crate::session::Unlocked;
use crate::words;
use senim_cli::hub_client::UreqTransport;

pub use erasure::PolicyArgs;

#[derive(Debug, Subcommand)]
pub enum TeamCommand {
    /// Lead: create a team with this device as its lead, and register it on the hub
    Create {
        /// The team's name ("Almaty office")
        #[arg(long, value_name = "NAME")]
        name: String,
        /// The office hub, e.g. https://192.168.1.10:7878 (http:// only for a hub on this
        /// computer, or a demo vault)
        #[arg(long, value_name = "URL")]
        hub: String,
        /// The SHA-256 fingerprint of the hub's certificate, as `senim hub serve --tls`
        /// prints it (required for https://); every device of the team pins it
        #[arg(long, value_name = "SHA256")]
        pin: Option<HubPin>,
        /// Your call sign in the team
        #[arg(long = "as", value_name = "NAME", default_value = "lead")]
        as_name: String,
        /// The registration token the hub's operator gave you (needed when the hub
        /// serves with --registration token)
        #[arg(long, value_name = "TOKEN")]
        registration_token: Option<String>,
    },
    /// New device: print this device's join request (one line) for the lead
    Request {
        /// Your call sign in the team
        #[arg(long = "as", value_name = "NAME", default_value = "worker")]
        as_name: String,
        /// Also draw the request as a QR code for the lead's camera
        #[arg(long)]
        qr: bool,
    },
    /// Lead: admit the device of a join request; prints its welcome code (one line)
    ///
    /// Shows the request's verification code (four words) and asks whether the new
    /// device shows the same; or takes them with --verify and refuses on a mismatch.
    /// Then shows the welcome's verification code for the new device to compare.
    Approve {
        /// The join request line
        request: String,
        /// The four words the new device shows (required when standard input is not a
        /// terminal)
        #[arg(long, value_name = "WORDS")]
        verify: Option<String>,
        /// worker or lead
        #[arg(long, value_name = "ROLE", default_value = "worker")]
        role: String,
        /// Also draw the welcome as a QR code for the new device's camera
        #[arg(long)]
        qr: bool,
        /// Give the new device the keys of the team's earlier epochs too, so it can
        /// read what was written before it joined (by default it reads only what is
        /// written from now on)
        #[arg(long)]
        with_history: bool,
    },
    /// New device: join the team with the lead's welcome code
    ///
    /// Shows the welcome's verification code (four words) and asks whether the lead's
    /// device shows the same; or takes them with --verify and refuses on a mismatch.
    Join {
        /// The welcome line
        welcome: String,
        /// The four words the lead's device shows (required when standard input is not
        /// a terminal)
        #[arg(long, value_name = "WORDS")]
        verify: Option<String>,
    },
    /// List the team's devices and their roles
    Members,
    /// Lead: revoke a device; the team moves to a new key it cannot read
    Revoke {
        /// The device's id (see `senim team members`)
        device: String,
    },
    /// Show the team's retention and automatic-wipe policy; lead: set a new one
    ///
    /// With no option, shows the policy this device holds (as of its last sync). With
    /// options, a lead sets a new one. Setting REPLACES the whole policy: what the
    /// options leave out is no longer set (repeat every --retain you want to keep).
    /// Every device applies it at its next sync.
    #[command(after_help = erasure::POLICY_HELP)]
    Policy(PolicyArgs),
    /// Lead: erase a subject and its linked records from every device and the hub
    ///
    /// Lead: erase a subject and every record linked to it from every device of the
    /// team and from the hub, for good (a person asked for their data to be erased or
    /// withdrew consent). Syncs first, shows how many records go and asks you to type
    /// "erase" unless --yes. Other devices remove the records at their next sync; their
    /// audit logs keep a "purge" entry with the counts and the reason. See
    /// docs/erasure.md.
    Erase {
        /// The subject record's id (see `senim records list --kind subject`)
        #[arg(value_name = "SUBJECT_ID")]
        subject: RecordId,
        /// Do not ask: erase at once (required when standard input is not a terminal)
        #[arg(long)]
        yes: bool,
    },
    /// List envelopes held in quarantine (authentic, but their content cannot be
    /// applied); lead: purge them from the team
    ///
    /// A member's envelope that is validly signed and in sequence but whose content
    /// cannot be applied (unreadable changes, changes made by another device) is kept
    /// in its device's log without being applied, so sync goes on. Each is listed by
    /// device and sequence. A lead revokes a member that sends them
    /// (`senim team revoke`) and removes them from every device and the hub with
    /// `--purge`. See docs/sync.md.
    Quarantine {
        /// Lead: sync, then purge every quarantined place from the team
        #[arg(long)]
        purge: bool,
    },
    /// Move the team to another hub: a lead signs its address and certificate pin into
    /// the membership list; another device follows when its old hub is gone
    ///
    /// A lead: posts the new list to the hub the team leaves (every device that syncs
    /// there follows to the new hub at its next sync; a device that joins later is sent
    /// there), then hands the new hub what it lacks (registers the team on a hub that
    /// does not know it, uploads the lists, orders and every envelope this vault holds).
    /// Another device: takes the move from the new hub only when a list signed by a
    /// lead there names exactly this address and pin, then syncs with it. See
    /// docs/hub.md, "Moving the team".
    SetHub(SetHubArgs),
    /// The same as `set-hub` (a lead hands the team to a hub that lost it, at the same
    /// address or a new one)
    Rehome(SetHubArgs),
}

/// `senim team set-hub` and `senim team rehome`.
#[derive(Debug, Args)]
pub struct SetHubArgs {
    /// The new hub's address, e.g. https://192.168.1.20:7878 (http:// only for a hub on
    /// this computer, or a demo vault)
    #[arg(value_name = "URL")]
    url: String,
    /// The SHA-256 fingerprint of the new hub's certificate, as `senim hub serve --tls`
    /// prints it; without it, an https:// hub's certificate is shown to confirm on the
    /// terminal
    #[arg(long, value_name = "SHA256")]
    pin: Option<HubPin>,
}

/// `senim sync`.
#[derive(Debug, Args)]
pub struct SyncArgs {
    /// A hub other than the one the team was joined with
    #[arg(long, value_name = "URL")]
    hub: Option<String>,
    /// That hub's certificate fingerprint (SHA-256), for an https:// --hub
    #[arg(long, value_name = "SHA256", requires = "hub")]
    pin: Option<HubPin>,
}

/// The transport to the hub this vault's team syncs with: its address, its pinned
/// certificate, plain HTTP only on loopback or for a demo vault.
pub(crate) fn team_transport(vault: &Vault) -> Result<UreqTransport> {
    let info = vault
        .team()?
        .with_context(|| words::text("cli-team-not-joined-hint"))?;
    Ok(UreqTransport::connect(
        &info.hub,
        vault.hub_pin()?,
        vault.is_demo(),
    )?)
}

pub fn run(global: &Global, command: &TeamCommand) -> Result<()> {
    match command {
        TeamCommand::Create {
            name,
            hub,
            pin,
            as_name,
            registration_token,
        } => create(global, name, hub, *pin, as_name, registration_token.clone()),
        TeamCommand::Request { as_name, qr } => request(global, as_name, *qr),
        TeamCommand::Approve {
            request,
            verify,
            role,
            qr,
            with_history,
        } => approve(global, request, verify.as_deref(), role, *qr, *with_history),
        TeamCommand::Join { welcome, verify } => join(global, welcome, verify.as_deref()),
        TeamCommand::Members => members(global),
        TeamCommand::Revoke { device } => revoke(global, device),
        TeamCommand::Policy(args) => erasure::policy(global, args),
        TeamCommand::Erase { subject, yes } => erasure::erase(global, *subject, *yes),
        TeamCommand::Quarantine { purge } => quarantine::quarantine(global, *purge),
        TeamCommand::SetHub(args) | TeamCommand::Rehome(args) => set_hub(global, args),
    }
}

/// A role (`lead`, `worker`, `revoked`) in words, for people.
fn role_words(role: &str) -> String {
    match role {
        "lead" => words::text("cli-team-role-lead"),
        "worker" => words::text("cli-team-role-worker"),
        _ => words::text("cli-team-role-revoked"),
    }
}

fn role_name(role: Option<Role>) -> &'static str {
    match role {
        Some(Role::Lead) => "lead",
        Some(Role::Worker) => "worker",
        None => "revoked",
    }
}

fn create(
    global: &Global,
    name: &str,
    hub: &str,
    pin: Option<HubPin>,
    as_name: &str,
    registration_token: Option<String>,
) -> Result<()> {
    let unlocked = Unlocked::open(global)?;
    let vault = unlocked.vault();
    let mut transport = UreqTransport::connect(hub, pin, vault.is_demo())?;
    let created = HubClient::new(vault, &mut transport)
        .with_registration_token(registration_token)
        .create_team_pinned(name, as_name, hub, pin);
    let info = created
        .map_err(|e| transport.explain(e))
        .context("the team is not created")?;
    unlocked.close()?;
    if global.json {
        let mut shown = info.clone();
        shown.hub = senim_client::redact_credentials(&shown.hub);
        return output::json(&shown);
    }
    output::line(words::format(
        "cli-team-created",
        &args!["team" => info.team.to_string(), "device" => info.device.to_string()],
    ))
}

/// Prints a code on one line and, when asked, as a QR code below it, drawn with half
/// blocks for a terminal with a dark background (light modules are the blocks), with
/// its quiet zone, so a phone camera reads it off the screen.
fn print_code(code: &str, qr: bool) -> Result<()> {
    output::line(code)?;
    if !qr {
        return Ok(());
    }
    match qrcode::QrCode::with_error_correction_level(code.as_bytes(), qrcode::EcLevel::L) {
        Ok(qr) => {
            let drawing = qr
                .render::<qrcode::render::unicode::Dense1x2>()
                .dark_color(qrcode::render::unicode::Dense1x2::Light)
                .light_color(qrcode::render::unicode::Dense1x2::Dark)
                .quiet_zone(true)
                .build();
            output::line(drawing)
        }
        Err(_) => output::line(words::text("cli-team-qr-too-long")),
    }
}

fn request(global: &Global, as_name: &str, qr: bool) -> Result<()> {
    let unlocked = Unlocked::open(global)?;
    let code = unlocked.vault().team_request(as_name)?;
    unlocked.close()?;
    let verification = JoinRequest::decode(&code)?.verification_code();
    if global.json {
        return output::json(&json!({ "request": code, "verification": verification.to_string() }));
    }
    print_code(&code, qr)?;
    verify::show(verification, &words::text("cli-team-read-to-lead"))
}

fn approve(
    global: &Global,
    request: &str,
    verify: Option<&str>,
    role: &str,
    qr: bool,
    history: bool,
) -> Result<()> {
    let role = match role {
        "worker" => Role::Worker,
        "lead" => Role::Lead,
        _ => bail!(words::text("cli-team-bad-role")),
    };
    // Checked before anything is unlocked, posted or stored.
    let request_code = JoinRequest::decode(request.trim())
        .with_context(|| words::text("cli-team-not-admitted"))?
        .verification_code();
    verify::check(verify::Step::Approve, request_code, verify)
        .with_context(|| words::text("cli-team-not-admitted"))?;
    let unlocked = Unlocked::open(global)?;
    let vault = unlocked.vault();
    let mut transport = team_transport(vault)?;
    let mut client = HubClient::new(vault, &mut transport);
    let approved = if history {
        client.approve_with_history(request.trim(), role)
    } else {
        client.approve(request.trim(), role)
    };
    let welcome = approved
        .map_err(|e| transport.explain(e))
        .with_context(|| words::text("cli-team-not-admitted"))?;
    unlocked.close()?;
    let welcome_code = Welcome::decode(&welcome)?.verification_code();
    if global.json {
        return output::json(&json!({
            "welcome": welcome,
            "verification": welcome_code.to_string(),
            "request_verification": request_code.to_string(),
        }));
    }
    print_code(&welcome, qr)?;
    verify::show(welcome_code, &words::text("cli-team-read-to-device"))
}

fn join(global: &Global, welcome: &str, verify: Option<&str>) -> Result<()> {
    // Checked before anything is unlocked or stored.
    let code = Welcome::decode(welcome.trim())
        .with_context(|| words::text("cli-team-join-failed"))?
        .verification_code();
    verify::check(verify::Step::Join, code, verify)
        .with_context(|| words::text("cli-team-join-failed"))?;
    let unlocked = Unlocked::open(global)?;
    let info = unlocked.vault().team_join(welcome.trim())?;
    unlocked.close()?;
    if global.json {
        let mut shown = info.clone();
        shown.hub = senim_client::redact_credentials(&shown.hub);
        return output::json(&shown);
    }
    output::line(words::format(
        "cli-team-joined",
        &args![
            "team" => info.team.to_string(),
            "name" => output::one_line(&info.name),
            "role" => role_words(role_name(info.role))
        ],
    ))
}

fn members(global: &Global) -> Result<()> {
    let unlocked = Unlocked::open(global)?;
    let membership = unlocked
        .vault()
        .membership()?
        .with_context(|| words::text("cli-team-not-joined"))?;
    let info = unlocked
        .vault()
        .team()?
        .with_context(|| words::text("cli-team-not-joined"))?;
    // When this vault's syncs first held each device's latest envelope (its own: its
    // last sync); only what this vault knows.
    let seen = unlocked.vault().devices_seen()?;
    let former = unlocked.vault().revoked_names()?;
    unlocked.close()?;
    let heard = |d: DeviceId| seen.iter().find(|s| s.device == d);
    let rows: Vec<_> = membership
        .members()
        .iter()
        .map(|m| (m.public.device, role_name(Some(m.role)), m.name.clone()))
        .chain(membership.revoked().iter().map(|r| {
            let name = former.iter().find(|(d, _)| *d == r.device);
            (
                r.device,
                "revoked",
                name.map(|(_, n)| n.clone()).unwrap_or_default(),
            )
        }))
        .collect();
    if global.json {
        let members: Vec<_> = rows
            .iter()
            .map(|(d, r, n)| {
                let s = heard(*d);
                json!({
                    "device": d,
                    "role": r,
                    "name": n,
                    "last_envelope": s.map_or(0, |s| s.last_seq),
                    "last_heard": s.and_then(|s| s.at),
                })
            })
            .collect();
        return output::json(&json!({
            "team": membership.team(),
            "name": membership.team_name(),
            "version": membership.version(),
            "epoch": membership.epoch(),
            "hub": senim_client::redact_credentials(&info.hub),
            "hub_pin": info.hub_pin,
            "members": members,
        }));
    }
    let mut table = Table::of_keys(&[
        "cli-team-column-device",
        "cli-team-column-role",
        "cli-team-column-name",
        "cli-team-column-heard",
    ]);
    for (d, r, n) in rows {
        let when = heard(d)
            .and_then(|s| s.at)
            .map_or_else(|| "-".to_string(), output::time);
        table.row(vec![d.to_string(), role_words(r), n, when]);
    }
    table.print()
}

fn revoke(global: &Global, device: &str) -> Result<()> {
    let device: DeviceId = device.trim().parse()?;
    let unlocked = Unlocked::open(global)?;
    let vault = unlocked.vault();
    let info = vault
        .team()?
        .with_context(|| words::text("cli-team-not-joined"))?;
    let mut transport = team_transport(vault)?;
    let revoked = HubClient::new(vault, &mut transport).revoke(device);
    revoked
        .map_err(|e| transport.explain(e))
        .with_context(|| words::text("cli-team-not-revoked"))?;
    unlocked.close()?;
    if global.json {
        return output::json(&json!({ "revoked": device }));
    }
    output::line(words::format(
        "cli-team-revoked",
        &args!["device" => device.to_string(), "epoch" => (info.epoch + 1).to_string()],
    ))
}

fn set_hub(global: &Global, args: &SetHubArgs) -> Result<()> {
    let url = args.url.trim().trim_end_matches('/');
    let unlocked = Unlocked::open(global)?;
    let vault = unlocked.vault();
    let info = vault
        .team()?
        .with_context(|| words::text("cli-team-not-joined-hint"))?;
    let pin = match args.pin {
        Some(pin) => Some(pin),
        None if url.starts_with("https://") => Some(confirm_certificate(url)?),
        None => None,
    };
    let mut transport = UreqTransport::connect(url, pin, vault.is_demo())?;
    let shown = senim_client::redact_credentials(url);
    if info.role != Some(Role::Lead) {
        let followed = HubClient::new(vault, &mut transport).follow_hub(url, pin);
        followed
            .map_err(|e| transport.explain(e))
            .with_context(|| words::text("cli-set-hub-not-moved"))?;
        let synced = HubClient::new(vault, &mut transport).sync();
        let report = synced
            .map_err(|e| transport.explain(e))
            .with_context(|| words::text("cli-set-hub-sync-failed"))?;
        unlocked.close()?;
        if global.json {
            return output::json(&json!({ "hub": shown, "sync": report }));
        }
        return output::line(words::format(
            "cli-set-hub-followed",
            &args![
                "hub" => shown.as_str(),
                "sent" => report.sent,
                "received" => report.received
            ],
        ));
    }
    let moved = match team_transport(vault) {
        Ok(mut old) => {
            let moved = HubClient::new(vault, &mut old).move_team(url, pin);
            moved.map_err(|e| old.explain(e))
        }
        // The old address cannot be used at all (a pin it lacks): the list is signed
        // and stored all the same.
        Err(_) => {
            let mut unusable = Unusable;
            HubClient::new(vault, &mut unusable)
                .move_team(url, pin)
                .map_err(anyhow::Error::new)
        }
    }
    .with_context(|| words::text("cli-set-hub-team-not-moved"))?;
    let rehomed = HubClient::new(vault, &mut transport).rehome();
    let report = rehomed
        .map_err(|e| transport.explain(e))
        .with_context(|| words::text("cli-set-hub-not-taken"))?;
    unlocked.close()?;
    if global.json {
        return output::json(&json!({ "hub": shown, "move": moved, "rehome": report }));
    }
    output::line(words::format(
        if report.registered {
            "cli-set-hub-moved-registered"
        } else {
            "cli-set-hub-moved"
        },
        &args![
            "hub" => shown.as_str(),
            "version" => moved.version.to_string(),
            "lists" => report.lists,
            "orders" => report.orders,
            "envelopes" => report.envelopes
        ],
    ))?;
    if moved.old_hub_took_it {
        output::line(words::text("cli-set-hub-old-took-it"))
    } else {
        let problem = moved
            .old_hub_problem
            .clone()
            .unwrap_or_else(|| words::text("cli-set-hub-old-lost-it"));
        let command = format!(
            "senim team set-hub {shown}{}",
            pin.map(|p| format!(" --pin {p}")).unwrap_or_default()
        );
        output::line(words::format(
            "cli-set-hub-old-refused",
            &args!["problem" => problem, "command" => command],
        ))
    }
}

/// A transport that reaches nothing: for the hub a team leaves when its address cannot
/// be used at all.
struct Unusable;

impl senim_client::HubTransport for Unusable {
    fn send(
        &mut self,
        _request: &senim_client::HubRequest,
    ) -> std::result::Result<senim_client::HubResponse, String> {
        Err("the old hub's address cannot be used".into())
    }
}

/// Reads the certificate the `https://` hub at `url` shows and asks, on the terminal,
/// whether it is the one the hub printed; refuses without a terminal (pass --pin).
fn confirm_certificate(url: &str) -> Result<HubPin> {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() {
        bail!(words::text("cli-set-hub-needs-pin"));
    }
    let pin = senim_cli::pinned_tls::certificate_pin(url)?;
    let prompt = words::format("cli-set-hub-pin-prompt", &args!["pin" => pin.to_string()]);
    if !crate::input::confirm(&prompt, "yes")? {
        bail!(words::text("cli-set-hub-pin-refused"));
    }
    Ok(pin)
}

/// A hub that answers "no such team" lost the team or never had it: say what brings it
/// back.
fn hub_lost_hint(error: senim_client::Error) -> anyhow::Error {
    let lost = matches!(
        &error,
        senim_client::Error::HubRefused { status: 404, reason, .. } if reason.contains("no such team")
    );
    let error = anyhow::Error::new(error);
    if lost {
        error.context(words::text("cli-sync-hub-lost"))
    } else {
        error
    }
}

/// `senim sync`: one exchange with the hub (membership, orders, envelopes both ways).
pub fn sync(global: &Global, args: &SyncArgs) -> Result<()> {
    let hub = args.hub.as_deref();
    let unlocked = Unlocked::open(global)?;
    let vault = unlocked.vault();
    vault
        .team()?
        .with_context(|| words::text("cli-team-not-joined-hint"))?;
    let mut transport = match hub {
        Some(url) => UreqTransport::connect(url, args.pin, vault.is_demo())?,
        None => team_transport(vault)?,
    };
    let orders_before = vault.orders_applied()?;
    tracing::debug!("syncing with the hub");
    let report = match HubClient::new(vault, &mut transport).sync() {
        Ok(report) => report,
        Err(e) if transport.certificate_changed() => return Err(transport.explain(e)),
        Err(e) => return Err(hub_lost_hint(e)),
    };
    let moved_to = match report.hub_moved {
        true => vault
            .team()?
            .map(|t| senim_client::redact_credentials(&t.hub)),
        false => None,
    };
    unlocked.close()?;
    tracing::info!(
        sealed_records = report.sealed_records,
        sent = report.sent,
        received = report.received,
        merged_records = report.merged_records,
        duplicates = report.duplicates,
        rejected = report.rejected,
        waiting = report.waiting,
        quarantined = report.quarantined.len(),
        orders = report.orders,
        purged_records = report.purged_records,
        "sync done"
    );
    if global.json {
        output::json(&report)?;
        return incomplete(&report);
    }
    output::line(words::format(
        "cli-sync-done",
        &args![
            "sent" => report.sent,
            "received" => report.received,
            "merged" => report.merged_records,
            "held" => report.duplicates,
            "rejected" => report.rejected,
            "sealed" => report.sealed_records
        ],
    ))?;
    if !report.quarantined.is_empty() {
        output::line(words::format(
            "cli-sync-quarantined",
            &args![
                "count" => report.quarantined.len(),
                "new" => report.newly_quarantined
            ],
        ))?;
        for q in &report.quarantined {
            output::line(words::format(
                "cli-sync-quarantined-one",
                &args!["place" => q.to_string()],
            ))?;
        }
    }
    if let Some(hub) = moved_to {
        output::line(words::format("cli-sync-hub-moved", &args!["hub" => hub]))?;
    }
    if report.waiting > 0 {
        output::line(words::format(
            "cli-sync-waiting",
            &args!["count" => report.waiting],
        ))?;
    }
    let new_orders = report.orders.saturating_sub(orders_before);
    if new_orders > 0 {
        output::line(words::format(
            "cli-sync-orders",
            &args!["count" => new_orders, "order" => report.orders],
        ))?;
    }
    if report.purged_records > 0 {
        output::line(words::format(
            "cli-sync-purged",
            &args!["count" => report.purged_records],
        ))?;
    }
    if report.retention_purged > 0 {
        output::line(words::format(
            "cli-sync-retention-purged",
            &args!["count" => report.retention_purged],
        ))?;
    }
    incomplete(&report)
}

/// A sync that left envelopes behind (refused: damaged or forged) fails, naming each
/// place: nothing goes missing with exit status 0.
fn incomplete(report: &senim_client::SyncReport) -> Result<()> {
    if report.rejected_places.is_empty() {
        return Ok(());
    }
    let places: Vec<String> = report
        .rejected_places
        .iter()
        .map(|p| {
            words::format(
                "cli-sync-place",
                &args!["device" => p.device.to_string(), "seq" => p.seq.to_string()],
            )
        })
        .collect();
    bail!(words::format(
        "cli-sync-rejected",
        &args!["count" => report.rejected, "places" => places.join(", ")]
    ))
}
