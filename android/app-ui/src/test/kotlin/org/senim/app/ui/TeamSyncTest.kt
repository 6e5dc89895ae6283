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
        type(words.text("app-create-new-passcode"), code)
        type(words.text("app-create-passcode-again"), code)
        click(words.text("app-create-button"))
        waitForPhase("the vault open") { it is Phase.Unlocked }

        // Not in a team: the sync screen says so and offers the team screen.
        click("⋮")
        click(words.text("app-menu-sync"))
        click(words.text("app-sync-now"))
        waitFor(words.text("app-sync-join-team"))
        shot("sync-no-team")
        click(words.text("app-sync-join-team"))

        waitFor(words.text("app-team-show-request"))
        shot("team-join")
        type(words.text("app-team-your-name"), "Daniyar")
        click(words.text("app-team-show-request"))
        ui.waitUntil("the join request", 30_000) { session.team.state.value.joinRequest != null }
        waitFor(words.text("app-team-lead-words"))
        shot("team-join-request")

        // The lead approves the request it scanned; this phone's camera reads the welcome.
        val request = session.team.state.value.joinRequest!!
        camera.next = kotlinx.coroutines.runBlocking { lead.approve(request, TeamRole.WORKER, JavaHttpTransport()) }
        // A scanned welcome joins at once (a typed one waits for "Join the team").
        click(words.text("app-team-scan-welcome"))
        assertEquals(listOf(words.text("app-team-scan-welcome-prompt")), camera.prompts.toList())
        waitFor(words.text("app-team-role-worker"), timeoutMs = 60_000)
        shot("team-joined")

        assertTrue(pressBack(), "back returns to the records")
        click("⋮")
        click(words.text("app-menu-sync"))
        click(words.text("app-sync-now"))
        ui.waitUntil("the sync done", 60_000) { session.sync.state.value.status is SyncStatus.Done }
        val done = session.sync.state.value.status as SyncStatus.Done
        waitFor(words.format("app-sync-done", "sent" to done.sent, "received" to done.received, "merged" to done.merged))
        if (lang == "ru") waitFor("Отправлено: ${done.sent}")
        if (lang == "kk") waitFor("Жіберілді: ${done.sent}")
        shot("sync-done")
        val received = vaults.vault!!.records(RecordKind.NOTE, false, 10u, null).records.mapNotNull { it.note?.text }
        assertTrue("From the lead: the night shelter has beds" in received, "the lead's note arrived: $received")
        assertTrue(pressBack())
        waitFor("From the lead: the night shelter has beds")
        shot("records-synced")
    }
}
