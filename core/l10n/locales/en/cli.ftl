### The senim command: prompts, messages and help. Keys start with "cli-".
### The English help texts (cli-about, cli-help-…) are the command's own: a test checks
### that they match what `senim --help` says in English.

## Errors.

cli-error = error
cli-see-help = see --help
cli-unknown-language = unknown language “{ $tag }” in { $source }: choose en, ru or kk (uz, ky and tg are shown in Russian)
cli-error-wrong-passcode = wrong passcode ({ $failures ->
    [one] { $failures } failed attempt
   *[other] { $failures } failed attempts
} since the last unlock)
cli-error-too-many-attempts = too many failed unlock attempts: try again in { $seconds } s
cli-error-no-vault = no vault found at the given location
cli-error-vault-exists = a vault already exists at the given location
cli-error-keystore-required = this vault is bound to a device key store, and none is available
cli-error-device-secret-missing = this device's key store holds no secret for this vault
cli-error-wiped-by-policy = this vault was wiped by the team's policy; nothing of it remains (create a new vault and ask the team's lead to admit it again)
cli-error-damaged = the vault is damaged or was altered: do not write to it, and tell the team's lead
cli-error-passcode-too-short = invalid passcode: must be at least 6 characters
cli-error-passcode-common = invalid passcode: it is one of the most common passcodes; choose one that is harder to guess
cli-error-passcode-repeated-character = invalid passcode: it repeats one character; choose one that is harder to guess
cli-error-passcode-sequence = invalid passcode: it is a run of consecutive characters; choose one that is harder to guess
cli-error-passcode-repeated-group = invalid passcode: it repeats a short group; choose one that is harder to guess
cli-error-passcode-too-guessable = invalid passcode: it is too easy to guess; add words or characters

## Passcodes.

cli-passcode-prompt = Passcode:
cli-passcode-prompt-new = New passcode:
cli-passcode-prompt-repeat = Repeat the new passcode:
cli-passcode-mismatch = the two passcodes do not match
cli-passcode-no-terminal = cannot read a passcode from the terminal: set { $var } to pass it instead
cli-passcode-strength = passcode strength: { $score } of 4 (about 10^{ $guesses } guesses to find it)
cli-passcode-advice = advice: { $advice }

## Records.

cli-records-none = no records
cli-records-more = more: { $command }
cli-warning-damaged = warning: { $count ->
    [one] { $count } record could not be decrypted
   *[other] { $count } records could not be decrypted
} (damaged or altered): { $ids }
cli-column-id = ID
cli-column-kind = KIND
cli-column-time = TIME
cli-column-tags = TAGS
cli-column-summary = SUMMARY
