package org.senim.android

import java.security.MessageDigest
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import mockwebserver3.MockResponse
import mockwebserver3.MockWebServer
import mockwebserver3.SocketEffect
import okhttp3.OkHttpClient
import okhttp3.tls.HandshakeCertificates
import okhttp3.tls.HeldCertificate
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.senim.core.HttpCall
import org.senim.core.HttpHeader
import org.senim.core.SenimException

/**
 * The Android app's transport against OkHttp's MockWebServer on this machine's loopback:
 * what it sends and hands back, the hub's errors, the network's failures (timeouts, a
 * body cut short, a cancelled exchange) and the pinned certificate (ADR 0021). Every
 * failure must be the core's `Unreachable` (or `InvalidInput` for an address it refuses
 * before sending), with a reason that never names the hub's address.
 */
class OkHttpSyncTransportTest {
    private lateinit var server: MockWebServer

    @BeforeEach
    fun start() {
        server = MockWebServer()
    }

    @AfterEach
    fun stop() {
        server.close()
    }

    private fun call(path: String = "/v1/sync", method: String = "POST", body: ByteArray = byteArrayOf(1, 2, 3)) =
        HttpCall(
            method = method,
            url = server.url(path).toString(),
            headers = listOf(
                HttpHeader("content-type", "application/octet-stream"),
                HttpHeader("x-senim-signature", "c2lnbmF0dXJl"),
            ),
            body = body,
        )

    private fun assertNamesNoAddress(reason: String) {
        assertFalse(reason.contains(server.hostName), reason)
        assertFalse(reason.contains(server.port.toString()), reason)
    }

    @Test
    fun `sends the core's request exactly and hands back status, headers and body`() {
        server.enqueue(MockResponse.Builder().code(200).addHeader("x-hub", "one").body("answer").build())
        server.start()
        val answer = OkHttpSyncTransport().send(call(path = "/v1/teams/t1/pull?after=7", body = "sealed".toByteArray()))

        assertEquals(200.toUShort(), answer.status)
        assertArrayEquals("answer".toByteArray(), answer.body)
        assertTrue(answer.headers.any { it.name.equals("x-hub", true) && it.value == "one" })
        val request = server.takeRequest(5, TimeUnit.SECONDS)!!
        assertEquals("POST", request.method)
        assertEquals("/v1/teams/t1/pull?after=7", request.target)
        assertEquals("c2lnbmF0dXJl", request.headers["x-senim-signature"])
        assertEquals("application/octet-stream", request.headers["content-type"])
        assertArrayEquals("sealed".toByteArray(), request.body!!.toByteArray())
    }

    @Test
    fun `a GET carries no body`() {
        server.enqueue(MockResponse.Builder().code(200).build())
        server.start()
        OkHttpSyncTransport().send(call(method = "get"))
        val request = server.takeRequest(5, TimeUnit.SECONDS)!!
        assertEquals("GET", request.method)
        assertEquals(0L, request.bodySize)
    }

    @Test
    fun `the hub's 4xx and 5xx answers reach the core as answers, body and all`() {
        server.enqueue(MockResponse.Builder().code(403).body("""{"code":"forbidden"}""").build())
        server.enqueue(MockResponse.Builder().code(503).addHeader("retry-after", "60").body("""{"code":"busy"}""").build())
        server.start()
        val transport = OkHttpSyncTransport()

        val refused = transport.send(call())
        assertEquals(403.toUShort(), refused.status)
        assertEquals("""{"code":"forbidden"}""", refused.body.decodeToString())
        val busy = transport.send(call())
        assertEquals(503.toUShort(), busy.status)
        assertTrue(busy.headers.any { it.name.equals("retry-after", true) && it.value == "60" })
        // No retry of its own: the core decides.
        assertEquals(2, server.requestCount)
    }

    @Test
    fun `a redirect is handed back, never followed (the path is signed)`() {
        server.enqueue(MockResponse.Builder().code(302).addHeader("location", "/elsewhere").build())
        server.enqueue(MockResponse.Builder().code(200).body("should not be fetched").build())
        server.start()
        val answer = OkHttpSyncTransport().send(call())
        assertEquals(302.toUShort(), answer.status)
        assertEquals(1, server.requestCount)
    }

    @Test
    fun `a hub that answers too slowly is Unreachable, naming no address`() {
        server.enqueue(MockResponse.Builder().code(200).headersDelay(5, TimeUnit.SECONDS).build())
        server.start()
        val client = OkHttpSyncTransport.defaultClient().newBuilder().readTimeout(300, TimeUnit.MILLISECONDS).build()
        val failure = assertThrows<SenimException.Unreachable> { OkHttpSyncTransport(client).send(call()) }
        assertTrue(failure.reason.contains("SocketTimeoutException"), failure.reason)
        assertNamesNoAddress(failure.reason)
    }

    @Test
    fun `a body cut short is Unreachable, never a truncated answer`() {
        server.enqueue(
            MockResponse.Builder().code(200).body("x".repeat(64 * 1024))
                .onResponseBody(SocketEffect.CloseSocket())
                .build(),
        )
        server.start()
        val failure = assertThrows<SenimException.Unreachable> { OkHttpSyncTransport().send(call()) }
        assertNamesNoAddress(failure.reason)
    }

    @Test
    fun `a connection closed before any answer is Unreachable`() {
        server.enqueue(MockResponse.Builder().onRequestStart(SocketEffect.CloseSocket()).build())
        server.start()
        val failure = assertThrows<SenimException.Unreachable> { OkHttpSyncTransport().send(call()) }
        assertNamesNoAddress(failure.reason)
    }

    @Test
    fun `a hub nobody listens on is Unreachable`() {
        server.start()
        val url = server.url("/v1/sync").toString()
        server.close()
        val failure = assertThrows<SenimException.Unreachable> {
            OkHttpSyncTransport().send(HttpCall("POST", url, emptyList(), byteArrayOf()))
        }
        assertTrue(failure.reason.contains("ConnectException"), failure.reason)
    }

    @Test
    fun `cancelAll cuts an exchange in flight short`() {
        server.enqueue(MockResponse.Builder().code(200).headersDelay(30, TimeUnit.SECONDS).build())
        server.start()
        val transport = OkHttpSyncTransport()
        val pool = Executors.newSingleThreadExecutor()
        try {
            val pending = pool.submit<Throwable?> { runCatching { transport.send(call()) }.exceptionOrNull() }
            server.takeRequest(5, TimeUnit.SECONDS)!! // the request is on the wire
            transport.cancelAll()
            val failure = pending.get(10, TimeUnit.SECONDS)
            assertTrue(failure is SenimException.Unreachable, "$failure")
        } finally {
            pool.shutdownNow()
        }
    }

    @Test
    fun `plain http to another machine is refused before anything is sent, unless the vault is a demo`() {
        val refused = assertThrows<SenimException.InvalidInput> {
            OkHttpSyncTransport(hubPolicy = { OkHttpSyncTransport.HubPolicy(pin = null, demo = false) })
                .send(HttpCall("POST", "http://hub.invalid/v1/sync", emptyList(), byteArrayOf()))
        }
        assertEquals("hub address", refused.field)
        // A demo vault may use a plain hub on the office network; loopback always may.
        server.enqueue(MockResponse.Builder().code(200).build())
        server.start()
        val demo = OkHttpSyncTransport(hubPolicy = { OkHttpSyncTransport.HubPolicy(pin = null, demo = true) })
        assertEquals(200.toUShort(), demo.send(call()).status)
    }

    @Test
    fun `a URL that is not http(s) is refused`() {
        val refused = assertThrows<SenimException.InvalidInput> {
            OkHttpSyncTransport().send(HttpCall("POST", "ftp://hub/v1", emptyList(), byteArrayOf()))
        }
        assertEquals("hub address", refused.field)
    }

    // --- The pinned certificate (ADR 0021) ------------------------------------------

    private val hubCertificate = HeldCertificate.Builder().commonName("senim hub").ecdsa256().build()
    private val otherCertificate = HeldCertificate.Builder().commonName("senim hub").ecdsa256().build()

    private fun pinOf(certificate: HeldCertificate): String =
        MessageDigest.getInstance("SHA-256").digest(certificate.certificate.encoded)
            .joinToString(":") { "%02X".format(it) }

    private fun serveTls(certificate: HeldCertificate) {
        val handshake = HandshakeCertificates.Builder().heldCertificate(certificate).build()
        server.useHttps(handshake.sslSocketFactory())
    }

    private fun pinned(pin: String?) =
        OkHttpSyncTransport(hubPolicy = { OkHttpSyncTransport.HubPolicy(pin = pin, demo = false) })

    @Test
    fun `an https hub showing the pinned self-signed certificate is reached, with no CA and no host name`() {
        serveTls(hubCertificate)
        server.enqueue(MockResponse.Builder().code(200).body("over tls").build())
        server.start()
        val answer = pinned(pinOf(hubCertificate)).send(call())
        assertEquals("over tls", answer.body.decodeToString())
        assertTrue(server.takeRequest(5, TimeUnit.SECONDS)!!.handshake != null)
    }

    @Test
    fun `a hub showing another certificate fails as changed, and the request never leaves`() {
        serveTls(otherCertificate)
        server.enqueue(MockResponse.Builder().code(200).body("must not be read").build())
        server.start()
        val failure = assertThrows<SenimException.Unreachable> { pinned(pinOf(hubCertificate)).send(call()) }
        assertTrue(failure.reason.startsWith("the hub's certificate changed"), failure.reason)
        assertNamesNoAddress(failure.reason)
        // The handshake failed, so no request reached the hub.
        val seen = server.takeRequest(500, TimeUnit.MILLISECONDS)
        assertTrue(seen == null || seen.failure != null, "a request got through: $seen")
    }

    @Test
    fun `a certificate signed by a trusted CA is still refused when it is not the pinned one`() {
        // The pin replaces the CA check: a certificate a system CA would accept (here one
        // from a CA the client's base trust store holds) is still not the hub's.
        val authority = HeldCertificate.Builder().certificateAuthority(0).ecdsa256().build()
        val issued = HeldCertificate.Builder().signedBy(authority).addSubjectAlternativeName("localhost")
            .ecdsa256().build()
        serveTls(issued)
        server.enqueue(MockResponse.Builder().code(200).build())
        server.start()
        val trusting = HandshakeCertificates.Builder().addTrustedCertificate(authority.certificate).build()
        val base = OkHttpClient.Builder().sslSocketFactory(trusting.sslSocketFactory(), trusting.trustManager).build()
        val transport = OkHttpSyncTransport(base, hubPolicy = { OkHttpSyncTransport.HubPolicy(pinOf(hubCertificate), false) })
        val failure = assertThrows<SenimException.Unreachable> { transport.send(call()) }
        assertTrue(failure.reason.startsWith("the hub's certificate changed"), failure.reason)
    }

    @Test
    fun `an https hub without a pin is refused before connecting`() {
        serveTls(hubCertificate)
        server.start()
        val refused = assertThrows<SenimException.InvalidInput> { pinned(null).send(call()) }
        assertEquals("hub address", refused.field)
        assertNull(server.takeRequest(200, TimeUnit.MILLISECONDS))
    }

    @Test
    fun `pinnedTo reaches a hub before the team keeps its pin`() {
        serveTls(hubCertificate)
        server.enqueue(MockResponse.Builder().code(201).build())
        server.start()
        val transport = pinned(null).pinnedTo(pinOf(hubCertificate))
        assertEquals(201.toUShort(), transport.send(call()).status)
    }

    @Test
    fun `a malformed pin is InvalidInput naming the certificate pin`() {
        for (bad in listOf("", "abc", "g".repeat(64), "00".repeat(31))) {
            val refused = assertThrows<SenimException.InvalidInput> { OkHttpSyncTransport.parsePin(bad) }
            assertEquals("certificate pin", refused.field)
        }
        val hex = "ab".repeat(32)
        assertArrayEquals(OkHttpSyncTransport.parsePin(hex), OkHttpSyncTransport.parsePin("sha256:$hex"))
        assertArrayEquals(OkHttpSyncTransport.parsePin(hex), OkHttpSyncTransport.parsePin(hex.chunked(2).joinToString(":")))
    }
}
