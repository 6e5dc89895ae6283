### senim командасы: сұраулар, хабарлар және анықтама. Кілттер "cli-" деп басталады.
### Қазақша мәтін ана тілінде сөйлейтін маманның тексеруін күтуде.

## Қателер.

cli-error = қате
cli-see-help = --help қараңыз
cli-unknown-language = { $source } ішіндегі «{ $tag }» тілі белгісіз: en, ru немесе kk таңдаңыз (uz, ky және tg орыс тілінде көрсетіледі)
cli-error-wrong-passcode = кіру коды қате (соңғы ашылғаннан бері { $failures } сәтсіз әрекет)
cli-error-too-many-attempts = ашуға сәтсіз әрекет тым көп: { $seconds } секундтан кейін қайталаңыз
cli-error-no-vault = көрсетілген жерде қойма табылмады
cli-error-vault-exists = көрсетілген жерде қойма бұрыннан бар
cli-error-keystore-required = бұл қойма құрылғының кілттер қоймасына байланған, ал ол қолжетімсіз
cli-error-device-secret-missing = осы құрылғының кілттер қоймасында бұл қоймаға арналған құпия жоқ
cli-error-wiped-by-policy = бұл қойма команда ережесі бойынша өшірілді; одан ештеңе қалған жоқ (жаңа қойма жасап, команда жетекшісінен сізді қайта қабылдауын сұраңыз)
cli-error-damaged = қойма бүлінген немесе өзгертілген: оған ештеңе жазбаңыз және команда жетекшісіне хабарлаңыз
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
