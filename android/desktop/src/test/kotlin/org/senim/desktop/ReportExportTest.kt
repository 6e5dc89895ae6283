package org.senim.desktop

import androidx.compose.runtime.CompositionLocalProvider
import androidx.compose.ui.geometry.Size
import androidx.compose.ui.graphics.toAwtImage
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.runSkikoComposeUiTest
import androidx.compose.ui.unit.Density
import java.io.File
import java.nio.file.Files
import java.nio.file.Path
import java.time.LocalDate
import javax.imageio.ImageIO
import javax.xml.parsers.DocumentBuilderFactory
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.runBlocking
import org.apache.commons.csv.CSVFormat
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.senim.app.LeadPage
import org.senim.app.LocalWords
import org.senim.app.Words
import org.senim.app.ui.LeadScreen
import org.senim.app.ui.LocalReportExport
import org.senim.app.ui.ReportColors
import org.senim.app.ui.ReportFormat
import org.senim.app.ui.SenimTheme
import org.senim.app.ui.placeLabel
import org.senim.app.ui.statusLabel
import org.senim.core.HttpAnswer
import org.senim.core.HttpCall
import org.senim.core.ReportView
import org.senim.core.SenimVault
import org.senim.core.SyncTransport
import org.senim.presentation.LeadViewModel
import org.senim.presentation.VaultPorts

/**
 * The lead's report saved from the report screen, in en, ru and kk, over a demo vault's
 * real counts: the three buttons clicked, the chooser naming files in a temporary
 * directory, and each file read back: the CSV parses into the report's tables (hidden
 * counts as `suppressed`), the SVG is well-formed XML holding the labels shown, the PNG
 * decodes at the picture's width and is not blank. A PNG of the screen after the three
 * saves to target/screenshots/<lang>/desktop-report-export.png, and the exported
 * picture beside it (desktop-report-chart.png).
 */
class ReportExportTest {
    /** The save dialog's stand-in: every file into [dir], under the name offered; [cancel] answers none. */
    private class TempDirChooser(private val dir: Path) : SaveChooser {
        var cancel = false
        val offered = mutableListOf<String>()
        override fun choose(suggested: String, format: ReportFormat): Path? {
            offered += suggested
            return if (cancel) null else dir.resolve(suggested)
        }
    }

    /** The report needs no hub: a transport that refuses whatever is sent. */
    private object NoHub : SyncTransport {
        override fun send(call: HttpCall): HttpAnswer = error("no hub in this test")
    }

    @Test
    fun `the report screen saves the counts as CSV and the charts as SVG and PNG, in en, ru and kk`() {
        val root = Files.createTempDirectory("senim-report-export")
        try {
            val vault = runBlocking { SenimVault.createDemo(root.resolve("vault").toString(), 7uL, 400u) }
            try {
                for (lang in listOf("en", "ru", "kk")) exportIn(lang, vault, root.resolve(lang).also { Files.createDirectories(it) })
            } finally {
                vault.close()
            }
        } finally {
            root.toFile().deleteRecursively()
        }
    }

    private fun exportIn(lang: String, vault: SenimVault, dir: Path) {
        val words = Words.of(lang)
        val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
        val chooser = TempDirChooser(dir)
        val day = LocalDate.of(2026, 3, 14)
        val export = DesktopReportExport(chooser) { day }
        val model = LeadViewModel(VaultPorts(vault, NoHub), scope, Dispatchers.IO)
        try {
            runSkikoComposeUiTest(size = Size(1100f, 1600f), density = Density(1f)) {
                setContent {
                    SenimTheme {
                        CompositionLocalProvider(LocalWords provides words, LocalReportExport provides export) {
                            LeadScreen(model, LeadPage.Report, onBack = {})
                        }
                    }
                }
                waitUntil("the report", 60_000) { model.state.value.report != null }
                val report = model.state.value.report!!
                for (format in ReportFormat.entries) {
                    onNode(hasText(words.text("app-lead-report-save-" + format.extension))).performClick()
                    val name = "senim-report-$day.${format.extension}"
                    val saved = words.format("app-lead-report-saved", "file" to name)
                    waitUntil("$lang: $name saved", 30_000) { onAllNodes(hasText(saved)).fetchSemanticsNodes().isNotEmpty() }
                }
                val shots = File(System.getProperty("senim.screenshots") ?: "target/screenshots", lang).apply { mkdirs() }
                ImageIO.write(captureToImage().toAwtImage(), "png", File(shots, "desktop-report-export.png"))
                // The exported picture beside the screens, to be looked at.
                Files.copy(dir.resolve("senim-report-$day.png"), shots.toPath().resolve("desktop-report-chart.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING)

                checkCsv(lang, report, dir.resolve("senim-report-$day.csv"))
                checkSvg(lang, report, words, dir.resolve("senim-report-$day.svg"))
                checkPng(lang, dir.resolve("senim-report-$day.png"))

                // Cancelled: nothing written, nothing said.
                chooser.cancel = true
                assertNull(export.export(report, ReportFormat.CSV, words))
                assertEquals(3, Files.list(dir).use { it.count() }.toInt(), "$lang: no file, no leftover part")
            }
        } finally {
            scope.cancel()
        }
    }

    private fun checkCsv(lang: String, report: ReportView, file: Path) {
        val text = Files.readString(file)
        assertEquals(report.csv, text, "$lang: the core's CSV, byte for byte")
        val rows = CSVFormat.DEFAULT.parse(text.removePrefix("\uFEFF").reader()).records.map { it.toList() }
        // Each table: its title alone on a line, then a header as wide as its columns.
        val titles = rows.withIndex().filter { (i, r) -> r.size == 1 && r[0].isNotEmpty() && (i == 0 || rows[i - 1] == listOf("")) }
        assertEquals(report.tables.size, titles.size, "$lang: one title a table")
        for ((table, title) in report.tables.zip(titles)) {
            val header = rows[title.index + 1]
            assertEquals(table.labelColumns.size + table.countColumns.size, header.size, "$lang: ${table.id}'s header")
            val body = rows.subList(title.index + 2, title.index + 2 + table.rows.size)
            for ((row, cells) in table.rows.zip(body)) {
                val counts = cells.drop(table.labelColumns.size)
                assertEquals(row.counts.map { it.value?.toString() ?: "suppressed" }, counts, "$lang: ${table.id}")
            }
        }
        assertTrue(report.tables.any { t -> t.rows.any { r -> r.counts.any { it.suppressed } } }, "the demo's report hides some counts")
    }

    private fun checkSvg(lang: String, report: ReportView, words: Words, file: Path) {
        val doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile())
        assertEquals("svg", doc.documentElement.tagName)
        val texts = doc.getElementsByTagName("text").let { list -> (0 until list.length).map { list.item(it).textContent } }
        val expected = report.referralsByStatus.map { statusLabel(words, it) } + report.notesByPlace.map { placeLabel(words, it) } +
            listOf(words.text("app-lead-report-levels"), words.text("app-lead-report-title"))
        for (label in expected) assertTrue(label in texts, "$lang: \"$label\" in the SVG")
        val hidden = report.notesByPlace.count { it.count.suppressed } + report.referralsByStatus.count { it.count.suppressed }
        assertEquals(hidden, texts.count { it == words.text("app-lead-report-hidden") }, "$lang: each hidden bar says so")
    }

    private fun checkPng(lang: String, file: Path) {
        val image = ImageIO.read(file.toFile())
        assertEquals((ReportPicture.WIDTH_DP * ReportPicture.SCALE).toInt(), image.width, "$lang: the picture's width")
        assertTrue(image.height > 400, "$lang: ${image.height} px high")
        val colours = HashSet<Int>()
        for (y in 0 until image.height step 3) for (x in 0 until image.width step 3) colours += image.getRGB(x, y) and 0xFFFFFF
        assertTrue(colours.size > 20, "$lang: not blank (${colours.size} colours)")
        val bar = ReportColors.bar.let { ((it.red * 255).toInt() shl 16) or ((it.green * 255).toInt() shl 8) or (it.blue * 255).toInt() }
        assertTrue(bar in colours, "$lang: the bars are drawn")
        assertEquals(0xFFFFFFFF.toInt(), image.getRGB(0, 0), "$lang: a white page, not a transparent one")
    }
}
