### The phone apps' screens (Android and iOS). Keys start with "app-", then the screen
### ("app-settings-…", "app-unlock-…").

app-name = Senim

## Settings: the language of the app (the interview's language is chosen apart).

app-settings-language = Language of the app
app-settings-language-system = As on this phone
app-settings-language-fallback = { $language } is not translated yet: the app is shown in Russian.
app-settings-language-review = The Kazakh text awaits a native speaker's review.
app-settings-title = Settings
app-settings-language-explained = The words of the app. The interview's language is chosen at each interview.

## Words of several screens.

app-back = Back
app-close = Close
app-cancel = Cancel
app-ok = OK
app-done = Done
app-next = Next
app-sync-now = Sync now
app-emergency-wipe = Emergency wipe…
app-demo-build-banner = Demo build — the screening form and its translations are not validated for field use. Practise only; do not record real people.
app-demo-vault-banner = DEMO — synthetic training data
app-strength-very-weak = Very weak
app-strength-weak = Weak
app-strength-fair = Fair
app-strength-strong = Strong
app-strength-very-strong = Very strong
app-content-needs-review = translation to be reviewed
app-content-shown-in = shown in { $language }
app-qr-code = QR code
app-qr-too-long = This code is too long for a QR code: use the text below.

## Unlock.

app-unlock-prompt = Enter your passcode to unlock.
app-unlock-passcode = Passcode
app-unlock-button = Unlock
app-unlock-demo-note = This is a demo vault for training: its passcode is the public one, senim-demo.
app-unlock-open-demo = Open the demo vault
app-unlock-upgrade-pages = Updating the vault for this version: encrypting it. This happens once.
app-unlock-upgrade-index = Updating the vault for this version: preparing search (records: { $done } of { $total }). This happens once.

## First run: the vault is created.

app-create-wiped-title = This phone's vault was wiped
app-create-welcome = Welcome to Senim
app-create-intro = Choose a passcode of at least { $count ->
    [one] { $count } character
   *[other] { $count } characters
}. Everything you record is encrypted with it and with a key kept in this phone's secure hardware. Nobody can recover a forgotten passcode.
app-create-new-passcode = New passcode
app-create-passcode-again = Passcode again
app-create-too-short = The passcode needs at least { $count ->
    [one] { $count } character
   *[other] { $count } characters
}: enter it again.
app-create-mismatch = The two passcodes differ: enter them again.
app-create-creating-demo = Creating the demo vault with synthetic cases…
app-create-creating = Creating the vault…
app-create-button = Create vault
app-create-training = Training?
app-create-demo-explained = A demo vault is filled with synthetic cases, never real people, and needs no passcode of yours (it opens with the public one, senim-demo). It shows a DEMO banner on every screen and can never sync with a real team. Never record a real person in it. This phone then holds the demo vault: to record real cases on it later, { $platform ->
    [ios] delete and reinstall the app
   *[other] clear the app's data
}.
app-create-demo-button = Create a demo vault for training

## A vault that does not open.

app-failed-title = The vault cannot be opened
app-failed-explained = Nothing was changed. Ask your team lead: the records synced to the hub are safe, and this phone can join the team again.

## Records.

app-records-title = Records
app-records-interview = Interview
app-records-new-note = New note
app-records-search = Search notes
app-records-damaged = { $count ->
    [one] { $count } record could not be decrypted: it was altered or damaged.
   *[other] { $count } records could not be decrypted: they were altered or damaged.
}
app-records-no-match = No note matches.
app-records-empty = No records yet.
app-records-dates = Created { $created } · updated { $updated }
app-records-conflicts = Conflicting edits: { $fields }
app-records-conflict-field = { $field } ({ $count ->
    [one] { $count } value
   *[other] { $count } values
})
app-records-kind-subject = Person
app-records-kind-note = Note
app-records-kind-interview = Interview
app-records-kind-referral = Referral
app-records-kind-consent = Consent
app-menu = More
app-menu-sync = Sync
app-menu-team = Team
app-menu-reset-demo = Reset the demo data…

## Settings of an unlocked vault.

app-settings-duress-title = Duress passcode
app-settings-duress-explained = A second passcode for when someone forces you to unlock the phone: it opens a harmless decoy instead of your records, and looks like any unlock.
app-settings-duress-button = Set the duress passcode…
app-settings-wipe-title = Emergency wipe
app-settings-wipe-explained = Destroys this phone's vault at once and for good. The unlock screen offers it too, without the passcode.
app-settings-wipe-button = Wipe this phone's vault…

## The duress passcode.

app-duress-title = Duress passcode
app-duress-demo = A demo vault has no duress passcode: its passcode is public.
app-duress-explained = If someone forces you to unlock the phone, enter the duress passcode instead of yours: Senim opens a decoy with a few harmless notes. Choose one you will remember under stress, at least { $count ->
    [one] { $count } character
   *[other] { $count } characters
}, different from your passcode.
app-duress-current = Your passcode
app-duress-passcode = Duress passcode
app-duress-again = Duress passcode again
app-duress-when = When the duress passcode is entered:
app-duress-destroy = Destroy the real records
app-duress-destroy-explained = Destroy: the duress passcode opens a harmless decoy and destroys your records' keys on this phone for good. Not even your passcode brings them back; what was synced stays with the team.
app-duress-hide = Hide the real records
app-duress-hide-explained = Hide: the duress passcode opens a harmless decoy and leaves your records hidden; your passcode opens them again later.
app-duress-too-short = The duress passcode needs at least { $count ->
    [one] { $count } character
   *[other] { $count } characters
}: enter it again.
app-duress-mismatch = The two duress passcodes differ: enter them again.
app-duress-same = The duress passcode must differ from your passcode: choose another one.
app-duress-done = The duress passcode is set.
app-duress-submit = Set the duress passcode

## The note editor.

app-note-new = New note
app-note-title = Note
app-note-text = What happened
app-note-place-short = Place
app-note-tags = Tags
app-note-remove-tag = Remove
app-note-place = Place (a label, not an address)
app-note-tag = Tag
app-note-add-tag = Add
app-note-contact = Contact: { $time }
app-note-saved = Saved.
app-note-saved-new = Saved (new note).
app-note-saved-fields = Saved ({ $fields }).
app-note-field-text = text
app-note-field-place = place
app-note-field-tags = tags
app-note-field-at = time
app-note-saving = Saving…
app-note-save = Save

## Sync.

app-sync-title = Sync
app-sync-explained = Your records travel to the team's hub end-to-end encrypted: the hub stores them and passes them on, but cannot read them.
app-sync-last = Last sync: { $time }
app-sync-idle = Not synced since the app was unlocked.
app-sync-syncing = Syncing… You can keep working.
app-sync-done = Sent: { $sent }, received: { $received }, records merged: { $merged }.
app-sync-waiting = { $count ->
    [one] { $count } change waits for others that have not arrived yet; it applies on a later sync.
   *[other] { $count } changes wait for others that have not arrived yet; they apply on a later sync.
}
app-sync-rejected = { $count ->
    [one] { $count } change was refused (altered or forged) and not applied:
   *[other] { $count } changes were refused (altered or forged) and not applied:
}
app-sync-place = device { $device }, change { $seq }
app-sync-join-team = Join a team

## The demo vault's reset.

app-demo-reset-title = Reset the demo vault?
app-demo-reset-explained = Everything added since it was created (notes, interviews, referrals, a team joined) is erased, and the original synthetic cases come back. Use it between training sessions.
app-demo-reset-confirm = Reset
app-demo-reset-done = Demo data reset
app-demo-reset-failed = The demo was not reset
app-demo-reset-records = Synthetic records back: { $records } (people: { $subjects }, notes: { $notes }, interviews: { $interviews }, referrals: { $referrals }).
app-demo-reset-levels = Levels — none: { $none }, monitor: { $monitor }, possible: { $possible }, likely: { $likely }.

## The panic wipe.

app-wipe-wiping = Wiping…
app-wipe-failed = The wipe did not finish
app-wipe-retry = Try again
app-wipe-title = Wipe this phone's vault
app-wipe-explained = Everything in the vault on this phone is destroyed for good: records, notes, interviews, the team's keys. Nothing brings it back, not even the passcode. What was synced stays with the team.
app-wipe-type = Type { $word } to confirm.
app-wipe-now = Wipe now

## The interview (its questions are in the interview's language; these in the app's).

app-interview-title = Screening interview
# The interview's quick exit: leaves at once for a neutral screen, keeping the answers. A plain word: the person may see it.
app-interview-quick-exit = Exit
app-interview-stop = Stop
app-interview-stopped = The interview was stopped.
app-interview-stopped-kept = The answers given so far are kept, encrypted, in this phone's vault.
app-interview-stop-title = Stop the interview?
app-interview-stop-explained = The answers given so far are kept. The person can stop at any time.
app-interview-continue = Continue
app-interview-danger = Immediate danger
app-interview-language = Which language will you speak with the person?
app-interview-nothing-stored = Nothing is stored before the person consents.
app-interview-begin = Begin
app-interview-read-this = Read this to the person
app-interview-agrees = The person agrees to:
app-interview-scope-screening = the screening questions (needed to start)
app-interview-scope-referral = being referred to services
app-interview-scope-sharing = sharing their information with a service
app-interview-consent-needed = Without consent to the screening, the interview cannot start.
app-interview-record-consent = Record consent
app-interview-question = Question { $number } of { $total }
app-interview-required = Required (the person may still decline)
app-interview-skip = Skip
app-interview-declines = Declines
app-interview-yes = Yes
app-interview-no = No
app-interview-dont-know = Don't know
app-interview-date-format = YYYY-MM-DD
app-interview-answer = Answer
app-interview-number = Number
app-interview-country = Country code (KZ, UZ, KG, TJ, …)
app-interview-end = End of the questions
app-interview-progress = Answered: { $answered } of { $visible }; skipped: { $skipped }.
app-interview-missing = Required questions without an answer (go back; the person may decline them): { $questions }
app-interview-see-result = See the result

## The interview's result.

app-result-none = No indicator raised
app-result-monitor = Some indicators: keep in touch
app-result-possible = Possible trafficking: refer for full identification
app-result-likely = Likely trafficking: refer urgently for full identification
app-result-urgent-safety = Urgent: the person's safety
app-result-minor = The person may be a child: follow the child-protection procedure.
app-result-why = Why
app-result-indicators = Indicators raised
app-result-strength-review = strength to be reviewed by your organisation
app-result-needs = Needs: { $needs }
app-result-services = Recommended services
app-result-no-service = No service matches this result.
app-result-urgent = urgent
app-result-no-contact = No confirmed contact yet.
app-result-entry-review = entry to be reviewed by your organisation
app-result-call = Call { $phone }
app-result-referred = Referred
app-result-refer = Refer
app-result-refer-to = Refer to { $service }
app-result-refer-consent = Only with the person's agreement (their consent to referral is checked).
app-result-reason = Reason

## Team enrolment.

app-team-title = Team
app-team-scan-request-prompt = Scan the new device's join request
app-team-scan-welcome-prompt = Scan the welcome on your lead's phone
app-team-step-request = 1. Show your join request to your team lead
app-team-your-name = Your name, as the team will see it
app-team-show-request = Show my join request
app-team-lead-words = Your lead's screen must show these words:
app-team-step-welcome = 2. Scan the welcome your lead shows you
app-team-scan-welcome = Scan the welcome
app-team-type-welcome = …or type it
app-team-join-words = Join only if your lead's screen shows these words:
app-team-join = Join the team
app-team-create-title = Or create a team and lead it
app-team-name = Team name
app-team-hub-url = Hub address (https://…)
app-team-hub-pin = The hub's certificate fingerprint (SHA-256)
app-team-pin-missing = Needed for an https:// hub: the fingerprint the hub printed when it started. Compare it with the hub's operator.
app-team-pin-explained = Every phone of the team will accept this certificate and no other.
app-team-token = Registration token, if the hub's operator gave you one
app-team-create = Create the team
app-team-hub = Hub: { $hub }
app-team-role-lead = You are a lead of this team.
app-team-role-worker = You are a member of this team.
app-team-removed = This device was removed from the team: it no longer syncs.
app-team-members = { $count ->
    [one] { $count } device
   *[other] { $count } devices
} · key epoch { $epoch }
app-team-this-device = This device: { $device }
app-team-add-device = Add a device
app-team-as-lead = as a lead
app-team-as-worker = as a worker
app-team-add-as-lead = Add as a lead
app-team-with-history = with the team's history
app-team-with-history-note = The new phone can also read everything the team wrote before it joined, including what was written before any phone was removed.
app-team-without-history-note = The new phone reads what the team writes from now on.
app-team-scan-request = Scan a join request
app-team-show-welcome = Show this welcome to the new device:
app-team-new-device-words = The new device must show these words:

## Failures as the screens say them (the presentation layer's UiError.sentence): one
## sentence per failure of the mobile API, from its fields only.

app-error-wrong-passcode = Wrong passcode. { $count ->
    [one] { $count } failed attempt
   *[other] { $count } failed attempts
} since the last unlock.
app-error-wait = Too many wrong passcodes. Try again in { $time }.
app-error-locked = The vault is locked.
app-error-no-vault = There is no vault on this phone.
app-error-vault-exists = A vault already exists on this phone.
app-error-wiped = This phone's vault was wiped, as the team's policy requires (too many wrong passcodes, or too long without a sync). Set the phone up again with your team lead.
app-error-damaged = Some data on this phone was altered or damaged.
app-error-unsupported-format = This vault was made by a newer version of Senim. Update the app to open it.
app-error-not-found = Not found: it may have been removed.
app-error-check-field = Please check { $field }.
app-error-check-input = Please check what you entered.
app-error-field-text = the note's text
app-error-field-place = the place
app-error-field-tags = the tags
app-error-field-location = the location
app-error-field-subject = the person the note is about
app-error-field-passcode = the passcode
app-error-field-duress-passcode = the duress passcode
app-error-field-search = the search words
app-error-field-answer = the answer
app-error-field-language = the language
app-error-field-welcome-code = the welcome code
app-error-field-join-request = the join request
app-error-field-call-sign = the name
app-error-field-team-name = the team name
app-error-field-hub-address = the hub address
app-error-field-from = the first day
app-error-field-to = the last day
app-error-field-worker = the worker
app-error-field-scopes = the consent
app-error-invalid-answer = This answer does not fit the question: { $reason }.
app-error-passcode-too-short = The passcode is too short: use at least 6 characters.
app-error-passcode-common = This passcode is one of the most common ones: choose one nobody would guess.
app-error-passcode-repeated-character = The passcode repeats one character: choose one that is harder to guess.
app-error-passcode-sequence = The passcode is a run like 123456 or abcdef: choose one that is harder to guess.
app-error-passcode-repeated-group = The passcode repeats a short group like 1212: choose one that is harder to guess.
app-error-passcode-too-weak = The passcode is too easy to guess: make it longer, for example with another word.
app-error-content-missing = { $what ->
    [form] The form
    [rules] The rule set
    [services] The services directory
   *[other] The screening content
} is not in this version of the app.
app-error-content-invalid = { $what ->
    [form] The form
    [rules] The rule set
    [services] The services directory
   *[other] The screening content
} in this app is invalid.
app-error-content-changed = { $what ->
    [form] The form
    [rules] The rule set
    [services] The services directory
   *[other] The screening content
} differs from the one this interview was run with.
app-error-consent-required = This needs the person's consent to { $scope ->
    [screening] screening
    [referral] referral
   *[sharing] sharing
}, and none is recorded.
app-error-consent-withdrawn = The person withdrew their consent: nothing more is recorded under it.
app-error-interview = The interview cannot do this now.
app-error-membership = This phone's place in the team does not allow this: it has not joined a team yet, or was removed from it.
app-error-envelope = The hub sent data that was refused (altered or forged).
app-error-protocol = The hub answered something unexpected.
app-error-unreachable = The hub could not be reached. Nothing is lost: sync again later.
app-error-hub-unauthenticated = The hub did not recognise this phone. Check the phone's date and time, then sync again.
app-error-hub-forbidden = The hub refused: this phone is no longer in the team, or only a lead may do this.
app-error-hub-not-found = The hub does not know this team. Ask your team lead.
app-error-hub-conflict = Another change reached the hub first. Sync again.
app-error-hub-too-large = The hub refused something too large to send.
app-error-hub-busy = The hub is busy. Wait a minute, then sync again.
app-error-hub-envelope-rejected = The hub refused some of this phone's changes as altered or out of place. Ask your team lead.
app-error-hub-membership-rejected = The hub refused the change to the team's members.
app-error-hub-order-rejected = The hub refused the team order.
app-error-hub-failed = The hub failed (HTTP { $status }). Nothing is lost: sync again later.
app-error-hub-refused = The hub refused the request (HTTP { $status }).
app-error-key-store = This phone's key store failed.
app-error-device-secret = This phone's key store no longer holds the vault's key, so the vault cannot be opened here. Set the phone up again with your team lead.
app-error-demo = Demo and real data never mix: a demo vault works only with demo teams and a demo hub, a real vault only with real ones. Nothing was mixed or changed.
app-error-storage = The phone's storage failed.
app-error-wipe-keys-gone = The wipe did not finish, but the vault's keys are destroyed: nothing left on this phone can be read, even with the passcode. Try again to remove the remaining files.
app-error-wipe-incomplete = The wipe did not finish, and the data may still be readable. Try again now.
app-error-interrupted = Stopped before it finished. Nothing is lost: try again.
app-error-internal = Something went wrong.

## The unlock's and the sync's own lines.

app-unlock-attempts = Failed attempts: { $count }. Each one makes the next wait longer.
app-sync-quarantined = { $count ->
    [one] { $count } change from the team could not be applied and is held apart; tell your lead.
   *[other] { $count } changes from the team could not be applied and are held apart; tell your lead.
}
app-sync-purged = { $count ->
    [one] { $count } record removed by the team's orders.
   *[other] { $count } records removed by the team's orders.
}
app-sync-idle-wipe = { $days ->
    [0] Team policy: this phone wipes itself today without a sync.
    [one] Team policy: this phone wipes itself in { $days } day without a sync.
   *[other] Team policy: this phone wipes itself in { $days } days without a sync.
}
app-sync-idle-warning = { $days ->
    [0] This phone wipes itself today unless it syncs with the hub. Sync now.
    [one] This phone wipes itself unless it syncs with the hub within { $days } day. Sync now.
   *[other] This phone wipes itself unless it syncs with the hub within { $days } days. Sync now.
}

## A lead's work: approving a pasted request, members, quarantine, policy, erasure, report.

app-team-paste-request = …or paste the device's join request
app-team-request-unreadable = This is not a whole join request: check that it was copied in full.
app-team-request-words = Approve only if the new device shows these words:
app-team-approve-pasted = Approve this device
app-lead-title = Lead's work
app-lead-members-title = Members
app-lead-quarantine-title = Quarantine
app-lead-policy-title = Team policy
app-lead-erase-title = Erase a person
app-lead-report-title = Report
app-lead-members-explained = A member's sync reaches this device at this device's next sync: the time shown is when this device first received that member's latest changes.
app-lead-members-sync = Sync and refresh
app-lead-member-revoked-name = Removed device
app-lead-member-revoked = Removed from the team
app-lead-member-this-device = Lead · this device
app-lead-member-lead = Lead
app-lead-member-worker = Worker
app-lead-member-never-synced = This device has not synced yet.
app-lead-member-nothing-yet = Nothing received from it yet.
app-lead-member-own-sync = Last synced: { $time }
app-lead-member-heard = Last heard from: { $time } (change set { $count })
app-lead-revoke = Remove from the team
app-lead-revoke-title = Remove this device?
app-lead-revoke-confirm = { $name } ({ $device }) will no longer sync: the team moves to a new key the device cannot read. What it already holds stays on it.
app-lead-quarantine-explained = Envelopes that are authentic but whose content cannot be applied. They are kept apart; sync goes on. Remove a device that keeps sending them, then purge them.
app-lead-quarantine-count = { $count ->
    [one] { $count } envelope in quarantine
   *[other] { $count } envelopes in quarantine
}
app-lead-quarantine-place = Device { $device } · no. { $seq }
app-lead-quarantine-found = Found: { $time }
app-lead-quarantine-purged = { $count ->
    [one] { $count } envelope purged (team order { $order }).
   *[other] { $count } envelopes purged (team order { $order }).
}
app-lead-quarantine-purge = Purge from the team
app-lead-quarantine-purge-confirm = These envelopes are removed from every device and from the hub, for good.
app-lead-quarantine-purge-now = Purge now
app-lead-policy-none = No policy is set: records are kept until deleted, and no device wipes itself.
app-lead-policy-explained = The policy as of this device's last sync. Saving replaces it whole; every device applies it at its next sync.
app-lead-policy-retention = How long records are kept after their last change
app-lead-policy-keep = { $kind }: days
app-lead-policy-wipe = When a phone wipes itself
app-lead-policy-failures = After this many wrong passcodes in a row (3 to 1000)
app-lead-policy-days = After this many days without a sync
app-lead-policy-blank = Leave a field empty for no limit.
app-lead-policy-save = Save the policy
app-lead-policy-set = Policy set (team order { $order }). Every device applies it at its next sync.
app-lead-erase-explained = When a person asks for their data to be erased, or withdraws consent: their record and every record linked to it are erased from every device and from the hub, for good. Choose the person from the list, or enter their record id.
app-lead-erase-subject = The person's record id
app-lead-erase-check = Sync and check
app-lead-erase-count = { $count ->
    [one] { $count } record will be erased from every device and the hub, for good.
   *[other] { $count } records will be erased from every device and the hub, for good.
}
app-lead-erase-now = Erase for good
app-lead-erase-done = { $count ->
    [one] { $count } record erased (team order { $order }). Other devices remove it at their next sync.
   *[other] { $count } records erased (team order { $order }). Other devices remove them at their next sync.
}
app-lead-report-threshold = Anonymised counts of every record this device holds. Counts below { $count } are hidden, and so is any count that would give one away.
app-lead-report-unreadable = { $count ->
    [one] { $count } record could not be read and is not counted.
   *[other] { $count } records could not be read and are not counted.
}
app-lead-report-levels = Assessed interviews by level, by month
app-lead-report-empty = No records in this period.
app-lead-report-no-interviews = No assessed interviews in this period.
app-lead-report-month = { $month }: no indicators { $none } · keep in touch { $monitor } · possible { $possible } · likely { $likely }
app-lead-report-referrals = Referrals by status
app-lead-report-places = Outreach notes by place
app-lead-report-no-place = No place given
app-lead-report-hidden = hidden
app-lead-report-dashed = A dashed outline: a count of that month is hidden.
app-lead-report-hidden-explained = A hidden count is small enough to single out a person; it is never shown.
# The report's chart on iOS marks a month with a hidden count by a dashed line rising above its bar.
app-lead-report-dashed-line = A dashed line above a month: a count of that month is hidden.
# The names of the report charts' axes, which a screen reader reads out (iOS).
app-lead-report-axis-month = Month
app-lead-report-axis-level = Level
app-lead-report-axis-count = Number of records
app-lead-report-export = Export
app-lead-report-save-csv = Counts (CSV)
app-lead-report-save-svg = Charts (SVG)
app-lead-report-save-png = Charts (PNG)
app-lead-report-saved = Saved: { $file }. Only the counts shown here, hidden ones hidden.
app-lead-report-not-saved = The file could not be saved. Choose another folder and try again.
app-lead-status-proposed = Proposed
app-lead-status-accepted = Accepted
app-lead-status-declined = Declined
app-lead-status-completed = Completed
app-lead-status-cancelled = Cancelled
app-lead-level-none = No indicators
app-lead-level-monitor = Keep in touch
app-lead-level-possible = Possible trafficking
app-lead-level-likely = Likely trafficking

## After a vault from an earlier version was upgraded at unlock (SenimApp.kt): the same
## advice for every upgraded vault, whether or not a duress passcode was set.

app-upgrade-duress-advice = This version encrypts the whole vault. If you set a duress passcode, set it again now in Settings, so that it is protected the same way.
app-upgrade-duress-settings = Settings
app-upgrade-duress-dismiss = Not now

## Training: scenarios with their answer keys, practice interviews compared with the key.

app-menu-training = Training
app-training-title = Training scenarios
app-training-result-title = Compared with the key
app-training-explained = Fictional people to practise screening with. Each has a script and an answer key. A practice interview runs only in a demo vault and is compared with the key.
app-training-key-level = Key: { $level } · { $count ->
    [one] { $count } indicator
   *[other] { $count } indicators
}
app-training-persona = { $alias } · { $nationality } · age { $age }
app-training-fictional = Fictional person, invented for training.
app-training-where-met = Where the worker meets them
app-training-situation = Their situation
app-training-background = Background for the trainer
app-training-practise = Practise this interview
app-training-practise-demo-only = Practice interviews run only in a demo vault, so that no fictional case is stored among real ones.
app-training-show-key = Show the answer key
app-training-hide-key = Hide the answer key
app-training-key = Answer key
app-training-key-level-named = Level: { $name }
app-training-strength-strong = strong
app-training-strength-medium = medium
app-training-strength-weak = weak
app-training-key-indicators = Indicators: { $indicators }
app-training-danger = Immediate danger: { $questions }
app-training-none = none
app-training-script = What the person says
app-training-says = Says: { $text }
app-training-expected = Key: { $answer }
app-training-off-path = Only if the interview goes another way
app-training-score = Score: { $score } of 100
app-training-level = Level: { $level } (the key: { $key }; −{ $points })
app-training-perfect = Every answer is the key's.
app-training-off-key = Answered beyond the key's path (no points lost): { $questions }
app-training-again = Practise again
app-training-finding-danger = Immediate danger missed: { $about }
app-training-finding-missed = Indicator missed: { $about } ({ $strength }, { $dimension })
app-training-finding-extra = Indicator the key does not have: { $about } ({ $strength }, { $dimension })
app-training-finding-answer = { $about }: the key says “{ $expected }”, the answer was “{ $given }”
app-training-finding-question = { $about } has no answer ({ $why }); the key says “{ $expected }”
app-training-points = { $count ->
    [one] −{ $count } point
   *[other] −{ $count } points
}
app-training-miss-skipped = skipped
app-training-miss-not-asked = never asked
app-training-miss-unanswered = the interview stopped before it

## The lead's merged picture: the team's records, filtered, with conflicts and history.

app-lead-records-title = Team records
app-lead-records-explained = Every record of the team this device holds, merged from every worker's phone. Sync first to see the latest.
app-lead-records-worker = Worker
app-lead-records-any-worker = Every worker
app-lead-records-kind = Kind of record
app-lead-records-any-kind = Every kind
app-lead-records-level = Level
app-lead-records-any-level = Every level
app-lead-records-from = First day
app-lead-records-to = Last day
app-lead-records-day-format = YYYY-MM-DD
app-lead-records-open-referrals = Open referrals only
app-lead-records-conflicts = Conflicts only
app-lead-records-apply = Show
app-lead-records-clear = Clear the filters
app-lead-records-count = { $count ->
    [one] One record matches.
   *[other] { $count } records match.
}
app-lead-records-empty = No record matches.
app-lead-records-more = Show more
app-lead-records-by = By { $name }, { $time }
app-lead-records-device = Device { $device }
app-lead-records-you = You (this device)
app-lead-records-open-referral = Open referral
app-lead-records-conflict = Conflict
app-lead-record-title = Record
app-lead-record-conflicts = Workers recorded different values
app-lead-record-conflicts-explained = Nothing is lost: every value is kept with who recorded it. The record shows one of them until someone edits the field again.
app-lead-record-field = Field: { $field }
app-lead-record-value = { $name } recorded: { $value }
app-lead-record-value-current = The record shows this one
app-lead-record-history = History
app-lead-record-created = { $time } · { $name } created it
app-lead-record-edited = { $time } · { $name } changed { $fields }
app-lead-record-deleted = { $time } · { $name } deleted it
app-lead-record-changed = { $time } · { $name } changed it
app-lead-record-body = What it holds
app-lead-record-back = Back to the list
app-lead-erase-pick = Choose the person
app-lead-erase-people-empty = No person is recorded on this device yet. Sync first.
app-lead-erase-person = { $count ->
    [one] { $count } record · { $name } · { $time }
   *[other] { $count } records · { $name } · { $time }
}
app-lead-erase-choose = Choose
app-lead-erase-or-type = Or enter the person's record id
app-lead-field-status = status
app-lead-field-alias = alias
