package org.senim.core

import java.io.BufferedReader
import java.io.File
import java.io.IOException
import java.io.InputStreamReader
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.file.Files
import java.nio.file.Path
import java.security.SecureRandom
import java.time.Duration
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.TimeUnit

/**
 * What the JVM tests need from the machine: the native library (through JNA's
 * `jna.library.path`) and the `senim` binary for the hub. Both are passed by
 * `scripts/jvm-test` through `android/pom.xml`; a missing one fails with a message that
 * says how to run the tests rather than with JNA's `UnsatisfiedLinkError`.
 */
object Native {
    val libraryDir: File by lazy {
        val dir = System.getProperty("senim.native.dir")
            ?: error("senim.native.dir is not set: run scripts/jvm-test")
        val file = File(dir, System.mapLibraryName("senim_ffi"))
        check(file.isFile) { "no native library at $file: run scripts/jvm-test (it builds it)" }
        File(dir)
    }

    val senimBinary: File by lazy {
        val bin = File(System.getProperty("senim.bin") ?: error("senim.bin is not set: run scripts/jvm-test"))
        check(bin.canExecute()) { "no senim binary at $bin: run scripts/jvm-test (it builds it)" }
        bin
    }

    /** Checks the library is there before the first call into it loads it. */
    fun ensureLoaded() {
        libraryDir
        uniffiEnsureInitialized()
    }
}

/**
 * A boot clock for the JVM: `System.nanoTime()` (monotonic, never set by the wall clock)
 * under one name for the whole test run, as [MemoryKeyStore]'s default.
 */
fun jvmBootTime(): BootTime = BootTime(boot = "jvm-test-run", sinceBootMs = (System.nanoTime() / 1_000_000).coerceAtLeast(0).toULong())

/**
 * An in-memory [KeyStore] standing in for the Android Keystore: a new random 32-byte
 * secret per label, and a refusal for a label that already has one. A deleted secret
 * is zeroed. Its boot clock is `clock` (the JVM's monotonic clock unless a test drives
 * it).
 */
class MemoryKeyStore(private val clock: () -> BootTime = ::jvmBootTime) : KeyStore {
    private val secrets = ConcurrentHashMap<String, ByteArray>()
    private val random = SecureRandom()

    val labels: Set<String> get() = secrets.keys.toSet()

    override fun createSecret(label: String): ByteArray {
        val secret = ByteArray(32).also(random::nextBytes)
        if (secrets.putIfAbsent(label, secret) != null) {
            throw SenimException.KeyStore("a secret already exists for this label")
        }
        return secret.copyOf()
    }

    override fun secret(label: String): ByteArray? = secrets[label]?.copyOf()

    override fun deleteSecret(label: String) {
        secrets.remove(label)?.fill(0)
    }

    override fun bootTime(): BootTime = clock()
}

/**
 * A [SyncTransport] on `java.net.http`: sends the call's method, headers and body as
 * they are, returns the status, every header and the body. An I/O failure is thrown
 * (as `SenimException.Unreachable`); the transport never retries.
 */
class JavaHttpTransport(
    private val client: HttpClient = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build(),
) : SyncTransport {
    override fun send(call: HttpCall): HttpAnswer {
        val request = HttpRequest.newBuilder(URI.create(call.url)).timeout(Duration.ofSeconds(30))
        for (h in call.headers) request.header(h.name, h.value)
        when (call.method) {
            "GET" -> request.GET()
            "POST" -> request.POST(HttpRequest.BodyPublishers.ofByteArray(call.body))
            else -> request.method(call.method, HttpRequest.BodyPublishers.ofByteArray(call.body))
        }
        val response = try {
            client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray())
        } catch (e: IOException) {
            throw SenimException.Unreachable("the hub could not be reached: ${e.javaClass.simpleName}")
        }
        val headers = response.headers().map().flatMap { (name, values) -> values.map { HttpHeader(name, it) } }
        return HttpAnswer(response.statusCode().toUShort(), headers, response.body())
    }
}

/**
 * A real hub: `senim hub serve --addr 127.0.0.1:0 --data DIR` as a child process, with
 * `--demo` for a demo hub (it serves demo teams only; a real hub real teams only). Its
 * first line of output names the port; the rest of its output goes to a log file so
 * the pipe never fills.
 */
class HubProcess private constructor(private val process: Process, val url: String, val log: Path) : AutoCloseable {
    companion object {
        fun start(data: Path, demo: Boolean = false): HubProcess {
            val log = Files.createTempFile("senim-hub", ".log")
            val command = listOf(Native.senimBinary.path, "hub", "serve", "--addr", "127.0.0.1:0", "--data", data.toString()) +
                if (demo) listOf("--demo") else emptyList()
            val process = ProcessBuilder(command).redirectError(log.toFile()).start()
            val out = BufferedReader(InputStreamReader(process.inputStream))
            val first = out.readLine()
            if (first == null) {
                process.destroyForcibly()
                error("the hub exited before listening: ${Files.readString(log)}")
            }
            val address = Regex("""hub listening on (\S+:\d+)""").find(first)?.groupValues?.get(1)
                ?: run { process.destroyForcibly(); error("unexpected first line from the hub: $first") }
            // Keep draining stdout so the hub never blocks on a full pipe.
            Thread {
                try { out.forEachLine { } } catch (_: IOException) { }
            }.apply { isDaemon = true; start() }
            return HubProcess(process, "http://$address", log)
        }
    }

    override fun close() {
        process.destroy()
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly()
            process.waitFor(5, TimeUnit.SECONDS)
        }
        Files.deleteIfExists(log)
    }
}

fun passcode(text: String): ByteArray = text.toByteArray(Charsets.UTF_8)

/** Runs [block] and returns the [SenimException] it throws; fails when it throws none. */
inline fun failure(block: () -> Unit): SenimException {
    try {
        block()
    } catch (e: SenimException) {
        return e
    }
    throw AssertionError("expected a SenimException")
}

/** Runs [block] and returns the [SenimException] of type [T] it throws; fails on any other outcome. */
inline fun <reified T : SenimException> failureOf(block: () -> Unit): T {
    val e = failure(block)
    return e as? T ?: throw AssertionError("expected ${T::class.java.simpleName}, got ${e.javaClass.simpleName}: ${e.message}")
}
