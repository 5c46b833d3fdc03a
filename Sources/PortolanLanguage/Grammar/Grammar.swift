/// The topology language, version 1, as data: every key of every file, with its
/// type, default, meaning and Domino field. `TopologyDecoder` checks input
/// against it and fills defaults from it; `TopologySchema` and
/// `LanguageReference` render it. Changing the language means changing this.
public enum Grammar {
    /// The language versions this decoder reads.
    public static let supportedVersions = [1]

    /// The root mapping of one topology file. Only `portolan` is required per
    /// file: `organization` must appear in at least one file of the input.
    public static let file = ObjectDefinition("TopologyFile", "One topology file. Every file of an input is merged into one topology.", fields: [
        KeyDefinition(
            "portolan", .version(supported: supportedVersions), required: true,
            "The language version. Every file starts with `portolan: 1`.",
            missingHelp: "start the file with 'portolan: 1'"),
        KeyDefinition(
            "organization", .string,
            "The Domino organization (O=): hierarchical names are \"cn/organization\". "
                + "Required in at least one file; files that give it must agree.",
            domino: "Certifier: Organization (O=)"),
        KeyDefinition(
            "internet_domains", .list(.hostName), default: .emptyList,
            "The local Internet domains. Mail to other domains leaves through the relay host or a route. Files that give it must agree.",
            domino: "Global Domain document > Conversions > Local primary Internet domain, Alternate Internet domain aliases"),
        KeyDefinition("defaults", .object(defaults), "Values deep-merged under every object of a kind; explicit values win."),
        KeyDefinition("servers", .namedMap(.object(server)), default: .emptyList, "The Domino servers, by name.", domino: "Server document"),
        KeyDefinition("sites", .namedMap(.object(site)), default: .emptyList, "The Internet Site documents, by name.",
            domino: "Internet Site document"),
        KeyDefinition("users", .namedMap(.object(user)), default: .emptyList, "The people who may authenticate to SMTP, by name.",
            domino: "Person document"),
        KeyDefinition(
            "groups", .namedMap(.list(.string)), default: .emptyList,
            "Groups by name: members are user names, hierarchical names, \"*/Organization\" patterns and other groups.",
            domino: "Group document > Basics > Members"),
        KeyDefinition("external", .namedMap(.object(externalHost)), default: .emptyList, "SMTP hosts outside this topology, by name."),
    ])

    /// `defaults:` in a file.
    public static let defaults = ObjectDefinition("Defaults", "Values merged under every object of a kind.", fields: [
        KeyDefinition(
            "server", .object(server),
            "Deep-merged under every server: mappings merge key by key, explicit values win, lists and `tls` are replaced as a whole."),
    ])
}
