// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Portolan",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "portolan", targets: ["portolan"]),
        .library(name: "PortolanJSON", targets: ["PortolanJSON"]),
        .library(name: "PortolanDiagnostics", targets: ["PortolanDiagnostics"]),
        .library(name: "PortolanScheduling", targets: ["PortolanScheduling"]),
        .library(name: "PortolanYAML", targets: ["PortolanYAML"]),
        .library(name: "PortolanLanguage", targets: ["PortolanLanguage"]),
        .library(name: "PortolanCompiler", targets: ["PortolanCompiler"]),
        .library(name: "PortolanBundle", targets: ["PortolanBundle"]),
        .library(name: "PortolanListener", targets: ["PortolanListener"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .systemLibrary(name: "CResolv"),
        .target(name: "PortolanJSON"),
        .target(name: "PortolanDiagnostics", dependencies: ["PortolanJSON"]),
        .target(name: "PortolanScheduling"),
        .target(name: "PortolanYAML", dependencies: ["CYAML", "PortolanDiagnostics", "PortolanScheduling"]),
        .target(name: "PortolanLanguage", dependencies: ["PortolanYAML", "PortolanDiagnostics", "PortolanJSON", "PortolanScheduling"]),
        .target(
            name: "PortolanCompiler",
            dependencies: [
                "PortolanLanguage", "PortolanYAML", "PortolanDiagnostics", "PortolanBundle", "PortolanJSON", "PortolanScheduling",
            ]),
        .target(
            name: "PortolanBundle",
            dependencies: [
                "PortolanJSON", "PortolanScheduling", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]),
        .target(
            name: "PortolanListener",
            dependencies: [
                "CResolv",
                "PortolanBundle",
                "PortolanJSON",
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "portolan",
            dependencies: [
                "PortolanDiagnostics",
                "PortolanJSON",
                "PortolanYAML",
                "PortolanLanguage",
                "PortolanCompiler",
                "PortolanBundle",
                "PortolanListener",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "portolan-bench",
            dependencies: ["CYAML", "PortolanYAML", "PortolanDiagnostics", "PortolanCompiler"],
            path: "Benchmarks/Sources/portolan-bench"
        ),
        .testTarget(name: "PortolanDiagnosticsTests", dependencies: ["PortolanDiagnostics", "PortolanTestSupport"], exclude: ["Golden"]),
        .testTarget(
            name: "PortolanYAMLTests",
            // The compiler's pipeline gives the scheduler that reads in parallel.
            dependencies: ["PortolanYAML", "PortolanDiagnostics", "PortolanScheduling", "PortolanCompiler"]
        ),
        .testTarget(
            name: "PortolanLanguageTests",
            dependencies: ["PortolanLanguage", "PortolanYAML", "PortolanDiagnostics", "PortolanTestSupport"]
        ),
        .testTarget(
            name: "PortolanCompilerTests",
            dependencies: ["PortolanCompiler", "PortolanLanguage", "PortolanYAML", "PortolanDiagnostics", "PortolanBundle", "PortolanScheduling"]
        ),
        .testTarget(name: "PortolanBundleTests", dependencies: ["PortolanBundle", "PortolanJSON"]),
        .testTarget(
            name: "PortolanListenerTests",
            dependencies: [
                "PortolanListener",
                "PortolanBundle",
                "PortolanTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                // The connection handler's tests: a thread pool for the
                // password check, and a TLS client to talk to it.
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Runs programs and finds the `portolan` binary for the tests that
        // drive the real command line.
        .target(name: "PortolanTestSupport", path: "Tests/PortolanTestSupport"),
        .testTarget(
            name: "PortolanServeTests",
            dependencies: [
                "PortolanBundle", "PortolanCompiler", "PortolanListener", "PortolanTestSupport", "portolan",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            exclude: ["Clients"]
        ),
        .testTarget(
            name: "PortolanCLITests",
            dependencies: ["PortolanBundle", "PortolanTestSupport", "portolan"],
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "PortolanHostileInputTests",
            dependencies: ["PortolanTestSupport", "portolan"],
            exclude: ["Fixtures"]
        ),
    ]
)
