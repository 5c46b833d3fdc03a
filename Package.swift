// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Portolan",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "portolan", targets: ["portolan"]),
        .library(name: "PortolanDiagnostics", targets: ["PortolanDiagnostics"]),
        .library(name: "PortolanYAML", targets: ["PortolanYAML"]),
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
        .executableTarget(
            name: "portolan",
            dependencies: [
                "PortolanDiagnostics",
                "PortolanYAML",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "portolan-bench",
            dependencies: ["CYAML", "PortolanYAML"],
            path: "Benchmarks/Sources/portolan-bench"
        ),
        .testTarget(name: "PortolanDiagnosticsTests", dependencies: ["PortolanDiagnostics"]),
        .testTarget(
            name: "PortolanYAMLTests",
            dependencies: ["PortolanYAML", "PortolanDiagnostics"]
        ),
    ]
)
