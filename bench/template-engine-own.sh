#!/usr/bin/env bash
# Issue 17's target 4: the project's own engine (Sources/TemplateEngine) against swift-mustache on
# the page of bench/template-engines.sh (µs per page, same bytes checked), plus the same page split
# into a layout, a page filling its `main` block and a partial, as helpsite's templates are, and the
# repository's own Templates/page.mustache through layout.mustache and its partials.
# Builds in a temporary package with copies of the engine's sources, so nothing here changes.
# Usage: bench/template-engine-own.sh [PAGES]   (default 5000)
set -euo pipefail
cd "$(dirname "$0")/.."
pages=${1:-5000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/Sources/templatebench" "$work/Sources/TemplateEngine" "$work/Sources/SiteTemplates"
cp Sources/TemplateEngine/*.swift "$work/Sources/TemplateEngine/"
cp Sources/SiteTemplates/*.swift "$work/Sources/SiteTemplates/"
cat > "$work/Package.swift" <<'SWIFT'
// swift-tools-version:6.1
import PackageDescription
let package = Package(name: "templatebench",
  dependencies: [.package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1")],
  targets: [
    .target(name: "TemplateEngine"),
    .target(name: "SiteTemplates", dependencies: ["TemplateEngine"]),
    .executableTarget(name: "templatebench", dependencies: [
      "TemplateEngine", "SiteTemplates", .product(name: "Mustache", package: "swift-mustache"),
    ]),
  ])
SWIFT
main="$work/Sources/templatebench/main.swift"
printf 'import Foundation\nimport Mustache\nimport SiteTemplates\nimport TemplateEngine\n' > "$main"
# The very page and values of bench/template-engines.sh, taken from it so the two benches agree
# (first: main.swift's globals are initialised in order).
sed -n -e '/^let mustacheText = """/,/^"""/p' -e '/^func context(_ i: Int)/,/^}/p' bench/template-engines.sh >> "$main"
cat >> "$main" <<'SWIFT'

let split = mustacheText.range(of: "<body>")!.lowerBound
let head = String(mustacheText[..<split]), body = String(mustacheText[split...])
let pageText = mustacheText
// The same page as helpsite writes its templates: a layout with a block, a page filling it, a partial.
let layoutText = "{{>head}}{{$main}}{{/main}}"
let childText = "{{<layout}}{{$main}}" + body + "{{/main}}{{/layout}}"
/// The same values in the engine's own type (built ahead, as the [String: Any] ones are).
func value(_ any: Any) -> TemplateValue {
    switch any {
    case let flag as Bool: return .bool(flag)
    case let text as String: return .string(text)
    case let list as [Any]: return .list(list.map(value))
    case let map as [String: Any]: return .object(TemplateObject(map.sorted { $0.key < $1.key }.map { ($0.key, value($0.value)) }))
    default: return .null
    }
}
let count = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 5000
let contexts = (0..<count).map(context)
let values = contexts.map { value($0) }
func time(_ label: String, _ render: (Int) throws -> Int) rethrows {
    var bytes = 0
    let start = DispatchTime.now().uptimeNanoseconds
    for index in 0..<count { bytes += try render(index) }
    let ns = DispatchTime.now().uptimeNanoseconds - start
    print("| \(label) | \(count) | \(String(format: "%.1f", Double(ns) / Double(count) / 1000)) | \(bytes / count) |")
}
print("| Engine | Pages | µs per page | Bytes per page |")
print("|:---|---:|---:|---:|")
let mustache = try MustacheTemplate(string: pageText)
time("swift-mustache 2.1.1, one template") { mustache.render(contexts[$0]).utf8.count }
let own = try Template(source: pageText, file: "page.mustache")
time("TemplateEngine, one template, [UInt8] out") { own.renderBytes(values[$0]).count }
time("TemplateEngine, one template, String out") { own.render(values[$0]).utf8.count }
let library = try MustacheLibrary(templates: [
    "head": MustacheTemplate(string: head), "layout": MustacheTemplate(string: layoutText), "page": MustacheTemplate(string: childText),
])
time("swift-mustache 2.1.1, layout + block + partial") { library.render(contexts[$0], withTemplate: "page")?.utf8.count ?? 0 }
let ownLibrary = try TemplateLibrary([
    "head": Template(source: head, file: "head"), "layout": Template(source: layoutText, file: "layout"),
])
let child = try Template(source: childText, file: "page")
time("TemplateEngine, layout + block + partial") { child.renderBytes(values[$0], partials: ownLibrary).count }
// The repository's page template, with the values its layout and partials use besides the page's.
func guideContext(_ i: Int) -> [String: Any] {
    var c = context(i)
    c["hasBreadcrumbs"] = true
    c["hasTOC"] = true
    c["toc"] = (0..<6).map { ["href": "#section-\($0)", "text": "Section \($0) <b>", "hasChildren": false, "children": [Any]()] as [String: Any] }
    c["hasChildren"] = true
    c["children"] = (0..<4).map { ["url": "child-\($0).html", "title": "Child \($0)", "description": "About child \($0)."] }
    c["created"] = ["iso": "2026-01-02", "text": "2 January 2026"]
    c["author"] = "Ana"
    c["modified"] = ["iso": "2026-03-04", "text": "4 March 2026"]
    c["hasTags"] = true
    c["hasPager"] = true
    return c
}
let root = CommandLine.arguments.dropFirst(2).first ?? "Templates"
func source(_ name: String) throws -> String { try String(contentsOfFile: root + "/" + name + ".mustache", encoding: .utf8) }
let guideNames = ["page", "layout", "partials/toc-entry", "partials/page-list-item"]
let guideContexts = (0..<count).map(guideContext)
let guideValues = guideContexts.map { value($0) }
var guideMustache = MustacheLibrary()
for name in guideNames { guideMustache.register(try MustacheTemplate(string: source(name)), named: name) }
time("swift-mustache 2.1.1, Templates/page.mustache + layout + partials") { guideMustache.render(guideContexts[$0], withTemplate: "page")?.utf8.count ?? 0 }
let guideLibrary = try TemplateLibrary(Dictionary(uniqueKeysWithValues: guideNames.map { ($0, try Template(source: source($0), file: $0)) }))
let guidePage = try Template(source: source("page"), file: "page")
time("TemplateEngine, Templates/page.mustache + layout + partials") { guidePage.renderBytes(guideValues[$0], partials: guideLibrary).count }
// What helpsite does per page: build the page's typed values (PageValues), then render them.
func pageValues(_ i: Int) -> PageValues {
    let layout = Layout(siteTitle: "Password help", language: "en", title: "Reset a forgotten password \(i)",
                        description: "What to do when you forgot your password & cannot sign in.",
                        canonical: "https://intranet.example.com/help/accounts/page-\(i).html", stylesheet: "../assets/style.css",
                        homeURL: "../index.html", root: "../",
                        sidebarHTML: String(repeating: "<li><a href=\"x.html\">Entry</a></li>\n", count: 30),
                        breadcrumbs: [Link(title: "Home", url: "../index.html"), Link(title: "Accounts", url: "index.html")])
    return PageValues(layout: layout, content: String(repeating: "<p>Body text of the page with <em>some</em> markup.</p>\n", count: 20),
                      toc: (0..<6).map { TOCEntry(id: "section-\($0)", href: "#section-\($0)", text: "Section \($0) <b>") },
                      created: PageDate(iso: "2026-01-02", text: "2 January 2026"), modified: PageDate(iso: "2026-03-04", text: "4 March 2026"),
                      author: "Ana", tags: ["sso", "ldap", "email"].map { TagLink(name: $0, url: "../tags/\($0).html") },
                      previous: Link(title: "Previous page", url: "page-\(i - 1).html"), next: Link(title: "Next page", url: "page-\(i + 1).html"),
                      children: (0..<4).map { ListingEntry(title: "Child \($0)", url: "child-\($0).html", description: "About child \($0).") })
}
time("TemplateEngine, Templates/page.mustache, PageValues built per page") { guidePage.renderBytes(pageValues($0).templateValue, partials: guideLibrary).count }
let typedProblems = guideLibrary.check("page", against: PageValues.self)
print("\nTemplates/page.mustache checked against PageValues: \(typedProblems.isEmpty ? "no problem" : "\(typedProblems)")")
let same = mustache.render(contexts[1]) == own.render(values[1])
    && library.render(contexts[1], withTemplate: "page") == child.render(values[1], partials: ownLibrary)
    && guideMustache.render(guideContexts[1], withTemplate: "page") == guidePage.render(guideValues[1], partials: guideLibrary)
print("\nswift-mustache and TemplateEngine give the same bytes: \(same ? "yes" : "NO")")
SWIFT
echo "==> building (release)" >&2
swift build --package-path "$work" -c release >/dev/null 2>&1 || swift build --package-path "$work" -c release 2>&1 | grep -E 'error' >&2
"$work/.build/release/templatebench" "$pages" "$(pwd)/Templates"
