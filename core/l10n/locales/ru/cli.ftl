### Команда senim: запросы, сообщения и справка. Ключи начинаются с "cli-".

## Ошибки.

cli-error = ошибка
cli-see-help = см. --help
cli-unknown-language = неизвестный язык «{ $tag }» в { $source }: выберите en, ru или kk (uz, ky и tg показываются на русском)
cli-error-wrong-passcode = неверный код доступа ({ $failures ->
    [one] { $failures } неудачная попытка
    [few] { $failures } неудачные попытки
    [many] { $failures } неудачных попыток
   *[other] { $failures } неудачной попытки
} с последней разблокировки)
cli-error-too-many-attempts = слишком много неудачных попыток разблокировки: повторите через { $seconds } с
cli-error-no-vault = хранилище по указанному пути не найдено
cli-error-vault-exists = по указанному пути уже есть хранилище
cli-error-record-not-found = запись { $id } не найдена
cli-error-unsupported-format = неподдерживаемый формат хранилища { $found } (эта сборка читает форматы до { $supported })
cli-error-keystore-required = это хранилище привязано к хранилищу ключей устройства, а оно недоступно
cli-error-device-secret-missing = в хранилище ключей этого устройства нет секрета для этого хранилища
cli-error-wiped-by-policy = это хранилище стёрто по правилам команды; от него ничего не осталось (создайте новое хранилище и попросите руководителя команды снова принять вас)
cli-error-damaged = хранилище повреждено или изменено: ничего в него не записывайте и сообщите руководителю команды
cli-error-invalid-answer = такой ответ не подходит к вопросу: { $reason }
cli-error-consent-required = для этого нужно согласие человека { $scope ->
    [referral] на направление
    [sharing] на передачу данных за пределы команды
   *[screening] на скрининг
}, а оно не записано
cli-error-consent-withdrawn = человек отозвал согласие: под ним больше ничего не записывается
cli-error-demo-mismatch = демо и настоящие данные никогда не смешиваются: демо-хранилище работает только с демо-командами и демо-хабом, настоящее — только с настоящими; ничего не смешано и не изменено
cli-error-hub-unreachable = не удаётся связаться с хабом; ничего не потеряно: синхронизируйте позже
cli-error-hub-unauthenticated = хаб не узнал это устройство: проверьте на нём дату и время, затем синхронизируйте снова
cli-error-hub-forbidden = хаб отказал: это устройство больше не в команде, или это может сделать только руководитель
cli-error-hub-not-found = хаб не знает эту команду: обратитесь к руководителю команды
cli-error-hub-conflict = другое изменение попало на хаб раньше: выполните команду снова
cli-error-hub-too-large = хаб отказался принять слишком большой объём
cli-error-hub-busy = хаб занят: подождите минуту и попробуйте снова
cli-error-hub-envelope-rejected = хаб отверг часть изменений этого устройства как изменённые или не на своём месте: обратитесь к руководителю команды
cli-error-hub-membership-rejected = хаб отверг изменение состава команды
cli-error-hub-order-rejected = хаб отверг распоряжение команды
cli-error-hub-failed = сбой на хабе (HTTP { $status }); ничего не потеряно: синхронизируйте позже
cli-error-hub-refused = хаб отклонил запрос (HTTP { $status }, { $code })
cli-error-hub-move-team-unknown = это устройство не переходит на этот хаб: хаб не знает эту команду; сначала руководитель переносит её туда (senim team set-hub)
cli-error-hub-move-not-chained = это устройство не переходит на этот хаб: его списки участников не продолжают те, что хранит устройство, значит это не хаб этой команды
cli-error-hub-move-names-another-hub = это устройство не переходит на этот хаб: ни один список, подписанный руководителем, не называет этот адрес хаба с этим отпечатком сертификата; сверьте оба с руководителем
cli-error-passcode-too-short = код доступа не подходит: нужно не меньше 6 символов
cli-error-passcode-common = код доступа не подходит: это один из самых распространённых кодов; выберите код, который труднее угадать
cli-error-passcode-repeated-character = код доступа не подходит: в нём повторяется один символ; выберите код, который труднее угадать
cli-error-passcode-sequence = код доступа не подходит: это подряд идущие символы; выберите код, который труднее угадать
cli-error-passcode-repeated-group = код доступа не подходит: в нём повторяется короткая группа символов; выберите код, который труднее угадать
cli-error-passcode-too-guessable = код доступа не подходит: его слишком легко угадать; добавьте слова или символы

## Коды доступа.

cli-passcode-prompt = Код доступа:
cli-passcode-prompt-new = Новый код доступа:
cli-passcode-prompt-repeat = Повторите новый код доступа:
cli-passcode-mismatch = введённые коды доступа не совпадают
cli-passcode-no-terminal = не удалось прочитать код доступа с терминала: передайте его через { $var }
cli-passcode-strength = надёжность кода доступа: { $score } из 4 (чтобы подобрать его, нужно около 10^{ $guesses } попыток)
cli-passcode-advice = совет: { $advice }

## Записи.

cli-records-none = записей нет
cli-records-more = ещё: { $command }
cli-warning-damaged = предупреждение: { $count ->
    [one] { $count } запись не удалось расшифровать
    [few] { $count } записи не удалось расшифровать
    [many] { $count } записей не удалось расшифровать
   *[other] { $count } записи не удалось расшифровать
} (повреждены или изменены): { $ids }
cli-column-id = ID
cli-column-kind = ВИД
cli-column-time = ВРЕМЯ
cli-column-tags = МЕТКИ
cli-column-summary = КРАТКО

## Хранилище.

cli-vault-created = создано хранилище { $id } в { $dir }
cli-vault-device-bound = привязано к хранилищу ключей устройства в { $dir }: сохраните его, без него хранилище не открыть
cli-vault-demo-created = создано демо-хранилище { $id } в { $dir }: { $count ->
    [one] { $count } вымышленная запись
    [few] { $count } вымышленные записи
    [many] { $count } вымышленных записей
   *[other] { $count } вымышленной записи
} (seed { $seed })
cli-vault-demo-reset = демо-хранилище возвращено в исходное состояние: { $count ->
    [one] { $count } вымышленная запись
    [few] { $count } вымышленные записи
    [many] { $count } вымышленных записей
   *[other] { $count } вымышленной записи
}, как при создании
cli-vault-demo-keeps-passcode = у демо-хранилища остаётся общеизвестный демо-код доступа
cli-vault-demo-no-duress = у демо-хранилища не может быть кода под принуждением: его код доступа общеизвестен
cli-vault-passcode-changed = код доступа изменён; ключ хранилища заменён
cli-vault-kdf-raised = это устройство стало быстрее: формирование ключа усилено до { $mib } МиБ, { $passes } проходов. Заданный ранее код под принуждением больше не работает: задайте его снова командой `senim vault duress`.
cli-vault-duress-destroy = код под принуждением задан: при его вводе откроется подставное хранилище, а ключи этого хранилища будут уничтожены навсегда
cli-vault-duress-hide = код под принуждением задан: при его вводе откроется подставное хранилище; это хранилище останется скрытым и откроется вашим кодом доступа

## Справка: описание команды, заголовки, общие параметры, краткое описание каждой
## команды (cli-help-<команда>-<подкоманда>).

cli-about = Senim: зашифрованный полевой блокнот аутрич-работников, на компьютере
cli-long-about =
    Senim: зашифрованный полевой блокнот аутрич-работников, на компьютере.

    Каждая запись хранится в папке хранилища зашифрованной ключом, который защищён вашим
    кодом доступа (а для хранилища, привязанного к устройству, ещё и секретом в папке
    хранилища ключей).
cli-after-help =
    Код доступа:
      Команды, открывающие хранилище, запрашивают код доступа в терминале, без показа
      вводимых символов. Для скриптов и тестов задайте вместо этого SENIM_PASSCODE.
      `vault init` берёт код нового хранилища из SENIM_PASSCODE; `vault change-passcode`
      берёт новый код, а `vault duress` код под принуждением из SENIM_NEW_PASSCODE. Без них
      новый код запрашивается дважды.
      Новый код отклоняется, если он короткий, распространённый, состоит из подряд идущих
      или повторяющихся символов или получает меньше 2 из 4 по оценке надёжности (zxcvbn);
      надёжность заданного кода выводится на экран (`passcode_strength` в --json).
      Код доступа никогда не принимается как аргумент командной строки.

    Коды завершения:
      0  успех
      1  любая другая ошибка (неверные данные, несуществующая запись, ошибка хранения)
      2  неверные аргументы
      3  хранилище не удалось разблокировать: неверный код, слишком много неудачных попыток
         или нет хранилища ключей устройства
      4  по указанному пути нет хранилища (в том числе если его только что стёрли по
         правилам команды: слишком много неудачных попыток или слишком долго без синхронизации)
      5  хранилище повреждено или в него вмешались (в том числе нарушен журнал аудита)
cli-heading-usage = Использование:
cli-heading-commands = Команды
cli-heading-options = Параметры
cli-heading-arguments = Аргументы
cli-heading-global = Общие параметры
cli-option-help = Показать справку
cli-option-version = Показать версию
cli-option-vault = Папка хранилища [по умолчанию: "vault" в папке данных пользователя, например ~/.local/share/senim/vault]
cli-option-keystore = Папка хранилища ключей устройства, нужна только хранилищам, привязанным к устройству [по умолчанию: "keystore" в папке настроек пользователя, например ~/.config/senim/keystore]
cli-option-json = Выводить машиночитаемый JSON в стандартный вывод
cli-option-content = Папка с собственными анкетами, наборами правил и справочниками служб вашей организации (forms/*.json, rules/*.json, services/*.json), загружаемыми вместе со встроенными
cli-option-verbose = Записывать в стандартный поток ошибок, что делает команда (-v: шаги, -vv: подробности)
cli-option-lang = Язык, на котором говорит senim: en, ru или kk (uz, ky и tg показываются на русском) [по умолчанию: SENIM_LANG, иначе язык системы]

cli-help-demo = Провести целый полевой день от начала до конца на вымышленных данных: встроенный демо-сервер, руководитель и работники делают записи без сети, синхронизируются, и руководитель видит общую картину
cli-help-vault = Создать, проверить, сменить ключ и стереть хранилище
cli-help-vault-init = Создать новое хранилище (код доступа из SENIM_PASSCODE или запрашивается дважды)
cli-help-vault-reset-demo = Только для демо-хранилища: вернуть его в исходное состояние (всё добавленное после будет удалено)
cli-help-vault-change-passcode = Сменить код доступа (новый из SENIM_NEW_PASSCODE или запрашивается дважды)
cli-help-vault-info = Показать количество записей, формат и параметры формирования ключа (код доступа не нужен)
cli-help-vault-wipe = Экстренное стирание: уничтожить хранилище навсегда, без кода доступа. Сначала уничтожаются ключи (после этого ничего нельзя расшифровать, даже с кодом), затем секрет в хранилище ключей устройства, затем файлы. Просит ввести "wipe", если не указан --yes
cli-help-vault-duress = Задать код под принуждением (из SENIM_NEW_PASSCODE или запрашивается дважды): если ввести его вместо кода доступа, откроется подставное хранилище с несколькими безобидными заметками
cli-help-note = Писать и править заметки о работе
cli-help-note-add = Сделать новую заметку о работе с текущим временем; выводит её идентификатор
cli-help-note-edit = Изменить поля заметки; выводит названия изменённых полей
cli-help-records = Просматривать, искать и удалять записи
cli-help-records-list = Список записей, сначала новые
cli-help-records-show = Показать запись и её историю
cli-help-records-search = Найти заметки, в тексте или месте которых есть все слова (по началу слова)
cli-help-records-delete = Удалить запись (скрывается из списков, остаётся в истории)
cli-help-audit = Проверить и прочитать журнал аудита хранилища
cli-help-audit-verify = Проверить, что ни одна запись журнала аудита не изменена, не удалена и не переставлена
cli-help-audit-log = Вывести журнал аудита, сначала старые записи
cli-help-forms = Просмотр, проверка и вывод анкет скрининга
cli-help-forms-list = Список доступных анкет (встроенных и из --content)
cli-help-forms-validate = Проверить файл анкеты; перечисляет все ошибки и завершается с кодом 1, если они есть
cli-help-forms-show = Показать разделы анкеты, вопросы, варианты ответов и логику переходов
cli-help-interview = Проводить и продолжать скрининговые интервью
cli-help-interview-run = Провести скрининговое интервью в терминале (или по --answers), сохраняя каждый ответ сразу, и вывести оценку
cli-help-interview-resume = Продолжить прерванное интервью с того места, где оно остановилось
cli-help-assess = Заново оценить сохранённое интервью по тем версиям анкеты и правил, с которыми оно проводилось
cli-help-services = Подобрать службы и оформить направления
cli-help-services-list = Список служб в справочнике
cli-help-services-recommend = Подобрать службы для оценённого интервью, по порядку, с обоснованием
cli-help-services-refer = Направить человека в службу (нужно согласие на направление)
cli-help-team = Создать команду и вступить в неё, принимать и отзывать устройства, задавать правила команды и стирать записи о человеке
cli-help-team-create = Руководитель: создать команду, где это устройство руководитель, и зарегистрировать её на сервере
cli-help-team-request = Новое устройство: вывести запрос на вступление этого устройства (одна строка) для руководителя
cli-help-team-approve = Руководитель: принять устройство по запросу на вступление; выводит его код приглашения (одна строка)
cli-help-team-join = Новое устройство: вступить в команду по коду приглашения от руководителя
cli-help-team-members = Список устройств команды и их ролей
cli-help-team-revoke = Руководитель: отозвать устройство; команда переходит на новый ключ, который оно не может прочитать
cli-help-team-policy = Показать правила хранения и автоматического стирания команды; руководитель: задать новые
cli-help-team-erase = Руководитель: стереть человека и связанные с ним записи со всех устройств и с сервера
cli-help-team-quarantine = Список пакетов в карантине (подлинных, но их содержимое нельзя применить); руководитель: удалить их из команды
cli-help-team-set-hub = Перенести команду на другой сервер: руководитель подписывает его адрес и отпечаток сертификата в списке участников; другое устройство переходит, когда его старый сервер пропал
cli-help-team-rehome = То же, что `set-hub` (руководитель передаёт команду серверу, который её потерял, по тому же или новому адресу)
cli-help-hub = Запустить сервер офиса
cli-help-hub-serve = Запустить сервер: он хранит и пересылает зашифрованные пакеты и списки участников команды, проверяет каждую подпись и не хранит ни одного ключа (остановка — Ctrl-C)
cli-help-hub-backup = Скопировать базу данных сервера в файл, согласованно, не останавливая сервер (копия проверяется и доступна для чтения только этому пользователю)
cli-help-hub-restore = Вернуть резервную копию в качестве базы данных сервера (сначала остановите сервер; заменяемая база сохраняется рядом как hub.sqlite3.replaced-TIME)
cli-help-hub-registration-token = Создать токен регистрации для сервера, запущенного с --registration token: передайте его руководителю, который создаст команду (`senim team create --registration-token`); он регистрирует одну команду
cli-help-hub-fingerprint = Вывести отпечаток SHA-256 собственного TLS-сертификата сервера (созданного при первом `hub serve --tls`) — его проверяют устройства
cli-help-sync = Обменяться записями с командой через сервер офиса
cli-help-report = Обезличенные подсчёты для руководителей команд (малые числа скрыты); также в виде CSV-файлов и диаграммы SVG
cli-help-training = Учебные интервью с вымышленными персонажами, со сверкой с ключом ответов
cli-help-training-list = Список учебных сценариев с уровнем, который даёт ключ ответов каждого (хранилище не нужно)
cli-help-training-show = Показать вымышленного персонажа сценария и текст, который играет тренер, вопрос за вопросом, с ключом ответов (хранилище не нужно)
cli-help-training-run = Провести учебное анонимное интервью в терминале (тренер играет персонажа) или по --answers, затем сверить с ключом ответов сценария
cli-help-training-check = Сверить сохранённое интервью с ключом ответов сценария
cli-help-handoff = Запечатать записи одного направления в зашифрованный файл для организации-партнёра без приложения и открывать такие файлы
cli-help-handoff-export = Запечатать записи одного направления (направление, человек, согласие, интервью и его объяснённый результат) в зашифрованный файл для организации-партнёра; нужно согласие человека на направление или передачу
cli-help-handoff-open = Открыть файл передачи: записать summary.html и records.json в папку или вывести сводку (records.json с --json)

## Предупреждения при разблокировке.

cli-warning-idle-wipe = предупреждение: это устройство сотрёт себя, если не синхронизируется с сервером в течение { $days ->
    [one] { $days } дня
   *[other] { $days } дней
} (правило команды): выполните senim sync

## Слова, общие для отчётов нескольких команд: уровни, статусы, поля.

cli-level-none = нет признаков
cli-level-monitor = наблюдать
cli-level-possible = возможно
cli-level-likely = вероятно
cli-referral-status-proposed = предложено
cli-referral-status-accepted = принято
cli-referral-status-declined = отклонено
cli-referral-status-completed = выполнено
cli-referral-status-cancelled = отменено
cli-field-text = текст
cli-field-place = место
cli-field-tags = метки

## Демо: заставка, ход и итоги. Позывные — имена, их не переводят.

cli-demo-banner = ДЕМО-ХРАНИЛИЩЕ: только вымышленные учебные данные (код доступа { $passcode })
cli-demo-start = Полевой день (демо, seed { $seed }): руководитель и { $workers ->
    [one] { $workers } работник
    [few] { $workers } работника
    [many] { $workers } работников
   *[other] { $workers } работника
}, у каждого { $records ->
    [one] { $records } запись
    [few] { $records } записи
    [many] { $records } записей
   *[other] { $records } записи
}, сервер на { $hub }
cli-demo-keep-not-empty = папка { $dir } не пуста: для --keep нужна новая или пустая папка
cli-demo-worker-n = работник { $n }
cli-demo-lead = руководитель
cli-demo-enrolling = принимаем команду
cli-demo-enrolled = команда принята
cli-demo-recording = { $name } записывает без сети
cli-demo-syncing = синхронизация через сервер
cli-demo-synced = синхронизировано
cli-demo-syncing-edits = синхронизация одновременных правок
cli-demo-merged = объединено
cli-demo-story-follow-up = Повторная встреча: встретились на следующий день, договорились позвонить на горячую линию.
cli-demo-story-place-platform = автовокзал Сайран, платформа 3 (демо)
cli-demo-story-place-hall = автовокзал Сайран, кассовый зал (демо)
cli-demo-workers = Работники (записывали без сети, затем синхронизировались):
cli-demo-column-worker = работник
cli-demo-column-records = записи
cli-demo-column-subjects = люди
cli-demo-column-notes = заметки
cli-demo-column-interviews = интервью
cli-demo-column-referrals = направления
cli-demo-column-sent = отправлено
cli-demo-column-received = получено
cli-demo-column-by-worker = записи по работникам
cli-demo-column-by-level = оценки по уровням
cli-demo-column-by-status = направления по статусам
cli-demo-column-count = число
cli-demo-lead-view = Общая картина у руководителя: { $held } из { $created ->
    [one] { $created } записи
   *[other] { $created } записей
}
cli-demo-open-referrals = открытые направления (предложенные или принятые): { $count }
cli-demo-merged-edits = одновременные правки объединены без потерь: { $count } (метка от одного работника, повторная встреча от другого)
cli-demo-no-conflicts = конфликтов нет
cli-demo-conflicts = конфликты, показанные руководителю: { $count } (сохранены оба значения с авторами)
cli-demo-conflict-value = «{ $value }» ({ $who })
cli-demo-conflict = { "  " }запись { $record }, { $field }: { $values }
cli-demo-timings = время: приём { $enrol } с, записи { $record } с, синхронизация { $sync } с, картина руководителя { $view } с, всего { $total } с
cli-demo-kept =
    Сохранено в { $dir }. Посмотреть можно, например, так:
      senim --vault { $dir }/lead records list
      senim --vault { $dir }/lead report
      senim hub serve --demo --data { $dir }/hub

## Синхронизация.

cli-sync-done = отправлено { $sent ->
    [one] { $sent } пакет
    [few] { $sent } пакета
    [many] { $sent } пакетов
   *[other] { $sent } пакета
}, получено { $received } (объединено записей: { $merged }), уже были: { $held }, отклонено: { $rejected }; записей с изменениями для отправки: { $sealed }
cli-sync-quarantined = в карантине { $count ->
    [one] { $count } пакет
    [few] { $count } пакета
    [many] { $count } пакетов
   *[other] { $count } пакета
} (новых в этой синхронизации: { $new }): они подлинные, но их содержимое нельзя применить; руководитель удаляет их командой `senim team quarantine --purge`
cli-sync-quarantined-one = { "  " }в карантине: { $place }
cli-sync-hub-moved = команда переехала на { $hub } (его называет список, подписанный руководителем): со следующей синхронизации это устройство работает с ним
cli-sync-waiting = { $count ->
    [one] { $count } пакет ждёт изменений, от которых зависит; он применится
    [few] { $count } пакета ждут изменений, от которых зависят; они применятся
    [many] { $count } пакетов ждут изменений, от которых зависят; они применятся
   *[other] { $count } пакета ждут изменений, от которых зависят; они применятся
} при одной из следующих синхронизаций
cli-sync-orders = применено распоряжений команды (правила или удаление): { $count }; команда на распоряжении { $order }
cli-sync-purged = { $count ->
    [one] { $count } запись удалена
    [few] { $count } записи удалены
    [many] { $count } записей удалены
   *[other] { $count } записи удалены
} с этого устройства по распоряжениям команды (стирание или срок хранения)
cli-sync-retention-purged = { $count ->
    [one] { $count } запись удалена
    [few] { $count } записи удалены
    [many] { $count } записей удалены
   *[other] { $count } записи удалены
} из команды, как требует срок хранения; остальные устройства удалят их при следующей синхронизации
cli-sync-place = устройство { $device }, номер { $seq }
cli-sync-rejected = { $count ->
    [one] { $count } пакет не прошёл проверку и не принят
    [few] { $count } пакета не прошли проверку и не приняты
    [many] { $count } пакетов не прошли проверку и не приняты
   *[other] { $count } пакета не прошли проверку и не приняты
} ({ $places }): на этом устройстве нет того, что в них; синхронизируйтесь позже (повреждённая копия на сервере заменяется, когда её автор синхронизируется) и сообщите руководителю, если это повторяется
cli-sync-hub-lost = сервер не знает эту команду (новый сервер или сервер, потерявший данные): руководитель команды передаёт ему команду через `senim team set-hub URL` (docs/hub.md, «Losing the hub»)

## Команда.

cli-team-not-joined = это хранилище не состоит в команде
cli-team-not-joined-hint = это хранилище не состоит в команде: senim team join WELCOME
cli-team-created = команда { $team } создана; это устройство ({ $device }) — её руководитель
cli-team-qr-too-long = (слишком длинно для одного QR-кода: передайте строку выше как текст, например в сообщении)
cli-team-read-to-lead = прочитайте эти слова руководителю: на его экране должны быть те же
cli-team-read-to-device = прочитайте эти слова владельцу нового устройства: на его экране должны быть те же
cli-team-bad-role = роль — worker или lead
cli-team-not-admitted = устройство не принято
cli-team-join-failed = вступить в команду не удалось
cli-team-joined = вы вступили в команду { $team } ({ $name }) как { $role }; синхронизация: senim sync
cli-team-not-revoked = устройство не отозвано
cli-team-revoked = устройство { $device } отозвано; теперь команда пишет в эпохе { $epoch }
cli-team-column-device = УСТРОЙСТВО
cli-team-column-role = РОЛЬ
cli-team-column-name = ИМЯ
cli-team-column-heard = ПОСЛЕДНИЕ ДАННЫЕ
cli-team-role-lead = руководитель
cli-team-role-worker = работник
cli-team-role-revoked = отозвано
cli-verify-code =
    код подтверждения: { $code }
      ({ $what })
cli-verify-refused-approve = без --verify устройство не принимается: стандартный ввод — не терминал, на котором можно подтвердить код; передайте --verify с четырьмя словами, которые показывает новое устройство
cli-verify-refused-join = без --verify вступить в команду нельзя: стандартный ввод — не терминал, на котором можно подтвердить код; передайте --verify с четырьмя словами, которые показывает устройство руководителя
cli-verify-prompt-approve = Код подтверждения этого запроса на вступление: { $code }
    Показывает ли новое устройство ровно эти четыре слова? Если нет, код подменили по дороге: ответьте no.
    Введите "yes", чтобы принять устройство:{ " " }
cli-verify-prompt-join = Код подтверждения этого приглашения: { $code }
    Показывает ли устройство руководителя ровно эти четыре слова? Если нет, код подменили по дороге: ответьте no.
    Введите "yes", чтобы вступить в команду:{ " " }
cli-verify-not-confirmed-approve = код подтверждения не подтверждён: ничего не сделано (устройство не принято)
cli-verify-not-confirmed-join = код подтверждения не подтверждён: ничего не сделано (вы не вступили в команду)

## Заметки.

cli-note-not-a-note = запись { $id } — это { $kind }, а не заметка
cli-note-unchanged = ничего не изменилось
cli-note-changed = изменено: { $fields }

## Отчёт: текстовые таблицы, CSV-файлы и диаграмма (--json остаётся на английском ядра).

cli-report-chart-not-svg = диаграмма рисуется в SVG: укажите имя файла, оканчивающееся на .svg
cli-report-unreadable = предупреждение: { $count ->
    [one] { $count } запись не удалось расшифровать (повреждена или изменена), она не учтена
    [few] { $count } записи не удалось расшифровать (повреждены или изменены), они не учтены
    [many] { $count } записей не удалось расшифровать (повреждены или изменены), они не учтены
   *[other] { $count } записи не удалось расшифровать (повреждены или изменены), они не учтены
}
cli-report-csv-written = { $count ->
    [one] записан { $count } CSV-файл
    [few] записаны { $count } CSV-файла
    [many] записано { $count } CSV-файлов
   *[other] записано { $count } CSV-файла
} в { $dir }
cli-report-chart-written = диаграмма записана в { $file }
cli-report-chart-not-written = не удалось записать диаграмму в { $file }
cli-report-chart-failed = не удалось нарисовать диаграмму
cli-report-period-all = все записи
cli-report-period-from = записи с { $from }
cli-report-period-to = записи по { $to }
cli-report-period-between = записи с { $from } по { $to }
cli-report-heading = Отчёт: { $period }, составлен { $generated }
cli-report-small-counts = { $max ->
    [1] число 1
   *[other] число от 1 до { $max }
}
cli-report-legend = { $mark } скрыто: { $small } или число, скрытое, чтобы его нельзя было вычислить из итога
cli-report-empty = { "  " }(нет)
cli-report-total = Итого
cli-report-not-recorded = (не указано)
cli-report-no-place = (без места)
cli-report-kind-subject = человек
cli-report-kind-note = заметка
cli-report-kind-interview = интервью
cli-report-kind-referral = направление
cli-report-kind-consent = согласие
cli-report-table-records-by-kind = Записи по видам
cli-report-table-assessments-by-level = Оценённые интервью по уровням
cli-report-table-indicators = Выявленные признаки (число интервью с каждым)
cli-report-table-dimensions = Интервью с признаками, по измерениям
cli-report-table-nationalities = Люди и интервью по гражданству
cli-report-table-places = Заметки о работе на выезде по местам
cli-report-table-months = Записи и оценки по месяцам
cli-report-table-workers = Записи по работникам
cli-report-table-referrals-by-service = Направления по службам
cli-report-table-referrals-by-status = Направления по статусам
cli-report-column-kind = Вид
cli-report-column-records = Записи
cli-report-column-level = Уровень
cli-report-column-interviews = Интервью
cli-report-column-indicator = Признак
cli-report-column-name = Название
cli-report-column-dimension = Измерение
cli-report-column-nationality = Гражданство
cli-report-column-subjects = Люди
cli-report-column-place = Место
cli-report-column-notes = Заметки
cli-report-column-month = Месяц
cli-report-column-none = Нет признаков
cli-report-column-monitor = Наблюдать
cli-report-column-possible = Возможно
cli-report-column-likely = Вероятно
cli-report-column-worker = Работник
cli-report-column-service = Служба
cli-report-column-referrals = Направления
cli-report-column-status = Статус
cli-chart-note = * скрыто, не нарисовано: { $small } или скрыто, чтобы его нельзя было вычислить
cli-chart-period = { $from } — { $to }
cli-chart-first-record = первая запись
cli-chart-last-record = последняя запись
cli-chart-title = Отчёт Senim: { $period }
cli-chart-dimensions = Интервью с признаками, по измерениям
cli-chart-interviews = интервью
cli-chart-levels = Оценённые интервью по уровням и месяцам
cli-chart-no-assessments = оценённых интервью нет

## vault info.

cli-vault-info-vault = хранилище
cli-vault-info-device = устройство
cli-vault-info-location = расположение
cli-vault-info-format = формат
cli-vault-info-format-value = { $format } (схема { $schema })
cli-vault-info-kdf = формирование ключа
cli-vault-info-kdf-value = Argon2id, { $kib } КиБ, { $passes ->
    [one] { $passes } проход
    [few] { $passes } прохода
    [many] { $passes } проходов
   *[other] { $passes } прохода
}, { $lanes ->
    [one] { $lanes } поток
    [few] { $lanes } потока
    [many] { $lanes } потоков
   *[other] { $lanes } потока
}
cli-vault-info-device-bound = привязано к устройству
cli-vault-info-failed-unlocks = неудачных разблокировок
cli-vault-info-records = записи
cli-vault-info-no-records = нет
cli-vault-info-audit = записей в журнале аудита

## Интервью: что работник читает в терминале (вопросы анкеты, текст согласия и текст
## оценки берутся из анкеты, на языке интервью).

cli-interview-answers-not-json = файл ответов — не корректный JSON (строка { $line })
cli-interview-answers-not-object = файл ответов должен быть объектом JSON: {"{"}"question_id": "answer", ...{"}"}
cli-interview-answers-unknown-question = в файле ответов есть вопрос '{ $question }', которого нет в анкете '{ $form }'
cli-interview-form-no-language = у анкеты '{ $form }' нет языка '{ $language }'; она есть на языках: { $languages }
cli-interview-answer-type = ответ на вопрос '{ $question }' должен быть строкой, числом или списком
cli-interview-question-error = вопрос '{ $question }': { $error }
cli-interview-consent-required = с --answers нужен --consent (например, --consent screening)
cli-interview-unknown-scope = неизвестная область согласия: ожидается screening, referral или sharing
cli-interview-no-consent = Согласия нет: ничего не сохранено.
cli-interview-resuming = Продолжаем интервью { $id } (отвечено { $answered } из { $visible ->
    [one] { $visible } вопроса
   *[other] { $visible } вопросов
}).
cli-interview-not-an-interview = запись { $id } — не интервью
cli-interview-answer-missing = в файле ответов нет ответа на обязательный вопрос '{ $question }'
cli-interview-answers-unused = предупреждение: эти ответы не запрашивались (скрыты логикой пропуска или недопустимы): { $questions }
cli-interview-paused = Интервью { $id } сохранено. Продолжить: senim interview resume { $id }
cli-interview-stopped = Интервью { $id } остановлено по просьбе человека.
cli-interview-saved-so-far = интервью { $id } сохранено до того места, где оно прервалось; продолжить: senim interview resume { $id }
cli-interview-id = интервью: { $id }
cli-interview-form-languages = анкета есть на языках: { $languages }
cli-interview-help =
    Ответьте на вопрос или введите:
      :back            предыдущий вопрос        :next   следующий вопрос (ответ сохранится)
      :skip            пропустить (только необязательные вопросы)
      :lang КОД        сменить язык (en, ru, kk, uz, uz-Cyrl, ky, tg)
      :pause           сохранить и выйти; продолжить позже: `senim interview resume ID`
      :stop            человек хочет прекратить интервью
      :exit            быстрый выход: очистить экран и сразу выйти (данные ответы останутся)
      :help            эта справка
    Вопросы «да/нет»: y (да), n (нет), u или ? (неизвестно), d (отказ отвечать). Любой вопрос: d (отказ отвечать).
    Вопросы с выбором: номер или id варианта (несколько — через запятую).
cli-interview-answer-y-or-n = Ответьте y (да) или n (нет).
cli-interview-consent-read =
    Прочитайте это человеку перед первым вопросом:
    { "" }
cli-interview-consent-preset = Согласен ли человек на: { $scopes }? [y — да / n — нет]{ " " }
cli-interview-consent-screening = Согласен ли человек на скрининг? [y — да / n — нет]{ " " }
cli-interview-consent-referral = Согласен ли он также на направление в службу? [y — да / n — нет]{ " " }
cli-interview-consent-sharing = Согласен ли он на передачу сведений за пределы команды? [y — да / n — нет]{ " " }
cli-consent-scope-screening = скрининг
cli-consent-scope-referral = направление
cli-consent-scope-sharing = передача сведений
cli-interview-not-reviewed = { "  " }[перевод ещё не проверен]
cli-interview-current-answer = { "      " }(текущий ответ: { $answer }; нажмите Enter, чтобы оставить его)
cli-interview-type-help = Введите :help, чтобы увидеть команды.
cli-interview-hint-yes-no = y — да, n — нет, u — неизвестно, d — отказ
cli-interview-hint-number = номер
cli-interview-hint-numbers = номера через запятую
cli-interview-hint-date = ГГГГ-ММ-ДД
cli-interview-hint-country = код страны, например UZ
cli-interview-hint-text = текст
cli-interview-invalid-answer = { "  " }такой ответ не подходит к вопросу: { $reason }
cli-interview-required = { "  " }Это обязательный вопрос, его нельзя пропустить; человек может отказаться отвечать (d).
cli-interview-first-question = Это первый вопрос.
cli-interview-type-answer = { "  " }Введите ответ, d — отказ отвечать, или :help.
cli-interview-unknown-command = Неизвестная команда; введите :help.
cli-interview-danger =
    { "" }
    !!! НЕПОСРЕДСТВЕННАЯ ОПАСНОСТЬ — действуйте сейчас, прежде чем продолжать:
        { $steps }
    { "" }
cli-interview-cleared = { "  " }(ответы, которые больше не нужны, удалены: { $questions })
cli-interview-answer-declined = отказ отвечать
cli-interview-answer-unknown = неизвестно

## Оценка, как её читает работник.

cli-assessment-danger = !!! НЕПОСРЕДСТВЕННАЯ ОПАСНОСТЬ, на неё указывают: { $questions }
cli-assessment-level = уровень
cli-assessment-form = анкета
cli-assessment-rule-set = набор правил
cli-assessment-population =
    { "" }
    { $population } — { $level } ({ $count ->
        [one] { $count } признак
        [few] { $count } признака
        [many] { $count } признаков
       *[other] { $count } признака
    })
cli-assessment-column-dimension = ИЗМЕРЕНИЕ
cli-assessment-column-strong = СИЛЬНЫЕ
cli-assessment-column-medium = СРЕДНИЕ
cli-assessment-column-weak = СЛАБЫЕ
cli-assessment-column-positive = ВЫЯВЛЕНО
cli-assessment-forced-labour =
    { "" }
    Признаки принудительного труда МОТ: { $indicators }
cli-assessment-forced-labour-flagged =
    { "" }
    Признаки принудительного труда МОТ: { $indicators } (есть и недобровольность, и принуждение)

## team policy, team erase, team quarantine.

cli-policy-retain-twice = --retain называет { $kind } дважды: укажите один срок для каждого вида записей
cli-policy-none = правила команды не заданы: записи хранятся, пока их не удалят, и ни одно хранилище не стирает себя
cli-policy-days-left = это устройство сотрёт себя, если не синхронизируется в течение { $days ->
    [one] { $days } дня
   *[other] { $days } дней
}
cli-policy-never-idle = это устройство никогда не стирает себя из-за отсутствия синхронизации (устройство руководителя или правило не задано)
cli-policy-as-of = (по состоянию на последнюю синхронизацию этого устройства: распоряжение команды { $order }; senim sync получает более новые)
cli-policy-retention = срок хранения
cli-policy-retention-none = нет: записи хранятся, пока их не удалят
cli-policy-keep = хранить: { $kind }
cli-policy-keep-days = { $days ->
    [one] { $days } день
    [few] { $days } дня
    [many] { $days } дней
   *[other] { $days } дня
} после последнего изменения
cli-policy-keep-days-referral = { $days ->
    [one] { $days } день
    [few] { $days } дня
    [many] { $days } дней
   *[other] { $days } дня
} после последнего изменения (только закрытые направления)
cli-policy-keep-days-subject = { $days ->
    [one] { $days } день
    [few] { $days } дня
    [many] { $days } дней
   *[other] { $days } дня
} после последнего изменения (вместе со всеми записями, связанными с человеком)
cli-policy-wipe-failures = стирать после неудачных разблокировок
cli-policy-wipe-days = стирать после стольких дней без синхронизации
cli-policy-never = никогда
cli-policy-in-a-row = { $count } подряд
cli-policy-days = { $days ->
    [one] { $days } день
    [few] { $days } дня
    [many] { $days } дней
   *[other] { $days } дня
}
cli-policy-not-set = правила не заданы
cli-policy-set = правила команды заданы (распоряжение команды { $order }); каждое устройство применит их при следующей синхронизации:
cli-erase-needs-yes = без --yes стирание не выполняется: стандартный ввод — не терминал, на котором можно подтвердить
cli-erase-failed = сведения о человеке не стёрты
cli-erase-sync-failed = не удалось синхронизироваться, чтобы подсчитать стираемые записи
cli-erase-prompt =
    Будут стёрты человек { $subject } и { $linked ->
        [one] { $linked } связанная с ним запись
        [few] { $linked } связанные с ним записи
        [many] { $linked } связанных с ним записей
       *[other] { $linked } связанной с ним записи
    } (всего { $count }) со всех устройств команды и с сервера, навсегда: их никто не сможет восстановить, даже с ключами команды.
    Введите "erase", чтобы продолжить:{ " " }
cli-erase-cancelled = стирание отменено: ничего не стёрто
cli-erase-done = человек { $subject } стёрт (распоряжение команды { $order })
cli-erase-records = удалено записей
cli-erase-envelopes = удалено пакетов
cli-erase-envelopes-value = { $count } (на сервере и на всех устройствах)
cli-erase-carriers = пакеты-носители
cli-erase-carriers-value = { $count } (заново запечатанные изменения других записей, которые были в этих пакетах)
cli-erase-others = другие устройства удалят записи при следующей синхронизации; в их журналах аудита остаются числа и причина, но не сами записи
cli-quarantine-not-purged = места в карантине не удалены
cli-quarantine-none = в карантине ничего нет
cli-quarantine-purged = { $count ->
    [one] удалено { $count } место пакета
    [few] удалено { $count } места пакетов
    [many] удалено { $count } мест пакетов
   *[other] удалено { $count } места пакетов
} из карантина (распоряжение команды { $order }); остальные устройства удалят их при следующей синхронизации
cli-quarantine-column-seq = НОМЕР
cli-quarantine-column-reason = ПРИЧИНА
cli-quarantine-column-found = ОБНАРУЖЕН

## team set-hub.

cli-set-hub-not-moved = устройство не перешло на сервер
cli-set-hub-sync-failed = устройство перешло на сервер, но синхронизация с ним не удалась: выполните senim sync
cli-set-hub-followed = с этого момента устройство синхронизируется с { $hub } (его называет список, подписанный вашим руководителем); отправлено { $sent ->
    [one] { $sent } пакет
    [few] { $sent } пакета
    [many] { $sent } пакетов
   *[other] { $sent } пакета
}, получено { $received }
cli-set-hub-team-not-moved = команда не перенесена
cli-set-hub-not-taken = перенос подписан и сохранён, но новый сервер не принял команду: выполните ту же команду ещё раз
cli-set-hub-moved = команда переезжает на { $hub } (версия списка участников { $version }); сервер принял команду: загружено списков: { $lists }, распоряжений: { $orders }, пакетов: { $envelopes }
cli-set-hub-moved-registered = команда переезжает на { $hub } (версия списка участников { $version }); сервер принял команду: загружено списков: { $lists }, распоряжений: { $orders }, пакетов: { $envelopes }; команда зарегистрирована
cli-set-hub-old-took-it = старый сервер принял перенос: каждое устройство перейдёт при следующей синхронизации с ним
cli-set-hub-old-lost-it = он потерял команду
cli-set-hub-old-refused = старый сервер не принял перенос ({ $problem }): на каждом устройстве выполните `{ $command }`
cli-set-hub-needs-pin = без --pin сертификат сервера не закрепляется: стандартный ввод — не терминал, на котором его можно подтвердить; передайте --pin с отпечатком, который `senim hub serve --tls` вывел на сервере
cli-set-hub-pin-prompt =
    Сервер показывает сертификат с отпечатком SHA-256
      { $pin }
    Это ровно тот отпечаток, который `senim hub serve --tls` вывел на сервере? Если нет, кто-то может выдавать себя за сервер: ответьте no.
    Введите "yes", чтобы закрепить его:{ " " }
cli-set-hub-pin-refused = сертификат не подтверждён: ничего не сделано

## vault wipe.

cli-wipe-needs-yes = без --yes стирание не выполняется: стандартный ввод — не терминал, на котором можно подтвердить
cli-wipe-prompt =
    Хранилище в { $dir } будет уничтожено навсегда: ничего из него нельзя будет восстановить ни с кодом доступа, ни без него.
    Введите "wipe", чтобы продолжить:{ " " }
cli-wipe-cancelled = стирание отменено: ничего не изменено
cli-wipe-keys-overwritten = перезаписан в базе данных, в её журнале упреждающей записи копий не осталось
cli-wipe-keys-files-overwritten = файлы базы данных перезаписаны от начала до конца (SQLite не смог их открыть)
cli-wipe-keys-not-overwritten = перезаписать не удалось; вместо этого удалён секрет устройства
cli-wipe-secret-not-used = нет (хранилище не было привязано к устройству)
cli-wipe-secret-deleted = удалён из хранилища ключей
cli-wipe-secret-still-present = хранилище ключей не смогло его удалить
cli-wipe-secret-no-key-store = не найден: хранилище ключей было недоступно
cli-wipe-secret-unknown = неизвестно (заголовок хранилища не читался)
cli-wipe-secret-failed = ошибка хранилища ключей: { $reason }
cli-wipe-done = хранилище стёрто: ничего из оставшегося в { $dir } нельзя расшифровать
cli-wipe-master-key = главный ключ
cli-wipe-secrets = перезаписано запечатанных секретов
cli-wipe-device-secret = секрет устройства
cli-wipe-files = удалены файлы

## services, records show | delete, audit.

cli-services-column-kind = ВИД
cli-services-column-region = РЕГИОН
cli-services-column-contact = КОНТАКТ
cli-services-column-name = НАЗВАНИЕ
cli-services-urgent = СРОЧНО
cli-services-contact = { "   " }контакт: { $contact }
cli-services-unknown = в справочнике служб нет службы '{ $service }' (см. senim services list)
cli-services-no-consent = согласие человека не охватывает направление в '{ $service }': спросите его и, если он согласен, выполните команду снова с --person-agreed
cli-show-id = идентификатор
cli-show-kind = вид
cli-show-created = создана
cli-show-updated = изменена
cli-show-created-by = создана на устройстве
cli-show-deleted = удалена
cli-field-location = координаты
cli-field-at = время
cli-field-subject = человек
cli-show-conflicts = конфликты (устройства записали разные значения; выше показано одно из них):
cli-show-column-field = ПОЛЕ
cli-show-column-value = ЗНАЧЕНИЕ
cli-show-history = история:
cli-show-column-change = ИЗМЕНЕНИЕ
cli-records-deleted = удалена запись { $id }
cli-audit-intact = журнал аудита цел: { $count ->
    [one] { $count } запись
    [few] { $count } записи
    [many] { $count } записей
   *[other] { $count } записи
}
cli-audit-column-action = ДЕЙСТВИЕ
cli-audit-column-record = ЗАПИСЬ
cli-audit-column-detail = ПОДРОБНОСТИ

## hub (его строки в стандартном выводе при запуске, адрес и отпечаток сертификата,
## читают скрипты: они одинаковы на всех языках).

cli-hub-token-needs-data = укажите папку данных сервера --data или его базу --database
cli-hub-token-failed = токен регистрации не создан
cli-hub-token = токен регистрации (регистрирует одну команду; показывается один раз):
cli-hub-backed-up = сохранена резервная копия: { $teams ->
    [one] { $teams } команда
    [few] { $teams } команды
    [many] { $teams } команд
   *[other] { $teams } команды
}, { $bytes } байт, в { $file }
cli-hub-replaced-kept = заменённая база данных сохранена как { $file }
cli-hub-restored = { $teams ->
    [one] восстановлена { $teams } команда
    [few] восстановлены { $teams } команды
    [many] восстановлено { $teams } команд
   *[other] восстановлено { $teams } команды
} в { $dir }: запустите сервер
cli-hub-demo-banner = ДЕМО-СЕРВЕР: обслуживает только демо-команды

## handoff.

cli-handoff-env-unset = переменная окружения { $var } (--passphrase-env) не задана
cli-handoff-env-not-utf8 = { $var } — не корректный текст UTF-8
cli-handoff-no-terminal = не удалось прочитать парольную фразу с терминала: передайте её через --passphrase-env VAR
cli-handoff-prompt-new = Парольная фраза для партнёра:{ " " }
cli-handoff-prompt-repeat = Повторите парольную фразу:{ " " }
cli-handoff-prompt = Парольная фраза передачи:{ " " }
cli-handoff-mismatch = введённые парольные фразы не совпадают
cli-handoff-sealed = { $count ->
    [one] запечатана { $count } запись
    [few] запечатаны { $count } записи
    [many] запечатано { $count } записей
   *[other] запечатано { $count } записи
} ({ $kinds }) в { $file }
cli-handoff-id = id передачи
cli-handoff-summary-in = язык сводки
cli-handoff-not-identity = { $file } — не файл идентификатора age
cli-handoff-cannot-create-dir = не удалось создать { $dir }
cli-handoff-cannot-create-file = не удалось создать { $file } (существующий файл никогда не заменяется)
cli-handoff-referral = направление
cli-handoff-made-at = создано
cli-handoff-summary = сводка
cli-handoff-records = записи
cli-handoff-not-encrypted = Эти два файла не зашифрованы: удалите их, когда они больше не нужны.

## forms.

cli-forms-column-version = ВЕРСИЯ
cli-forms-column-languages = ЯЗЫКИ
cli-forms-column-questions = ВОПРОСЫ
cli-forms-column-hash = ХЕШ
cli-forms-column-title = НАЗВАНИЕ
cli-forms-valid = { $file }: анкета '{ $form }' версии { $version } корректна (вопросов: { $questions }, признаков: { $indicators }, хеш { $hash })
cli-forms-needs-review = примечание: переведённых строк с отметкой needs_review: { $count }
cli-forms-rules-mismatch = анкета не подходит к набору правил '{ $rules }': { $error }
cli-forms-problems = ошибок в описании анкеты: { $count }
cli-forms-no-language = у анкеты нет языка '{ $lang }'; она есть на языках: { $languages }
cli-forms-review-mark = { " " }[нужна проверка]
cli-forms-hash = хеш { $hash }
cli-forms-section-shown-if = ## { $title }  (показывается, если { $condition })
cli-forms-required = обязательный
cli-forms-identifying = раскрывает личность
cli-forms-shown-if = { "       " }показывается, если { $condition }
cli-forms-raises = { "       " }даёт признак { $indicator } при ответе { $when }
cli-forms-danger = { "       " }НЕПОСРЕДСТВЕННАЯ ОПАСНОСТЬ при ответе { $when }
cli-forms-or = { " или " }
cli-forms-if = если { $condition }

## training.

cli-training-column-level = УРОВЕНЬ
cli-training-column-persona = ПЕРСОНАЖ
cli-training-languages = сценарий '{ $scenario }' есть на языках: { $languages }
cli-training-versions = { $scenario } · анкета { $form } · набор правил { $rules }
cli-training-fictional = ВЫМЫШЛЕННЫЙ ПЕРСОНАЖ — придуман для обучения; любое сходство с реальным человеком случайно.
cli-training-alias = псевдоним
cli-training-age-band = возрастная группа
cli-training-gender = пол
cli-training-nationality = гражданство
cli-training-persona-languages = языки
cli-training-where-met = где встретились
cli-training-situation = ситуация
cli-training-background = предыстория
cli-training-script =
    { "" }
    СЦЕНАРИЙ — что говорит персонаж в ответ на каждый вопрос
cli-training-says = { "    " }говорит:   «{ $text }»
cli-training-expected = { "    " }ожидается: { $answer }
cli-training-off-path =
    { "" }
    Вне пути ключа (только если обучающийся спросит):
cli-training-answer-key =
    { "" }
    КЛЮЧ ОТВЕТОВ
cli-training-indicators = признаки
cli-training-immediate-danger = непосредственная опасность
cli-training-none = нет
cli-training-practice =
    Учебное интервью с { $persona }, вымышленным персонажем (сценарий { $scenario }). Персонажа играет тренер: senim training show { $scenario }
    { "" }
cli-training-unfinished =
    { "" }
    Интервью не закончено: продолжите его командой `senim interview resume { $id }`, затем снова сравните командой `senim training check --scenario { $scenario } --interview { $id }`.
cli-training-deleted = интервью { $id } удалено
cli-training-points = { $count ->
    [one] −{ $count } балл
    [few] −{ $count } балла
    [many] −{ $count } баллов
   *[other] −{ $count } балла
}
cli-training-result = РЕЗУЛЬТАТ ОБУЧЕНИЯ — { $title }
cli-training-score = баллы
cli-training-level-as-key = { $level } (как в ключе)
cli-training-level-off-key = { $level } (в ключе: { $key }, { $points })
cli-training-perfect =
    { "" }
    Все ответы совпадают с ключом.
cli-training-danger-missed =
    { "" }
    Пропущена непосредственная опасность:
cli-training-indicators-missed =
    { "" }
    Пропущенные признаки:
cli-training-indicators-extra =
    { "" }
    Признаки, которых нет в ключе:
cli-training-answers-differ =
    { "" }
    Ответы, отличающиеся от ключа:
cli-training-answer-differs = { "  " }- { $question }: ожидалось { $expected }, дано { $given } ({ $points })
cli-training-questions-missed =
    { "" }
    Вопросы без ответа:
cli-training-off-key =
    { "" }
    Ответы вне пути ключа (без баллов): { $questions }
cli-training-how =
    { "" }
    Как считаются баллы: docs/training.md
