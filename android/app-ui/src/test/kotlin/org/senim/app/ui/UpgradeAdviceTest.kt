package org.senim.app.ui

import java.nio.file.Files
import java.nio.file.Path
import kotlin.io.path.listDirectoryEntries
import kotlin.io.path.name
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.senim.app.Destination

/**
 * A vault the last build before page encryption made (core/vault/tests/fixtures/schema6,
 * with a duress passcode) opened by this app: the first unlock upgrades it, then the
 * records list advises setting the duress passcode again (the decoy from before is
 * encrypted only when it is), and "Settings" leads there; in en, ru and kk.
 */
class UpgradeAdviceTest {
    private val fixture: Path = Path.of("../../core/vault/tests/fixtures/schema6")

    @Test
    fun `after the upgrade of a vault from before, the records list advises setting the duress passcode again`() {
        for (lang in LANGUAGES) {
            clickThrough("upgrade", lang, prepare = { dir ->
                Files.createDirectories(dir)
                for (file in fixture.listDirectoryEntries("senim*.db")) Files.copy(file, dir.resolve(file.name))
            }) {
                start()
                waitForPhase("the vault from before, locked", 60_000) { it !is org.senim.app.Phase.Starting }
                check(app.phase.value is org.senim.app.Phase.Locked) { "${app.phase.value}" }
                type(words.text("app-unlock-passcode"), "field notes 2026")
                click(words.text("app-unlock-button"))
                waitFor(words.text("app-upgrade-duress-advice"), timeoutMs = 120_000)
                assertTrue(session.upgradeAdvice.value)
                shot("advice")
                click(words.text("app-upgrade-duress-settings"))
                waitFor(words.text("app-settings-duress-title"))
                assertEquals(Destination.Settings, session.destination.value)
                assertFalse(session.upgradeAdvice.value, "said once")
            }
        }
    }

    @Test
    fun `a vault of this version says nothing of an upgrade`() {
        clickThrough("upgrade-none", "en") {
            start()
            click(words.text("app-create-demo-button"))
            waitForPhase("the demo vault open") { it is org.senim.app.Phase.Unlocked }
            assertFalse(session.upgradeAdvice.value)
            assertTrue(ui.onAllNodes(androidx.compose.ui.test.hasText(words.text("app-upgrade-duress-advice")), useUnmergedTree = true).fetchSemanticsNodes().isEmpty())
        }
    }
}
