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
