package org.senim.desktop

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.senim.desktop.CaptureProtection.Method

class CaptureProtectionTest {
    @Test
    fun `each system gets its own way, and linux none`() {
        assertEquals(
            Method.WindowsDisplayAffinity(listOf(CaptureProtection.WDA_EXCLUDEFROMCAPTURE, CaptureProtection.WDA_MONITOR)),
            CaptureProtection.methodFor(Os.WINDOWS),
        )
        assertEquals(Method.MacSharingNone, CaptureProtection.methodFor(Os.MACOS))
        assertEquals(Method.Unavailable, CaptureProtection.methodFor(Os.LINUX))
        assertEquals(Method.Unavailable, CaptureProtection.methodFor(Os.OTHER))
    }

    @Test
    fun `windows left out of captures, else captured black on a system older than 10 2004`() {
        val tried = mutableListOf<Int>()
        val method = CaptureProtection.methodFor(Os.WINDOWS)
        assertTrue(CaptureProtection.apply(method, setAffinity = { tried += it; true }, setMacSharingNone = { error("not on windows") }))
        assertEquals(listOf(0x11), tried)

        tried.clear()
        // An older Windows refuses WDA_EXCLUDEFROMCAPTURE: the window is then captured black.
        assertTrue(CaptureProtection.apply(method, setAffinity = { tried += it; it == 0x01 }, setMacSharingNone = { false }))
        assertEquals(listOf(0x11, 0x01), tried)

        tried.clear()
        // Neither taken, or the call failing outright: said as not hidden.
        assertFalse(CaptureProtection.apply(method, setAffinity = { tried += it; throw UnsatisfiedLinkError("user32") }, setMacSharingNone = { false }))
        assertEquals(listOf(0x11, 0x01), tried)
    }

    @Test
    fun `macos sets the sharing type, and a failure is said as not hidden`() {
        var asked = 0
        assertTrue(CaptureProtection.apply(Method.MacSharingNone, setAffinity = { error("not on macos") }, setMacSharingNone = { asked++; true }))
        assertEquals(1, asked)
        assertFalse(CaptureProtection.apply(Method.MacSharingNone, setAffinity = { false }, setMacSharingNone = { throw UnsatisfiedLinkError("objc") }))
    }

    @Test
    fun `on linux nothing is called and the window is said to be visible to captures`() {
        assertFalse(
            CaptureProtection.apply(
                CaptureProtection.methodFor(Os.LINUX),
                setAffinity = { error("no such call on linux") },
                setMacSharingNone = { error("no such call on linux") },
            ),
        )
    }
}
