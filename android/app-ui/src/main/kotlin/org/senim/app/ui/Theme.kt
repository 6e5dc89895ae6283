package org.senim.app.ui

import androidx.compose.foundation.isSystemInDarkTheme
import androidx.compose.foundation.layout.WindowInsets
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.darkColorScheme
import androidx.compose.material3.lightColorScheme
import androidx.compose.runtime.Composable
import androidx.compose.ui.graphics.Color

/** The app's colours: Material 3 defaults, with a warning red and amber for risk. */
@Composable
fun SenimTheme(content: @Composable () -> Unit) {
    MaterialTheme(
        colorScheme = if (isSystemInDarkTheme()) darkColorScheme() else lightColorScheme(),
        content = content,
    )
}

object SenimColors {
    val Danger = Color(0xFFB3261E)
    val OnDanger = Color.White
    val Warning = Color(0xFFF9A825)
    val OnWarning = Color(0xFF1F1B16)
    val Calm = Color(0xFF2E7D32)
    val OnCalm = Color.White
    val Demo = Color(0xFF5E35B1)
    val OnDemo = Color.White
}

/**
 * The root pads for the system bars and the keyboard once (see [SenimApp]); the
 * scaffolds and app bars inside add none.
 */
val NoInsets = WindowInsets(0, 0, 0, 0)
