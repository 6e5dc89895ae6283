package org.senim.desktop

import androidx.compose.ui.geometry.Size
import androidx.compose.ui.graphics.toAwtImage
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.runSkikoComposeUiTest
import androidx.compose.ui.unit.Density
import java.io.File
import java.nio.file.Files
import javax.imageio.ImageIO
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.senim.app.AppController
import org.senim.app.Words
import org.senim.app.ui.SenimTheme
import org.senim.presentation.Clock

/**
 * Presenter mode in the window's content: its banner in the app's language, and the
 * screens drawn [Presenter.SCALE] times larger; a PNG of each language to
 * target/screenshots/<lang>/desktop-presenter.png.
 */
class PresenterModeTest {
    @Test
    fun `presenter mode draws the screens larger under its banner, in en, ru and kk`() {
        for (lang in listOf("en", "ru", "kk")) presenterIn(lang)
    }

    private fun presenterIn(lang: String) {
        val root = Files.createTempDirectory("senim-presenter")
        val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
        val settings = DesktopSettings(root.resolve("settings.properties"))
        try {
            val places = Places.resolve(Os.current(), root.resolve("vault").toString(), emptyMap(), null)!!
            val app = AppController(DesktopVaults(places), scope, Dispatchers.IO, Clock.MONOTONIC, demoBuild = false, language = settings, phoneLanguages = { listOf(lang) })
            val presenter = Presenter(on = false) { settings.presenter = it }
            val words = Words.of(lang)
            val welcome = words.text("app-create-welcome")
            val banner = words.format("desktop-presenter-banner", "shortcut" to Presenter.SHORTCUT)
            assertTrue(banner != "desktop-presenter-banner" && Presenter.SHORTCUT in banner, "$lang: $banner")
            runSkikoComposeUiTest(size = Size(1100f, 800f), density = Density(1f)) {
                setContent { SenimTheme { DesktopContent(app, EscapeBack(), presenter, NO_CAMERA) } }
                waitUntil("the first-run screen", 60_000) { onAllNodes(hasText(welcome), useUnmergedTree = true).fetchSemanticsNodes().isNotEmpty() }
                fun welcomeHeight() = onAllNodes(hasText(welcome), useUnmergedTree = true).fetchSemanticsNodes().single().size.height.toFloat()
                val normal = welcomeHeight()
                assertTrue(onAllNodes(hasText(banner), useUnmergedTree = true).fetchSemanticsNodes().isEmpty())

                presenter.toggle()
                waitForIdle()
                assertTrue(onAllNodes(hasText(banner), useUnmergedTree = true).fetchSemanticsNodes().isNotEmpty(), "$lang: the banner")
                val large = welcomeHeight()
                assertEquals(Presenter.SCALE, large / normal, 0.15f, "$lang: the title $normal px, then $large px")
                assertTrue(settings.presenter, "kept for the next start")

                val dir = File(System.getProperty("senim.screenshots") ?: "target/screenshots", lang).apply { mkdirs() }
                ImageIO.write(captureToImage().toAwtImage(), "png", File(dir, "desktop-presenter.png"))

                presenter.toggle()
                waitForIdle()
                assertEquals(normal, welcomeHeight(), 0.5f)
            }
            app.close()
        } finally {
            scope.cancel()
            root.toFile().deleteRecursively()
        }
    }
}
