### Экраны приложений для телефона (Android и iOS). Ключи начинаются с "app-", затем
### экран ("app-settings-…", "app-unlock-…").

app-name = Senim

## Настройки: язык приложения (язык интервью выбирается отдельно).

app-settings-language = Язык приложения
app-settings-language-system = Как на телефоне
app-settings-language-fallback = Перевода на язык «{ $language }» пока нет: приложение показано на русском.
app-settings-language-review = Текст на казахском ещё проверяется носителем языка.
app-settings-title = Настройки
app-settings-language-explained = Язык надписей приложения. Язык интервью выбирается при каждом интервью.

## Слова нескольких экранов.

app-back = Назад
app-close = Закрыть
app-cancel = Отмена
app-ok = ОК
app-done = Готово
app-next = Далее
app-sync-now = Синхронизировать
app-emergency-wipe = Экстренное удаление…
app-demo-build-banner = Демоверсия: анкета и её переводы не проверены для работы в поле. Только для тренировки; не записывайте реальных людей.
app-demo-vault-banner = ДЕМО — вымышленные данные для тренировки
app-strength-very-weak = Очень слабый
app-strength-weak = Слабый
app-strength-fair = Средний
app-strength-strong = Надёжный
app-strength-very-strong = Очень надёжный
app-content-needs-review = перевод ещё проверяется
app-content-shown-in = показано на языке: { $language }
app-qr-code = QR-код
app-qr-too-long = Этот код слишком длинный для QR-кода: используйте текст ниже.

## Разблокировка.

app-unlock-prompt = Введите код доступа, чтобы разблокировать.
app-unlock-passcode = Код доступа
app-unlock-button = Разблокировать
app-unlock-demo-note = Это демо-хранилище для тренировки: его код доступа общеизвестен — senim-demo.
app-unlock-open-demo = Открыть демо-хранилище
app-unlock-upgrade-pages = Обновляем хранилище для этой версии: шифруем его. Это происходит один раз.
app-unlock-upgrade-index = Обновляем хранилище для этой версии: готовим поиск (записей: { $done } из { $total }). Это происходит один раз.

## Первый запуск: создание хранилища.

app-create-wiped-title = Хранилище на этом телефоне удалено
app-create-welcome = Добро пожаловать в Senim
app-create-intro = Придумайте код доступа не короче { $count ->
    [one] { $count } символа
    [few] { $count } символов
    [many] { $count } символов
   *[other] { $count } символа
}. Всё, что вы записываете, шифруется этим кодом и ключом, который хранится в защищённом модуле телефона. Забытый код восстановить невозможно.
app-create-new-passcode = Новый код доступа
app-create-passcode-again = Повторите код доступа
app-create-too-short = Код доступа должен быть не короче { $count ->
    [one] { $count } символа
    [few] { $count } символов
    [many] { $count } символов
   *[other] { $count } символа
}: введите его ещё раз.
app-create-mismatch = Коды не совпадают: введите их ещё раз.
app-create-creating-demo = Создаём демо-хранилище с вымышленными случаями…
app-create-creating = Создаём хранилище…
app-create-button = Создать хранилище
app-create-training = Тренировка?
app-create-demo-explained = В демо-хранилище только вымышленные случаи, никаких реальных людей, и ваш код доступа не нужен (оно открывается общеизвестным кодом senim-demo). На каждом экране видна надпись ДЕМО, и оно никогда не синхронизируется с настоящей командой. Никогда не записывайте в него реального человека. После этого на телефоне будет демо-хранилище: чтобы позже записывать реальные случаи, { $platform ->
    [ios] удалите приложение и установите его заново
   *[other] очистите данные приложения
}.
app-create-demo-button = Создать демо-хранилище для тренировки

## Хранилище не открывается.

app-failed-title = Хранилище не открывается
app-failed-explained = Ничего не изменено. Обратитесь к руководителю команды: записи, отправленные на хаб, в сохранности, и этот телефон можно снова подключить к команде.

## Записи.

app-records-title = Записи
app-records-interview = Интервью
app-records-new-note = Новая заметка
app-records-search = Поиск по заметкам
app-records-damaged = { $count ->
    [one] Не удалось расшифровать { $count } запись: она изменена или повреждена.
    [few] Не удалось расшифровать { $count } записи: они изменены или повреждены.
    [many] Не удалось расшифровать { $count } записей: они изменены или повреждены.
   *[other] Не удалось расшифровать { $count } записи: они изменены или повреждены.
}
app-records-no-match = Заметок не найдено.
app-records-empty = Записей пока нет.
app-records-dates = Создано { $created } · изменено { $updated }
app-records-conflicts = Противоречащие правки: { $fields }
app-records-conflict-field = { $field } ({ $count ->
    [one] { $count } значение
    [few] { $count } значения
    [many] { $count } значений
   *[other] { $count } значения
})
app-records-kind-subject = Человек
app-records-kind-note = Заметка
app-records-kind-interview = Интервью
app-records-kind-referral = Направление
app-records-kind-consent = Согласие
app-menu = Ещё
app-menu-sync = Синхронизация
app-menu-team = Команда
app-menu-reset-demo = Сбросить демо-данные…

## Настройки открытого хранилища.

app-settings-duress-title = Код под принуждением
app-settings-duress-explained = Второй код на случай, если вас заставят разблокировать телефон: он открывает безобидную подставную версию вместо ваших записей и выглядит как обычная разблокировка.
app-settings-duress-button = Задать код под принуждением…
app-settings-wipe-title = Экстренное удаление
app-settings-wipe-explained = Сразу и навсегда уничтожает хранилище на этом телефоне. Экран разблокировки тоже это предлагает, без кода доступа.
app-settings-wipe-button = Удалить хранилище телефона…

## Код под принуждением.

app-duress-title = Код под принуждением
app-duress-demo = У демо-хранилища нет кода под принуждением: его код доступа общеизвестен.
app-duress-explained = Если вас заставят разблокировать телефон, введите код под принуждением вместо своего: Senim откроет подставную версию с несколькими безобидными заметками. Выберите код, который вспомните и в стрессе, не короче { $count ->
    [one] { $count } символа
    [few] { $count } символов
    [many] { $count } символов
   *[other] { $count } символа
} и не такой, как ваш код доступа.
app-duress-current = Ваш код доступа
app-duress-passcode = Код под принуждением
app-duress-again = Повторите код под принуждением
app-duress-when = Когда введён код под принуждением:
app-duress-destroy = Уничтожить настоящие записи
app-duress-destroy-explained = Уничтожить: код под принуждением открывает безобидную подставную версию и навсегда уничтожает ключи ваших записей на этом телефоне. Их не вернёт даже ваш код доступа; отправленное на хаб остаётся у команды.
app-duress-hide = Скрыть настоящие записи
app-duress-hide-explained = Скрыть: код под принуждением открывает безобидную подставную версию, а ваши записи остаются скрытыми; ваш код доступа потом откроет их снова.
app-duress-too-short = Код под принуждением должен быть не короче { $count ->
    [one] { $count } символа
    [few] { $count } символов
    [many] { $count } символов
   *[other] { $count } символа
}: введите его ещё раз.
app-duress-mismatch = Коды под принуждением не совпадают: введите их ещё раз.
app-duress-same = Код под принуждением должен отличаться от вашего кода доступа: выберите другой.
app-duress-done = Код под принуждением задан.
app-duress-submit = Задать код под принуждением

## Редактор заметок.

app-note-new = Новая заметка
app-note-title = Заметка
app-note-text = Что произошло
app-note-place-short = Место
app-note-tags = Метки
app-note-remove-tag = Убрать
app-note-place = Место (метка, не адрес)
app-note-tag = Метка
app-note-add-tag = Добавить
app-note-contact = Контакт: { $time }
app-note-saved = Сохранено.
app-note-saved-new = Сохранено (новая заметка).
app-note-saved-fields = Сохранено ({ $fields }).
app-note-field-text = текст
app-note-field-place = место
app-note-field-tags = метки
app-note-field-at = время
app-note-saving = Сохраняем…
app-note-save = Сохранить

## Синхронизация.

app-sync-title = Синхронизация
app-sync-explained = Ваши записи идут на хаб команды со сквозным шифрованием: хаб хранит и передаёт их, но прочитать не может.
app-sync-last = Последняя синхронизация: { $time }
app-sync-idle = С момента разблокировки синхронизации не было.
app-sync-syncing = Синхронизация… Можно продолжать работу.
app-sync-done = Отправлено: { $sent }, получено: { $received }, объединено записей: { $merged }.
app-sync-waiting = { $count ->
    [one] { $count } изменение ждёт других, которые ещё не пришли; оно применится при следующей синхронизации.
    [few] { $count } изменения ждут других, которые ещё не пришли; они применятся при следующей синхронизации.
    [many] { $count } изменений ждут других, которые ещё не пришли; они применятся при следующей синхронизации.
   *[other] { $count } изменения ждут других, которые ещё не пришли; они применятся при следующей синхронизации.
}
app-sync-rejected = { $count ->
    [one] { $count } изменение отклонено (изменено или подделано) и не применено:
    [few] { $count } изменения отклонены (изменены или подделаны) и не применены:
    [many] { $count } изменений отклонены (изменены или подделаны) и не применены:
   *[other] { $count } изменения отклонены (изменены или подделаны) и не применены:
}
app-sync-place = устройство { $device }, изменение { $seq }
app-sync-join-team = Вступить в команду

## Сброс демо-хранилища.

app-demo-reset-title = Сбросить демо-хранилище?
app-demo-reset-explained = Всё, что добавлено после его создания (заметки, интервью, направления, вступление в команду), будет стёрто, и вернутся исходные вымышленные случаи. Используйте между тренировками.
app-demo-reset-confirm = Сбросить
app-demo-reset-done = Демо-данные сброшены
app-demo-reset-failed = Демо-данные не сброшены
app-demo-reset-records = Восстановлено вымышленных записей: { $records } (людей: { $subjects }, заметок: { $notes }, интервью: { $interviews }, направлений: { $referrals }).
app-demo-reset-levels = Уровни — нет признаков: { $none }, наблюдать: { $monitor }, возможно: { $possible }, вероятно: { $likely }.

## Экстренное удаление.

app-wipe-wiping = Удаляем…
app-wipe-failed = Удаление не завершилось
app-wipe-retry = Повторить
app-wipe-title = Удалить хранилище телефона
app-wipe-explained = Всё в хранилище на этом телефоне будет уничтожено навсегда: записи, заметки, интервью, ключи команды. Вернуть ничего нельзя, даже с кодом доступа. Отправленное на хаб остаётся у команды.
app-wipe-type = Введите { $word } для подтверждения.
app-wipe-now = Удалить сейчас

## Интервью (вопросы на языке интервью, эти слова — на языке приложения).

app-interview-title = Скрининговое интервью
app-interview-quick-exit = Выйти
app-interview-stop = Прервать
app-interview-stopped = Интервью прервано.
app-interview-stopped-kept = Уже данные ответы сохранены в зашифрованном виде в хранилище телефона.
app-interview-stop-title = Прервать интервью?
app-interview-stop-explained = Уже данные ответы сохранятся. Человек может прекратить интервью в любой момент.
app-interview-continue = Продолжить
app-interview-danger = Непосредственная опасность
app-interview-language = На каком языке вы будете говорить с человеком?
app-interview-nothing-stored = До согласия человека ничего не сохраняется.
app-interview-begin = Начать
app-interview-read-this = Прочитайте это человеку
app-interview-agrees = Человек согласен на:
app-interview-scope-screening = вопросы скрининга (нужно для начала)
app-interview-scope-referral = направление в службы помощи
app-interview-scope-sharing = передачу своих данных службе помощи
app-interview-consent-needed = Без согласия на скрининг интервью начать нельзя.
app-interview-record-consent = Записать согласие
app-interview-question = Вопрос { $number } из { $total }
app-interview-required = Обязательный (человек всё равно может отказаться)
app-interview-skip = Пропустить
app-interview-declines = Отказ от ответа
app-interview-yes = Да
app-interview-no = Нет
app-interview-dont-know = Не знаю
app-interview-date-format = ГГГГ-ММ-ДД
app-interview-answer = Ответ
app-interview-number = Число
app-interview-country = Код страны (KZ, UZ, KG, TJ, …)
app-interview-end = Вопросы закончились
app-interview-progress = Отвечено: { $answered } из { $visible }; пропущено: { $skipped }.
app-interview-missing = Обязательные вопросы без ответа (вернитесь назад; человек может от них отказаться): { $questions }
app-interview-see-result = Посмотреть результат

## Результат интервью.

app-result-none = Признаков не выявлено
app-result-monitor = Есть отдельные признаки: оставайтесь на связи
app-result-possible = Возможна торговля людьми: направьте на полную идентификацию
app-result-likely = Вероятна торговля людьми: срочно направьте на полную идентификацию
app-result-urgent-safety = Срочно: безопасность человека
app-result-minor = Человек может быть ребёнком: действуйте по процедуре защиты детей.
app-result-why = Почему
app-result-indicators = Выявленные признаки
app-result-strength-review = вес признака должна проверить ваша организация
app-result-needs = Потребности: { $needs }
app-result-services = Рекомендуемые службы
app-result-no-service = Для этого результата нет подходящей службы.
app-result-urgent = срочно
app-result-no-contact = Подтверждённого контакта пока нет.
app-result-entry-review = запись должна проверить ваша организация
app-result-call = Позвонить { $phone }
app-result-referred = Направлен(а)
app-result-refer = Направить
app-result-refer-to = Направить: { $service }
app-result-refer-consent = Только с согласия человека (проверяется его согласие на направление).
app-result-reason = Причина

## Вступление в команду.

app-team-title = Команда
app-team-scan-request-prompt = Отсканируйте запрос нового устройства
app-team-scan-welcome-prompt = Отсканируйте приглашение на телефоне руководителя
app-team-step-request = 1. Покажите свой запрос руководителю команды
app-team-your-name = Ваше имя, каким его увидит команда
app-team-show-request = Показать мой запрос
app-team-lead-words = На экране руководителя должны быть эти слова:
app-team-step-welcome = 2. Отсканируйте приглашение, которое покажет руководитель
app-team-scan-welcome = Сканировать приглашение
app-team-type-welcome = …или введите его
app-team-join-words = Вступайте, только если на экране руководителя эти слова:
app-team-join = Вступить в команду
app-team-create-title = Или создайте команду и руководите ею
app-team-name = Название команды
app-team-hub-url = Адрес хаба (https://…)
app-team-hub-pin = Отпечаток сертификата хаба (SHA-256)
app-team-pin-missing = Нужен для хаба https://: отпечаток, который хаб вывел при запуске. Сверьте его с администратором хаба.
app-team-pin-explained = Все телефоны команды будут принимать этот сертификат и никакой другой.
app-team-token = Регистрационный токен, если администратор хаба его выдал
app-team-create = Создать команду
app-team-hub = Хаб: { $hub }
app-team-role-lead = Вы руководитель этой команды.
app-team-role-worker = Вы участник этой команды.
app-team-removed = Это устройство исключено из команды: оно больше не синхронизируется.
app-team-members = { $count ->
    [one] { $count } устройство
    [few] { $count } устройства
    [many] { $count } устройств
   *[other] { $count } устройства
} · эпоха ключа { $epoch }
app-team-this-device = Это устройство: { $device }
app-team-add-device = Добавить устройство
app-team-as-lead = как руководителя
app-team-as-worker = как сотрудника
app-team-add-as-lead = Добавить как руководителя
app-team-with-history = с историей команды
app-team-with-history-note = Новый телефон сможет прочитать и всё, что команда написала до его вступления, включая написанное до исключения любого телефона.
app-team-without-history-note = Новый телефон будет читать то, что команда пишет с этого момента.
app-team-scan-request = Сканировать запрос
app-team-show-welcome = Покажите это приглашение новому устройству:
app-team-new-device-words = На новом устройстве должны быть эти слова:

## Сбои так, как их называют экраны (UiError.sentence слоя представления): одно
## предложение на каждый сбой мобильного API, только из его полей.

app-error-wrong-passcode = Неверный код доступа. С последней разблокировки { $count ->
    [one] { $count } неудачная попытка
    [few] { $count } неудачные попытки
    [many] { $count } неудачных попыток
   *[other] { $count } неудачной попытки
}.
app-error-wait = Слишком много неверных кодов. Повторите через { $time }.
app-error-locked = Хранилище заблокировано.
app-error-no-vault = На этом телефоне нет хранилища.
app-error-vault-exists = На этом телефоне уже есть хранилище.
app-error-wiped = Хранилище на этом телефоне удалено, как требует правило команды (слишком много неверных кодов или слишком долго без синхронизации). Настройте телефон заново вместе с руководителем команды.
app-error-damaged = Часть данных на этом телефоне изменена или повреждена.
app-error-unsupported-format = Это хранилище создано более новой версией Senim. Обновите приложение, чтобы открыть его.
app-error-not-found = Не найдено: возможно, это удалили.
app-error-check-field = Проверьте { $field }.
app-error-check-input = Проверьте, что вы ввели.
app-error-field-text = текст заметки
app-error-field-place = место
app-error-field-tags = метки
app-error-field-location = местоположение
app-error-field-subject = человека, о котором заметка
app-error-field-passcode = код доступа
app-error-field-duress-passcode = код под принуждением
app-error-field-search = слова поиска
app-error-field-answer = ответ
app-error-field-language = язык
app-error-field-welcome-code = код приглашения
app-error-field-join-request = запрос на вступление
app-error-field-call-sign = имя
app-error-field-team-name = название команды
app-error-field-hub-address = адрес хаба
app-error-field-from = первый день
app-error-field-to = последний день
app-error-field-worker = работника
app-error-field-scopes = согласие
app-error-invalid-answer = Такой ответ не подходит к вопросу: { $reason }.
app-error-passcode-too-short = Код доступа слишком короткий: используйте не меньше 6 символов.
app-error-passcode-common = Это один из самых распространённых кодов: выберите такой, который никто не угадает.
app-error-passcode-repeated-character = В коде повторяется один символ: выберите код, который труднее угадать.
app-error-passcode-sequence = Код — это ряд вроде 123456 или abcdef: выберите код, который труднее угадать.
app-error-passcode-repeated-group = В коде повторяется короткая группа вроде 1212: выберите код, который труднее угадать.
app-error-passcode-too-weak = Код слишком легко угадать: сделайте его длиннее, например добавьте ещё одно слово.
app-error-content-missing = { $what ->
    [form] Анкеты
    [rules] Набора правил
    [services] Справочника служб
   *[other] Материалов скрининга
} нет в этой версии приложения.
app-error-content-invalid = { $what ->
    [form] Анкета в этом приложении повреждена.
    [rules] Набор правил в этом приложении повреждён.
    [services] Справочник служб в этом приложении повреждён.
   *[other] Материалы скрининга в этом приложении повреждены.
}
app-error-content-changed = { $what ->
    [form] Анкета отличается
    [rules] Набор правил отличается
    [services] Справочник служб отличается
   *[other] Материалы скрининга отличаются
} от тех, с которыми проводилось это интервью.
app-error-consent-required = Для этого нужно согласие человека на { $scope ->
    [screening] скрининг
    [referral] направление
   *[sharing] передачу данных
}, а оно не записано.
app-error-consent-withdrawn = Человек отозвал согласие: по нему больше ничего не записывается.
app-error-interview = Сейчас интервью не может этого сделать.
app-error-membership = Место этого телефона в команде этого не позволяет: он ещё не вступил в команду или был из неё исключён.
app-error-envelope = Хаб прислал данные, которые были отклонены (изменены или подделаны).
app-error-protocol = Хаб ответил что-то неожиданное.
app-error-unreachable = Не удалось связаться с хабом. Ничего не потеряно: синхронизируйте позже.
app-error-hub-unauthenticated = Хаб не узнал этот телефон. Проверьте дату и время на телефоне и синхронизируйте снова.
app-error-hub-forbidden = Хаб отказал: этот телефон больше не в команде, или это может сделать только руководитель.
app-error-hub-not-found = Хаб не знает эту команду. Обратитесь к руководителю команды.
app-error-hub-conflict = Другое изменение попало на хаб раньше. Синхронизируйте снова.
app-error-hub-too-large = Хаб отклонил слишком большие данные.
app-error-hub-busy = Хаб занят. Подождите минуту и синхронизируйте снова.
app-error-hub-envelope-rejected = Хаб отклонил часть изменений этого телефона как изменённые или неуместные. Обратитесь к руководителю команды.
app-error-hub-membership-rejected = Хаб отклонил изменение состава команды.
app-error-hub-order-rejected = Хаб отклонил распоряжение команды.
app-error-hub-failed = Сбой хаба (HTTP { $status }). Ничего не потеряно: синхронизируйте позже.
app-error-hub-refused = Хаб отклонил запрос (HTTP { $status }).
app-error-key-store = Сбой хранилища ключей телефона.
app-error-device-secret = В хранилище ключей телефона больше нет ключа хранилища, поэтому здесь его открыть нельзя. Настройте телефон заново вместе с руководителем команды.
app-error-demo = Демо и реальные данные никогда не смешиваются: демо-хранилище работает только с демо-командами и демо-хабом, реальное — только с реальными. Ничего не смешано и не изменено.
app-error-storage = Сбой памяти телефона.
app-error-wipe-keys-gone = Удаление не завершилось, но ключи хранилища уничтожены: ничего оставшегося на телефоне нельзя прочитать, даже с кодом доступа. Повторите, чтобы удалить оставшиеся файлы.
app-error-wipe-incomplete = Удаление не завершилось, и данные ещё могут быть читаемы. Повторите сейчас.
app-error-interrupted = Остановлено до завершения. Ничего не потеряно: повторите.
app-error-internal = Что-то пошло не так.

## Строки разблокировки и синхронизации.

app-unlock-attempts = Неудачных попыток: { $count }. Каждая следующая удлиняет ожидание.
app-sync-quarantined = { $count ->
    [one] { $count } изменение команды не удалось применить, оно отложено; сообщите руководителю.
    [few] { $count } изменения команды не удалось применить, они отложены; сообщите руководителю.
    [many] { $count } изменений команды не удалось применить, они отложены; сообщите руководителю.
   *[other] { $count } изменения команды не удалось применить, они отложены; сообщите руководителю.
}
app-sync-purged = { $count ->
    [one] { $count } запись удалена по распоряжению команды.
    [few] { $count } записи удалены по распоряжению команды.
    [many] { $count } записей удалены по распоряжению команды.
   *[other] { $count } записи удалены по распоряжению команды.
}
app-sync-idle-wipe = { $days ->
    [0] Правило команды: без синхронизации телефон удалит данные сегодня.
    [one] Правило команды: без синхронизации телефон удалит данные через { $days } день.
    [few] Правило команды: без синхронизации телефон удалит данные через { $days } дня.
    [many] Правило команды: без синхронизации телефон удалит данные через { $days } дней.
   *[other] Правило команды: без синхронизации телефон удалит данные через { $days } дня.
}
app-sync-idle-warning = { $days ->
    [0] Сегодня телефон удалит данные, если не синхронизируется с хабом. Синхронизируйте сейчас.
    [one] Телефон удалит данные, если не синхронизируется с хабом в течение { $days } дня. Синхронизируйте сейчас.
    [few] Телефон удалит данные, если не синхронизируется с хабом в течение { $days } дней. Синхронизируйте сейчас.
    [many] Телефон удалит данные, если не синхронизируется с хабом в течение { $days } дней. Синхронизируйте сейчас.
   *[other] Телефон удалит данные, если не синхронизируется с хабом в течение { $days } дня. Синхронизируйте сейчас.
}

## A lead's work: approving a pasted request, members, quarantine, policy, erasure, report.

app-team-paste-request = …или вставьте запрос устройства на вступление
app-team-request-unreadable = Это неполный запрос на вступление: проверьте, что он скопирован целиком.
app-team-request-words = Одобряйте, только если на новом устройстве эти же слова:
app-team-approve-pasted = Одобрить это устройство
app-lead-title = Работа руководителя
app-lead-members-title = Участники
app-lead-quarantine-title = Карантин
app-lead-policy-title = Правила команды
app-lead-erase-title = Удалить данные
app-lead-report-title = Отчёт
app-lead-members-explained = Синхронизация участника доходит до этого устройства при его следующей синхронизации: показано время, когда это устройство впервые получило последние изменения участника.
app-lead-members-sync = Синхронизировать и обновить
app-lead-member-revoked-name = Исключённое устройство
app-lead-member-revoked = Исключено из команды
app-lead-member-this-device = Руководитель · это устройство
app-lead-member-lead = Руководитель
app-lead-member-worker = Сотрудник
app-lead-member-never-synced = Это устройство ещё не синхронизировалось.
app-lead-member-nothing-yet = От него пока ничего не получено.
app-lead-member-own-sync = Последняя синхронизация: { $time }
app-lead-member-heard = Последние данные получены: { $time } (пакет изменений { $count })
app-lead-revoke = Исключить из команды
app-lead-revoke-title = Исключить это устройство?
app-lead-revoke-confirm = { $name } ({ $device }) больше не сможет синхронизироваться: команда перейдёт на новый ключ, которого у устройства нет. То, что на нём уже есть, останется.
app-lead-quarantine-explained = Подлинные конверты, содержимое которых нельзя применить. Они хранятся отдельно, синхронизация продолжается. Исключите устройство, которое продолжает их присылать, затем удалите их.
app-lead-quarantine-count = { $count ->
    [one] В карантине { $count } конверт
    [few] В карантине { $count } конверта
    [many] В карантине { $count } конвертов
   *[other] В карантине { $count } конверта
}
app-lead-quarantine-place = Устройство { $device } · № { $seq }
app-lead-quarantine-found = Обнаружен: { $time }
app-lead-quarantine-purged = { $count ->
    [one] Удалён { $count } конверт (распоряжение команды { $order }).
    [few] Удалено { $count } конверта (распоряжение команды { $order }).
    [many] Удалено { $count } конвертов (распоряжение команды { $order }).
   *[other] Удалено { $count } конверта (распоряжение команды { $order }).
}
app-lead-quarantine-purge = Удалить из команды
app-lead-quarantine-purge-confirm = Эти конверты будут навсегда удалены со всех устройств и с хаба.
app-lead-quarantine-purge-now = Удалить сейчас
app-lead-policy-none = Правила не заданы: записи хранятся, пока их не удалят, и ни одно устройство не удаляет данные само.
app-lead-policy-explained = Правила на момент последней синхронизации этого устройства. Сохранение заменяет их целиком; каждое устройство применит их при следующей синхронизации.
app-lead-policy-retention = Сколько хранить записи после последнего изменения
app-lead-policy-keep = { $kind }: дней
app-lead-policy-wipe = Когда телефон удаляет свои данные
app-lead-policy-failures = После стольких неверных кодов подряд (от 3 до 1000)
app-lead-policy-days = После стольких дней без синхронизации
app-lead-policy-blank = Оставьте поле пустым, если ограничения нет.
app-lead-policy-save = Сохранить правила
app-lead-policy-set = Правила заданы (распоряжение команды { $order }). Каждое устройство применит их при следующей синхронизации.
app-lead-erase-explained = Когда человек просит удалить его данные или отзывает согласие: его запись и все связанные с ней записи навсегда удаляются со всех устройств и с хаба. Выберите человека из списка или введите идентификатор записи о нём.
app-lead-erase-subject = Идентификатор записи о человеке
app-lead-erase-check = Синхронизировать и проверить
app-lead-erase-count = { $count ->
    [one] { $count } запись будет навсегда удалена со всех устройств и с хаба.
    [few] { $count } записи будут навсегда удалены со всех устройств и с хаба.
    [many] { $count } записей будут навсегда удалены со всех устройств и с хаба.
   *[other] { $count } записи будут навсегда удалены со всех устройств и с хаба.
}
app-lead-erase-now = Удалить навсегда
app-lead-erase-done = { $count ->
    [one] Удалена { $count } запись (распоряжение команды { $order }). Другие устройства удалят её при следующей синхронизации.
    [few] Удалено { $count } записи (распоряжение команды { $order }). Другие устройства удалят их при следующей синхронизации.
    [many] Удалено { $count } записей (распоряжение команды { $order }). Другие устройства удалят их при следующей синхронизации.
   *[other] Удалено { $count } записи (распоряжение команды { $order }). Другие устройства удалят их при следующей синхронизации.
}
app-lead-report-threshold = Обезличенные подсчёты по всем записям на этом устройстве. Числа меньше { $count } скрыты, как и любое число, по которому их можно вычислить.
app-lead-report-unreadable = { $count ->
    [one] { $count } запись не удалось прочитать, она не учтена.
    [few] { $count } записи не удалось прочитать, они не учтены.
    [many] { $count } записей не удалось прочитать, они не учтены.
   *[other] { $count } записи не удалось прочитать, они не учтены.
}
app-lead-report-levels = Оценённые интервью по уровням, по месяцам
app-lead-report-empty = За этот период записей нет.
app-lead-report-no-interviews = За этот период оценённых интервью нет.
app-lead-report-month = { $month }: признаков нет { $none } · поддерживать связь { $monitor } · возможна { $possible } · вероятна { $likely }
app-lead-report-referrals = Направления по статусу
app-lead-report-places = Заметки о выходах по местам
app-lead-report-no-place = Место не указано
app-lead-report-hidden = скрыто
app-lead-report-dashed = Пунктирный контур: одно из чисел за этот месяц скрыто.
app-lead-report-hidden-explained = Скрытое число настолько мало, что по нему можно узнать человека; оно никогда не показывается.
# The report's chart on iOS marks a month with a hidden count by a dashed line rising above its bar.
app-lead-report-dashed-line = Пунктирная линия над месяцем: одно из чисел за этот месяц скрыто.
# The names of the report charts' axes, which a screen reader reads out (iOS).
app-lead-report-axis-month = Месяц
app-lead-report-axis-level = Уровень
app-lead-report-axis-count = Число записей
app-lead-report-export = Экспорт
app-lead-report-save-csv = Числа (CSV)
app-lead-report-save-svg = Графики (SVG)
app-lead-report-save-png = Графики (PNG)
app-lead-report-saved = Сохранено: { $file }. Только числа, показанные здесь; скрытые остаются скрытыми.
app-lead-report-not-saved = Не удалось сохранить файл. Выберите другую папку и попробуйте снова.
app-lead-status-proposed = Предложено
app-lead-status-accepted = Принято
app-lead-status-declined = Отклонено
app-lead-status-completed = Завершено
app-lead-status-cancelled = Отменено
app-lead-level-none = Признаков нет
app-lead-level-monitor = Поддерживать связь
app-lead-level-possible = Возможна торговля людьми
app-lead-level-likely = Вероятна торговля людьми

## After a vault from an earlier version was upgraded at unlock (SenimApp.kt): the same
## advice for every upgraded vault, whether or not a duress passcode was set.

app-upgrade-duress-advice = Эта версия шифрует всё хранилище. Если вы задавали код под принуждением, задайте его заново сейчас в настройках, чтобы он был защищён так же.
app-upgrade-duress-settings = Настройки
app-upgrade-duress-dismiss = Не сейчас

## Обучение: сценарии с ключами ответов, учебные интервью в сравнении с ключом.

app-menu-training = Обучение
app-training-title = Учебные сценарии
app-training-result-title = Сравнение с ключом
app-training-explained = Вымышленные люди для отработки скрининга. У каждого есть сценарий и ключ ответов. Учебное интервью проводится только в демо-хранилище и сравнивается с ключом.
app-training-key-level = Ключ: { $level } · { $count ->
    [one] { $count } признак
    [few] { $count } признака
   *[other] { $count } признаков
}
app-training-persona = { $alias } · { $nationality } · возраст { $age }
app-training-fictional = Вымышленный человек, придуман для обучения.
app-training-where-met = Где сотрудник его встречает
app-training-situation = Ситуация
app-training-background = Предыстория для тренера
app-training-practise = Отработать это интервью
app-training-practise-demo-only = Учебные интервью проводятся только в демо-хранилище, чтобы вымышленные случаи не смешивались с настоящими.
app-training-show-key = Показать ключ ответов
app-training-hide-key = Скрыть ключ ответов
app-training-key = Ключ ответов
app-training-key-level-named = Уровень: { $name }
app-training-strength-strong = сильный
app-training-strength-medium = средний
app-training-strength-weak = слабый
app-training-key-indicators = Признаки: { $indicators }
app-training-danger = Непосредственная опасность: { $questions }
app-training-none = нет
app-training-script = Что говорит человек
app-training-says = Говорит: { $text }
app-training-expected = Ключ: { $answer }
app-training-off-path = Только если интервью пойдёт по другому пути
app-training-score = Баллы: { $score } из 100
app-training-level = Уровень: { $level } (по ключу: { $key }; −{ $points })
app-training-perfect = Все ответы совпадают с ключом.
app-training-off-key = Ответы вне пути ключа (баллы не снимаются): { $questions }
app-training-again = Отработать ещё раз
app-training-finding-danger = Пропущена непосредственная опасность: { $about }
app-training-finding-missed = Пропущен признак: { $about } ({ $strength }, { $dimension })
app-training-finding-extra = Признак, которого нет в ключе: { $about } ({ $strength }, { $dimension })
app-training-finding-answer = { $about }: по ключу «{ $expected }», ответ был «{ $given }»
app-training-finding-question = { $about } без ответа ({ $why }); по ключу «{ $expected }»
app-training-points = { $count ->
    [one] −{ $count } балл
    [few] −{ $count } балла
   *[other] −{ $count } баллов
}
app-training-miss-skipped = пропущен
app-training-miss-not-asked = не был задан
app-training-miss-unanswered = интервью остановлено раньше

## The lead's merged picture: the team's records, filtered, with conflicts and history.

app-lead-records-title = Записи команды
app-lead-records-explained = Все записи команды на этом устройстве, объединённые с телефонов всех работников. Чтобы увидеть последние, сначала синхронизируйте.
app-lead-records-worker = Работник
app-lead-records-any-worker = Все работники
app-lead-records-kind = Вид записи
app-lead-records-any-kind = Все виды
app-lead-records-level = Уровень
app-lead-records-any-level = Все уровни
app-lead-records-from = Первый день
app-lead-records-to = Последний день
app-lead-records-day-format = ГГГГ-ММ-ДД
app-lead-records-open-referrals = Только открытые направления
app-lead-records-conflicts = Только конфликты
app-lead-records-apply = Показать
app-lead-records-clear = Сбросить фильтры
app-lead-records-count = { $count ->
    [one] Подходит { $count } запись.
    [few] Подходят { $count } записи.
    [many] Подходят { $count } записей.
   *[other] Подходят { $count } записи.
}
app-lead-records-empty = Подходящих записей нет.
app-lead-records-more = Показать ещё
app-lead-records-by = Автор: { $name }, { $time }
app-lead-records-device = Устройство { $device }
app-lead-records-you = Вы (это устройство)
app-lead-records-open-referral = Открытое направление
app-lead-records-conflict = Конфликт
app-lead-record-title = Запись
app-lead-record-conflicts = Работники записали разные значения
app-lead-record-conflicts-explained = Ничего не потеряно: каждое значение хранится вместе с тем, кто его записал. Запись показывает одно из них, пока кто-нибудь снова не изменит поле.
app-lead-record-field = Поле: { $field }
app-lead-record-value = { $name } записал(а): { $value }
app-lead-record-value-current = Запись показывает это значение
app-lead-record-history = История
app-lead-record-created = { $time } · { $name }: запись создана
app-lead-record-edited = { $time } · { $name }: изменено { $fields }
app-lead-record-deleted = { $time } · { $name }: запись удалена
app-lead-record-changed = { $time } · { $name }: запись изменена
app-lead-record-body = Содержание
app-lead-record-back = Назад к списку
app-lead-erase-pick = Выберите человека
app-lead-erase-people-empty = На этом устройстве пока нет записей о людях. Сначала синхронизируйте.
app-lead-erase-person = { $count ->
    [one] { $count } запись · { $name } · { $time }
    [few] { $count } записи · { $name } · { $time }
    [many] { $count } записей · { $name } · { $time }
   *[other] { $count } записи · { $name } · { $time }
}
app-lead-erase-choose = Выбрать
app-lead-erase-or-type = Или введите идентификатор записи о человеке
app-lead-field-status = статус
app-lead-field-alias = псевдоним
