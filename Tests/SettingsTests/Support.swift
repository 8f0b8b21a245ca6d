import Diagnostics
import Settings

/// The diagnostics `Configuration.parse` throws for `text`, formatted; empty when it parses.
func problems(_ text: String, file: String = "resetkit.yaml") -> [String] {
    do {
        _ = try Configuration.parse(text, file: file)
        return []
    } catch {
        return error.diagnostics.map(\.formatted)
    }
}

/// The single diagnostic for `text`, or a description of what came instead.
func problem(_ text: String, file: String = "resetkit.yaml") -> String {
    let all = problems(text, file: file)
    return all.count == 1 ? all[0] : "\(all.count) problems: \(all)"
}

let siteKeys = "title, base_url, language, languages, content, templates, output, unsafe_html, smart_punctuation, nav, check_resetlink_links, ignored_front_matter"
