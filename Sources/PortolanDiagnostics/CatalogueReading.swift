extension DiagnosticCode {
    /// PT001: YAML syntax error.
    public static let yamlSyntax = DiagnosticCode("PT001")
    /// PT002: duplicate mapping key.
    public static let duplicateKey = DiagnosticCode("PT002")
    /// PT003: alias expansion over budget.
    public static let aliasBudget = DiagnosticCode("PT003")
    /// PT004: nesting too deep.
    public static let nestingTooDeep = DiagnosticCode("PT004")
    /// PT005: file unreadable.
    public static let fileUnreadable = DiagnosticCode("PT005")
    /// PT006: not exactly one document with a mapping at the root.
    public static let notOneMappingDocument = DiagnosticCode("PT006")
    /// PT007: unsupported YAML feature.
    public static let unsupportedYAML = DiagnosticCode("PT007")
}

extension Catalogue {
    static let readingEntries: [CatalogueEntry] = [
        make(.yamlSyntax, .error, "YAML syntax error", """
            The file is not well-formed YAML. The message is libyaml's own problem text, \
            reported at the place where libyaml noticed it, with the construct it was reading.

            Why it matters: nothing in the file can be checked until it parses.

            Fix: look at the marked position and a little before it; unbalanced quotes, \
            brackets, wrong indentation and a tab used for indentation are the usual causes.
            """, reading: .stops),
        make(.duplicateKey, .error, "duplicate mapping key", """
            A mapping has the same key twice. YAML forbids it and tools disagree on which \
            value wins, so Portolan refuses the file. The diagnostic points at the second key \
            and a note points at the first.

            Fix: remove one of the two keys, or merge their values.
            """),
        make(.aliasBudget, .error, "alias expansion over budget", """
            Expanding aliases (*name) would produce more nodes than the budget allows: at most \
            10,000 nodes produced through aliases per file, or 10 times the file's own node \
            count, whichever is larger. This stops "billion laughs" inputs that are small on \
            disk and enormous in memory.

            Fix: write the repeated parts out, or use `defaults` instead of nested aliases. \
            The budget can be raised with --max-alias-nodes.
            """, reading: .stops),
        make(.nestingTooDeep, .error, "nesting too deep", """
            Sequences and mappings are nested deeper than the limit (256 by default). No \
            topology needs this much nesting; it is refused so that no stage has to follow \
            unbounded depth.

            Fix: flatten the structure. The limit can be raised with --max-depth.
            """, reading: .stops),
        make(.fileUnreadable, .error, "file unreadable", """
            The input could not be read: it does not exist, is not a readable file, is larger \
            than the size limit (64 MiB by default, --max-file-size), is not UTF-8 text, or \
            a directory holds no *.yaml or *.yml file. Nothing in it was checked, and the \
            exit code is 2.

            Fix: check the path and the file's encoding (save it as UTF-8).
            """, reading: .neverRead),
        make(.notOneMappingDocument, .error, "not exactly one document with a mapping at the root", """
            A topology file holds exactly one YAML document whose root is a mapping \
            (`portolan: 1`, `servers:` and so on). An empty file, a second document after \
            `---`, or a root that is a list or a plain value is refused.

            Fix: split several documents into several files; make the root a mapping.
            """, reading: .stops),
        make(.unsupportedYAML, .error, "unsupported YAML feature", """
            The file uses a YAML feature Portolan does not accept: a custom tag (`!thing`), \
            a tag outside YAML's core schema, or a key that is itself a list or mapping. \
            Topologies are plain data; tags would make their meaning depend on the reader.

            Fix: remove the tag, or write the key as a plain string.
            """),
    ]
}
