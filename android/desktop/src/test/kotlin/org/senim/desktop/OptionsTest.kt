package org.senim.desktop

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

class OptionsTest {
    private fun error(vararg args: String): OptionError = Options.parse(args.toList()).exceptionOrNull() as OptionError

    @Test
    fun `no options is five minutes to the lock and presenter mode off`() {
        val o = Options.parse(emptyList()).getOrThrow()
        assertEquals(5, o.idleMinutes)
        assertEquals(Options(), o)
    }

    @Test
    fun `every option, with a space or an equals sign`() {
        val o = Options.parse(
            listOf("--vault-dir", "/tmp/v", "--idle-minutes=2", "--presenter", "--ready-file", "/tmp/r", "--screenshot=/tmp/s.png", "--lang", "kk", "--camera", "/dev/video2"),
        ).getOrThrow()
        assertEquals(Options(vaultDir = "/tmp/v", idleMinutes = 2, presenter = true, readyFile = "/tmp/r", screenshot = "/tmp/s.png", lang = "kk", camera = "/dev/video2"), o)
        assertTrue(Options.parse(listOf("--help")).getOrThrow().help)
    }

    @Test
    fun `what is wrong is a catalog key naming the option`() {
        assertEquals("desktop-error-option", error("--frobnicate").key)
        assertEquals("--frobnicate", error("--frobnicate").option)
        // A value missing, or another option where the value should be.
        assertEquals("desktop-error-option", error("--vault-dir").key)
        assertEquals("--vault-dir", error("--vault-dir", "--presenter").option)
        assertEquals("desktop-error-option", error("--presenter=yes").key)
        assertEquals("--camera", error("--camera").option)
        for (bad in listOf("0", "61", "five", "-3")) {
            assertEquals("desktop-error-idle-minutes", error("--idle-minutes=$bad").key, bad)
        }
    }
}
