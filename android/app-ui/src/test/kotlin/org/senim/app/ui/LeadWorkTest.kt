package org.senim.app.ui

import androidx.compose.ui.test.hasClickAction
import androidx.compose.ui.test.hasSetTextAction
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import androidx.compose.ui.test.performTextInput
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.ValueSource
import org.senim.app.Phase
import org.senim.core.HubProcess
import org.senim.core.Native
import org.senim.core.TeamRole
import org.senim.core.directoryServiceName
import org.senim.core.joinRequestVerification
import org.senim.core.welcomeVerification
import org.senim.presentation.LeadViewModel

/**
 * The lead's work on the app against a real hub (`senim hub serve`), the phone being the
 * `senim` command with a vault of its own: the lead creates the team, pastes the phone's
 * join request (its words shown before approving), approves and shows the welcome; the
 * phone joins with it and syncs a note; the lead sees when it heard from the phone, sets
 * the team's policy, reads the quarantine and the report, and revokes the phone. And on
 * demo vaults: the lead erases a person the phone recorded, after the count and the typed
 * word, and the phone's next sync removes them.
 */
class LeadWorkTest {

    /** The phone: the `senim` command on a vault of its own. */
    private class Phone(private val dir: Path, private val passcode: String = "amber steppe lantern 2580") {
        /** Runs `senim` on the phone's vault: its exit code and what it printed. */
        fun exit(vararg args: String): Pair<Int, String> {
            val command = listOf(Native.senimBinary.path, "--lang", "en", "--vault", dir.resolve("vault").toString()) + args
            val process = ProcessBuilder(command)
                .also {
                    it.environment()["SENIM_PASSCODE"] = passcode
                    it.environment()["SENIM_DEBUG_KDF"] = "owasp-minimum"
                }
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start()
            process.outputStream.close()
            val out = process.inputStream.bufferedReader().readText()
            check(process.waitFor(120, TimeUnit.SECONDS)) { "senim ${args.toList()} did not end" }
            return process.exitValue() to out
        }

        fun run(vararg args: String): String {
            val (code, out) = exit(*args)
            check(code == 0) { "senim ${args.toList()} failed ($code)" }
            return out
        }
    }

    @ParameterizedTest
    @ValueSource(strings = ["en", "ru", "kk"])
    fun `a lead approves a pasted request, sees the phone's sync, sets the policy and revokes it`(lang: String) {
        val data = Files.createTempDirectory("senim-ui-lead")
        try {
            HubProcess.start(data.resolve("hub")).use { hub ->
                val phone = Phone(data)
                phone.run("vault", "init")
                clickThrough("lead", lang) { leadWork(hub.url, phone, data) }
            }
        } finally {
            data.toFile().deleteRecursively()
        }
    }

    @ParameterizedTest
    @ValueSource(strings = ["en", "ru", "kk"])
    fun `a lead erases a person the phone recorded, from the phone too, after typing the word`(lang: String) {
        val data = Files.createTempDirectory("senim-ui-erase")
        try {
            // Demo vaults on a demo hub: the phone's seeded cases hold people to erase.
            HubProcess.start(data.resolve("hub"), demo = true).use { hub ->
                val phone = Phone(data, passcode = "senim-demo")
                phone.run("vault", "init", "--demo", "--seed", "7", "--records", "12")
                clickThrough("lead-erase", lang) { erasure(hub.url, phone) }
            }
        } finally {
            data.toFile().deleteRecursively()
        }
    }

    @ParameterizedTest
    @ValueSource(strings = ["en", "ru", "kk"])
    fun `a lead sees the team's records filtered, a conflict two phones made with both names, and its history`(lang: String) {
        val data = Files.createTempDirectory("senim-ui-records")
        try {
            HubProcess.start(data.resolve("hub")).use { hub ->
                val daniyar = Phone(Files.createDirectories(data.resolve("daniyar")))
                val saule = Phone(Files.createDirectories(data.resolve("saule")))
                daniyar.run("vault", "init")
                saule.run("vault", "init")
                clickThrough("lead-records", lang) { teamRecords(hub.url, daniyar, saule, data) }
            }
        } finally {
            data.toFile().deleteRecursively()
        }
    }

    /** The id a `--json` command printed under `key`. */
    private fun idIn(output: String, key: String): String =
        Regex("\"$key\"\\s*:\\s*\"([0-9a-f]{32})\"").find(output)!!.groupValues[1]

    private fun AppUnderTest.teamRecords(hubUrl: String, daniyar: Phone, saule: Phone, data: Path) {
        newVault()
        enrol(hubUrl, daniyar, shots = false)
        // The second phone, approved through the team's view model (the screen's
        // approval is clicked through above).
        val first = session.team.state.value.approvedWelcome
        session.team.approve(request(saule, "Saule"))
        ui.waitUntil("the second welcome", 60_000) {
            session.team.state.value.approvedWelcome.let { it != null && it != first }
        }
        val welcome = session.team.state.value.approvedWelcome!!
        saule.run("team", "join", welcome, "--verify", welcomeVerification(welcome))

        // Daniyar's note reaches Saule; then both correct its place at once, offline.
        val text = "Two men from Osh, passports held by the foreman"
        val note = idIn(daniyar.run("--json", "note", "add", "--text", text, "--place", "Barakholka row 7"), "id")
        daniyar.run("sync")
        saule.run("sync")
        daniyar.run("note", "edit", note, "--place", "Barakholka row 8")
        saule.run("note", "edit", note, "--place", "Green market")
        saule.run("note", "add", "--text", "A quiet day at the bus station", "--place", "Sayran")
        // An interview that raises indicators, referred: an open referral.
        val answers = data.resolve("answers.json")
        Files.writeString(answers, interviewAnswers("yes"))
        val run = daniyar.run(
            "--json", "interview", "run", "--form", "central_asia_screening", "--lang", "en", "--anonymous",
            "--consent", "screening,referral", "--answers", answers.toString(),
        )
        daniyar.run("services", "refer", "--interview", idIn(run, "interview"), "--service", "trafficking_hotline", "--person-agreed")
        daniyar.run("sync")
        saule.run("sync")

        click(words.text("app-lead-records-title"))
        syncPage()
        ui.waitUntil("the team's records", 60_000) {
            session.lead.state.value.teamRecords.records.any { it.record.id == note && it.record.conflicts.isNotEmpty() }
        }
        val all = session.lead.state.value.teamRecords
        assertEquals(all.records.size.toULong(), all.total)
        assertTrue(all.total!! >= 5uL, "the notes, the interview, its consent and the referral: $all")
        waitFor(words.format("app-lead-records-count", "count" to all.total!!))
        shot("lead-records")

        // Conflicts only: the note, by Daniyar.
        click(words.text("app-lead-records-conflicts"))
        ui.waitUntil("the conflicts", 60_000) { session.lead.state.value.teamRecords.total == 1uL }
        val conflicted = session.lead.state.value.teamRecords.records.single()
        assertEquals(note, conflicted.record.id)
        assertEquals("Daniyar", conflicted.author.name)
        waitFor(words.format("app-lead-records-count", "count" to 1))
        // The whole card in the picture, its last line (the place it reads) included.
        ui.onNode(hasText(conflicted.record.note!!.place!!)).performScrollTo()
        shot("lead-records-conflicts")

        // The record: both values with their authors, and its history.
        click(text)
        ui.waitUntil("the record", 60_000) { session.lead.state.value.teamRecords.detail != null }
        val detail = session.lead.state.value.teamRecords.detail!!
        val place = detail.conflicts.single { it.field == "place" }
        assertEquals(setOf("Daniyar", "Saule"), place.values.map { it.author.name }.toSet())
        waitFor(words.text("app-lead-record-conflicts"))
        waitFor(words.format("app-lead-record-value", "name" to "Daniyar", "value" to "Barakholka row 8"))
        waitFor(words.format("app-lead-record-value", "name" to "Saule", "value" to "Green market"))
        // The value the record reads now is marked, and only that one.
        val reads = detail.record.record.note!!.place!!
        assertEquals(listOf("\"$reads\""), place.values.filter { it.current }.map { it.valueJson })
        assertEquals(1, ui.onAllNodes(hasText(words.text("app-lead-record-value-current"))).fetchSemanticsNodes().size)
        shot("lead-record-conflict")
        assertEquals(listOf("Daniyar", "Daniyar", "Saule"), detail.history.map { it.author.name }.sorted())
        assertEquals(org.senim.core.ChangeKind.CREATE, detail.history.first().kind)
        assertTrue(detail.history.drop(1).all { it.fields == listOf("place") }, "${detail.history}")
        val created = words.format(
            "app-lead-record-created",
            "time" to detail.history.first().at.short(words),
            "name" to "Daniyar",
        )
        waitFor(created)
        click(words.text("app-lead-record-back"))
        ui.waitUntil("the list again", 30_000) { session.lead.state.value.teamRecords.detail == null }

        // By worker: Saule's one note; then open referrals only: Daniyar's referral.
        click(words.text("app-lead-records-clear"))
        ui.waitUntil("every record again", 60_000) { session.lead.state.value.teamRecords.total == all.total }
        click(words.text("app-lead-records-any-worker"))
        click("Saule")
        ui.waitUntil("Saule's records", 60_000) { session.lead.state.value.teamRecords.total == 1uL }
        assertEquals("Saule", session.lead.state.value.teamRecords.records.single().author.name)
        waitFor("A quiet day at the bus station")
        shot("lead-records-by-worker")
        click(words.text("app-lead-records-clear"))
        ui.waitUntil("every record again", 60_000) { session.lead.state.value.teamRecords.total == all.total }
        click(words.text("app-lead-records-open-referrals"))
        ui.waitUntil("the open referral", 60_000) { session.lead.state.value.teamRecords.total == 1uL }
        assertTrue(session.lead.state.value.teamRecords.records.single().openReferral)
        // The referral's service by its name in the directory, in the app's language, not its id.
        val hotline = directoryServiceName("trafficking_hotline", words.tag)!!.text
        assertEquals(hotline, serviceName(words, "trafficking_hotline"))
        ui.onNode(hasText(hotline, substring = true)).performScrollTo()
        assertTrue(ui.onAllNodes(hasText("trafficking_hotline", substring = true)).fetchSemanticsNodes().isEmpty())
        shot("lead-records-open-referral")

        // A malformed day is refused, naming the field.
        type(words.text("app-lead-records-from"), "2026-13-40")
        click(words.text("app-lead-records-apply"))
        ui.waitUntil("the refusal", 30_000) { session.lead.state.value.error != null }
        waitFor(words.say(session.lead.state.value.error!!.sentence))
        shot("lead-records-bad-day")
    }

    private fun AppUnderTest.erasure(hubUrl: String, phone: Phone) {
        waitForPhase("the first-run screen") { it is Phase.Create }
        click(words.text("app-create-demo-button"))
        waitForPhase("the demo vault open") { it is Phase.Unlocked }
        enrol(hubUrl, phone, shots = false)
        phone.run("sync")
        val subject = Regex("\"id\"\\s*:\\s*\"([0-9a-f]{32})\"")
            .find(phone.run("--json", "records", "list", "--kind", "subject"))!!.groupValues[1]
        assertEquals(0, phone.exit("records", "show", subject).first, "the phone holds the person")

        // The person picked from the list of people, with what an erasure removes.
        // The lead's demo vault holds people of its own; the phone's come with a sync.
        click(words.text("app-lead-erase-title"))
        syncPage()
        ui.waitUntil("the people", 60_000) { session.lead.state.value.people.any { it.id == subject } }
        val people = session.lead.state.value.people
        val person = people.indexOfFirst { it.id == subject }
        assertEquals("Daniyar", people[person].recordedBy.name)
        waitFor(people[person].alias)
        shot("erase-people")
        ui.onAllNodes(hasText(words.text("app-lead-erase-choose")) and hasClickAction())[person].performScrollTo().performClick()
        ui.waitUntil("the count", 60_000) { session.lead.state.value.erasure.count != null }
        assertEquals(subject, session.lead.state.value.erasure.subject)
        val count = session.lead.state.value.erasure.count!!
        assertTrue(count >= 1uL, "the person's record at least")
        assertEquals(people[person].records, count, "the list's count is the erasure's")
        waitFor(words.format("app-lead-erase-count", "count" to count))
        shot("erase-count")
        // Nothing happens until the word is typed.
        click(words.text("app-lead-erase-now"))
        assertNull(session.lead.state.value.erasure.done)
        type(LeadViewModel.ERASE_WORD, "erase")
        click(words.text("app-lead-erase-now"))
        ui.waitUntil("the erasure", 60_000) { session.lead.state.value.erasure.done != null }
        assertEquals(count, session.lead.state.value.erasure.done!!.records)
        assertNull(session.lead.state.value.error)
        assertTrue(session.lead.state.value.people.none { it.id == subject }, "gone from the list")
        shot("erase-done")

        // The phone's next sync removes the person and the records linked to them.
        phone.run("sync")
        assertTrue(phone.exit("records", "show", subject).first != 0, "gone from the phone")
    }

    /** A screening's answers: every indicator question answered `raised` ("yes" or "no"). */
    private fun interviewAnswers(raised: String): String = """
        {"safe_to_talk": "yes", "age_group": "age_25_34", "in_danger_now": "no", "injured_now": "no",
         "watched_now": "no", "job_different": "$raised", "conditions_deceived": "$raised",
         "long_hours": "$raised", "underpaid": "$raised", "documents_taken": "$raised",
         "debt_to_employer": "$raised"}
    """.trimIndent()

    /** A phone's join request, as `senim team request` prints it. */
    private fun request(phone: Phone, name: String): String = phone.run("--json", "team", "request", "--as", name)
        .let { Regex("\"request\"\\s*:\\s*\"([^\"]+)\"").find(it)!!.groupValues[1] }

    /** The lead creates the team on the hub, approves the phone's pasted request, and the phone joins. */
    private fun AppUnderTest.enrol(hubUrl: String, phone: Phone, shots: Boolean) {
        click("⋮")
        click(words.text("app-menu-team"))
        type(words.text("app-team-name"), "Almaty outreach")
        // The second field of that label: the new team's (the first names a joining phone).
        waitFor(words.text("app-team-your-name"), substring = false)
        ui.onAllNodes(hasSetTextAction() and hasText(words.text("app-team-your-name")))[1].performScrollTo().performTextInput("Aigerim")
        ui.waitForIdle()
        type(words.text("app-team-hub-url"), hubUrl)
        click(words.text("app-team-create"))
        waitFor(words.text("app-team-role-lead"), timeoutMs = 60_000)

        // The phone's join request, pasted: its words are shown before approving.
        val request = request(phone, "Daniyar")
        type(words.text("app-team-paste-request"), request)
        val requestWords = joinRequestVerification(request)
        waitFor(requestWords)
        waitFor(words.text("app-team-request-words"))
        if (shots) shot("approve-pasted-request")
        click(words.text("app-team-approve-pasted"))
        ui.waitUntil("the welcome", 60_000) { session.team.state.value.approvedWelcome != null }
        val welcome = session.team.state.value.approvedWelcome!!
        val welcomeWords = welcomeVerification(welcome)
        waitFor(words.text("app-team-show-welcome"))
        waitFor(welcomeWords)
        ui.onAllNodes(hasText(welcomeWords))[0].performScrollTo()
        if (shots) shot("approve-welcome")

        // The phone joins with the welcome (its words checked).
        phone.run("team", "join", welcome, "--verify", welcomeWords)
    }

    /**
     * Clicks the open page's sync button once the page has loaded: opening a page loads
     * it, and the button stays disabled while it does, so a click then was lost and the
     * wait after it ran out (seen once, in a cold first run).
     */
    private fun AppUnderTest.syncPage() {
        waitFor(words.text("app-lead-members-sync"))
        ui.waitUntil("the page loaded", 60_000) { !session.lead.state.value.working }
        click(words.text("app-lead-members-sync"))
    }

    /** The lead's new vault, a real one. */
    private fun AppUnderTest.newVault() {
        val code = "steppe-river-2580"
        waitForPhase("the first-run screen") { it is Phase.Create }
        type(words.text("app-create-new-passcode"), code)
        type(words.text("app-create-passcode-again"), code)
        click(words.text("app-create-button"))
        waitForPhase("the vault open") { it is Phase.Unlocked }
    }

    private fun AppUnderTest.leadWork(hubUrl: String, phone: Phone, data: Path) {
        newVault()
        enrol(hubUrl, phone, shots = true)

        // Six notes at one place, five at another, one at a third: the one is hidden, and
        // the five with it (their total would give it away); the six are shown.
        for ((place, count) in listOf("Korday" to 6, "Barakholka" to 5, "Sayran" to 1)) {
            repeat(count) { phone.run("note", "add", "--text", "Round ${it + 1} at the crossing", "--place", place) }
        }
        // Five interviews that raise indicators, each referred, and five that raise none.
        for (raised in listOf("yes", "no")) {
            val answers = data.resolve("answers-$raised.json")
            Files.writeString(answers, interviewAnswers(raised))
            repeat(5) {
                val run = phone.run(
                    "--json", "interview", "run", "--form", "central_asia_screening", "--lang", "en", "--anonymous",
                    "--consent", "screening,referral", "--answers", answers.toString(),
                )
                if (raised == "yes") {
                    val interview = Regex("\"interview\"\\s*:\\s*\"([^\"]+)\"").find(run)!!.groupValues[1]
                    phone.run("services", "refer", "--interview", interview, "--service", "trafficking_hotline", "--person-agreed")
                }
            }
        }
        phone.run("sync")

        // The lead's members: after a sync, when it heard from the phone.
        click(words.text("app-lead-members-title"))
        syncPage()
        ui.waitUntil("the phone heard from", 60_000) {
            session.lead.state.value.members.any { it.name == "Daniyar" && it.lastHeard != null }
        }
        val daniyar = session.lead.state.value.members.first { it.name == "Daniyar" }
        assertEquals(TeamRole.WORKER, daniyar.role)
        assertTrue(daniyar.lastEnvelope >= 1uL, "$daniyar")
        waitFor(words.format("app-lead-member-heard", "time" to daniyar.lastHeard!!.short(words), "count" to daniyar.lastEnvelope))
        shot("lead-members")
        assertTrue(pressBack(), "back to the team screen")

        // The team's policy, set.
        click(words.text("app-lead-policy-title"))
        waitFor(words.text("app-lead-policy-none"))
        type(words.text("app-lead-policy-failures"), "10")
        type(words.text("app-lead-policy-days"), "30")
        click(words.text("app-lead-policy-save"))
        ui.waitUntil("the policy set", 60_000) { session.lead.state.value.policySet != null }
        assertEquals(10u, session.lead.state.value.policy?.wipeAfterFailedUnlocks)
        val set = words.format("app-lead-policy-set", "order" to session.lead.state.value.policySet!!)
        waitFor(set)
        ui.onAllNodes(hasText(set))[0].performScrollTo()
        shot("lead-policy")
        assertTrue(pressBack())

        // The quarantine of a sound team: empty.
        click(words.text("app-lead-quarantine-title"))
        waitFor(words.format("app-lead-quarantine-count", "count" to 0))
        shot("lead-quarantine")
        assertTrue(pressBack())

        // The report: the places' small counts hidden.
        click(words.text("app-lead-report-title"))
        ui.waitUntil("the report", 60_000) { session.lead.state.value.report != null }
        val report = session.lead.state.value.report!!
        val count = { place: String -> report.notesByPlace.first { it.label == place }.count }
        assertEquals(6uL, count("Korday").value)
        for (hidden in listOf("Sayran", "Barakholka")) {
            assertTrue(count(hidden).suppressed && count(hidden).value == null, "$hidden: ${count(hidden)}")
        }
        val month = report.levelsByMonth.last()
        assertEquals(5uL, month.none.value, "$month")
        assertEquals(5uL, (report.referralsByStatus.first { it.label == "proposed" }.count.value), "${report.referralsByStatus}")
        waitFor(words.text("app-lead-report-levels"))
        waitFor(words.text("app-lead-level-likely"))
        shot("lead-report")
        waitFor("Korday")
        ui.onAllNodes(hasText(words.text("app-lead-report-hidden-explained")))[0].performScrollTo()
        waitFor(words.text("app-lead-report-hidden"))
        shot("lead-report-places")
        assertTrue(pressBack())

        // The erasure asks for the person's record id first.
        click(words.text("app-lead-erase-title"))
        waitFor(words.text("app-lead-erase-explained"))
        shot("lead-erase")
        assertTrue(pressBack())

        // Revoked, after a confirmation.
        click(words.text("app-lead-members-title"))
        waitFor("Daniyar")
        click(words.text("app-lead-revoke"))
        waitFor(words.text("app-lead-revoke-title"))
        shot("lead-revoke-confirm")
        clickLast(words.text("app-lead-revoke"))
        ui.waitUntil("the phone revoked", 60_000) {
            session.lead.state.value.members.any { it.device == daniyar.device && it.role == null }
        }
        waitFor(words.text("app-lead-member-revoked"))
        assertNull(session.lead.state.value.error)
        shot("lead-revoked")
        val revoked = session.lead.state.value.members.first { it.device == daniyar.device }
        assertNotNull(revoked.lastHeard, "what was heard stays known")
        assertEquals("Daniyar", revoked.name, "its name from the earlier list")
    }
}
