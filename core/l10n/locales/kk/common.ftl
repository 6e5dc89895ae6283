### Қосымшаларға, senim командасына, есептер мен істі тапсыруға ортақ сөздер.
### Кілттер "common-" деп басталады.
### Қазақша мәтін ана тілінде сөйлейтін маманның тексеруін күтуде.

common-yes = иә
common-no = жоқ

## Жазба түрлері.

common-kind-subject = адам
common-kind-outreach-note = далалық жұмыс жазбасы
common-kind-interview = сұхбат
common-kind-referral = жолдама
common-kind-consent = келісім

## Сандар.

common-records = { $count ->
    [one] { $count } жазба
   *[other] { $count } жазба
}
common-answers = { $count ->
    [one] { $count } жауап
   *[other] { $count } жауап
}
