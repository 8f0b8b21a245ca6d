/// Image syntax that points at a video (`![Walkthrough](media/reset.mp4)`) becomes a `<video>`
/// player; browsers that cannot play it show a download link instead.
enum MediaEmbed {
    static let videoTypes = ["mp4": "video/mp4", "webm": "video/webm", "m4v": "video/mp4", "ogv": "video/ogg"]

    /// The MIME type when `url` names a video file (by its extension, ignoring query and fragment).
    static func videoType(of url: String) -> String? {
        let path = url.prefix { $0 != "?" && $0 != "#" }
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        return videoTypes[path[path.index(after: dot)...].lowercased()]
    }

    /// `block`: the video stands alone in its paragraph and becomes a captioned figure; otherwise
    /// it stays inline, where only phrasing content is allowed.
    static func videoHTML(url: String, type: String, title: String, block: Bool) -> String {
        let src = escapeHTML(url)
        let label = escapeHTML(title.isEmpty ? "Video" : title)
        let fileName = escapeHTML(SitePath.percentDecode(SitePath.fileName(of: String(url.prefix { $0 != "?" && $0 != "#" }))) ?? "")
        let player = """
            <video controls preload="metadata" aria-label="\(label)">\
            <source src="\(src)" type="\(type)">\
            Your browser cannot play this video: <a href="\(src)" download>download \(fileName)</a>.\
            </video>
            """
        guard block else { return player }
        return """
            <figure class="video">\(player)\
            <figcaption>\(label) · <a href="\(src)" download>Download the video (\(fileName))</a></figcaption>\
            </figure>\n
            """
    }
}
