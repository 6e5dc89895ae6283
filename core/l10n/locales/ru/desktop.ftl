### Приложение для компьютера (android/desktop): меню окна, режим презентации и
### сообщения при запуске. Ключи начинаются с "desktop-".

desktop-menu-view = Вид
desktop-menu-presenter = Режим презентации (крупный шрифт)
desktop-menu-lock = Заблокировать сейчас
desktop-menu-capture-hidden = Скрыто от демонстрации экрана и снимков экрана
desktop-menu-capture-visible = В этой системе окно видно при демонстрации экрана
desktop-presenter-banner = Режим презентации: крупный шрифт для проектора. { $shortcut } выключает его.
desktop-error-option = Параметр { $option } неизвестен или указан без значения.
desktop-error-idle-minutes = Время до автоматической блокировки — целое число минут от 1 до 60.
desktop-error-data-dir = Не найден каталог данных пользователя: запустите с --vault-dir КАТАЛОГ.
desktop-usage = Запуск: senim-desktop [--vault-dir КАТАЛОГ] [--idle-minutes N] [--presenter] [--ready-file ФАЙЛ] [--screenshot ФАЙЛ]
