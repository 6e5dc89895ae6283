package org.senim.core

import java.io.File
import java.nio.file.Path
import java.time.Instant
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import org.senim.presentation.Clock
import org.senim.presentation.DuressProblem
import org.senim.presentation.DuressViewModel
import org.senim.presentation.PanicWipeState
import org.senim.presentation.PanicWipeViewModel
import org.senim.presentation.RecordsViewModel
import org.senim.presentation.UnlockViewModel
import org.senim.presentation.VaultPorts

/**
 * The panic wipe and duress screens' view models on the real library, through
 * [VaultPorts] as the app builds them (with the vault's directory and a Kotlin key
 * store). Here rather than beside the fakes in `android/presentation/src/test`: they need
 * this module's test helpers ([MemoryKeyStore], [Native]), which Gradle's
 * `:presentation:test` does not compile.
 */
class SafetyScreensOnLibraryTest {
    companion object {
        @JvmStatic
        @BeforeAll
        fun native() = Native.ensureLoaded()

        const val REAL_NOTE = "Two men from Osh, passports held by the foreman"
    }

    @TempDir
    lateinit var dir: Path

    private fun vaultFiles(path: String): List<String> =
        File(path).listFiles().orEmpty().map { it.name }.filter { it.startsWith("senim") }

    private fun note(text: String) = Note(text, "Site 4", emptyList(), Instant.now(), null)

    @Test
    fun `panic wipe from the unlock screen - no passcode, the word typed, then no vault and no key store secret`(): Unit = runBlocking {
        val keystore = MemoryKeyStore()
        val path = dir.resolve("vault").toString()
        SenimVault.create(path, passcode("correct horse battery"), keystore).use { vault ->
            vault.addNote(note(REAL_NOTE))
            vault.lock()
        }
        SenimVault.open(path, keystore).use { vault ->
            assertFalse(vault.isUnlocked(), "locked, as on the unlock screen")
            assertEquals(1, keystore.labels.size)
            assertTrue(vaultFiles(path).contains("senim.db"))

            val ports = VaultPorts(vault, JavaHttpTransport(), path, keystore)
            val vm = PanicWipeViewModel(ports, this)
            assertTrue(vm.start())
            vm.type("wipe it")
            assertNull(vm.confirm(), "a wrong word does nothing")
            assertTrue(vaultFiles(path).contains("senim.db"))

            vm.type("WIPE")
            vm.confirm()!!.join()
            val done = vm.state.value as PanicWipeState.Done
            assertTrue(done.facts.keysDestroyed)
            assertEquals(WipeDeviceSecret.Deleted, done.facts.deviceSecret)
            assertTrue(done.facts.filesRemoved >= 1, "${done.facts}")
            assertFalse(done.facts.nothingFound)

            assertTrue(keystore.labels.isEmpty(), "the Kotlin key store no longer holds the secret")
            assertEquals(emptyList<String>(), vaultFiles(path), "no vault file is left")
            assertInstanceOf(SenimException.NoVault::class.java, failure { vault.summary() })

            // Again on the same (inert) vault: by the directory, which holds nothing.
            val again = PanicWipeViewModel(ports, this)
            again.start()
            again.type("WIPE")
            again.confirm()!!.join()
            assertTrue((again.state.value as PanicWipeState.Done).facts.nothingFound)
        }
        assertInstanceOf(SenimException.NoVault::class.java, failure { SenimVault.open(path, keystore) })
    }

    @Test
    fun `duress passcode with destroy - refusals, then the duress unlock shows the decoy, not the real note`() = runBlocking {
        val keystore = MemoryKeyStore()
        val path = dir.resolve("vault").toString()
        val code = "2580 steppe"
        val duressCode = "4711 taiga"
        SenimVault.create(path, passcode(code), keystore).use { vault ->
            vault.addNote(note(REAL_NOTE))
            val ports = VaultPorts(vault, JavaHttpTransport(), path, keystore)
            val vm = DuressViewModel(ports, this, Dispatchers.IO)
            vm.refresh().join()
            assertTrue(vm.state.value.offered, "a real vault")
            vm.choose(DuressChoice.DESTROY)

            // The confirmation differs: refused with a clear message, nothing asked of the core.
            code.forEach(vm::typeCurrent)
            duressCode.forEach(vm::typeDuress)
            "4711 tiaga".forEach(vm::typeConfirmation)
            assertNull(vm.submit())
            assertEquals(DuressProblem.MISMATCH, vm.state.value.problem)
            assertEquals("The two duress passcodes differ: enter them again.", vm.state.value.problem!!.message)

            // Equal to the passcode: refused too.
            code.forEach(vm::typeDuress)
            code.forEach(vm::typeConfirmation)
            assertNull(vm.submit())
            assertEquals(DuressProblem.SAME_AS_PASSCODE, vm.state.value.problem)
            assertEquals("The duress passcode must differ from your passcode: choose another one.", vm.state.value.problem!!.message)

            // A wrong current passcode: the core's refusal, through UiError.
            repeat(code.length) { vm.eraseCurrent() }
            "2580 taiga".forEach(vm::typeCurrent)
            duressCode.forEach(vm::typeDuress)
            duressCode.forEach(vm::typeConfirmation)
            vm.submit()!!.join()
            assertInstanceOf(SenimException.WrongPasscode::class.java, vm.state.value.error?.failure, "${vm.state.value}")
            assertNull(vm.state.value.done)

            code.forEach(vm::typeCurrent)
            duressCode.forEach(vm::typeDuress)
            duressCode.forEach(vm::typeConfirmation)
            vm.submit()!!.join()
            assertNull(vm.state.value.error, "${vm.state.value.error}")
            assertEquals(DuressChoice.DESTROY, vm.state.value.done)
            assertEquals(0, vm.state.value.current)

            // Lock (the app went to the background), then unlock with the duress passcode.
            val unlock = UnlockViewModel(ports, this, Dispatchers.IO, Clock.MONOTONIC)
            unlock.refresh().join()
            assertTrue(unlock.state.value.unlocked)
            unlock.onBackground().join()
            assertFalse(vault.isUnlocked())
            duressCode.forEach(unlock::type)
            unlock.submit()!!.join()
            assertTrue(unlock.state.value.unlocked, "the duress passcode unlocks like any: ${unlock.state.value.error}")
            assertNull(unlock.state.value.error)

            val records = RecordsViewModel(ports, this, Dispatchers.IO, debounceMillis = 0)
            records.refresh().join()
            val texts = records.state.value.records.mapNotNull { it.note?.text }
            assertTrue(texts.isNotEmpty(), "the decoy's harmless notes show")
            assertFalse(texts.any { it.contains("passports held") }, "$texts")
            unlock.onBackground().join()
        }

        // Destroyed: not even the real passcode brings the real note back.
        SenimVault.open(path, keystore).use { vault ->
            try {
                vault.unlock(passcode(code))
                val texts = vault.records(null, false, 50u, null).records.mapNotNull { it.note?.text }
                assertFalse(texts.any { it.contains("passports held") }, "$texts")
            } catch (_: SenimException) {
                // Refusing the real passcode is as good: the records are unreachable.
            }
        }
    }

    @Test
    fun `a demo vault is offered no duress passcode`() = runBlocking {
        SenimVault.createDemo(dir.resolve("demo").toString(), 1u, 20u).use { vault ->
            val vm = DuressViewModel(VaultPorts(vault, JavaHttpTransport()), this, Dispatchers.IO)
            vm.refresh().join()
            assertFalse(vm.state.value.offered)
            "senim-demo".forEach(vm::typeCurrent)
            "duress-2580".forEach(vm::typeDuress)
            "duress-2580".forEach(vm::typeConfirmation)
            vm.choose(DuressChoice.HIDE)
            assertNull(vm.submit())
        }
    }
}
