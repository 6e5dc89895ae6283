package org.senim.presentation

import org.senim.core.PasscodeProblem
import org.senim.core.PasscodeStrength
import org.senim.core.StrengthSuggestion
import org.senim.core.SyncPlace
import org.senim.core.UpgradeStep

import java.time.Instant
import kotlinx.coroutines.CompletableDeferred
import org.senim.core.AnswerResult
import org.senim.core.AnswerValue
import org.senim.core.AssessmentView
import org.senim.core.ChoiceOption
import org.senim.core.ConsentScope
import org.senim.core.ConsentScript
import org.senim.core.ContentProblem
import org.senim.core.DemoContents
import org.senim.core.DuressChoice
import org.senim.core.FormSummary
import org.senim.core.IndicatorView
import org.senim.core.InterviewProgress
import org.senim.core.LocalText
import org.senim.core.Note
import org.senim.core.Question
import org.senim.core.QuestionKind
import org.senim.core.RecordKind
import org.senim.core.RecordPageView
import org.senim.core.RecordView
import org.senim.core.RiskLevel
import org.senim.core.SenimException
import org.senim.core.ServiceView
import org.senim.core.SyncSummary
import org.senim.core.TeamRole
import org.senim.core.TeamView
import org.senim.core.WipeDeviceSecret
import org.senim.core.WipeKeyMaterial
import org.senim.core.WipeSummary

// Fakes of the ports, each keeping to what the real library does for the cases the
// view-model tests use (the real library is checked by the tests under android/senim).

/** The pause after [failures] wrong passcodes, as the core's schedule (ADR 0002). */
fun unlockDelaySeconds(failures: Int): Long = when (failures) {
    in 0..2 -> 0
    3 -> 5
    4 -> 15
    5 -> 30
    6 -> 60
    7 -> 5 * 60
    8 -> 15 * 60
    else -> 60 * 60
}

/** The core's public passcode of every demo vault. */
const val DEMO_PASSCODE = "senim-demo"

class FakeVaultLock(
    private val passcode: String,
    private val demo: Boolean = false,
    /** The team's policy: wipe the vault at this many failed unlocks (none: never). */
    private val wipeAfterFailures: Int? = null,
    /** Where the pause after wrong passcodes is measured, as the core measures it. */
    private val clock: Clock = Clock { 0 },
) : VaultLock {
    var unlocked = false
    var failures = 0
    var locks = 0
    /** Wiped by the policy: every later call fails with NoVault, as the core's. */
    var gone = false
    /** Every passcode array handed to unlock, to check they were wiped. */
    val received = mutableListOf<ByteArray>()
    /** Held open to keep an unlock running. */
    var gate: CompletableDeferred<Unit>? = null
    /** When the last wrong passcode was tried, on [clock]. */
    private var lastFailureAt = 0L

    /** The upgrade steps an unlock tells, as a vault from an earlier version's first does. */
    var upgradeSteps: List<UpgradeStep> = emptyList()
    /** Held open to keep an upgrade running after its steps were told. */
    var upgradeGate: CompletableDeferred<Unit>? = null

    override suspend fun unlock(passcode: ByteArray, upgrade: (UpgradeStep) -> Unit) {
        received += passcode
        val text = String(passcode, Charsets.UTF_8)
        gate?.await()
        if (gone) throw SenimException.NoVault()
        if (wipeAfterFailures != null && text != this.passcode && failures + 1 >= wipeAfterFailures) {
            gone = true
            failures = 0
            throw SenimException.Wiped("the vault was wiped by the team's policy: too many failed unlocks")
        }
        val left = lastFailureAt + unlockDelaySeconds(failures) * 1000 - clock.millis()
        if (left > 0) throw SenimException.TooManyAttempts(((left + 999) / 1000).toULong())
        if (text != this.passcode) {
            failures++
            lastFailureAt = clock.millis()
            throw SenimException.WrongPasscode(failures.toUInt())
        }
        failures = 0
        upgradeSteps.forEach(upgrade)
        upgradeGate?.await()
        unlocked = true
    }

    override fun lock() {
        locks++
        unlocked = false
    }

    override fun isUnlocked() = unlocked
    override fun failedAttempts(): Int {
        if (gone) throw SenimException.NoVault()
        return failures
    }
    override fun isDemo() = demo

    override suspend fun unlockDemo() {
        if (!demo) throw SenimException.Demo("not a demo vault: enter its passcode")
        unlock(DEMO_PASSCODE.toByteArray(Charsets.UTF_8))
    }
}

/** A demo vault's lock: its passcode is the public one. */
fun demoVaultLock() = FakeVaultLock(DEMO_PASSCODE, demo = true)

/** Records what it was asked to create; refuses a short passcode as the core does. */
class FakeVaultCreation : VaultCreation {
    /** "real" or "demo seed=S records=N", in order. */
    val made = mutableListOf<String>()
    /** Every passcode array handed to create, to check they were wiped. */
    val received = mutableListOf<ByteArray>()
    /** What the real passcodes were, read before the view model wiped them. */
    val passcodes = mutableListOf<String>()
    /** Held open to keep a creation running. */
    var gate: CompletableDeferred<Unit>? = null
    /** Thrown by the next creation. */
    var failure: SenimException? = null

    override suspend fun create(passcode: ByteArray) {
        received += passcode
        val text = String(passcode, Charsets.UTF_8)
        passcodes += text
        gate?.await()
        failure?.let { failure = null; throw it }
        if (text.codePointCount(0, text.length) < 6) throw SenimException.InvalidInput("passcode", "must be at least 6 characters")
        made += "real"
    }

    override suspend fun createDemo(seed: ULong, records: UInt) {
        gate?.await()
        failure?.let { failure = null; throw it }
        made += "demo seed=$seed records=$records"
    }

    /** Every array handed to strength, to check they were wiped. */
    val estimated = mutableListOf<ByteArray>()

    /** One point per three characters, refused below 2 as too weak (the core's rules stand in). */
    override fun strength(passcode: ByteArray): PasscodeStrength {
        estimated += passcode
        val score = minOf(4, String(passcode, Charsets.UTF_8).length / 3)
        val weak = score < 2
        return PasscodeStrength(
            score.toUByte(), score * 2.5, 2u,
            if (weak) PasscodeProblem.TOO_WEAK else null, null,
            if (weak) listOf(StrengthSuggestion.ADD_ANOTHER_WORD) else emptyList(),
            if (weak) "common-passcode-advice-add-another-word" else null,
        )
    }
}

fun demoContents(records: Int = 42) = DemoContents(
    records.toUInt(), 8u, 14u, 6u, 6u, 4u, 2u, 2u, 1u, 1u,
)

/** A vault's reset as the core does it: a real vault is refused, a locked one too. */
class FakeDemoReset(private val demo: Boolean) : DemoReset {
    var locked = false
    var resets = 0
    var gate: CompletableDeferred<Unit>? = null

    override fun isDemo() = demo

    override suspend fun resetDemo(): DemoContents {
        if (!demo) throw SenimException.Demo("this is not a demo vault: only a demo vault can be reset")
        gate?.await()
        if (locked) throw SenimException.Locked()
        resets++
        return demoContents()
    }
}

fun noteRecord(id: String, text: String, place: String? = null, minutes: Long = 0) = RecordView(
    id = id,
    kind = RecordKind.NOTE,
    createdAt = Instant.parse("2026-03-01T10:00:00Z").plusSeconds(minutes * 60),
    updatedAt = Instant.parse("2026-03-01T10:00:00Z").plusSeconds(minutes * 60),
    createdBy = "d1",
    deleted = false,
    note = Note(text, place, emptyList(), Instant.parse("2026-03-01T10:00:00Z"), null),
    bodyJson = "{}",
    conflicts = emptyList(),
)

/** Records newest first, paged by position; search matches word starts of text and place. */
class FakeRecordSource(private val records: List<RecordView>, private val damaged: List<String> = emptyList()) : RecordSource {
    val calls = mutableListOf<String>()
    var locked = false

    override fun list(limit: Int, after: String?): RecordPageView {
        calls += "list:${after ?: ""}"
        return page(records, limit, after)
    }

    override fun search(text: String, limit: Int, after: String?): RecordPageView {
        calls += "search:$text:${after ?: ""}"
        val words = text.lowercase().split(Regex("""[^\p{L}\p{N}]+""")).filter { it.isNotEmpty() }
        if (words.isEmpty()) throw SenimException.InvalidInput("search", "enter at least one word")
        val matching = records.filter { r ->
            val own = "${r.note?.text} ${r.note?.place ?: ""}".lowercase().split(Regex("""[^\p{L}\p{N}]+"""))
            words.all { w -> own.any { it.startsWith(w) } }
        }
        return page(matching, limit, after)
    }

    private fun page(of: List<RecordView>, limit: Int, after: String?): RecordPageView {
        if (locked) throw SenimException.Locked()
        val start = after?.toInt() ?: 0
        val end = minOf(of.size, start + limit)
        return RecordPageView(of.subList(start, end), if (end < of.size) end.toString() else null, if (after == null) damaged else emptyList())
    }
}

/** Notes by id; refuses an empty text as the core does. */
class FakeNoteStore : NoteStore {
    val notes = linkedMapOf<String, Note>()

    override fun note(id: String) = notes[id] ?: throw SenimException.NotFound("record $id not found")

    override fun add(note: Note): String {
        validate(note)
        val id = "n${notes.size + 1}"
        notes[id] = note
        return id
    }

    override fun edit(id: String, note: Note): List<String> {
        val old = note(id)
        validate(note)
        notes[id] = note
        return buildList {
            if (old.text != note.text) add("text")
            if (old.place != note.place) add("place")
            if (old.tags != note.tags) add("tags")
            if (old.at != note.at) add("at")
        }
    }

    private fun validate(note: Note) {
        if (note.text.isBlank()) throw SenimException.InvalidInput("text", "must not be empty")
        if (note.tags.any { it.length > 32 }) throw SenimException.InvalidInput("tags", "at most 32 characters each")
    }
}

fun summary(
    sent: Long = 0,
    received: Long = 0,
    merged: Long = 0,
    rejected: Long = 0,
    rejections: List<String> = emptyList(),
    rejectedPlaces: List<SyncPlace> = emptyList(),
    orders: Long = 0,
    purged: Long = 0,
    quarantinedPlaces: List<String> = emptyList(),
    idleWipeDaysLeft: Int? = null,
) = SyncSummary(
    1u, sent.toULong(), sent.toULong(), received.toULong(), merged.toULong(), 0u, rejected.toULong(), rejections, rejectedPlaces, 0u,
    orders.toULong(), purged.toULong(), quarantinedPlaces.size.toULong(), quarantinedPlaces, idleWipeDaysLeft?.toUInt(),
)

/** Each sync waits for the test to complete it with a summary or a failure. */
class FakeSyncer : Syncer {
    var pending: CompletableDeferred<SyncSummary>? = null
    var calls = 0

    /** What the vault's header says about the idle wipe now. */
    var daysLeft: Int? = null

    override fun idleWipeDaysLeft() = daysLeft

    override suspend fun sync(): SyncSummary {
        calls++
        val d = CompletableDeferred<SyncSummary>()
        pending = d
        return d.await()
    }
}

class FakeEnrolment : Enrolment {
    var team: TeamView? = null
    val approved = mutableListOf<String>()
    /** Whether each approval was asked with the team's history. */
    val withHistory = mutableListOf<Boolean>()
    /** The pins the teams were created with. */
    val createdWithPin = mutableListOf<String?>()
    /** The registration tokens they were created with. */
    val createdWithToken = mutableListOf<String?>()

    override suspend fun createTeam(name: String, leadName: String, hubUrl: String, hubPin: String?, registrationToken: String?): TeamView {
        if (team != null) throw SenimException.Membership("membership: this vault is already in a team")
        if (hubPin != null && hubPin.filter { it.isLetterOrDigit() }.length != 64) {
            throw SenimException.InvalidInput("certificate pin", "it is the SHA-256 of the hub's certificate: 64 hexadecimal digits")
        }
        createdWithPin += hubPin
        createdWithToken += registrationToken
        return TeamView("t9", name, hubUrl, "d1", TeamRole.LEAD, 1u, 1u, hubPin).also { team = it }
    }

    override fun team() = team

    override fun joinRequest(deviceName: String): String {
        if (team != null) throw SenimException.Membership("membership: this vault is already in a team")
        return "SNJR1-${deviceName.uppercase()}-CHECK"
    }

    override fun join(welcome: String): TeamView {
        if (!welcome.startsWith("SNWL1-")) throw SenimException.InvalidInput("welcome code", "checksum does not match")
        return TeamView("t1", "Almaty outreach", "http://hub", "d2", TeamRole.WORKER, 1u, 2u).also { team = it }
    }

    override suspend fun approve(request: String, role: TeamRole, withHistory: Boolean): String {
        if (team?.role != TeamRole.LEAD) throw SenimException.Membership("membership: only a lead can approve")
        if (!request.startsWith("SNJR1-")) throw SenimException.InvalidInput("join request", "checksum does not match")
        approved += request
        this.withHistory += withHistory
        team = team!!.copy(members = team!!.members + 1u)
        return "SNWL1-${request.removePrefix("SNJR1-")}"
    }
}

fun text(s: String, language: String = "en", review: Boolean = false) = LocalText(s, language, review)

/**
 * A four-question form with the core's rules in small: nothing before screening
 * consent; `online` (optional) shows `scam` when answered yes; `age` is required;
 * `danger` raises immediate danger on yes; back, skip and language as the runner.
 */
class FakeInterview(language: String = "en") : InterviewPort {
    private data class Q(val id: String, val kind: QuestionKind, val required: Boolean, val en: String, val ru: String, val options: List<String> = emptyList())

    private val questions = listOf(
        Q("online", QuestionKind.YES_NO, false, "Did you find the job online?", "Вы нашли работу через интернет?"),
        Q("scam", QuestionKind.YES_NO, false, "Were you forced to defraud people online?", "Вас заставляли обманывать людей в интернете?"),
        Q("age", QuestionKind.SINGLE_CHOICE, true, "How old are you?", "Сколько вам лет?", listOf("under_18", "adult")),
        Q("danger", QuestionKind.YES_NO, true, "Are you in danger right now?", "Вы сейчас в опасности?"),
    )
    private var lang = language
    private var consent: List<ConsentScope>? = null
    val answers = linkedMapOf<String, AnswerValue>()
    val skipped = mutableSetOf<String>()
    private var cursor: Int? = 0
    var stopped = false
    var finished = false
    val referrals = mutableListOf<String>()

    private fun visible() = questions.indices.filter { questions[it].id != "scam" || answers["online"] == AnswerValue.Yes }

    private fun open() {
        if (consent == null) throw SenimException.ConsentRequired(ConsentScope.SCREENING)
        if (stopped || finished) throw SenimException.Interview("interview: the interview is closed")
    }

    private fun l(q: Q) = if (lang == "ru") text(q.ru, "ru") else text(q.en, "en")

    /** Stored once consent is given (as the core stores it then). */
    override fun id(): String? = if (consent != null) "interview-1" else null
    override fun languages() = listOf("en", "ru", "kk")
    override fun language() = lang
    override fun setLanguage(language: String) {
        if (language !in languages()) throw SenimException.InvalidInput("language", "not offered by this form")
        lang = language
    }

    override fun hasConsent() = consent != null
    override fun consentScript() = if (lang == "ru") {
        ConsentScript(text("Цель", "ru"), text("Использование", "ru"), text("Вы можете отказаться", "ru"), text("Вы можете остановиться", "ru"))
    } else {
        ConsentScript(text("Purpose"), text("Use of information"), text("You may refuse"), text("You may stop"))
    }

    override fun recordConsent(scopes: List<ConsentScope>, recordedBy: String) {
        if (consent != null) throw SenimException.Interview("interview: consent is already recorded")
        if (ConsentScope.SCREENING !in scopes) throw SenimException.ConsentRequired(ConsentScope.SCREENING)
        consent = scopes
    }

    override fun current(): Question? {
        if (consent == null) return null
        val c = cursor ?: return null
        val q = questions[c]
        val vis = visible()
        return Question(
            q.id, (vis.indexOf(c) + 1).toUInt(), vis.size.toUInt(), text("Section"), q.kind, l(q), null,
            null, false, false,
            q.options.map { ChoiceOption(it, text(it)) }, q.required, answers[q.id], q.id in skipped,
        )
    }

    override fun progress(): InterviewProgress {
        val vis = visible().map { questions[it].id }
        val c = cursor
        return InterviewProgress(
            vis.count { it in answers }.toUInt(), vis.count { it in skipped }.toUInt(), vis.size.toUInt(),
            c?.let { (visible().indexOf(it) + 1).toUInt() },
        )
    }

    private fun nextAfter(i: Int) = visible().firstOrNull { it > i }

    override fun answer(answer: AnswerValue): AnswerResult {
        open()
        val c = cursor ?: throw SenimException.Interview("interview: there is no current question")
        val q = questions[c]
        answers[q.id] = answer
        skipped -= q.id
        val cleared = mutableListOf<String>()
        if (q.id == "online" && answer != AnswerValue.Yes && answers.remove("scam") != null) cleared += "scam"
        cursor = nextAfter(c)
        val danger = q.id == "danger" && answer == AnswerValue.Yes
        return AnswerResult(danger, if (danger) text("Call 102 now") else null, cleared)
    }

    override fun skip() {
        open()
        val c = cursor ?: throw SenimException.Interview("interview: there is no current question")
        if (questions[c].required) throw SenimException.Interview("interview: question '${questions[c].id}' is required and cannot be skipped")
        answers.remove(questions[c].id)
        skipped += questions[c].id
        cursor = nextAfter(c)
    }

    override fun back(): Boolean {
        val vis = visible()
        val previous = cursor?.let { c -> vis.lastOrNull { it < c } } ?: if (cursor == null) vis.lastOrNull() else null
        return if (previous != null) { cursor = previous; true } else false
    }

    override fun missingRequired() = visible().map { questions[it] }.filter { it.required && it.id !in answers }.map { it.id }

    override fun stop() {
        open()
        stopped = true
    }

    var exited = false

    override fun quickExit(): Boolean {
        val stored = consent != null
        exited = true
        stopped = true
        return stored
    }

    override fun finish(): AssessmentView {
        open()
        if (missingRequired().isNotEmpty()) throw SenimException.Interview("interview: required questions are unanswered")
        finished = true
        val raised = listOfNotNull(
            if (answers["scam"] == AnswerValue.Yes) IndicatorView("CD.illicit_activities", "coercion_at_destination", "strong", text("Forced to defraud"), false) else null,
        )
        val level = when {
            answers["danger"] == AnswerValue.Yes || raised.isNotEmpty() -> RiskLevel.LIKELY
            answers["online"] == AnswerValue.Yes -> RiskLevel.MONITOR
            else -> RiskLevel.NONE
        }
        return AssessmentView(
            level, text("Headline for $level"), listOf(text("Because ..."), text("This is not a finding.")), text("This is not a finding."),
            answers["danger"] == AnswerValue.Yes, null, answers["age"] == AnswerValue.Choice("under_18"), raised,
            if (level == RiskLevel.LIKELY) listOf("shelter") else emptyList(),
        )
    }

    override fun recommend(region: String?): List<ServiceView> {
        if (!finished) throw SenimException.Interview("interview: the interview has no assessment yet: finish it first")
        return listOf(
            ServiceView("hotline", "hotline", text("National hotline"), text("24/7"), true, "+7 700 000 00 00", false, null, listOf(text("urgent")), false),
            ServiceView("shelter_almaty", "shelter", text("Shelter"), text("Beds"), false, null, true, text("Contact to be confirmed"), listOf(text("shelter need")), false),
        )
    }

    override fun refer(service: String, reason: String): String {
        if (consent?.contains(ConsentScope.REFERRAL) != true) throw SenimException.ConsentRequired(ConsentScope.REFERRAL)
        referrals += service
        return "ref-$service"
    }
}

class FakeScreening(private val make: () -> FakeInterview = { FakeInterview() }) : Screening {
    var started: FakeInterview? = null
    var startedWith: Pair<String, String>? = null

    override fun forms() = listOf(FormSummary("central_asia_screening", "1.0.0", text("Screening"), listOf("en", "ru", "kk"), "en", 4u))

    override fun start(formId: String, language: String, subject: String?): InterviewPort {
        if (formId != "central_asia_screening") throw SenimException.Content("form", ContentProblem.MISSING, "form '$formId' is not available")
        startedWith = formId to language
        return make().also { it.setLanguage(language); started = it }
    }
}

fun wipeSummary(removed: List<String> = listOf("senim.db", "senim.db-wal", "senim-2.db"), secret: WipeDeviceSecret = WipeDeviceSecret.Deleted) =
    WipeSummary(true, WipeKeyMaterial.OVERWRITTEN, 2u, secret, removed)

/**
 * The panic wipe as the core does it: the object is inert after its first wipe (NoVault
 * on the next one), and [wipeAgain] works by the directory. [failures] are thrown first,
 * one per call, as the core's `WipeIncomplete` would be.
 */
class FakePanicWipe : PanicWipe {
    /** "wipe" or "again", in order. */
    val calls = mutableListOf<String>()
    val failures = ArrayDeque<SenimException>()
    var gate: CompletableDeferred<Unit>? = null
    private var objectUsed = false
    var filesLeft = true

    override suspend fun wipe(): WipeSummary {
        calls += "wipe"
        gate?.await()
        if (objectUsed) throw SenimException.NoVault()
        objectUsed = true
        return finish()
    }

    override suspend fun wipeAgain(): WipeSummary {
        calls += "again"
        gate?.await()
        if (!filesLeft) throw SenimException.NoVault()
        return finish()
    }

    private fun finish(): WipeSummary {
        failures.removeFirstOrNull()?.let { throw it }
        filesLeft = false
        return wipeSummary()
    }
}

/** The core's `WipeIncomplete`, as the facade hands it on. */
fun wipeIncomplete(keysDestroyed: Boolean) =
    SenimException.WipeIncomplete(keysDestroyed, "senim.db could not be removed (PermissionDenied)")

/** Duress setup as the core checks it: the real passcode, a different duress one, no demo vault. */
class FakeDuressSetup(private val passcode: String, private val demo: Boolean = false) : DuressSetup {
    /** Every array handed over, to check they were wiped. */
    val received = mutableListOf<ByteArray>()
    /** (duress passcode, mode) of each success, read before the arrays were wiped. */
    val set = mutableListOf<Pair<String, DuressChoice>>()
    var gate: CompletableDeferred<Unit>? = null

    override fun isDemo() = demo

    override suspend fun setDuressPasscode(current: ByteArray, duress: ByteArray, mode: DuressChoice) {
        received += current
        received += duress
        val (c, d) = String(current, Charsets.UTF_8) to String(duress, Charsets.UTF_8)
        gate?.await()
        if (demo) throw SenimException.InvalidInput("duress passcode", "a demo vault cannot have one: its passcode is public")
        if (c == d) throw SenimException.InvalidInput("duress passcode", "must differ from the passcode")
        if (c != passcode) throw SenimException.WrongPasscode(1u)
        set += d to mode
    }
}
