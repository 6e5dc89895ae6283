### Телефон қосымшаларының экрандары (Android және iOS). Кілттер "app-" деп, содан кейін
### экран атымен басталады ("app-settings-…", "app-unlock-…").
### Қазақша мәтін ана тілінде сөйлейтін маманның тексеруін күтуде.

app-name = Senim

## Баптаулар: қосымшаның тілі (сұхбат тілі бөлек таңдалады).

app-settings-language = Қосымшаның тілі
app-settings-language-system = Телефондағыдай
app-settings-language-fallback = «{ $language }» тіліне аударма әлі жоқ: қосымша орыс тілінде көрсетіледі.
app-settings-language-review = Қазақша мәтінді ана тілінде сөйлейтін маман әлі тексеріп жатыр.
app-settings-title = Баптаулар
app-settings-language-explained = Қосымша жазуларының тілі. Сұхбат тілі әр сұхбат басында таңдалады.

## Бірнеше экранға ортақ сөздер.

app-back = Артқа
app-close = Жабу
app-cancel = Бас тарту
app-ok = ОК
app-done = Дайын
app-next = Келесі
app-sync-now = Қазір синхрондау
app-emergency-wipe = Шұғыл жою…
app-demo-build-banner = Демо нұсқа: сауалнама мен оның аудармалары далада жұмыс істеуге тексерілмеген. Тек жаттығу үшін; шынайы адамдарды жазбаңыз.
app-demo-vault-banner = ДЕМО — жаттығуға арналған ойдан шығарылған деректер
app-strength-very-weak = Өте әлсіз
app-strength-weak = Әлсіз
app-strength-fair = Орташа
app-strength-strong = Сенімді
app-strength-very-strong = Өте сенімді
app-content-needs-review = аударма тексерілуде
app-content-shown-in = көрсетілген тіл: { $language }
app-qr-code = QR-код
app-qr-too-long = Бұл код QR-код үшін тым ұзын: төмендегі мәтінді пайдаланыңыз.

## Құлыпты ашу.

app-unlock-prompt = Құлыпты ашу үшін құпия кодты енгізіңіз.
app-unlock-passcode = Құпия код
app-unlock-button = Ашу
app-unlock-demo-note = Бұл жаттығуға арналған демо қойма: оның құпия коды баршаға белгілі — senim-demo.
app-unlock-open-demo = Демо қойманы ашу
app-unlock-upgrade-pages = Қойманы осы нұсқаға жаңартып жатырмыз: оны шифрлап жатырмыз. Бұл бір-ақ рет болады.
app-unlock-upgrade-index = Қойманы осы нұсқаға жаңартып жатырмыз: іздеу дайындалуда (жазбалар: { $done } / { $total }). Бұл бір-ақ рет болады.

## Алғашқы іске қосу: қойма жасалады.

app-create-wiped-title = Осы телефондағы қойма жойылды
app-create-welcome = Senim-ге қош келдіңіз
app-create-intro = Кемінде { $count ->
    [one] { $count } таңбадан
   *[other] { $count } таңбадан
} тұратын құпия код ойлап табыңыз. Жазғаныңыздың бәрі осы кодпен және телефонның қорғалған модуліндегі кілтпен шифрланады. Ұмытылған кодты ешкім қалпына келтіре алмайды.
app-create-new-passcode = Жаңа құпия код
app-create-passcode-again = Құпия кодты қайталаңыз
app-create-too-short = Құпия код кемінде { $count ->
    [one] { $count } таңбадан
   *[other] { $count } таңбадан
} тұруы керек: қайта енгізіңіз.
app-create-mismatch = Екі код сәйкес емес: қайта енгізіңіз.
app-create-creating-demo = Ойдан шығарылған жағдайлары бар демо қойма жасалуда…
app-create-creating = Қойма жасалуда…
app-create-button = Қойма жасау
app-create-training = Жаттығу ма?
app-create-demo-explained = Демо қоймада тек ойдан шығарылған жағдайлар бар, шынайы адамдар жоқ, сіздің құпия кодыңыз керек емес (ол баршаға белгілі senim-demo кодымен ашылады). Әр экранда ДЕМО белгісі тұрады және ол шынайы топпен ешқашан синхрондалмайды. Оған шынайы адамды ешқашан жазбаңыз. Осыдан кейін телефонда демо қойма болады: кейін шынайы жағдайларды жазу үшін { $platform ->
    [ios] қосымшаны жойып, қайта орнатыңыз
   *[other] қосымша деректерін тазалаңыз
}.
app-create-demo-button = Жаттығуға арналған демо қойма жасау

## Қойма ашылмайды.

app-failed-title = Қойма ашылмайды
app-failed-explained = Ештеңе өзгертілген жоқ. Топ жетекшісіне хабарласыңыз: хабқа жіберілген жазбалар аман, бұл телефонды топқа қайта қосуға болады.

## Жазбалар.

app-records-title = Жазбалар
app-records-interview = Сұхбат
app-records-new-note = Жаңа ескертпе
app-records-search = Ескертпелерден іздеу
app-records-damaged = { $count ->
    [one] { $count } жазба шифрдан шешілмеді: ол өзгертілген немесе бүлінген.
   *[other] { $count } жазба шифрдан шешілмеді: олар өзгертілген немесе бүлінген.
}
app-records-no-match = Сәйкес ескертпе жоқ.
app-records-empty = Әзірге жазба жоқ.
app-records-dates = Жасалды: { $created } · өзгертілді: { $updated }
app-records-conflicts = Қайшы өзгерістер: { $fields }
app-records-conflict-field = { $field } ({ $count ->
    [one] { $count } мән
   *[other] { $count } мән
})
app-records-kind-subject = Адам
app-records-kind-note = Ескертпе
app-records-kind-interview = Сұхбат
app-records-kind-referral = Жолдама
app-records-kind-consent = Келісім
app-menu = Тағы
app-menu-sync = Синхрондау
app-menu-team = Топ
app-menu-reset-demo = Демо деректерді қалпына келтіру…

## Ашық қойманың баптаулары.

app-settings-duress-title = Мәжбүрлік коды
app-settings-duress-explained = Біреу телефонды ашуға мәжбүрлеген жағдайға арналған екінші код: ол жазбаларыңыздың орнына зиянсыз жалған нұсқаны ашады және кәдімгі ашу сияқты көрінеді.
app-settings-duress-button = Мәжбүрлік кодын орнату…
app-settings-wipe-title = Шұғыл жою
app-settings-wipe-explained = Осы телефондағы қойманы бірден әрі біржола жояды. Құлып экраны да мұны құпия кодсыз ұсынады.
app-settings-wipe-button = Телефондағы қойманы жою…

## Мәжбүрлік коды.

app-duress-title = Мәжбүрлік коды
app-duress-demo = Демо қоймада мәжбүрлік коды болмайды: оның құпия коды баршаға белгілі.
app-duress-explained = Біреу телефонды ашуға мәжбүрлесе, өз кодыңыздың орнына мәжбүрлік кодын енгізіңіз: Senim бірнеше зиянсыз ескертпесі бар жалған нұсқаны ашады. Күйзеліс кезінде де есіңізде қалатын, кемінде { $count ->
    [one] { $count } таңбадан
   *[other] { $count } таңбадан
} тұратын және құпия кодыңыздан өзгеше код таңдаңыз.
app-duress-current = Құпия кодыңыз
app-duress-passcode = Мәжбүрлік коды
app-duress-again = Мәжбүрлік кодын қайталаңыз
app-duress-when = Мәжбүрлік коды енгізілгенде:
app-duress-destroy = Шынайы жазбаларды жою
app-duress-destroy-explained = Жою: мәжбүрлік коды зиянсыз жалған нұсқаны ашады және осы телефондағы жазбаларыңыздың кілттерін біржола жояды. Оларды тіпті құпия кодыңыз да қайтармайды; хабқа жіберілгені топта қалады.
app-duress-hide = Шынайы жазбаларды жасыру
app-duress-hide-explained = Жасыру: мәжбүрлік коды зиянсыз жалған нұсқаны ашады, ал жазбаларыңыз жасырын қалады; кейін құпия кодыңыз оларды қайта ашады.
app-duress-too-short = Мәжбүрлік коды кемінде { $count ->
    [one] { $count } таңбадан
   *[other] { $count } таңбадан
} тұруы керек: қайта енгізіңіз.
app-duress-mismatch = Екі мәжбүрлік коды сәйкес емес: қайта енгізіңіз.
app-duress-same = Мәжбүрлік коды құпия кодыңыздан өзгеше болуы керек: басқасын таңдаңыз.
app-duress-done = Мәжбүрлік коды орнатылды.
app-duress-submit = Мәжбүрлік кодын орнату

## Ескертпе редакторы.

app-note-new = Жаңа ескертпе
app-note-title = Ескертпе
app-note-text = Не болды
app-note-place-short = Орын
app-note-tags = Тегтер
app-note-remove-tag = Алып тастау
app-note-place = Орын (белгі, мекенжай емес)
app-note-tag = Тег
app-note-add-tag = Қосу
app-note-contact = Байланыс: { $time }
app-note-saved = Сақталды.
app-note-saved-new = Сақталды (жаңа ескертпе).
app-note-saved-fields = Сақталды ({ $fields }).
app-note-field-text = мәтін
app-note-field-place = орын
app-note-field-tags = тегтер
app-note-field-at = уақыт
app-note-saving = Сақталуда…
app-note-save = Сақтау

## Синхрондау.

app-sync-title = Синхрондау
app-sync-explained = Жазбаларыңыз топ хабына өтпелі шифрлаумен барады: хаб оларды сақтайды және әрі қарай жібереді, бірақ оқи алмайды.
app-sync-last = Соңғы синхрондау: { $time }
app-sync-idle = Қосымша ашылғаннан бері синхрондау болған жоқ.
app-sync-syncing = Синхрондалуда… Жұмысты жалғастыра беруге болады.
app-sync-done = Жіберілді: { $sent }, алынды: { $received }, біріктірілген жазбалар: { $merged }.
app-sync-waiting = { $count ->
    [one] { $count } өзгеріс әлі келмеген басқаларын күтіп тұр; ол келесі синхрондауда қолданылады.
   *[other] { $count } өзгеріс әлі келмеген басқаларын күтіп тұр; олар келесі синхрондауда қолданылады.
}
app-sync-rejected = { $count ->
    [one] { $count } өзгеріс қабылданбады (өзгертілген немесе жалған) және қолданылмады:
   *[other] { $count } өзгеріс қабылданбады (өзгертілген немесе жалған) және қолданылмады:
}
app-sync-place = құрылғы { $device }, өзгеріс { $seq }
app-sync-join-team = Топқа қосылу

## Демо қойманы қалпына келтіру.

app-demo-reset-title = Демо қойманы қалпына келтіру керек пе?
app-demo-reset-explained = Ол жасалғаннан кейін қосылғанның бәрі (ескертпелер, сұхбаттар, жолдамалар, топқа қосылу) өшіріледі, бастапқы ойдан шығарылған жағдайлар қайтады. Жаттығулар арасында қолданыңыз.
app-demo-reset-confirm = Қалпына келтіру
app-demo-reset-done = Демо деректер қалпына келтірілді
app-demo-reset-failed = Демо деректер қалпына келтірілмеді
app-demo-reset-records = Қайтарылған ойдан шығарылған жазбалар: { $records } (адамдар: { $subjects }, ескертпелер: { $notes }, сұхбаттар: { $interviews }, жолдамалар: { $referrals }).
app-demo-reset-levels = Деңгейлер — белгі жоқ: { $none }, бақылау: { $monitor }, мүмкін: { $possible }, ықтимал: { $likely }.

## Шұғыл жою.

app-wipe-wiping = Жойылуда…
app-wipe-failed = Жою аяқталмады
app-wipe-retry = Қайталау
app-wipe-title = Телефондағы қойманы жою
app-wipe-explained = Осы телефондағы қоймадағының бәрі біржола жойылады: жазбалар, ескертпелер, сұхбаттар, топ кілттері. Ештеңені, тіпті құпия кодпен де, қайтару мүмкін емес. Хабқа жіберілгені топта қалады.
app-wipe-type = Растау үшін { $word } деп жазыңыз.
app-wipe-now = Қазір жою

## Сұхбат (сұрақтар сұхбат тілінде, бұл сөздер — қосымша тілінде).

app-interview-title = Скрининг сұхбаты
app-interview-quick-exit = Шығу
app-interview-stop = Тоқтату
app-interview-stopped = Сұхбат тоқтатылды.
app-interview-stopped-kept = Берілген жауаптар телефон қоймасында шифрланып сақталды.
app-interview-stop-title = Сұхбатты тоқтату керек пе?
app-interview-stop-explained = Берілген жауаптар сақталады. Адам кез келген сәтте тоқтата алады.
app-interview-continue = Жалғастыру
app-interview-danger = Тікелей қауіп
app-interview-language = Адаммен қай тілде сөйлесесіз?
app-interview-nothing-stored = Адам келісім бермейінше ештеңе сақталмайды.
app-interview-begin = Бастау
app-interview-read-this = Мұны адамға оқып беріңіз
app-interview-agrees = Адам келіседі:
app-interview-scope-screening = скрининг сұрақтарына (бастау үшін қажет)
app-interview-scope-referral = көмек қызметтеріне жолдануға
app-interview-scope-sharing = өз деректерін қызметке беруге
app-interview-consent-needed = Скринингке келісім болмаса, сұхбатты бастауға болмайды.
app-interview-record-consent = Келісімді жазу
app-interview-question = Сұрақ: { $number } / { $total }
app-interview-required = Міндетті (адам бәрібір бас тарта алады)
app-interview-skip = Өткізу
app-interview-declines = Жауап бермейді
app-interview-yes = Иә
app-interview-no = Жоқ
app-interview-dont-know = Білмеймін
app-interview-date-format = ЖЖЖЖ-АА-КК
app-interview-answer = Жауап
app-interview-number = Сан
app-interview-country = Ел коды (KZ, UZ, KG, TJ, …)
app-interview-end = Сұрақтар бітті
app-interview-progress = Жауап берілді: { $answered } / { $visible }; өткізілді: { $skipped }.
app-interview-missing = Жауапсыз міндетті сұрақтар (артқа оралыңыз; адам олардан бас тарта алады): { $questions }
app-interview-see-result = Нәтижені көру

## Сұхбат нәтижесі.

app-result-none = Белгі анықталған жоқ
app-result-monitor = Кейбір белгілер бар: байланыста болыңыз
app-result-possible = Адам саудасы мүмкін: толық сәйкестендіруге жолдаңыз
app-result-likely = Адам саудасы ықтимал: толық сәйкестендіруге шұғыл жолдаңыз
app-result-urgent-safety = Шұғыл: адамның қауіпсіздігі
app-result-minor = Адам бала болуы мүмкін: балаларды қорғау рәсімін орындаңыз.
app-result-why = Неге
app-result-indicators = Анықталған белгілер
app-result-strength-review = белгінің салмағын ұйымыңыз тексеруі керек
app-result-needs = Қажеттіліктер: { $needs }
app-result-services = Ұсынылатын қызметтер
app-result-no-service = Бұл нәтижеге сәйкес қызмет жоқ.
app-result-urgent = шұғыл
app-result-no-contact = Расталған байланыс әзірге жоқ.
app-result-entry-review = жазбаны ұйымыңыз тексеруі керек
app-result-call = Қоңырау шалу: { $phone }
app-result-referred = Жолданды
app-result-refer = Жолдау
app-result-refer-to = Жолдау: { $service }
app-result-refer-consent = Тек адамның келісімімен (оның жолдамаға келісімі тексеріледі).
app-result-reason = Себебі

## Топқа қосылу.

app-team-title = Топ
app-team-scan-request-prompt = Жаңа құрылғының сұрауын сканерлеңіз
app-team-scan-welcome-prompt = Жетекшінің телефонындағы шақыруды сканерлеңіз
app-team-step-request = 1. Сұрауыңызды топ жетекшісіне көрсетіңіз
app-team-your-name = Топ көретін атыңыз
app-team-show-request = Сұрауымды көрсету
app-team-lead-words = Жетекшінің экранында мына сөздер болуы керек:
app-team-step-welcome = 2. Жетекші көрсеткен шақыруды сканерлеңіз
app-team-scan-welcome = Шақыруды сканерлеу
app-team-type-welcome = …немесе оны теріңіз
app-team-join-words = Жетекшінің экранында мына сөздер болса ғана қосылыңыз:
app-team-join = Топқа қосылу
app-team-create-title = Немесе топ құрып, оны басқарыңыз
app-team-name = Топтың атауы
app-team-hub-url = Хабтың мекенжайы (https://…)
app-team-hub-pin = Хаб сертификатының ізі (SHA-256)
app-team-pin-missing = https:// хабы үшін қажет: хаб іске қосылғанда шығарған із. Оны хаб әкімшісімен салыстырыңыз.
app-team-pin-explained = Топтың әр телефоны осы сертификатты ғана қабылдайды.
app-team-token = Тіркеу токені, егер хаб әкімшісі берсе
app-team-create = Топ құру
app-team-hub = Хаб: { $hub }
app-team-role-lead = Сіз осы топтың жетекшісісіз.
app-team-role-worker = Сіз осы топтың мүшесісіз.
app-team-removed = Бұл құрылғы топтан шығарылды: ол енді синхрондалмайды.
app-team-members = { $count ->
    [one] { $count } құрылғы
   *[other] { $count } құрылғы
} · кілт дәуірі { $epoch }
app-team-this-device = Бұл құрылғы: { $device }
app-team-add-device = Құрылғы қосу
app-team-as-lead = жетекші ретінде
app-team-as-worker = қызметкер ретінде
app-team-add-as-lead = Жетекші ретінде қосу
app-team-with-history = топ тарихымен
app-team-with-history-note = Жаңа телефон топтың өзі қосылғанға дейін жазғанының бәрін, соның ішінде кез келген телефон шығарылғанға дейін жазылғанды да оқи алады.
app-team-without-history-note = Жаңа телефон топтың осы сәттен бастап жазғанын оқиды.
app-team-scan-request = Сұрауды сканерлеу
app-team-show-welcome = Бұл шақыруды жаңа құрылғыға көрсетіңіз:
app-team-new-device-words = Жаңа құрылғыда мына сөздер болуы керек:

## Экрандар айтатын ақаулар (UiError.sentence): мобильді API-дің әр ақауына бір сөйлем,
## тек оның өрістерінен.

app-error-wrong-passcode = Құпия код қате. Соңғы ашудан бері { $count ->
    [one] { $count } сәтсіз әрекет
   *[other] { $count } сәтсіз әрекет
}.
app-error-wait = Қате кодтар тым көп. Қайталауға дейін: { $time }.
app-error-locked = Қойма құлыпталған.
app-error-no-vault = Бұл телефонда қойма жоқ.
app-error-vault-exists = Бұл телефонда қойма бар.
app-error-wiped = Топ ережесі талап еткендіктен, осы телефондағы қойма жойылды (қате кодтар тым көп немесе синхрондаусыз тым ұзақ уақыт). Телефонды топ жетекшісімен бірге қайта баптаңыз.
app-error-damaged = Бұл телефондағы кейбір деректер өзгертілген немесе бүлінген.
app-error-unsupported-format = Бұл қойманы Senim-нің жаңарақ нұсқасы жасаған. Оны ашу үшін қосымшаны жаңартыңыз.
app-error-not-found = Табылмады: ол жойылған болуы мүмкін.
app-error-check-field = Тексеріңіз: { $field }.
app-error-check-input = Енгізгеніңізді тексеріңіз.
app-error-field-text = ескертпе мәтіні
app-error-field-place = орын
app-error-field-tags = тегтер
app-error-field-location = орналасқан жер
app-error-field-subject = ескертпе жазылған адам
app-error-field-passcode = құпия код
app-error-field-duress-passcode = мәжбүрлік коды
app-error-field-search = іздеу сөздері
app-error-field-answer = жауап
app-error-field-language = тіл
app-error-field-welcome-code = шақыру коды
app-error-field-join-request = қосылу сұрауы
app-error-field-call-sign = аты
app-error-field-team-name = топтың атауы
app-error-field-hub-address = хабтың мекенжайы
app-error-field-from = бірінші күн
app-error-field-to = соңғы күн
app-error-field-worker = қызметкер
app-error-field-scopes = келісім
app-error-invalid-answer = Бұл жауап сұраққа сәйкес келмейді: { $reason }.
app-error-passcode-too-short = Құпия код тым қысқа: кемінде 6 таңба қолданыңыз.
app-error-passcode-common = Бұл ең көп қолданылатын кодтардың бірі: ешкім таба алмайтын код таңдаңыз.
app-error-passcode-repeated-character = Кодта бір таңба қайталанады: табу қиынырақ код таңдаңыз.
app-error-passcode-sequence = Код 123456 немесе abcdef сияқты қатар: табу қиынырақ код таңдаңыз.
app-error-passcode-repeated-group = Кодта 1212 сияқты қысқа топ қайталанады: табу қиынырақ код таңдаңыз.
app-error-passcode-too-weak = Кодты табу тым оңай: оны ұзартыңыз, мысалы, тағы бір сөз қосыңыз.
app-error-content-missing = Қосымшаның бұл нұсқасында { $what ->
    [form] сауалнама
    [rules] ережелер жинағы
    [services] қызметтер анықтамалығы
   *[other] скрининг материалдары
} жоқ.
app-error-content-invalid = Бұл қосымшадағы { $what ->
    [form] сауалнама
    [rules] ережелер жинағы
    [services] қызметтер анықтамалығы
   *[other] скрининг материалдары
} жарамсыз.
app-error-content-changed = { $what ->
    [form] Сауалнама
    [rules] Ережелер жинағы
    [services] Қызметтер анықтамалығы
   *[other] Скрининг материалдары
} осы сұхбат өткізілгендегіден өзгеше.
app-error-consent-required = Бұл үшін адамның { $scope ->
    [screening] скринингке
    [referral] жолдамаға
   *[sharing] деректерді беруге
} келісімі керек, ал ол жазылмаған.
app-error-consent-withdrawn = Адам келісімін қайтарып алды: ол бойынша енді ештеңе жазылмайды.
app-error-interview = Сұхбат қазір мұны істей алмайды.
app-error-membership = Телефонның топтағы орны мұны рұқсат етпейді: ол әлі топқа қосылмаған немесе топтан шығарылған.
app-error-envelope = Хаб жіберген деректер қабылданбады (өзгертілген немесе жалған).
app-error-protocol = Хаб күтпеген жауап берді.
app-error-unreachable = Хабқа қосылу мүмкін болмады. Ештеңе жоғалған жоқ: кейін синхрондаңыз.
app-error-hub-unauthenticated = Хаб бұл телефонды танымады. Телефонның күні мен уақытын тексеріп, қайта синхрондаңыз.
app-error-hub-forbidden = Хаб бас тартты: бұл телефон енді топта емес немесе мұны тек жетекші істей алады.
app-error-hub-not-found = Хаб бұл топты білмейді. Топ жетекшісіне хабарласыңыз.
app-error-hub-conflict = Хабқа басқа өзгеріс бұрын жетті. Қайта синхрондаңыз.
app-error-hub-too-large = Хаб жіберуге тым үлкен деректі қабылдамады.
app-error-hub-busy = Хаб бос емес. Бір минут күтіп, қайта синхрондаңыз.
app-error-hub-envelope-rejected = Хаб бұл телефонның кейбір өзгерістерін өзгертілген немесе орынсыз деп қабылдамады. Топ жетекшісіне хабарласыңыз.
app-error-hub-membership-rejected = Хаб топ құрамының өзгерісін қабылдамады.
app-error-hub-order-rejected = Хаб топ нұсқауын қабылдамады.
app-error-hub-failed = Хабта ақау болды (HTTP { $status }). Ештеңе жоғалған жоқ: кейін синхрондаңыз.
app-error-hub-refused = Хаб сұрауды қабылдамады (HTTP { $status }).
app-error-key-store = Телефонның кілт қоймасында ақау болды.
app-error-device-secret = Телефонның кілт қоймасында енді қойманың кілті жоқ, сондықтан қойманы мұнда ашу мүмкін емес. Телефонды топ жетекшісімен бірге қайта баптаңыз.
app-error-demo = Демо және шынайы деректер ешқашан араласпайды: демо қойма тек демо топтармен және демо хабпен, шынайы қойма тек шынайыларымен жұмыс істейді. Ештеңе араласқан да, өзгерген де жоқ.
app-error-storage = Телефон жадында ақау болды.
app-error-wipe-keys-gone = Жою аяқталмады, бірақ қойманың кілттері жойылды: телефонда қалғанның ешқайсысын, тіпті құпия кодпен де, оқу мүмкін емес. Қалған файлдарды жою үшін қайталаңыз.
app-error-wipe-incomplete = Жою аяқталмады, деректерді әлі де оқуға болуы мүмкін. Қазір қайталаңыз.
app-error-interrupted = Аяқталмай тоқтады. Ештеңе жоғалған жоқ: қайталаңыз.
app-error-internal = Бірдеңе дұрыс болмады.

## Құлыпты ашу мен синхрондаудың өз жолдары.

app-unlock-attempts = Сәтсіз әрекеттер: { $count }. Әрқайсысы келесі күтуді ұзартады.
app-sync-quarantined = { $count ->
    [one] Топтың { $count } өзгерісін қолдану мүмкін болмады, ол бөлек сақталды; жетекшіге айтыңыз.
   *[other] Топтың { $count } өзгерісін қолдану мүмкін болмады, олар бөлек сақталды; жетекшіге айтыңыз.
}
app-sync-purged = { $count ->
    [one] Топ нұсқауымен { $count } жазба жойылды.
   *[other] Топ нұсқауымен { $count } жазба жойылды.
}
app-sync-idle-wipe = { $days ->
    [0] Топ ережесі: синхрондаусыз телефон деректерді бүгін жояды.
   *[other] Топ ережесі: синхрондаусыз телефон деректерді { $days } күннен кейін жояды.
}
app-sync-idle-warning = { $days ->
    [0] Хабпен синхрондалмаса, телефон деректерді бүгін жояды. Қазір синхрондаңыз.
   *[other] Хабпен { $days } күн ішінде синхрондалмаса, телефон деректерді жояды. Қазір синхрондаңыз.
}

## A lead's work: approving a pasted request, members, quarantine, policy, erasure, report.

app-team-paste-request = …немесе құрылғының қосылу сұрауын қойыңыз
app-team-request-unreadable = Бұл толық қосылу сұрауы емес: толық көшірілгенін тексеріңіз.
app-team-request-words = Жаңа құрылғыда дәл осы сөздер болса ғана мақұлдаңыз:
app-team-approve-pasted = Бұл құрылғыны мақұлдау
app-lead-title = Жетекшінің жұмысы
app-lead-members-title = Мүшелер
app-lead-quarantine-title = Карантин
app-lead-policy-title = Топ ережелері
app-lead-erase-title = Деректерді өшіру
app-lead-report-title = Есеп
app-lead-members-explained = Мүшенің синхрондауы бұл құрылғыға оның келесі синхрондауында жетеді: көрсетілген уақыт — бұл құрылғы мүшенің соңғы өзгерістерін алғаш алған сәт.
app-lead-members-sync = Синхрондау және жаңарту
app-lead-member-revoked-name = Шығарылған құрылғы
app-lead-member-revoked = Топтан шығарылған
app-lead-member-this-device = Жетекші · осы құрылғы
app-lead-member-lead = Жетекші
app-lead-member-worker = Қызметкер
app-lead-member-never-synced = Бұл құрылғы әлі синхрондалмаған.
app-lead-member-nothing-yet = Одан әзірге ештеңе келген жоқ.
app-lead-member-own-sync = Соңғы синхрондау: { $time }
app-lead-member-heard = Соңғы деректер келді: { $time } (өзгерістер топтамасы { $count })
app-lead-revoke = Топтан шығару
app-lead-revoke-title = Бұл құрылғыны шығару керек пе?
app-lead-revoke-confirm = { $name } ({ $device }) енді синхрондала алмайды: топ құрылғыда жоқ жаңа кілтке көшеді. Онда бұрыннан барлары қала береді.
app-lead-quarantine-explained = Түпнұсқа, бірақ мазмұнын қолдану мүмкін емес конверттер. Олар бөлек сақталады, синхрондау жалғаса береді. Оларды жібере беретін құрылғыны шығарып, содан кейін оларды жойыңыз.
app-lead-quarantine-count = { $count ->
    [one] Карантинде { $count } конверт
   *[other] Карантинде { $count } конверт
}
app-lead-quarantine-place = Құрылғы { $device } · № { $seq }
app-lead-quarantine-found = Табылған уақыты: { $time }
app-lead-quarantine-purged = { $count ->
    [one] { $count } конверт жойылды (топ бұйрығы { $order }).
   *[other] { $count } конверт жойылды (топ бұйрығы { $order }).
}
app-lead-quarantine-purge = Топтан жою
app-lead-quarantine-purge-confirm = Бұл конверттер барлық құрылғылардан және хабтан біржола жойылады.
app-lead-quarantine-purge-now = Қазір жою
app-lead-policy-none = Ережелер белгіленбеген: жазбалар өшірілгенше сақталады, ешбір құрылғы деректерін өзі жоймайды.
app-lead-policy-explained = Бұл құрылғының соңғы синхрондауындағы ережелер. Сақтау оларды толығымен ауыстырады; әр құрылғы оларды келесі синхрондауда қолданады.
app-lead-policy-retention = Жазбалар соңғы өзгерістен кейін қанша сақталады
app-lead-policy-keep = { $kind }: күн
app-lead-policy-wipe = Телефон деректерін қашан өзі жояды
app-lead-policy-failures = Қатарынан осынша қате құпия кодтан кейін (3-тен 1000-ға дейін)
app-lead-policy-days = Синхрондаусыз осынша күннен кейін
app-lead-policy-blank = Шектеу болмаса, өрісті бос қалдырыңыз.
app-lead-policy-save = Ережелерді сақтау
app-lead-policy-set = Ережелер белгіленді (топ бұйрығы { $order }). Әр құрылғы оларды келесі синхрондауда қолданады.
app-lead-erase-explained = Адам деректерін өшіруді сұраса немесе келісімін қайтарып алса: оның жазбасы және онымен байланысты барлық жазбалар барлық құрылғылардан және хабтан біржола өшіріледі. Адамды тізімнен таңдаңыз немесе оның жазбасының идентификаторын енгізіңіз.
app-lead-erase-subject = Адам туралы жазбаның идентификаторы
app-lead-erase-check = Синхрондау және тексеру
app-lead-erase-count = { $count ->
    [one] { $count } жазба барлық құрылғылардан және хабтан біржола өшіріледі.
   *[other] { $count } жазба барлық құрылғылардан және хабтан біржола өшіріледі.
}
app-lead-erase-now = Біржола өшіру
app-lead-erase-done = { $count ->
    [one] { $count } жазба өшірілді (топ бұйрығы { $order }). Басқа құрылғылар оны келесі синхрондауда өшіреді.
   *[other] { $count } жазба өшірілді (топ бұйрығы { $order }). Басқа құрылғылар оларды келесі синхрондауда өшіреді.
}
app-lead-report-threshold = Осы құрылғыдағы барлық жазбалар бойынша иесіздендірілген сандар. { $count }-тен кіші сандар, сондай-ақ оларды есептеп шығаруға болатын кез келген сан жасырылады.
app-lead-report-unreadable = { $count ->
    [one] { $count } жазба оқылмады, ол есепке алынбады.
   *[other] { $count } жазба оқылмады, олар есепке алынбады.
}
app-lead-report-levels = Бағаланған сұхбаттар деңгей бойынша, ай сайын
app-lead-report-empty = Бұл кезеңде жазбалар жоқ.
app-lead-report-no-interviews = Бұл кезеңде бағаланған сұхбаттар жоқ.
app-lead-report-month = { $month }: белгілер жоқ { $none } · байланыста болу { $monitor } · мүмкін { $possible } · ықтимал { $likely }
app-lead-report-referrals = Жолдамалар мәртебесі бойынша
app-lead-report-places = Далалық жұмыс жазбалары орын бойынша
app-lead-report-no-place = Орны көрсетілмеген
app-lead-report-hidden = жасырын
app-lead-report-dashed = Үзік сызықты контур: сол айдағы бір сан жасырылған.
app-lead-report-hidden-explained = Жасырын сан адамды анықтауға болатындай аз; ол ешқашан көрсетілмейді.
# The report's chart on iOS marks a month with a hidden count by a dashed line rising above its bar.
app-lead-report-dashed-line = Ай үстіндегі үзік сызық: сол айдағы бір сан жасырылған.
# The names of the report charts' axes, which a screen reader reads out (iOS).
app-lead-report-axis-month = Ай
app-lead-report-axis-level = Деңгей
app-lead-report-axis-count = Жазбалар саны
app-lead-report-export = Экспорт
app-lead-report-save-csv = Сандар (CSV)
app-lead-report-save-svg = Диаграммалар (SVG)
app-lead-report-save-png = Диаграммалар (PNG)
app-lead-report-saved = Сақталды: { $file }. Тек осында көрсетілген сандар; жасырындары жасырын қалады.
app-lead-report-not-saved = Файлды сақтау мүмкін болмады. Басқа қалтаны таңдап, қайталап көріңіз.
app-lead-status-proposed = Ұсынылды
app-lead-status-accepted = Қабылданды
app-lead-status-declined = Бас тартылды
app-lead-status-completed = Аяқталды
app-lead-status-cancelled = Тоқтатылды
app-lead-level-none = Белгілер жоқ
app-lead-level-monitor = Байланыста болу
app-lead-level-possible = Адам саудасы болуы мүмкін
app-lead-level-likely = Адам саудасы ықтимал

## After a vault from an earlier version was upgraded at unlock (SenimApp.kt): the same
## advice for every upgraded vault, whether or not a duress passcode was set.

app-upgrade-duress-advice = Бұл нұсқа бүкіл қойманы шифрлайды. Егер мәжбүрлік кодын орнатқан болсаңыз, ол да солай қорғалуы үшін оны қазір баптауларда қайта орнатыңыз.
app-upgrade-duress-settings = Баптаулар
app-upgrade-duress-dismiss = Қазір емес

## Оқыту: жауап кілттері бар сценарийлер, кілтпен салыстырылатын оқу сұхбаттары.

app-menu-training = Оқыту
app-training-title = Оқу сценарийлері
app-training-result-title = Кілтпен салыстыру
app-training-explained = Скринингті жаттықтыруға арналған ойдан шығарылған адамдар. Әрқайсысының сценарийі мен жауап кілті бар. Оқу сұхбаты тек демо қоймада жүргізіледі және кілтпен салыстырылады.
app-training-key-level = Кілт: { $level } · { $count ->
    [one] { $count } белгі
   *[other] { $count } белгі
}
app-training-persona = { $alias } · { $nationality } · жасы { $age }
app-training-fictional = Ойдан шығарылған адам, оқыту үшін жасалған.
app-training-where-met = Қызметкер оны қайда кездестіреді
app-training-situation = Жағдайы
app-training-background = Жаттықтырушыға арналған мәлімет
app-training-practise = Осы сұхбатты жаттықтыру
app-training-practise-demo-only = Оқу сұхбаттары тек демо қоймада жүргізіледі, ойдан шығарылған жағдайлар нағыз жағдайлармен араласпауы үшін.
app-training-show-key = Жауап кілтін көрсету
app-training-hide-key = Жауап кілтін жасыру
app-training-key = Жауап кілті
app-training-key-level-named = Деңгей: { $name }
app-training-strength-strong = күшті
app-training-strength-medium = орташа
app-training-strength-weak = әлсіз
app-training-key-indicators = Белгілер: { $indicators }
app-training-danger = Тікелей қауіп: { $questions }
app-training-none = жоқ
app-training-script = Адам не айтады
app-training-says = Айтады: { $text }
app-training-expected = Кілт: { $answer }
app-training-off-path = Тек сұхбат басқа жолмен жүрсе
app-training-score = Ұпай: 100-ден { $score }
app-training-level = Деңгей: { $level } (кілт бойынша: { $key }; −{ $points })
app-training-perfect = Барлық жауап кілтпен сәйкес.
app-training-off-key = Кілт жолынан тыс жауаптар (ұпай кемімейді): { $questions }
app-training-again = Қайта жаттықтыру
app-training-finding-danger = Тікелей қауіп өткізіп алынды: { $about }
app-training-finding-missed = Белгі өткізіп алынды: { $about } ({ $strength }, { $dimension })
app-training-finding-extra = Кілтте жоқ белгі: { $about } ({ $strength }, { $dimension })
app-training-finding-answer = { $about }: кілт бойынша «{ $expected }», жауап «{ $given }» болды
app-training-finding-question = { $about } жауапсыз ({ $why }); кілт бойынша «{ $expected }»
app-training-points = { $count ->
    [one] −{ $count } ұпай
   *[other] −{ $count } ұпай
}
app-training-miss-skipped = өткізіп жіберілді
app-training-miss-not-asked = қойылмады
app-training-miss-unanswered = сұхбат оған дейін тоқтатылды

## The lead's merged picture: the team's records, filtered, with conflicts and history.

app-lead-records-title = Команда жазбалары
app-lead-records-explained = Осы құрылғыдағы команданың барлық жазбалары, әр қызметкердің телефонынан біріктірілген. Соңғысын көру үшін алдымен синхрондаңыз.
app-lead-records-worker = Қызметкер
app-lead-records-any-worker = Барлық қызметкерлер
app-lead-records-kind = Жазба түрі
app-lead-records-any-kind = Барлық түрлері
app-lead-records-level = Деңгей
app-lead-records-any-level = Барлық деңгейлер
app-lead-records-from = Бірінші күн
app-lead-records-to = Соңғы күн
app-lead-records-day-format = ЖЖЖЖ-АА-КК
app-lead-records-open-referrals = Тек ашық жолдамалар
app-lead-records-conflicts = Тек қайшылықтар
app-lead-records-apply = Көрсету
app-lead-records-clear = Сүзгілерді тазарту
app-lead-records-count = { $count ->
    [one] { $count } жазба сәйкес келеді.
   *[other] { $count } жазба сәйкес келеді.
}
app-lead-records-empty = Сәйкес жазба жоқ.
app-lead-records-more = Тағы көрсету
app-lead-records-by = Авторы: { $name }, { $time }
app-lead-records-device = Құрылғы { $device }
app-lead-records-you = Сіз (осы құрылғы)
app-lead-records-open-referral = Ашық жолдама
app-lead-records-conflict = Қайшылық
app-lead-record-title = Жазба
app-lead-record-conflicts = Қызметкерлер әртүрлі мән жазды
app-lead-record-conflicts-explained = Ештеңе жоғалмайды: әр мән оны кім жазғанымен бірге сақталады. Біреу өрісті қайта өзгерткенше жазба олардың бірін көрсетеді.
app-lead-record-field = Өріс: { $field }
app-lead-record-value = { $name } жазды: { $value }
app-lead-record-value-current = Жазба осы мәнді көрсетеді
app-lead-record-history = Тарихы
app-lead-record-created = { $time } · { $name }: жазба жасалды
app-lead-record-edited = { $time } · { $name }: өзгертілді: { $fields }
app-lead-record-deleted = { $time } · { $name }: жазба жойылды
app-lead-record-changed = { $time } · { $name }: жазба өзгертілді
app-lead-record-body = Мазмұны
app-lead-record-back = Тізімге оралу
app-lead-erase-pick = Адамды таңдаңыз
app-lead-erase-people-empty = Бұл құрылғыда әзірге адам туралы жазба жоқ. Алдымен синхрондаңыз.
app-lead-erase-person = { $count ->
    [one] { $count } жазба · { $name } · { $time }
   *[other] { $count } жазба · { $name } · { $time }
}
app-lead-erase-choose = Таңдау
app-lead-erase-or-type = Немесе адам туралы жазбаның идентификаторын енгізіңіз
app-lead-field-status = мәртебе
app-lead-field-alias = лақап ат
