import Foundation

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
public final class URLSessionSyncTransport: SyncTransport, @unchecked Sendable {
    // Sendable: the only stored property is a URLSession, which is thread-safe.

    private let session: URLSession

    /// - Parameter configuration: defaults to ``defaultConfiguration()``.
    public init(configuration: URLSessionConfiguration = URLSessionSyncTransport.defaultConfiguration()) {
        session = URLSession(configuration: configuration, delegate: NoRedirects(), delegateQueue: nil)
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

/// Refuses every redirect: the answer of the redirect itself goes back to the core.
private final class NoRedirects: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
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
