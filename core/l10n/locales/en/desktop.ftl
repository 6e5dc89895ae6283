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
