// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Portolan",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "portolan", targets: ["portolan"]),
        .library(name: "PortolanDiagnostics", targets: ["PortolanDiagnostics"]),
        .library(name: "PortolanYAML", targets: ["PortolanYAML"]),
        .library(name: "PortolanLanguage", targets: ["PortolanLanguage"]),
        .library(name: "PortolanCompiler", targets: ["PortolanCompiler"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .target(name: "PortolanDiagnostics"),
        .target(name: "PortolanYAML", dependencies: ["CYAML", "PortolanDiagnostics"]),
        .target(name: "PortolanLanguage", dependencies: ["PortolanYAML", "PortolanDiagnostics"]),
        .target(name: "PortolanCompiler", dependencies: ["PortolanLanguage", "PortolanYAML", "PortolanDiagnostics"]),
        .executableTarget(
            name: "portolan",
            dependencies: [
                "PortolanDiagnostics",
                "PortolanYAML",
                "PortolanLanguage",
                "PortolanCompiler",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "portolan-bench",
            dependencies: ["CYAML", "PortolanYAML"],
            path: "Benchmarks/Sources/portolan-bench"
        ),
        .testTarget(name: "PortolanDiagnosticsTests", dependencies: ["PortolanDiagnostics"], exclude: ["Golden"]),
        .testTarget(
            name: "PortolanYAMLTests",
            dependencies: ["PortolanYAML", "PortolanDiagnostics"]
        ),
        .testTarget(
            name: "PortolanLanguageTests",
            dependencies: ["PortolanLanguage", "PortolanYAML", "PortolanDiagnostics"]
        ),
        .testTarget(
            name: "PortolanCompilerTests",
            dependencies: ["PortolanCompiler", "PortolanLanguage", "PortolanYAML", "PortolanDiagnostics"]
        ),
    ]
)
