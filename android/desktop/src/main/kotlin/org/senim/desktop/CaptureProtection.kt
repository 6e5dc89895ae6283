package org.senim.desktop

import com.sun.jna.Library
import com.sun.jna.Native
import com.sun.jna.Pointer
import java.awt.Window

/**
 * Keeps the window's content out of screen captures (screen sharing in a video call, a
 * screenshot, a recording) where the platform allows a window to ask for it:
 *
 * - Windows 10 2004 and later: `SetWindowDisplayAffinity(WDA_EXCLUDEFROMCAPTURE)`, the
 *   window left out of captures; on older Windows `WDA_MONITOR`, the window captured
 *   black;
 * - macOS: `NSWindow.sharingType = NSWindowSharingNone`;
 * - Linux and other systems: not possible. Under X11 any client may read any window's
 *   pixels, and under Wayland a capture goes through the desktop's portal, which asks
 *   the user but has no way for a window to refuse; so the app says in its menu that
 *   screen sharing can see its window (docs/desktop.md).
 */
object CaptureProtection {
    /** How the window is hidden on a platform. */
    sealed interface Method {
        /** `SetWindowDisplayAffinity`, with these affinities in order until one is taken. */
        data class WindowsDisplayAffinity(val affinities: List<Int>) : Method

        /** `NSWindow.sharingType = NSWindowSharingNone` on the app's windows. */
        data object MacSharingNone : Method

        /** The platform gives a window no way to keep out of captures. */
        data object Unavailable : Method
    }

    /** Left out of captures (Windows 10 2004+). */
    const val WDA_EXCLUDEFROMCAPTURE = 0x11

    /** Captured black (Windows 7+). */
    const val WDA_MONITOR = 0x01

    /** The method for the system `os`. */
    fun methodFor(os: Os): Method = when (os) {
        Os.WINDOWS -> Method.WindowsDisplayAffinity(listOf(WDA_EXCLUDEFROMCAPTURE, WDA_MONITOR))
        Os.MACOS -> Method.MacSharingNone
        Os.LINUX, Os.OTHER -> Method.Unavailable
    }

    /**
     * Applies `method` through the platform calls given (JNA's in the app, a test's
     * stand-ins): for Windows the first affinity the system takes; says whether the
     * window is now kept out of captures.
     */
    fun apply(method: Method, setAffinity: (Int) -> Boolean, setMacSharingNone: () -> Boolean): Boolean = when (method) {
        is Method.WindowsDisplayAffinity -> method.affinities.any { affinity -> runCatching { setAffinity(affinity) }.getOrDefault(false) }
        Method.MacSharingNone -> runCatching { setMacSharingNone() }.getOrDefault(false)
        Method.Unavailable -> false
    }

    /** Applies the method of this system to `window` (once it is shown); says whether it took. */
    fun protect(window: Window, os: Os = Os.current()): Boolean = apply(
        methodFor(os),
        setAffinity = { affinity -> User32.INSTANCE.SetWindowDisplayAffinity(Native.getWindowPointer(window), affinity) },
        setMacSharingNone = ::macSharingNone,
    )

    /** Windows' user32, only the call needed. */
    @Suppress("FunctionName")
    private interface User32 : Library {
        fun SetWindowDisplayAffinity(hWnd: Pointer, dwAffinity: Int): Boolean

        companion object {
            val INSTANCE: User32 by lazy { Native.load("user32", User32::class.java) }
        }
    }

    /** The Objective-C runtime, with `objc_msgSend` declared without variadic arguments (arm64's calling convention). */
    @Suppress("FunctionName")
    private interface ObjC : Library {
        fun objc_getClass(name: String): Pointer?
        fun sel_registerName(name: String): Pointer
        fun objc_msgSend(receiver: Pointer, selector: Pointer): Pointer?
        fun objc_msgSend(receiver: Pointer, selector: Pointer, index: Long): Pointer?
        fun objc_msgSend(receiver: Pointer, selector: Pointer, aSelector: Pointer, withObject: Pointer?, waitUntilDone: Boolean): Pointer?

        companion object {
            val INSTANCE: ObjC by lazy { Native.load("objc", ObjC::class.java) }
        }
    }

    /**
     * Every window of the app: `[window performSelectorOnMainThread:@selector(setSharingType:)
     * withObject:nil waitUntilDone:NO]`, AppKit's own thread setting `NSWindowSharingNone`
     * (0, the value nil passes).
     */
    private fun macSharingNone(): Boolean {
        val objc = ObjC.INSTANCE
        val appClass = objc.objc_getClass("NSApplication") ?: return false
        val app = objc.objc_msgSend(appClass, objc.sel_registerName("sharedApplication")) ?: return false
        val windows = objc.objc_msgSend(app, objc.sel_registerName("windows")) ?: return false
        val count = Pointer.nativeValue(objc.objc_msgSend(windows, objc.sel_registerName("count")) ?: return false)
        if (count <= 0) return false
        val at = objc.sel_registerName("objectAtIndex:")
        val perform = objc.sel_registerName("performSelectorOnMainThread:withObject:waitUntilDone:")
        val setSharingType = objc.sel_registerName("setSharingType:")
        for (i in 0 until count) {
            val nsWindow = objc.objc_msgSend(windows, at, i) ?: continue
            objc.objc_msgSend(nsWindow, perform, setSharingType, null, false)
        }
        return true
    }
}
