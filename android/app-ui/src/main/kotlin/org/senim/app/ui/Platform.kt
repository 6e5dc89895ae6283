package org.senim.app.ui

import androidx.compose.runtime.Composable
import androidx.compose.runtime.ProvidableCompositionLocal
import androidx.compose.runtime.staticCompositionLocalOf

/**
 * The system's back gesture or button, as the screens see it. `MainActivity` wires it to
 * `androidx.activity.compose.BackHandler`; the JVM's UI tests to a back they press. As
 * with Android's, the handler composed last that is enabled gets the back.
 */
interface SystemBack {
    @Composable
    fun Handler(enabled: Boolean, onBack: () -> Unit)

    /**
     * As [Handler], and a back gesture held past [HELD_BACK_MILLIS] without being let go
     * calls [onHeld] instead of [onBack] (the interview's quick exit). Where the platform
     * has no held gesture, only [onBack] is ever called.
     */
    @Composable
    fun HeldHandler(enabled: Boolean, onBack: () -> Unit, onHeld: () -> Unit)
}

/** How long a back gesture is held before it is the quick exit. */
const val HELD_BACK_MILLIS: Long = 700

/** The [SystemBack] the screens use: [SenimApp] provides the one it is given. */
val LocalSystemBack: ProvidableCompositionLocal<SystemBack> = staticCompositionLocalOf { NoSystemBack }

/** No system back (a screen drawn outside [SenimApp], as in a preview). */
object NoSystemBack : SystemBack {
    @Composable
    override fun Handler(enabled: Boolean, onBack: () -> Unit) = Unit

    @Composable
    override fun HeldHandler(enabled: Boolean, onBack: () -> Unit, onHeld: () -> Unit) = Unit
}

/** Takes the system back while [enabled]: [onBack] runs instead of the default. */
@Composable
fun SystemBackHandler(enabled: Boolean = true, onBack: () -> Unit) = LocalSystemBack.current.Handler(enabled, onBack)

/** As [SystemBackHandler], with [onHeld] for a back gesture held ([SystemBack.HeldHandler]). */
@Composable
fun SystemBackHandler(enabled: Boolean = true, onHeld: () -> Unit, onBack: () -> Unit) =
    LocalSystemBack.current.HeldHandler(enabled, onBack, onHeld)

/**
 * The camera's QR code scanner. On Android it is zxing-android-embedded's scanning
 * activity (QR codes only, it asks for the camera permission itself); elsewhere whatever
 * reads a code.
 */
interface QrScanner {
    /**
     * Made once where a screen is composed: a function that starts a scan, showing
     * `prompt` over the camera, and calls [onScanned] with the text read. A cancelled
     * scan calls nothing.
     */
    @Composable
    fun rememberScan(onScanned: (String) -> Unit): (prompt: String) -> Unit
}

/**
 * The kind of device the screens run on. Where a screen's words speak of the phone (its
 * secure hardware, clearing the app's data), the desktop app says its own (`desktop-…`
 * in the catalog); the desktop provides [DeviceKind.DESKTOP].
 */
enum class DeviceKind { PHONE, DESKTOP }

/** The device the screens run on: a phone unless the desktop app says otherwise. */
val LocalDeviceKind: ProvidableCompositionLocal<DeviceKind> = staticCompositionLocalOf { DeviceKind.PHONE }

/** What the lead's report is saved as: the counts (CSV), or the charts (SVG, PNG). */
enum class ReportFormat(val extension: String) { CSV("csv"), SVG("svg"), PNG("png") }

/**
 * Saving the lead's report where the lead chooses. The desktop app asks with a save
 * dialog and writes the core's CSV ([org.senim.core.ReportView.csv]) or the charts
 * drawn as on the screen; where none is provided the report screen offers no export.
 */
interface ReportExport {
    /**
     * Saves [report] as [format], its words in [words]' language: the name of the file
     * written, or null when the lead cancelled. Throws when the file cannot be written.
     */
    fun export(report: org.senim.core.ReportView, format: ReportFormat, words: org.senim.app.Words): String?
}

/** The report's export on this platform; none by default (the phones). */
val LocalReportExport: ProvidableCompositionLocal<ReportExport?> = staticCompositionLocalOf { null }
