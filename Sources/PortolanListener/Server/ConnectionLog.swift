import Logging
import NIOCore

/// The server's logger with the connection's number and client address added
/// to every line. They are added when a line is logged, not set on the
/// logger: setting metadata makes the log handler reformat all of it, for
/// every connection, even when nothing it logs is ever printed.
struct ConnectionLog {
    let base: Logger
    let number: Int
    let client: SocketAddress?

    func log(level: Logger.Level, _ message: @autoclosure () -> Logger.Message, metadata: @autoclosure () -> Logger.Metadata? = nil) {
        base.log(level: level, message(), metadata: withConnection(metadata()))
    }

    func info(_ message: @autoclosure () -> Logger.Message, metadata: @autoclosure () -> Logger.Metadata? = nil) {
        log(level: .info, message(), metadata: metadata())
    }

    func error(_ message: @autoclosure () -> Logger.Message, metadata: @autoclosure () -> Logger.Metadata? = nil) {
        log(level: .error, message(), metadata: metadata())
    }

    func withConnection(_ metadata: Logger.Metadata?) -> Logger.Metadata {
        var merged = metadata ?? [:]
        merged["conn"] = "\(number)"
        merged["client"] = "\(client.map { "\($0.ipAddress ?? "?"):\($0.port ?? 0)" } ?? "-")"
        return merged
    }
}
