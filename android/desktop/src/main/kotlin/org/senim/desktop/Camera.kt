package org.senim.desktop

import com.google.zxing.BarcodeFormat
import com.google.zxing.BinaryBitmap
import com.google.zxing.DecodeHintType
import com.google.zxing.ReaderException
import com.google.zxing.RGBLuminanceSource
import com.google.zxing.common.HybridBinarizer
import com.google.zxing.qrcode.QRCodeReader
import java.awt.image.BufferedImage
import java.io.File
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.delay
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import org.bytedeco.ffmpeg.global.avutil
import org.bytedeco.javacv.FFmpegFrameGrabber
import org.bytedeco.javacv.FrameGrabber
import org.bytedeco.javacv.Java2DFrameConverter

/** Pictures from a camera, one at a time. Closed when the scan ends. */
interface FrameSource : AutoCloseable {
    /** The next picture, or null when the camera has none yet. Throws [CameraStopped] when it failed. */
    fun grab(): BufferedImage?
}

/** No camera could be opened: none is connected, another app holds it, or access was refused. */
class CameraUnavailable(cause: Throwable? = null) : Exception("no camera could be opened", cause)

/** The camera stopped giving pictures during a scan. */
class CameraStopped(cause: Throwable? = null) : Exception("the camera stopped", cause)

/**
 * Which camera, and how FFmpeg reads it on this system: `video4linux2` and a device file
 * on Linux, `avfoundation` and an index on macOS, `dshow` and `video=<name>` on Windows
 * (which names its cameras only: there is no default, `--camera` gives it).
 */
data class CameraDevice(val input: String, val format: String) {
    companion object {
        /** The first camera of [os], or null when the system names none. */
        fun default(os: Os, devices: File = File("/dev")): CameraDevice? = when (os) {
            Os.LINUX -> devices.listFiles { f -> VIDEO.matches(f.name) }
                ?.minByOrNull { it.name.removePrefix("video").toInt() }
                ?.let { CameraDevice(it.path, "video4linux2") }
            Os.MACOS -> CameraDevice("0", "avfoundation")
            Os.WINDOWS, Os.OTHER -> null
        }

        /** The camera `--camera` names: a device file, an index, or a Windows camera's name. */
        fun named(os: Os, name: String): CameraDevice = when (os) {
            Os.LINUX, Os.OTHER -> CameraDevice(name, "video4linux2")
            Os.MACOS -> CameraDevice(name, "avfoundation")
            Os.WINDOWS -> CameraDevice(if (name.startsWith("video=")) name else "video=$name", "dshow")
        }

        private val VIDEO = Regex("video\\d+")
    }
}

/** A camera read through FFmpeg's device input (JavaCV). Opening it throws [CameraUnavailable]. */
class FfmpegCamera(device: CameraDevice) : FrameSource {
    private val grabber = FFmpegFrameGrabber(device.input).apply {
        format = device.format
        imageWidth = 1280
        imageHeight = 720
    }
    private val converter = Java2DFrameConverter()

    init {
        // FFmpeg's own log would print the device's path and errors on standard error.
        avutil.av_log_set_level(avutil.AV_LOG_QUIET)
        try {
            grabber.start()
        } catch (e: FrameGrabber.Exception) {
            runCatching { grabber.release() }
            throw CameraUnavailable(e)
        } catch (e: UnsatisfiedLinkError) {
            throw CameraUnavailable(e)
        }
    }

    override fun grab(): BufferedImage? {
        val frame = try {
            grabber.grabImage()
        } catch (e: FrameGrabber.Exception) {
            throw CameraStopped(e)
        } ?: return null
        // The converter reuses its picture: a copy, so the preview and the reader never
        // see the next frame half written.
        val picture = converter.convert(frame) ?: return null
        return BufferedImage(picture.width, picture.height, BufferedImage.TYPE_INT_RGB).also {
            it.graphics.drawImage(picture, 0, 0, null)
        }
    }

    override fun close() {
        runCatching { grabber.stop() }
        runCatching { grabber.release() }
    }
}

/** Reads a QR code in a picture (ZXing): its text, or null when the picture holds none it can read. */
object QrReader {
    private val hints = mapOf(
        DecodeHintType.TRY_HARDER to true,
        DecodeHintType.POSSIBLE_FORMATS to listOf(BarcodeFormat.QR_CODE),
        DecodeHintType.CHARACTER_SET to "UTF-8",
    )

    fun read(picture: BufferedImage): String? {
        val (w, h) = picture.width to picture.height
        val pixels = picture.getRGB(0, 0, w, h, null, 0, w)
        val bitmap = BinaryBitmap(HybridBinarizer(RGBLuminanceSource(w, h, pixels)))
        return try {
            QRCodeReader().decode(bitmap, hints).text
        } catch (e: ReaderException) {
            null
        }
    }
}

/**
 * One scan: opens the camera, shows each picture ([state]) and reads it until a code is
 * found, the camera fails, or the scan is cancelled (its coroutine). The camera is
 * closed whatever ends it.
 */
class CameraScan(
    private val open: () -> FrameSource,
    private val read: (BufferedImage) -> String? = QrReader::read,
) {
    sealed interface State {
        data object Opening : State
        /** Looking for a code; [picture] is the latest picture, or null before the first. */
        data class Looking(val picture: BufferedImage?) : State
        data object NoCamera : State
        data object Stopped : State
    }

    private val _state = MutableStateFlow<State>(State.Opening)
    val state: StateFlow<State> = _state.asStateFlow()

    /** Runs the scan (call it off the UI thread): the code's text, or null when it ended without one. */
    suspend fun run(): String? {
        val source = try {
            open()
        } catch (e: CameraUnavailable) {
            _state.value = State.NoCamera
            return null
        }
        source.use {
            _state.value = State.Looking(null)
            while (true) {
                currentCoroutineContext().ensureActive()
                val picture = try {
                    it.grab()
                } catch (e: CameraStopped) {
                    _state.value = State.Stopped
                    return null
                }
                if (picture == null) {
                    delay(IDLE_MS)
                    continue
                }
                _state.value = State.Looking(picture)
                read(picture)?.let { text -> return text }
            }
        }
    }

    companion object {
        /** How long to wait when the camera has no new picture. */
        const val IDLE_MS = 30L
    }
}
