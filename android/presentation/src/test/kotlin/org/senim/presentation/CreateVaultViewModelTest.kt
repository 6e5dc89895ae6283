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
import org.senim.core.PasscodeProblem
import org.senim.core.SenimException

@OptIn(ExperimentalCoroutinesApi::class)
class CreateVaultViewModelTest {
    private fun CreateVaultViewModel.enter(passcode: String, again: String = passcode) {
        passcode.forEach(::type)
        again.forEach(::typeConfirmation)
    }

    @Test
    fun `the strength follows the passcode as it is typed and never holds it`() = runTest {
        val creation = FakeVaultCreation()
        val vm = CreateVaultViewModel(creation, this)
        assertNull(vm.state.value.strength, "nothing typed, no estimate")
        "kes".forEach(vm::type)
        assertEquals(1, vm.state.value.strength!!.score.toInt())
        assertEquals(PasscodeProblem.TOO_WEAK, vm.state.value.strength!!.problem)
        assertEquals("common-passcode-advice-add-another-word", vm.state.value.strength!!.adviceKey)
        "trel 4711".forEach(vm::type)
        assertEquals(4, vm.state.value.strength!!.score.toInt())
        assertNull(vm.state.value.strength!!.problem)
        vm.erase()
        assertEquals(3, vm.state.value.strength!!.score.toInt())
        "x".forEach(vm::typeConfirmation)
        assertEquals(3, vm.state.value.strength!!.score.toInt(), "the confirmation is not estimated")
        assertFalse(vm.state.value.toString().contains("kestrel"))
        assertEquals(13, creation.estimated.size)
        assertTrue(creation.estimated.all { a -> a.all { it == 0.toByte() } }, "every estimated copy is wiped")
        vm.clear()
        assertNull(vm.state.value.strength)
    }

    @Test
    fun `a passcode the core refuses as weak says why`() = runTest {
        val creation = FakeVaultCreation()
        creation.failure = SenimException.WeakPasscode(PasscodeProblem.COMMON)
        val vm = CreateVaultViewModel(creation, this)
        vm.enter("iloveyou2")
        vm.submit()!!.join()
        assertEquals(
            "This passcode is one of the most common ones: choose one nobody would guess.",
            vm.state.value.error!!.message,
        )
        assertTrue(creation.made.isEmpty())
    }

    @Test
    fun `two different passcodes are refused, both fields emptied, nothing created`() = runTest {
        val creation = FakeVaultCreation()
        val vm = CreateVaultViewModel(creation, this)
        assertFalse(vm.state.value.canSubmit, "nothing typed")
        vm.enter("steppe-2580", "steppe-2508")
        assertEquals(11, vm.state.value.entered)
        assertEquals(11, vm.state.value.confirmed)
        assertFalse(vm.state.value.toString().contains("steppe"), "only lengths are in the state")

        assertNull(vm.submit())
        assertTrue(vm.state.value.mismatch)
        assertEquals(0, vm.state.value.entered)
        assertEquals(0, vm.state.value.confirmed)
        assertTrue(creation.received.isEmpty())

        "s".forEach(vm::type)
        assertFalse(vm.state.value.mismatch, "typing again clears the message")
    }

    @Test
    fun `a passcode shorter than six characters is refused before any KDF`() = runTest {
        val creation = FakeVaultCreation()
        val vm = CreateVaultViewModel(creation, this)
        vm.enter("47111")
        assertNull(vm.submit())
        assertTrue(vm.state.value.tooShort)
        assertFalse(vm.state.value.mismatch)
        assertEquals(0, vm.state.value.entered)
        // Characters as the core counts them: three emoji are six UTF-16 units but three characters.
        vm.enter("\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00")
        assertEquals(6, vm.state.value.entered)
        assertNull(vm.submit())
        assertTrue(vm.state.value.tooShort)
        assertTrue(creation.received.isEmpty(), "the core was never asked")

        // Six Cyrillic letters are six characters (twelve bytes): accepted.
        vm.enter("пароль")
        assertFalse(vm.state.value.tooShort, "typing clears the message")
        vm.submit()!!.join()
        assertEquals(listOf("real"), creation.made)
        assertEquals(listOf("пароль"), creation.passcodes)
        assertTrue(creation.received.single().all { it == 0.toByte() }, "the passcode bytes were wiped after the call")
        assertTrue(vm.state.value.created)
        assertFalse(vm.state.value.working)
        assertNull(vm.submit(), "nothing more once created")
    }

    @Test
    fun `a demo vault needs no passcode, wipes what was typed, and uses the demo seed`() = runTest {
        val creation = FakeVaultCreation().apply { gate = CompletableDeferred() }
        val vm = CreateVaultViewModel(creation, this)
        assertTrue(vm.state.value.canCreateDemo)
        vm.enter("half-typed")
        val job = vm.createDemo()!!
        testScheduler.runCurrent()
        assertTrue(vm.state.value.working)
        assertTrue(vm.state.value.creatingDemo)
        assertEquals(0, vm.state.value.entered)
        assertEquals(0, vm.state.value.confirmed)
        assertNull(vm.createDemo(), "no second vault while one is made")
        "x".forEach(vm::type)
        assertEquals(0, vm.state.value.entered, "typing is ignored while it is made")

        creation.gate!!.complete(Unit)
        job.join()
        assertEquals(listOf("demo seed=1 records=200"), creation.made)
        assertTrue(creation.received.isEmpty(), "no passcode was handed over")
        assertTrue(vm.state.value.created)
        assertFalse(vm.state.value.canCreateDemo)

        val sized = FakeVaultCreation()
        CreateVaultViewModel(sized, this, demoSeed = 7u, demoRecords = 40u).createDemo()!!.join()
        assertEquals(listOf("demo seed=7 records=40"), sized.made)
    }

    @Test
    fun `a failed creation is shown, and the worker can try again either way`() = runTest {
        val creation = FakeVaultCreation().apply { failure = SenimException.KeyStore("keystore hardware unavailable") }
        val vm = CreateVaultViewModel(creation, this)
        vm.enter("steppe-2580")
        vm.submit()!!.join()
        assertInstanceOf(SenimException.KeyStore::class.java, vm.state.value.error?.failure)
        assertFalse(vm.state.value.working)
        assertFalse(vm.state.value.created)
        assertTrue(creation.received.single().all { it == 0.toByte() }, "wiped on failure too")

        creation.failure = SenimException.Storage("disk full")
        vm.createDemo()!!.join()
        assertInstanceOf(SenimException.Storage::class.java, vm.state.value.error?.failure)
        assertFalse(vm.state.value.creatingDemo)

        vm.createDemo()!!.join()
        assertNull(vm.state.value.error)
        assertTrue(vm.state.value.created)
        assertEquals(listOf("demo seed=1 records=200"), creation.made)
    }
}
