package org.senim.presentation

import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.test.UnconfinedTestDispatcher
import kotlinx.coroutines.test.runTest
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.senim.core.ErrorKind

@OptIn(ExperimentalCoroutinesApi::class)
class UnlockViewModelTest {
    private fun typed(vm: UnlockViewModel, s: String) = s.forEach(vm::type)

    @Test
    fun `the right passcode unlocks, only its length is ever in the state`() = runTest {
        val vault = FakeVaultLock("пароль 1")
        val vm = UnlockViewModel(vault, this, UnconfinedTestDispatcher(testScheduler))
        assertFalse(vm.state.value.canSubmit, "nothing typed")
        typed(vm, "пароль 12")
        vm.erase()
        assertEquals(8, vm.state.value.entered)
        assertTrue(vm.state.value.canSubmit)
        assertFalse(vm.state.value.toString().contains("пароль"))

        vm.submit()!!.join()
        assertTrue(vm.state.value.unlocked)
        assertEquals(0, vm.state.value.entered)
        assertNull(vm.state.value.error)
        // Sent as UTF-8, then wiped.
        assertEquals(1, vault.received.size)
        assertTrue(vault.received[0].all { it == 0.toByte() }, "the passcode bytes were wiped after the attempt")
    }

    @Test
    fun `wrong passcodes are counted, shown, and paused by the vault`() = runTest {
        val vault = FakeVaultLock("4711")
        val vm = UnlockViewModel(vault, this, UnconfinedTestDispatcher(testScheduler))
        for (attempt in 1..3) {
            typed(vm, "0000")
            vm.submit()!!.join()
            assertEquals(ErrorKind.WRONG_PASSCODE, vm.state.value.error?.kind)
            assertEquals(attempt, vm.state.value.failedAttempts)
            assertFalse(vm.state.value.unlocked)
            assertEquals(0, vm.state.value.entered, "the field is cleared after each attempt")
        }
        typed(vm, "4711")
        assertNull(vm.state.value.error, "typing again clears the message")
        vm.submit()!!.join()
        assertEquals(ErrorKind.TOO_MANY_ATTEMPTS, vm.state.value.error?.kind)
        assertTrue(vm.state.value.error!!.retryable)
        assertEquals(3, vm.state.value.failedAttempts)

        vault.failures = 0 // the pause has passed
        typed(vm, "4711")
        vm.submit()!!.join()
        assertTrue(vm.state.value.unlocked)
        assertEquals(0, vm.state.value.failedAttempts)
    }

    @Test
    fun `refresh shows the count kept by the vault`() = runTest {
        val vault = FakeVaultLock("4711").apply { failures = 2 }
        val vm = UnlockViewModel(vault, this, UnconfinedTestDispatcher(testScheduler))
        vm.refresh().join()
        assertEquals(2, vm.state.value.failedAttempts)
        assertFalse(vm.state.value.unlocked)
    }

    @Test
    fun `no second attempt while one runs`() = runTest {
        val vault = FakeVaultLock("4711").apply { gate = CompletableDeferred() }
        val vm = UnlockViewModel(vault, this, UnconfinedTestDispatcher(testScheduler))
        typed(vm, "4711")
        val job = vm.submit()!!
        testScheduler.runCurrent()
        assertTrue(vm.state.value.working)
        typed(vm, "4711")
        assertEquals(0, vm.state.value.entered, "typing is ignored while the KDF runs")
        assertNull(vm.submit())
        vault.gate!!.complete(Unit)
        job.join()
        assertTrue(vm.state.value.unlocked)
        assertEquals(1, vault.received.size)
    }

    @Test
    fun `going to the background locks and forgets what was typed`() = runTest {
        val vault = FakeVaultLock("4711")
        val vm = UnlockViewModel(vault, this, UnconfinedTestDispatcher(testScheduler))
        typed(vm, "4711")
        vm.submit()!!.join()
        assertTrue(vault.unlocked)

        typed(vm, "12")
        vm.onBackground().join()
        assertFalse(vault.unlocked)
        assertEquals(1, vault.locks)
        assertFalse(vm.state.value.unlocked)
        assertEquals(0, vm.state.value.entered)
    }

    @Test
    fun `going to the background while an unlock runs ends locked`() = runTest {
        val vault = FakeVaultLock("4711").apply { gate = CompletableDeferred() }
        val vm = UnlockViewModel(vault, this, UnconfinedTestDispatcher(testScheduler))
        typed(vm, "4711")
        vm.submit()!!
        testScheduler.runCurrent()
        val background = vm.onBackground()
        testScheduler.runCurrent()
        assertEquals(0, vault.locks, "the lock waits for the running unlock")
        vault.gate!!.complete(Unit)
        background.join()
        assertEquals(1, vault.locks)
        assertFalse(vault.unlocked)
        assertFalse(vm.state.value.unlocked)
        assertFalse(vm.state.value.working)
    }

    @Test
    fun `an unlock the team's policy answers with WIPED ends in the wiped state, not an error`() = runTest {
        val vault = FakeVaultLock("4711-kestrel", wipeAfterFailures = 2)
        val vm = UnlockViewModel(vault, this, UnconfinedTestDispatcher(testScheduler))
        vm.refresh().join()
        typed(vm, "0000-wrong")
        vm.submit()!!.join()
        assertEquals(ErrorKind.WRONG_PASSCODE, vm.state.value.error?.kind)
        assertNull(vm.state.value.wiped)

        typed(vm, "0000-wrong")
        vm.submit()!!.join()
        val wiped = vm.state.value.wiped
        assertEquals(ErrorKind.WIPED, wiped?.kind)
        assertTrue(wiped!!.message.startsWith("This phone's vault was wiped, as the team's policy requires"), wiped.message)
        assertTrue(wiped.message.contains("too many failed unlocks"), wiped.message)
        assertNull(vm.state.value.error, "not an ordinary error")
        assertFalse(vm.state.value.unlocked)
        assertFalse(vm.state.value.working)
        assertEquals(0, vm.state.value.failedAttempts)
        assertTrue(vault.received.all { bytes -> bytes.all { it == 0.toByte() } }, "every passcode was wiped")

        // Nothing more to try on a vault that is gone.
        assertFalse(vm.state.value.canSubmit)
        typed(vm, "4711-kestrel")
        assertEquals(0, vm.state.value.entered, "typing is ignored")
        assertNull(vm.submit())
        assertEquals(2, vault.received.size)
    }
}
