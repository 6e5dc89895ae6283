### Слова, общие для приложений, команды senim, отчётов и передачи дел.
### Ключи начинаются с "common-".

common-yes = да
common-no = нет

## Виды записей.

common-kind-subject = человек
common-kind-outreach-note = заметка о работе на выезде
common-kind-interview = интервью
common-kind-referral = направление
common-kind-consent = согласие

## Количества.

common-records = { $count ->
    [one] { $count } запись
    [few] { $count } записи
    [many] { $count } записей
   *[other] { $count } записи
}
common-answers = { $count ->
    [one] { $count } ответ
    [few] { $count } ответа
    [many] { $count } ответов
   *[other] { $count } ответа
}

## Одна строка совета о выбираемом коде доступа.

common-passcode-advice-too-short = Используйте не меньше 6 символов.
common-passcode-advice-common = Это один из самых распространённых кодов.
common-passcode-advice-straight-row-of-keys = Клавиши подряд в одном ряду легко угадать.
common-passcode-advice-short-keyboard-pattern = Короткие узоры на клавиатуре легко угадать.
common-passcode-advice-repeated-characters = Повторы вроде «ааа» легко угадать.
common-passcode-advice-repeated-groups = Повторы вроде «абвабв» угадать почти так же легко, как «абв».
common-passcode-advice-top-ten-passcode = Это один из десяти самых распространённых кодов.
common-passcode-advice-top-hundred-passcode = Это один из ста самых распространённых кодов.
common-passcode-advice-common-passcode = Это очень распространённый код.
common-passcode-advice-similar-to-common-passcode = Этот код похож на распространённый.
common-passcode-advice-sequence = Последовательности вроде абв или 6543 легко угадать.
common-passcode-advice-recent-year = Недавние годы легко угадать.
common-passcode-advice-single-word = Одно слово само по себе легко угадать.
common-passcode-advice-date = Даты легко угадать.
common-passcode-advice-name-by-itself = Имя само по себе легко угадать.
common-passcode-advice-common-name = Распространённые имена легко угадать.
common-passcode-advice-use-a-few-words = Используйте несколько слов; избегайте расхожих фраз.
common-passcode-advice-no-need-for-symbols = Знаки, цифры и заглавные буквы не обязательны.
common-passcode-advice-add-another-word = Добавьте ещё одно-два слова; лучше редкие.
common-passcode-advice-capitals-do-not-help = Заглавные буквы почти не помогают.
common-passcode-advice-all-capitals-do-not-help = Код из одних заглавных угадать почти так же легко, как из строчных.
common-passcode-advice-reversed-words-do-not-help = Слова задом наперёд угадать ненамного труднее.
common-passcode-advice-substitutions-do-not-help = Предсказуемые замены вроде «@» вместо «а» почти не помогают.
common-passcode-advice-longer-keyboard-pattern = Используйте более длинный узор на клавиатуре с большим числом поворотов.
common-passcode-advice-avoid-repeats = Избегайте повторов слов и символов.
common-passcode-advice-avoid-sequences = Избегайте последовательностей.
common-passcode-advice-avoid-recent-years = Избегайте недавних годов.
common-passcode-advice-avoid-personal-years = Избегайте годов, связанных с вами.
common-passcode-advice-avoid-personal-dates = Избегайте дат и годов, связанных с вами.

## Почему ответ не подходит к вопросу.

common-answer-wrong-type = вопрос ждёт { $expected ->
    [yes_no] «да», «нет», «не знаю» или отказ от ответа
    [single_choice] один из своих вариантов
    [multiple_choice] несколько своих вариантов
    [integer] целое число
    [date] дату
    [country] код страны
   *[text] текст
}
common-answer-not-yes-no = нужен ответ «да», «нет», «не знаю» или отказ от ответа
common-answer-not-whole-number = нужно целое число
common-answer-not-date = нужна дата в виде ГГГГ-ММ-ДД
common-answer-not-country-code = нужен двухбуквенный код страны по ISO 3166-1, например KZ
common-answer-unknown-option = такого варианта у вопроса нет
common-answer-no-option = выберите хотя бы один вариант
common-answer-empty = ответ не должен быть пустым
common-answer-length = длина должна быть от { $min } до { $max } символов
common-answer-length-at-least = длина должна быть не меньше { $min } символов
common-answer-out-of-range = число должно быть от { $min } до { $max }
common-answer-at-most = число должно быть не больше { $max }
common-answer-at-least = число должно быть не меньше { $min }
common-answer-date-out-of-range = дата вне допустимого диапазона

## Почему конверт на карантине (`team quarantine` команды senim, приложения): он
## подлинный, но его содержимое не удалось применить.

common-quarantine-change-of-another-device = в нём изменение, сделанное другим устройством
common-quarantine-change-cannot-apply = в нём изменение, которое нельзя применить
common-quarantine-payload-does-not-open = его содержимое не открывается ключом его эпохи
common-quarantine-malformed = его содержимое или изменения записи повреждены
common-quarantine-refused-shape = после него запись приняла бы вид, который хранилище не принимает
