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
import org.senim.core.TeamRole
import org.senim.core.TeamView

/**
 * Team enrolment. A new device shows its join request (text and QR code) to the lead,
 * then types or scans the lead's welcome. A lead scans a device's request and shows the
 * welcome it gets back, with the team's history only when chosen. A phone in no team
 * can instead create one, as its lead, on a hub whose certificate pin it is given.
 */
data class TeamState(
    /** The team, once joined. */
    val team: TeamView? = null,
    val deviceName: String = "",
    /** This device's join request: show it as text and as a QR code. */
    val joinRequest: String? = null,
    /** The welcome being typed (or the one scanned). */
    val welcome: String = "",
    /** Lead: the welcome for the device just approved, to show as a QR code. */
    val approvedWelcome: String? = null,
    /**
     * Lead: the next approval gives the new device the team's history too (every
     * earlier key, [WITH_HISTORY_NOTE]). Off by default, and off again after each one.
     */
    val approveWithHistory: Boolean = false,
    /** A new team: its name, the lead's name in it, the hub's address and its certificate pin. */
    val newTeam: NewTeam = NewTeam(),
    val working: Boolean = false,
    /** InvalidInput for a mistyped or damaged code (its checksum fails), Membership ... */
    val error: UiError? = null,
) {
    val joined: Boolean get() = team != null
    val isLead: Boolean get() = team?.role == TeamRole.LEAD
    val canRequest: Boolean get() = !joined && deviceName.isNotBlank() && !working
    val canJoin: Boolean get() = !joined && welcome.isNotBlank() && !working
    val canCreateTeam: Boolean get() = !joined && !working && newTeam.complete

    companion object {
        /** What approving with history gives away, in one line beside the switch. */
        const val WITH_HISTORY_NOTE =
            "The new phone can also read everything the team wrote before it joined, " +
                "including what was written before any phone was removed."
    }
}

/**
 * The form that creates a team, this phone its lead. An `https://` hub needs its
 * certificate pin: the SHA-256 fingerprint `senim hub serve --tls` printed, which every
 * member's phone will then accept and no other certificate.
 */
data class NewTeam(
    val name: String = "",
    val leadName: String = "",
    val hubUrl: String = "",
    val hubPin: String = "",
    /** The one-use token a hub that registers teams by token asks for; blank: none. */
    val registrationToken: String = "",
) {
    val https: Boolean get() = hubUrl.trim().startsWith("https://", ignoreCase = true)

    /** An `https://` address without its pin: the phones could not check the hub. */
    val pinMissing: Boolean get() = https && hubPin.isBlank()

    val complete: Boolean
        get() = name.isNotBlank() && leadName.isNotBlank() && hubUrl.isNotBlank() && !pinMissing
}

class TeamViewModel(
    private val enrolment: Enrolment,
    private val scope: CoroutineScope,
    private val io: CoroutineDispatcher,
) {
    private val _state = MutableStateFlow(TeamState())
    val state: StateFlow<TeamState> = _state.asStateFlow()

    fun refresh(): Job = perform({ enrolment.team() }) { s, team -> s.copy(team = team) }

    fun setDeviceName(name: String) = _state.update { it.copy(deviceName = name, error = null) }

    /** Makes this device's join request for the lead. */
    fun showJoinRequest(): Job? {
        val s = _state.value
        if (!s.canRequest) return null
        val name = s.deviceName.trim()
        return perform({ enrolment.joinRequest(name) }) { st, request -> st.copy(joinRequest = request) }
    }

    fun setWelcome(text: String) = _state.update { it.copy(welcome = text, error = null) }

    /** A QR code was scanned: join with it at once. */
    fun scanned(text: String): Job? {
        setWelcome(text)
        return join()
    }

    fun join(): Job? {
        val s = _state.value
        if (!s.canJoin) return null
        val welcome = s.welcome.trim()
        return perform({ enrolment.join(welcome) }) { st, team -> st.copy(team = team, welcome = "", joinRequest = null) }
    }

    /** Lead: whether the next approval gives the team's history ([TeamState.WITH_HISTORY_NOTE]). */
    fun setApproveWithHistory(on: Boolean) = _state.update { it.copy(approveWithHistory = on) }

    /**
     * Lead: admits the device whose request was scanned or typed, with the team's
     * history when [TeamState.approveWithHistory] is on (then off again).
     */
    fun approve(request: String, role: TeamRole = TeamRole.WORKER): Job? {
        val s = _state.value
        if (!s.isLead || s.working || request.isBlank()) return null
        val withHistory = s.approveWithHistory
        _state.update { it.copy(working = true, error = null, approvedWelcome = null) }
        return scope.launch {
            try {
                val welcome = enrolment.approve(request.trim(), role, withHistory)
                val team = withContext(io) { enrolment.team() }
                _state.update {
                    it.copy(working = false, approvedWelcome = welcome, team = team, approveWithHistory = false)
                }
            } catch (e: Exception) {
                val error = UiError.of(e)
                _state.update { it.copy(working = false, error = error) }
            }
        }
    }

    fun editNewTeam(edit: (NewTeam) -> NewTeam) = _state.update { it.copy(newTeam = edit(it.newTeam), error = null) }

    /**
     * Creates the team on its hub, this phone its lead, with the hub's certificate pin
     * (required for an `https://` hub). A malformed pin is InvalidInput ("certificate
     * pin") before anything is sent.
     */
    fun createTeam(): Job? {
        val s = _state.value
        if (!s.canCreateTeam) return null
        val form = s.newTeam
        val pin = form.hubPin.trim().ifEmpty { null }
        _state.update { it.copy(working = true, error = null) }
        return scope.launch {
            try {
                val token = form.registrationToken.trim().ifEmpty { null }
                val team = enrolment.createTeam(form.name.trim(), form.leadName.trim(), form.hubUrl.trim(), pin, token)
                _state.update { it.copy(working = false, team = team, newTeam = NewTeam()) }
            } catch (e: Exception) {
                val error = UiError.of(e)
                _state.update { it.copy(working = false, error = error) }
            }
        }
    }

    /** Runs a blocking call on `io` and applies its result, or shows its failure. */
    private fun <T> perform(call: () -> T, apply: (TeamState, T) -> TeamState): Job {
        _state.update { it.copy(working = true, error = null) }
        return scope.launch {
            try {
                val result = withContext(io) { call() }
                _state.update { apply(it, result).copy(working = false) }
            } catch (e: Exception) {
                val error = UiError.of(e)
                _state.update { it.copy(working = false, error = error) }
            }
        }
    }
}
