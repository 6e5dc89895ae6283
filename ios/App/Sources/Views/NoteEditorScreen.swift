import SenimCore
import SwiftUI

/// A new note or an existing one: text, place, tags. The core validates on save.
struct NoteEditorScreen: View {
    @Environment(\.words) private var words
    @Bindable var model: NoteEditorModel
    let onClose: () -> Void
    @State private var tag = ""

    var body: some View {
        Form {
            if model.loading {
                ProgressView()
            } else {
                Section(words.text("app-note-text")) {
                    TextEditor(text: $model.text).frame(minHeight: 160)
                }
                Section(words.text("app-note-place")) {
                    TextField(words.text("app-note-place-short"), text: $model.place)
                }
                Section(words.text("app-note-tags")) {
                    ForEach(model.tags, id: \.self) { t in
                        HStack {
                            Text("#\(t)")
                            Spacer()
                            Button(words.text("app-note-remove-tag"), role: .destructive) { model.removeTag(t) }.buttonStyle(.borderless)
                        }
                    }
                    HStack {
                        TextField(words.text("app-note-tag"), text: $tag).onSubmit(addTag)
                        Button(words.text("app-note-add-tag"), action: addTag).disabled(tag.trimmingCharacters(in: .whitespaces).isEmpty)
                    }
                }
                if let at = model.at {
                    Text(words.format("app-note-contact", ["time": at.short])).font(.footnote)
                }
                if let validation = model.validationSentence {
                    Text(words.say(validation)).foregroundStyle(.red)
                }
                ErrorText(error: model.error)
                if model.saved {
                    Text(model.changed.isEmpty ? words.text("app-note-saved") : words.format("app-note-saved-fields", ["fields": model.changed.map { fieldName($0, words) }.joined(separator: ", ")])).font(.footnote)
                }
            }
        }
        .navigationTitle(model.id == nil ? words.text("app-records-new-note") : words.text("app-note-title"))
        .toolbar {
            ToolbarItem(placement: .cancellationAction) { Button(words.text("app-close"), action: onClose) }
            ToolbarItem(placement: .confirmationAction) {
                Button(model.saving ? words.text("app-note-saving") : words.text("app-note-save")) { Task { await model.save() } }
                    .disabled(!model.canSave)
            }
        }
    }

    private func addTag() {
        model.addTag(tag)
        tag = ""
    }
}

/// A field as the core names it (a note's `text`, `place`, `tags`, `at`; a referral's
/// `status`, a person's `alias`), in the worker's words; any other as the core names it.
func fieldName(_ field: String, _ words: Words) -> String {
    switch field {
    case "text": words.text("app-note-field-text")
    case "place": words.text("app-note-field-place")
    case "tags": words.text("app-note-field-tags")
    case "at": words.text("app-note-field-at")
    case "status": words.text("app-lead-field-status")
    case "alias": words.text("app-lead-field-alias")
    default: field
    }
}
