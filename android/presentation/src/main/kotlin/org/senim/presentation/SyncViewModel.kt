package org.senim.presentation

import java.time.Instant
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import org.senim.core.SyncPlace

/** Where sync stands. */
sealed interface SyncStatus {
    data object Idle : SyncStatus
    data object Syncing : SyncStatus

    /** What the last sync did; `rejected` envelopes were refused (altered, forged): show it. */
    data class Done(
        val sent: Long,
        val received: Long,
        val merged: Long,
        val rejected: Long,
        /** Where the first refused envelopes sit (device, sequence): the screen lists them with `app-sync-place`. */
        val rejectedPlaces: List<SyncPlace>,
        /** Envelopes kept but not applied yet (waiting for others or a key). */
        val waiting: Long,
        val at: Instant,
        /** Records the team's orders removed from this phone in this sync (an erasure request, retention). */
        val purged: Long = 0,
        /** Envelopes held apart: authentic, but their content could not be applied (a lead purges them). */
        val quarantined: Long = 0,
    ) : SyncStatus {
        /** "N changes held apart ...", when any are. */
        val quarantinedText: String?
            get() = when (quarantined) {
                0L -> null
                else -> "$quarantined change(s) from the team could not be applied and are held apart; tell your lead."
            }

        /** "N records removed by the team's orders", when any were. */
        val purgedText: String?
            get() = when (purged) {
                0L -> null
                1L -> "1 record removed by the team's orders."
                else -> "$purged records removed by the team's orders."
            }
    }

    /** Unreachable (sync again later, nothing is lost), HubRefused (its status and code), Membership, Envelope ... */
    data class Failed(val error: UiError) : SyncStatus
}

data class SyncState(
    val status: SyncStatus = SyncStatus.Idle,
    /** When a sync last completed, kept while the next one runs or fails. */
    val lastSuccess: Instant? = null,
    /**
     * Whole days left before this phone wipes itself for want of a sync (the team's
     * policy; 0 on the last day); null when no such wipe applies (no policy, a lead's
     * phone). Known even while syncs fail, which is when it matters.
     */
    val idleWipeDaysLeft: Int? = null,
) {
    /** The policy's countdown, whenever one applies: "Wipes itself in N days without a sync." */
    val idleWipeText: String?
        get() = when (val days = idleWipeDaysLeft) {
            null -> null
            0 -> "Team policy: this phone wipes itself today without a sync."
            1 -> "Team policy: this phone wipes itself in 1 day without a sync."
            else -> "Team policy: this phone wipes itself in $days days without a sync."
        }

    /** From [IDLE_WIPE_WARNING_DAYS] days before the wipe: the warning to show above everything. */
    val idleWipeWarning: String?
        get() = when (val days = idleWipeDaysLeft) {
            null -> null
            0 -> "This phone wipes itself today unless it syncs with the hub. Sync now."
            1 -> "This phone wipes itself unless it syncs with the hub within 1 day. Sync now."
            in 2..IDLE_WIPE_WARNING_DAYS -> "This phone wipes itself unless it syncs with the hub within $days days. Sync now."
            else -> null
        }

    companion object {
        /** As `senim`, which warns at every unlock from three days before. */
        const val IDLE_WIPE_WARNING_DAYS = 3
    }
}

class SyncViewModel(
    private val syncer: Syncer,
    private val scope: CoroutineScope,
    private val io: CoroutineDispatcher,
    private val now: () -> Instant = Instant::now,
) {
    private val _state = MutableStateFlow(SyncState())
    val state: StateFlow<SyncState> = _state.asStateFlow()

    /**
     * Reads the days left before the idle wipe (at the start of a session, when the
     * sync screen opens). A failure to read leaves the last value.
     */
    fun refresh(): Job = scope.launch { readDaysLeft() }

    private suspend fun readDaysLeft() {
        try {
            val days = withContext(io) { syncer.idleWipeDaysLeft() }
            _state.update { it.copy(idleWipeDaysLeft = days) }
        } catch (e: Exception) {
            // The status keeps what it showed; the next sync or refresh reads again.
        }
    }

    /** Syncs now; a tap while a sync runs does nothing. */
    fun sync(): Job? {
        if (_state.value.status == SyncStatus.Syncing) return null
        _state.update { it.copy(status = SyncStatus.Syncing) }
        return scope.launch {
            try {
                val s = syncer.sync()
                val at = now()
                _state.update {
                    it.copy(
                        status = SyncStatus.Done(
                            sent = s.sent.toLong(),
                            received = s.received.toLong(),
                            merged = s.mergedRecords.toLong(),
                            rejected = s.rejected.toLong(),
                            rejectedPlaces = s.rejectedPlaces,
                            waiting = s.waiting.toLong(),
                            at = at,
                            purged = s.purgedRecords.toLong(),
                            quarantined = s.quarantined.toLong(),
                        ),
                        lastSuccess = at,
                        idleWipeDaysLeft = s.idleWipeDaysLeft?.toInt(),
                    )
                }
            } catch (e: Exception) {
                val error = UiError.of(e)
                _state.update { it.copy(status = SyncStatus.Failed(error)) }
                readDaysLeft()
            }
        }
    }
}
