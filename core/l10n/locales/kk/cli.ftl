### senim пәрмені: сұраулар, хабарлар және анықтама. Кілттер "cli-" деп басталады.
### Қазақша мәтін ана тілінде сөйлейтін маманның тексеруін күтуде.

## Қателер.

cli-error = қате
cli-see-help = --help қараңыз
cli-unknown-language = { $source } ішіндегі «{ $tag }» тілі белгісіз: en, ru немесе kk таңдаңыз (uz, ky және tg орыс тілінде көрсетіледі)
cli-error-wrong-passcode = кіру коды қате (соңғы ашылғаннан бері { $failures } сәтсіз әрекет)
cli-error-too-many-attempts = ашуға сәтсіз әрекет тым көп: { $seconds } секундтан кейін қайталаңыз
cli-error-no-vault = көрсетілген жерде қойма табылмады
cli-error-vault-exists = көрсетілген жерде қойма бұрыннан бар
cli-error-record-not-found = { $id } жазбасы табылмады
cli-error-unsupported-format = қойманың қолдау көрсетілмейтін пішімі { $found } (бұл жинақ { $supported } пішіміне дейін оқиды)
cli-error-keystore-required = бұл қойма құрылғының кілттер қоймасына байланған, ал ол қолжетімсіз
cli-error-device-secret-missing = осы құрылғының кілттер қоймасында бұл қоймаға арналған құпия жоқ
cli-error-wiped-by-policy = бұл қойма команда ережесі бойынша өшірілді; одан ештеңе қалған жоқ (жаңа қойма жасап, команда жетекшісінен сізді қайта қабылдауын сұраңыз)
cli-error-damaged = қойма бүлінген немесе өзгертілген: оған ештеңе жазбаңыз және команда жетекшісіне хабарлаңыз
cli-error-invalid-answer = бұл жауап сұраққа сәйкес келмейді: { $reason }
cli-error-consent-required = бұған адамның { $scope ->
    [referral] жолдамаға
    [sharing] деректерді топтан тыс беруге
   *[screening] скринингке
} келісімі керек, бірақ ол жазылмаған
cli-error-consent-withdrawn = адам келісімін қайтарып алды: оның негізінде енді ештеңе жазылмайды
cli-error-demo-mismatch = демо және нақты деректер ешқашан араласпайды: демо қойма тек демо топтармен және демо хабпен, нақты қойма тек нақтылармен жұмыс істейді; ештеңе араласқан да, өзгерген де жоқ
cli-error-hub-unreachable = хабпен байланысу мүмкін емес; ештеңе жоғалған жоқ: кейінірек қайта синхрондаңыз
cli-error-hub-unauthenticated = хаб бұл құрылғыны танымады: құрылғының күні мен уақытын тексеріп, қайта синхрондаңыз
cli-error-hub-forbidden = хаб бас тартты: бұл құрылғы енді топта емес, немесе мұны тек жетекші істей алады
cli-error-hub-not-found = хаб бұл топты білмейді: топ жетекшісіне хабарласыңыз
cli-error-hub-conflict = хабқа басқа өзгеріс бұрын жетті: команданы қайта орындаңыз
cli-error-hub-too-large = хаб жіберуге тым үлкен деректі қабылдамады
cli-error-hub-busy = хаб бос емес: бір минут күтіп, қайталап көріңіз
cli-error-hub-envelope-rejected = хаб бұл құрылғының кейбір өзгерістерін өзгертілген немесе орнында емес деп қабылдамады: топ жетекшісіне хабарласыңыз
cli-error-hub-membership-rejected = хаб топ мүшелерінің өзгерісін қабылдамады
cli-error-hub-order-rejected = хаб топтың нұсқауын қабылдамады
cli-error-hub-failed = хабта ақау болды (HTTP { $status }); ештеңе жоғалған жоқ: кейінірек қайта синхрондаңыз
cli-error-hub-refused = хаб сұранысты қабылдамады (HTTP { $status }, { $code })
cli-error-hub-move-team-unknown = бұл құрылғы ол хабқа көшпейді: хаб бұл топты білмейді; алдымен жетекші топты сонда көшіреді (senim team set-hub)
cli-error-hub-move-not-chained = бұл құрылғы ол хабқа көшпейді: оның мүшелер тізімдері құрылғыдағы тізімдерді жалғастырмайды, демек бұл осы топтың хабы емес
cli-error-hub-move-names-another-hub = бұл құрылғы ол хабқа көшпейді: жетекші қол қойған бірде-бір тізім бұл хаб мекенжайын осы сертификат ізімен атамайды; екеуін де жетекшімен тексеріңіз
cli-error-passcode-too-short = кіру коды жарамсыз: кемінде 6 таңба болуы керек
cli-error-passcode-common = кіру коды жарамсыз: бұл ең көп тараған кодтардың бірі; табуы қиынырақ код таңдаңыз
cli-error-passcode-repeated-character = кіру коды жарамсыз: онда бір таңба қайталанады; табуы қиынырақ код таңдаңыз
cli-error-passcode-sequence = кіру коды жарамсыз: бұл қатарынан келетін таңбалар; табуы қиынырақ код таңдаңыз
cli-error-passcode-repeated-group = кіру коды жарамсыз: онда қысқа таңбалар тобы қайталанады; табуы қиынырақ код таңдаңыз
cli-error-passcode-too-guessable = кіру коды жарамсыз: оны табу тым оңай; сөз немесе таңба қосыңыз

## Кіру кодтары.

cli-passcode-prompt = Кіру коды:
cli-passcode-prompt-new = Жаңа кіру коды:
cli-passcode-prompt-repeat = Жаңа кіру кодын қайталаңыз:
cli-passcode-mismatch = енгізілген екі код сәйкес келмейді
cli-passcode-no-terminal = кіру кодын терминалдан оқу мүмкін емес: оны { $var } арқылы беріңіз
cli-passcode-strength = кіру кодының беріктігі: 4-тен { $score } (оны табу үшін шамамен 10^{ $guesses } әрекет қажет)
cli-passcode-advice = кеңес: { $advice }

## Жазбалар.

cli-records-none = жазба жоқ
cli-records-more = тағы: { $command }
cli-warning-damaged = ескерту: { $count } жазбаның шифры ашылмады (бүлінген немесе өзгертілген): { $ids }
cli-column-id = ID
cli-column-kind = ТҮРІ
cli-column-time = УАҚЫТЫ
cli-column-tags = БЕЛГІЛЕР
cli-column-summary = ҚЫСҚАША

## Қойма.

cli-vault-created = { $dir } ішінде { $id } қоймасы жасалды
cli-vault-device-bound = { $dir } ішіндегі құрылғының кілттер қоймасына байланды: оны сақтаңыз, онсыз қойма ашылмайды
cli-vault-demo-created = { $dir } ішінде { $id } демо қоймасы жасалды: { $count } ойдан шығарылған жазба (seed { $seed })
cli-vault-demo-reset = демо қойма бастапқы күйіне қайтарылды: жасалғандағыдай { $count } ойдан шығарылған жазба
cli-vault-demo-keeps-passcode = демо қоймада баршаға белгілі демо кіру коды қалады
cli-vault-demo-no-duress = демо қоймада мәжбүрлеу коды болмайды: оның кіру коды баршаға белгілі
cli-vault-passcode-changed = кіру коды өзгертілді; қойманың кілті ауыстырылды
cli-vault-kdf-raised = бұл құрылғы жылдамырақ болды: кілт жасау { $mib } МиБ, { $passes } өтуге дейін күшейтілді. Бұрын орнатылған мәжбүрлеу коды енді жұмыс істемейді: оны `senim vault duress` пәрменімен қайта орнатыңыз.
cli-vault-duress-destroy = мәжбүрлеу коды орнатылды: оны енгізгенде жалған қойма ашылады, ал осы қойманың кілттері біржола жойылады
cli-vault-duress-hide = мәжбүрлеу коды орнатылды: оны енгізгенде жалған қойма ашылады; бұл қойма жасырын қалады және сіздің кіру кодыңызбен ашылады

## Анықтама: пәрменнің сипаттамасы, тақырыптар, жалпы параметрлер, әр пәрменнің
## қысқаша сипаттамасы (cli-help-<пәрмен>-<ішкі пәрмен>).

cli-about = Senim: аутрич қызметкерлеріне арналған шифрланған далалық дәптер, компьютерде
cli-long-about =
    Senim: аутрич қызметкерлеріне арналған шифрланған далалық дәптер, компьютерде.

    Әр жазба қойма қалтасында кілтпен шифрланып сақталады, ал кілтті сіздің кіру кодыңыз
    (құрылғыға байланған қоймада кілттер қоймасы қалтасындағы құпия да) қорғайды.
cli-after-help =
    Кіру коды:
      Қойманы ашатын пәрмендер кіру кодын терминалда, енгізілген таңбаларды көрсетпей
      сұрайды. Скриптер мен тесттер үшін оның орнына SENIM_PASSCODE беріңіз.
      `vault init` жаңа қойманың кодын SENIM_PASSCODE-тан алады; `vault change-passcode`
      жаңа кодты, ал `vault duress` мәжбүрлеу кодын SENIM_NEW_PASSCODE-тан алады. Оларсыз
      жаңа код екі рет сұралады.
      Жаңа код қысқа, көп тараған, қатарынан келетін не қайталанатын таңбалардан тұрса
      немесе беріктік бағасы (zxcvbn) бойынша 4-тен 2-ден төмен болса, қабылданбайды;
      орнатылған кодтың беріктігі шығарылады (--json ішінде `passcode_strength`).
      Кіру коды ешқашан пәрмен жолының аргументі ретінде қабылданбайды.

    Аяқталу кодтары:
      0  сәтті
      1  кез келген басқа қате (жарамсыз деректер, жоқ жазба, сақтау қатесі)
      2  қате аргументтер
      3  қойма ашылмады: кіру коды қате, сәтсіз әрекет тым көп немесе құрылғының кілттер
         қоймасы жоқ
      4  көрсетілген жерде қойма жоқ (оны команда ережесі бойынша жаңа ғана өшірген
         жағдайда да: сәтсіз әрекет тым көп немесе тым ұзақ синхрондалмаған)
      5  қойма бүлінген немесе оған араласқан (аудит журналы бұзылған жағдайды қоса)
cli-heading-usage = Қолданылуы:
cli-heading-commands = Пәрмендер
cli-heading-options = Параметрлер
cli-heading-arguments = Аргументтер
cli-heading-global = Жалпы параметрлер
cli-option-help = Анықтаманы көрсету
cli-option-version = Нұсқаны көрсету
cli-option-vault = Қойма қалтасы [әдепкі: пайдаланушы деректері қалтасындағы "vault", мысалы ~/.local/share/senim/vault]
cli-option-keystore = Құрылғының кілттер қоймасы қалтасы, тек құрылғыға байланған қоймаларға керек [әдепкі: пайдаланушы баптаулары қалтасындағы "keystore", мысалы ~/.config/senim/keystore]
cli-option-json = Стандартты шығысқа машина оқитын JSON шығару
cli-option-content = Ұйымыңыздың өз сауалнамалары, ережелер жиынтықтары мен қызметтер анықтамалықтары бар қалта (forms/*.json, rules/*.json, services/*.json), кірістірілгендермен бірге жүктеледі
cli-option-verbose = Пәрменнің не істейтінін стандартты қателер ағынына жазу (-v: қадамдары, -vv: толығырақ)
cli-option-lang = senim сөйлейтін тіл: en, ru немесе kk (uz, ky және tg орыс тілінде көрсетіледі) [әдепкі: SENIM_LANG, әйтпесе жүйенің тілі]

cli-help-demo = Ойдан шығарылған деректермен бүкіл далалық күнді басынан аяғына дейін өткізу: кірістірілген демо сервер, желісіз жазба жүргізетін жетекші мен қызметкерлер, синхрондау және жетекшінің жалпы көрінісі
cli-help-vault = Қойманы жасау, тексеру, кілтін ауыстыру және өшіру
cli-help-vault-init = Жаңа қойма жасау (кіру коды SENIM_PASSCODE-тан алынады немесе екі рет сұралады)
cli-help-vault-reset-demo = Тек демо қойма үшін: оны бастапқы күйіне қайтару (кейін қосылғанның бәрі жойылады)
cli-help-vault-change-passcode = Кіру кодын ауыстыру (жаңасы SENIM_NEW_PASSCODE-тан алынады немесе екі рет сұралады)
cli-help-vault-info = Жазбалар санын, форматты және кілт жасау параметрлерін көрсету (кіру коды керек емес)
cli-help-vault-wipe = Шұғыл өшіру: қойманы кіру кодынсыз біржола жою. Алдымен кілттер жойылады (содан кейін кодпен де ештеңенің шифрын ашу мүмкін емес), сосын құрылғының кілттер қоймасындағы құпия, сосын файлдар. --yes берілмесе, "wipe" деп теруді сұрайды
cli-help-vault-duress = Мәжбүрлеу кодын орнату (SENIM_NEW_PASSCODE-тан алынады немесе екі рет сұралады): оны кіру кодының орнына енгізсе, бірнеше зиянсыз жазбасы бар жалған қойма ашылады
cli-help-note = Далалық жұмыс жазбаларын жазу және түзету
cli-help-note-add = Қазіргі уақытпен жаңа далалық жұмыс жазбасын жасау; оның идентификаторын шығарады
cli-help-note-edit = Жазбаның өрістерін өзгерту; өзгерген өрістердің атауларын шығарады
cli-help-records = Жазбаларды қарау, іздеу және жою
cli-help-records-list = Жазбалар тізімі, алдымен жаңалары
cli-help-records-show = Бір жазбаны және оның тарихын көрсету
cli-help-records-search = Мәтінінде немесе орнында барлық сөз кездесетін жазбаларды табу (сөздің басы бойынша)
cli-help-records-delete = Жазбаны жою (тізімдерден жасырылады, тарихта сақталады)
cli-help-audit = Қойманың аудит журналын тексеру және оқу
cli-help-audit-verify = Аудит журналының бірде-бір жазбасы өзгертілмегенін, жойылмағанын және орны ауыстырылмағанын тексеру
cli-help-audit-log = Аудит журналын шығару, алдымен ескілері
cli-help-forms = Скрининг сауалнамаларын қарау, тексеру және көрсету
cli-help-forms-list = Қолжетімді сауалнамалар тізімі (кірістірілген және --content ішіндегі)
cli-help-forms-validate = Сауалнама файлын тексеру; барлық қатені тізіп шығады және қате болса, 1 кодымен аяқталады
cli-help-forms-show = Сауалнаманың бөлімдерін, сұрақтарын, жауап нұсқаларын және өту логикасын көрсету
cli-help-interview = Скрининг сұхбаттарын жүргізу және жалғастыру
cli-help-interview-run = Скрининг сұхбатын терминалда (немесе --answers бойынша) жүргізу, әр жауапты бірден сақтау және бағаны шығару
cli-help-interview-resume = Үзілген сұхбатты тоқтаған жерінен жалғастыру
cli-help-assess = Сақталған сұхбатты ол жүргізілген сауалнама мен ережелер нұсқаларымен қайта бағалау
cli-help-services = Қызметтерді ұсыну және жолдама ресімдеу
cli-help-services-list = Анықтамалықтағы қызметтер тізімі
cli-help-services-recommend = Бағаланған сұхбат үшін қызметтерді ретімен, негіздемесімен ұсыну
cli-help-services-refer = Адамды қызметке жолдау (жолдамаға келісім қажет)
cli-help-team = Команда құру және оған қосылу, құрылғыларды қабылдау және шақырып алу, команда ережелерін орнату және адам туралы жазбаларды өшіру
cli-help-team-create = Жетекші: осы құрылғы жетекші болатын команда құру және оны серверде тіркеу
cli-help-team-request = Жаңа құрылғы: жетекшіге арналған осы құрылғының қосылу сұрауын (бір жол) шығару
cli-help-team-approve = Жетекші: қосылу сұрауы бойынша құрылғыны қабылдау; оның шақыру кодын (бір жол) шығарады
cli-help-team-join = Жаңа құрылғы: жетекшінің шақыру коды бойынша командаға қосылу
cli-help-team-members = Команда құрылғыларының және олардың рөлдерінің тізімі
cli-help-team-revoke = Жетекші: құрылғыны шақырып алу; команда ол оқи алмайтын жаңа кілтке көшеді
cli-help-team-policy = Команданың сақтау және автоматты өшіру ережелерін көрсету; жетекші: жаңасын орнату
cli-help-team-erase = Жетекші: адамды және оған байланысты жазбаларды барлық құрылғыдан және серверден өшіру
cli-help-team-quarantine = Карантиндегі пакеттер тізімі (түпнұсқа, бірақ мазмұнын қолдану мүмкін емес); жетекші: оларды командадан жою
cli-help-team-set-hub = Команданы басқа серверге көшіру: жетекші оның мекенжайы мен сертификат ізін қатысушылар тізіміне қол қойып енгізеді; басқа құрылғы ескі сервері жоғалғанда соған көшеді
cli-help-team-rehome = `set-hub` сияқты (жетекші команданы оны жоғалтқан серверге бұрынғы немесе жаңа мекенжай бойынша тапсырады)
cli-help-hub = Офис серверін іске қосу
cli-help-hub-serve = Серверді іске қосу: ол команданың шифрланған пакеттерін және қатысушылар тізімдерін сақтайды әрі жібереді, әр қолтаңбаны тексереді және ешбір кілт сақтамайды (тоқтату — Ctrl-C)
cli-help-hub-backup = Сервер жұмыс істеп тұрғанда оның дерекқорын файлға дәйекті түрде көшіру (көшірме тексеріледі және оны тек осы пайдаланушы оқи алады)
cli-help-hub-restore = Сақтық көшірмені сервердің дерекқоры ретінде қайтару (алдымен серверді тоқтатыңыз; ауыстырылатын дерекқор қасында hub.sqlite3.replaced-TIME ретінде сақталады)
cli-help-hub-registration-token = --registration token бар серверге тіркеу токенін жасау: оны команда құратын жетекшіге беріңіз (`senim team create --registration-token`); ол бір команданы тіркейді
cli-help-hub-fingerprint = Сервердің өз TLS сертификатының SHA-256 ізін шығару (алғашқы `hub serve --tls` жасаған) — құрылғылары тексеретін із
cli-help-sync = Офис сервері арқылы командамен жазба алмасу
cli-help-report = Команда жетекшілеріне арналған иесіздендірілген сандар (аз сандар жасырылады); CSV файлдары және SVG диаграммасы ретінде де
cli-help-training = Ойдан шығарылған кейіпкерлермен оқу сұхбаттары, жауаптар кілтімен салыстырылады
cli-help-training-list = Оқу сценарийлерінің тізімі, әрқайсысының жауаптар кілті беретін деңгейімен (қойма керек емес)
cli-help-training-show = Сценарийдің ойдан шығарылған кейіпкерін және тренер ойнайтын мәтінді сұрақ сайын, жауаптар кілтімен көрсету (қойма керек емес)
cli-help-training-run = Терминалда (тренер кейіпкерді ойнайды) немесе --answers бойынша жасырын оқу сұхбатын жүргізу, содан кейін сценарийдің жауаптар кілтімен салыстыру
cli-help-training-check = Сақталған сұхбатты сценарийдің жауаптар кілтімен салыстыру
cli-help-handoff = Бір жолдаманың жазбаларын қосымшасы жоқ серіктес ұйымға арналған шифрланған файлға бекіту және мұндай файлдарды ашу
cli-help-handoff-export = Бір жолдаманың жазбаларын (жолдама, адам, келісім, сұхбат және оның түсіндірілген нәтижесі) серіктес ұйымға арналған шифрланған файлға бекіту; адамның жолдамаға немесе беруге келісімі қажет
cli-help-handoff-open = Тапсыру файлын ашу: summary.html мен records.json файлдарын қалтаға жазу немесе қысқаша мазмұнды шығару (--json болса records.json)

## Ашу кезіндегі ескертулер.

cli-warning-idle-wipe = ескерту: бұл құрылғы { $days } күн ішінде сервермен синхрондалмаса, өзін өзі өшіреді (команда ережесі): senim sync орындаңыз

## Бірнеше пәрменнің есептеріне ортақ сөздер: деңгейлер, күйлер, өрістер.

cli-level-none = белгі жоқ
cli-level-monitor = бақылау
cli-level-possible = мүмкін
cli-level-likely = ықтимал
cli-referral-status-proposed = ұсынылды
cli-referral-status-accepted = қабылданды
cli-referral-status-declined = бас тартылды
cli-referral-status-completed = орындалды
cli-referral-status-cancelled = болдырылмады
cli-field-text = мәтін
cli-field-place = орын
cli-field-tags = белгілер

## Демо: баннер, барысы және қорытынды. Шақыру аттары — есімдер, аударылмайды.

cli-demo-banner = ДЕМО ҚОЙМА: тек ойдан шығарылған оқу деректері (кіру коды { $passcode })
cli-demo-start = Далалық күн (демо, seed { $seed }): жетекші және { $workers } қызметкер, әрқайсысында { $records } жазба, сервер { $hub } мекенжайында
cli-demo-keep-not-empty = { $dir } бос емес: --keep үшін жаңа немесе бос қалта керек
cli-demo-worker-n = { $n }-қызметкер
cli-demo-lead = жетекші
cli-demo-enrolling = команданы қабылдау
cli-demo-enrolled = команда қабылданды
cli-demo-recording = { $name } желісіз жазады
cli-demo-syncing = сервер арқылы синхрондау
cli-demo-synced = синхрондалды
cli-demo-syncing-edits = бір мезгілдегі түзетулерді синхрондау
cli-demo-merged = біріктірілді
cli-demo-story-follow-up = Қайта кездесу: келесі күні қайта кездестік, сенім телефонына қоңырау шалуға келістік.
cli-demo-story-place-platform = Сайран автовокзалы, 3-платформа (демо)
cli-demo-story-place-hall = Сайран автовокзалы, билет кассасы залы (демо)
cli-demo-workers = Қызметкерлер (желісіз жазды, содан кейін синхрондалды):
cli-demo-column-worker = қызметкер
cli-demo-column-records = жазбалар
cli-demo-column-subjects = адамдар
cli-demo-column-notes = далалық жазбалар
cli-demo-column-interviews = сұхбаттар
cli-demo-column-referrals = жолдамалар
cli-demo-column-sent = жіберілді
cli-demo-column-received = алынды
cli-demo-column-by-worker = қызметкерлер бойынша жазбалар
cli-demo-column-by-level = деңгейлер бойынша бағалар
cli-demo-column-by-status = күйлер бойынша жолдамалар
cli-demo-column-count = саны
cli-demo-lead-view = Жетекшінің жалпы көрінісі: { $created } жазбаның { $held }
cli-demo-open-referrals = ашық жолдамалар (ұсынылған немесе қабылданған): { $count }
cli-demo-merged-edits = бір мезгілдегі түзетулер ештеңе жоғалтпай біріктірілді: { $count } (бір қызметкерден белгі, екіншісінен қайта кездесу)
cli-demo-no-conflicts = қайшылықтар жоқ
cli-demo-conflicts = жетекшіге көрсетілген қайшылықтар: { $count } (екі мән де авторларымен сақталды)
cli-demo-conflict-value = «{ $value }» ({ $who })
cli-demo-conflict = { "  " }{ $record } жазбасы, { $field }: { $values }
cli-demo-timings = уақыт: қабылдау { $enrol } с, жазу { $record } с, синхрондау { $sync } с, жетекшінің көрінісі { $view } с, барлығы { $total } с
cli-demo-kept =
    { $dir } ішінде сақталды. Мысалы, былай қарауға болады:
      senim --vault { $dir }/lead records list
      senim --vault { $dir }/lead report
      senim hub serve --demo --data { $dir }/hub

## Синхрондау.

cli-sync-done = { $sent } пакет жіберілді, { $received } алынды ({ $merged } жазба біріктірілді), { $held } бұрыннан бар, { $rejected } қабылданбады; { $sealed } жазбада жіберілетін өзгеріс болды
cli-sync-quarantined = карантинде { $count } пакет бар (осы синхрондауда жаңасы: { $new }): олар түпнұсқа, бірақ мазмұнын қолдану мүмкін емес; жетекші оларды `senim team quarantine --purge` пәрменімен жояды
cli-sync-quarantined-one = { "  " }карантинде: { $place }
cli-sync-hub-moved = команда { $hub } серверіне көшті (оны жетекші қол қойған тізім атайды): келесі синхрондаудан бастап бұл құрылғы сонымен жұмыс істейді
cli-sync-waiting = { $count } пакет өзі тәуелді өзгерістерді күтуде; олар кейінгі синхрондауда қолданылады
cli-sync-orders = команданың { $count } өкімі қолданылды (ереже немесе жою); команда { $order }-өкімде
cli-sync-purged = команда өкімдері бойынша осы құрылғыдан { $count } жазба жойылды (өшіру немесе сақтау мерзімі)
cli-sync-retention-purged = сақтау мерзімі талап еткендей командадан { $count } жазба жойылды; басқа құрылғылар оларды келесі синхрондауда жояды
cli-sync-place = { $device } құрылғысы, нөмірі { $seq }
cli-sync-rejected = { $count } пакет тексеруден өтпеді және қабылданбады ({ $places }): бұл құрылғыда олардағы деректер жоқ; кейінірек қайта синхрондаңыз (сервердегі бүлінген көшірме авторы синхрондағанда ауыстырылады) және бұл қайталанса, жетекшіңізге хабарлаңыз
cli-sync-hub-lost = сервер бұл команданы білмейді (жаңа сервер немесе деректерін жоғалтқан сервер): команда жетекшісі команданы оған `senim team set-hub URL` арқылы береді (docs/hub.md, «Losing the hub»)

## Команда.

cli-team-not-joined = бұл қойма командаға қосылмаған
cli-team-not-joined-hint = бұл қойма командаға қосылмаған: senim team join WELCOME
cli-team-created = { $team } командасы құрылды; бұл құрылғы ({ $device }) — оның жетекшісі
cli-team-qr-too-long = (бір QR кодқа тым ұзын: жоғарыдағы жолды мәтін ретінде беріңіз, мысалы хабарламамен)
cli-team-read-to-lead = бұл сөздерді жетекшіге оқып беріңіз: оның экранында дәл осы сөздер болуы керек
cli-team-read-to-device = бұл сөздерді жаңа құрылғы иесіне оқып беріңіз: оның экранында дәл осы сөздер болуы керек
cli-team-bad-role = рөл — worker немесе lead
cli-team-not-admitted = құрылғы қабылданбады
cli-team-join-failed = командаға қосылу мүмкін болмады
cli-team-joined = сіз { $team } ({ $name }) командасына { $role } ретінде қосылдыңыз; синхрондау: senim sync
cli-team-not-revoked = құрылғы шақырып алынбады
cli-team-revoked = { $device } құрылғысы шақырып алынды; команда енді { $epoch }-дәуірде жазады
cli-team-column-device = ҚҰРЫЛҒЫ
cli-team-column-role = РӨЛ
cli-team-column-name = АТЫ
cli-team-column-heard = СОҢҒЫ ДЕРЕКТЕР
cli-team-role-lead = жетекші
cli-team-role-worker = қызметкер
cli-team-role-revoked = шақырып алынған
cli-verify-code =
    растау коды: { $code }
      ({ $what })
cli-verify-refused-approve = --verify болмаса, құрылғы қабылданбайды: стандартты енгізу кодты растауға болатын терминал емес; --verify арқылы жаңа құрылғы көрсететін төрт сөзді беріңіз
cli-verify-refused-join = --verify болмаса, командаға қосылу мүмкін емес: стандартты енгізу кодты растауға болатын терминал емес; --verify арқылы жетекші құрылғысы көрсететін төрт сөзді беріңіз
cli-verify-prompt-approve = Осы қосылу сұрауының растау коды: { $code }
    Жаңа құрылғы дәл осы төрт сөзді көрсетіп тұр ма? Олай болмаса, код жолда ауыстырылған: no деп жауап беріңіз.
    Құрылғыны қабылдау үшін "yes" деп енгізіңіз:{ " " }
cli-verify-prompt-join = Осы шақырудың растау коды: { $code }
    Жетекшінің құрылғысы дәл осы төрт сөзді көрсетіп тұр ма? Олай болмаса, код жолда ауыстырылған: no деп жауап беріңіз.
    Командаға қосылу үшін "yes" деп енгізіңіз:{ " " }
cli-verify-not-confirmed-approve = растау коды расталмады: ештеңе жасалмады (құрылғы қабылданбады)
cli-verify-not-confirmed-join = растау коды расталмады: ештеңе жасалмады (сіз командаға қосылмадыңыз)

## Жазбалар (далалық).

cli-note-not-a-note = { $id } жазбасы — { $kind }, далалық жазба емес
cli-note-unchanged = ештеңе өзгерген жоқ
cli-note-changed = өзгертілді: { $fields }

## Есеп: мәтіндік кестелер, CSV файлдары және диаграмма (--json өзегінің ағылшын тілінде қалады).

cli-report-chart-not-svg = диаграмма SVG түрінде салынады: .svg деп аяқталатын файл атын беріңіз
cli-report-unreadable = ескерту: { $count } жазбаның шифры ашылмады (бүлінген немесе өзгертілген), олар есептелмеді
cli-report-csv-written = { $count } CSV файлы { $dir } ішіне жазылды
cli-report-chart-written = диаграмма { $file } файлына жазылды
cli-report-chart-not-written = диаграмманы { $file } файлына жазу мүмкін болмады
cli-report-chart-failed = диаграмманы салу мүмкін болмады
cli-report-period-all = барлық жазбалар
cli-report-period-from = { $from } бастап жазбалар
cli-report-period-to = { $to } дейінгі жазбалар
cli-report-period-between = { $from } бастап { $to } дейінгі жазбалар
cli-report-heading = Есеп: { $period }, жасалған уақыты { $generated }
cli-report-small-counts = { $max ->
    [1] 1 саны
   *[other] 1-ден { $max }-ге дейінгі сан
}
cli-report-legend = { $mark } жасырылған: { $small } немесе жиынтықтан есептеп шығаруға болмайтындай жасырылған сан
cli-report-empty = { "  " }(жоқ)
cli-report-total = Барлығы
cli-report-not-recorded = (көрсетілмеген)
cli-report-no-place = (орны жоқ)
cli-report-kind-subject = адам
cli-report-kind-note = далалық жазба
cli-report-kind-interview = сұхбат
cli-report-kind-referral = жолдама
cli-report-kind-consent = келісім
cli-report-table-records-by-kind = Түрлері бойынша жазбалар
cli-report-table-assessments-by-level = Деңгейлері бойынша бағаланған сұхбаттар
cli-report-table-indicators = Анықталған белгілер (әрқайсысы бар сұхбаттар саны)
cli-report-table-dimensions = Белгі анықталған сұхбаттар, өлшемдер бойынша
cli-report-table-nationalities = Азаматтығы бойынша адамдар мен сұхбаттар
cli-report-table-places = Орындары бойынша далалық жазбалар
cli-report-table-months = Айлар бойынша жазбалар мен бағалар
cli-report-table-workers = Қызметкерлер бойынша жазбалар
cli-report-table-referrals-by-service = Қызметтер бойынша жолдамалар
cli-report-table-referrals-by-status = Күйлері бойынша жолдамалар
cli-report-column-kind = Түрі
cli-report-column-records = Жазбалар
cli-report-column-level = Деңгей
cli-report-column-interviews = Сұхбаттар
cli-report-column-indicator = Белгі
cli-report-column-name = Атауы
cli-report-column-dimension = Өлшем
cli-report-column-nationality = Азаматтығы
cli-report-column-subjects = Адамдар
cli-report-column-place = Орын
cli-report-column-notes = Далалық жазбалар
cli-report-column-month = Ай
cli-report-column-none = Белгі жоқ
cli-report-column-monitor = Бақылау
cli-report-column-possible = Мүмкін
cli-report-column-likely = Ықтимал
cli-report-column-worker = Қызметкер
cli-report-column-service = Қызмет
cli-report-column-referrals = Жолдамалар
cli-report-column-status = Күйі
cli-chart-note = * жасырылған, салынбаған: { $small } немесе есептеп шығаруға болмайтындай жасырылған
cli-chart-period = { $from } — { $to }
cli-chart-first-record = бірінші жазба
cli-chart-last-record = соңғы жазба
cli-chart-title = Senim есебі: { $period }
cli-chart-dimensions = Белгі анықталған сұхбаттар, өлшемдер бойынша
cli-chart-interviews = сұхбаттар
cli-chart-levels = Деңгейлер мен айлар бойынша бағаланған сұхбаттар
cli-chart-no-assessments = бағаланған сұхбат жоқ

## vault info.

cli-vault-info-vault = қойма
cli-vault-info-device = құрылғы
cli-vault-info-location = орны
cli-vault-info-format = пішімі
cli-vault-info-format-value = { $format } ({ $schema } сұлба)
cli-vault-info-kdf = кілт жасау
cli-vault-info-kdf-value = Argon2id, { $kib } КиБ, { $passes } өту, { $lanes } ағын
cli-vault-info-device-bound = құрылғыға байланған
cli-vault-info-failed-unlocks = сәтсіз ашу әрекеттері
cli-vault-info-records = жазбалар
cli-vault-info-no-records = жоқ
cli-vault-info-audit = аудит журналындағы жазбалар

## Сұхбаттар: қызметкер терминалда оқитын мәтін (сауалнама сұрақтары, келісім мәтіні
## және баға мәтіні сауалнамадан, сұхбат тілінде алынады).

cli-interview-answers-not-json = жауаптар файлы жарамды JSON емес ({ $line }-жол)
cli-interview-answers-not-object = жауаптар файлы JSON нысаны болуы керек: {"{"}"question_id": "answer", ...{"}"}
cli-interview-answers-unknown-question = жауаптар файлында '{ $form }' сауалнамасында жоқ '{ $question }' сұрағы бар
cli-interview-form-no-language = '{ $form }' сауалнамасында '{ $language }' тілі жоқ; оның тілдері: { $languages }
cli-interview-answer-type = '{ $question }' сұрағының жауабы жол, сан немесе тізім болуы керек
cli-interview-question-error = '{ $question }' сұрағы: { $error }
cli-interview-consent-required = --answers бар болса, --consent қажет (мысалы, --consent screening)
cli-interview-unknown-scope = келісімнің белгісіз аясы: screening, referral немесе sharing күтіледі
cli-interview-no-consent = Келісім жоқ: ештеңе сақталмады.
cli-interview-resuming = { $id } сұхбатын жалғастырамыз ({ $visible } сұрақтың { $answered } жауап берілді).
cli-interview-not-an-interview = { $id } жазбасы сұхбат емес
cli-interview-answer-missing = жауаптар файлында '{ $question }' міндетті сұрағына жауап жоқ
cli-interview-answers-unused = ескерту: бұл жауаптар сұралмады (өткізіп жіберу логикасымен жасырылған немесе рұқсат етілмеген): { $questions }
cli-interview-paused = { $id } сұхбаты сақталды. Жалғастыру: senim interview resume { $id }
cli-interview-stopped = { $id } сұхбаты адамның өтініші бойынша тоқтатылды.
cli-interview-saved-so-far = { $id } сұхбаты үзілген жеріне дейін сақталды; жалғастыру: senim interview resume { $id }
cli-interview-id = сұхбат: { $id }
cli-interview-form-languages = сауалнама мына тілдерде бар: { $languages }
cli-interview-help =
    Сұраққа жауап беріңіз немесе енгізіңіз:
      :back            алдыңғы сұрақ        :next   келесі сұрақ (жауап сақталады)
      :skip            өткізіп жіберу (тек міндетті емес сұрақтар)
      :lang КОД        тілді ауыстыру (en, ru, kk, uz, uz-Cyrl, ky, tg)
      :pause           сақтап шығу; кейін жалғастыру: `senim interview resume ID`
      :stop            адам сұхбатты тоқтатқысы келеді
      :exit            жылдам шығу: экранды тазалап, бірден шығу (берілген жауаптар қалады)
      :help            осы анықтама
    «Иә/жоқ» сұрақтары: y (иә), n (жоқ), u немесе ? (белгісіз), d (жауаптан бас тарту). Кез келген сұрақ: d (жауаптан бас тарту).
    Таңдау сұрақтары: нұсқаның нөмірі немесе id (бірнешеуі — үтір арқылы).
cli-interview-answer-y-or-n = y (иә) немесе n (жоқ) деп жауап беріңіз.
cli-interview-consent-read =
    Бірінші сұрақтың алдында мұны адамға оқып беріңіз:
    { "" }
cli-interview-consent-preset = Адам мынаған келісе ме: { $scopes }? [y — иә / n — жоқ]{ " " }
cli-interview-consent-screening = Адам скринингке келісе ме? [y — иә / n — жоқ]{ " " }
cli-interview-consent-referral = Ол қызметке жолдама алуға да келісе ме? [y — иә / n — жоқ]{ " " }
cli-interview-consent-sharing = Ол мәліметтерді командадан тыс беруге келісе ме? [y — иә / n — жоқ]{ " " }
cli-consent-scope-screening = скрининг
cli-consent-scope-referral = жолдама
cli-consent-scope-sharing = мәліметтерді беру
cli-interview-not-reviewed = { "  " }[аударма әлі тексерілмеген]
cli-interview-current-answer = { "      " }(қазіргі жауап: { $answer }; оны қалдыру үшін Enter басыңыз)
cli-interview-type-help = Пәрмендерді көру үшін :help енгізіңіз.
cli-interview-hint-yes-no = y — иә, n — жоқ, u — белгісіз, d — бас тарту
cli-interview-hint-number = нөмір
cli-interview-hint-numbers = нөмірлер, үтір арқылы
cli-interview-hint-date = ЖЖЖЖ-АА-КК
cli-interview-hint-country = ел коды, мысалы UZ
cli-interview-hint-text = мәтін
cli-interview-invalid-answer = { "  " }бұл жауап сұраққа сәйкес келмейді: { $reason }
cli-interview-required = { "  " }Бұл міндетті сұрақ, оны өткізіп жіберуге болмайды; адам жауап беруден бас тарта алады (d).
cli-interview-first-question = Бұл — бірінші сұрақ.
cli-interview-type-answer = { "  " }Жауап енгізіңіз, d — жауаптан бас тарту, немесе :help.
cli-interview-unknown-command = Белгісіз пәрмен; :help енгізіңіз.
cli-interview-danger =
    { "" }
    !!! ТІКЕЛЕЙ ҚАУІП — жалғастырмас бұрын қазір әрекет етіңіз:
        { $steps }
    { "" }
cli-interview-cleared = { "  " }(енді қажет емес жауаптар тазаланды: { $questions })
cli-interview-answer-declined = жауаптан бас тартты
cli-interview-answer-unknown = белгісіз

## Баға, қызметкер оқитындай.

cli-assessment-danger = !!! ТІКЕЛЕЙ ҚАУІП, оны көрсеткен сұрақтар: { $questions }
cli-assessment-level = деңгей
cli-assessment-form = сауалнама
cli-assessment-rule-set = ережелер жинағы
cli-assessment-population =
    { "" }
    { $population } — { $level } ({ $count } белгі)
cli-assessment-column-dimension = ӨЛШЕМ
cli-assessment-column-strong = КҮШТІ
cli-assessment-column-medium = ОРТАША
cli-assessment-column-weak = ӘЛСІЗ
cli-assessment-column-positive = АНЫҚТАЛДЫ
cli-assessment-forced-labour =
    { "" }
    ХЕҰ мәжбүрлі еңбек белгілері: { $indicators }
cli-assessment-forced-labour-flagged =
    { "" }
    ХЕҰ мәжбүрлі еңбек белгілері: { $indicators } (еріксіздік те, мәжбүрлеу де бар)

## team policy, team erase, team quarantine.

cli-policy-retain-twice = --retain { $kind } түрін екі рет атайды: әр жазба түріне бір мерзім беріңіз
cli-policy-none = команда ережелері орнатылмаған: жазбалар жойылғанша сақталады, ешбір қойма өзін өзі өшірмейді
cli-policy-days-left = бұл құрылғы { $days } күн ішінде синхрондалмаса, өзін өзі өшіреді
cli-policy-never-idle = бұл құрылғы синхрондау болмағаны үшін өзін ешқашан өшірмейді (жетекшінің құрылғысы немесе ереже әлі жоқ)
cli-policy-as-of = (осы құрылғының соңғы синхрондауы бойынша: команданың { $order }-өкімі; senim sync жаңаларын алады)
cli-policy-retention = сақтау мерзімі
cli-policy-retention-none = жоқ: жазбалар жойылғанша сақталады
cli-policy-keep = сақтау: { $kind }
cli-policy-keep-days = соңғы өзгерістен кейін { $days } күн
cli-policy-keep-days-referral = соңғы өзгерістен кейін { $days } күн (тек жабылған жолдамалар)
cli-policy-keep-days-subject = соңғы өзгерістен кейін { $days } күн (адамға байланысты барлық жазбалармен бірге)
cli-policy-wipe-failures = сәтсіз ашу әрекеттерінен кейін өшіру
cli-policy-wipe-days = синхрондаусыз күндерден кейін өшіру
cli-policy-never = ешқашан
cli-policy-in-a-row = қатарынан { $count }
cli-policy-days = { $days } күн
cli-policy-not-set = ережелер орнатылмады
cli-policy-set = команда ережелері орнатылды (команданың { $order }-өкімі); әр құрылғы оларды келесі синхрондауда қолданады:
cli-erase-needs-yes = --yes болмаса, өшіру орындалмайды: стандартты енгізу растауға болатын терминал емес
cli-erase-failed = адам туралы мәліметтер өшірілмеді
cli-erase-sync-failed = өшірілетін жазбаларды санау үшін синхрондау мүмкін болмады
cli-erase-prompt =
    { $subject } адамы және оған байланысты { $linked } жазба (барлығы { $count }) команданың барлық құрылғыларынан және серверден біржола өшіріледі: оларды ешкім, тіпті команда кілттерімен де қалпына келтіре алмайды.
    Жалғастыру үшін "erase" деп енгізіңіз:{ " " }
cli-erase-cancelled = өшіру тоқтатылды: ештеңе өшірілмеді
cli-erase-done = { $subject } адамы өшірілді (команданың { $order }-өкімі)
cli-erase-records = жойылған жазбалар
cli-erase-envelopes = жойылған пакеттер
cli-erase-envelopes-value = { $count } (серверде және барлық құрылғыларда)
cli-erase-carriers = тасымалдаушы пакеттер
cli-erase-carriers-value = { $count } (сол пакеттердегі басқа жазбалардың қайта мөрленген өзгерістері)
cli-erase-others = басқа құрылғылар жазбаларды келесі синхрондауда жояды; олардың аудит журналдарында жазбалардың өзі емес, сандар мен себеп қалады
cli-quarantine-not-purged = карантиндегі орындар жойылмады
cli-quarantine-none = карантинде ештеңе жоқ
cli-quarantine-purged = карантиннен пакеттердің { $count } орны жойылды (команданың { $order }-өкімі); басқа құрылғылар оларды келесі синхрондауда жояды
cli-quarantine-column-seq = НӨМІР
cli-quarantine-column-reason = СЕБЕБІ
cli-quarantine-column-found = ТАБЫЛДЫ

## team set-hub.

cli-set-hub-not-moved = құрылғы серверге көшпеді
cli-set-hub-sync-failed = құрылғы серверге көшті, бірақ онымен синхрондау сәтсіз болды: senim sync орындаңыз
cli-set-hub-followed = осы сәттен бастап бұл құрылғы { $hub } серверімен синхрондалады (оны жетекшіңіз қол қойған тізім атайды); { $sent } пакет жіберілді, { $received } алынды
cli-set-hub-team-not-moved = команда көшірілмеді
cli-set-hub-not-taken = көшу қол қойылып сақталды, бірақ жаңа сервер команданы қабылдамады: сол пәрменді қайта орындаңыз
cli-set-hub-moved = команда { $hub } серверіне көшеді (қатысушылар тізімінің { $version }-нұсқасы); сервер команданы қабылдады: { $lists } тізім, { $orders } өкім және { $envelopes } пакет жүктелді
cli-set-hub-moved-registered = команда { $hub } серверіне көшеді (қатысушылар тізімінің { $version }-нұсқасы); сервер команданы қабылдады: { $lists } тізім, { $orders } өкім және { $envelopes } пакет жүктелді, команда тіркелді
cli-set-hub-old-took-it = ескі сервер көшуді қабылдады: әр құрылғы онда келесі синхрондауда көшеді
cli-set-hub-old-lost-it = ол команданы жоғалтты
cli-set-hub-old-refused = ескі сервер көшуді қабылдамады ({ $problem }): әр құрылғыда `{ $command }` орындалады
cli-set-hub-needs-pin = --pin болмаса, сервер сертификаты бекітілмейді: стандартты енгізу оны растауға болатын терминал емес; серверде `senim hub serve --tls` шығарған саусақ ізін --pin арқылы беріңіз
cli-set-hub-pin-prompt =
    Сервер SHA-256 саусақ ізі мынадай сертификатты көрсетеді:
      { $pin }
    Бұл серверде `senim hub serve --tls` шығарған саусақ ізімен дәл сәйкес пе? Олай болмаса, біреу өзін сервер етіп көрсетуі мүмкін: no деп жауап беріңіз.
    Оны бекіту үшін "yes" деп енгізіңіз:{ " " }
cli-set-hub-pin-refused = сертификат расталмады: ештеңе жасалмады

## vault wipe.

cli-wipe-needs-yes = --yes болмаса, өшіру орындалмайды: стандартты енгізу растауға болатын терминал емес
cli-wipe-prompt =
    { $dir } ішіндегі қойма біржола жойылады: ондағы ештеңені кіру кодымен де, кодсыз да қалпына келтіру мүмкін болмайды.
    Жалғастыру үшін "wipe" деп енгізіңіз:{ " " }
cli-wipe-cancelled = өшіру тоқтатылды: ештеңе өзгертілмеді
cli-wipe-keys-overwritten = дерекқорда қайта жазылды, оның алдын ала жазу журналында көшірмесі қалмады
cli-wipe-keys-files-overwritten = дерекқор файлдары басынан аяғына дейін қайта жазылды (SQLite оларды аша алмады)
cli-wipe-keys-not-overwritten = қайта жазу мүмкін болмады; оның орнына құрылғы құпиясы жойылды
cli-wipe-secret-not-used = жоқ (қойма құрылғыға байланбаған)
cli-wipe-secret-deleted = кілттер қоймасынан жойылды
cli-wipe-secret-still-present = кілттер қоймасы оны жоя алмады
cli-wipe-secret-no-key-store = табылмады: кілттер қоймасы қолжетімсіз болды
cli-wipe-secret-unknown = белгісіз (қойманың тақырыбы оқылмады)
cli-wipe-secret-failed = кілттер қоймасының қатесі: { $reason }
cli-wipe-done = қойма өшірілді: { $dir } ішінде қалғанның ешқайсысын шифрын ашу мүмкін емес
cli-wipe-master-key = басты кілт
cli-wipe-secrets = қайта жазылған мөрленген құпиялар
cli-wipe-device-secret = құрылғы құпиясы
cli-wipe-files = жойылған файлдар

## services, records show | delete, audit.

cli-services-column-kind = ТҮРІ
cli-services-column-region = ӨҢІР
cli-services-column-contact = БАЙЛАНЫС
cli-services-column-name = АТАУЫ
cli-services-urgent = ШҰҒЫЛ
cli-services-contact = { "   " }байланыс: { $contact }
cli-services-unknown = қызметтер анықтамалығында '{ $service }' қызметі жоқ (senim services list қараңыз)
cli-services-no-consent = адамның келісімі '{ $service }' қызметіне жолдаманы қамтымайды: одан сұраңыз, ал келіссе, пәрменді --person-agreed арқылы қайта орындаңыз
cli-show-id = идентификатор
cli-show-kind = түрі
cli-show-created = жасалды
cli-show-updated = өзгертілді
cli-show-created-by = жасаған құрылғы
cli-show-deleted = жойылған
cli-field-location = координаттар
cli-field-at = уақыты
cli-field-subject = адам
cli-show-conflicts = қайшылықтар (құрылғылар әртүрлі мән жазды; жоғарыда солардың бірі көрсетілген):
cli-show-column-field = ӨРІС
cli-show-column-value = МӘНІ
cli-show-history = тарихы:
cli-show-column-change = ӨЗГЕРІС
cli-records-deleted = { $id } жазбасы жойылды
cli-audit-intact = аудит журналы бүтін: { $count } жазба
cli-audit-column-action = ӘРЕКЕТ
cli-audit-column-record = ЖАЗБА
cli-audit-column-detail = ТОЛЫҒЫРАҚ

## hub (оның іске қосылғандағы стандартты шығыстағы жолдарын, мекенжай мен сертификаттың
## саусақ ізін, скрипттер оқиды: олар барлық тілде бірдей).

cli-hub-token-needs-data = сервердің --data деректер қалтасын немесе оның --database дерекқорын көрсетіңіз
cli-hub-token-failed = тіркеу токені жасалмады
cli-hub-token = тіркеу токені (бір команданы тіркейді; бір рет көрсетіледі):
cli-hub-backed-up = сақтық көшірме жасалды: { $teams } команда, { $bytes } байт, { $file } файлына
cli-hub-replaced-kept = ауыстырылған дерекқор { $file } ретінде сақталды
cli-hub-restored = { $dir } ішіне { $teams } команда қалпына келтірілді: серверді іске қосыңыз
cli-hub-demo-banner = ДЕМО СЕРВЕР: тек демо командаларға қызмет етеді

## handoff.

cli-handoff-env-unset = { $var } орта айнымалысы (--passphrase-env) орнатылмаған
cli-handoff-env-not-utf8 = { $var } — жарамды UTF-8 мәтіні емес
cli-handoff-no-terminal = құпия фразаны терминалдан оқу мүмкін емес: оны --passphrase-env VAR арқылы беріңіз
cli-handoff-prompt-new = Серіктеске арналған құпия фраза:{ " " }
cli-handoff-prompt-repeat = Құпия фразаны қайталаңыз:{ " " }
cli-handoff-prompt = Тапсырудың құпия фразасы:{ " " }
cli-handoff-mismatch = енгізілген екі құпия фраза сәйкес келмейді
cli-handoff-sealed = { $count } жазба ({ $kinds }) { $file } ішіне мөрленді
cli-handoff-id = тапсыру id
cli-handoff-summary-in = қорытынды тілі
cli-handoff-not-identity = { $file } — age сәйкестендіру файлы емес
cli-handoff-cannot-create-dir = { $dir } жасау мүмкін болмады
cli-handoff-cannot-create-file = { $file } жасау мүмкін болмады (бар файл ешқашан ауыстырылмайды)
cli-handoff-referral = жолдама
cli-handoff-made-at = жасалған уақыты
cli-handoff-summary = қорытынды
cli-handoff-records = жазбалар
cli-handoff-not-encrypted = Бұл екі файл шифрланбаған: енді қажет болмағанда оларды жойыңыз.

## forms.

cli-forms-column-version = НҰСҚА
cli-forms-column-languages = ТІЛДЕР
cli-forms-column-questions = СҰРАҚТАР
cli-forms-column-hash = ХЕШ
cli-forms-column-title = АТАУЫ
cli-forms-valid = { $file }: '{ $form }' сауалнамасының { $version } нұсқасы жарамды ({ $questions } сұрақ, { $indicators } белгі, хеш { $hash })
cli-forms-needs-review = ескертпе: needs_review деп белгіленген аударылған жолдар саны: { $count }
cli-forms-rules-mismatch = сауалнама '{ $rules }' ережелер жинағына сәйкес келмейді: { $error }
cli-forms-problems = сауалнама сипаттамасындағы қателер саны: { $count }
cli-forms-no-language = сауалнамада '{ $lang }' тілі жоқ; ол мына тілдерде бар: { $languages }
cli-forms-review-mark = { " " }[тексеру қажет]
cli-forms-hash = хеш { $hash }
cli-forms-section-shown-if = ## { $title }  ({ $condition } болса, көрсетіледі)
cli-forms-required = міндетті
cli-forms-identifying = жеке басын ашады
cli-forms-shown-if = { "       " }{ $condition } болса, көрсетіледі
cli-forms-raises = { "       " }{ $when } жауабында { $indicator } белгісін береді
cli-forms-danger = { "       " }{ $when } жауабында ТІКЕЛЕЙ ҚАУІП
cli-forms-or = { " немесе " }
cli-forms-if = егер { $condition }

## training.

cli-training-column-level = ДЕҢГЕЙ
cli-training-column-persona = КЕЙІПКЕР
cli-training-languages = '{ $scenario }' сценарийі мына тілдерде бар: { $languages }
cli-training-versions = { $scenario } · сауалнама { $form } · ережелер жинағы { $rules }
cli-training-fictional = ОЙДАН ШЫҒАРЫЛҒАН КЕЙІПКЕР — оқу үшін жасалған; нақты адаммен кез келген ұқсастық кездейсоқ.
cli-training-alias = бүркеншік аты
cli-training-age-band = жас тобы
cli-training-gender = жынысы
cli-training-nationality = азаматтығы
cli-training-persona-languages = тілдері
cli-training-where-met = қай жерде кездесті
cli-training-situation = жағдайы
cli-training-background = өткені
cli-training-script =
    { "" }
    СЦЕНАРИЙ — кейіпкер әр сұраққа не айтады
cli-training-says = { "    " }айтады:    «{ $text }»
cli-training-expected = { "    " }күтіледі:  { $answer }
cli-training-off-path =
    { "" }
    Кілт жолынан тыс (оқушы сұраса ғана):
cli-training-answer-key =
    { "" }
    ЖАУАПТАР КІЛТІ
cli-training-indicators = белгілер
cli-training-immediate-danger = тікелей қауіп
cli-training-none = жоқ
cli-training-practice =
    { $persona } ойдан шығарылған кейіпкерімен оқу сұхбаты ({ $scenario } сценарийі). Кейіпкерді жаттықтырушы ойнайды: senim training show { $scenario }
    { "" }
cli-training-unfinished =
    { "" }
    Сұхбат аяқталмаған: оны `senim interview resume { $id }` арқылы жалғастырып, содан кейін `senim training check --scenario { $scenario } --interview { $id }` арқылы қайта салыстырыңыз.
cli-training-deleted = { $id } сұхбаты жойылған
cli-training-points = −{ $count } ұпай
cli-training-result = ОҚУ НӘТИЖЕСІ — { $title }
cli-training-score = ұпай
cli-training-level-as-key = { $level } (кілттегідей)
cli-training-level-off-key = { $level } (кілтте: { $key }, { $points })
cli-training-perfect =
    { "" }
    Барлық жауап кілтпен сәйкес келеді.
cli-training-danger-missed =
    { "" }
    Тікелей қауіп байқалмады:
cli-training-indicators-missed =
    { "" }
    Байқалмаған белгілер:
cli-training-indicators-extra =
    { "" }
    Кілтте жоқ анықталған белгілер:
cli-training-answers-differ =
    { "" }
    Кілттен өзгеше жауаптар:
cli-training-answer-differs = { "  " }- { $question }: күтілгені { $expected }, берілгені { $given } ({ $points })
cli-training-questions-missed =
    { "" }
    Жауапсыз сұрақтар:
cli-training-off-key =
    { "" }
    Кілт жолынан тыс жауаптар (ұпайсыз): { $questions }
cli-training-how =
    { "" }
    Ұпай қалай есептеледі: docs/training.md
