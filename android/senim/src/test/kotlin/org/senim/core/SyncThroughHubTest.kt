package org.senim.core

import java.nio.file.Files
import java.nio.file.Path
import java.time.Instant
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.senim.presentation.SyncStatus
import org.senim.presentation.SyncViewModel
import org.senim.presentation.TeamViewModel
import org.senim.presentation.VaultPorts

/**
 * Two vaults, a lead's and a worker's, enrolled and synced through a real hub process
 * (`senim hub serve`) with a Kotlin [SyncTransport] on java.net.http. The team is made
 * once for the class; each test adds what it needs and checks only that.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SyncThroughHubTest {
    private lateinit var root: Path
    private lateinit var hub: HubProcess
    private lateinit var lead: SenimVault
    private lateinit var worker: SenimVault
    private val http = JavaHttpTransport()

    @BeforeAll
    fun team() = runBlocking {
        Native.ensureLoaded()
        root = Files.createTempDirectory("senim-sync")
        hub = HubProcess.start(root.resolve("hub"))
        lead = SenimVault.create(root.resolve("lead").toString(), passcode("lead passcode"), MemoryKeyStore())
        worker = SenimVault.create(root.resolve("worker").toString(), passcode("worker passcode"), MemoryKeyStore())

        val team = lead.createTeam("Almaty outreach", "Aigerim", hub.url, http)
        assertEquals(TeamRole.LEAD, team.role)
        assertEquals(hub.url, team.hub)

        val request = worker.joinRequest("Daniyar")
        assertFalse(request.contains('\n'), "a join request is one line")
        val welcome = lead.approve(request, TeamRole.WORKER, http)
        val joined = worker.join(welcome)
        assertEquals(team.team, joined.team)
        assertEquals(TeamRole.WORKER, joined.role)
        assertEquals("Almaty outreach", joined.name)
        assertEquals(setOf("Aigerim", "Daniyar"), lead.members().map { it.name }.toSet())
        assertEquals(2u, lead.team()!!.members)
    }

    @AfterAll
    fun stop() {
        if (::lead.isInitialized) lead.close()
        if (::worker.isInitialized) worker.close()
        if (::hub.isInitialized) hub.close()
        root.toFile().deleteRecursively()
    }

    private fun note(text: String) = Note(text, null, emptyList(), Instant.now(), null)

    private fun texts(vault: SenimVault): Set<String> =
        vault.records(RecordKind.NOTE, false, 200u, null).records.mapNotNull { it.note?.text }.toSet()

    @Test
    fun `each device's note reaches the other through the hub`() = runBlocking {
        val fromLead = "Lead: three workers at the brick kiln, no contracts"
        val fromWorker = "Worker: young man at Sayakhat station, employer took his phone"
        lead.addNote(note(fromLead))
        worker.addNote(note(fromWorker))

        val leadFirst = lead.sync(http)
        val workerFirst = worker.sync(http)
        assertTrue(leadFirst.sent >= 1u, "the lead sent its note: $leadFirst")
        assertTrue(workerFirst.sent >= 1u, "the worker sent its note: $workerFirst")
        assertTrue(workerFirst.received >= 1u, "the worker got the lead's note: $workerFirst")
        val leadSecond = lead.sync(http)
        worker.sync(http)
        assertTrue(leadSecond.received >= 1u, "the lead got the worker's note: $leadSecond")
        assertEquals(0uL, leadSecond.rejected)

        for (vault in listOf(lead, worker)) {
            assertTrue(texts(vault).containsAll(listOf(fromLead, fromWorker)), "${texts(vault)}")
        }
        // Who wrote what travels too.
        val workerDevice = worker.team()!!.device
        val synced = lead.records(RecordKind.NOTE, false, 200u, null).records.first { it.note?.text == fromWorker }
        assertEquals(workerDevice, synced.createdBy)
    }

    @Test
    fun `an answer altered on the way is refused, and the next sync brings it`() = runBlocking {
        // The worker is up to date, so the next answer carries exactly the lead's new note.
        worker.sync(http)
        val text = "Lead: bus from Tashkent arrives Fridays, recruiter meets it"
        lead.addNote(note(text))
        lead.sync(http)

        // Flips one byte of the last envelope's signature in every sync answer that
        // carries envelopes ("SNSY", wire format 1, message 0x01 = Envelopes).
        val tampering = object : SyncTransport {
            var flipped = 0
            override fun send(call: HttpCall): HttpAnswer {
                val answer = http.send(call)
                val b = answer.body
                val envelopes = call.url.endsWith("/sync") && b.size > 80 &&
                    b[0] == 'S'.code.toByte() && b[1] == 'N'.code.toByte() && b[2] == 'S'.code.toByte() && b[3] == 'Y'.code.toByte() &&
                    b[4] == 1.toByte() && b[5] == 1.toByte()
                if (!envelopes) return answer
                flipped++
                val altered = b.copyOf()
                val i = altered.size - 10
                altered[i] = (altered[i].toInt() xor 0x01).toByte()
                return answer.copy(body = altered)
            }
        }
        // The sync completes and reports the refusal (device and sequence, never content).
        val summary = worker.sync(tampering)
        assertEquals(1, tampering.flipped, "one answer carried envelopes")
        assertEquals(1uL, summary.rejected, "$summary")
        assertTrue(summary.rejections.single().contains("signature does not verify"), "${summary.rejections}")
        // The place the screens list in the worker's language (app-sync-place): device and sequence.
        val place = summary.rejectedPlaces.single()
        assertTrue(summary.rejections.single().contains("device ${place.device} seq ${place.seq}"), "$place")
        assertFalse(texts(worker).contains(text), "nothing of the altered envelope was applied")

        val honest = worker.sync(http)
        assertEquals(0uL, honest.rejected)
        assertTrue(texts(worker).contains(text))
    }

    @Test
    fun `an answer truncated on the way is a typed PROTOCOL exception, and nothing is lost`() = runBlocking {
        worker.sync(http)
        val text = "Lead: the foreman keeps the passports in the site office"
        lead.addNote(note(text))
        lead.sync(http)
        // Cuts every answer that carries envelopes in half: the page no longer decodes.
        val truncating = object : SyncTransport {
            override fun send(call: HttpCall): HttpAnswer {
                val answer = http.send(call)
                val b = answer.body
                val envelopes = call.url.endsWith("/sync") && b.size > 80 && b[5] == 1.toByte()
                return if (envelopes) answer.copy(body = b.copyOf(b.size / 2)) else answer
            }
        }
        failureOf<SenimException.ProtocolViolation> { worker.sync(truncating) }
        assertFalse(texts(worker).contains(text), "nothing of the cut page was applied")
        val honest = worker.sync(http)
        assertEquals(0uL, honest.rejected)
        assertTrue(texts(worker).contains(text))
    }

    @Test
    fun `a request altered after signing is refused by the hub with its status and stable code`() = runBlocking {
        worker.addNote(note("Worker: follow-up at the market tomorrow"))
        val altering = object : SyncTransport {
            override fun send(call: HttpCall): HttpAnswer {
                if (call.method != "POST" || call.body.isEmpty()) return http.send(call)
                val body = call.body.copyOf()
                body[body.size - 1] = (body[body.size - 1].toInt() xor 0x40).toByte()
                return http.send(call.copy(body = body))
            }
        }
        val e = failureOf<SenimException.HubRefused> { worker.sync(altering) }
        assertEquals(401.toUShort(), e.status, e.message)
        assertEquals("unauthenticated", e.code, e.message)
        // Nothing was lost: the honest transport sends it.
        assertTrue(worker.sync(http).sent >= 1u)
    }

    @Test
    fun `a transport that throws is Unreachable, and nothing is lost`() = runBlocking {
        val text = "Worker: written while the network was down"
        worker.addNote(note(text))
        val down = object : SyncTransport {
            override fun send(call: HttpCall): HttpAnswer = throw java.io.UncheckedIOException(java.io.IOException("network is unreachable"))
        }
        val e = failureOf<SenimException.Unreachable> { worker.sync(down) }
        assertTrue(e.reason.contains("network is unreachable"), e.reason)

        // A hub that is not there: the java.net.http transport's own failure.
        val nowhere = JavaHttpTransport()
        val gone = object : SyncTransport {
            override fun send(call: HttpCall): HttpAnswer =
                nowhere.send(call.copy(url = call.url.replace(Regex("""127\.0\.0\.1:\d+"""), "127.0.0.1:9")))
        }
        assertInstanceOf(SenimException.Unreachable::class.java, failure { worker.sync(gone) })

        worker.sync(http)
        lead.sync(http)
        assertTrue(texts(lead).contains(text))
    }

    @Test
    fun `a third device enrols through the team screens and syncs through the sync screen`() = runBlocking {
        val newcomer = SenimVault.create(root.resolve("newcomer").toString(), passcode("newcomer passcode"), MemoryKeyStore())
        newcomer.use {
            val leadScreen = TeamViewModel(VaultPorts(lead, http), this, Dispatchers.IO)
            val newScreen = TeamViewModel(VaultPorts(newcomer, http), this, Dispatchers.IO)
            leadScreen.refresh().join()
            newScreen.refresh().join()
            assertTrue(leadScreen.state.value.isLead)
            assertFalse(newScreen.state.value.joined)

            newScreen.setDeviceName("Saule")
            newScreen.showJoinRequest()!!.join()
            val request = newScreen.state.value.joinRequest!!
            leadScreen.approve(request)!!.join()
            val welcome = leadScreen.state.value.approvedWelcome
            assertTrue(welcome != null, "${leadScreen.state.value.error}")

            // A damaged scan is refused as invalid input; the real one joins.
            newScreen.scanned(welcome!!.dropLast(3) + "AAA")!!.join()
            assertInstanceOf(SenimException.InvalidInput::class.java, newScreen.state.value.error?.failure, "${newScreen.state.value.error}")
            newScreen.scanned(welcome)!!.join()
            assertTrue(newScreen.state.value.joined, "${newScreen.state.value.error}")
            assertEquals(TeamRole.WORKER, newScreen.state.value.team?.role)

            val text = "Newcomer: first note of a new device"
            newcomer.addNote(note(text))
            val sync = SyncViewModel(VaultPorts(newcomer, http), this, Dispatchers.IO)
            sync.sync()!!.join()
            val done = sync.state.value.status as SyncStatus.Done
            assertTrue(done.sent >= 1 && done.received >= 1, "$done")
            assertEquals(0L, done.rejected)
            lead.sync(http)
            assertTrue(texts(lead).contains(text))
            assertTrue(texts(newcomer).size >= 2, "the newcomer holds what the team wrote before it joined")
        }
    }
}
