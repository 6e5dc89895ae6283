package org.senim.desktop

/**
 * The desktop app's command line:
 *
 *     senim-desktop [--vault-dir DIR] [--idle-minutes N] [--presenter]
 *                   [--ready-file FILE] [--screenshot FILE] [--lang TAG]
 *                   [--camera DEVICE]
 *
 * `--ready-file` and `--screenshot` serve the startup test: once the first screen is
 * drawn the app writes "ready" to the file (and a line to standard output), and saves a
 * PNG of its window. `--camera` names the camera that reads a phone's join code: a
 * device file on Linux (default: the first /dev/videoN), an index on macOS (default 0),
 * the camera's name on Windows (no default).
 */
data class Options(
    val vaultDir: String? = null,
    val idleMinutes: Int = DEFAULT_IDLE_MINUTES,
    val presenter: Boolean = false,
    val readyFile: String? = null,
    val screenshot: String? = null,
    val lang: String? = null,
    val camera: String? = null,
    val help: Boolean = false,
) {
    companion object {
        const val DEFAULT_IDLE_MINUTES = 5
        const val MAX_IDLE_MINUTES = 60

        /** The options, or the catalog key (and its `option` variable) of what is wrong. */
        fun parse(args: List<String>): Result<Options> {
            var options = Options()
            var i = 0
            while (i < args.size) {
                val arg = args[i]
                val (name, inline) = if (arg.startsWith("--") && '=' in arg) {
                    arg.substringBefore('=') to arg.substringAfter('=')
                } else {
                    arg to null
                }
                fun value(): String? = inline ?: args.getOrNull(i + 1)?.takeIf { !it.startsWith("--") }?.also { i++ }
                when (name) {
                    "--vault-dir" -> options = options.copy(vaultDir = value() ?: return bad(name))
                    "--ready-file" -> options = options.copy(readyFile = value() ?: return bad(name))
                    "--screenshot" -> options = options.copy(screenshot = value() ?: return bad(name))
                    "--lang" -> options = options.copy(lang = value() ?: return bad(name))
                    "--camera" -> options = options.copy(camera = value() ?: return bad(name))
                    "--idle-minutes" -> {
                        val minutes = (value() ?: return bad(name)).toIntOrNull()
                        if (minutes == null || minutes < 1 || minutes > MAX_IDLE_MINUTES) {
                            return Result.failure(OptionError("desktop-error-idle-minutes", name))
                        }
                        options = options.copy(idleMinutes = minutes)
                    }
                    "--presenter" -> if (inline == null) options = options.copy(presenter = true) else return bad(name)
                    "--help", "-h" -> options = options.copy(help = true)
                    else -> return bad(name)
                }
                i++
            }
            return Result.success(options)
        }

        private fun bad(option: String): Result<Options> = Result.failure(OptionError("desktop-error-option", option))
    }
}

/** A command line the app does not take: the catalog key of the message and the option. */
class OptionError(val key: String, val option: String) : IllegalArgumentException(key)
