package org.senim.core

import java.nio.file.Path
import java.time.Instant
import java.time.temporal.ChronoUnit
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir

/** A vault created, filled, locked, reopened and read back through the generated Kotlin. */
class VaultRoundTripTest {
    companion object {
        @JvmStatic
        @BeforeAll
        fun native() = Native.ensureLoaded()
    }

    @TempDir
    lateinit var dir: Path

    @Test
    fun `create, add, list, search, lock, reopen and read back with a Kotlin key store`() = runBlocking {
        val keystore = MemoryKeyStore()
        val path = dir.resolve("vault").toString()
        val at = Instant.now().truncatedTo(ChronoUnit.SECONDS)

        val ids = SenimVault.create(path, passcode("correct horse battery"), keystore).use { vault ->
            assertTrue(vault.isUnlocked())
            val summary = vault.summary()
            assertTrue(summary.usesKeystore)
            assertEquals(1, keystore.labels.size, "the vault asked the key store for one secret")

            val first = vault.addNote(
                Note("Two men from Osh, passports held by the foreman", "Site 4", listOf("construction"), at, null),
            )
            val second = vault.addNote(
                Note("Woman at the bus station asked about jobs in Almaty", "Sayran bus station", listOf("transport", "women"), at.plusSeconds(60), null),
            )
            val third = vault.addNote(Note("Market stall owner keeps workers' passports", null, emptyList(), at.plusSeconds(120), null))

            val all = vault.records(RecordKind.NOTE, false, 50u, null)
            assertEquals(setOf(first, second, third), all.records.map { it.id }.toSet())
            assertTrue(all.damaged.isEmpty())
            assertNull(all.next)

            // Pages of two: the second page continues where the first ended.
            val page1 = vault.records(null, false, 2u, null)
            assertEquals(2, page1.records.size)
            assertNotNull(page1.next)
            val page2 = vault.records(null, false, 2u, page1.next)
            assertEquals(1, page2.records.size)
            assertEquals(3, (page1.records + page2.records).map { it.id }.toSet().size)

            // Every word must start a word of the note's text or place.
            assertEquals(setOf(first, third), vault.search("passport", 50u, null).records.map { it.id }.toSet())
            assertEquals(listOf(second), vault.search("bus alma", 50u, null).records.map { it.id })
            assertEquals(listOf(first), vault.search("site", 50u, null).records.map { it.id })
            assertTrue(vault.search("tashkent", 50u, null).records.isEmpty())

            vault.lock()
            assertFalse(vault.isUnlocked())
            assertInstanceOf(SenimException.Locked::class.java, failure { vault.records(null, false, 10u, null) })
            listOf(first, second, third)
        }

        SenimVault.open(path, keystore).use { vault ->
            assertFalse(vault.isUnlocked())
            vault.unlock(passcode("correct horse battery"))
            val note = vault.record(ids[0])
            assertEquals(RecordKind.NOTE, note.kind)
            assertEquals(
                Note("Two men from Osh, passports held by the foreman", "Site 4", listOf("construction"), at, null),
                note.note,
            )
            assertTrue(note.bodyJson.contains("passports held"))
            assertEquals(ids.toSet(), vault.records(null, false, 50u, null).records.map { it.id }.toSet())
            // Text and place are searched; tags are not words of the note.
            assertEquals(listOf(ids[1]), vault.search("jobs", 50u, null).records.map { it.id })
            assertTrue(vault.search("women", 50u, null).records.isEmpty())

            // Edits change only the fields that changed, and show in the history.
            val changed = vault.editNote(ids[2], Note("Market stall owner keeps workers' passports in a safe", "Barakholka, row 7", emptyList(), at.plusSeconds(120), null))
            assertEquals(setOf("text", "place"), changed.toSet())
            assertEquals(2, vault.history(ids[2]).size)
            assertEquals(listOf(ids[2]), vault.search("barakholka safe", 50u, null).records.map { it.id })

            vault.deleteRecord(ids[1])
            assertEquals(2, vault.records(null, false, 50u, null).records.size)
            assertEquals(3, vault.records(null, true, 50u, null).records.size)
        }

        // Without the device's secret the vault does not open, whatever the passcode.
        SenimVault.open(path, MemoryKeyStore()).use { vault ->
            assertInstanceOf(SenimException.DeviceSecretMissing::class.java, failure { vault.unlock(passcode("correct horse battery")) })
        }
        Unit
    }
}
