package org.senim.app

import android.os.Build
import android.os.Bundle
import android.view.WindowManager
import androidx.activity.ComponentActivity
import androidx.activity.compose.BackHandler
import androidx.activity.compose.PredictiveBackHandler
import androidx.activity.compose.rememberLauncherForActivityResult
import androidx.activity.compose.setContent
import androidx.activity.enableEdgeToEdge
import androidx.activity.viewModels
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.rememberUpdatedState
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import com.journeyapps.barcodescanner.ScanContract
import com.journeyapps.barcodescanner.ScanOptions
import org.senim.app.ui.QrScanner
import org.senim.app.ui.SenimApp
import org.senim.app.ui.SenimTheme
import org.senim.app.ui.HELD_BACK_MILLIS
import org.senim.app.ui.SystemBack

/**
 * The one activity. Its window is secure: no screenshots, no screen recording or
 * casting of its content, and the recent-apps list shows it blank. Locking when the app
 * leaves the foreground is process-wide (see [SenimApplication] and [AppViewModel]).
 * The screens (android/app-ui) get Android's back and the camera's QR scanner from here.
 */
class MainActivity : ComponentActivity() {

    private val app: AppViewModel by viewModels()

    override fun onCreate(savedInstanceState: Bundle?) {
        // Before any content exists, so that not even the first frame can be captured.
        window.setFlags(WindowManager.LayoutParams.FLAG_SECURE, WindowManager.LayoutParams.FLAG_SECURE)
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.TIRAMISU) {
            setRecentsScreenshotEnabled(false)
        }
        super.onCreate(savedInstanceState)
        enableEdgeToEdge()
        setContent {
            SenimTheme {
                SenimApp(app, AndroidBack, CameraQrScanner)
            }
        }
    }
}

/** The system back through the activity's back dispatcher. */
private object AndroidBack : SystemBack {
    @Composable
    override fun Handler(enabled: Boolean, onBack: () -> Unit) = BackHandler(enabled, onBack)

    /**
     * The predictive back gesture: let go before [HELD_BACK_MILLIS], it is a back; held
     * past it, the quick exit fires at once, before the finger lifts (the gesture's end
     * then does nothing more). The back button (no gesture) is a plain back.
     */
    @Composable
    override fun HeldHandler(enabled: Boolean, onBack: () -> Unit, onHeld: () -> Unit) {
        val back by rememberUpdatedState(onBack)
        val held by rememberUpdatedState(onHeld)
        PredictiveBackHandler(enabled) { progress ->
            var fired = false
            // A cancelled gesture ends this block with CancellationException: no back,
            // though the quick exit stays done if it was held long enough.
            coroutineScope {
                val timer = launch {
                    delay(HELD_BACK_MILLIS)
                    fired = true
                    held()
                }
                progress.collect { }
                timer.cancel()
            }
            if (!fired) back()
        }
    }
}

/**
 * The camera scanner (zxing-android-embedded): QR codes only, no beep, any orientation.
 * It asks for the camera permission itself.
 */
private object CameraQrScanner : QrScanner {
    @Composable
    override fun rememberScan(onScanned: (String) -> Unit): (prompt: String) -> Unit {
        val launcher = rememberLauncherForActivityResult(ScanContract()) { result ->
            result.contents?.let(onScanned)
        }
        return { prompt ->
            launcher.launch(
                ScanOptions()
                    .setDesiredBarcodeFormats(ScanOptions.QR_CODE)
                    .setPrompt(prompt)
                    .setBeepEnabled(false)
                    .setOrientationLocked(false),
            )
        }
    }
}
