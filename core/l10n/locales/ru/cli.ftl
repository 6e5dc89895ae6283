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
cli-error-keystore-required = это хранилище привязано к хранилищу ключей устройства, а оно недоступно
cli-error-device-secret-missing = в хранилище ключей этого устройства нет секрета для этого хранилища
cli-error-wiped-by-policy = это хранилище стёрто по правилам команды; от него ничего не осталось (создайте новое хранилище и попросите руководителя команды снова принять вас)
cli-error-damaged = хранилище повреждено или изменено: ничего в него не записывайте и сообщите руководителю команды
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
