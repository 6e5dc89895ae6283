package org.senim.desktop

import androidx.compose.foundation.horizontalScroll
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.LinearProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.text.font.FontFamily
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import org.senim.app.Words

/**
 * The field-day demo from the app: the `senim demo` command (a demo hub of its own on
 * loopback, a lead and workers with demo vaults in a temporary directory, synthetic
 * records recorded offline, synced and merged, the lead's merged picture) run as a
 * child process, its lines shown as they come, in the app's language. The mobile
 * library has no hub, so the demo cannot run inside the app's process; the command is
 * the one packaged beside the app ([command], the `senim.cli` property). It touches no
 * vault of the app: the command makes its own and removes them when it ends.
 */
class FieldDay(private val command: Path?, private val scope: CoroutineScope, private val io: CoroutineDispatcher) {
    data class State(
        /** The command is there to run. */
        val available: Boolean,
        val running: Boolean = false,
        /** What the command printed (its demo banner first, then the day's summary). */
        val lines: List<String> = emptyList(),
        /** Its exit code once it ended; -1 when it was stopped for taking too long. */
        val exitCode: Int? = null,
    )

    private val _state = MutableStateFlow(State(available = command != null && Files.isExecutable(command)))
    val state: StateFlow<State> = _state.asStateFlow()

    /** Runs the day in `lang` (none while one runs, or without the command). */
    fun run(lang: String, seed: Long = 1, workers: Int = WORKERS, records: Int = RECORDS): Job? {
        val s = _state.value
        if (!s.available || s.running || command == null) return null
        _state.value = State(available = true, running = true)
        return scope.launch {
            val exit = withContext(io) {
                val process = ProcessBuilder(
                    command.toString(), "--lang", lang, "demo",
                    "--workers", workers.toString(), "--records", records.toString(), "--seed", seed.toString(),
                ).redirectErrorStream(true).start()
                process.outputStream.close()
                process.inputStream.bufferedReader().useLines { lines ->
                    for (line in lines) _state.update { it.copy(lines = it.lines + line) }
                }
                if (process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.exitValue()
                } else {
                    process.destroyForcibly()
                    -1
                }
            }
            _state.update { it.copy(running = false, exitCode = exit) }
        }
    }

    companion object {
        /** A small team for a room: three workers, forty records each. */
        const val WORKERS = 3
        const val RECORDS = 40
        const val TIMEOUT_SECONDS = 300L

        /** The command beside the app (`-Dsenim.cli=…`, set by the package's launcher); none when absent. */
        fun command(property: String? = System.getProperty("senim.cli")): Path? =
            property?.takeIf { it.isNotBlank() }?.let { Path.of(it) }?.takeIf { Files.isExecutable(it) }
    }
}

/** The field-day window's content: what the demo does, the button, and its output. */
@Composable
fun FieldDayContent(fieldDay: FieldDay, words: Words) {
    val state by fieldDay.state.collectAsStateWithLifecycle()
    Surface(Modifier.fillMaxSize()) {
        Column(
            Modifier.fillMaxSize().verticalScroll(rememberScrollState()).padding(24.dp),
            verticalArrangement = Arrangement.spacedBy(12.dp),
        ) {
            Text(words.text("desktop-field-day-title"), style = MaterialTheme.typography.headlineSmall)
            Text(
                words.format("desktop-field-day-explained", "workers" to FieldDay.WORKERS, "records" to FieldDay.RECORDS),
                style = MaterialTheme.typography.bodyMedium,
            )
            if (!state.available) {
                Text(words.text("desktop-field-day-unavailable"), color = MaterialTheme.colorScheme.error)
            }
            Button(onClick = { fieldDay.run(words.tag) }, enabled = state.available && !state.running) {
                Text(words.text("desktop-field-day-run"))
            }
            if (state.running) LinearProgressIndicator()
            state.exitCode?.let { code ->
                if (code == 0) {
                    Text(words.text("desktop-field-day-done"), style = MaterialTheme.typography.titleMedium)
                } else {
                    Text(words.format("desktop-field-day-failed", "code" to code), color = MaterialTheme.colorScheme.error)
                }
            }
            if (state.lines.isNotEmpty()) {
                // The command's tables, as it aligns them: not wrapped, scrolled sideways.
                Text(
                    state.lines.joinToString("\n"),
                    fontFamily = FontFamily.Monospace,
                    style = MaterialTheme.typography.bodySmall,
                    softWrap = false,
                    modifier = Modifier.horizontalScroll(rememberScrollState()),
                )
            }
        }
    }
}
