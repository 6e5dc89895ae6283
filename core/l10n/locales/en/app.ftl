### The phone apps' screens (Android and iOS). Keys start with "app-", then the screen
### ("app-settings-…", "app-unlock-…").

app-name = Senim

## Settings: the language of the app (the interview's language is chosen apart).

app-settings-language = Language of the app
app-settings-language-system = As on this phone
app-settings-language-fallback = { $language } is not translated yet: the app is shown in Russian.
app-settings-language-review = The Kazakh text awaits a native speaker's review.
