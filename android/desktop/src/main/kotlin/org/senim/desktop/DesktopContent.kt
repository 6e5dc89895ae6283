package org.senim.desktop

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.CompositionLocalProvider
import androidx.compose.runtime.DisposableEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.rememberUpdatedState
import androidx.compose.ui.Modifier
import androidx.compose.ui.input.key.Key
import androidx.compose.ui.input.key.KeyEvent
import androidx.compose.ui.input.key.KeyEventType
import androidx.compose.ui.input.key.isCtrlPressed
import androidx.compose.ui.input.key.isMetaPressed
import androidx.compose.ui.input.key.isShiftPressed
import androidx.compose.ui.input.key.key
import androidx.compose.ui.input.key.type
import androidx.compose.ui.platform.LocalDensity
import androidx.compose.ui.unit.Density
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import java.util.concurrent.CopyOnWriteArrayList
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import org.senim.app.AppState
import org.senim.app.LocalWords
import org.senim.app.ui.DeviceKind
import org.senim.app.ui.LocalDeviceKind
import org.senim.app.ui.LocalReportExport
import org.senim.app.ui.QrScanner
import org.senim.app.ui.ReportExport
import org.senim.app.ui.SenimApp
import org.senim.app.ui.SenimColors
import org.senim.app.ui.SystemBack

/**
 * Presenter mode: everything drawn [SCALE] times larger (type, spacing, controls), for a
 * projector at the back of a training room. Toggled from the window's menu or with
 * [SHORTCUT]; kept in the settings for the next start.
 */
class Presenter(on: Boolean, private val keep: (Boolean) -> Unit = {}) {
    private val _on = MutableStateFlow(on)
    val on: StateFlow<Boolean> = _on.asStateFlow()

    fun toggle() = set(!_on.value)

    fun set(on: Boolean) {
        _on.value = on
        keep(on)
    }

    companion object {
        const val SCALE = 1.6f

        /** Said in the banner as a mark, not a word (the same keys in every language). */
        const val SHORTCUT = "Ctrl+Shift+P"

        /** The density the screens get: the window's, scaled when presenter mode is on. */
        fun density(base: Density, on: Boolean): Density =
            if (on) Density(base.density * SCALE, base.fontScale) else base
    }
}

/**
 * The system back of a desktop: the Escape key (when no field or dialog took it), to
 * the handler composed last that is enabled, as Android's back; no held gesture.
 */
class EscapeBack : SystemBack {
    private class Entry(val enabled: () -> Boolean, val onBack: () -> Unit)

    private val handlers = CopyOnWriteArrayList<Entry>()

    @Composable
    override fun Handler(enabled: Boolean, onBack: () -> Unit) {
        val on by rememberUpdatedState(enabled)
        val action by rememberUpdatedState(onBack)
        DisposableEffect(Unit) {
            val entry = Entry({ on }, { action() })
            handlers += entry
            onDispose { handlers -= entry }
        }
    }

    @Composable
    override fun HeldHandler(enabled: Boolean, onBack: () -> Unit, onHeld: () -> Unit) = Handler(enabled, onBack)

    /** Escape pressed: false when no screen takes it. */
    fun press(): Boolean {
        val entry = handlers.lastOrNull { it.enabled() } ?: return false
        entry.onBack()
        return true
    }
}

/** Escape, when nothing in the window took it: the system back ([EscapeBack]). */
fun desktopBack(event: KeyEvent, back: EscapeBack): Boolean =
    event.type == KeyEventType.KeyDown && event.key == Key.Escape && back.press()

/** The window's keyboard shortcuts, before the screens see the key: presenter mode and lock now. */
fun desktopShortcut(event: KeyEvent, presenter: Presenter, lockNow: () -> Unit): Boolean {
    if (event.type != KeyEventType.KeyDown) return false
    val command = event.isCtrlPressed || event.isMetaPressed
    return when {
        command && event.isShiftPressed && event.key == Key.P -> {
            presenter.toggle()
            true
        }
        command && !event.isShiftPressed && event.key == Key.L -> {
            lockNow()
            true
        }
        else -> false
    }
}

/**
 * What the window shows: the shared app ([SenimApp]) at the window's density or, in
 * presenter mode, larger, under presenter mode's banner; the lead's report saved
 * through [export] (none: the report screen offers no export).
 */
@Composable
fun DesktopContent(app: AppState, back: SystemBack, presenter: Presenter, scanner: QrScanner, export: ReportExport? = null) {
    val on by presenter.on.collectAsStateWithLifecycle()
    val words by app.words.collectAsStateWithLifecycle()
    val base = LocalDensity.current
    CompositionLocalProvider(
        LocalDensity provides Presenter.density(base, on),
        LocalWords provides words,
        LocalDeviceKind provides DeviceKind.DESKTOP,
        LocalReportExport provides export,
    ) {
        Column(Modifier.fillMaxSize()) {
            if (on) {
                Surface(color = SenimColors.Calm, contentColor = SenimColors.OnCalm, modifier = Modifier.fillMaxWidth()) {
                    Text(
                        words.format("desktop-presenter-banner", "shortcut" to Presenter.SHORTCUT),
                        style = MaterialTheme.typography.labelMedium,
                        modifier = Modifier.padding(horizontal = 12.dp, vertical = 4.dp),
                    )
                }
            }
            SenimApp(app, back, scanner)
        }
    }
}
