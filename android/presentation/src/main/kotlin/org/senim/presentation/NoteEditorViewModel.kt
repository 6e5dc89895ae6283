package org.senim.presentation

import java.time.Instant
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import org.senim.core.Note
import org.senim.core.SenimException

/**
 * The note editor, for a new note or an existing one. Validation is the core's: what it
 * refuses comes back as [validation] (a sentence naming the field, from
 * `SenimException.InvalidInput`), any other failure as [error].
 */
data class NoteEditorState(
    /** None for a new note; set once it is saved. */
    val id: String? = null,
    val text: String = "",
    val place: String = "",
    val tags: List<String> = emptyList(),
    val at: Instant? = null,
    val subject: String? = null,
    val loading: Boolean = false,
    val saving: Boolean = false,
    /** The last save went through: for a new note, the editor now edits it. */
    val saved: Boolean = false,
    /** Fields the last save changed (an edit that changed nothing saves nothing). */
    val changed: List<String> = emptyList(),
    /** The core refused the note as it is (InvalidInput): what to check, shown at the form. */
    val validation: String? = null,
    /** The core's name of the field it refused (`text`, `place`, `tags` …), to mark it. */
    val invalidField: String? = null,
    val error: UiError? = null,
) {
    /** [validation] as a sentence of the catalog, for the screen's language. */
    val validationSentence: Sentence?
        get() = validation?.let { UiError.fieldSentence(invalidField ?: "") }

    val canSave: Boolean get() = !saving && !loading
}

class NoteEditorViewModel(
    private val notes: NoteStore,
    private val scope: CoroutineScope,
    private val io: CoroutineDispatcher,
    private val now: () -> Instant = Instant::now,
) {
    private val _state = MutableStateFlow(NoteEditorState())
    val state: StateFlow<NoteEditorState> = _state.asStateFlow()

    /** Starts a new note, about the subject record `subject` when given. */
    fun new(subject: String? = null) {
        _state.value = NoteEditorState(subject = subject)
    }

    /** Loads an existing note to edit. */
    fun edit(id: String): Job {
        _state.value = NoteEditorState(id = id, loading = true)
        return scope.launch {
            try {
                val note = withContext(io) { notes.note(id) }
                _state.value = NoteEditorState(
                    id = id, text = note.text, place = note.place.orEmpty(), tags = note.tags, at = note.at, subject = note.subject,
                )
            } catch (e: Exception) {
                _state.update { it.copy(loading = false, error = UiError.of(e)) }
            }
        }
    }

    fun setText(text: String) = _state.update { it.copy(text = text, saved = false, validation = null, invalidField = null) }

    fun setPlace(place: String) = _state.update { it.copy(place = place, saved = false, validation = null, invalidField = null) }

    fun addTag(tag: String) {
        val t = tag.trim()
        if (t.isEmpty()) return
        _state.update { if (t in it.tags) it else it.copy(tags = it.tags + t, saved = false, validation = null, invalidField = null) }
    }

    fun removeTag(tag: String) = _state.update { it.copy(tags = it.tags - tag, saved = false, validation = null, invalidField = null) }

    fun save(): Job? {
        val s = _state.value
        if (!s.canSave) return null
        val note = Note(s.text, s.place.trim().ifEmpty { null }, s.tags, s.at ?: now(), s.subject)
        _state.update { it.copy(saving = true, validation = null, invalidField = null, error = null) }
        return scope.launch {
            try {
                val id = s.id
                if (id == null) {
                    val created = withContext(io) { notes.add(note) }
                    _state.update { it.copy(id = created, at = note.at, saving = false, saved = true, changed = emptyList()) }
                } else {
                    val changed = withContext(io) { notes.edit(id, note) }
                    _state.update { it.copy(at = note.at, saving = false, saved = true, changed = changed) }
                }
            } catch (e: Exception) {
                val error = UiError.of(e)
                _state.update {
                    val failure = error.failure
                    if (failure is SenimException.InvalidInput) {
                        it.copy(saving = false, validation = error.message, invalidField = failure.field)
                    } else {
                        it.copy(saving = false, error = error)
                    }
                }
            }
        }
    }
}
