package org.senim.android

import java.io.IOException
import java.net.InetAddress
import java.security.MessageDigest
import java.security.cert.CertificateException
import java.security.cert.X509Certificate
import java.util.concurrent.TimeUnit
import javax.net.ssl.SSLContext
import javax.net.ssl.SSLHandshakeException
import javax.net.ssl.X509TrustManager
import okhttp3.Headers
import okhttp3.HttpUrl.Companion.toHttpUrlOrNull
import okhttp3.MediaType.Companion.toMediaTypeOrNull
import okhttp3.OkHttpClient
import okhttp3.Request
import okhttp3.RequestBody.Companion.toRequestBody
import org.senim.core.HttpAnswer
import org.senim.core.HttpCall
import org.senim.core.HttpHeader
import org.senim.core.SenimException
import org.senim.core.SyncTransport

/**
 * Carries the core's hub requests over OkHttp.
 *
 * The core builds and signs every request and reads every answer: this class sends the
 * method, URL, headers and body it is given, exactly, and hands back the status, the
 * headers and the body. It never retries, follows no redirect (the path and query are
 * signed, and a request must not be replayed elsewhere) and throws
 * [SenimException.Unreachable] when the exchange did not
 * complete; the core then stops the sync, which loses nothing and can simply be run
 * again.
 *
 * The core calls [send] from its own worker thread (the `suspend` sync runs off the
 * caller's thread), so the blocking `execute()` here never runs on the main thread.
 *
 * The hub's certificate is pinned (docs/adr/0021-pinning.md): [hubPolicy] gives, at each
 * exchange, the team's pin (`TeamView.hubPin`, the SHA-256 of the hub's DER certificate)
 * and whether the vault is a demo. Every `https://` exchange accepts exactly the pinned
 * certificate, with no certificate authority involved, and fails with "the hub's
 * certificate changed" for any other. An `https://` address without a pin is refused, and
 * so is plain `http://` except to this device (loopback) or for a demo vault.
 */
class OkHttpSyncTransport(
    private val client: OkHttpClient = defaultClient(),
    private val hubPolicy: () -> HubPolicy? = { null },
) : SyncTransport {

    /** What the transport needs of the team: its hub's pin (null: none) and demo status. */
    data class HubPolicy(val pin: String?, val demo: Boolean)

    @Volatile
    private var pinned: Pair<String, OkHttpClient>? = null

    private fun pinnedFor(pin: String): OkHttpClient =
        pinned?.takeIf { it.first == pin }?.second
            ?: pinnedClient(client, pin).also { pinned = pin to it }

    override fun send(call: HttpCall): HttpAnswer {
        val url = call.url.toHttpUrlOrNull()
            ?: throw SenimException.InvalidInput("hub address", "not an http(s) URL")
        val policy = hubPolicy()
        val client = if (url.isHttps) {
            val pin = policy?.pin ?: throw SenimException.InvalidInput(
                "hub address",
                "an https:// hub is reached only with its certificate pin",
            )
            pinnedFor(pin)
        } else {
            if (policy?.demo != true && !isLoopback(url.host)) {
                throw SenimException.InvalidInput(
                    "hub address",
                    "plain http:// is allowed only to this device or for a demo vault",
                )
            }
            client
        }
        val headers = Headers.Builder().apply {
            // addUnsafeNonAscii: pass the core's values as they are, never reject one here.
            call.headers.forEach { addUnsafeNonAscii(it.name, it.value) }
        }.build()
        val method = call.method.uppercase()
        val body = when (method) {
            "GET", "HEAD" -> null
            else -> call.body.toRequestBody(headers["content-type"]?.toMediaTypeOrNull())
        }
        val request = try {
            Request.Builder().url(url).headers(headers).method(method, body).build()
        } catch (e: IllegalArgumentException) {
            throw SenimException.InvalidInput("request", "the request could not be built: ${call.method}")
        }

        try {
            client.newCall(request).execute().use { response ->
                return HttpAnswer(
                    status = response.code.toUShort(),
                    headers = response.headers.map { (name, value) -> HttpHeader(name, value) },
                    body = response.body.bytes(),
                )
            }
        } catch (e: SSLHandshakeException) {
            if (e.findCause<PinMismatch>() != null) {
                throw SenimException.Unreachable(PinMismatch.REASON)
            }
            throw SenimException.Unreachable("the hub could not be reached (${e.javaClass.simpleName})")
        } catch (e: IOException) {
            // The reason names the failure, never the address (it may say where the
            // team's office is) nor any data.
            throw SenimException.Unreachable("the hub could not be reached (${e.javaClass.simpleName})")
        }
    }

    /**
     * The same transport (the same client, so [cancelAll] reaches it) pinned to `pin`
     * instead of the team's: for creating a team, before the vault keeps its hub's pin.
     */
    fun pinnedTo(pin: String?): OkHttpSyncTransport =
        OkHttpSyncTransport(client, hubPolicy = { HubPolicy(pin, hubPolicy()?.demo ?: false) })

    /**
     * Cuts every exchange in flight short (each fails at once as Unreachable, so the
     * core ends its sync): before a panic wipe, which waits for a sync holding the vault.
     * The client stays usable.
     */
    fun cancelAll() = client.dispatcher.cancelAll()

    companion object {
        private inline fun <reified T : Throwable> Throwable.findCause(): T? {
            var cause: Throwable? = this
            while (cause != null) {
                if (cause is T) return cause
                cause = cause.cause
            }
            return null
        }

        private fun isLoopback(host: String): Boolean =
            host.equals("localhost", ignoreCase = true) ||
                (host.all { it.isDigit() || it == '.' || it == ':' || it in 'a'..'f' || it in 'A'..'F' } &&
                    runCatching { InetAddress.getByName(host).isLoopbackAddress }.getOrDefault(false))

        /**
         * [base] with a trust manager that accepts exactly the certificate whose SHA-256
         * is [pin], and no host-name check (the pin names the hub; a self-signed
         * certificate for an office address has no usable name). OkHttp's
         * `CertificatePinner` is not enough on its own: it pins public keys on top of the
         * system's CA check, which a self-signed hub certificate never passes.
         */
        fun pinnedClient(base: OkHttpClient, pin: String): OkHttpClient {
            val trust = PinnedTrustManager(parsePin(pin))
            val context = SSLContext.getInstance("TLS").apply { init(null, arrayOf(trust), null) }
            return base.newBuilder()
                .sslSocketFactory(context.socketFactory, trust)
                .hostnameVerifier { _, _ -> true }
                .build()
        }

        /** 32 bytes from 64 hex digits, colons and spaces ignored. */
        fun parsePin(pin: String): ByteArray {
            val hex = pin.substringAfter('=').removePrefix("sha256:").filter { it != ':' && it != ' ' }
            if (hex.length != 64 || !hex.all { it.isDigit() || it.lowercaseChar() in 'a'..'f' }) {
                throw SenimException.InvalidInput("certificate pin", "64 hexadecimal digits")
            }
            return ByteArray(32) { i -> hex.substring(2 * i, 2 * i + 2).toInt(16).toByte() }
        }

        /**
         * A client for the hub: no retries and no redirects (see the class), timeouts
         * that suit a slow mobile network, and no cache or cookies (OkHttp keeps none
         * unless configured). Share one client across the app: it pools connections.
         */
        fun defaultClient(): OkHttpClient = OkHttpClient.Builder()
            .retryOnConnectionFailure(false)
            .followRedirects(false)
            .followSslRedirects(false)
            .connectTimeout(20, TimeUnit.SECONDS)
            // Between two packets, not for the whole answer: a bootstrap of thousands of
            // records may take minutes on a 2G/3G link and must not be cut.
            .readTimeout(60, TimeUnit.SECONDS)
            .writeTimeout(60, TimeUnit.SECONDS)
            .build()
    }
}

/** The hub showed a certificate other than the pinned one. */
private class PinMismatch : CertificateException(REASON) {
    companion object {
        const val REASON =
            "the hub's certificate changed: it is not the one this team pinned, so nothing was sent"
    }
}

/** Accepts exactly the certificate whose SHA-256 is [pin]. */
private class PinnedTrustManager(private val pin: ByteArray) : X509TrustManager {
    override fun checkServerTrusted(chain: Array<out X509Certificate>?, authType: String?) {
        val leaf = chain?.firstOrNull() ?: throw PinMismatch()
        val digest = MessageDigest.getInstance("SHA-256").digest(leaf.encoded)
        if (!MessageDigest.isEqual(digest, pin)) throw PinMismatch()
    }

    override fun checkClientTrusted(chain: Array<out X509Certificate>?, authType: String?) =
        throw CertificateException("no client certificates")

    override fun getAcceptedIssuers(): Array<X509Certificate> = emptyArray()
}
