package org.senim.presentation

import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import org.senim.core.RecordPageView
import org.senim.core.RecordView

/** The records screen: every record newest first, or the notes matching a search. */
data class RecordsState(
    val query: String = "",
    val records: List<RecordView> = emptyList(),
    /** Where the next page starts; none when everything is shown. */
    val next: String? = null,
    /** Records that failed to decrypt (altered or damaged): say so, never hide it. */
    val damaged: Int = 0,
    val loading: Boolean = false,
    /** InvalidInput for a query without a word, Locked when the vault locked underneath. */
    val error: UiError? = null,
) {
    val searching: Boolean get() = query.isNotBlank()
    val canLoadMore: Boolean get() = next != null && !loading
}

class RecordsViewModel(
    private val source: RecordSource,
    private val scope: CoroutineScope,
    private val io: CoroutineDispatcher,
    private val pageSize: Int = 50,
    /** How long typing must pause before the search runs. */
    private val debounceMillis: Long = 300,
) {
    private val _state = MutableStateFlow(RecordsState())
    val state: StateFlow<RecordsState> = _state.asStateFlow()

    private var loading: Job? = null

    /** Loads the first page again (after an edit, a sync, an unlock). */
    fun refresh(): Job = load(_state.value.query, after = null, wait = 0)

    /** The search field changed: search once typing pauses; an empty field lists everything. */
    fun onQueryChanged(query: String): Job {
        _state.update { it.copy(query = query) }
        return load(query, after = null, wait = debounceMillis)
    }

    /** The list reached its end: append the next page. */
    fun loadMore(): Job? {
        val s = _state.value
        if (!s.canLoadMore) return null
        return load(s.query, after = s.next, wait = 0)
    }

    private fun load(query: String, after: String?, wait: Long): Job {
        // A newer request replaces any older one still waiting or running.
        loading?.cancel()
        val job = scope.launch {
            if (wait > 0) delay(wait)
            _state.update { it.copy(loading = true, error = null) }
            try {
                val page: RecordPageView = withContext(io) {
                    if (query.isBlank()) source.list(pageSize, after) else source.search(query.trim(), pageSize, after)
                }
                _state.update {
                    it.copy(
                        records = if (after == null) page.records else it.records + page.records,
                        next = page.next,
                        damaged = if (after == null) page.damaged.size else it.damaged + page.damaged.size,
                        loading = false,
                    )
                }
            } catch (e: Exception) {
                val error = UiError.of(e)
                _state.update { it.copy(loading = false, error = error, records = if (after == null) emptyList() else it.records, next = if (after == null) null else it.next) }
            }
        }
        loading = job
        return job
    }
}
