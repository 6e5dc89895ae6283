package org.senim.presentation

import java.time.Instant
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch

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
        val rejections: List<String>,
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
)

class SyncViewModel(
    private val syncer: Syncer,
    private val scope: CoroutineScope,
    private val now: () -> Instant = Instant::now,
) {
    private val _state = MutableStateFlow(SyncState())
    val state: StateFlow<SyncState> = _state.asStateFlow()

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
                            rejections = s.rejections,
                            waiting = s.waiting.toLong(),
                            at = at,
                            purged = s.purgedRecords.toLong(),
                            quarantined = s.quarantined.toLong(),
                        ),
                        lastSuccess = at,
                    )
                }
            } catch (e: Exception) {
                val error = UiError.of(e)
                _state.update { it.copy(status = SyncStatus.Failed(error)) }
            }
        }
    }
}
