package org.senim.presentation

import org.senim.core.PasscodeStrength

import org.senim.core.AnswerResult
import org.senim.core.AnswerValue
import org.senim.core.AssessmentView
import org.senim.core.ConsentScope
import org.senim.core.ConsentScript
import org.senim.core.DemoContents
import org.senim.core.DuressChoice
import org.senim.core.ErasureSubject
import org.senim.core.ErasureView
import org.senim.core.FormSummary
import org.senim.core.InterviewInterface
import org.senim.core.InterviewProgress
import org.senim.core.KeyStore
import org.senim.core.MemberActivity
import org.senim.core.Note
import org.senim.core.PolicyView
import org.senim.core.QuarantinedEnvelope
import org.senim.core.Question
import org.senim.core.RecordPageView
import org.senim.core.ReportView
import org.senim.core.SenimException
import org.senim.core.SenimVaultInterface
import org.senim.core.ServiceView
import org.senim.core.SyncSummary
import org.senim.core.SyncTransport
import org.senim.core.TeamRecordDetail
import org.senim.core.TeamRecordFilter
import org.senim.core.TeamRecordsPage
import org.senim.core.TeamRole
import org.senim.core.TeamView
import org.senim.core.ScenarioSummary
import org.senim.core.ScenarioView
import org.senim.core.TrainingResult
import org.senim.core.UpgradeProgress
import org.senim.core.UpgradeStep
import org.senim.core.WipeSummary
import org.senim.core.demoPasscode
import org.senim.core.trainingScenario
import org.senim.core.trainingScenarios
import org.senim.core.wipeVaultAt

// The seams between the view models and the generated bindings: one small interface per
// screen, in the bindings' own types, so that each view model can be tested with a fake
// and runs on the real library through [VaultPorts]. Every call may throw a
// `SenimException` (one subclass per failure, with its fields); the view models turn it
// into a [UiError].
//
// Plain (non-suspend) functions block on the vault (JNA calls that wait for its lock):
// the view models run them on their `io` dispatcher, never on the UI thread.

/** Unlocking and locking the vault. */
interface VaultLock {
    /**
     * Runs the passcode KDF (about half a second). The first unlock of a vault made by
     * an earlier version also upgrades it, once: [upgrade] hears each step, on the
     * thread doing the work.
     */
    suspend fun unlock(passcode: ByteArray, upgrade: (UpgradeStep) -> Unit = {})
    fun lock()
    fun isUnlocked(): Boolean
    /** Failed unlocks since the last success (kept across restarts). */
    fun failedAttempts(): Int
    /** A demo vault (synthetic training data only). Known without the passcode. */
    fun isDemo(): Boolean
    /**
     * Demo vault only: unlocks with the public demo passcode, so a trainee types none.
     * A real vault refuses with `SenimException.Demo` before any passcode is tried.
     */
    suspend fun unlockDemo()
}

/**
 * First run on this device: making its vault. Each call returns once the vault exists,
 * unlocked (the app then opens it as usual).
 */
interface VaultCreation {
    /** A real vault: `passcode` (the KDF is calibrated on the phone) and the device's key store. */
    suspend fun create(passcode: ByteArray)
    /**
     * How hard `passcode` (UTF-8, as typed so far) is to guess: the core's estimate, a
     * few milliseconds. The caller wipes the array.
     */
    fun strength(passcode: ByteArray): PasscodeStrength
    /**
     * A demo vault for training: marked for good, filled with about `records` synthetic
     * cases from the generator seeded with `seed`; its passcode is the public demo one.
     */
    suspend fun createDemo(seed: ULong, records: UInt)
}

/** Demo vaults: back to the seeded state. */
interface DemoReset {
    fun isDemo(): Boolean
    /**
     * Demo vault only (a real vault: `SenimException.Demo`, nothing touched); it must be
     * unlocked. Everything added since, and any team, is gone.
     */
    suspend fun resetDemo(): DemoContents
}

/**
 * The panic wipe ([PanicWipeViewModel]). Destroys the vault for good, locked or
 * unlocked, without the passcode, and deletes its device secret from the key store;
 * afterwards every call on the vault fails with `SenimException.NoVault`. A wipe that
 * did not finish throws `SenimException.WipeIncomplete`, saying whether the keys were
 * destroyed.
 */
interface PanicWipe {
    /** Wipes the open vault (`SenimVault.wipe`). NoVault when this vault object was wiped already. */
    suspend fun wipe(): WipeSummary

    /**
     * Wipes by the vault's directory (`wipeVaultAt`): after a wipe that did not finish
     * (the vault object is inert by then), or for a vault that does not open. NoVault
     * when the directory holds no vault file any more.
     */
    suspend fun wipeAgain(): WipeSummary
}

/** The duress passcode, from the settings of an unlocked real vault ([DuressViewModel]). */
interface DuressSetup {
    /** A demo vault has no duress passcode (its passcode is public): the core refuses one. */
    fun isDemo(): Boolean

    /**
     * Sets or replaces the duress passcode (runs the KDF). Needs the vault unlocked and
     * `current`, the real passcode (WrongPasscode otherwise); a duress passcode equal to
     * it or too short is InvalidInput.
     */
    suspend fun setDuressPasscode(current: ByteArray, duress: ByteArray, mode: DuressChoice)
}

/** Records for the list and search screen. */
interface RecordSource {
    fun list(limit: Int, after: String?): RecordPageView
    fun search(text: String, limit: Int, after: String?): RecordPageView
}

/** Notes for the editor. */
interface NoteStore {
    /** The note with this id; `SenimException.NotFound`, or InvalidInput when the record is not a note. */
    fun note(id: String): Note
    fun add(note: Note): String
    /** Returns the names of the fields that changed. */
    fun edit(id: String, note: Note): List<String>
}

/** Sync with the team's hub. */
interface Syncer {
    suspend fun sync(): SyncSummary

    /**
     * Whole days left before this phone wipes itself for want of a sync (team policy),
     * or null when no such wipe applies. Known without the passcode.
     */
    fun idleWipeDaysLeft(): Int?
}

/** Joining a team (a new device) and admitting devices (a lead). */
interface Enrolment {
    fun team(): TeamView?
    /** This device's one-line join request, for the lead (shown as a QR code). */
    fun joinRequest(deviceName: String): String
    /** Joins with the lead's welcome code (typed or scanned). */
    fun join(welcome: String): TeamView
    /**
     * Lead: admits the device of `request`; returns the welcome code to show it. With
     * `withHistory`, the welcome also carries every earlier key of the team, so the
     * device reads what the team wrote before it joined.
     */
    suspend fun approve(request: String, role: TeamRole, withHistory: Boolean = false): String

    /**
     * Creates a team on the hub at `hubUrl`, this phone its lead. `hubPin` is the SHA-256
     * of the hub's certificate (needed for `https://`); InvalidInput ("certificate pin")
     * when it is not one. `registrationToken`: the one-use token of a hub that registers
     * teams by token (HubRefused without it).
     */
    suspend fun createTeam(name: String, leadName: String, hubUrl: String, hubPin: String?, registrationToken: String? = null): TeamView
}

/**
 * A lead's work beyond enrolment: the members and when each was last heard from, the
 * quarantine, the team's policy, a subject's erasure and the anonymised report. The
 * core refuses the lead-only calls on another device (Membership).
 */
interface LeadWork {
    /** A sync with the hub first: what the members sent since reaches this device. */
    suspend fun syncTeam(): SyncSummary
    fun memberActivity(): List<MemberActivity>
    suspend fun revoke(device: String)
    fun quarantine(): List<QuarantinedEnvelope>
    suspend fun purgeQuarantine(): ErasureView
    fun policy(): PolicyView?
    suspend fun setPolicy(policy: PolicyView): ULong
    /** The records an erasure of `subject` removes, as this device holds them. */
    fun erasureCount(subject: String): ULong
    suspend fun eraseSubject(subject: String): ErasureView
    suspend fun report(from: String?, to: String?, threshold: UInt, language: String): ReportView
    /** The team's records as this device holds them, filtered in the core, a page at a time. */
    fun teamRecords(filter: TeamRecordFilter, limit: UInt, after: String?): TeamRecordsPage
    /** One record with its conflicts and its history, every author named. */
    fun teamRecord(id: String): TeamRecordDetail
    /** The people an erasure may name, with the records each would remove. */
    fun erasureSubjects(): List<ErasureSubject>
}

/** Starting screening interviews. */
interface Screening {
    fun forms(): List<FormSummary>

    /**
     * The form's interview languages by their own names, with the script where one
     * language is offered in two (Uzbek in Latin and in Cyrillic); empty when unknown.
     */
    fun languageNames(formId: String): Map<String, String> = emptyMap()
    fun start(formId: String, language: String, subject: String?): InterviewPort
}

/**
 * Training: the bundled scenarios and their answer keys (no vault needed), and practice
 * interviews against them with their comparison (a demo vault only; a real vault
 * refuses with Demo).
 */
interface Training {
    fun scenarios(language: String): List<ScenarioSummary>
    fun scenario(id: String, language: String): ScenarioView
    fun startPractice(scenario: String, language: String): InterviewPort
    fun check(scenario: String, interview: String, language: String): TrainingResult
}

/** One interview, as the wizard drives it. */
interface InterviewPort {
    /** The stored interview's id; none before consent. */
    fun id(): String? = null
    fun languages(): List<String>
    fun language(): String
    fun setLanguage(language: String)
    fun hasConsent(): Boolean
    fun consentScript(): ConsentScript
    fun recordConsent(scopes: List<ConsentScope>, recordedBy: String)
    fun current(): Question?
    fun progress(): InterviewProgress
    fun answer(answer: AnswerValue): AnswerResult
    fun skip()
    fun back(): Boolean
    fun missingRequired(): List<String>
    fun stop()
    /**
     * Quick exit: closes the interview at once, keeping what was answered (nothing after
     * is accepted). Whether answers were stored (false before consent).
     */
    fun quickExit(): Boolean
    fun finish(): AssessmentView
    fun recommend(region: String?): List<ServiceView>
    /** Returns the referral's id. */
    fun refer(service: String, reason: String): String
}

/**
 * Every port over one vault of the generated bindings, syncing through `transport`
 * (OkHttp on Android; java.net.http in the JVM tests). `directory` and `keyStore` (the
 * ones the vault was opened with) are for [PanicWipe.wipeAgain]; without a directory it
 * fails with NoVault. `creationTransport` carries the creation of a team, which happens
 * before the vault knows its hub's pin: given the pin typed, a transport pinned to it.
 */
class VaultPorts(
    private val vault: SenimVaultInterface,
    private val transport: SyncTransport,
    private val directory: String? = null,
    private val keyStore: KeyStore? = null,
    private val creationTransport: (hubPin: String?) -> SyncTransport = { transport },
) : VaultLock, RecordSource, NoteStore, Syncer, Enrolment, LeadWork, Screening, Training, DemoReset, PanicWipe, DuressSetup {
    override suspend fun unlock(passcode: ByteArray, upgrade: (UpgradeStep) -> Unit) =
        vault.unlock(
            passcode,
            object : UpgradeProgress {
                override fun step(step: UpgradeStep) = upgrade(step)
            },
        )
    override fun lock() = vault.lock()
    override fun isUnlocked() = vault.isUnlocked()
    override fun failedAttempts() = vault.summary().failedAttempts.toInt()
    override fun isDemo() = vault.isDemo()

    override suspend fun unlockDemo() {
        // Never try the public passcode on a real vault: it would count as a failed attempt.
        if (!vault.isDemo()) throw SenimException.Demo("not a demo vault: enter its passcode")
        val passcode = demoPasscode().toByteArray(Charsets.UTF_8)
        try {
            vault.unlock(passcode)
        } finally {
            passcode.fill(0)
        }
    }

    override suspend fun resetDemo() = vault.resetDemo()

    override suspend fun wipe() = vault.wipe()

    override suspend fun wipeAgain(): WipeSummary {
        val dir = directory ?: throw SenimException.NoVault()
        return wipeVaultAt(dir, keyStore)
    }

    override suspend fun setDuressPasscode(current: ByteArray, duress: ByteArray, mode: DuressChoice) =
        vault.setDuressPasscode(current, duress, mode)

    override fun list(limit: Int, after: String?) = vault.records(null, false, limit.toUInt(), after)
    override fun search(text: String, limit: Int, after: String?) = vault.search(text, limit.toUInt(), after)

    override fun note(id: String): Note {
        val record = vault.record(id)
        return record.note ?: throw SenimException.InvalidInput(
            "record",
            "record is a ${record.kind.name.lowercase()}, not a note",
        )
    }
    override fun add(note: Note) = vault.addNote(note)
    override fun edit(id: String, note: Note) = vault.editNote(id, note)

    override suspend fun sync() = vault.sync(transport)
    override fun idleWipeDaysLeft() = vault.idleWipeDaysLeft()?.toInt()

    override fun team() = vault.team()
    override fun joinRequest(deviceName: String) = vault.joinRequest(deviceName)
    override fun join(welcome: String) = vault.join(welcome)
    override suspend fun approve(request: String, role: TeamRole, withHistory: Boolean) =
        vault.approve(request, role, transport, withHistory)
    override suspend fun createTeam(name: String, leadName: String, hubUrl: String, hubPin: String?, registrationToken: String?) =
        vault.createTeam(name, leadName, hubUrl, creationTransport(hubPin), hubPin, registrationToken)

    override suspend fun syncTeam() = vault.sync(transport)
    override fun memberActivity() = vault.memberActivity()
    override suspend fun revoke(device: String) = vault.revoke(device, transport)
    override fun quarantine() = vault.quarantine()
    override suspend fun purgeQuarantine() = vault.purgeQuarantine(transport)
    override fun policy() = vault.policy()
    override suspend fun setPolicy(policy: PolicyView) = vault.setPolicy(policy, transport)
    override fun erasureCount(subject: String) = vault.erasureCount(subject)
    override suspend fun eraseSubject(subject: String) = vault.eraseSubject(subject, transport)
    override suspend fun report(from: String?, to: String?, threshold: UInt, language: String) =
        vault.report(from, to, threshold, language)
    override fun teamRecords(filter: TeamRecordFilter, limit: UInt, after: String?) = vault.teamRecords(filter, limit, after)
    override fun teamRecord(id: String) = vault.teamRecord(id)
    override fun erasureSubjects() = vault.erasureSubjects()

    override fun forms() = vault.forms()
    override fun languageNames(formId: String) =
        org.senim.core.interviewLanguages(formId).associate { it.tag to it.nativeName }
    override fun start(formId: String, language: String, subject: String?): InterviewPort =
        InterviewAdapter(vault.startInterview(formId, language, subject))

    override fun scenarios(language: String) = trainingScenarios(language)
    override fun scenario(id: String, language: String) = trainingScenario(id, language)
    override fun startPractice(scenario: String, language: String): InterviewPort =
        InterviewAdapter(vault.startPractice(scenario, language))
    override fun check(scenario: String, interview: String, language: String) = vault.trainingCheck(scenario, interview, language)
}

/** An interview of the generated bindings as an [InterviewPort]. */
class InterviewAdapter(private val interview: InterviewInterface) : InterviewPort {
    override fun id() = interview.id()
    override fun languages() = interview.languages()
    override fun language() = interview.language()
    override fun setLanguage(language: String) = interview.setLanguage(language)
    override fun hasConsent() = interview.hasConsent()
    override fun consentScript() = interview.consentScript()
    override fun recordConsent(scopes: List<ConsentScope>, recordedBy: String) {
        interview.recordConsent(scopes, recordedBy)
    }
    override fun current() = interview.current()
    override fun progress() = interview.progress()
    override fun answer(answer: AnswerValue) = interview.answer(answer)
    override fun skip() = interview.skip()
    override fun back() = interview.back()
    override fun missingRequired() = interview.missingRequired()
    override fun stop() = interview.stop()
    override fun quickExit() = interview.quickExit()
    override fun finish() = interview.finish()
    override fun recommend(region: String?) = interview.recommend(region)
    override fun refer(service: String, reason: String) = interview.refer(service, reason)
}
