package org.senim.desktop

import java.nio.file.Path
import java.nio.file.Paths

/** The operating systems the desktop app tells apart. */
enum class Os {
    LINUX,
    WINDOWS,
    MACOS,
    OTHER,
    ;

    companion object {
        /** From the JVM's `os.name` ("Linux", "Windows 11", "Mac OS X"). */
        fun of(osName: String): Os {
            val name = osName.lowercase()
            return when {
                name.startsWith("windows") -> WINDOWS
                name.startsWith("mac") || name.startsWith("darwin") -> MACOS
                name.startsWith("linux") -> LINUX
                else -> OTHER
            }
        }

        fun current(): Os = of(System.getProperty("os.name") ?: "")
    }
}

/**
 * Where the desktop app keeps its files: the vault's directory, the software key store's
 * (the device secret the vault is bound to, kept apart from the vault so that a copy of
 * the vault's directory alone does not open), and the small settings file (the app's
 * language, presenter mode), read before the vault is unlocked.
 */
data class Places(val vault: Path, val keyStore: Path, val settings: Path) {
    companion object {
        /** The environment variable that names the vault's directory, as `--vault-dir` does. */
        const val VAULT_DIR_ENV = "SENIM_DESKTOP_VAULT_DIR"

        /**
         * The places for `os`, from the environment and the user's home:
         *
         * - a vault directory given (`--vault-dir`, else [VAULT_DIR_ENV]): the vault there,
         *   the key store and the settings beside it (`DIR-keystore`, `DIR-settings.properties`);
         * - Linux and other Unix: the vault in `$XDG_DATA_HOME/senim/vault`
         *   (`~/.local/share` when unset), the key store and settings in
         *   `$XDG_CONFIG_HOME/senim/desktop` (`~/.config`);
         * - Windows: `%LOCALAPPDATA%\Senim` (else `%APPDATA%\Senim`): the local profile,
         *   which a roaming profile does not copy to a server;
         * - macOS: `~/Library/Application Support/Senim` for the vault, the key store and
         *   settings in `~/Library/Preferences/Senim`.
         *
         * None when nothing names a home for the user (then `--vault-dir` is needed).
         */
        fun resolve(os: Os, vaultDir: String?, env: Map<String, String>, home: String?): Places? {
            val given = vaultDir?.takeIf { it.isNotBlank() } ?: env[VAULT_DIR_ENV]?.takeIf { it.isNotBlank() }
            if (given != null) {
                val vault = Paths.get(given).toAbsolutePath().normalize()
                val name = vault.fileName?.toString() ?: "vault"
                return Places(vault, vault.resolveSibling("$name-keystore"), vault.resolveSibling("$name-settings.properties"))
            }
            fun fromEnv(name: String): Path? = env[name]?.takeIf { it.isNotBlank() }?.let { Paths.get(it) }?.takeIf { it.isAbsolute }
            val userHome = home?.takeIf { it.isNotBlank() }?.let { Paths.get(it) }
            return when (os) {
                Os.WINDOWS -> {
                    val root = (fromEnv("LOCALAPPDATA") ?: fromEnv("APPDATA"))?.resolve("Senim") ?: return null
                    Places(root.resolve("vault"), root.resolve("keystore"), root.resolve("settings.properties"))
                }
                Os.MACOS -> {
                    val h = userHome ?: return null
                    val library = h.resolve("Library")
                    val prefs = library.resolve("Preferences").resolve("Senim")
                    Places(library.resolve("Application Support").resolve("Senim").resolve("vault"), prefs.resolve("keystore"), prefs.resolve("settings.properties"))
                }
                Os.LINUX, Os.OTHER -> {
                    val data = fromEnv("XDG_DATA_HOME") ?: userHome?.resolve(".local")?.resolve("share") ?: return null
                    val config = fromEnv("XDG_CONFIG_HOME") ?: userHome?.resolve(".config") ?: return null
                    val desktop = config.resolve("senim").resolve("desktop")
                    Places(data.resolve("senim").resolve("vault"), desktop.resolve("keystore"), desktop.resolve("settings.properties"))
                }
            }
        }
    }
}
