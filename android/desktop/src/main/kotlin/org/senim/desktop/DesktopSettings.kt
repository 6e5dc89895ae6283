package org.senim.desktop

import java.io.IOException
import java.nio.file.Files
import java.nio.file.Path
import java.util.Properties
import org.senim.app.LanguagePreference

/**
 * The desktop app's few settings, kept outside the vault in a properties file (they are
 * read before the unlock screen): the app's language and presenter mode. Nothing in it
 * says anything about the vault's content. A damaged or unreadable file counts as none.
 */
class DesktopSettings(private val file: Path) : LanguagePreference {
    private val values = Properties().apply {
        try {
            if (Files.isRegularFile(file)) Files.newBufferedReader(file).use { load(it) }
        } catch (_: IOException) {
            clear()
        } catch (_: IllegalArgumentException) {
            clear()
        }
    }

    override fun load(): String? = synchronized(values) { values.getProperty(LANGUAGE)?.trim()?.ifEmpty { null } }

    override fun save(tag: String?) = update {
        if (tag == null) it.remove(LANGUAGE) else it.setProperty(LANGUAGE, tag)
    }

    var presenter: Boolean
        get() = synchronized(values) { values.getProperty(PRESENTER) == "on" }
        set(on) = update { it.setProperty(PRESENTER, if (on) "on" else "off") }

    private fun update(change: (Properties) -> Any?) {
        synchronized(values) { store(change) }
    }

    private fun store(change: (Properties) -> Any?) {
        change(values)
        try {
            file.parent?.let { Files.createDirectories(it) }
            val tmp = file.resolveSibling(file.fileName.toString() + ".new")
            Files.newBufferedWriter(tmp).use { values.store(it, null) }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE)
        } catch (_: IOException) {
            // Kept for this run only: a setting is not worth stopping the app for.
        }
    }

    private companion object {
        const val LANGUAGE = "language"
        const val PRESENTER = "presenter"
    }
}
