package org.senim.desktop

import androidx.compose.runtime.CompositionLocalProvider
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.runtime.withFrameNanos
import androidx.compose.ui.platform.LocalDensity
import androidx.compose.ui.unit.dp
import androidx.compose.ui.window.MenuBar
import androidx.compose.ui.window.Window
import androidx.compose.ui.window.application
import androidx.compose.ui.window.rememberWindowState
import androidx.compose.runtime.collectAsState
import java.awt.AWTEvent
import java.awt.Rectangle
import java.awt.Robot
import java.awt.Toolkit
import java.io.File
import java.nio.file.Files
import java.nio.file.Path
import java.util.Locale
import javax.imageio.ImageIO
import kotlin.system.exitProcess
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.swing.Swing
import org.senim.app.AppController
import org.senim.app.LocalWords
import org.senim.app.Phase
import org.senim.app.Words
import org.senim.app.ui.SenimTheme
import org.senim.presentation.Clock

/** The line written to standard output (and to `--ready-file`) once the first screen is drawn. */
const val READY_LINE = "senim-desktop: ready"

/** Locks the vault now (a mark, the same in every language). */
const val LOCK_SHORTCUT = "Ctrl+L"

/** How often the idle lock looks at the clock. */
private const val IDLE_POLL_MILLIS = 5_000L

fun main(args: Array<String>) {
    val systemLanguages = listOf(Locale.getDefault().toLanguageTag())
    val options = Options.parse(args.toList()).getOrElse { e ->
        val words = Words.negotiated(systemLanguages)
        val error = e as OptionError
        System.err.println(words.format(error.key, "option" to error.option))
        System.err.println(words.text("desktop-usage"))
        exitProcess(2)
    }
    val startWords = Words.negotiated(listOfNotNull(options.lang) + systemLanguages)
    if (options.help) {
        println(startWords.text("desktop-usage"))
        return
    }
    val places = Places.resolve(Os.current(), options.vaultDir, System.getenv(), System.getProperty("user.home")) ?: run {
        System.err.println(startWords.text("desktop-error-data-dir"))
        exitProcess(2)
    }
    run(options, places, systemLanguages)
}

private fun run(options: Options, places: Places, systemLanguages: List<String>) {
    val settings = DesktopSettings(places.settings)
    val vaults = DesktopVaults(places)
    val scope = CoroutineScope(SupervisorJob() + Dispatchers.Swing)
    val app = AppController(
        vaults,
        scope,
        Dispatchers.IO,
        // The unlock screen's countdown; the wait itself is the core's, on the boot clock.
        Clock.MONOTONIC,
        demoBuild = false,
        language = settings,
        phoneLanguages = { listOfNotNull(options.lang) + systemLanguages },
    )
    val presenter = Presenter(options.presenter || settings.presenter) { settings.presenter = it }
    val back = EscapeBack()
    val scanner = CameraScanner.of(Os.current(), options.camera)
    val export = DesktopReportExport(DialogSaveChooser { app.words.value.text("desktop-save-report") })
    val fieldDay = FieldDay(FieldDay.locate())
    val idle = IdleLock(options.idleMinutes * 60_000L, IdleLock::monotonicMillis) { app.onBackground() }
    // Every key and mouse event in any of the app's windows counts as activity.
    Toolkit.getDefaultToolkit().addAWTEventListener(
        { idle.touch() },
        AWTEvent.KEY_EVENT_MASK or AWTEvent.MOUSE_EVENT_MASK or AWTEvent.MOUSE_MOTION_EVENT_MASK or AWTEvent.MOUSE_WHEEL_EVENT_MASK,
    )
    // Whatever ends the process (the window closed, a signal): the vault is locked first.
    Runtime.getRuntime().addShutdownHook(Thread({ vaults.lockNow() }, "senim-exit-lock"))

    application {
        val words by app.words.collectAsState()
        val presenting by presenter.on.collectAsState()
        var captureHidden by remember { mutableStateOf(false) }
        var fieldDayOpen by remember { mutableStateOf(false) }
        val quit = {
            app.close()
            vaults.lockNow()
            exitApplication()
        }
        Window(
            onCloseRequest = quit,
            title = words.text("app-name"),
            state = rememberWindowState(width = 1100.dp, height = 800.dp),
            onPreviewKeyEvent = { event -> desktopShortcut(event, presenter, lockNow = app::onBackground) },
            onKeyEvent = { event -> desktopBack(event, back) },
        ) {
            MenuBar {
                Menu(words.text("desktop-menu-view")) {
                    CheckboxItem(
                        words.text("desktop-menu-presenter") + "  " + Presenter.SHORTCUT,
                        checked = presenting,
                        onCheckedChange = presenter::set,
                    )
                    Item(words.text("desktop-menu-lock") + "  " + LOCK_SHORTCUT, onClick = app::onBackground)
                    Separator()
                    Item(
                        words.text(if (captureHidden) "desktop-menu-capture-hidden" else "desktop-menu-capture-visible"),
                        enabled = false,
                        onClick = {},
                    )
                }
                Menu(words.text("desktop-menu-training")) {
                    Item(words.text("desktop-menu-field-day"), onClick = { fieldDayOpen = true })
                }
            }
            SenimTheme { DesktopContent(app, back, presenter, scanner, export) }
            if (fieldDayOpen) {
                Window(
                    onCloseRequest = { fieldDayOpen = false },
                    title = words.text("desktop-field-day-title"),
                    state = rememberWindowState(width = 1000.dp, height = 760.dp),
                ) {
                    CompositionLocalProvider(
                        LocalWords provides words,
                        LocalDensity provides Presenter.density(LocalDensity.current, presenting),
                    ) {
                        SenimTheme { FieldDayView(fieldDay, words.tag) }
                    }
                    LaunchedEffect(Unit) {
                        withFrameNanos { }
                        runCatching { CaptureProtection.protect(window) }
                    }
                }
            }

            LaunchedEffect(Unit) {
                // Once the window is on the screen: keep it out of captures where the system can.
                withFrameNanos { }
                captureHidden = runCatching { CaptureProtection.protect(window) }.getOrDefault(false)
            }
            LaunchedEffect(Unit) {
                while (true) {
                    delay(IDLE_POLL_MILLIS)
                    idle.poll()
                }
            }
            LaunchedEffect(Unit) {
                // Ready once the vault's first screen (not the loading one) has been drawn.
                app.phase.first { it !is Phase.Starting }
                repeat(3) { withFrameNanos { } }
                options.screenshot?.let { file -> saveScreenshot(window, Path.of(file)) }
                options.readyFile?.let { file -> Files.writeString(Path.of(file), "ready\n") }
                println(READY_LINE)
                System.out.flush()
            }
        }
    }
    exitProcess(0)
}

/** A PNG of the window as it is on the screen (the startup test's picture). */
private fun saveScreenshot(window: java.awt.Window, file: Path) {
    val image = Robot().createScreenCapture(Rectangle(window.locationOnScreen, window.size))
    file.parent?.let { Files.createDirectories(it) }
    ImageIO.write(image, "png", File(file.toString()))
}
