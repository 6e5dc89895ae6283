package org.senim.desktop

/**
 * The auto-lock after idle: no keyboard or mouse for [timeoutMillis] and [onIdle] runs
 * (the app locks the vault, wipes what was typed and shows the unlock screen), once per
 * idle spell. [touch] is called at every key and mouse event, [poll] every few seconds;
 * both read [clock], milliseconds on a monotonic clock (a test drives it; the app's is
 * `System.nanoTime`, which setting the wall clock does not move).
 */
class IdleLock(
    val timeoutMillis: Long,
    private val clock: () -> Long,
    private val onIdle: () -> Unit,
) {
    init {
        require(timeoutMillis > 0) { "the idle timeout must be positive" }
    }

    @Volatile
    private var lastActivity: Long = clock()

    @Volatile
    private var fired = false

    /** The user did something: the idle spell, if any, ends. */
    fun touch() {
        lastActivity = clock()
        fired = false
    }

    /** Runs [onIdle] when the user has been idle long enough and it has not run for this spell; says whether it ran. */
    fun poll(): Boolean {
        if (fired) return false
        if (clock() - lastActivity < timeoutMillis) return false
        fired = true
        onIdle()
        return true
    }

    /** Milliseconds until [poll] would lock, at the earliest (0: it would now, or has). */
    fun remainingMillis(): Long = if (fired) 0 else (timeoutMillis - (clock() - lastActivity)).coerceAtLeast(0)

    companion object {
        /** The app's clock: monotonic milliseconds. */
        fun monotonicMillis(): Long = System.nanoTime() / 1_000_000
    }
}
