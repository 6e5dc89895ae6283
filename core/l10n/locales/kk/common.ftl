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

## Таңдалып жатқан құпия код туралы бір жол кеңес.

common-passcode-advice-too-short = Кемінде 6 таңба қолданыңыз.
common-passcode-advice-common = Бұл ең көп қолданылатын кодтардың бірі.
common-passcode-advice-straight-row-of-keys = Бір қатардағы қатар тұрған пернелерді табу оңай.
common-passcode-advice-short-keyboard-pattern = Пернетақтадағы қысқа өрнектерді табу оңай.
common-passcode-advice-repeated-characters = «ааа» сияқты қайталауларды табу оңай.
common-passcode-advice-repeated-groups = «әбвәбв» сияқты қайталауларды табу «әбв» дегеннен сәл ғана қиын.
common-passcode-advice-top-ten-passcode = Бұл ең көп қолданылатын он кодтың бірі.
common-passcode-advice-top-hundred-passcode = Бұл ең көп қолданылатын жүз кодтың бірі.
common-passcode-advice-common-passcode = Бұл өте жиі қолданылатын код.
common-passcode-advice-similar-to-common-passcode = Бұл код жиі қолданылатын кодқа ұқсас.
common-passcode-advice-sequence = әбв немесе 6543 сияқты тізбектерді табу оңай.
common-passcode-advice-recent-year = Соңғы жылдарды табу оңай.
common-passcode-advice-single-word = Жалғыз сөзді табу оңай.
common-passcode-advice-date = Күндерді табу оңай.
common-passcode-advice-name-by-itself = Жалғыз есімді табу оңай.
common-passcode-advice-common-name = Көп тараған есімдерді табу оңай.
common-passcode-advice-use-a-few-words = Бірнеше сөз қолданыңыз; жиі айтылатын тіркестерден аулақ болыңыз.
common-passcode-advice-no-need-for-symbols = Белгілер, сандар мен бас әріптер міндетті емес.
common-passcode-advice-add-another-word = Тағы бір-екі сөз қосыңыз; сирек сөздер жақсырақ.
common-passcode-advice-capitals-do-not-help = Бас әріптер көп көмектеспейді.
common-passcode-advice-all-capitals-do-not-help = Тек бас әріптерден тұратын кодты табу кіші әріптерден тұратыннан қиын емес.
common-passcode-advice-reversed-words-do-not-help = Кері жазылған сөздерді табу онша қиын емес.
common-passcode-advice-substitutions-do-not-help = «а» орнына «@» сияқты болжамды ауыстырулар көп көмектеспейді.
common-passcode-advice-longer-keyboard-pattern = Пернетақтада бұрылысы көп ұзынырақ өрнек қолданыңыз.
common-passcode-advice-avoid-repeats = Сөздер мен таңбаларды қайталамаңыз.
common-passcode-advice-avoid-sequences = Тізбектерден аулақ болыңыз.
common-passcode-advice-avoid-recent-years = Соңғы жылдарды қолданбаңыз.
common-passcode-advice-avoid-personal-years = Өзіңізге қатысты жылдарды қолданбаңыз.
common-passcode-advice-avoid-personal-dates = Өзіңізге қатысты күндер мен жылдарды қолданбаңыз.

## Жауап сұраққа неге сәйкес келмейді.

common-answer-wrong-type = сұрақ { $expected ->
    [yes_no] «иә», «жоқ», «білмеймін» немесе жауап беруден бас тартуды
    [single_choice] өз нұсқаларының бірін
    [multiple_choice] өз нұсқаларының бірнешеуін
    [integer] бүтін санды
    [date] күнді
    [country] ел кодын
   *[text] мәтінді
} күтеді
common-answer-not-yes-no = «иә», «жоқ», «білмеймін» немесе жауап беруден бас тарту керек
common-answer-not-whole-number = бүтін сан керек
common-answer-not-date = ЖЖЖЖ-АА-КК түріндегі күн керек
common-answer-not-country-code = ISO 3166-1 бойынша екі әріпті ел коды керек, мысалы KZ
common-answer-unknown-option = сұрақта мұндай нұсқа жоқ
common-answer-no-option = кемінде бір нұсқаны таңдаңыз
common-answer-empty = жауап бос болмауы керек
common-answer-length = ұзындығы { $min } мен { $max } таңба аралығында болуы керек
common-answer-length-at-least = ұзындығы кемінде { $min } таңба болуы керек
common-answer-out-of-range = сан { $min } мен { $max } аралығында болуы керек
common-answer-at-most = сан { $max } санынан аспауы керек
common-answer-at-least = сан кемінде { $min } болуы керек
common-answer-date-out-of-range = күн рұқсат етілген аралықтан тыс

## Конверт неге карантинде (senim командасының `team quarantine`, қосымшалар): ол
## түпнұсқа, бірақ мазмұнын қолдану мүмкін болмады.

common-quarantine-change-of-another-device = онда басқа құрылғы жасаған өзгеріс бар
common-quarantine-change-cannot-apply = онда қолдануға болмайтын өзгеріс бар
common-quarantine-payload-does-not-open = оның мазмұны өз дәуірінің кілтімен ашылмайды
common-quarantine-malformed = оның мазмұны немесе жазба өзгерістері бүлінген
common-quarantine-refused-shape = ол жазбаны қойма қабылдамайтын күйге келтіреді
