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
import org.senim.core.SenimException
import org.senim.core.UpgradeStep

/**
 * Milliseconds on a clock that only moves forward and that the phone's owner cannot set:
 * `SystemClock.elapsedRealtime` on Android (it counts deep sleep too), the scheduler's
 * virtual time in tests. Only differences between two readings mean anything.
 */
fun interface Clock {
    fun millis(): Long

    companion object {
        /** The JVM's monotonic clock (it may stop while a phone sleeps: prefer the platform's). */
        val MONOTONIC = Clock { System.nanoTime() / 1_000_000 }
    }
}

/**
 * The unlock screen, and what the app knows of the open vault without its passcode. The
 * passcode itself is never in the state (only its length, for the dots): it is kept in
 * a char buffer that is wiped after each attempt.
 *
 * This view model lives as long as the open vault (across every lock and unlock), so
 * its [banner] is the one the app shows above every screen.
 */
data class UnlockState(
    val unlocked: Boolean = false,
    /** Characters entered so far. */
    val entered: Int = 0,
    val working: Boolean = false,
    /** Failed attempts since the last success, as the vault counts them. */
    val failedAttempts: Int = 0,
    /** WrongPasscode, TooManyAttempts, KeyStore, DeviceSecretMissing ... */
    val error: UiError? = null,
    /**
     * Seconds before the vault accepts another attempt, after TooManyAttempts: counted
     * down on the view model's clock; unlocking is offered again at 0.
     */
    val retryIn: Long = 0,
    /** A demo vault: known before the unlock, and kept through every lock. */
    val demo: Boolean = false,
    /**
     * The team's policy wiped the vault at this unlock (Wiped: too many wrong passcodes,
     * or too long without a sync): it is gone for good. Not an error to try again: the
     * app says so once ([UiError.message]) and shows the first-run screen.
     */
    val wiped: UiError? = null,
    /**
     * While the first unlock of a vault from an earlier version upgrades it (once): the
     * step it is at. None otherwise.
     */
    val upgrade: UpgradeStep? = null,
    /**
     * The unlock that opened the vault upgraded it from an earlier version (its pages
     * encrypted). The app then advises setting the duress passcode again: a decoy from
     * before is encrypted only once the duress passcode opens it or is set again. The
     * advice is the same for every upgraded vault, with a duress passcode or without, so
     * it tells nobody whether one was set.
     */
    val upgraded: Boolean = false,
) {
    val canSubmit: Boolean get() = entered > 0 && !working && !unlocked && wiped == null && retryIn == 0L

    /** A demo vault opens with the public demo passcode: offer it, nothing to type. */
    val canUnlockDemo: Boolean get() = demo && !working && !unlocked && wiped == null && retryIn == 0L

    /**
     * What the screen says under the field: while unlocking is paused, the ticking
     * "Too many wrong passcodes. Try again in 0:42."; otherwise the error's one sentence.
     */
    val message: String?
        get() = if (retryIn > 0) UiError.waitMessage(retryIn) else error?.message

    /**
     * The count of failed attempts under the field, unless the error's own sentence
     * ("Wrong passcode. 2 failed attempts since the last unlock.") says it already.
     */
    val attemptsNote: String?
        get() = when {
            failedAttempts == 0 || error?.failure is SenimException.WrongPasscode -> null
            else -> "Failed attempts: $failedAttempts. Each one makes the next wait longer."
        }

    /** [attemptsNote] as a sentence of the catalog, for the screen's language. */
    val attemptsSentence: Sentence?
        get() = attemptsNote?.let { Sentence("app-unlock-attempts", "count" to failedAttempts) }

    /** [message] as a sentence of the catalog, for the screen's language. */
    val messageSentence: Sentence?
        get() = if (retryIn > 0) UiError.waitSentence(retryIn) else error?.sentence

    /** What the screen says while the vault is being upgraded, as a sentence of the catalog. */
    val upgradeSentence: Sentence?
        get() = when (val step = upgrade) {
            null -> null
            is UpgradeStep.EncryptingPages -> Sentence("app-unlock-upgrade-pages")
            is UpgradeStep.Indexing ->
                Sentence("app-unlock-upgrade-index", "done" to step.done.toLong(), "total" to step.total.toLong())
        }

    /** The permanent banner above every screen, locked or not; none over a real vault. */
    val banner: DemoBanner? get() = if (demo) DemoBanner.DEMO_VAULT else null
}

/**
 * [clock] drives the countdown after TooManyAttempts ([UnlockState.retryIn]): the wait
 * is measured on it, so a test moves it with the scheduler's virtual time.
 */
class UnlockViewModel(
    private val vault: VaultLock,
    private val scope: CoroutineScope,
    private val io: CoroutineDispatcher,
    private val clock: Clock,
) {
    private val _state = MutableStateFlow(UnlockState())
    val state: StateFlow<UnlockState> = _state.asStateFlow()

    private var buffer = CharArray(64)
    private var length = 0
    private var attempt: Job? = null
    private var countdown: Job? = null

    /** Reads whether the vault is a demo, whether it is unlocked, and how many attempts failed. */
    fun refresh(): Job = scope.launch {
        try {
            // First and on its own: the banner shows even if the rest cannot be read.
            val demo = withContext(io) { vault.isDemo() }
            _state.update { it.copy(demo = demo) }
            val (unlocked, failed) = withContext(io) { vault.isUnlocked() to vault.failedAttempts() }
            _state.update { it.copy(unlocked = unlocked, failedAttempts = failed) }
        } catch (e: Exception) {
            _state.update { it.copy(error = UiError.of(e)) }
        }
    }

    fun type(c: Char) {
        if (_state.value.working || _state.value.wiped != null) return
        if (length == buffer.size) {
            val bigger = buffer.copyOf(buffer.size * 2)
            buffer.fill('\u0000')
            buffer = bigger
        }
        buffer[length++] = c
        _state.update { it.copy(entered = length, error = null) }
    }

    fun erase() {
        if (_state.value.working || length == 0) return
        buffer[--length] = '\u0000'
        _state.update { it.copy(entered = length) }
    }

    fun clear() {
        wipe()
        _state.update { it.copy(entered = 0) }
    }

    /** Tries the passcode entered; it is wiped whatever the outcome. */
    fun submit(): Job? {
        if (!_state.value.canSubmit) return null
        val passcode = utf8(buffer, length)
        wipe()
        return tryUnlock(after = { passcode.fill(0) }) {
            var encrypted = false
            vault.unlock(passcode) { step ->
                if (step is UpgradeStep.EncryptingPages) encrypted = true
                _state.update { it.copy(upgrade = step) }
            }
            encrypted
        }
    }

    /** Demo vault: unlocks with the public demo passcode; anything typed is dropped. */
    fun unlockDemo(): Job? {
        if (!_state.value.canUnlockDemo) return null
        wipe()
        return tryUnlock(after = {}) {
            vault.unlockDemo()
            false
        }
    }

    /** Runs [unlock], which says whether it upgraded the vault. */
    private fun tryUnlock(after: () -> Unit, unlock: suspend () -> Boolean): Job {
        _state.update { it.copy(working = true, entered = 0, error = null) }
        return scope.launch {
            try {
                val upgraded = unlock()
                _state.update { it.copy(working = false, unlocked = true, failedAttempts = 0, upgrade = null, upgraded = upgraded) }
            } catch (e: Exception) {
                _state.update { it.copy(upgrade = null) }
                val error = UiError.of(e)
                val failure = error.failure
                if (failure is SenimException.Wiped) {
                    // Nothing is left to count attempts on: the vault is gone.
                    _state.update { it.copy(working = false, wiped = error, error = null, failedAttempts = 0) }
                    return@launch
                }
                val failed = when (failure) {
                    // The core counts this attempt in the failure itself.
                    is SenimException.WrongPasscode -> failure.failedAttempts.toInt()
                    else -> try {
                        withContext(io) { vault.failedAttempts() }
                    } catch (_: Exception) {
                        _state.value.failedAttempts
                    }
                }
                _state.update { it.copy(working = false, error = error, failedAttempts = failed) }
                if (failure is SenimException.TooManyAttempts) countDown(failure.retryAfterSeconds.toLong())
            } finally {
                after()
            }
        }.also { attempt = it }
    }

    /**
     * The app went to the background: lock, forget anything typed. An unlock already
     * running is let finish first (the KDF cannot be called back), then locked too.
     */
    fun onBackground(): Job {
        wipe()
        _state.update { it.copy(entered = 0) }
        val running = attempt
        return scope.launch {
            running?.join()
            val error = try {
                withContext(io) { vault.lock() }
                null
            } catch (e: Exception) {
                // The core wipes its keys even when it fails to log the lock.
                UiError.of(e)
            }
            _state.update { it.copy(unlocked = false, working = false, error = error, upgraded = false) }
        }
    }

    /**
     * Counts [seconds] down on the clock, publishing whole seconds left (rounded up, as
     * the core rounds the wait) at each tick; at 0 the pause is over and its error goes.
     */
    private fun countDown(seconds: Long) {
        countdown?.cancel()
        val deadline = clock.millis() + seconds * 1000
        countdown = scope.launch {
            while (true) {
                val left = deadline - clock.millis()
                val whole = if (left <= 0) 0 else (left + 999) / 1000
                _state.update { s ->
                    if (whole > 0) {
                        s.copy(retryIn = whole)
                    } else {
                        s.copy(retryIn = 0, error = s.error?.takeUnless { it.failure is SenimException.TooManyAttempts })
                    }
                }
                if (whole == 0L) break
                // Wake when the next whole second has passed.
                delay(left - (whole - 1) * 1000)
            }
        }
    }

    private fun wipe() {
        buffer.fill('\u0000')
        length = 0
    }

    private fun utf8(chars: CharArray, n: Int): ByteArray {
        val encoded = Charsets.UTF_8.newEncoder().encode(java.nio.CharBuffer.wrap(chars, 0, n))
        val bytes = ByteArray(encoded.remaining())
        encoded.get(bytes)
        if (encoded.hasArray()) encoded.array().fill(0)
        return bytes
    }
}
