package org.senim.desktop

import androidx.compose.foundation.Image
import androidx.compose.foundation.background
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.height
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.width
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberUpdatedState
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.graphics.toComposeImageBitmap
import androidx.compose.ui.layout.ContentScale
import androidx.compose.ui.unit.dp
import androidx.compose.ui.window.Dialog
import androidx.compose.ui.window.DialogProperties
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext
import org.senim.app.LocalWords
import org.senim.app.ui.QrScanner

/**
 * The laptop's camera as the app's QR scanner: a scan opens a dialog with what the
 * camera sees, and ends when a code is read (its text goes to the screen that asked),
 * when the camera cannot be opened or stops (the dialog says so: the code can still be
 * pasted), or when the dialog is closed. [camera] opens the camera for each scan.
 */
class CameraScanner(private val camera: () -> FrameSource) : QrScanner {
    @Composable
    override fun rememberScan(onScanned: (String) -> Unit): (prompt: String) -> Unit {
        // Each request gets its own scan, even with the same prompt as the last.
        var request by remember { mutableStateOf<Pair<Int, String>?>(null) }
        val deliver by rememberUpdatedState(onScanned)
        request?.let { current ->
            val scan = remember(current) { CameraScan(camera) }
            LaunchedEffect(scan) {
                val text = withContext(Dispatchers.IO) { scan.run() }
                if (text != null) {
                    request = null
                    deliver(text)
                }
            }
            Dialog(onDismissRequest = { request = null }, properties = DialogProperties(usePlatformDefaultWidth = false)) {
                CameraView(current.second, scan, onClose = { request = null })
            }
        }
        return { prompt -> request = (request?.first ?: 0) + 1 to prompt }
    }

    companion object {
        /** The camera `--camera` names, or this system's first; none found opens nothing. */
        fun of(os: Os, named: String?): CameraScanner {
            val device = named?.let { CameraDevice.named(os, it) } ?: CameraDevice.default(os)
            return CameraScanner { FfmpegCamera(device ?: throw CameraUnavailable()) }
        }
    }
}

/** What the camera sees, under the prompt, with a line saying how the scan goes. */
@Composable
fun CameraView(prompt: String, scan: CameraScan, onClose: () -> Unit) {
    val w = LocalWords.current
    val state by scan.state.collectAsStateWithLifecycle()
    val picture = (state as? CameraScan.State.Looking)?.picture
    val bitmap = remember(picture) { picture?.toComposeImageBitmap() }
    Surface(shape = MaterialTheme.shapes.large, tonalElevation = 6.dp, modifier = Modifier.width(600.dp)) {
        Column(Modifier.padding(20.dp), verticalArrangement = Arrangement.spacedBy(12.dp)) {
            Text(prompt, style = MaterialTheme.typography.titleMedium)
            Box(
                Modifier.fillMaxWidth().height(315.dp).background(Color.Black),
                contentAlignment = Alignment.Center,
            ) {
                if (bitmap != null) {
                    Image(
                        bitmap,
                        contentDescription = w.text("desktop-camera-picture"),
                        contentScale = ContentScale.Fit,
                        modifier = Modifier.fillMaxWidth().height(315.dp),
                    )
                }
            }
            val (line, trouble) = when (state) {
                CameraScan.State.Opening -> "desktop-camera-opening" to false
                is CameraScan.State.Looking -> "desktop-camera-looking" to false
                CameraScan.State.NoCamera -> "desktop-camera-none" to true
                CameraScan.State.Stopped -> "desktop-camera-stopped" to true
            }
            Text(
                w.text(line),
                style = MaterialTheme.typography.bodyMedium,
                color = if (trouble) MaterialTheme.colorScheme.error else MaterialTheme.colorScheme.onSurface,
            )
            Row(Modifier.fillMaxWidth(), horizontalArrangement = Arrangement.End) {
                TextButton(onClick = onClose) { Text(w.text("desktop-camera-close")) }
            }
        }
    }
}
