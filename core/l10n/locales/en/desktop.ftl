### The desktop application (android/desktop): its window's menu, presenter mode and
### the launcher's messages. Keys start with "desktop-". The screens inside the window
### are the phone app's (app.ftl).

desktop-menu-view = View
desktop-menu-presenter = Presenter mode (large type)
desktop-menu-lock = Lock now
desktop-menu-capture-hidden = Hidden from screen sharing and screenshots
desktop-menu-capture-visible = Screen sharing can see this window on this system
desktop-presenter-banner = Presenter mode: large type for a projector. { $shortcut } turns it off.
desktop-error-option = The option { $option } is not known or has no value.
desktop-error-idle-minutes = The minutes before the automatic lock must be a whole number from 1 to 60.
desktop-error-data-dir = No data directory for this user was found: start with --vault-dir DIR.
desktop-usage = Usage: senim-desktop [--vault-dir DIR] [--idle-minutes N] [--presenter] [--ready-file FILE] [--screenshot FILE]
desktop-save-report = Save the report

## The first-run screen's words where the phone's would be wrong: a desktop has no
## secure hardware for the key, and no app data to clear.

desktop-create-intro = Choose a passcode of at least { $count ->
    [one] { $count } character
   *[other] { $count } characters
}. Everything you record is encrypted with it and with a key kept in a file of your user account on this computer, apart from the vault. Nobody can recover a forgotten passcode.
desktop-create-demo-explained = A demo vault is filled with synthetic cases, never real people, and needs no passcode of yours (it opens with the public one, senim-demo). It shows a DEMO banner on every screen and can never sync with a real team. Never record a real person in it. This computer then holds the demo vault: to record real cases here later, start the app with another vault directory (--vault-dir) or remove this one with the emergency wipe.

## Training: the field-day demo (`senim demo`) from the app, in a window of its own.

desktop-menu-training = Training
desktop-menu-field-day = Field-day demo…
desktop-field-day-title = Field-day demo
desktop-field-day-explained = A whole field day on this computer, with synthetic data only: a demo hub of its own, a lead and { $workers } workers with demo vaults, { $records } records each recorded offline, everyone syncing, two workers editing the same note at once, and the lead's merged picture. It uses none of your vaults and removes its own when it ends.
desktop-field-day-unavailable = The senim command is not beside this app, so the field-day demo cannot run here. Run `senim demo` in a terminal instead.
desktop-field-day-run = Run the field day
desktop-field-day-done = The field day is over: this is what the lead sees.
desktop-field-day-failed = The field-day demo stopped with code { $code }.
