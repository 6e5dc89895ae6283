package org.senim.presentation

import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import org.senim.core.AnswerValue
import org.senim.core.AssessmentView
import org.senim.core.ConsentScope
import org.senim.core.ConsentScript
import org.senim.core.ContentProblem
import org.senim.core.FormSummary
import org.senim.core.InterviewProgress
import org.senim.core.LocalText
import org.senim.core.Question
import org.senim.core.SenimException
import org.senim.core.ServiceView

/** The screen the interview wizard shows. */
sealed interface WizardScreen {
    data object Loading : WizardScreen

    /** The language to interview in; nothing is stored yet. */
    data class Language(val form: FormSummary, val selected: String) : WizardScreen

    /** The consent script, read to the person; screening consent is needed to go on. */
    data class Consent(val script: ConsentScript, val scopes: Set<ConsentScope>) : WizardScreen {
        val canContinue: Boolean get() = ConsentScope.SCREENING in scopes
    }

    /** One question per screen. */
    data class Asking(val question: Question, val progress: InterviewProgress) : WizardScreen {
        val canGoBack: Boolean get() = question.number > 1u
        /** Required questions cannot be skipped; the person can still decline them. */
        val canSkip: Boolean get() = !question.required
    }

    /** Past the last question: finish, or go back. Required questions still open are listed. */
    data class Review(val progress: InterviewProgress, val missingRequired: List<String>) : WizardScreen {
        val canFinish: Boolean get() = missingRequired.isEmpty()
    }

    /** The assessment with its explanation, and the services recommended for it. */
    data class Result(
        val assessment: AssessmentView,
        val services: List<ServiceView>,
        /** Service id → referral id, for the referrals made from this screen. */
        val referred: Map<String, String> = emptyMap(),
    ) : WizardScreen

    /** The person stopped the interview; what was answered is kept. */
    data object Stopped : WizardScreen

    /**
     * Left with the quick exit: the app shows a neutral screen at once; what was answered
     * is kept, nothing after is accepted.
     */
    data object Exited : WizardScreen
}

data class WizardState(
    val screen: WizardScreen = WizardScreen.Loading,
    /** The interview language, and the languages the form runs in. */
    val language: String = "",
    val languages: List<String> = emptyList(),
    /** The languages' own names, with their script where a language has two. */
    val languageNames: Map<String, String> = emptyMap(),
    /** An answer showed immediate danger: show these steps before anything else. */
    val emergency: LocalText? = null,
    val working: Boolean = false,
    val error: UiError? = null,
)

/**
 * The screening interview wizard: language, consent first, one question per screen with
 * back and skip, then the result and the services. Skip logic, consent rules and scoring
 * are the core's; this follows what the interview says is current.
 */
class InterviewViewModel(
    private val screening: Screening,
    private val scope: CoroutineScope,
    private val io: CoroutineDispatcher,
    /** Who records the consent (the worker's name or device). */
    private val recordedBy: String,
    /** The form to run; the first the build carries when none. */
    private val formId: String? = null,
    /** The subject record the interview is about; anonymous when none. */
    private val subject: String? = null,
    /** Narrows local services in the recommendations (e.g. `almaty`). */
    private val region: String? = null,
) {
    private val _state = MutableStateFlow(WizardState())
    val state: StateFlow<WizardState> = _state.asStateFlow()

    private var interview: InterviewPort? = null

    /** Set by [quickExit]: nothing the interview does after changes the screen. */
    @Volatile
    private var exited = false

    /** Loads the form and shows the language picker. */
    fun load(): Job? = act {
        val forms = screening.forms()
        val form = (if (formId == null) forms.firstOrNull() else forms.firstOrNull { it.id == formId })
            ?: throw SenimException.Content("form", ContentProblem.MISSING, "no such form in this build")
        // Names only: without them the tags are shown.
        val names = runCatching { screening.languageNames(form.id) }.getOrDefault(emptyMap())
        change { s ->
            s.copy(
                screen = WizardScreen.Language(form, form.defaultLanguage),
                language = form.defaultLanguage,
                languages = form.languages,
                languageNames = names,
            )
        }
    }

    /**
     * Picks the language: on the picker before the interview starts, or at any point of
     * it (the answers stay; the screen shows again in the new language).
     */
    fun chooseLanguage(language: String): Job? {
        val screen = _state.value.screen
        if (screen is WizardScreen.Language) {
            if (language !in screen.form.languages) return null
            _state.update { it.copy(screen = screen.copy(selected = language), language = language) }
            return null
        }
        val i = interview ?: return null
        if (screen is WizardScreen.Result || screen is WizardScreen.Stopped) return null
        return act {
            i.setLanguage(language)
            val next = render(i, screen)
            val now = i.language()
            change { s -> s.copy(screen = next, language = now) }
        }
    }

    /** Starts the interview in the chosen language and shows the consent script. */
    fun begin(): Job? {
        val screen = _state.value.screen as? WizardScreen.Language ?: return null
        return act {
            val i = screening.start(screen.form.id, screen.selected, subject)
            interview = i
            val script = i.consentScript()
            val (language, languages) = i.language() to i.languages()
            change { s ->
                s.copy(screen = WizardScreen.Consent(script, setOf(ConsentScope.SCREENING)), language = language, languages = languages)
            }
        }
    }

    /** Ticks or unticks what the person agrees to. */
    fun toggleScope(scope: ConsentScope) {
        val screen = _state.value.screen as? WizardScreen.Consent ?: return
        val scopes = if (scope in screen.scopes) screen.scopes - scope else screen.scopes + scope
        _state.update { it.copy(screen = screen.copy(scopes = scopes), error = null) }
    }

    /** Records the consent given and shows the first question. */
    fun giveConsent(): Job? {
        val screen = _state.value.screen as? WizardScreen.Consent ?: return null
        val i = interview ?: return null
        return act {
            i.recordConsent(ConsentScope.entries.filter { it in screen.scopes }, recordedBy)
            val next = render(i, screen)
            change { s -> s.copy(screen = next) }
        }
    }

    fun answer(value: AnswerValue): Job? {
        if (_state.value.screen !is WizardScreen.Asking) return null
        val i = interview ?: return null
        return act {
            val outcome = i.answer(value)
            val next = render(i, _state.value.screen)
            change { s -> s.copy(screen = next, emergency = if (outcome.danger) outcome.emergency ?: s.emergency else s.emergency) }
        }
    }

    fun skip(): Job? {
        val screen = _state.value.screen as? WizardScreen.Asking ?: return null
        if (!screen.canSkip) return null
        val i = interview ?: return null
        return act {
            i.skip()
            val next = render(i, screen)
            change { s -> s.copy(screen = next) }
        }
    }

    /** The previous question (from the review: the last one). */
    fun back(): Job? {
        val screen = _state.value.screen
        if (screen !is WizardScreen.Asking && screen !is WizardScreen.Review) return null
        if (screen is WizardScreen.Asking && !screen.canGoBack) return null
        val i = interview ?: return null
        return act {
            i.back()
            val next = render(i, screen)
            change { s -> s.copy(screen = next) }
        }
    }

    /** Scores the interview and shows the result with the recommended services. */
    fun finish(): Job? {
        val screen = _state.value.screen as? WizardScreen.Review ?: return null
        if (!screen.canFinish) return null
        val i = interview ?: return null
        return act {
            val assessment = i.finish()
            val services = i.recommend(region)
            change { s -> s.copy(screen = WizardScreen.Result(assessment, services)) }
        }
    }

    /** Refers the person to a recommended service (needs their consent to referral). */
    fun refer(service: String, reason: String): Job? {
        val screen = _state.value.screen as? WizardScreen.Result ?: return null
        if (service in screen.referred) return null
        val i = interview ?: return null
        return act {
            val referral = i.refer(service, reason)
            change { s ->
                val current = s.screen as? WizardScreen.Result ?: screen
                s.copy(screen = current.copy(referred = current.referred + (service to referral)))
            }
        }
    }

    /** The person wants to stop: the answers so far are kept. */
    fun stop(): Job? {
        val screen = _state.value.screen
        if (exited || screen is WizardScreen.Result || screen is WizardScreen.Stopped) return null
        val i = interview
        if (i == null || !i.hasConsent()) {
            // Nothing was stored: there is nothing to stop.
            _state.update { it.copy(screen = WizardScreen.Stopped) }
            return null
        }
        return act {
            i.stop()
            change { s -> s.copy(screen = WizardScreen.Stopped) }
        }
    }

    /**
     * Quick exit (the button, or the back gesture held): the screen is [WizardScreen.Exited]
     * at once, even while a call is running; the interview is then closed on `io`, keeping
     * what was answered. A failure to mark it stopped is not shown: the person must see
     * nothing of the interview, and it stays in progress, its answers kept.
     */
    fun quickExit(): Job? {
        if (exited) return null
        exited = true
        _state.update { WizardState(screen = WizardScreen.Exited) }
        val i = interview ?: return null
        return scope.launch {
            runCatching { withContext(io) { i.quickExit() } }
        }
    }

    fun dismissEmergency() = _state.update { it.copy(emergency = null) }

    /** The screen for where the interview now is. */
    private fun render(i: InterviewPort, from: WizardScreen): WizardScreen {
        if (!i.hasConsent()) {
            val scopes = (from as? WizardScreen.Consent)?.scopes ?: setOf(ConsentScope.SCREENING)
            return WizardScreen.Consent(i.consentScript(), scopes)
        }
        val question = i.current() ?: return WizardScreen.Review(i.progress(), i.missingRequired())
        return WizardScreen.Asking(question, i.progress())
    }

    /** The change an action makes to the state once its calls returned. */
    private fun change(f: (WizardState) -> WizardState) = f

    /** Runs blocking interview calls on `io`, one at a time, and applies their result. */
    private fun act(work: () -> (WizardState) -> WizardState): Job? {
        if (exited || _state.value.working) return null
        _state.update { it.copy(working = true, error = null) }
        return scope.launch {
            try {
                val change = withContext(io) { work() }
                if (!exited) _state.update { change(it).copy(working = false) }
            } catch (e: Exception) {
                val error = UiError.of(e)
                if (!exited) _state.update { it.copy(working = false, error = error) }
            }
        }
    }
}
