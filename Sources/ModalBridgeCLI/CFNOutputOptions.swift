import ArgumentParser
import CFNTemplates
import Foundation

/// Where a template goes, and how big it may be.
struct CFNOutputOptions: ParsableArguments {
    @Option(
        name: [.customShort("o"), .long],
        help: ArgumentHelp("Write the template to this file instead of stdout.", valueName: "file")
    )
    var output: String?

    @Flag(
        help: """
            Allow a template over the 51,200-byte limit of an inline template body (up to 1,000,000 bytes); deploy it \
            with `aws cloudformation deploy --s3-bucket BUCKET …`.
            """
    )
    var allowLargeTemplate = false

    /// Renders `template` after the size checks and writes it.
    func write(_ template: Template) throws {
        let limit = allowLargeTemplate ? Template.Limits.s3BodyBytes : Template.Limits.inlineBodyBytes
        let bytes = try template.renderChecked(maxBodyBytes: limit)
        if let output {
            let url = URL(fileURLWithPath: output)
            let folder = url.deletingLastPathComponent()
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
                throw CFNError.invalid(
                    "--output",
                    output,
                    "cannot be written: the folder '\(folder.path)' does not exist"
                )
            }
            do {
                try Data(bytes).write(to: url, options: .atomic)
            } catch {
                let reason = (error as NSError).localizedFailureReason ?? error.localizedDescription
                throw CFNError.invalid(
                    "--output",
                    output,
                    "cannot be written: \(reason.split(whereSeparator: \.isNewline).joined(separator: " "))"
                )
            }
        } else {
            FileHandle.standardOutput.write(Data(bytes))
        }
    }
}

/// Runs `body`, turning a generator error into one line on stderr and exit status 65 (input data error).
func reportingCFNErrors(_ command: String, _ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as CFNError {
        FileHandle.standardError.write(Data("modal-bridge \(command): error: \(error.message)\n".utf8))
        throw ExitCode(65)
    }
}

/// Reads a configuration file.
func readConfig(_ path: String) throws -> [UInt8] {
    do {
        return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    } catch {
        throw ValidationError("cannot read the configuration file \(path): \(error.localizedDescription)")
    }
}

extension Optional where Wrapped == String {
    /// The value as an input field named `flag`.
    func field(_ flag: String) -> Field<String>? { map { Field($0, flag) } }
}

extension Optional where Wrapped == Int {
    /// The value as an input field named `flag`.
    func field(_ flag: String) -> Field<Int>? { map { Field($0, flag) } }
}
