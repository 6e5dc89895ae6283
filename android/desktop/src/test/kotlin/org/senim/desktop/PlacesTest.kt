package org.senim.desktop

import java.nio.file.Paths
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Test

class PlacesTest {
    @Test
    fun `the system is told apart by its name`() {
        assertEquals(Os.LINUX, Os.of("Linux"))
        assertEquals(Os.WINDOWS, Os.of("Windows 11"))
        assertEquals(Os.MACOS, Os.of("Mac OS X"))
        assertEquals(Os.OTHER, Os.of("FreeBSD"))
    }

    @Test
    fun `linux follows the XDG directories, else the home's defaults`() {
        val xdg = Places.resolve(Os.LINUX, null, mapOf("XDG_DATA_HOME" to "/d", "XDG_CONFIG_HOME" to "/c"), "/home/lead")!!
        assertEquals(Paths.get("/d/senim/vault"), xdg.vault)
        assertEquals(Paths.get("/c/senim/desktop/keystore"), xdg.keyStore)
        assertEquals(Paths.get("/c/senim/desktop/settings.properties"), xdg.settings)

        val home = Places.resolve(Os.LINUX, null, emptyMap(), "/home/lead")!!
        assertEquals(Paths.get("/home/lead/.local/share/senim/vault"), home.vault)
        assertEquals(Paths.get("/home/lead/.config/senim/desktop/keystore"), home.keyStore)

        // A relative XDG directory is ignored, as the specification says.
        val relative = Places.resolve(Os.LINUX, null, mapOf("XDG_DATA_HOME" to "data"), "/home/lead")!!
        assertEquals(Paths.get("/home/lead/.local/share/senim/vault"), relative.vault)
    }

    @Test
    fun `windows keeps the vault in the local profile, else the roaming one`() {
        val local = Places.resolve(Os.WINDOWS, null, mapOf("LOCALAPPDATA" to "/u/Local", "APPDATA" to "/u/Roaming"), "/u")!!
        assertEquals(Paths.get("/u/Local/Senim/vault"), local.vault)
        assertEquals(Paths.get("/u/Local/Senim/keystore"), local.keyStore)
        val roaming = Places.resolve(Os.WINDOWS, null, mapOf("APPDATA" to "/u/Roaming"), "/u")!!
        assertEquals(Paths.get("/u/Roaming/Senim/vault"), roaming.vault)
        assertNull(Places.resolve(Os.WINDOWS, null, emptyMap(), "/u"))
    }

    @Test
    fun `macos keeps the vault in application support and the key store apart`() {
        val mac = Places.resolve(Os.MACOS, null, emptyMap(), "/Users/lead")!!
        assertEquals(Paths.get("/Users/lead/Library/Application Support/Senim/vault"), mac.vault)
        assertEquals(Paths.get("/Users/lead/Library/Preferences/Senim/keystore"), mac.keyStore)
    }

    @Test
    fun `a vault directory given on the command line or in the environment wins, the key store beside it`() {
        val env = mapOf(Places.VAULT_DIR_ENV to "/tmp/from-env", "XDG_DATA_HOME" to "/d")
        val fromOption = Places.resolve(Os.LINUX, "/tmp/t1/vault", env, "/home/lead")!!
        assertEquals(Paths.get("/tmp/t1/vault"), fromOption.vault)
        assertEquals(Paths.get("/tmp/t1/vault-keystore"), fromOption.keyStore)
        assertEquals(Paths.get("/tmp/t1/vault-settings.properties"), fromOption.settings)
        val fromEnv = Places.resolve(Os.WINDOWS, null, env, null)!!
        assertEquals(Paths.get("/tmp/from-env"), fromEnv.vault)
        // Never inside the vault's directory: a copy of it alone must not carry the secret.
        assertNotEquals(fromEnv.vault, fromEnv.keyStore.parent)
    }

    @Test
    fun `no home and nothing given is no place`() {
        assertNull(Places.resolve(Os.LINUX, null, emptyMap(), null))
        assertNull(Places.resolve(Os.MACOS, "", emptyMap(), ""))
    }
}
