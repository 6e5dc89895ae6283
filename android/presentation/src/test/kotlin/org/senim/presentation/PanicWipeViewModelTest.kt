package org.senim.presentation

import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.test.runTest
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.senim.core.SenimException
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
        assertInstanceOf(SenimException.WipeIncomplete::class.java, first.error.failure)
        assertTrue(first.keysDestroyed, first.summary)
        assertTrue(first.summary.contains("nothing left on this phone can be read"), first.summary)
        assertEquals(first.error.message, first.summary, "one sentence, said once")
        assertFalse(vm.start(), "no new confirmation: only a retry")
        vm.cancel()
        assertTrue(vm.state.value is PanicWipeState.Failed, "the failure stays until the wipe is done")

        vm.retry()!!.join()
        val second = vm.state.value as PanicWipeState.Failed
        assertFalse(second.keysDestroyed, second.summary)
        assertTrue(second.summary.contains("may still be readable"), second.summary)

        vm.retry()!!.join()
        val done = vm.state.value as PanicWipeState.Done
        assertTrue(done.facts.keysDestroyed)
        assertEquals(listOf("wipe", "again", "again"), port.calls, "retries go by the directory")
        assertNull(vm.retry())
    }

    @Test
    fun `other failures never claim the keys are gone`() = runTest {
        val port = FakePanicWipe().apply { failures += SenimException.Internal("the app's callback failed: x") }
        val vm = PanicWipeViewModel(port, this)
        vm.start()
        vm.type("WIPE")
        vm.confirm()!!.join()
        val failed = vm.state.value as PanicWipeState.Failed
        assertInstanceOf(SenimException.Internal::class.java, failed.error.failure)
        assertFalse(failed.keysDestroyed)
        assertTrue(failed.summary.contains("may still be readable"), failed.summary)
        assertFalse(failed.summary.contains("callback"), "the core's reason is never shown: ${failed.summary}")
        // Only WipeIncomplete's own field says the keys are gone, whatever a reason says.
        assertFalse(PanicWipeViewModel.keysDestroyed(UiError(SenimException.Storage("the key material was destroyed"))))
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
