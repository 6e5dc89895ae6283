package org.senim.app

import android.os.Build
import android.os.Bundle
import android.view.WindowManager
import androidx.activity.ComponentActivity
import androidx.activity.compose.setContent
import androidx.activity.enableEdgeToEdge
import androidx.activity.viewModels
import org.senim.app.ui.SenimApp
import org.senim.app.ui.SenimTheme

/**
 * The one activity. Its window is secure: no screenshots, no screen recording or
 * casting of its content, and the recent-apps list shows it blank. Locking when the app
 * leaves the foreground is process-wide (see [SenimApplication] and [AppViewModel]).
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
                SenimApp(app)
            }
        }
    }
}
