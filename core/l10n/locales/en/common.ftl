### Words every surface shares: the apps, the senim command, reports and handoffs.
### Keys start with "common-".

common-yes = yes
common-no = no

## Kinds of record.

common-kind-subject = person
common-kind-outreach-note = outreach note
common-kind-interview = interview
common-kind-referral = referral
common-kind-consent = consent

## Counts.

common-records = { $count ->
    [one] { $count } record
   *[other] { $count } records
}
common-answers = { $count ->
    [one] { $count } answer
   *[other] { $count } answers
}

## The one line of advice about a passcode being chosen (the apps' strength bar, the
## senim command's strength line): a rule it breaks, a warning, or a suggestion.

common-passcode-advice-too-short = Use at least 6 characters.
common-passcode-advice-common = This is one of the most common passcodes.
common-passcode-advice-straight-row-of-keys = Straight rows of keys are easy to guess.
common-passcode-advice-short-keyboard-pattern = Short keyboard patterns are easy to guess.
common-passcode-advice-repeated-characters = Repeats like "aaa" are easy to guess.
common-passcode-advice-repeated-groups = Repeats like "abcabc" are barely harder to guess than "abc".
common-passcode-advice-top-ten-passcode = This is one of the ten most common passcodes.
common-passcode-advice-top-hundred-passcode = This is one of the hundred most common passcodes.
common-passcode-advice-common-passcode = This is a very common passcode.
common-passcode-advice-similar-to-common-passcode = This is close to a common passcode.
common-passcode-advice-sequence = Sequences like abc or 6543 are easy to guess.
common-passcode-advice-recent-year = Recent years are easy to guess.
common-passcode-advice-single-word = A word by itself is easy to guess.
common-passcode-advice-date = Dates are easy to guess.
common-passcode-advice-name-by-itself = Names by themselves are easy to guess.
common-passcode-advice-common-name = Common names are easy to guess.
common-passcode-advice-use-a-few-words = Use a few words; avoid common phrases.
common-passcode-advice-no-need-for-symbols = No need for symbols, digits or capitals.
common-passcode-advice-add-another-word = Add another word or two; uncommon words are better.
common-passcode-advice-capitals-do-not-help = Capitals do not help much.
common-passcode-advice-all-capitals-do-not-help = All capitals are almost as easy to guess as none.
common-passcode-advice-reversed-words-do-not-help = Reversed words are not much harder to guess.
common-passcode-advice-substitutions-do-not-help = Predictable substitutions like '@' for 'a' do not help much.
common-passcode-advice-longer-keyboard-pattern = Use a longer keyboard pattern with more turns.
common-passcode-advice-avoid-repeats = Avoid repeated words and characters.
common-passcode-advice-avoid-sequences = Avoid sequences.
common-passcode-advice-avoid-recent-years = Avoid recent years.
common-passcode-advice-avoid-personal-years = Avoid years that are associated with you.
common-passcode-advice-avoid-personal-dates = Avoid dates and years that are associated with you.

## Why an answer does not fit its question (the interview on the apps and the senim
## command). $expected is the question's type; $min and $max are its bounds.

common-answer-wrong-type = the question expects { $expected ->
    [yes_no] yes, no, unknown or declined
    [single_choice] one of its options
    [multiple_choice] some of its options
    [integer] a whole number
    [date] a date
    [country] a country code
   *[text] a text
}
common-answer-not-yes-no = expected yes, no, unknown or declined
common-answer-not-whole-number = expected a whole number
common-answer-not-date = expected a date as YYYY-MM-DD
common-answer-not-country-code = expected an ISO 3166-1 alpha-2 code such as KZ
common-answer-unknown-option = not one of the question's options
common-answer-no-option = pick at least one option
common-answer-empty = must not be empty
common-answer-length = length must be between { $min } and { $max } characters
common-answer-length-at-least = length must be at least { $min } characters
common-answer-out-of-range = must be between { $min } and { $max }
common-answer-at-most = must be at most { $max }
common-answer-at-least = must be at least { $min }
common-answer-date-out-of-range = date is outside the allowed range

## Why an envelope is held in quarantine (the senim command's `team quarantine`, the
## apps): authentic, but its content could not be applied.

common-quarantine-change-of-another-device = it carries a change made by another device
common-quarantine-change-cannot-apply = it carries a change that cannot be applied
common-quarantine-payload-does-not-open = its payload does not open with its epoch's key
common-quarantine-malformed = its payload or a record's changes are malformed
common-quarantine-refused-shape = it leaves a record in a shape the vault refuses
