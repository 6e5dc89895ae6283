package org.senim.core

import java.nio.file.Files
import java.nio.file.Path
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.senim.presentation.Clock
import org.senim.presentation.InterviewViewModel
import org.senim.presentation.NoteEditorViewModel
import org.senim.presentation.RecordsViewModel
import org.senim.presentation.SyncStatus
import org.senim.presentation.SyncViewModel
import org.senim.presentation.UnlockViewModel
import org.senim.presentation.VaultPorts
import org.senim.presentation.WizardScreen

/**
 * The presentation layer's view models on the real library through [VaultPorts]: what the
 * app's screens do, with the core's own validation, consent rules and skip logic. One vault.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PresentationOnLibraryTest {
    private lateinit var root: Path
    private lateinit var vault: SenimVault
    private lateinit var ports: VaultPorts
    private val code = "2580 steppe"

    @BeforeAll
    fun setUp() = runBlocking {
        Native.ensureLoaded()
        root = Files.createTempDirectory("senim-presentation")
        vault = SenimVault.create(root.resolve("vault").toString(), passcode(code), MemoryKeyStore())
        ports = VaultPorts(vault, JavaHttpTransport())
    }

    @AfterAll
    fun clean() {
        if (::vault.isInitialized) vault.close()
        root.toFile().deleteRecursively()
    }

    @Test
    fun `unlock screen - wrong passcode counted by the vault, the right one unlocks, background locks`() = runBlocking {
        vault.lock()
        val vm = UnlockViewModel(ports, this, Dispatchers.IO, Clock.MONOTONIC)
        vm.refresh().join()
        assertFalse(vm.state.value.unlocked)

        "2580 taiga".forEach(vm::type)
        vm.submit()!!.join()
        assertInstanceOf(SenimException.WrongPasscode::class.java, vm.state.value.error?.failure)
        assertEquals(1, vm.state.value.failedAttempts)

        code.forEach(vm::type)
        vm.submit()!!.join()
        assertTrue(vm.state.value.unlocked)
        assertTrue(vault.isUnlocked())
        assertEquals(0, vm.state.value.failedAttempts)

        vm.onBackground().join()
        assertFalse(vault.isUnlocked())
        vault.unlock(passcode(code))
    }

    @Test
    fun `note editor shows the core's validation, saves, and the records screen lists and finds it`(): Unit = runBlocking {
        if (!vault.isUnlocked()) vault.unlock(passcode(code))
        val editor = NoteEditorViewModel(ports, this, Dispatchers.IO)
        editor.new()
        editor.setText(" ")
        editor.save()!!.join()
        val validation = editor.state.value.validation
        assertTrue(validation != null && validation.contains("text"), "$validation")
        assertNull(editor.state.value.id)

        editor.setText("Young woman at Sayran station, recruiter offered a cafe job in Dubai")
        editor.setPlace("Sayran bus station")
        editor.addTag("transport")
        editor.save()!!.join()
        val id = editor.state.value.id!!
        assertTrue(editor.state.value.saved)

        editor.edit(id).join()
        editor.setText("Young woman at Sayran station, recruiter offered a cafe job in Dubai; took her number")
        editor.save()!!.join()
        assertEquals(listOf("text"), editor.state.value.changed)

        val records = RecordsViewModel(ports, this, Dispatchers.IO, debounceMillis = 0)
        records.refresh().join()
        assertTrue(records.state.value.records.any { it.id == id })
        records.onQueryChanged("dubai recruit").join()
        assertEquals(listOf(id), records.state.value.records.map { it.id })
        records.onQueryChanged("...").join()
        assertInstanceOf(SenimException.InvalidInput::class.java, records.state.value.error?.failure)
    }

    @Test
    fun `interview wizard on the bundled form - consent gate, skip logic, language switch, result and services`() = runBlocking {
        if (!vault.isUnlocked()) vault.unlock(passcode(code))
        val vm = InterviewViewModel(ports, this, Dispatchers.IO, recordedBy = "worker 1", region = "almaty")
        vm.load()!!.join()
        val picker = vm.state.value.screen as WizardScreen.Language
        assertTrue(picker.form.languages.containsAll(listOf("en", "ru", "kk")))
        vm.chooseLanguage("en")
        vm.begin()!!.join()

        vm.toggleScope(ConsentScope.SCREENING)
        vm.giveConsent()!!.join()
        assertInstanceOf(SenimException.ConsentRequired::class.java, vm.state.value.error?.failure, "the core refuses to start without screening consent")
        assertTrue(vm.state.value.screen is WizardScreen.Consent)
        vm.toggleScope(ConsentScope.SCREENING)
        vm.toggleScope(ConsentScope.REFERRAL)
        vm.giveConsent()!!.join()

        fun asking() = vm.state.value.screen as WizardScreen.Asking
        // Form version 2 opens with the safe-to-talk question, then the safety questions.
        assertEquals("safe_to_talk", asking().question.id)
        vm.answer(AnswerValue.Yes)!!.join()
        repeat(3) { vm.answer(AnswerValue.No)!!.join() }
        assertEquals("sector", asking().question.id)
        vm.skip()!!.join()
        assertEquals("age_group", asking().question.id)
        assertFalse(asking().canSkip)
        vm.answer(AnswerValue.Choice("age_25_34"))!!.join()
        vm.answer(AnswerValue.Country("TJ"))!!.join()
        val total = asking().question.total
        vm.answer(AnswerValue.Yes)!!.join() // a job abroad found online
        assertEquals(total + 5u, asking().question.total, "the online-scam questions joined the interview")

        vm.chooseLanguage("ru")!!.join()
        assertEquals("ru", vm.state.value.language)
        assertEquals("ru", asking().question.label.language)

        // Everything else "no", then "yes" to the online-scam questions: indicators raised.
        while (vm.state.value.screen is WizardScreen.Asking) {
            val q = asking().question
            val answer = when {
                q.id.startsWith("scam_") -> AnswerValue.Yes
                q.kind == QuestionKind.YES_NO -> AnswerValue.No
                q.kind == QuestionKind.MULTIPLE_CHOICE -> AnswerValue.Choices(listOf("shelter"))
                else -> AnswerValue.Declined
            }
            vm.answer(answer)!!.join()
            assertNull(vm.state.value.error, "${q.id}: ${vm.state.value.error}")
        }
        assertNull(vm.state.value.emergency, "no danger was raised")
        val review = vm.state.value.screen as WizardScreen.Review
        assertTrue(review.canFinish)
        vm.finish()!!.join()
        val result = vm.state.value.screen as WizardScreen.Result
        assertTrue(result.assessment.level == RiskLevel.POSSIBLE || result.assessment.level == RiskLevel.LIKELY, "${result.assessment.level}")
        assertTrue(result.assessment.indicators.any { it.id == "CD.documents_confiscated" })
        assertEquals("ru", result.assessment.headline.language)
        assertTrue(result.services.isNotEmpty())

        vm.refer(result.services.first().service, "the person agreed")!!.join()
        val referral = (vm.state.value.screen as WizardScreen.Result).referred[result.services.first().service]
        assertEquals(RecordKind.REFERRAL, vault.record(referral!!).kind)
    }

    @Test
    fun `sync status - a vault in no team fails with Membership, and offers the team screen`() = runBlocking {
        if (!vault.isUnlocked()) vault.unlock(passcode(code))
        val vm = SyncViewModel(ports, this, Dispatchers.IO)
        vm.sync()!!.join()
        val status = vm.state.value.status
        assertTrue(status is SyncStatus.Failed && status.error.failure is SenimException.Membership, "$status")
        assertTrue((status as SyncStatus.Failed).error.teamProblem)
    }
}
