-- 0009: the notes by the length of their sealed document, for the decoy's mirror
-- (`mirror.rs`), which grows the decoy note nearest in length to each real edit: with
-- every page encrypted, finding it by reading every note's row decrypted the whole
-- table at each edit (33 ms an edit at 10,000 notes, `bench/peer`). In every vault
-- (the decoy is a vault), inside the encrypted pages; the lengths are the sealed
-- documents', which the pages hold anyway.
CREATE INDEX records_note_length ON records (length(doc), seq) WHERE kind = 'note';
