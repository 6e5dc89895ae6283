package org.senim.core

import java.net.URI
import java.nio.file.Files
import java.nio.file.Path
import java.time.Instant
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.senim.presentation.Clock
import org.senim.presentation.CreateVaultViewModel
import org.senim.presentation.DemoBanner
import org.senim.presentation.DemoResetViewModel
import org.senim.presentation.SyncStatus
import org.senim.presentation.SyncViewModel
import org.senim.presentation.UnlockViewModel
import org.senim.presentation.VaultCreation
import org.senim.presentation.VaultPorts

/**
 * Demo vaults through the generated Kotlin: created filled and marked, reset to the
 * seeded state, and kept apart from real vaults and hubs, against two real hub
 * processes (`senim hub serve` and `senim hub serve --demo`), started once for the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoVaultTest {
    private lateinit var root: Path
    private lateinit var realHub: HubProcess
    private lateinit var demoHub: HubProcess
    private val http = JavaHttpTransport()

    @BeforeAll
    fun hubs() {
        Native.ensureLoaded()
        root = Files.createTempDirectory("senim-demo")
        realHub = HubProcess.start(root.resolve("real-hub"))
        demoHub = HubProcess.start(root.resolve("demo-hub"), demo = true)
    }

    @AfterAll
    fun stop() {
        if (::realHub.isInitialized) realHub.close()
        if (::demoHub.isInitialized) demoHub.close()
        root.toFile().deleteRecursively()
    }

    private fun dir(name: String) = root.resolve(name).toString()

    /** Every record (the generator makes fewer than a page of 1,000 here). */
    private fun count(vault: SenimVault) = vault.records(null, false, 1000u, null).records.size

    private fun note(text: String) = Note(text, null, emptyList(), Instant.now(), null)

    /**
     * Passes every call on (to `to` instead of `from` when both are given) and keeps
     * each one's method and path: what reached the hub.
     */
    private class Recording(
        private val inner: SyncTransport,
        private val from: String? = null,
        private val to: String? = null,
    ) : SyncTransport {
        val calls = mutableListOf<String>()

        override fun send(call: HttpCall): HttpAnswer {
            val url = if (from != null && to != null) call.url.replaceFirst(from, to) else call.url
            synchronized(calls) { calls += "${call.method} ${URI.create(url).path}" }
            return inner.send(call.copy(url = url))
        }
    }

    @Test
    fun `createDemo gives an unlocked demo vault filled with synthetic cases, marked without the passcode`() = runBlocking {
        val path = dir("created")
        val seeded = SenimVault.createDemo(path, 7u, 40u).use { vault ->
            assertTrue(vault.isDemo())
            assertTrue(vault.isUnlocked())
            val summary = vault.summary()
            assertTrue(summary.demo)
            assertFalse(summary.usesKeystore, "a demo vault is never bound to the device")
            val records = vault.records(null, false, 1000u, null).records
            assertTrue(records.size >= 20, "${records.size} records")
            val kinds = records.map { it.kind }.toSet()
            assertTrue(kinds.containsAll(listOf(RecordKind.SUBJECT, RecordKind.NOTE, RecordKind.INTERVIEW)), "$kinds")
            // Clearly fictional people: every alias begins "Demo: ".
            assertTrue(records.filter { it.kind == RecordKind.SUBJECT }.all { it.bodyJson.contains("Demo: ") })
            vault.lock()
            records.size
        }

        // Reopened as the app does (with its key store, unused here): a demo before the
        // passcode, and the public demo passcode opens it.
        SenimVault.open(path, MemoryKeyStore()).use { vault ->
            assertTrue(vault.isDemo())
            assertTrue(vault.summary().demo)
            assertFalse(vault.isUnlocked())
            assertEquals("senim-demo", demoPasscode())
            vault.unlock(passcode(demoPasscode()))
            assertEquals(seeded, count(vault))
        }
    }

    @Test
    fun `resetDemo brings back the seeded cases after a note was added`() = runBlocking {
        SenimVault.createDemo(dir("reset"), 3u, 40u).use { vault ->
            val seeded = count(vault)
            val id = vault.addNote(note("Added during the workshop: practice note"))
            assertEquals(seeded + 1, count(vault))

            val contents = vault.resetDemo()
            assertEquals(seeded.toUInt(), contents.records)
            assertEquals(seeded, count(vault))
            assertEquals(contents.subjects + contents.notes + contents.consents + contents.interviews + contents.referrals, contents.records)
            assertEquals(contents.interviews, contents.levelNone + contents.levelMonitor + contents.levelPossible + contents.levelLikely)
            assertInstanceOf(SenimException.NotFound::class.java, failure { vault.record(id) }, "the added note is gone")
            assertTrue(vault.isDemo())
            assertTrue(vault.isUnlocked(), "a reset leaves the vault unlocked")
            // The same seed gives the same cases again.
            assertEquals(contents, vault.resetDemo())
        }
    }

    @Test
    fun `a real vault is not a demo, resetDemo refuses it with Demo, and the demo passcode is never tried on it`() = runBlocking {
        SenimVault.create(dir("real"), passcode("real passcode 4711"), MemoryKeyStore()).use { vault ->
            assertFalse(vault.isDemo())
            assertFalse(vault.summary().demo)
            val id = vault.addNote(note("Real vault: nothing of this may be reset"))
            val e = failure { vault.resetDemo() }
            assertInstanceOf(SenimException.Demo::class.java, e, e.message)
            assertEquals(RecordKind.NOTE, vault.record(id).kind, "nothing was touched")
            assertEquals(1, count(vault))

            // Through the presentation layer: no banner, no reset offered, no demo unlock.
            vault.lock()
            val ports = VaultPorts(vault, http)
            val unlock = UnlockViewModel(ports, this, Dispatchers.IO, Clock.MONOTONIC)
            unlock.refresh().join()
            assertNull(unlock.state.value.banner)
            assertNull(unlock.unlockDemo())
            assertInstanceOf(SenimException.Demo::class.java, failure { ports.unlockDemo() })
            assertEquals(0u, vault.summary().failedAttempts, "the public passcode was not tried")
            vault.unlock(passcode("real passcode 4711"))
            val reset = DemoResetViewModel(ports, this, Dispatchers.IO)
            reset.refresh().join()
            assertFalse(reset.state.value.offered)
            assertFalse(reset.ask())
        }
    }

    @Test
    fun `the create screen's demo path, the banner through a lock, and a confirmed reset, on the library`() = runBlocking {
        val path = dir("screens")
        var made: SenimVault? = null
        val creation = object : VaultCreation {
            override suspend fun create(passcode: ByteArray) {
                error("only the demo path is taken here")
            }
            override suspend fun createDemo(seed: ULong, records: UInt) {
                made = SenimVault.createDemo(path, seed, records)
            }
            override fun strength(passcode: ByteArray) = passcodeStrength(passcode)
        }
        CreateVaultViewModel(creation, this, demoRecords = 30u).createDemo()!!.join()
        made!!.use { vault ->
            val ports = VaultPorts(vault, http)
            val unlock = UnlockViewModel(ports, this, Dispatchers.IO, Clock.MONOTONIC)
            unlock.refresh().join()
            assertTrue(unlock.state.value.unlocked, "created unlocked")
            assertEquals(DemoBanner.DEMO_VAULT, unlock.state.value.banner)
            unlock.onBackground().join()
            assertFalse(vault.isUnlocked())
            assertEquals(DemoBanner.DEMO_VAULT, unlock.state.value.banner, "locked: still shown")
            unlock.unlockDemo()!!.join()
            assertTrue(unlock.state.value.unlocked, "${unlock.state.value.error}")
            assertEquals(DemoBanner.DEMO_VAULT, unlock.state.value.banner)

            val seeded = count(vault)
            vault.addNote(note("Trainee's note"))
            val reset = DemoResetViewModel(ports, this, Dispatchers.IO)
            reset.refresh().join()
            assertTrue(reset.state.value.offered)
            assertTrue(reset.ask())
            reset.confirm()!!.join()
            assertEquals(seeded.toUInt(), reset.state.value.done?.records, "${reset.state.value.error}")
            assertEquals(seeded, count(vault))
        }
    }

    @Test
    fun `a demo vault meets a real hub - Demo, and only the health probe reaches it`() = runBlocking {
        SenimVault.createDemo(dir("demo-lead"), 5u, 10u).use { vault ->
            val toReal = Recording(http)
            val e = failure { vault.createTeam("Workshop", "Trainer", realHub.url, toReal) }
            assertInstanceOf(SenimException.Demo::class.java, e, e.message)
            assertEquals(listOf("GET /health"), toReal.calls)
            assertNull(vault.team(), "no team was made")

            // Its own kind of hub takes it: a demo team on the demo hub syncs.
            vault.createTeam("Workshop", "Trainer", demoHub.url, http)
            assertTrue(vault.sync(http).sent >= 1u)

            // A sync that reaches the real hub instead stops at the probe.
            val redirected = Recording(http, from = demoHub.url, to = realHub.url)
            assertInstanceOf(SenimException.Demo::class.java, failure { vault.sync(redirected) })
            assertEquals(listOf("GET /health"), redirected.calls)

            // The sync screen says what happened.
            val screen = SyncViewModel(VaultPorts(vault, redirected), this, Dispatchers.IO)
            screen.sync()!!.join()
            val status = screen.state.value.status
            assertTrue(status is SyncStatus.Failed && status.error.demoMismatch, "$status")
            assertTrue((status as SyncStatus.Failed).error.message.startsWith("Demo and real data never mix: "))
        }
    }

    @Test
    fun `a real vault meets a demo hub - Demo, and only the health probe reaches it`() = runBlocking {
        SenimVault.create(dir("real-lead"), passcode("real lead passcode"), MemoryKeyStore()).use { vault ->
            val toDemo = Recording(http)
            val e = failure { vault.createTeam("Almaty outreach", "Aigerim", demoHub.url, toDemo) }
            assertInstanceOf(SenimException.Demo::class.java, e, e.message)
            assertEquals(listOf("GET /health"), toDemo.calls)
            assertNull(vault.team())

            vault.addNote(note("Real: two men from Osh at the brick kiln"))
            vault.createTeam("Almaty outreach", "Aigerim", realHub.url, http)
            assertTrue(vault.sync(http).sent >= 1u)

            val redirected = Recording(http, from = realHub.url, to = demoHub.url)
            assertInstanceOf(SenimException.Demo::class.java, failure { vault.sync(redirected) })
            assertEquals(listOf("GET /health"), redirected.calls, "nothing of a real vault reached the demo hub")
        }
    }
}
