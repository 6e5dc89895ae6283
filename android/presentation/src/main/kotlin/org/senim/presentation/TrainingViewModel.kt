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
import org.senim.core.FormSummary
import org.senim.core.ScenarioSummary
import org.senim.core.ScenarioView
import org.senim.core.TrainingResult

data class TrainingState(
    /** The scenarios, lowest expected level first. */
    val scenarios: List<ScenarioSummary> = emptyList(),
    /** The scenario opened: its persona, script and key. */
    val open: ScenarioView? = null,
    /** The key is shown (the trainer's view); hidden while a trainee reads the script. */
    val showKey: Boolean = false,
    /** A practice interview under way against [open]. */
    val practice: InterviewViewModel? = null,
    /** The last practice compared with the key. */
    val result: TrainingResult? = null,
    val working: Boolean = false,
    val error: UiError? = null,
)

/**
 * Training: the scenarios with the level each key scores, one scenario's persona and
 * script with its key (hidden until asked for), a trainee's practice interview against
 * it (the app's own interview wizard, anonymous, in a demo vault only), and the
 * comparison with the key once the trainee closes it.
 */
class TrainingViewModel(
    private val port: Training,
    private val screening: Screening,
    private val scope: CoroutineScope,
    private val io: CoroutineDispatcher,
    /** Who records the practice interview's consent. */
    private val recordedBy: String,
) {
    private val _state = MutableStateFlow(TrainingState())
    val state: StateFlow<TrainingState> = _state.asStateFlow()

    /** The practice interview started last: its id is compared once it is closed. */
    @Volatile
    private var practising: InterviewPort? = null

    /** The scenarios in `language`. */
    fun load(language: String): Job = perform({ port.scenarios(language) }) { s, list ->
        // An open scenario follows the language too.
        s.copy(scenarios = list)
    }

    /** Opens a scenario in `language`, its key hidden. */
    fun open(id: String, language: String): Job = perform({ port.scenario(id, language) }) { s, v ->
        s.copy(open = v, showKey = s.open?.summary?.id == id && s.showKey, result = null)
    }

    fun toggleKey() = _state.update { it.copy(showKey = !it.showKey) }

    /** Starts a practice interview against the open scenario (the wizard from its language picker). */
    fun practise(): InterviewViewModel? {
        val scenario = _state.value.open ?: return null
        val practice = object : Screening {
            override fun forms(): List<FormSummary> = screening.forms()
            override fun languageNames(formId: String) = screening.languageNames(formId)
            override fun start(formId: String, language: String, subject: String?): InterviewPort =
                port.startPractice(scenario.summary.id, language).also { practising = it }
        }
        val wizard = InterviewViewModel(practice, scope, io, recordedBy, formId = scenario.summary.form)
        practising = null
        _state.update { it.copy(practice = wizard, result = null, error = null) }
        wizard.load()
        return wizard
    }

    /**
     * The practice interview was closed: compared with the key when it was stored (after
     * consent), the explanations in `language`; back to the scenario otherwise.
     */
    fun closePractice(language: String): Job? {
        val scenario = _state.value.open ?: return null
        val id = practising?.id()
        practising = null
        _state.update { it.copy(practice = null) }
        if (id == null) return null
        return perform({ port.check(scenario.summary.id, id, language) }) { s, r -> s.copy(result = r) }
    }

    /**
     * The quick exit left the practice: it is dropped without a comparison, so that
     * nothing of it shows when training is opened again.
     */
    fun dropPractice() {
        practising = null
        _state.update { it.copy(practice = null) }
    }

    /** Back one step: from the result or the scenario to the list. Whether there was a step to go back. */
    fun back(): Boolean {
        val s = _state.value
        return when {
            s.practice != null -> false
            s.result != null -> {
                _state.update { it.copy(result = null) }
                true
            }
            s.open != null -> {
                _state.update { it.copy(open = null, showKey = false) }
                true
            }
            else -> false
        }
    }

    private fun <T> perform(call: suspend () -> T, apply: (TrainingState, T) -> TrainingState): Job {
        _state.update { it.copy(working = true, error = null) }
        return scope.launch {
            try {
                val result = withContext(io) { call() }
                _state.update { apply(it, result).copy(working = false) }
            } catch (e: Exception) {
                _state.update { it.copy(working = false, error = UiError.of(e)) }
            }
        }
    }
}
