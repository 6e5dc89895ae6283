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
