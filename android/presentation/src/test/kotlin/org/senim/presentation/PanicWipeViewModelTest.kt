package org.senim.presentation

import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.test.runTest
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.senim.core.ErrorKind
import org.senim.core.WipeDeviceSecret

@OptIn(ExperimentalCoroutinesApi::class)
class PanicWipeViewModelTest {
    @Test
    fun `nothing is wiped until the word is typed, and a wrong word does nothing`() = runTest {
        val port = FakePanicWipe()
        val vm = PanicWipeViewModel(port, this)
        assertEquals(PanicWipeState.Idle, vm.state.value)
        assertNull(vm.confirm(), "not without the confirmation step")

        assertTrue(vm.start())
        assertEquals(PanicWipeState.Confirming(""), vm.state.value)
        for (wrong in listOf("", "WIP", "WIPE IT", "wipe!", "ВАЙП", "delete")) {
            vm.type(wrong)
            assertFalse((vm.state.value as PanicWipeState.Confirming).canConfirm, wrong)
            assertNull(vm.confirm(), "'$wrong' does nothing")
        }
        assertTrue(port.calls.isEmpty(), "the port was never called")

        // Cancelling goes back; nothing typed survives into the next attempt.
        vm.type("WIPE")
        vm.cancel()
        assertEquals(PanicWipeState.Idle, vm.state.value)
        assertNull(vm.confirm())
        assertTrue(vm.start())
        assertEquals(PanicWipeState.Confirming(""), vm.state.value)
        assertTrue(port.calls.isEmpty())
    }

    @Test
    fun `the typed word wipes once, and the facts come from the core's summary`() = runTest {
        val port = FakePanicWipe().apply { gate = CompletableDeferred() }
        val vm = PanicWipeViewModel(port, this)
        vm.start()
        vm.type(" wipe ") // any case, spaces around it ignored
        assertTrue((vm.state.value as PanicWipeState.Confirming).canConfirm)
        val job = vm.confirm()!!
        testScheduler.runCurrent()
        assertEquals(PanicWipeState.Wiping, vm.state.value)
        assertNull(vm.confirm(), "no second wipe while one runs")
        assertFalse(vm.start())
        vm.cancel()
        assertEquals(PanicWipeState.Wiping, vm.state.value, "a running wipe cannot be cancelled")

        port.gate!!.complete(Unit)
        job.join()
        val done = vm.state.value as PanicWipeState.Done
        assertTrue(done.facts.keysDestroyed)
        assertEquals(3, done.facts.filesRemoved)
        assertEquals(WipeDeviceSecret.Deleted, done.facts.deviceSecret)
        assertFalse(done.facts.secretLeft)
        assertFalse(done.facts.nothingFound)
        assertEquals(listOf("wipe"), port.calls)
        assertFalse(vm.start(), "nothing more once done")
    }

    @Test
    fun `a wipe that did not finish says whether the keys are gone, and tries again by the directory`() = runTest {
        val port = FakePanicWipe().apply {
            failures += wipeIncomplete(keysDestroyed = true)
            failures += wipeIncomplete(keysDestroyed = false)
        }
        val vm = PanicWipeViewModel(port, this)
        vm.start()
        vm.type("WIPE")
        vm.confirm()!!.join()
        val first = vm.state.value as PanicWipeState.Failed
        assertEquals(ErrorKind.STORAGE, first.error.kind)
        assertTrue(first.keysDestroyed, first.error.reason)
        assertTrue(first.summary.contains("nothing left on this phone can be read"), first.summary)
        assertTrue(first.error.message.startsWith("The phone's storage failed."), first.error.message)
        assertFalse(vm.start(), "no new confirmation: only a retry")
        vm.cancel()
        assertTrue(vm.state.value is PanicWipeState.Failed, "the failure stays until the wipe is done")

        vm.retry()!!.join()
        val second = vm.state.value as PanicWipeState.Failed
        assertFalse(second.keysDestroyed, second.error.reason)
        assertTrue(second.summary.contains("may still be readable"), second.summary)

        vm.retry()!!.join()
        val done = vm.state.value as PanicWipeState.Done
        assertTrue(done.facts.keysDestroyed)
        assertEquals(listOf("wipe", "again", "again"), port.calls, "retries go by the directory")
        assertNull(vm.retry())
    }

    @Test
    fun `other failures never claim the keys are gone`() = runTest {
        val port = FakePanicWipe().apply { failures += failed(ErrorKind.INTERNAL, "the app's callback failed: x") }
        val vm = PanicWipeViewModel(port, this)
        vm.start()
        vm.type("WIPE")
        vm.confirm()!!.join()
        val failed = vm.state.value as PanicWipeState.Failed
        assertEquals(ErrorKind.INTERNAL, failed.error.kind)
        assertFalse(failed.keysDestroyed)
        // The core's phrase counts only in its own kind.
        assertFalse(PanicWipeViewModel.keysDestroyed(UiError(ErrorKind.INTERNAL, "the key material was destroyed")))
    }

    @Test
    fun `a vault object wiped already is wiped by its directory, and an empty directory is done`() = runTest {
        val port = FakePanicWipe()
        port.wipe() // an earlier wipe of the same object
        val vm = PanicWipeViewModel(port, this)
        vm.start()
        vm.type("WIPE")
        vm.confirm()!!.join()
        val done = vm.state.value as PanicWipeState.Done
        assertTrue(done.facts.nothingFound, "${done.facts}")
        assertEquals(0, done.facts.filesRemoved)
        assertEquals(listOf("wipe", "wipe", "again"), port.calls)
    }
}
