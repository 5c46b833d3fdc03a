import PortolanDiagnostics

extension Located {
    /// The same place and explicitness, another value.
    func with<Other>(_ value: Other) -> Located<Other> {
        Located<Other>(value, at: span, explicit: isExplicit, refused: isRefused)
    }
}

// Initialisers for the concrete values the decoder makes by the million. An
// unoptimized build runs the generic initialiser unspecialized, looking the
// type's metadata up at every call; these store the fields directly, which
// keeps decoding a large estate fast in debug builds too.

extension Located where Value == Bool {
    init(flag: Bool, at span: SourceSpan, explicit: Bool, refused: Bool = false) {
        self.value = flag
        self.span = span
        self.isExplicit = explicit
        self.isRefused = refused
    }
}

extension Located where Value == Int {
    init(number: Int, at span: SourceSpan, explicit: Bool, refused: Bool = false) {
        self.value = number
        self.span = span
        self.isExplicit = explicit
        self.isRefused = refused
    }
}

extension Located where Value == String {
    init(text: String, at span: SourceSpan, explicit: Bool, refused: Bool = false) {
        self.value = text
        self.span = span
        self.isExplicit = explicit
        self.isRefused = refused
    }
}

extension Located where Value == FieldValue {
    init(field: FieldValue, at span: SourceSpan, explicit: Bool = true, refused: Bool = false) {
        self.value = field
        self.span = span
        self.isExplicit = explicit
        self.isRefused = refused
    }

    /// The same place and explicitness, another value.
    func replacing(_ value: FieldValue) -> Located<FieldValue> {
        Located(field: value, at: span, explicit: isExplicit, refused: isRefused)
    }
}

extension Located where Value == StartTLSPolicy {
    init(policy: StartTLSPolicy, at span: SourceSpan, explicit: Bool, refused: Bool = false) {
        self.value = policy
        self.span = span
        self.isExplicit = explicit
        self.isRefused = refused
    }
}

extension Located where Value == OutboundMode {
    init(mode: OutboundMode, at span: SourceSpan, explicit: Bool, refused: Bool = false) {
        self.value = mode
        self.span = span
        self.isExplicit = explicit
        self.isRefused = refused
    }
}

extension Located where Value == RelayAuth {
    init(relayAuth: RelayAuth, at span: SourceSpan, explicit: Bool, refused: Bool = false) {
        self.value = relayAuth
        self.span = span
        self.isExplicit = explicit
        self.isRefused = refused
    }
}

extension Located where Value == RelayEnforcement {
    init(enforcement: RelayEnforcement, at span: SourceSpan, explicit: Bool, refused: Bool = false) {
        self.value = enforcement
        self.span = span
        self.isExplicit = explicit
        self.isRefused = refused
    }
}

extension Located where Value == RelayAuthenticated {
    init(authenticated: RelayAuthenticated, at span: SourceSpan, explicit: Bool, refused: Bool = false) {
        self.value = authenticated
        self.span = span
        self.isExplicit = explicit
        self.isRefused = refused
    }
}
