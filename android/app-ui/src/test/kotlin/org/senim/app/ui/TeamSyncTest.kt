package org.senim.app.ui

import java.nio.file.Files
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.ValueSource
import org.senim.app.Phase
import org.senim.core.HubProcess
import org.senim.core.JavaHttpTransport
import org.senim.core.MemoryKeyStore
import org.senim.core.Note
import org.senim.core.RecordKind
import org.senim.core.SenimVault
import org.senim.core.TeamRole
import org.senim.core.passcode
import org.senim.presentation.SyncStatus

/**
 * A new phone joins its lead's team through the team screen (its join request shown as
 * a QR code, the lead's welcome scanned by the camera) and syncs through the sync screen
 * with a real hub (`senim hub serve`); the lead's note arrives in the records.
 */
class TeamSyncTest {

    @ParameterizedTest
    @ValueSource(strings = ["en", "ru", "kk"])
    fun `team enrolment by QR codes and the sync status against a real hub`(lang: String) {
        val data = Files.createTempDirectory("senim-ui-hub")
        val http = JavaHttpTransport()
        HubProcess.start(data.resolve("hub")).use { hub ->
            val lead = kotlinx.coroutines.runBlocking {
                SenimVault.create(data.resolve("lead").toString(), passcode("lead passcode 2580"), MemoryKeyStore())
            }
            try {
                kotlinx.coroutines.runBlocking {
                    lead.createTeam("Almaty outreach", "Aigerim", hub.url, http)
                    lead.addNote(Note("From the lead: the night shelter has beds", null, emptyList(), java.time.Instant.now(), null))
                    lead.sync(http)
                }
                clickThrough("team-sync", lang) { enrolAndSync(lead) }
            } finally {
                lead.close()
            }
        }
        data.toFile().deleteRecursively()
    }

    private fun AppUnderTest.enrolAndSync(lead: SenimVault) {
        val code = "steppe-river-2580"
        waitForPhase("the first-run screen") { it is Phase.Create }
        type("New passcode", code)
        type("Passcode again", code)
        click("Create vault")
        waitForPhase("the vault open") { it is Phase.Unlocked }

        // Not in a team: the sync screen says so and offers the team screen.
        click("⋮")
        click("Sync")
        click("Sync now")
        waitFor("Join a team")
        shot("sync-no-team")
        click("Join a team")

        waitFor("Show my join request")
        shot("team-join")
        type("Your name, as the team will see it", "Daniyar")
        click("Show my join request")
        ui.waitUntil("the join request", 30_000) { session.team.state.value.joinRequest != null }
        waitFor("Your lead's screen must show these words:")
        shot("team-join-request")

        // The lead approves the request it scanned; this phone's camera reads the welcome.
        val request = session.team.state.value.joinRequest!!
        camera.next = kotlinx.coroutines.runBlocking { lead.approve(request, TeamRole.WORKER, JavaHttpTransport()) }
        // A scanned welcome joins at once (a typed one waits for "Join the team").
        click("Scan the welcome")
        assertEquals(listOf("Scan the welcome on your lead's phone"), camera.prompts.toList())
        waitFor("You are a member of this team.", timeoutMs = 60_000)
        shot("team-joined")

        assertTrue(pressBack(), "back returns to the records")
        click("⋮")
        click("Sync")
        click("Sync now")
        ui.waitUntil("the sync done", 60_000) { session.sync.state.value.status is SyncStatus.Done }
        waitFor("Sent ")
        shot("sync-done")
        val received = vaults.vault!!.records(RecordKind.NOTE, false, 10u, null).records.mapNotNull { it.note?.text }
        assertTrue("From the lead: the night shelter has beds" in received, "the lead's note arrived: $received")
        assertTrue(pressBack())
        waitFor("From the lead: the night shelter has beds")
        shot("records-synced")
    }
}
