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
desktop-usage = Usage: senim-desktop [--vault-dir DIR] [--idle-minutes N] [--presenter] [--ready-file FILE] [--screenshot FILE] [--lang TAG] [--camera DEVICE]
desktop-save-report = Save the report

## The first-run screen's words where the phone's would be wrong: a desktop has no
## secure hardware for the key, and no app data to clear.

desktop-create-intro = Choose a passcode of at least { $count ->
    [one] { $count } character
   *[other] { $count } characters
}. Everything you record is encrypted with it and with a key kept in a file of your user account on this computer, apart from the vault. Nobody can recover a forgotten passcode.
desktop-create-demo-explained = A demo vault is filled with synthetic cases, never real people, and needs no passcode of yours (it opens with the public one, senim-demo). It shows a DEMO banner on every screen and can never sync with a real team. Never record a real person in it. This computer then holds the demo vault: to record real cases here later, start the app with another vault directory (--vault-dir) or remove this one with the emergency wipe.

## The laptop's camera reading a phone's join code (CameraScanner.kt).

desktop-camera-opening = Opening the camera…
desktop-camera-looking = Hold the code in front of the camera, about a hand's width away.
desktop-camera-none = No camera could be opened. Close this and paste the code instead.
desktop-camera-stopped = The camera stopped. Close this and paste the code instead.
desktop-camera-close = Close
desktop-camera-picture = What the camera sees

## The field-day demo, from the Training menu (FieldDay.kt).

desktop-menu-training = Training
desktop-menu-field-day = Field-day demo…
desktop-field-day-title = Field-day demo
desktop-field-day-explained = A made-up team of { $workers } outreach workers records { $records } cases each without signal, then syncs through a hub started on this computer for the demo, and the team lead sees everything merged, with the edits two workers made to the same record at the same time. Only synthetic data: nothing of this app's vault is used, and nothing is kept.
desktop-field-day-run = Run the demo
desktop-field-day-again = Run it again
desktop-field-day-missing = The senim program that comes with the app was not found, so the demo cannot run.
desktop-field-day-failed = The demo stopped before the end (code { $code }).
