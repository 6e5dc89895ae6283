package org.senim.desktop

import androidx.compose.material3.Button
import androidx.compose.material3.Text
import androidx.compose.runtime.CompositionLocalProvider
import androidx.compose.ui.geometry.Size
import androidx.compose.ui.graphics.toAwtImage
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.runSkikoComposeUiTest
import androidx.compose.ui.unit.Density
import java.awt.Color
import java.awt.RenderingHints
import java.awt.geom.AffineTransform
import java.awt.image.BufferedImage
import java.io.File
import java.nio.file.Files
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.atomic.AtomicBoolean
import javax.imageio.ImageIO
import kotlin.random.Random
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.senim.app.LocalWords
import org.senim.app.Words
import org.senim.app.ui.SenimTheme
import org.senim.app.ui.qrMatrix

/** A camera for the tests: hands out [pictures] in turn (null: none yet), then the last again. */
class FakeCamera(private val pictures: List<BufferedImage?>, private val failAt: Int = -1) : FrameSource {
    val closed = AtomicBoolean(false)
    private var next = 0

    override fun grab(): BufferedImage? {
        if (next == failAt) throw CameraStopped()
        val picture = pictures[minOf(next, pictures.size - 1)]
        next++
        return picture
    }

    override fun close() = closed.set(true)
}

/** A camera picture of an empty desk: grey with noise. */
fun desk(seed: Int = 1, width: Int = 1280, height: Int = 720): BufferedImage {
    val random = Random(seed)
    val image = BufferedImage(width, height, BufferedImage.TYPE_INT_RGB)
    for (y in 0 until height) for (x in 0 until width) {
        val v = 110 + random.nextInt(40)
        image.setRGB(x, y, Color(v, v, v + 5).rgb)
    }
    return image
}

/** A camera picture of a phone's screen showing [text]'s QR code, tilted, small and noisy. */
fun held(text: String, degrees: Double = 7.0): BufferedImage {
    val matrix = qrMatrix(text)
    val image = desk(seed = 2)
    val g = image.createGraphics()
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR)
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON)
    val module = 5
    val side = matrix.width * module
    g.transform = AffineTransform().apply {
        translate(640.0, 360.0)
        rotate(Math.toRadians(degrees))
        translate(-side / 2.0, -side / 2.0)
    }
    // The phone's screen, a little grey, and its modules not quite black.
    g.color = Color(235, 235, 230)
    g.fillRect(-20, -20, side + 40, side + 40)
    g.color = Color(30, 30, 40)
    for (y in 0 until matrix.height) for (x in 0 until matrix.width) {
        if (matrix.get(x, y)) g.fillRect(x * module, y * module, module, module)
    }
    g.dispose()
    return image
}

/** A join request's shape: one line of text, a few hundred characters. */
const val JOIN_CODE = "senim-join:v1:Zm9vYmFyYmF6cXV4LXNlbmltLWpvaW4tcmVxdWVzdC1mb3ItdGhlLWNhbWVyYS10ZXN0" +
    "LTAxMjM0NTY3ODlhYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ekFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFla" +
    "LXBhZGRpbmctdG8tYS1yZWFsLWxlbmd0aC0wMTIzNDU2Nzg5YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXo:c1f2"

val NO_CAMERA = CameraScanner { throw CameraUnavailable() }

class CameraTest {
    @Test
    fun `a code held up to the camera is read, tilted and noisy, and an empty desk reads as nothing`() {
        assertEquals(JOIN_CODE, QrReader.read(held(JOIN_CODE)))
        assertEquals(JOIN_CODE, QrReader.read(held(JOIN_CODE, degrees = -12.0)))
        assertNull(QrReader.read(desk()))
        assertNull(QrReader.read(outOfFocus()))
    }

    @Test
    fun `a scan shows the pictures until one holds a code, returns its text and closes the camera`() = runBlocking {
        val camera = FakeCamera(listOf(null, desk(), desk(3), held(JOIN_CODE), desk()))
        val scan = CameraScan({ camera })
        val seen = CopyOnWriteArrayList<CameraScan.State>()
        val watcher = async(Dispatchers.Default, start = CoroutineStart.UNDISPATCHED) { scan.state.collect { seen += it } }
        val text = withTimeout(20_000) { scan.run() }
        watcher.cancel()
        assertEquals(JOIN_CODE, text)
        assertTrue(camera.closed.get())
        assertTrue(seen.any { it is CameraScan.State.Looking && it.picture != null }, "$seen")
    }

    @Test
    fun `no camera, or one that stops, ends the scan with nothing and says why`() = runBlocking {
        val none = CameraScan({ throw CameraUnavailable() })
        assertNull(none.run())
        assertEquals(CameraScan.State.NoCamera, none.state.value)

        val camera = FakeCamera(listOf(desk(), desk(4)), failAt = 2)
        val stopped = CameraScan({ camera })
        assertNull(withTimeout(20_000) { stopped.run() })
        assertEquals(CameraScan.State.Stopped, stopped.state.value)
        assertTrue(camera.closed.get())
    }

    @Test
    fun `a cancelled scan closes the camera`() = runBlocking {
        val camera = FakeCamera(listOf(desk()))
        val scan = CameraScan({ camera })
        val running = async(Dispatchers.Default) { scan.run() }
        withTimeout(20_000) { while (scan.state.value !is CameraScan.State.Looking) kotlinx.coroutines.delay(10) }
        running.cancel()
        running.join()
        assertTrue(camera.closed.get())
    }

    @Test
    fun `the camera of each system, and one named on the command line`() {
        val dev = Files.createTempDirectory("senim-dev").toFile()
        try {
            assertNull(CameraDevice.default(Os.LINUX, dev))
            for (name in listOf("video10", "video2", "video0", "vbi0")) File(dev, name).createNewFile()
            assertEquals(CameraDevice(File(dev, "video0").path, "video4linux2"), CameraDevice.default(Os.LINUX, dev))
        } finally {
            dev.deleteRecursively()
        }
        assertEquals(CameraDevice("0", "avfoundation"), CameraDevice.default(Os.MACOS))
        assertNull(CameraDevice.default(Os.WINDOWS))
        assertEquals(CameraDevice("video=Integrated Camera", "dshow"), CameraDevice.named(Os.WINDOWS, "Integrated Camera"))
        assertEquals(CameraDevice("video=USB Cam", "dshow"), CameraDevice.named(Os.WINDOWS, "video=USB Cam"))
        assertEquals(CameraDevice("/dev/video2", "video4linux2"), CameraDevice.named(Os.LINUX, "/dev/video2"))
    }

    @Test
    fun `FFmpeg's camera input refuses a device that is not there as no camera`() {
        val missing = Files.createTempDirectory("senim-nocam").resolve("video9").toString()
        val e = assertThrows(CameraUnavailable::class.java) { FfmpegCamera(CameraDevice(missing, "video4linux2")) }
        // FFmpeg's natives loaded and its device input answered: not a library missing.
        assertTrue(e.cause is org.bytedeco.javacv.FrameGrabber.Exception, "${e.cause}")
    }

    @Test
    fun `the scan dialog reads a code for the screen that asked, in en, ru and kk, with a PNG of each`() {
        for (lang in listOf("en", "ru", "kk")) dialogIn(lang)
    }

    private fun dialogIn(lang: String) {
        val words = Words.of(lang)
        val scanned = CopyOnWriteArrayList<String>()
        // First a camera that never sees a code (the picture drawn), then none at all,
        // then one that reads the code.
        val cameras = ArrayDeque<() -> FrameSource>(
            listOf({ FakeCamera(listOf(outOfFocus())) }, { throw CameraUnavailable() }, { FakeCamera(listOf(desk(), held(JOIN_CODE))) }),
        )
        val scanner = CameraScanner { cameras.removeFirst()() }
        val prompt = words.text("app-team-scan-request-prompt")
        val dir = File(System.getProperty("senim.screenshots") ?: "target/screenshots", lang).apply { mkdirs() }
        runSkikoComposeUiTest(size = Size(900f, 700f), density = Density(1f)) {
            setContent {
                CompositionLocalProvider(LocalWords provides words) {
                    SenimTheme {
                        val scan = scanner.rememberScan { scanned += it }
                        Button(onClick = { scan(prompt) }) { Text("scan") }
                    }
                }
            }
            onNodeWithText("scan").performClick()
            waitUntil("the camera's picture", 20_000) {
                onAllNodes(hasText(words.text("desktop-camera-looking")), useUnmergedTree = true).fetchSemanticsNodes().isNotEmpty()
            }
            waitForIdle()
            assertTrue(onAllNodes(hasText(prompt), useUnmergedTree = true).fetchSemanticsNodes().isNotEmpty(), "$lang: the prompt")
            ImageIO.write(captureToImage().toAwtImage(), "png", File(dir, "desktop-camera.png"))
            onNodeWithText(words.text("desktop-camera-close")).performClick()
            waitForIdle()
            assertTrue(onAllNodes(hasText(prompt), useUnmergedTree = true).fetchSemanticsNodes().isEmpty(), "$lang: closed")

            onNodeWithText("scan").performClick()
            waitUntil("no camera", 20_000) {
                onAllNodes(hasText(words.text("desktop-camera-none")), useUnmergedTree = true).fetchSemanticsNodes().isNotEmpty()
            }
            ImageIO.write(captureToImage().toAwtImage(), "png", File(dir, "desktop-camera-none.png"))
            onNodeWithText(words.text("desktop-camera-close")).performClick()
            waitForIdle()

            onNodeWithText("scan").performClick()
            waitUntil("the code read", 20_000) { scanned.isNotEmpty() }
            waitForIdle()
            assertEquals(listOf(JOIN_CODE), scanned.toList())
            assertTrue(onAllNodes(hasText(prompt), useUnmergedTree = true).fetchSemanticsNodes().isEmpty(), "$lang: the dialog closes once read")
        }
    }

    /** The code held up to a camera out of focus: too blurred to read (so the dialog stays open for its picture). */
    private fun outOfFocus(): BufferedImage {
        val op = java.awt.image.ConvolveOp(java.awt.image.Kernel(9, 9, FloatArray(81) { 1f / 81 }))
        return op.filter(held(JOIN_CODE, degrees = 0.0), null)
    }
}
