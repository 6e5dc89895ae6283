import CryptoKit
import Foundation
import Security

/// Carries the core's hub requests over URLSession.
///
/// The core builds and signs every request and reads every answer: this class sends the
/// method, URL, headers and body it is given, exactly, and hands back the status, the
/// headers and the body. It never retries, follows no redirect (the path and query are
/// signed, and a request must not be replayed elsewhere), keeps no cache, cookie or
/// credential (an ephemeral session), and throws `SenimError.Unreachable` when the
/// exchange did not complete; the core then stops the sync,
/// which loses nothing and can simply be run again.
///
/// The core calls ``send(call:)`` from its own worker thread (the `async` sync runs off
/// the caller's), and this method blocks that thread until URLSession answers: never
/// call it from the main thread yourself.
///
/// The hub's certificate is pinned (docs/adr/0021-pinning.md): `hubPolicy` gives, at each
/// exchange, the team's pin (`TeamView.hubPin`, the SHA-256 of the hub's DER certificate)
/// and whether the vault is a demo. The session's delegate accepts exactly the pinned
/// certificate, with no certificate authority involved, and the exchange fails with "the
/// hub's certificate changed" for any other. An `https://` address without a pin is
/// refused, and so is plain `http://` except to this device (loopback) or for a demo.
public final class URLSessionSyncTransport: SyncTransport, @unchecked Sendable {
    // Sendable: the stored properties are a URLSession (thread-safe), its delegate (whose
    // mutable state is behind a lock) and an immutable closure.

    /// What the transport needs of the team: its hub's pin (nil: none) and demo status.
    public struct HubPolicy: Sendable {
        public let pin: String?
        public let demo: Bool
        public init(pin: String?, demo: Bool) {
            self.pin = pin
            self.demo = demo
        }
    }

    private let session: URLSession
    private let delegate: PinningDelegate
    private let hubPolicy: @Sendable () -> HubPolicy?

    /// - Parameter configuration: defaults to ``defaultConfiguration()``.
    /// - Parameter hubPolicy: the team's pin and demo status, asked at each exchange.
    public init(
        configuration: URLSessionConfiguration = URLSessionSyncTransport.defaultConfiguration(),
        hubPolicy: @escaping @Sendable () -> HubPolicy? = { nil }
    ) {
        delegate = PinningDelegate()
        self.hubPolicy = hubPolicy
        session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: nil)
    }

    deinit {
        session.finishTasksAndInvalidate()
    }

    /// Ephemeral (nothing on disk), no cookies, no cache, no waiting for connectivity (an
    /// offline phone fails at once and syncs later), timeouts for slow mobile networks.
    public static func defaultConfiguration() -> URLSessionConfiguration {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalAndRemoteCacheData
        configuration.waitsForConnectivity = false
        // Between two packets, not for the whole answer: a bootstrap of thousands of
        // records may take minutes on a slow link and must not be cut.
        configuration.timeoutIntervalForRequest = 60
        configuration.timeoutIntervalForResource = 30 * 60
        return configuration
    }

    /// A transport pinned to `pin` instead of the team's (the demo status still from this
    /// one): for creating a team, before the vault keeps its hub's pin.
    public func pinnedTo(_ pin: String?) -> URLSessionSyncTransport {
        let base = hubPolicy
        return URLSessionSyncTransport(hubPolicy: { HubPolicy(pin: pin, demo: base()?.demo ?? false) })
    }

    /// Cuts every exchange in flight short (each fails at once with `.unreachable`, so the
    /// core ends its sync): before a panic wipe, which waits for a sync holding the vault.
    /// The session stays usable (no `invalidateAndCancel`, which would end it for good).
    public func cancelAll() {
        session.getAllTasks { tasks in
            for task in tasks { task.cancel() }
        }
    }

    public func send(call: HttpCall) throws -> HttpAnswer {
        guard let url = URL(string: call.url), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https" else {
            throw SenimError.InvalidInput(field: "hub address", reason: "not an http(s) URL")
        }
        let policy = hubPolicy()
        if scheme == "https" {
            guard let pin = policy?.pin, let bytes = Self.pinBytes(pin) else {
                throw SenimError.InvalidInput(
                    field: "hub address", reason: "an https:// hub is reached only with its certificate pin")
            }
            delegate.pin(bytes)
        } else if policy?.demo != true && !Self.isLoopback(url.host ?? "") {
            throw SenimError.InvalidInput(
                field: "hub address", reason: "plain http:// is allowed only to this device or for a demo vault")
        }
        var request = URLRequest(url: url)
        request.httpMethod = call.method.uppercased()
        for header in call.headers {
            request.addValue(header.value, forHTTPHeaderField: header.name)
        }
        if request.httpMethod != "GET" && request.httpMethod != "HEAD" {
            request.httpBody = call.body
        }

        let exchange = Exchange()
        let task = session.dataTask(with: request) { data, response, error in
            exchange.finish(data: data, response: response, error: error)
        }
        task.resume()
        let (data, response, error) = exchange.wait()

        if let error {
            if delegate.takeMismatch() {
                throw SenimError.Unreachable(
                    reason: "the hub's certificate changed: it is not the one this team pinned, so nothing was sent")
            }
            // The reason names the failure, never the address (it may say where the
            // team's office is) nor any data.
            let code = (error as NSError).code
            throw SenimError.Unreachable(reason: "the hub could not be reached (URLError \(code))")
        }
        guard let http = response as? HTTPURLResponse else {
            throw SenimError.Unreachable(reason: "the hub gave no HTTP answer")
        }
        let headers = http.allHeaderFields.compactMap { name, value -> HttpHeader? in
            guard let name = name as? String else { return nil }
            return HttpHeader(name: name, value: "\(value)")
        }
        return HttpAnswer(
            status: UInt16(clamping: http.statusCode),
            headers: headers,
            body: data ?? Data()
        )
    }
}

extension URLSessionSyncTransport {
    /// 32 bytes from 64 hex digits, colons and spaces ignored.
    static func pinBytes(_ pin: String) -> Data? {
        let hex = pin.split(separator: "=").last.map(String.init) ?? pin
        let digits = hex.replacingOccurrences(of: "sha256:", with: "").filter { $0 != ":" && $0 != " " }
        guard digits.count == 64 else { return nil }
        var bytes = Data()
        var index = digits.startIndex
        while index < digits.endIndex {
            let next = digits.index(index, offsetBy: 2)
            guard let byte = UInt8(digits[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }

    static func isLoopback(_ host: String) -> Bool {
        let host = host.lowercased()
        return host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }
}

/// One request's answer, handed from URLSession's queue to the waiting core thread.
private final class Exchange: @unchecked Sendable {
    // Sendable: every field is written once, before the semaphore is signalled, and
    // read only after it was waited for.
    private let done = DispatchSemaphore(value: 0)
    private var data: Data?
    private var response: URLResponse?
    private var error: Error?

    func finish(data: Data?, response: URLResponse?, error: Error?) {
        self.data = data
        self.response = response
        self.error = error
        done.signal()
    }

    func wait() -> (Data?, URLResponse?, Error?) {
        done.wait()
        return (data, response, error)
    }
}

/// Refuses every redirect (the answer of the redirect itself goes back to the core) and
/// accepts exactly the pinned server certificate.
private final class PinningDelegate: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    // Sendable: `expected` and `mismatch` are read and written under `lock` only.
    private let lock = NSLock()
    private var expected: Data?
    private var mismatch = false

    func pin(_ bytes: Data) {
        lock.lock()
        expected = bytes
        mismatch = false
        lock.unlock()
    }

    /// Whether the last handshake met another certificate (and forgets it).
    func takeMismatch() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        let seen = mismatch
        mismatch = false
        return seen
    }

    func urlSession(
        _ session: URLSession,
        didReceive challenge: URLAuthenticationChallenge,
        completionHandler: @escaping (URLSession.AuthChallengeDisposition, URLCredential?) -> Void
    ) {
        guard challenge.protectionSpace.authenticationMethod == NSURLAuthenticationMethodServerTrust,
              let trust = challenge.protectionSpace.serverTrust else {
            completionHandler(.cancelAuthenticationChallenge, nil)
            return
        }
        let leaf = (SecTrustCopyCertificateChain(trust) as? [SecCertificate])?.first
        let der = leaf.map { SecCertificateCopyData($0) as Data }
        let digest = der.map { Data(SHA256.hash(data: $0)) }
        lock.lock()
        let matches = expected != nil && digest == expected
        if !matches { mismatch = true }
        lock.unlock()
        if matches {
            completionHandler(.useCredential, URLCredential(trust: trust))
        } else {
            completionHandler(.cancelAuthenticationChallenge, nil)
        }
    }

    func urlSession(
        _ session: URLSession,
        task: URLSessionTask,
        willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest,
        completionHandler: @escaping (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }
}
