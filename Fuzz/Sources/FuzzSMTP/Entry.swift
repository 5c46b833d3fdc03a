import FuzzDriver

// The entry SwiftPM gives this executable (see FuzzDriver).
@_cdecl("FuzzSMTP_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv) { data, size in fuzz(data, size) }
}
