import PortolanDiagnostics

/// A value of the topology together with where it came from. Values the user
/// did not write (Domino's defaults) point at the object they belong to and have
/// `isExplicit == false`, so a diagnostic about them still has a place to show.
/// A default that stands in for a value the decoder refused (PT102, PT104-PT107,
/// PT109, PT110) has `isRefused == true`: rules do not build advice on it.
public struct Located<Value: Sendable>: Sendable {
    public var value: Value
    public var span: SourceSpan
    public var isExplicit: Bool
    /// True when the user wrote a value here that was refused, and this is the
    /// default put in its place.
    public var isRefused: Bool

    public init(_ value: Value, at span: SourceSpan, explicit: Bool = true, refused: Bool = false) {
        self.value = value
        self.span = span
        self.isExplicit = explicit
        self.isRefused = refused
    }

    /// A default value, placed at `span` (usually the key of the enclosing object).
    public static func implied(_ value: Value, at span: SourceSpan) -> Located {
        Located(value, at: span, explicit: false)
    }
}

extension Located: Equatable where Value: Equatable {}
extension Located: Hashable where Value: Hashable {}
