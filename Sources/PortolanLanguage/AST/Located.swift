import PortolanDiagnostics

/// A value of the topology together with where it came from. Values the user
/// did not write (Domino's defaults) point at the object they belong to and have
/// `isExplicit == false`, so a diagnostic about them still has a place to show.
public struct Located<Value: Sendable>: Sendable {
    public var value: Value
    public var span: SourceSpan
    public var isExplicit: Bool

    public init(_ value: Value, at span: SourceSpan, explicit: Bool = true) {
        self.value = value
        self.span = span
        self.isExplicit = explicit
    }

    /// A default value, placed at `span` (usually the key of the enclosing object).
    public static func implied(_ value: Value, at span: SourceSpan) -> Located {
        Located(value, at: span, explicit: false)
    }
}

extension Located: Equatable where Value: Equatable {}
extension Located: Hashable where Value: Hashable {}
