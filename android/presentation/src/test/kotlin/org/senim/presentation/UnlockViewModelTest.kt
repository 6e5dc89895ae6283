package org.senim.presentation

import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.test.TestScope
import kotlinx.coroutines.test.UnconfinedTestDispatcher
import kotlinx.coroutines.test.runTest
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.senim.core.SenimException
import org.senim.core.UpgradeStep

@OptIn(ExperimentalCoroutinesApi::class)
class UnlockViewModelTest {
    private fun typed(vm: UnlockViewModel, s: String) = s.forEach(vm::type)

    /** The scheduler's virtual time, the clock both the view model and the fake vault read. */
    private fun TestScope.clock() = Clock { testScheduler.currentTime }

    private fun TestScope.viewModel(vault: VaultLock) =
        UnlockViewModel(vault, this, UnconfinedTestDispatcher(testScheduler), clock())

    /** Lets [millis] of virtual time pass, running what falls due. */
    private fun TestScope.wait(millis: Long) {
        testScheduler.advanceTimeBy(millis)
        testScheduler.runCurrent()
    }

    @Test
    fun `the right passcode unlocks, only its length is ever in the state`() = runTest {
        val vault = FakeVaultLock("пароль 1")
        val vm = viewModel(vault)
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
        val vault = FakeVaultLock("4711", clock = clock())
        val vm = viewModel(vault)
        for (attempt in 1..3) {
            typed(vm, "0000")
            vm.submit()!!.join()
            val wrong = assertInstanceOf(SenimException.WrongPasscode::class.java, vm.state.value.error?.failure)
            assertEquals(attempt.toUInt(), wrong.failedAttempts)
            assertEquals(attempt, vm.state.value.failedAttempts)
            assertFalse(vm.state.value.unlocked)
            assertEquals(0, vm.state.value.entered, "the field is cleared after each attempt")
        }
        assertEquals("Wrong passcode. 3 failed attempts since the last unlock.", vm.state.value.message)
        typed(vm, "4711")
        assertNull(vm.state.value.error, "typing again clears the message")
        vm.submit()!!.join()
        assertInstanceOf(SenimException.TooManyAttempts::class.java, vm.state.value.error?.failure)
        assertTrue(vm.state.value.error!!.retryable)
        assertEquals(3, vm.state.value.failedAttempts)

        wait(5_000) // the pause has passed
        typed(vm, "4711")
        vm.submit()!!.join()
        assertTrue(vm.state.value.unlocked)
        assertEquals(0, vm.state.value.failedAttempts)
    }

    @Test
    fun `the pause after wrong passcodes counts down each second and offers unlocking again at zero`() = runTest {
        val vault = FakeVaultLock("4711", clock = clock())
        val vm = viewModel(vault)
        repeat(3) {
            typed(vm, "0000")
            vm.submit()!!.join()
        }
        wait(1_000) // a second after the third failure: 4 s of the 5 s pause are left
        typed(vm, "4711")
        vm.submit()!!.join()
        val paused = assertInstanceOf(SenimException.TooManyAttempts::class.java, vm.state.value.error?.failure)
        assertEquals(4uL, paused.retryAfterSeconds)
        assertEquals(4, vm.state.value.retryIn)
        assertEquals("Too many wrong passcodes. Try again in 0:04.", vm.state.value.message)
        typed(vm, "4711")
        assertFalse(vm.state.value.canSubmit, "no attempt while the vault would refuse it")
        assertNull(vm.submit())

        wait(1_000)
        assertEquals(3, vm.state.value.retryIn)
        assertEquals("Too many wrong passcodes. Try again in 0:03.", vm.state.value.message)
        wait(2_500)
        assertEquals(1, vm.state.value.retryIn, "whole seconds, rounded up")
        assertFalse(vm.state.value.canSubmit)
        wait(500)
        assertEquals(0, vm.state.value.retryIn)
        assertNull(vm.state.value.message, "the pause is over: nothing to wait for")
        assertTrue(vm.state.value.canSubmit, "unlocking is offered again at zero")

        vm.submit()!!.join()
        assertTrue(vm.state.value.unlocked, "the vault accepts the attempt the countdown allowed")
        assertEquals(5, vault.received.size, "three wrong, one refused while paused, the right one: none while counting down")
    }

    @Test
    fun `an hour's pause reads in hours, minutes and seconds`() {
        assertEquals("Too many wrong passcodes. Try again in 1:00:00.", UiError.waitMessage(3600))
        assertEquals("Too many wrong passcodes. Try again in 15:00.", UiError.waitMessage(900))
        assertEquals("Too many wrong passcodes. Try again in 0:42.", UiError.waitMessage(42))
    }

    @Test
    fun `refresh shows the count kept by the vault`() = runTest {
        val vault = FakeVaultLock("4711").apply { failures = 2 }
        val vm = viewModel(vault)
        vm.refresh().join()
        assertEquals(2, vm.state.value.failedAttempts)
        assertFalse(vm.state.value.unlocked)
    }

    @Test
    fun `no second attempt while one runs`() = runTest {
        val vault = FakeVaultLock("4711").apply { gate = CompletableDeferred() }
        val vm = viewModel(vault)
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
    fun `the first unlock of a vault from an earlier version says how its upgrade goes, then nothing`() = runTest {
        val vault = FakeVaultLock("4711").apply {
            upgradeSteps = listOf(
                UpgradeStep.EncryptingPages,
                UpgradeStep.Indexing(0u, 40u),
                UpgradeStep.Indexing(40u, 40u),
            )
            upgradeGate = CompletableDeferred()
        }
        val vm = viewModel(vault)
        typed(vm, "4711")
        val job = vm.submit()!!
        testScheduler.runCurrent()
        assertTrue(vm.state.value.working)
        assertEquals(
            Sentence("app-unlock-upgrade-index", "done" to 40L, "total" to 40L),
            vm.state.value.upgradeSentence,
        )
        vault.upgradeGate!!.complete(Unit)
        job.join()
        assertTrue(vm.state.value.unlocked)
        assertNull(vm.state.value.upgrade)
        assertNull(vm.state.value.upgradeSentence)
        assertTrue(vm.state.value.upgraded, "the pages were encrypted: the app advises the duress passcode again")
        vm.onBackground().join()
        assertFalse(vm.state.value.upgraded, "not said again at the next unlock")
    }

    @Test
    fun `an unlock that only indexes is not an upgrade of the pages`() = runTest {
        val vault = FakeVaultLock("4711").apply { upgradeSteps = listOf(UpgradeStep.Indexing(0u, 3u), UpgradeStep.Indexing(3u, 3u)) }
        val vm = viewModel(vault)
        typed(vm, "4711")
        vm.submit()!!.join()
        assertTrue(vm.state.value.unlocked)
        assertFalse(vm.state.value.upgraded)
    }

    @Test
    fun `an up-to-date vault's unlock says nothing of an upgrade`() = runTest {
        val vm = viewModel(FakeVaultLock("4711"))
        typed(vm, "4711")
        vm.submit()!!.join()
        assertTrue(vm.state.value.unlocked)
        assertNull(vm.state.value.upgradeSentence)
        assertFalse(vm.state.value.upgraded)
        assertEquals(
            Sentence("app-unlock-upgrade-pages"),
            vm.state.value.copy(upgrade = UpgradeStep.EncryptingPages).upgradeSentence,
        )
    }

    @Test
    fun `going to the background locks and forgets what was typed`() = runTest {
        val vault = FakeVaultLock("4711")
        val vm = viewModel(vault)
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
        val vm = viewModel(vault)
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
    fun `an unlock the team's policy answers with Wiped ends in the wiped state, not an error`() = runTest {
        val vault = FakeVaultLock("4711-kestrel", wipeAfterFailures = 2)
        val vm = viewModel(vault)
        vm.refresh().join()
        typed(vm, "0000-wrong")
        vm.submit()!!.join()
        assertInstanceOf(SenimException.WrongPasscode::class.java, vm.state.value.error?.failure)
        assertNull(vm.state.value.wiped)

        typed(vm, "0000-wrong")
        vm.submit()!!.join()
        val wiped = vm.state.value.wiped
        assertInstanceOf(SenimException.Wiped::class.java, wiped?.failure)
        assertTrue(wiped!!.message.startsWith("This phone's vault was wiped, as the team's policy requires"), wiped.message)
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
