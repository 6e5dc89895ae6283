package org.senim.app.ui

import androidx.compose.foundation.Image
import androidx.compose.foundation.background
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.size
import androidx.compose.runtime.Composable
import androidx.compose.runtime.remember
import androidx.compose.ui.Modifier
import androidx.compose.ui.geometry.Rect
import androidx.compose.ui.graphics.Canvas
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.graphics.FilterQuality
import androidx.compose.ui.graphics.ImageBitmap
import androidx.compose.ui.graphics.Paint
import androidx.compose.ui.unit.Dp
import androidx.compose.ui.unit.dp
import com.google.zxing.BarcodeFormat
import com.google.zxing.EncodeHintType
import com.google.zxing.common.BitMatrix
import com.google.zxing.qrcode.QRCodeWriter
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel
import org.senim.app.LocalWords

/**
 * A QR code of [text] (a join request or a welcome: one line of text with its own
 * checksum), drawn on the device. Black on white whatever the theme, with a quiet zone,
 * so any scanner reads it.
 */
@Composable
fun QrCode(text: String, size: Dp = 280.dp, modifier: Modifier = Modifier) {
    val bitmap = remember(text) { qrBitmap(qrMatrix(text)) }
    Image(
        bitmap = bitmap,
        contentDescription = LocalWords.current.text("app-qr-code"),
        filterQuality = FilterQuality.None,
        modifier = modifier.background(Color.White).padding(8.dp).size(size),
    )
}

/** The code's modules, with a quiet zone of two modules. */
fun qrMatrix(text: String): BitMatrix {
    val hints = mapOf(
        EncodeHintType.ERROR_CORRECTION to ErrorCorrectionLevel.M,
        EncodeHintType.MARGIN to 2,
        EncodeHintType.CHARACTER_SET to "UTF-8",
    )
    return QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, hints)
}

/** One pixel a module, drawn on Compose's own bitmap (the same on Android and the JVM). */
fun qrBitmap(matrix: BitMatrix): ImageBitmap {
    val bitmap = ImageBitmap(matrix.width, matrix.height)
    val canvas = Canvas(bitmap)
    canvas.drawRect(Rect(0f, 0f, matrix.width.toFloat(), matrix.height.toFloat()), Paint().apply { color = Color.White })
    val black = Paint().apply { color = Color.Black }
    for (y in 0 until matrix.height) {
        for (x in 0 until matrix.width) {
            if (matrix.get(x, y)) canvas.drawRect(Rect(x.toFloat(), y.toFloat(), x + 1f, y + 1f), black)
        }
    }
    return bitmap
}
