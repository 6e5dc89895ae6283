package org.senim.desktop

import androidx.compose.runtime.CompositionLocalProvider
import androidx.compose.ui.geometry.Size
import androidx.compose.ui.graphics.toAwtImage
import androidx.compose.ui.test.assertIsNotEnabled
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.runSkikoComposeUiTest
import androidx.compose.ui.unit.Density
import java.io.File
import java.nio.file.Files
import java.nio.file.Path
import javax.imageio.ImageIO
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.senim.app.LocalWords
import org.senim.app.Words
import org.senim.app.ui.SenimTheme

/**
 * The field-day demo from the Training menu: the real `senim` program (the one the tests
 * are given, `senim.bin`) runs `senim demo`, its report shown in the window's language,
 * with a PNG of each language to target/screenshots/<lang>/desktop-field-day.png.
 */
class FieldDayTest {
    private val senim: Path = Path.of(System.getProperty("senim.bin") ?: "../../target/debug/senim")

    @Test
    fun `the demo runs from the window and shows the program's report, in en, ru and kk`() {
        for (lang in listOf("en", "ru", "kk")) demoIn(lang)
    }

    private fun demoIn(lang: String) {
        val words = Words.of(lang)
        val fieldDay = FieldDay(senim)
        val dir = File(System.getProperty("senim.screenshots") ?: "target/screenshots", lang).apply { mkdirs() }
        runSkikoComposeUiTest(size = Size(1000f, 760f), density = Density(1f)) {
            setContent {
                CompositionLocalProvider(LocalWords provides words) { SenimTheme { FieldDayView(fieldDay, lang) } }
            }
            onNodeWithText(words.text("desktop-field-day-run")).performClick()
            waitUntil("the demo's end", 120_000) { fieldDay.state.value.let { it is FieldDay.State.Done || it is FieldDay.State.Failed } }
            val done = fieldDay.state.value
            assertTrue(done is FieldDay.State.Done, "$lang: $done")
            val report = (done as FieldDay.State.Done).lines.joinToString("\n")
            // The team's three call signs, and the report in the window's language.
            for (name in listOf("Aigerim", "Bakhyt", "Dilnoza")) assertTrue(name in report, "$lang: $name in\n$report")
            val cyrillic = report.any { it in 'а'..'я' || it in 'А'..'Я' }
            assertEquals(lang != "en", cyrillic, "$lang: the report's language\n$report")
            // The program's end is set from its reader thread: the window shows it at the
            // next frame, which may come after the test's idle point.
            waitUntil("the run-again button", 10_000) {
                onAllNodes(hasText(words.text("desktop-field-day-again")), useUnmergedTree = true).fetchSemanticsNodes().isNotEmpty()
            }
            ImageIO.write(captureToImage().toAwtImage(), "png", File(dir, "desktop-field-day.png"))
        }
    }

    @Test
    fun `without the program the window says so and offers no run`() {
        val words = Words.of("en")
        val fieldDay = FieldDay(null)
        assertEquals(FieldDay.State.Missing, fieldDay.state.value)
        runSkikoComposeUiTest(size = Size(1000f, 760f), density = Density(1f)) {
            setContent {
                CompositionLocalProvider(LocalWords provides words) { SenimTheme { FieldDayView(fieldDay, "en") } }
            }
            onNodeWithText(words.text("desktop-field-day-missing")).assertExists()
            onNodeWithText(words.text("desktop-field-day-run")).assertIsNotEnabled()
        }
    }

    @Test
    fun `a program that fails is reported with its exit code`() = runBlocking {
        val failing = Path.of("/bin/false").takeIf { Files.isExecutable(it) } ?: return@runBlocking
        val fieldDay = FieldDay(failing)
        fieldDay.run("en")
        assertEquals(FieldDay.State.Failed(emptyList(), 1), fieldDay.state.value)
    }

    @Test
    fun `closing the window while the demo runs ends the program`() = runBlocking {
        val script = Files.createTempFile("senim-slow", ".sh")
        try {
            Files.writeString(script, "#!/bin/sh\necho started\nexec sleep 60\n")
            script.toFile().setExecutable(true)
            val fieldDay = FieldDay(script)
            val running = launch(Dispatchers.Default) { fieldDay.run("en") }
            withTimeout(20_000) {
                while ((fieldDay.state.value as? FieldDay.State.Running)?.lines != listOf("started")) delay(20)
            }
            // Were the program left running, its output would stay open for a minute.
            withTimeout(10_000) { running.cancelAndJoin() }
        } finally {
            Files.deleteIfExists(script)
        }
    }

    @Test
    fun `the command line, and where the program is found`() {
        assertEquals(
            listOf(senim.toString(), "--lang", "kk", "demo", "--workers", "3", "--records", "30", "--seed", "1"),
            FieldDay(senim).command("kk"),
        )
        assertNull(FieldDay.locate(null))
        assertNull(FieldDay.locate("/nonexistent/senim"))
        val plain = Files.createTempFile("senim-not-a-program", "")
        try {
            assertNull(FieldDay.locate(plain.toString()), "a file that cannot run")
        } finally {
            Files.delete(plain)
        }
        assertEquals(senim.toAbsolutePath().normalize(), FieldDay.locate(senim.toString())?.toAbsolutePath()?.normalize())
    }
}
