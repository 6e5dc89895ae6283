### Экраны приложений для телефона (Android и iOS). Ключи начинаются с "app-", затем
### экран ("app-settings-…", "app-unlock-…").

app-name = Senim

## Настройки: язык приложения (язык интервью выбирается отдельно).

app-settings-language = Язык приложения
app-settings-language-system = Как на телефоне
app-settings-language-fallback = Перевода на язык «{ $language }» пока нет: приложение показано на русском.
app-settings-language-review = Текст на казахском ещё проверяется носителем языка.
