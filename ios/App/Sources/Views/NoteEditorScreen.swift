import SenimCore
import SwiftUI

/// A new note or an existing one: text, place, tags. The core validates on save.
struct NoteEditorScreen: View {
    @Bindable var model: NoteEditorModel
    let onClose: () -> Void
    @State private var tag = ""

    var body: some View {
        Form {
            if model.loading {
                ProgressView()
            } else {
                Section("What happened") {
                    TextEditor(text: $model.text).frame(minHeight: 160)
                }
                Section("Place (a label, not an address)") {
                    TextField("Place", text: $model.place)
                }
                Section("Tags") {
                    ForEach(model.tags, id: \.self) { t in
                        HStack {
                            Text("#\(t)")
                            Spacer()
                            Button("Remove", role: .destructive) { model.removeTag(t) }.buttonStyle(.borderless)
                        }
                    }
                    HStack {
                        TextField("Tag", text: $tag).onSubmit(addTag)
                        Button("Add", action: addTag).disabled(tag.trimmingCharacters(in: .whitespaces).isEmpty)
                    }
                }
                if let at = model.at {
                    Text("Contact: \(at.short)").font(.footnote)
                }
                if let validation = model.validation {
                    Text(validation).foregroundStyle(.red)
                }
                ErrorText(error: model.error)
                if model.saved {
                    Text(model.changed.isEmpty ? "Saved." : "Saved (\(model.changed.joined(separator: ", "))).").font(.footnote)
                }
            }
        }
        .navigationTitle(model.id == nil ? "New note" : "Note")
        .toolbar {
            ToolbarItem(placement: .cancellationAction) { Button("Close", action: onClose) }
            ToolbarItem(placement: .confirmationAction) {
                Button(model.saving ? "Saving…" : "Save") { Task { await model.save() } }
                    .disabled(!model.canSave)
            }
        }
    }

    private func addTag() {
        model.addTag(tag)
        tag = ""
    }
}
