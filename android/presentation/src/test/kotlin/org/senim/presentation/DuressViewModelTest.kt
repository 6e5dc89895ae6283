package org.senim.presentation

import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.test.UnconfinedTestDispatcher
import kotlinx.coroutines.test.runTest
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.senim.core.DuressChoice
import org.senim.core.SenimException

@OptIn(ExperimentalCoroutinesApi::class)
class DuressViewModelTest {
    private fun DuressViewModel.enter(current: String, duress: String, again: String = duress) {
        current.forEach(::typeCurrent)
        duress.forEach(::typeDuress)
        again.forEach(::typeConfirmation)
    }

    @Test
    fun `a demo vault is offered no duress passcode, and nothing reaches the vault`() = runTest {
        val setup = FakeDuressSetup("senim-demo", demo = true)
        val vm = DuressViewModel(setup, this, UnconfinedTestDispatcher(testScheduler))
        vm.refresh().join()
        assertFalse(vm.state.value.offered)
        vm.enter("senim-demo", "duress-2580")
        vm.choose(DuressChoice.DESTROY)
        assertFalse(vm.state.value.canSubmit)
        assertNull(vm.submit())
        assertTrue(setup.received.isEmpty())
    }

    @Test
    fun `the form refuses before any KDF, then sets the passcode and wipes every buffer`() = runTest {
        val setup = FakeDuressSetup("steppe-2580").apply { gate = CompletableDeferred() }
        val vm = DuressViewModel(setup, this, UnconfinedTestDispatcher(testScheduler))
        vm.refresh().join()
        assertTrue(vm.state.value.offered)

        vm.enter("steppe-2580", "taiga-1234")
        assertFalse(vm.state.value.canSubmit, "a mode is chosen, never defaulted")
        vm.choose(DuressChoice.HIDE)
        assertTrue(vm.state.value.canSubmit)
        assertFalse(vm.state.value.toString().contains("taiga"), "only lengths are in the state")

        // Too short (characters as the core counts them: three emoji are three).
        repeat(10) { vm.eraseDuress(); vm.eraseConfirmation() }
        vm.enter("", "\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00")
        assertNull(vm.submit())
        assertEquals(DuressProblem.TOO_SHORT, vm.state.value.problem)
        assertEquals(0, vm.state.value.duress)
        assertEquals(0, vm.state.value.confirmed)
        assertEquals(11, vm.state.value.current, "the current passcode is kept")

        vm.enter("", "taiga-1234", "taiga-1243")
        assertNull(vm.state.value.problem, "typing clears the message")
        assertNull(vm.submit())
        assertEquals(DuressProblem.MISMATCH, vm.state.value.problem)

        vm.enter("", "steppe-2580")
        assertNull(vm.submit())
        assertEquals(DuressProblem.SAME_AS_PASSCODE, vm.state.value.problem)
        assertTrue(setup.received.isEmpty(), "the core was never asked")

        vm.enter("", "taiga-1234")
        val job = vm.submit()!!
        testScheduler.runCurrent()
        assertTrue(vm.state.value.working)
        assertEquals(0, vm.state.value.current, "every field is emptied once handed over")
        assertEquals(0, vm.state.value.duress)
        assertNull(vm.submit())
        setup.gate!!.complete(Unit)
        job.join()
        assertEquals(DuressChoice.HIDE, vm.state.value.done)
        assertEquals(listOf("taiga-1234" to DuressChoice.HIDE), setup.set)
        assertEquals(2, setup.received.size)
        assertTrue(setup.received.all { bytes -> bytes.all { it == 0.toByte() } }, "both passcodes were wiped after the call")
    }

    @Test
    fun `a wrong current passcode is the core's error, shown through UiError`() = runTest {
        val setup = FakeDuressSetup("steppe-2580")
        val vm = DuressViewModel(setup, this, UnconfinedTestDispatcher(testScheduler))
        vm.refresh().join()
        vm.enter("steppe-0000", "taiga-1234")
        vm.choose(DuressChoice.DESTROY)
        vm.submit()!!.join()
        assertInstanceOf(SenimException.WrongPasscode::class.java, vm.state.value.error?.failure)
        assertTrue(vm.state.value.error!!.message.startsWith("Wrong passcode."))
        assertNull(vm.state.value.done)
        assertTrue(setup.received.all { bytes -> bytes.all { it == 0.toByte() } }, "wiped on failure too")
        assertEquals(DuressChoice.DESTROY, vm.state.value.mode, "the choice stays for the next try")
        vm.typeCurrent('s')
        assertNull(vm.state.value.error, "typing clears the message")
    }

    @Test
    fun `each choice has its one-line explanation`() {
        assertTrue(DuressViewModel.explanation(DuressChoice.DESTROY).contains("for good"))
        assertTrue(DuressViewModel.explanation(DuressChoice.HIDE).contains("opens them again"))
    }
}
