package org.senim.presentation

import java.time.Instant
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.test.UnconfinedTestDispatcher
import kotlinx.coroutines.test.runTest
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.senim.core.Note
import org.senim.core.SenimException

@OptIn(ExperimentalCoroutinesApi::class)
class NoteEditorViewModelTest {
    private val now = Instant.parse("2026-03-02T09:30:00Z")

    @Test
    fun `a new note is saved with its place, tags and time, then edited`() = runTest {
        val store = FakeNoteStore()
        val vm = NoteEditorViewModel(store, this, UnconfinedTestDispatcher(testScheduler)) { now }
        vm.new()
        vm.setText("Two men from Osh, passports held")
        vm.setPlace("  Site 4 ")
        vm.addTag("construction")
        vm.addTag("construction")
        vm.addTag("  ")
        vm.addTag("osh")
        vm.removeTag("osh")
        vm.save()!!.join()

        val s = vm.state.value
        assertTrue(s.saved)
        assertEquals("n1", s.id)
        assertEquals(Note("Two men from Osh, passports held", "Site 4", listOf("construction"), now, null), store.notes["n1"])

        vm.setText("Two men from Osh, passports held by the foreman")
        assertEquals(false, vm.state.value.saved)
        vm.save()!!.join()
        assertEquals(listOf("text"), vm.state.value.changed)
        assertEquals(1, store.notes.size, "an edit, not a second note")
    }

    @Test
    fun `the core's validation error is shown at the form and nothing is saved`() = runTest {
        val store = FakeNoteStore()
        val vm = NoteEditorViewModel(store, this, UnconfinedTestDispatcher(testScheduler)) { now }
        vm.new()
        vm.setText("   ")
        vm.save()!!.join()
        assertEquals("Please check the note's text.", vm.state.value.validation)
        assertEquals("text", vm.state.value.invalidField)
        assertNull(vm.state.value.error)
        assertNull(vm.state.value.id)
        assertTrue(store.notes.isEmpty())

        vm.setText("Now with words")
        assertNull(vm.state.value.validation, "editing clears the message")
        vm.addTag("x".repeat(40))
        vm.save()!!.join()
        assertEquals("Please check the tags.", vm.state.value.validation)
        assertEquals("tags", vm.state.value.invalidField)
        vm.removeTag("x".repeat(40))
        vm.save()!!.join()
        assertTrue(vm.state.value.saved)
    }

    @Test
    fun `an existing note loads for editing, a missing one is NotFound`() = runTest {
        val store = FakeNoteStore()
        val at = Instant.parse("2026-01-05T12:00:00Z")
        val id = store.add(Note("Met at the market", "Barakholka", listOf("bazaar"), at, "s1"))
        val vm = NoteEditorViewModel(store, this, UnconfinedTestDispatcher(testScheduler)) { now }
        vm.edit(id).join()
        val s = vm.state.value
        assertEquals(listOf("Met at the market", "Barakholka", listOf("bazaar"), at, "s1"), listOf(s.text, s.place, s.tags, s.at, s.subject))

        vm.setPlace("")
        vm.save()!!.join()
        assertEquals(listOf("place"), vm.state.value.changed)
        assertEquals(null, store.notes[id]!!.place, "an emptied place is no place")
        assertEquals(at, store.notes[id]!!.at, "the contact time stays")

        vm.edit("n404").join()
        assertInstanceOf(SenimException.NotFound::class.java, vm.state.value.error?.failure)
    }
}
