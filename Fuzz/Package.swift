// swift-tools-version: 6.1
// The fuzz targets: a package of their own, outside `swift build` and
// `swift test` of Portolan. Build them with Fuzz/build.sh (libFuzzer and
// AddressSanitizer), run one with Fuzz/run.sh TARGET SECONDS.
import PackageDescription

let package = Package(
    name: "PortolanFuzz",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "Portolan", path: ".."),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
    ],
    targets: [
        .target(name: "FuzzDriver"),
        .executableTarget(
            name: "FuzzCheck",
            dependencies: [
                "FuzzDriver",
                .product(name: "PortolanYAML", package: "Portolan"),
                .product(name: "PortolanLanguage", package: "Portolan"),
                .product(name: "PortolanCompiler", package: "Portolan"),
                .product(name: "PortolanScheduling", package: "Portolan"),
                .product(name: "PortolanDiagnostics", package: "Portolan"),
                .product(name: "PortolanBundle", package: "Portolan"),
            ]
        ),
        .executableTarget(
            name: "FuzzSMTP",
            dependencies: [
                "FuzzDriver",
                .product(name: "PortolanListener", package: "Portolan"),
                .product(name: "PortolanBundle", package: "Portolan"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
    ]
)
