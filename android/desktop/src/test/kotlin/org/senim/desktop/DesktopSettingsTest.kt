package org.senim.desktop

import java.nio.file.Files
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

class DesktopSettingsTest {
    @Test
    fun `the language and presenter mode are kept for the next start`() {
        val dir = Files.createTempDirectory("senim-settings")
        val file = dir.resolve("sub").resolve("desktop.properties")
        val first = DesktopSettings(file)
        assertNull(first.load())
        assertFalse(first.presenter)
        first.save("kk")
        first.presenter = true
        val second = DesktopSettings(file)
        assertEquals("kk", second.load())
        assertTrue(second.presenter)
        second.save(null)
        assertNull(DesktopSettings(file).load())
        dir.toFile().deleteRecursively()
    }

    @Test
    fun `a damaged file counts as none`() {
        val file = Files.createTempFile("senim-settings", ".properties")
        Files.write(file, byteArrayOf(0x5c, 0x75, 0x5a)) // "\uZ": an invalid escape
        assertNull(DesktopSettings(file).load())
        Files.delete(file)
    }
}
