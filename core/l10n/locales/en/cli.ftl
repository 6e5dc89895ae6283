### The senim command: prompts, messages and help. Keys start with "cli-".
### The English help texts (cli-about, cli-help-…) are the command's own: a test checks
### that they match what `senim --help` says in English.

## Errors.

cli-error = error
cli-see-help = see --help
cli-unknown-language = unknown language “{ $tag }” in { $source }: choose en, ru or kk (uz, ky and tg are shown in Russian)
cli-error-wrong-passcode = wrong passcode ({ $failures ->
    [one] { $failures } failed attempt
   *[other] { $failures } failed attempts
} since the last unlock)
cli-error-too-many-attempts = too many failed unlock attempts: try again in { $seconds } s
cli-error-no-vault = no vault found at the given location
cli-error-vault-exists = a vault already exists at the given location
cli-error-record-not-found = record { $id } not found
cli-error-unsupported-format = unsupported vault format { $found } (this build reads up to { $supported })
cli-error-keystore-required = this vault is bound to a device key store, and none is available
cli-error-device-secret-missing = this device's key store holds no secret for this vault
cli-error-wiped-by-policy = this vault was wiped by the team's policy; nothing of it remains (create a new vault and ask the team's lead to admit it again)
cli-error-damaged = the vault is damaged or was altered: do not write to it, and tell the team's lead
cli-error-invalid-answer = this answer does not fit the question: { $reason }
cli-error-consent-required = this needs the person's consent to { $scope ->
    [referral] a referral
    [sharing] sharing beyond the team
   *[screening] the screening
}, and none is recorded
cli-error-consent-withdrawn = the person withdrew their consent: nothing more is recorded under it
cli-error-demo-mismatch = demo and real data never mix: a demo vault works only with demo teams and a demo hub, a real vault only with real ones; nothing was mixed or changed
cli-error-hub-unreachable = cannot reach the hub; nothing is lost: sync again later
cli-error-hub-unauthenticated = the hub did not recognise this device: check its date and time, then sync again
cli-error-hub-forbidden = the hub refused: this device is no longer in the team, or only a lead may do this
cli-error-hub-not-found = the hub does not know this team: ask your team lead
cli-error-hub-conflict = another change reached the hub first: run the command again
cli-error-hub-too-large = the hub refused something too large to send
cli-error-hub-busy = the hub is busy: wait a minute, then try again
cli-error-hub-envelope-rejected = the hub refused some of this device's changes as altered or out of place: ask your team lead
cli-error-hub-membership-rejected = the hub refused the change to the team's members
cli-error-hub-order-rejected = the hub refused the team order
cli-error-hub-failed = the hub failed (HTTP { $status }); nothing is lost: sync again later
cli-error-hub-refused = the hub refused the request (HTTP { $status }, { $code })
cli-error-hub-move-team-unknown = this device does not move to that hub: the hub does not know this team; the team's lead moves it there first (senim team set-hub)
cli-error-hub-move-not-chained = this device does not move to that hub: its membership lists do not continue the ones this device holds, so it is not this team's hub
cli-error-hub-move-names-another-hub = this device does not move to that hub: no list signed by a lead names this hub address with this certificate pin; check both with your lead
cli-error-passcode-too-short = invalid passcode: must be at least 6 characters
cli-error-passcode-common = invalid passcode: it is one of the most common passcodes; choose one that is harder to guess
cli-error-passcode-repeated-character = invalid passcode: it repeats one character; choose one that is harder to guess
cli-error-passcode-sequence = invalid passcode: it is a run of consecutive characters; choose one that is harder to guess
cli-error-passcode-repeated-group = invalid passcode: it repeats a short group; choose one that is harder to guess
cli-error-passcode-too-guessable = invalid passcode: it is too easy to guess; add words or characters

## Passcodes.

cli-passcode-prompt = Passcode:
cli-passcode-prompt-new = New passcode:
cli-passcode-prompt-repeat = Repeat the new passcode:
cli-passcode-mismatch = the two passcodes do not match
cli-passcode-no-terminal = cannot read a passcode from the terminal: set { $var } to pass it instead
cli-passcode-strength = passcode strength: { $score } of 4 (about 10^{ $guesses } guesses to find it)
cli-passcode-advice = advice: { $advice }

## Records.

cli-records-none = no records
cli-records-more = more: { $command }
cli-warning-damaged = warning: { $count ->
    [one] { $count } record could not be decrypted
   *[other] { $count } records could not be decrypted
} (damaged or altered): { $ids }
cli-column-id = ID
cli-column-kind = KIND
cli-column-time = TIME
cli-column-tags = TAGS
cli-column-summary = SUMMARY

## Vault.

cli-vault-created = created vault { $id } in { $dir }
cli-vault-device-bound = bound to the device key store in { $dir }: keep it, the vault cannot be opened without it
cli-vault-demo-created = created demo vault { $id } in { $dir } with { $count ->
    [one] { $count } synthetic record
   *[other] { $count } synthetic records
} (seed { $seed })
cli-vault-demo-reset = demo vault reset: { $count ->
    [one] { $count } synthetic record
   *[other] { $count } synthetic records
}, as when it was created
cli-vault-demo-keeps-passcode = a demo vault keeps the documented demo passcode
cli-vault-demo-no-duress = a demo vault cannot have a duress passcode: its passcode is public
cli-vault-passcode-changed = passcode changed; the vault's key was replaced
cli-vault-kdf-raised = this device has become faster: key derivation raised to { $mib } MiB, { $passes } passes. A duress passcode set before no longer works: set it again with `senim vault duress`.
cli-vault-duress-destroy = duress passcode set: entering it opens a decoy and destroys this vault's key material for good
cli-vault-duress-hide = duress passcode set: entering it opens a decoy; this vault stays hidden and opens with your passcode

## Help: the command's about line, the headings, the global options, each command's
## summary (cli-help-<command>-<subcommand>).

cli-about = Senim: the encrypted field notebook for outreach workers, on the desktop
cli-long-about =
    Senim: the encrypted field notebook for outreach workers, on the desktop.

    Every record is encrypted in the vault directory under a key wrapped by your passcode
    (and, for a device-bound vault, a secret kept in the key store directory).
cli-after-help =
    Passcode:
      Commands that open the vault ask for the passcode on the terminal, without echo.
      For scripting and tests, set SENIM_PASSCODE instead. `vault init` takes the new
      vault's passcode from SENIM_PASSCODE; `vault change-passcode` takes the new passcode
      and `vault duress` the duress passcode from SENIM_NEW_PASSCODE. Without them, the new
      passcode is asked twice.
      A new passcode is refused when it is short, common, a run or a repeat, or scores
      below 2 of 4 on the strength estimate (zxcvbn); the strength of the one set is
      printed (`passcode_strength` in --json).
      Passcodes are never accepted as command line arguments.

    Exit codes:
      0  success
      1  any other failure (invalid input, a record that does not exist, storage errors)
      2  bad arguments
      3  the vault could not be unlocked: wrong passcode, too many failed attempts, or the
         device key store is missing
      4  no vault at the given location (also when the team's policy has just wiped it:
         too many failed unlocks, or too long without a sync)
      5  the vault is damaged or has been tampered with (including a broken audit log)
cli-heading-usage = Usage:
cli-heading-commands = Commands
cli-heading-options = Options
cli-heading-arguments = Arguments
cli-heading-global = Global options
cli-option-help = Print help
cli-option-version = Print version
cli-option-vault = Vault directory [default: "vault" in the per-user data directory, e.g. ~/.local/share/senim/vault]
cli-option-keystore = Device key store directory, used only by device-bound vaults [default: "keystore" in the per-user config directory, e.g. ~/.config/senim/keystore]
cli-option-json = Print machine-readable JSON on standard output
cli-option-content = A content directory with your organisation's own forms, rule sets and services directories (forms/*.json, rules/*.json, services/*.json), loaded beside the bundled ones
cli-option-verbose = Log what the command does on standard error (-v: its steps, -vv: details)
cli-option-lang = The language senim speaks: en, ru or kk (uz, ky and tg are shown in Russian) [default: SENIM_LANG, else the system's locale]

cli-help-demo = Run a whole field day end to end with synthetic data: an embedded demo hub, a lead and workers recording offline, syncing, and the lead's merged picture
cli-help-vault = Create, inspect, re-key and wipe the vault
cli-help-vault-init = Create a new vault (passcode from SENIM_PASSCODE, or asked twice)
cli-help-vault-reset-demo = Demo vault only: return it to its seeded state (everything added since is gone)
cli-help-vault-change-passcode = Change the passcode (new one from SENIM_NEW_PASSCODE, or asked twice)
cli-help-vault-info = Show counts, format and key derivation parameters (no passcode needed)
cli-help-vault-wipe = Panic wipe: destroy the vault for good, without its passcode. The key material goes first (nothing left can be decrypted, even with the passcode), then the device key store secret, then the files. Asks you to type "wipe" unless --yes
cli-help-vault-duress = Set a duress passcode (from SENIM_NEW_PASSCODE, or asked twice): entering it instead of the passcode opens a decoy vault with a few harmless notes
cli-help-note = Write and edit outreach notes
cli-help-note-add = Record a new outreach note, timed now; prints its id
cli-help-note-edit = Change fields of a note; prints the names of the fields that changed
cli-help-records = List, show, search and delete records
cli-help-records-list = List records, newest first
cli-help-records-show = Show one record and its history
cli-help-records-search = Find notes whose text or place contains every word (word starts match)
cli-help-records-delete = Delete a record (hidden from listings, kept in history)
cli-help-audit = Check and read the vault's audit log
cli-help-audit-verify = Check that no audit entry was altered, removed or reordered
cli-help-audit-log = Print the audit log, oldest first
cli-help-forms = List, check and show screening forms
cli-help-forms-list = List the forms available (bundled and from --content)
cli-help-forms-validate = Check a form definition file; lists every problem and exits 1 if there is one
cli-help-forms-show = Show a form's sections, questions, options and skip logic
cli-help-interview = Run and resume screening interviews
cli-help-interview-run = Run a screening interview on the terminal (or from --answers), store every answer as it is given, and print the assessment
cli-help-interview-resume = Continue an interrupted interview where it stopped
cli-help-assess = Score a stored interview again with the form and rule-set versions it used
cli-help-services = Recommend services and create referrals
cli-help-services-list = List the services in the directory
cli-help-services-recommend = Recommend services for a scored interview, ordered, with reasons
cli-help-services-refer = Refer the person to a service (needs a consent with the referral scope)
cli-help-team = Create and join a team, approve and revoke devices, set the team's policy and erase a subject's records
cli-help-team-create = Lead: create a team with this device as its lead, and register it on the hub
cli-help-team-request = New device: print this device's join request (one line) for the lead
cli-help-team-approve = Lead: admit the device of a join request; prints its welcome code (one line)
cli-help-team-join = New device: join the team with the lead's welcome code
cli-help-team-members = List the team's devices and their roles
cli-help-team-revoke = Lead: revoke a device; the team moves to a new key it cannot read
cli-help-team-policy = Show the team's retention and automatic-wipe policy; lead: set a new one
cli-help-team-erase = Lead: erase a subject and its linked records from every device and the hub
cli-help-team-quarantine = List envelopes held in quarantine (authentic, but their content cannot be applied); lead: purge them from the team
cli-help-team-set-hub = Move the team to another hub: a lead signs its address and certificate pin into the membership list; another device follows when its old hub is gone
cli-help-team-rehome = The same as `set-hub` (a lead hands the team to a hub that lost it, at the same address or a new one)
cli-help-hub = Run the office hub
cli-help-hub-serve = Serve the hub: it stores and relays the team's encrypted envelopes and membership lists, checks every signature, and holds no key (stop with Ctrl-C)
cli-help-hub-backup = Copy the hub's database to a file, consistently, while the hub serves (the copy is checked and made readable by this user only)
cli-help-hub-restore = Put a backup back as the hub's database (stop the hub first; the database it replaces is kept beside it as hub.sqlite3.replaced-TIME)
cli-help-hub-registration-token = Make a registration token for a hub serving with --registration token: hand it to the lead who will create a team (`senim team create --registration-token`); it registers one team
cli-help-hub-fingerprint = Print the SHA-256 fingerprint of the hub's own TLS certificate (made by the first `hub serve --tls`), the pin its devices check
cli-help-sync = Exchange records with the team through the office hub
cli-help-report = Anonymised counts for team leads (small counts suppressed); also as CSV files and an SVG chart
cli-help-training = Practice interviews with fictional personas, compared with an answer key
cli-help-training-list = List the training scenarios, with the level each one's answer key scores (no vault needed)
cli-help-training-show = Show a scenario's fictional persona and the script the trainer plays, question by question, with the answer key (no vault needed)
cli-help-training-run = Run a practice interview, anonymous, on the terminal (the trainer plays the persona) or from --answers, then compare it with the scenario's answer key
cli-help-training-check = Compare a stored interview with a scenario's answer key
cli-help-handoff = Seal one referral's records in an encrypted file for a partner organisation without the app, and open such files
cli-help-handoff-export = Seal the records of one referral (referral, person, consent, interview and its explained result) into an encrypted file for a partner organisation; needs the person's consent to referral or sharing
cli-help-handoff-open = Open a handoff file: write summary.html and records.json into a directory, or print the summary (records.json with --json)

## Warnings at unlock.

cli-warning-idle-wipe = warning: this device wipes itself unless it syncs with the hub within { $days } more day(s) (team policy): run senim sync

## Words shared by several commands' reports: levels, statuses, fields.

cli-level-none = none
cli-level-monitor = monitor
cli-level-possible = possible
cli-level-likely = likely
cli-referral-status-proposed = proposed
cli-referral-status-accepted = accepted
cli-referral-status-declined = declined
cli-referral-status-completed = completed
cli-referral-status-cancelled = cancelled
cli-field-text = text
cli-field-place = place
cli-field-tags = tags

## The demo: its banner, narration and summary. The call signs are names.

cli-demo-banner = DEMO VAULT: synthetic training data only (passcode { $passcode })
cli-demo-start = Field day (demo, seed { $seed }): a lead and { $workers } worker(s), { $records } records each, hub on { $hub }
cli-demo-keep-not-empty = { $dir } is not empty: --keep needs a new or empty directory
cli-demo-worker-n = worker { $n }
cli-demo-lead = lead
cli-demo-enrolling = enrolling the team
cli-demo-enrolled = team enrolled
cli-demo-recording = { $name } records offline
cli-demo-syncing = syncing through the hub
cli-demo-synced = synced
cli-demo-syncing-edits = syncing the concurrent edits
cli-demo-merged = merged
cli-demo-story-follow-up = Follow-up: met again the next day, agreed to call the hotline.
cli-demo-story-place-platform = Sayran bus station, platform 3 (demo)
cli-demo-story-place-hall = Sayran bus station, ticket hall (demo)
cli-demo-workers = Workers (recorded offline, then synced):
cli-demo-column-worker = worker
cli-demo-column-records = records
cli-demo-column-subjects = subjects
cli-demo-column-notes = notes
cli-demo-column-interviews = interviews
cli-demo-column-referrals = referrals
cli-demo-column-sent = sent
cli-demo-column-received = received
cli-demo-column-by-worker = records by worker
cli-demo-column-by-level = assessments by level
cli-demo-column-by-status = referrals by status
cli-demo-column-count = count
cli-demo-lead-view = The lead's merged view: { $held } of { $created } records
cli-demo-open-referrals = open referrals (proposed or accepted): { $count }
cli-demo-merged-edits = concurrent edits merged with nothing lost: { $count } (a tag from one worker, a follow-up from the other)
cli-demo-no-conflicts = conflicts: none
cli-demo-conflicts = conflicts surfaced to the lead: { $count } (both values kept, with their authors)
cli-demo-conflict-value = "{ $value }" ({ $who })
cli-demo-conflict = { "  " }record { $record } { $field }: { $values }
cli-demo-timings = timings: enrol { $enrol } s, record { $record } s, sync { $sync } s, lead view { $view } s, total { $total } s
cli-demo-kept =
    Kept in { $dir }. Explore with, for example:
      senim --vault { $dir }/lead records list
      senim --vault { $dir }/lead report
      senim hub serve --demo --data { $dir }/hub

## Sync.

cli-sync-done = sent { $sent } envelope(s), received { $received } ({ $merged } record(s) merged), { $held } already held, { $rejected } rejected; { $sealed } record(s) had changes to send
cli-sync-quarantined = { $count } envelope(s) held in quarantine ({ $new } new in this sync): authentic, but their content cannot be applied; a lead purges them with `senim team quarantine --purge`
cli-sync-quarantined-one = { "  " }quarantined: { $place }
cli-sync-hub-moved = the team moved to { $hub } (a list signed by a lead names it): this device syncs with it from the next sync on
cli-sync-waiting = { $count } envelope(s) wait for changes they depend on; they apply at a later sync
cli-sync-orders = { $count } team order(s) applied (policy or purge); the team is at order { $order }
cli-sync-purged = { $count } record(s) purged from this device by the team's orders (erasure or retention)
cli-sync-retention-purged = { $count } record(s) purged from the team as the retention policy requires; the other devices remove them at their next sync
cli-sync-place = device { $device } seq { $seq }
cli-sync-rejected = { $count } envelope(s) failed verification and were not taken ({ $places }): this device lacks what they carry; sync again later (a damaged copy at the hub is replaced when its author syncs), and tell your lead if it persists
cli-sync-hub-lost = the hub does not know this team (a new hub, or one that lost its data): the team's lead hands it the team with `senim team set-hub URL` (docs/hub.md, "Losing the hub")

## Team.

cli-team-not-joined = this vault has not joined a team
cli-team-not-joined-hint = this vault has not joined a team: senim team join WELCOME
cli-team-created = team { $team } created; this device ({ $device }) is its lead
cli-team-qr-too-long = (too long for one QR code: pass the line above as text, e.g. in a message)
cli-team-read-to-lead = read these words to the lead: the lead's screen must show the same ones
cli-team-read-to-device = read these words to the new device: its screen must show the same ones
cli-team-bad-role = the role is worker or lead
cli-team-not-admitted = the device is not admitted
cli-team-join-failed = the team is not joined
cli-team-joined = joined team { $team } ({ $name }) as { $role }; sync with: senim sync
cli-team-not-revoked = the device is not revoked
cli-team-revoked = revoked { $device }; the team now writes under epoch { $epoch }
cli-team-column-device = DEVICE
cli-team-column-role = ROLE
cli-team-column-name = NAME
cli-team-column-heard = LAST HEARD FROM
cli-team-role-lead = lead
cli-team-role-worker = worker
cli-team-role-revoked = revoked
cli-verify-code =
    verification code: { $code }
      ({ $what })
cli-verify-refused-approve = refusing to admit the device without --verify: standard input is not a terminal to confirm the verification code on; pass --verify with the four words the new device shows
cli-verify-refused-join = refusing to join the team without --verify: standard input is not a terminal to confirm the verification code on; pass --verify with the four words the lead's device shows
cli-verify-prompt-approve = Verification code of this join request: { $code }
    Does the new device show exactly these four words? If not, the code was changed on the way: answer no.
    Type "yes" to admit the device:{ " " }
cli-verify-prompt-join = Verification code of this welcome code: { $code }
    Does the lead's device show exactly these four words? If not, the code was changed on the way: answer no.
    Type "yes" to join the team:{ " " }
cli-verify-not-confirmed-approve = the verification code was not confirmed: nothing was done (the device was not admitted)
cli-verify-not-confirmed-join = the verification code was not confirmed: nothing was done (the team was not joined)

## Notes.

cli-note-not-a-note = record { $id } is a { $kind }, not a note
cli-note-unchanged = nothing changed
cli-note-changed = changed: { $fields }

## The report: text tables, CSV files and the chart (--json keeps the core's English).

cli-report-chart-not-svg = the chart is drawn as SVG: give a file name ending in .svg
cli-report-unreadable = warning: { $count } record(s) could not be decrypted (damaged or altered) and are not counted
cli-report-csv-written = wrote { $count } CSV files to { $dir }
cli-report-chart-written = wrote the chart to { $file }
cli-report-chart-not-written = cannot write the chart to { $file }
cli-report-chart-failed = cannot draw the chart
cli-report-period-all = all records
cli-report-period-from = records from { $from }
cli-report-period-to = records up to { $to }
cli-report-period-between = records from { $from } to { $to }
cli-report-heading = Report: { $period }, generated { $generated }
cli-report-small-counts = { $max ->
    [1] a count of 1
   *[other] a count from 1 to { $max }
}
cli-report-legend = { $mark } suppressed: { $small }, or a count hidden so that one cannot be worked out from a total
cli-report-empty = { "  " }(none)
cli-report-total = Total
cli-report-not-recorded = (not recorded)
cli-report-no-place = (no place)
cli-report-kind-subject = subject
cli-report-kind-note = note
cli-report-kind-interview = interview
cli-report-kind-referral = referral
cli-report-kind-consent = consent
cli-report-table-records-by-kind = Records by kind
cli-report-table-assessments-by-level = Assessed interviews by level
cli-report-table-indicators = Indicators raised (interviews raising each)
cli-report-table-dimensions = Interviews raising an indicator, by dimension
cli-report-table-nationalities = Subjects and interviews by nationality
cli-report-table-places = Outreach notes by place
cli-report-table-months = Records and assessments by month
cli-report-table-workers = Records by worker
cli-report-table-referrals-by-service = Referrals by service
cli-report-table-referrals-by-status = Referrals by status
cli-report-column-kind = Kind
cli-report-column-records = Records
cli-report-column-level = Level
cli-report-column-interviews = Interviews
cli-report-column-indicator = Indicator
cli-report-column-name = Name
cli-report-column-dimension = Dimension
cli-report-column-nationality = Nationality
cli-report-column-subjects = Subjects
cli-report-column-place = Place
cli-report-column-notes = Notes
cli-report-column-month = Month
cli-report-column-none = Level none
cli-report-column-monitor = Level monitor
cli-report-column-possible = Level possible
cli-report-column-likely = Level likely
cli-report-column-worker = Worker
cli-report-column-service = Service
cli-report-column-referrals = Referrals
cli-report-column-status = Status
cli-chart-note = * suppressed, not drawn: { $small }, or hidden so that one cannot be worked out
cli-chart-period = { $from } to { $to }
cli-chart-first-record = first record
cli-chart-last-record = last record
cli-chart-title = Senim report: { $period }
cli-chart-dimensions = Interviews raising an indicator, by dimension
cli-chart-interviews = interviews
cli-chart-levels = Assessed interviews by level and month
cli-chart-no-assessments = no assessed interviews

## vault info.

cli-vault-info-vault = vault
cli-vault-info-device = device
cli-vault-info-location = location
cli-vault-info-format = format
cli-vault-info-format-value = { $format } (schema { $schema })
cli-vault-info-kdf = key derivation
cli-vault-info-kdf-value = Argon2id, { $kib } KiB, { $passes } pass(es), { $lanes } lane(s)
cli-vault-info-device-bound = device-bound
cli-vault-info-failed-unlocks = failed unlocks
cli-vault-info-records = records
cli-vault-info-no-records = none
cli-vault-info-audit = audit entries

## Interviews: what the worker reads on the terminal (the form's questions, the consent
## script and the assessment's text come from the form, in the interview's language).

cli-interview-answers-not-json = the answers file is not valid JSON (line { $line })
cli-interview-answers-not-object = the answers file must be a JSON object: {"{"}"question_id": "answer", ...{"}"}
cli-interview-answers-unknown-question = the answers file names question '{ $question }', which form '{ $form }' does not have
cli-interview-form-no-language = form '{ $form }' has no language '{ $language }'; it runs in { $languages }
cli-interview-answer-type = the answer to question '{ $question }' must be a string, number or list
cli-interview-question-error = question '{ $question }': { $error }
cli-interview-consent-required = --consent is required with --answers (for example --consent screening)
cli-interview-unknown-scope = unknown consent scope: expected screening, referral or sharing
cli-interview-no-consent = No consent: nothing was stored.
cli-interview-resuming = Resuming interview { $id } ({ $answered } of { $visible } questions answered).
cli-interview-not-an-interview = record { $id } is not an interview
cli-interview-answer-missing = the answers file has no answer for required question '{ $question }'
cli-interview-answers-unused = warning: not asked for these answers (hidden by skip logic or not allowed): { $questions }
cli-interview-paused = Interview { $id } is saved. Continue with: senim interview resume { $id }
cli-interview-stopped = Interview { $id } was stopped at the person's request.
cli-interview-saved-so-far = interview { $id } is saved as far as it went; continue with: senim interview resume { $id }
cli-interview-id = interview: { $id }
cli-interview-form-languages = the form runs in { $languages }
cli-interview-help =
    Answer the question, or type:
      :back            previous question        :next   next question (keep the answer)
      :skip            skip (optional questions only)
      :lang CODE       switch language (en, ru, kk, uz, uz-Cyrl, ky, tg)
      :pause           save and leave; resume later with `senim interview resume ID`
      :stop            the person wants to stop the interview
      :exit            quick exit: clear the screen and leave at once (answers so far stay)
      :help            this help
    Yes/no questions: y(es), n(o), u(nknown) or ?, d(eclined). Any question: d(eclined).
    Choice questions: the option's number or id (several separated by commas).
cli-interview-answer-y-or-n = Please answer y or n.
cli-interview-consent-read =
    Read this to the person before the first question:
    { "" }
cli-interview-consent-preset = Does the person agree to: { $scopes }? [y/n]{ " " }
cli-interview-consent-screening = Does the person agree to the screening? [y/n]{ " " }
cli-interview-consent-referral = Do they also agree to be referred to a service? [y/n]{ " " }
cli-interview-consent-sharing = Do they agree to sharing beyond the team? [y/n]{ " " }
cli-consent-scope-screening = screening
cli-consent-scope-referral = referral
cli-consent-scope-sharing = sharing
cli-interview-not-reviewed = { "  " }[translation not yet reviewed]
cli-interview-current-answer = { "      " }(current answer: { $answer }; press Enter to keep it)
cli-interview-type-help = Type :help for commands.
cli-interview-hint-yes-no = y/n/u/d
cli-interview-hint-number = number
cli-interview-hint-numbers = numbers, comma-separated
cli-interview-hint-date = YYYY-MM-DD
cli-interview-hint-country = country code, e.g. UZ
cli-interview-hint-text = text
cli-interview-invalid-answer = { "  " }this answer does not fit the question: { $reason }
cli-interview-required = { "  " }This question is required and cannot be skipped; the person can decline to answer it (d).
cli-interview-first-question = This is the first question.
cli-interview-type-answer = { "  " }Type an answer, d to decline, or :help.
cli-interview-unknown-command = Unknown command; type :help.
cli-interview-danger =
    { "" }
    !!! IMMEDIATE DANGER — act now, before continuing:
        { $steps }
    { "" }
cli-interview-cleared = { "  " }(answers no longer needed were cleared: { $questions })
cli-interview-answer-declined = declined
cli-interview-answer-unknown = unknown

## The assessment, as the worker reads it.

cli-assessment-danger = !!! IMMEDIATE DANGER signalled by: { $questions }
cli-assessment-level = level
cli-assessment-form = form
cli-assessment-rule-set = rule set
cli-assessment-population =
    { "" }
    { $population } — { $level } ({ $count } indicator(s))
cli-assessment-column-dimension = DIMENSION
cli-assessment-column-strong = STRONG
cli-assessment-column-medium = MEDIUM
cli-assessment-column-weak = WEAK
cli-assessment-column-positive = POSITIVE
cli-assessment-forced-labour =
    { "" }
    ILO forced-labour indicators: { $indicators }
cli-assessment-forced-labour-flagged =
    { "" }
    ILO forced-labour indicators: { $indicators } (involuntariness and coercion both present)

## team policy, team erase, team quarantine.

cli-policy-retain-twice = --retain names { $kind } twice: give one period per record kind
cli-policy-none = no team policy has been set: records are kept until deleted, and no vault wipes itself
cli-policy-days-left = this device wipes itself unless it syncs within { $days } more day(s)
cli-policy-never-idle = this device never wipes itself for want of a sync (a lead's device, or none yet)
cli-policy-as-of = (as of this device's last sync: team order { $order }; senim sync fetches newer ones)
cli-policy-retention = retention
cli-policy-retention-none = none: records are kept until deleted
cli-policy-keep = keep { $kind }
cli-policy-keep-days = { $days } day(s) after the last change
cli-policy-keep-days-referral = { $days } day(s) after the last change (closed referrals only)
cli-policy-keep-days-subject = { $days } day(s) after the last change (with every record linked to the subject)
cli-policy-wipe-failures = wipe after failed unlocks
cli-policy-wipe-days = wipe after days without sync
cli-policy-never = never
cli-policy-in-a-row = { $count } in a row
cli-policy-days = { $days } day(s)
cli-policy-not-set = the policy is not set
cli-policy-set = team policy set (team order { $order }); every device applies it at its next sync:
cli-erase-needs-yes = refusing to erase without --yes: standard input is not a terminal to confirm on
cli-erase-failed = the subject is not erased
cli-erase-sync-failed = cannot sync to count the records to erase
cli-erase-prompt =
    This erases subject { $subject } and the { $linked } record(s) linked to it ({ $count } in all) from every device of the team and from the hub, for good: nobody can recover them, not even with the team's keys.
    Type "erase" to continue:{ " " }
cli-erase-cancelled = erasure cancelled: nothing was erased
cli-erase-done = erased subject { $subject } (team order { $order })
cli-erase-records = records removed
cli-erase-envelopes = envelopes removed
cli-erase-envelopes-value = { $count } (on the hub and every device)
cli-erase-carriers = carrier envelopes
cli-erase-carriers-value = { $count } (re-sealed changes of other records those envelopes held)
cli-erase-others = other devices remove the records at their next sync; their audit logs keep the counts and the reason, not the records
cli-quarantine-not-purged = the quarantined places are not purged
cli-quarantine-none = nothing is quarantined
cli-quarantine-purged = purged { $count } quarantined envelope place(s) (team order { $order }); the other devices remove them at their next sync
cli-quarantine-column-seq = SEQ
cli-quarantine-column-reason = REASON
cli-quarantine-column-found = FOUND

## team set-hub.

cli-set-hub-not-moved = the device did not move to the hub
cli-set-hub-sync-failed = the device moved to the hub, but the sync with it failed: run senim sync
cli-set-hub-followed = this device syncs with { $hub } from now on (the list signed by your lead names it); sent { $sent } envelope(s), received { $received }
cli-set-hub-team-not-moved = the team was not moved
cli-set-hub-not-taken = the move is signed and kept, but the new hub did not take the team: run the same command again
cli-set-hub-moved = the team moves to { $hub } (membership version { $version }); the hub holds the team: { $lists } list(s), { $orders } order(s) and { $envelopes } envelope(s) uploaded
cli-set-hub-moved-registered = the team moves to { $hub } (membership version { $version }); the hub holds the team: { $lists } list(s), { $orders } order(s) and { $envelopes } envelope(s) uploaded, team registered
cli-set-hub-old-took-it = the old hub took the move: every device follows at its next sync there
cli-set-hub-old-lost-it = it lost the team
cli-set-hub-old-refused = the old hub did not take the move ({ $problem }): each device runs `{ $command }`
cli-set-hub-needs-pin = refusing to pin the hub's certificate without --pin: standard input is not a terminal to confirm it on; pass --pin with the fingerprint `senim hub serve --tls` printed on the hub
cli-set-hub-pin-prompt =
    The hub shows the certificate with SHA-256 fingerprint
      { $pin }
    Is it exactly the fingerprint `senim hub serve --tls` printed on the hub? If not, someone may be posing as the hub: answer no.
    Type "yes" to pin it:{ " " }
cli-set-hub-pin-refused = the certificate was not confirmed: nothing was done

## vault wipe.

cli-wipe-needs-yes = refusing to wipe without --yes: standard input is not a terminal to confirm on
cli-wipe-prompt =
    This destroys the vault in { $dir } for good: nothing in it can be recovered, with or without the passcode.
    Type "wipe" to continue:{ " " }
cli-wipe-cancelled = wipe cancelled: nothing was changed
cli-wipe-keys-overwritten = overwritten in the database, and no copy left in its write-ahead log
cli-wipe-keys-files-overwritten = the database files were overwritten from end to end (SQLite could not open them)
cli-wipe-keys-not-overwritten = could not be overwritten; the device secret was deleted instead
cli-wipe-secret-not-used = none (the vault was not device-bound)
cli-wipe-secret-deleted = deleted from the key store
cli-wipe-secret-still-present = the key store could not delete it
cli-wipe-secret-no-key-store = not found: no key store was available
cli-wipe-secret-unknown = unknown (the vault header was unreadable)
cli-wipe-secret-failed = the key store failed: { $reason }
cli-wipe-done = vault wiped: nothing left in { $dir } can be decrypted
cli-wipe-master-key = master key
cli-wipe-secrets = sealed secrets overwritten
cli-wipe-device-secret = device secret
cli-wipe-files = files removed

## services, records show | delete, audit.

cli-services-column-kind = KIND
cli-services-column-region = REGION
cli-services-column-contact = CONTACT
cli-services-column-name = NAME
cli-services-urgent = URGENT
cli-services-contact = { "   " }contact: { $contact }
cli-services-unknown = the services directory has no service '{ $service }' (see senim services list)
cli-services-no-consent = the person's consent does not cover a referral to '{ $service }': ask them, and if they agree run this again with --person-agreed
cli-show-id = id
cli-show-kind = kind
cli-show-created = created
cli-show-updated = updated
cli-show-created-by = created by
cli-show-deleted = deleted
cli-field-location = location
cli-field-at = at
cli-field-subject = subject
cli-show-conflicts = conflicts (devices recorded different values; the record above shows one of them):
cli-show-column-field = FIELD
cli-show-column-value = VALUE
cli-show-history = history:
cli-show-column-change = CHANGE
cli-records-deleted = deleted { $id }
cli-audit-intact = audit log intact: { $count } entries
cli-audit-column-action = ACTION
cli-audit-column-record = RECORD
cli-audit-column-detail = DETAIL

## hub (its serving lines on standard output, the address and the certificate's
## fingerprint, are read by scripts and stay as they are in every language).

cli-hub-token-needs-data = give the hub's --data directory or its --database
cli-hub-token-failed = no registration token was made
cli-hub-token = registration token (registers one team; shown once):
cli-hub-backed-up = backed up { $teams } team(s), { $bytes } bytes, to { $file }
cli-hub-replaced-kept = the replaced database is kept as { $file }
cli-hub-restored = restored { $teams } team(s) into { $dir }: start the hub
cli-hub-demo-banner = DEMO HUB: it serves demo teams only

## handoff.

cli-handoff-env-unset = the environment variable { $var } (--passphrase-env) is not set
cli-handoff-env-not-utf8 = { $var } is not valid UTF-8 text
cli-handoff-no-terminal = cannot read a passphrase from the terminal: use --passphrase-env VAR to pass it instead
cli-handoff-prompt-new = Passphrase for the partner:{ " " }
cli-handoff-prompt-repeat = Repeat the passphrase:{ " " }
cli-handoff-prompt = Handoff passphrase:{ " " }
cli-handoff-mismatch = the two passphrases do not match
cli-handoff-sealed = sealed { $count } records ({ $kinds }) into { $file }
cli-handoff-id = handoff id
cli-handoff-summary-in = summary in
cli-handoff-not-identity = { $file } is not an age identity file
cli-handoff-cannot-create-dir = cannot create { $dir }
cli-handoff-cannot-create-file = cannot create { $file } (an existing file is never replaced)
cli-handoff-referral = referral
cli-handoff-made-at = made at
cli-handoff-summary = summary
cli-handoff-records = records
cli-handoff-not-encrypted = These two files are not encrypted: delete them when you no longer need them.

## forms.

cli-forms-column-version = VERSION
cli-forms-column-languages = LANGUAGES
cli-forms-column-questions = QUESTIONS
cli-forms-column-hash = HASH
cli-forms-column-title = TITLE
cli-forms-valid = { $file }: form '{ $form }' version { $version } is valid ({ $questions } questions, { $indicators } indicators, hash { $hash })
cli-forms-needs-review = note: { $count } translated string(s) are marked needs_review
cli-forms-rules-mismatch = the form does not fit the rule set '{ $rules }': { $error }
cli-forms-problems = { $count } problem(s) in the form definition
cli-forms-no-language = the form has no language '{ $lang }'; it runs in { $languages }
cli-forms-review-mark = { " " }[needs review]
cli-forms-hash = hash { $hash }
cli-forms-section-shown-if = ## { $title }  (shown if { $condition })
cli-forms-required = required
cli-forms-identifying = identifying
cli-forms-shown-if = { "       " }shown if { $condition }
cli-forms-raises = { "       " }raises { $indicator } on { $when }
cli-forms-danger = { "       " }IMMEDIATE DANGER on { $when }
cli-forms-or = { " or " }
cli-forms-if = if { $condition }

## training.

cli-training-column-level = LEVEL
cli-training-column-persona = PERSONA
cli-training-languages = scenario '{ $scenario }' runs in { $languages }
cli-training-versions = { $scenario } · form { $form } · rule set { $rules }
cli-training-fictional = FICTIONAL PERSONA — invented for training; any likeness to a real person is coincidence.
cli-training-alias = alias
cli-training-age-band = age band
cli-training-gender = gender
cli-training-nationality = nationality
cli-training-persona-languages = languages
cli-training-where-met = where met
cli-training-situation = situation
cli-training-background = background
cli-training-script =
    { "" }
    SCRIPT — what the persona says when asked each question
cli-training-says = { "    " }says:     “{ $text }”
cli-training-expected = { "    " }expected: { $answer }
cli-training-off-path =
    { "" }
    Off the key's path (only if the trainee asks):
cli-training-answer-key =
    { "" }
    ANSWER KEY
cli-training-indicators = indicators
cli-training-immediate-danger = immediate danger
cli-training-none = none
cli-training-practice =
    Practice interview with { $persona }, a fictional persona (scenario { $scenario }). The trainer plays the persona: senim training show { $scenario }
    { "" }
cli-training-unfinished =
    { "" }
    The interview is not finished: continue it with `senim interview resume { $id }`, then compare again with `senim training check --scenario { $scenario } --interview { $id }`.
cli-training-deleted = interview { $id } was deleted
cli-training-points = { $count ->
    [one] -{ $count } point
   *[other] -{ $count } points
}
cli-training-result = TRAINING RESULT — { $title }
cli-training-score = score
cli-training-level-as-key = { $level } (as the key)
cli-training-level-off-key = { $level } (key: { $key }, { $points })
cli-training-perfect =
    { "" }
    Every answer matches the key.
cli-training-danger-missed =
    { "" }
    Immediate danger missed:
cli-training-indicators-missed =
    { "" }
    Indicators missed:
cli-training-indicators-extra =
    { "" }
    Indicators raised that the key does not have:
cli-training-answers-differ =
    { "" }
    Answers that differ from the key:
cli-training-answer-differs = { "  " }- { $question }: expected { $expected }, given { $given } ({ $points })
cli-training-questions-missed =
    { "" }
    Questions without an answer:
cli-training-off-key =
    { "" }
    Answered off the key's path (no points): { $questions }
cli-training-how =
    { "" }
    How the score is computed: docs/training.md
