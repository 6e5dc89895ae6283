import Foundation
import Observation
import SenimCore

/// The note editor, for a new note or an existing one (the Swift twin of the Android
/// `NoteEditorViewModel`). Validation is the core's: what it refuses comes back as
/// `validation` (its reason names the field, never the value), any other failure as
/// `error`.
@MainActor
@Observable
final class NoteEditorModel {
    /// None for a new note; set once it is saved.
    private(set) var id: String?
    var text = "" { didSet { edited() } }
    var place = "" { didSet { edited() } }
    private(set) var tags: [String] = []
    private(set) var at: Date?
    private(set) var subject: String?
    private(set) var loading = false
    private(set) var saving = false
    /// The last save went through: for a new note, the editor now edits it.
    private(set) var saved = false
    /// Fields the last save changed (an edit that changed nothing saves nothing).
    private(set) var changed: [String] = []
    /// The core refused the note as it is (InvalidInput): what to check, shown at the form.
    private(set) var validation: String?
    /// The core's name of the field it refused (`text`, `place`, `tags` …), to mark it.
    private(set) var invalidField: String?
    private(set) var error: UiError?

    /// `validation` as a sentence of the catalog, for the view's language.
    var validationSentence: Sentence? {
        validation.map { _ in UiError.fieldSentence(invalidField ?? "") }
    }

    var canSave: Bool { !saving && !loading }

    @ObservationIgnored private let vault: SenimVault
    @ObservationIgnored private let now: @Sendable () -> Date

    init(vault: SenimVault, now: @escaping @Sendable () -> Date = { Date() }) {
        self.vault = vault
        self.now = now
    }

    /// Starts a new note, about the subject record `subject` when given.
    func new(subject: String? = nil) {
        reset()
        self.subject = subject
    }

    /// Loads an existing note to edit.
    func edit(id: String) async {
        reset()
        self.id = id
        loading = true
        let vault = self.vault
        do {
            let record = try await offMain { try vault.record(id: id) }
            guard let note = record.note else {
                throw SenimError.InvalidInput(field: "record", reason: "this record is not a note")
            }
            text = note.text
            place = note.place ?? ""
            tags = note.tags
            at = note.at
            subject = note.subject
            saved = false
            loading = false
        } catch {
            loading = false
            self.error = UiError(error)
        }
    }

    func addTag(_ tag: String) {
        let t = tag.trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty, !tags.contains(t) else { return }
        tags.append(t)
        edited()
    }

    func removeTag(_ tag: String) {
        tags.removeAll { $0 == tag }
        edited()
    }

    func save() async {
        guard canSave else { return }
        let trimmedPlace = place.trimmingCharacters(in: .whitespaces)
        let note = Note(text: text, place: trimmedPlace.isEmpty ? nil : trimmedPlace, tags: tags, at: at ?? now(), subject: subject)
        saving = true
        validation = nil
        invalidField = nil
        error = nil
        let vault = self.vault
        do {
            if let id {
                let fields = try await offMain { try vault.editNote(id: id, note: note) }
                changed = fields
            } else {
                let created = try await offMain { try vault.addNote(note: note) }
                id = created
                changed = []
            }
            at = note.at
            saving = false
            saved = true
        } catch {
            let failure = UiError(error)
            saving = false
            if case let .InvalidInput(field, _) = failure.failure {
                validation = failure.message
                invalidField = field
            } else {
                self.error = failure
            }
        }
    }

    private func edited() {
        saved = false
        validation = nil
        invalidField = nil
    }

    private func reset() {
        id = nil
        text = ""
        place = ""
        tags = []
        at = nil
        subject = nil
        loading = false
        saving = false
        saved = false
        changed = []
        validation = nil
        invalidField = nil
        error = nil
    }
}
