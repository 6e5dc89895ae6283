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
import org.senim.core.SenimException

@OptIn(ExperimentalCoroutinesApi::class)
class DemoBannerTest {
    private fun typed(vm: UnlockViewModel, s: String) = s.forEach(vm::type)

    @Test
    fun `a demo vault shows the banner before the unlock, after it, and after every lock`() = runTest {
        val vault = demoVaultLock()
        val vm = UnlockViewModel(vault, this, UnconfinedTestDispatcher(testScheduler), Clock { testScheduler.currentTime })
        assertNull(vm.state.value.banner, "nothing is known before the vault is read")
        vm.refresh().join()
        assertEquals(DemoBanner("DEMO — synthetic training data"), vm.state.value.banner)
        assertFalse(vm.state.value.unlocked)

        // A wrong passcode, typing, erasing: the banner stays.
        typed(vm, "wrong one")
        vm.submit()!!.join()
        assertInstanceOf(SenimException.WrongPasscode::class.java, vm.state.value.error?.failure)
        vm.clear()
        assertEquals(DemoBanner.DEMO_VAULT, vm.state.value.banner)

        typed(vm, DEMO_PASSCODE)
        vm.submit()!!.join()
        assertTrue(vm.state.value.unlocked)
        assertEquals(DemoBanner.DEMO_VAULT, vm.state.value.banner)

        vm.onBackground().join()
        assertFalse(vm.state.value.unlocked)
        assertEquals(DemoBanner.DEMO_VAULT, vm.state.value.banner, "still shown once locked")

        vm.unlockDemo()!!.join()
        assertTrue(vm.state.value.unlocked)
        assertEquals(DemoBanner.DEMO_VAULT, vm.state.value.banner, "and after unlocking again")
        vm.refresh().join()
        assertEquals(DemoBanner.DEMO_VAULT, vm.state.value.banner)
    }

    @Test
    fun `a real vault has no banner, before or after the unlock`() = runTest {
        val vault = FakeVaultLock("4711-kestrel")
        val vm = UnlockViewModel(vault, this, UnconfinedTestDispatcher(testScheduler), Clock { testScheduler.currentTime })
        vm.refresh().join()
        assertFalse(vm.state.value.demo)
        assertNull(vm.state.value.banner)
        typed(vm, "4711-kestrel")
        vm.submit()!!.join()
        assertTrue(vm.state.value.unlocked)
        assertNull(vm.state.value.banner)
        vm.onBackground().join()
        assertNull(vm.state.value.banner)
    }

    @Test
    fun `the demo passcode is offered for a demo vault only, and never tried on a real one`() = runTest {
        val real = FakeVaultLock("4711-kestrel")
        val realVm = UnlockViewModel(real, this, UnconfinedTestDispatcher(testScheduler), Clock { testScheduler.currentTime })
        realVm.refresh().join()
        assertFalse(realVm.state.value.canUnlockDemo)
        assertNull(realVm.unlockDemo())
        assertTrue(real.received.isEmpty(), "no passcode was tried")
        assertEquals(0, real.failures)

        val demo = demoVaultLock()
        val demoVm = UnlockViewModel(demo, this, UnconfinedTestDispatcher(testScheduler), Clock { testScheduler.currentTime })
        demoVm.refresh().join()
        assertTrue(demoVm.state.value.canUnlockDemo)
        typed(demoVm, "abc")
        demoVm.unlockDemo()!!.join()
        assertTrue(demoVm.state.value.unlocked)
        assertEquals(0, demoVm.state.value.entered, "what was typed is dropped")
        assertFalse(demoVm.state.value.canUnlockDemo, "already unlocked")
        assertEquals(DEMO_PASSCODE, String(demo.received.single(), Charsets.UTF_8))
    }
}

@OptIn(ExperimentalCoroutinesApi::class)
class DemoResetViewModelTest {
    @Test
    fun `a real vault is offered no reset, and nothing reaches the vault`() = runTest {
        val vault = FakeDemoReset(demo = false)
        val vm = DemoResetViewModel(vault, this, UnconfinedTestDispatcher(testScheduler))
        vm.refresh().join()
        assertFalse(vm.state.value.offered)
        assertFalse(vm.ask())
        assertFalse(vm.state.value.confirming)
        assertNull(vm.confirm())
        assertEquals(0, vault.resets)
        assertNull(vm.state.value.error)
    }

    @Test
    fun `a demo vault resets only once the worker confirms`() = runTest {
        val vault = FakeDemoReset(demo = true).apply { gate = CompletableDeferred() }
        val vm = DemoResetViewModel(vault, this, UnconfinedTestDispatcher(testScheduler))
        assertNull(vm.confirm(), "not before the vault is read")
        vm.refresh().join()
        assertTrue(vm.state.value.offered)
        assertNull(vm.confirm(), "not without the confirmation step")

        assertTrue(vm.ask())
        assertTrue(vm.state.value.confirming)
        vm.cancel()
        assertFalse(vm.state.value.confirming)
        assertNull(vm.confirm(), "cancelled")
        assertEquals(0, vault.resets)

        assertTrue(vm.ask())
        val job = vm.confirm()!!
        testScheduler.runCurrent()
        assertTrue(vm.state.value.working)
        assertFalse(vm.state.value.confirming)
        assertFalse(vm.ask(), "no second reset while one runs")
        vault.gate!!.complete(Unit)
        job.join()
        assertEquals(1, vault.resets)
        assertFalse(vm.state.value.working)
        assertEquals(demoContents(), vm.state.value.done)
        assertNull(vm.state.value.error)
        vm.dismiss()
        assertNull(vm.state.value.done)
        assertTrue(vm.state.value.offered, "still offered for the next session")
    }

    @Test
    fun `a reset that fails says why, and can be tried again`() = runTest {
        val vault = FakeDemoReset(demo = true).apply { locked = true }
        val vm = DemoResetViewModel(vault, this, UnconfinedTestDispatcher(testScheduler))
        vm.refresh().join()
        vm.ask()
        vm.confirm()!!.join()
        assertInstanceOf(SenimException.Locked::class.java, vm.state.value.error?.failure)
        assertTrue(vm.state.value.error!!.needsUnlock)
        assertNull(vm.state.value.done)

        vault.locked = false
        assertTrue(vm.ask())
        assertNull(vm.state.value.error, "asking again clears the message")
        vm.confirm()!!.join()
        assertEquals(1, vault.resets)
    }
}
