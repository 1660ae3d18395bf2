// swift-tools-version:6.1
// modal-bridge: a Lambda custom runtime that forwards AWS events to Modal functions, and a CloudFormation generator.
//
// Layering (enforced with `--explicit-target-dependency-import-check error`):
//   leaves (no I/O):  JSON, LambdaEvents, SigV4, CBOR, CFNTemplates, ModalProto, HypotShim
//   clients:          RuntimeAPI, SecretsManager, ModalClient      (plus RuntimeAPIServer, the local Runtime API)
//   runtime + logic:  LambdaRuntime (loop, logging), EventDispatch (per-source dispatch), Bridge
//   executables:      Bootstrap (product `bootstrap`), ModalBridgeCLI (product `modal-bridge`)
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let nioCore = Target.Dependency.product(name: "NIOCore", package: "swift-nio")
let nioPosix = Target.Dependency.product(name: "NIOPosix", package: "swift-nio")
let nioHTTP1 = Target.Dependency.product(name: "NIOHTTP1", package: "swift-nio")
let logging = Target.Dependency.product(name: "Logging", package: "swift-log")
let crypto = Target.Dependency.product(name: "Crypto", package: "swift-crypto")
let ahc = Target.Dependency.product(name: "AsyncHTTPClient", package: "async-http-client")
let grpcCore = Target.Dependency.product(name: "GRPCCore", package: "grpc-swift-2")
let grpcProtobuf = Target.Dependency.product(name: "GRPCProtobuf", package: "grpc-swift-protobuf")
let grpcHTTP2 = Target.Dependency.product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport")
let swiftProtobuf = Target.Dependency.product(name: "SwiftProtobuf", package: "swift-protobuf")
let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")

let packageDependencies: [Package.Dependency] = [
    .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-protobuf.git", from: "1.39.0"),
    .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    .package(url: "https://github.com/grpc/grpc-swift-2.git", from: "2.4.3"),
    .package(url: "https://github.com/grpc/grpc-swift-nio-transport.git", from: "2.9.2"),
    .package(url: "https://github.com/grpc/grpc-swift-protobuf.git", from: "2.4.1"),
]

var targets: [Target] = [
    // MARK: leaves (no I/O)
    .target(name: "JSON", swiftSettings: swiftSettings),
    .target(name: "LambdaEvents", dependencies: ["JSON"], swiftSettings: swiftSettings),
    .target(name: "SigV4", dependencies: [crypto], swiftSettings: swiftSettings),
    .target(name: "CBOR", dependencies: ["JSON"], swiftSettings: swiftSettings),
    .target(name: "CFNTemplates", dependencies: ["JSON"], swiftSettings: swiftSettings),
    .target(
        name: "ModalProto",
        dependencies: [grpcCore, grpcProtobuf, swiftProtobuf],
        swiftSettings: swiftSettings
    ),
    .target(name: "HypotShim"),

    // MARK: clients
    .target(
        name: "RuntimeAPI",
        dependencies: [nioCore, nioPosix, nioHTTP1, logging],
        swiftSettings: swiftSettings
    ),
    .target(
        name: "RuntimeAPIServer",
        dependencies: [nioCore, nioPosix, nioHTTP1, logging],
        swiftSettings: swiftSettings
    ),
    .target(
        name: "SecretsManager",
        dependencies: ["SigV4", "JSON", ahc, nioCore, nioHTTP1, logging],
        swiftSettings: swiftSettings
    ),
    .target(
        name: "ModalClient",
        dependencies: ["ModalProto", "CBOR", "JSON", grpcCore, grpcHTTP2, grpcProtobuf, swiftProtobuf, ahc, crypto, nioCore, logging],
        swiftSettings: swiftSettings
    ),

    // MARK: runtime and bridge
    .target(
        name: "LambdaRuntime",
        dependencies: ["RuntimeAPI", "JSON", nioCore, logging],
        swiftSettings: swiftSettings
    ),
    .target(
        name: "EventDispatch",
        dependencies: ["LambdaEvents", "JSON", logging],
        swiftSettings: swiftSettings
    ),
    .target(
        name: "Bridge",
        dependencies: ["LambdaRuntime", "EventDispatch", "LambdaEvents", "SecretsManager", "ModalClient", "CBOR", "JSON", logging],
        swiftSettings: swiftSettings
    ),

    // MARK: executables
    .executableTarget(
        name: "Bootstrap",
        dependencies: ["Bridge", "LambdaRuntime", "RuntimeAPI", "HypotShim", logging],
        swiftSettings: swiftSettings
    ),
    .executableTarget(
        name: "ModalBridgeCLI",
        dependencies: ["CFNTemplates", "RuntimeAPIServer", "JSON", argumentParser, logging],
        swiftSettings: swiftSettings
    ),

    // MARK: test support and tests
    .target(
        name: "TestSupport",
        dependencies: ["JSON"],
        path: "Tests/TestSupport",
        swiftSettings: swiftSettings
    ),
    .testTarget(name: "JSONTests", dependencies: ["JSON", "TestSupport"], swiftSettings: swiftSettings),
    .testTarget(name: "LambdaEventsTests", dependencies: ["LambdaEvents", "JSON", "TestSupport"], swiftSettings: swiftSettings),
    .testTarget(
        name: "EventDispatchTests",
        dependencies: ["EventDispatch", "LambdaEvents", "JSON", "TestSupport", logging],
        swiftSettings: swiftSettings
    ),
    .testTarget(name: "SigV4Tests", dependencies: ["SigV4", "TestSupport"], swiftSettings: swiftSettings),
    .testTarget(
        name: "SecretsManagerTests",
        dependencies: ["SecretsManager", "SigV4", "JSON", "TestSupport", logging],
        swiftSettings: swiftSettings
    ),
    .testTarget(name: "CBORTests", dependencies: ["CBOR", "JSON", "TestSupport"], swiftSettings: swiftSettings),
    .testTarget(
        name: "ModalProtoTests",
        dependencies: ["ModalProto", "TestSupport", swiftProtobuf],
        swiftSettings: swiftSettings
    ),
    .testTarget(
        name: "ModalClientTests",
        dependencies: ["ModalClient", "ModalProto", "CBOR", "JSON", "TestSupport", grpcCore, logging],
        swiftSettings: swiftSettings
    ),
    .testTarget(
        name: "CFNTemplatesTests",
        dependencies: ["CFNTemplates", "JSON", "TestSupport"],
        exclude: ["moto_deploy.py"],
        swiftSettings: swiftSettings
    ),
    .testTarget(
        name: "RuntimeAPITests",
        dependencies: ["RuntimeAPI", "RuntimeAPIServer", "TestSupport", nioCore, logging],
        swiftSettings: swiftSettings
    ),
    .testTarget(
        name: "LambdaRuntimeTests",
        dependencies: ["LambdaRuntime", "RuntimeAPI", "RuntimeAPIServer", "HypotShim", "JSON", "TestSupport", nioCore, logging],
        swiftSettings: swiftSettings
    ),
    .testTarget(
        name: "BridgeTests",
        dependencies: ["Bridge", "LambdaRuntime", "EventDispatch", "LambdaEvents", "JSON", "TestSupport", logging],
        swiftSettings: swiftSettings
    ),
    .testTarget(
        name: "IntegrationTests",
        dependencies: ["RuntimeAPIServer", "JSON", "TestSupport", logging],
        swiftSettings: swiftSettings
    ),
]

let executables = [("bootstrap", "Bootstrap"), ("modal-bridge", "ModalBridgeCLI")]
var products: [Product] = executables.map { Product.executable(name: $0.0, targets: [$0.1]) }

// Development aid: `MODAL_BRIDGE_ONLY=CBORTests,CFNTemplatesTests swift test` builds only the named targets and
// what they depend on, so a change to one leaf can be tested without compiling the gRPC stack. CI never sets it.
if let only = Context.environment["MODAL_BRIDGE_ONLY"], !only.isEmpty {
    var wanted = Set(only.split(separator: ",").map(String.init))
    var grew = true
    while grew {
        grew = false
        for target in targets where wanted.contains(target.name) {
            for dependency in target.dependencies {
                switch dependency {
                case .targetItem(let name, _), .byNameItem(let name, _):
                    if wanted.insert(name).inserted { grew = true }
                default:
                    break
                }
            }
        }
    }
    targets = targets.filter { wanted.contains($0.name) }
    products = executables.filter { wanted.contains($0.1) }.map { Product.executable(name: $0.0, targets: [$0.1]) }
}

let package = Package(
    name: "modal-bridge",
    platforms: [.macOS(.v15)],
    products: products,
    dependencies: packageDependencies,
    targets: targets
)
