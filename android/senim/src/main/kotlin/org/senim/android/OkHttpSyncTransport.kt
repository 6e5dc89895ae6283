package org.senim.android

import java.io.IOException
import java.util.concurrent.TimeUnit
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
 */
class OkHttpSyncTransport(
    private val client: OkHttpClient = defaultClient(),
) : SyncTransport {

    override fun send(call: HttpCall): HttpAnswer {
        val url = call.url.toHttpUrlOrNull()
            ?: throw SenimException.InvalidInput("hub address", "not an http(s) URL")
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
        } catch (e: IOException) {
            // The reason names the failure, never the address (it may say where the
            // team's office is) nor any data.
            throw SenimException.Unreachable("the hub could not be reached (${e.javaClass.simpleName})")
        }
    }

    /**
     * Cuts every exchange in flight short (each fails at once as Unreachable, so the
     * core ends its sync): before a panic wipe, which waits for a sync holding the vault.
     * The client stays usable.
     */
    fun cancelAll() = client.dispatcher.cancelAll()

    companion object {
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
