extension StringProtocol {
    /// Runs `body` over the text's UTF-8 bytes, without copying them when the
    /// text is stored contiguously (as native strings are). The syntax checks
    /// walk bytes by index, which stays fast in unoptimized builds too.
    public func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(utf8).withUnsafeBufferPointer(body)
    }
}
