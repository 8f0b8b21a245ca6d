#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Host tool of the EmbedTemplates plugin: `embed-templates ROOT OUTPUT FILE…` writes OUTPUT, a Swift
// source holding each FILE (relative to ROOT) as a string literal, named without `.mustache`.
// Standard library and libc only, so that it builds with any flags the package is built with.

func readFile(_ path: String) -> [UInt8]? {
    guard let file = fopen(path, "rb") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = fread(&buffer, 1, buffer.count, file)
        if count == 0 { break }
        bytes += buffer[0..<count]
    }
    return ferror(file) == 0 ? bytes : nil
}

/// A Swift string literal with the same bytes: everything outside printable ASCII escaped.
func literal(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\\": out += "\\\\"
        case "\"": out += "\\\""
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        case " "..."~": out.unicodeScalars.append(scalar)
        default: out += "\\u{" + String(scalar.value, radix: 16) + "}"
        }
    }
    return out + "\""
}

func fail(_ message: String) -> Never {
    let bytes = Array("embed-templates: error: \(message)\n".utf8)
    _ = write(2, bytes, bytes.count)
    exit(1)
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else { fail("usage: embed-templates ROOT OUTPUT FILE…") }
let root = arguments[1]
var source = """
    // Generated at build time by the EmbedTemplates plugin from the repository's Templates/. Do not edit.

    extension DefaultTemplates {
        static let embedded: [File] = [

    """
for path in arguments.dropFirst(3) {
    guard let bytes = readFile(root + "/" + path) else { fail("cannot read \(root)/\(path)") }
    guard let text = String(validating: bytes, as: UTF8.self) else { fail("\(root)/\(path) is not valid UTF-8") }
    let name = path.hasSuffix(".mustache") ? String(path.dropLast(".mustache".count)) : path
    source += "        File(name: \(literal(name)), text: \(literal(text))),\n"
}
source += "    ]\n}\n"

guard let output = fopen(arguments[2], "wb") else { fail("cannot write \(arguments[2])") }
let bytes = Array(source.utf8)
guard fwrite(bytes, 1, bytes.count, output) == bytes.count, fclose(output) == 0 else { fail("cannot write \(arguments[2])") }
