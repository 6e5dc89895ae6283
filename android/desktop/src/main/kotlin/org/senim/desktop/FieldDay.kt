package org.senim.desktop

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.horizontalScroll
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.LinearProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.text.font.FontFamily
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import java.nio.file.Files
import java.nio.file.Path
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import org.senim.app.LocalWords

/**
 * The field-day demo for a trainer, from the desktop app: the `senim demo` job (a
 * synthetic team of workers recording offline, syncing through a hub the demo starts on
 * this computer, and the lead's merged picture, docs/demo.md) run by the `senim` program
 * that comes with the app, its report shown as it prints it, in the app's language. No
 * vault of the app's is touched: the demo's vaults and hub live in a temporary directory
 * that the program removes when it ends.
 */
class FieldDay(
    /** The `senim` program, or null when none came with the app. */
    private val senim: Path?,
    private val io: CoroutineDispatcher = Dispatchers.IO,
) {
    sealed interface State {
        data object Ready : State
        /** [lines] printed so far. */
        data class Running(val lines: List<String>) : State
        data class Done(val lines: List<String>) : State
        /** The program ended with [exitCode] (or could not start: null). */
        data class Failed(val lines: List<String>, val exitCode: Int?) : State
        data object Missing : State
    }

    private val _state = MutableStateFlow<State>(if (senim == null) State.Missing else State.Ready)
    val state: StateFlow<State> = _state.asStateFlow()

    /** The command line of a run: `workers` workers with `records` records each, seed `seed`. */
    fun command(language: String, workers: Int = WORKERS, records: Int = RECORDS, seed: Long = 1): List<String> =
        listOf(senim.toString(), "--lang", language, "demo", "--workers", "$workers", "--records", "$records", "--seed", "$seed")

    /** Runs the demo (one at a time), its report in [language]; returns when it ended. */
    suspend fun run(language: String) {
        if (senim == null || _state.value is State.Running) return
        val lines = mutableListOf<String>()
        _state.value = State.Running(emptyList())
        val exit = withContext(io) {
            val process = try {
                ProcessBuilder(command(language))
                    // The progress bars go to standard error, drawn only on a terminal.
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start()
            } catch (e: java.io.IOException) {
                return@withContext null
            }
            process.outputStream.close()
            val reading = async {
                process.inputStream.bufferedReader(Charsets.UTF_8).useLines { output ->
                    for (line in output) {
                        lines += line
                        _state.value = State.Running(lines.toList())
                    }
                }
                process.waitFor()
            }
            try {
                reading.await()
            } catch (e: CancellationException) {
                // A cancelled run (the window closed) ends the program and the hub it
                // started; the blocked read then sees the end of its output.
                process.descendants().forEach { it.destroy() }
                process.destroy()
                throw e
            }
        }
        _state.value = if (exit == 0) State.Done(lines.toList()) else State.Failed(lines.toList(), exit)
    }

    companion object {
        /** A team of three, thirty records each: a few seconds, as a trainer would show it. */
        const val WORKERS = 3
        const val RECORDS = 30

        /**
         * The `senim` program: the one `-Dsenim.cli` names (the app image's launcher sets
         * it to the copy beside the app's jars, scripts/desktop), else none.
         */
        fun locate(property: String? = System.getProperty("senim.cli")): Path? =
            property?.let { Path.of(it) }?.takeIf { Files.isRegularFile(it) && Files.isExecutable(it) }
    }
}

/** The field-day demo's window content: what it is, a button to run it, its report. */
@Composable
fun FieldDayView(fieldDay: FieldDay, language: String) {
    val w = LocalWords.current
    val state by fieldDay.state.collectAsStateWithLifecycle()
    val scope = rememberCoroutineScope()
    Surface(Modifier.fillMaxSize()) {
        Column(Modifier.padding(20.dp), verticalArrangement = Arrangement.spacedBy(12.dp)) {
            Text(w.text("desktop-field-day-title"), style = MaterialTheme.typography.titleLarge)
            Text(
                w.format("desktop-field-day-explained", "workers" to FieldDay.WORKERS, "records" to FieldDay.RECORDS),
                style = MaterialTheme.typography.bodyMedium,
            )
            val running = state is FieldDay.State.Running
            Row(horizontalArrangement = Arrangement.spacedBy(12.dp), verticalAlignment = Alignment.CenterVertically) {
                Button(
                    onClick = { scope.launch { fieldDay.run(language) } },
                    enabled = !running && state != FieldDay.State.Missing,
                ) {
                    Text(w.text(if (state is FieldDay.State.Done || state is FieldDay.State.Failed) "desktop-field-day-again" else "desktop-field-day-run"))
                }
                if (running) LinearProgressIndicator(Modifier.fillMaxWidth())
            }
            val (lines, problem) = when (val s = state) {
                FieldDay.State.Ready -> emptyList<String>() to null
                FieldDay.State.Missing -> emptyList<String>() to w.text("desktop-field-day-missing")
                is FieldDay.State.Running -> s.lines to null
                is FieldDay.State.Done -> s.lines to null
                is FieldDay.State.Failed -> s.lines to (
                    s.exitCode?.let { w.format("desktop-field-day-failed", "code" to it) } ?: w.text("desktop-field-day-missing")
                    )
            }
            problem?.let { Text(it, color = MaterialTheme.colorScheme.error, style = MaterialTheme.typography.bodyMedium) }
            // The program's report as it prints it: its columns line up in a fixed-width font.
            Text(
                lines.joinToString("\n"),
                fontFamily = FontFamily.Monospace,
                style = MaterialTheme.typography.bodySmall,
                softWrap = false,
                modifier = Modifier.fillMaxWidth().weight(1f).verticalScroll(rememberScrollState()).horizontalScroll(rememberScrollState()),
            )
        }
    }
}
