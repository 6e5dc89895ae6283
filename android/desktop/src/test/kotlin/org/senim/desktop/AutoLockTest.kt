package org.senim.desktop

import androidx.compose.ui.geometry.Size
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.runSkikoComposeUiTest
import androidx.compose.ui.unit.Density
import java.nio.file.Files
import java.nio.file.Path
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.senim.app.AppController
import org.senim.app.LanguagePreference
import org.senim.app.Phase
import org.senim.app.ui.SenimTheme
import org.senim.presentation.Clock

/** The idle lock on a clock the test moves: no sleeping, no timing. */
class AutoLockTest {
    private var now = 1_000_000L
    private val clock = { now }
    private val minute = 60_000L
    private val root: Path = Files.createTempDirectory("senim-desktop")
    private val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)

    @AfterEach
    fun cleanUp() {
        scope.cancel()
        root.toFile().deleteRecursively()
    }

    @Test
    fun `idle for the timeout runs once, and activity starts the count again`() {
        var locks = 0
        val idle = IdleLock(5 * minute, clock) { locks++ }
        now += 5 * minute - 1
        assertFalse(idle.poll())
        assertEquals(1, idle.remainingMillis())
        now += 1
        assertTrue(idle.poll())
        assertEquals(1, locks)
        // Still idle: not again.
        now += 10 * minute
        assertFalse(idle.poll())
        assertEquals(1, locks)
        // A key pressed: a new spell, counted from the key.
        idle.touch()
        now += 4 * minute
        assertFalse(idle.poll())
        idle.touch()
        now += 4 * minute
        assertFalse(idle.poll())
        now += minute
        assertTrue(idle.poll())
        assertEquals(2, locks)
    }

    private class NoLanguage : LanguagePreference {
        override fun load(): String? = null
        override fun save(tag: String?) = Unit
    }

    private fun <T> await(what: String, block: suspend () -> T): T = runBlocking {
        withTimeout(60_000) { block() }
    }

    @Test
    fun `an unlocked vault is locked after five idle minutes and the unlock screen shown, and its key store opens it again`() {
        val places = Places.resolve(Os.current(), root.resolve("vault").toString(), emptyMap(), null)!!
        val vaults = DesktopVaults(places)
        val passcode = "violet tractor harbour midnight"
        await("vault created") { vaults.create(passcode.toByteArray()) }
        assertTrue(Files.isRegularFile(places.keyStore.toFile().listFiles()!!.single().toPath()), "one secret in the key store")

        val app = AppController(vaults, scope, Dispatchers.IO, Clock.MONOTONIC, demoBuild = false, language = NoLanguage(), phoneLanguages = { listOf("en") })
        val idle = IdleLock(Options.DEFAULT_IDLE_MINUTES * minute, clock) { app.onBackground() }
        await("unlocked") { app.phase.first { it is Phase.Unlocked } }

        now += 4 * minute
        idle.poll()
        assertTrue(app.phase.value is Phase.Unlocked, "still unlocked after four minutes")
        now += minute
        assertTrue(idle.poll())
        val locked = await("locked") { app.phase.first { it is Phase.Locked } } as Phase.Locked
        await("the keys gone") { locked.unlock.state.first { !it.unlocked } }
        app.close()
        vaults.forget()

        // A restart: the vault on disk and its secret in the software key store open it.
        val again = DesktopVaults(places)
        val vault = again.open()!!
        assertFalse(vault.isUnlocked())
        await("unlocked again") { vault.unlock(passcode.toByteArray()) }
        assertTrue(vault.summary().usesKeystore)
        vault.lock()
        again.forget()
    }

    @Test
    fun `in the window, the records give way to the unlock screen after the idle minutes`() {
        val places = Places.resolve(Os.current(), root.resolve("demo").toString(), emptyMap(), null)!!
        val vaults = DesktopVaults(places)
        await("demo vault") { vaults.createDemo(7u, 5u) }
        val app = AppController(vaults, scope, Dispatchers.IO, Clock.MONOTONIC, demoBuild = false, language = NoLanguage(), phoneLanguages = { listOf("en") })
        val idle = IdleLock(Options.DEFAULT_IDLE_MINUTES * minute, clock) { app.onBackground() }
        val words = org.senim.app.Words.of("en")
        runSkikoComposeUiTest(size = Size(1100f, 800f), density = Density(1f)) {
            setContent { SenimTheme { DesktopContent(app, EscapeBack(), Presenter(on = false), NO_CAMERA) } }
            fun shown(key: String) = onAllNodes(hasText(words.text(key)), useUnmergedTree = true).fetchSemanticsNodes().isNotEmpty()
            waitUntil("the records", 60_000) { shown("app-records-title") }
            now += 5 * minute
            assertTrue(idle.poll())
            waitUntil("the unlock screen", 60_000) { shown("app-unlock-prompt") }
            assertFalse(shown("app-records-title"), "no record screen left behind the lock")
        }
        app.close()
        vaults.forget()
    }
}
