package org.senim.desktop

import androidx.compose.ui.geometry.Size
import androidx.compose.ui.graphics.toAwtImage
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.runSkikoComposeUiTest
import androidx.compose.ui.unit.Density
import java.io.File
import java.nio.file.Files
import java.nio.file.Path
import javax.imageio.ImageIO
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.senim.app.Words
import org.senim.app.ui.SenimTheme

/**
 * The field-day demo from the app's Training menu, with the real `senim` command (the
 * test's `senim.bin`): clicked in en, ru and kk, it runs to the end and shows the lead's
 * merged picture in the app's language; a PNG of each to
 * target/screenshots/<lang>/desktop-field-day.png. Without the command the window says
 * so and runs nothing.
 */
class FieldDayTest {
    private val senim: Path = Path.of(System.getProperty("senim.bin") ?: "../../target/debug/senim")

    @Test
    fun `the field day runs to the lead's merged picture, in en, ru and kk`() {
        assertTrue(Files.isExecutable(senim), "the senim command at $senim")
        for (lang in listOf("en", "ru", "kk")) dayIn(lang)
    }

    private fun dayIn(lang: String) {
        val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
        val words = Words.of(lang)
        val fieldDay = FieldDay(FieldDay.command(senim.toString()), scope, Dispatchers.IO)
        try {
            runSkikoComposeUiTest(size = Size(1100f, 1000f), density = Density(1f)) {
                setContent { SenimTheme { FieldDayContent(fieldDay, words) } }
                onNode(hasText(words.text("desktop-field-day-run"))).performClick()
                waitUntil("$lang: the field day over", 120_000) { fieldDay.state.value.exitCode != null }
                val state = fieldDay.state.value
                assertEquals(0, state.exitCode, "$lang: ${state.lines.takeLast(5)}")
                // The command spoke the app's language: its workers' table and the lead's picture.
                assertTrue(words.text("cli-demo-workers") in state.lines, "$lang: ${state.lines}")
                val all = FieldDay.WORKERS * FieldDay.RECORDS
                val leadView = words.format("cli-demo-lead-view", "held" to all, "created" to all)
                assertTrue(leadView in state.lines, "$lang: \"$leadView\" in ${state.lines}")
                waitUntil("$lang: the summary on screen", 10_000) {
                    onAllNodes(hasText(words.text("desktop-field-day-done"))).fetchSemanticsNodes().isNotEmpty()
                }
                val dir = File(System.getProperty("senim.screenshots") ?: "target/screenshots", lang).apply { mkdirs() }
                ImageIO.write(captureToImage().toAwtImage(), "png", File(dir, "desktop-field-day.png"))
            }
        } finally {
            scope.cancel()
        }
    }

    @Test
    fun `without the command the window says so and runs nothing`() {
        val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
        try {
            assertNull(FieldDay.command(null))
            assertNull(FieldDay.command(Files.createTempDirectory("senim-none").resolve("senim").toString()))
            val fieldDay = FieldDay(null, scope, Dispatchers.IO)
            assertFalse(fieldDay.state.value.available)
            assertNull(fieldDay.run("en"))
            val words = Words.of("ru")
            runSkikoComposeUiTest(size = Size(1100f, 800f), density = Density(1f)) {
                setContent { SenimTheme { FieldDayContent(fieldDay, words) } }
                waitUntil("the explanation", 10_000) {
                    onAllNodes(hasText(words.text("desktop-field-day-unavailable"))).fetchSemanticsNodes().isNotEmpty()
                }
            }
        } finally {
            scope.cancel()
        }
    }
}
