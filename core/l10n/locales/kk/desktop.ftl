### Компьютерге арналған қолданба (android/desktop): терезе мәзірі, презентация режимі
### және іске қосу хабарлары. Кілттер "desktop-" деп басталады.

desktop-menu-view = Көрініс
desktop-menu-presenter = Презентация режимі (ірі қаріп)
desktop-menu-lock = Қазір құлыптау
desktop-menu-capture-hidden = Экранды көрсетуден және скриншоттардан жасырылған
desktop-menu-capture-visible = Бұл жүйеде экранды көрсету кезінде терезе көрінеді
desktop-presenter-banner = Презентация режимі: проекторға арналған ірі қаріп. { $shortcut } оны өшіреді.
desktop-error-option = { $option } параметрі белгісіз немесе оның мәні жоқ.
desktop-error-idle-minutes = Автоматты құлыптауға дейінгі уақыт 1-ден 60-қа дейінгі бүтін минут саны болуы керек.
desktop-error-data-dir = Пайдаланушы деректерінің каталогы табылмады: --vault-dir КАТАЛОГ арқылы іске қосыңыз.
desktop-usage = Іске қосу: senim-desktop [--vault-dir КАТАЛОГ] [--idle-minutes N] [--presenter] [--ready-file ФАЙЛ] [--screenshot ФАЙЛ]
