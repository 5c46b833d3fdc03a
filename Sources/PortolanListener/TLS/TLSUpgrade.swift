import NIOCore
import NIOSSL
import NIOTLS

/// Puts TLS in front of a connection: an `SNIHandler` reads the ClientHello's
/// server name first, so that the site (and its key ring) is chosen before
/// the handshake, then a `NIOSSLServerHandler` with that key ring takes over.
enum TLSUpgrade {
    /// `choose` gets the SNI name (nil when absent) and returns the context
    /// to use, or nil to refuse (the connection is then closed).
    static func install(
        on channel: Channel, choose: @escaping (String?) -> NIOSSLContext?
    ) throws {
        let pipeline = channel.pipeline.syncOperations
        var sniHandler: ByteToMessageHandler<SNIHandler>?
        let handler = ByteToMessageHandler(SNIHandler { result in
            let name: String?
            if case .hostname(let hostname) = result { name = hostname } else { name = nil }
            guard let context = choose(name), let sniHandler else {
                channel.close(promise: nil)
                return channel.eventLoop.makeFailedFuture(TLSUnavailable())
            }
            return channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context), position: .after(sniHandler))
            }
        })
        sniHandler = handler
        try pipeline.addHandler(handler, position: .first)
    }

    /// The negotiated version, once the handshake completed.
    static func version(on channel: Channel) -> String {
        let handler = try? channel.pipeline.syncOperations.handler(type: NIOSSLServerHandler.self)
        return handler?.tlsVersion?.displayName ?? "TLS"
    }
}

struct TLSUnavailable: Error, CustomStringConvertible {
    var description: String { "no key ring for this connection" }
}
