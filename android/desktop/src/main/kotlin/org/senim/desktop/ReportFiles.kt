package org.senim.desktop

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.width
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.CompositionLocalProvider
import androidx.compose.ui.ExperimentalComposeUiApi
import androidx.compose.ui.ImageComposeScene
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.unit.Density
import androidx.compose.ui.unit.dp
import java.awt.FileDialog
import java.awt.Frame
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardCopyOption
import java.time.LocalDate
import kotlinx.coroutines.Dispatchers
import org.jetbrains.skia.EncodedImageFormat
import org.senim.app.LocalWords
import org.senim.app.Words
import org.senim.app.ui.LEVEL_KEYS
import org.senim.app.ui.ReportCharts
import org.senim.app.ui.ReportColors
import org.senim.app.ui.ReportExport
import org.senim.app.ui.ReportFormat
import org.senim.app.ui.SenimTheme
import org.senim.app.ui.countText
import org.senim.app.ui.placeLabel
import org.senim.app.ui.statusLabel
import org.senim.core.LabelledCount
import org.senim.core.ReportCount
import org.senim.core.ReportView

/** Where an exported file goes: the lead picks it in a save dialog; the tests name a directory. */
fun interface SaveChooser {
    /** The file to write, [suggested] offered as its name; null when the lead cancelled. */
    fun choose(suggested: String, format: ReportFormat): Path?
}

/**
 * The system's save dialog (AWT's, the platform's own on Windows and macOS), titled
 * [title]; the format's extension is added when the name typed has none.
 */
class DialogSaveChooser(private val title: () -> String) : SaveChooser {
    override fun choose(suggested: String, format: ReportFormat): Path? {
        val dialog = FileDialog(null as Frame?, title(), FileDialog.SAVE)
        dialog.file = suggested
        dialog.isVisible = true
        val name = dialog.file ?: return null
        val file = Path.of(dialog.directory ?: ".", name)
        return if ('.' in name) file else file.resolveSibling("$name.${format.extension}")
    }
}

/**
 * The desktop's export of the lead's report: the core's CSV as it is, the charts as a
 * PNG drawn by the screen's own [ReportCharts], or as an SVG drawn from the same counts
 * ([ReportSvg]). Written beside the chosen file and moved into place, so a failed
 * export never leaves half a file under the name chosen.
 */
class DesktopReportExport(
    private val chooser: SaveChooser,
    private val today: () -> LocalDate = LocalDate::now,
) : ReportExport {
    override fun export(report: ReportView, format: ReportFormat, words: Words): String? {
        val file = chooser.choose("senim-report-${today()}.${format.extension}", format) ?: return null
        val bytes = when (format) {
            ReportFormat.CSV -> report.csv.toByteArray(Charsets.UTF_8)
            ReportFormat.SVG -> ReportSvg.draw(report, words).toByteArray(Charsets.UTF_8)
            ReportFormat.PNG -> ReportPicture.png(report, words)
        }
        val dir = file.toAbsolutePath().parent
        Files.createDirectories(dir)
        val partial = Files.createTempFile(dir, ".senim-report", ".part")
        try {
            Files.write(partial, bytes)
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE)
        } finally {
            Files.deleteIfExists(partial)
        }
        return file.fileName.toString()
    }
}

/** The report's charts as a PNG: the screen's [ReportCharts] drawn off the screen. */
object ReportPicture {
    /** The picture's width in dp; its height is what the charts need. */
    const val WIDTH_DP = 720

    /** Pixels a dp: sharp enough for a slide or a printed page. */
    const val SCALE = 2f

    @OptIn(ExperimentalComposeUiApi::class) // calculateContentSize: the height the charts take
    fun png(report: ReportView, words: Words): ByteArray {
        val density = Density(SCALE)
        val width = (WIDTH_DP * SCALE).toInt()
        val content: @Composable () -> Unit = { Picture(report, words) }
        // First the height the charts take at this width, then the picture at that height.
        val height = ImageComposeScene(width, MAX_HEIGHT_PX, density, Dispatchers.Unconfined, content).use { scene ->
            scene.render()
            scene.calculateContentSize().height.coerceIn(1, MAX_HEIGHT_PX)
        }
        return ImageComposeScene(width, height, density, Dispatchers.Unconfined, content).use { scene ->
            val image = scene.render()
            image.encodeToData(EncodedImageFormat.PNG)?.bytes ?: error("the picture could not be encoded")
        }
    }

    private const val MAX_HEIGHT_PX = 20_000

    @Composable
    private fun Picture(report: ReportView, words: Words) {
        CompositionLocalProvider(LocalWords provides words) {
            SenimTheme {
                Surface(color = Color.White) {
                    Column(Modifier.width(WIDTH_DP.dp).padding(24.dp)) {
                        Text(words.text("app-lead-report-title"), style = MaterialTheme.typography.headlineSmall)
                        Text(words.format("app-lead-report-threshold", "count" to report.threshold), style = MaterialTheme.typography.bodySmall)
                        ReportCharts(report)
                    }
                }
            }
        }
    }

    private inline fun <T> ImageComposeScene.use(block: (ImageComposeScene) -> T): T = try {
        block(this)
    } finally {
        close()
    }
}

/**
 * The report's charts as SVG, from the same counts and in the same colours as the
 * screen: levels by month as stacked bars, referrals by status and notes by place as
 * bars with their counts; a hidden count drawn as a dashed outline with the word
 * "hidden", never a number. Words are real `<text>`, so the file can be searched,
 * edited and read aloud. Written by hand rather than through Skia's SVG canvas: Compose
 * draws its scenes only into raster surfaces through its public API (ADR 0046).
 */
object ReportSvg {
    private const val WIDTH = 720
    private const val MARGIN = 24
    private const val LABEL_WIDTH = 260
    private const val BAR_HEIGHT = 14
    private const val ROW = 26
    private const val CHART_HEIGHT = 160
    private const val OUTLINE = "#79747E"

    fun draw(report: ReportView, words: Words): String {
        val body = StringBuilder()
        var y = MARGIN
        fun text(x: Int, atY: Int, s: String, size: Int = 13, bold: Boolean = false, anchor: String = "start") {
            body.append("""<text x="$x" y="$atY" font-size="$size"""")
            if (bold) body.append(""" font-weight="bold"""")
            if (anchor != "start") body.append(""" text-anchor="$anchor"""")
            body.append(">").append(escape(s)).append("</text>\n")
        }
        y += 20
        text(MARGIN, y, words.text("app-lead-report-title"), size = 22, bold = true)
        y += 22
        text(MARGIN, y, words.format("app-lead-report-threshold", "count" to report.threshold), size = 11)

        y += 36
        text(MARGIN, y, words.text("app-lead-report-levels"), size = 16, bold = true)
        y += 12
        val months = report.levelsByMonth
        val levels = { m: org.senim.core.MonthLevels -> listOf(m.none, m.monitor, m.possible, m.likely) }
        if (months.isEmpty() || months.all { m -> levels(m).all { it.value == 0uL } }) {
            y += 18
            text(MARGIN, y, words.text(if (months.isEmpty()) "app-lead-report-empty" else "app-lead-report-no-interviews"))
        } else {
            val plot = WIDTH - 2 * MARGIN
            val highest = months.maxOf { m -> levels(m).sumOf { it.value ?: 0uL } }.coerceAtLeast(1uL).toDouble()
            val slot = plot.toDouble() / months.size
            val barWidth = slot * 0.6
            val base = y + CHART_HEIGHT
            body.append("""<line x1="$MARGIN" y1="$base" x2="${MARGIN + plot}" y2="$base" stroke="$OUTLINE" stroke-width="2"/>""").append('\n')
            months.forEachIndexed { i, m ->
                val x = MARGIN + i * slot + (slot - barWidth) / 2
                var top = base.toDouble()
                levels(m).forEachIndexed { level, c ->
                    val v = c.value ?: 0uL
                    if (v > 0uL) {
                        val h = v.toDouble() / highest * (CHART_HEIGHT - 8)
                        top -= h
                        body.append("""<rect x="${f(x)}" y="${f(top)}" width="${f(barWidth)}" height="${f(h)}" fill="${hex(ReportColors.levels[level])}"/>""").append('\n')
                    }
                }
                if (levels(m).any { it.suppressed }) {
                    val h = (top - (y + 4)).coerceAtLeast(0.0)
                    body.append("""<rect x="${f(x)}" y="${y + 4}" width="${f(barWidth)}" height="${f(h)}" fill="none" stroke="$OUTLINE" stroke-width="2" stroke-dasharray="6 6"/>""").append('\n')
                }
                // Every month named when they fit; else the first, the last and every few.
                val every = (months.size + 11) / 12
                if (i % every == 0 || i == months.size - 1) text((x + barWidth / 2).toInt(), base + 16, m.month, size = 11, anchor = "middle")
            }
            y = base + 30
            LEVEL_KEYS.forEachIndexed { i, key ->
                val x = MARGIN + i * (plot / 4)
                body.append("""<rect x="$x" y="${y - 10}" width="12" height="12" fill="${hex(ReportColors.levels[i])}"/>""").append('\n')
                text(x + 18, y, words.text(key), size = 12)
            }
            y += 20
            text(MARGIN, y, words.text("app-lead-report-dashed"), size = 11)
            for (m in months) {
                y += 16
                text(
                    MARGIN, y,
                    words.format(
                        "app-lead-report-month",
                        "month" to m.month,
                        "none" to countText(words, m.none),
                        "monitor" to countText(words, m.monitor),
                        "possible" to countText(words, m.possible),
                        "likely" to countText(words, m.likely),
                    ),
                    size = 11,
                )
            }
        }

        fun bars(title: String, rows: List<LabelledCount>, label: (LabelledCount) -> String) {
            y += 36
            text(MARGIN, y, title, size = 16, bold = true)
            y += 8
            val highest = rows.maxOfOrNull { it.count.value ?: 0uL }?.coerceAtLeast(1uL)?.toDouble() ?: 1.0
            val plot = WIDTH - 2 * MARGIN - LABEL_WIDTH - 80
            for (row in rows) {
                y += ROW
                text(MARGIN, y, label(row))
                val x = MARGIN + LABEL_WIDTH
                bar(body, x, y - BAR_HEIGHT + 2, plot, row.count, highest)
                text(x + plot + 8, y, countText(words, row.count), size = 12)
            }
        }
        bars(words.text("app-lead-report-referrals"), report.referralsByStatus) { statusLabel(words, it) }
        bars(words.text("app-lead-report-places"), report.notesByPlace) { placeLabel(words, it) }
        y += 30
        text(MARGIN, y, words.text("app-lead-report-hidden-explained"), size = 11)
        val height = y + MARGIN
        return buildString {
            append("""<?xml version="1.0" encoding="UTF-8"?>""").append('\n')
            append("""<svg xmlns="http://www.w3.org/2000/svg" width="$WIDTH" height="$height" viewBox="0 0 $WIDTH $height" font-family="DejaVu Sans, Arial, sans-serif">""").append('\n')
            append("""<rect width="100%" height="100%" fill="#FFFFFF"/>""").append('\n')
            append(body)
            append("</svg>\n")
        }
    }

    private fun bar(out: StringBuilder, x: Int, y: Int, width: Int, count: ReportCount, highest: Double) {
        val v = count.value
        if (v != null) {
            out.append("""<rect x="$x" y="$y" width="${f(width * (v.toDouble() / highest))}" height="$BAR_HEIGHT" fill="${hex(ReportColors.bar)}"/>""")
        } else {
            out.append("""<rect x="$x" y="$y" width="$width" height="$BAR_HEIGHT" fill="none" stroke="$OUTLINE" stroke-width="2" stroke-dasharray="6 6"/>""")
        }
        out.append('\n')
    }

    private fun f(v: Double): String = "%.1f".format(java.util.Locale.ROOT, v)

    private fun hex(c: Color): String = "#%02X%02X%02X".format((c.red * 255).toInt(), (c.green * 255).toInt(), (c.blue * 255).toInt())

    /** Text as XML character data: a place's label may hold `<`, `&` or quotes. */
    fun escape(s: String): String = buildString {
        for (ch in s) {
            when {
                ch == '&' -> append("&amp;")
                ch == '<' -> append("&lt;")
                ch == '>' -> append("&gt;")
                ch == '"' -> append("&quot;")
                ch == '\'' -> append("&apos;")
                // XML 1.0 allows no other control characters, even escaped.
                ch < ' ' && ch != '\t' && ch != '\n' && ch != '\r' -> append(' ')
                else -> append(ch)
            }
        }
    }
}
