#!/usr/bin/env bash
# Why target 1 needs another template engine: one page like helpsite's (head, sidebar, breadcrumbs,
# table of contents, body, tags, pager) rendered N times by swift-mustache (what helpsite uses), by
# Stencil (the other template library these machines offer), and by hand-written Swift over typed
# values (the bound for templates compiled to code). Prints µs per page and checks that the three
# give the same bytes. Builds in a temporary package, so the project does not depend on Stencil.
# Usage: bench/template-engines.sh [PAGES]   (default 5000)
set -euo pipefail
cd "$(dirname "$0")/.."
pages=${1:-5000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/Sources/templatebench"
cat > "$work/Package.swift" <<'SWIFT'
// swift-tools-version:6.1
import PackageDescription
let package = Package(name: "templatebench",
  dependencies: [
    .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    .package(url: "https://github.com/stencilproject/Stencil", from: "0.15.1"),
  ],
  targets: [
    .executableTarget(name: "templatebench", dependencies: [
      .product(name: "Mustache", package: "swift-mustache"),
      .product(name: "Stencil", package: "Stencil"),
    // Language mode 5: Stencil's extension API predates strict concurrency.
    ], swiftSettings: [.swiftLanguageMode(.v5)]),
  ])
SWIFT
cat > "$work/Sources/templatebench/main.swift" <<'SWIFT'
import Foundation
import Mustache
import Stencil

// A page like helpsite's: head, breadcrumbs, a table of contents, body, tags, pager.
let mustacheText = """
<!DOCTYPE html><html lang="{{language}}"><head><title>{{title}} · {{siteTitle}}</title>
{{#description}}<meta name="description" content="{{description}}">{{/description}}
<link rel="canonical" href="{{canonical}}"><link rel="stylesheet" href="{{stylesheet}}"></head>
<body><a href="{{homeURL}}">{{siteTitle}}</a><nav>{{{sidebarHTML}}}</nav>
<ol>{{#breadcrumbs}}<li><a href="{{url}}">{{title}}</a></li>{{/breadcrumbs}}<li>{{title}}</li></ol>
<h1>{{title}}</h1><ol>{{#toc}}<li><a href="{{href}}">{{text}}</a></li>{{/toc}}</ol>
<div>{{{content}}}</div>
<ul>{{#tags}}<li><a href="{{url}}">{{name}}</a></li>{{/tags}}</ul>
{{#previous}}<a href="{{url}}">{{title}}</a>{{/previous}}{{#next}}<a href="{{url}}">{{title}}</a>{{/next}}
</body></html>
"""
let stencilText = """
<!DOCTYPE html><html lang="{{ language|escape }}"><head><title>{{ title|escape }} · {{ siteTitle|escape }}</title>
{% if description %}<meta name="description" content="{{ description|escape }}">{% endif %}
<link rel="canonical" href="{{ canonical|escape }}"><link rel="stylesheet" href="{{ stylesheet|escape }}"></head>
<body><a href="{{ homeURL|escape }}">{{ siteTitle|escape }}</a><nav>{{ sidebarHTML }}</nav>
<ol>{% for crumb in breadcrumbs %}<li><a href="{{ crumb.url|escape }}">{{ crumb.title|escape }}</a></li>{% endfor %}<li>{{ title|escape }}</li></ol>
<h1>{{ title|escape }}</h1><ol>{% for entry in toc %}<li><a href="{{ entry.href|escape }}">{{ entry.text|escape }}</a></li>{% endfor %}</ol>
<div>{{ content }}</div>
<ul>{% for tag in tags %}<li><a href="{{ tag.url|escape }}">{{ tag.name|escape }}</a></li>{% endfor %}</ul>
{% if previous %}<a href="{{ previous.url|escape }}">{{ previous.title|escape }}</a>{% endif %}{% if next %}<a href="{{ next.url|escape }}">{{ next.title|escape }}</a>{% endif %}
</body></html>
"""
func context(_ i: Int) -> [String: Any] {
    [
        "language": "en", "title": "Reset a forgotten password \(i)", "siteTitle": "Password help",
        "description": "What to do when you forgot your password & cannot sign in.",
        "canonical": "https://intranet.example.com/help/accounts/page-\(i).html", "stylesheet": "../assets/style.css",
        "homeURL": "../index.html", "sidebarHTML": String(repeating: "<li><a href=\"x.html\">Entry</a></li>\n", count: 30),
        "breadcrumbs": [["url": "../index.html", "title": "Home"], ["url": "index.html", "title": "Accounts"]],
        "toc": (0..<6).map { ["href": "#section-\($0)", "text": "Section \($0) <b>"] },
        "content": String(repeating: "<p>Body text of the page with <em>some</em> markup.</p>\n", count: 20),
        "tags": ["sso", "ldap", "email"].map { ["url": "../tags/\($0).html", "name": $0] },
        "previous": ["url": "page-\(i - 1).html", "title": "Previous page"], "next": ["url": "page-\(i + 1).html", "title": "Next page"],
    ]
}
let count = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 5000
let contexts = (0..<count).map(context)
func time(_ label: String, _ body: ([String: Any]) throws -> String) rethrows {
    var bytes = 0
    let start = DispatchTime.now().uptimeNanoseconds
    for c in contexts { bytes += try body(c).utf8.count }
    let ns = DispatchTime.now().uptimeNanoseconds - start
    print("| \(label) | \(count) | \(String(format: "%.1f", Double(ns) / Double(count) / 1000)) | \(bytes / count) |")
}
print("| Engine | Pages | µs per page | Bytes per page |")
print("|:---|---:|---:|---:|")
let mustache = try MustacheTemplate(string: mustacheText)
time("swift-mustache 2.1.1") { mustache.render($0) }
// Stencil 0.15 has no HTML escaping of its own: the page's escape filter is registered as an extension.
let ext = Extension()
ext.registerFilter("escape") { (value: Any?) in (value as? String).map(escape) ?? value }
let environment = Environment(extensions: [ext])
let stencil = try environment.templateClass.init(templateString: stencilText, environment: environment)
try time("Stencil 0.15.1") { try stencil.render($0) }
// The lower bound of a template compiled to code: the same page appended by hand from typed values.
struct Link { var url: String; var title: String }
struct Page {
    var language, title, siteTitle: String
    var description: String?
    var canonical, stylesheet, homeURL, sidebarHTML, content: String
    var breadcrumbs, toc, tags: [Link]
    var previous, next: Link?
}
func page(_ i: Int) -> Page {
    Page(language: "en", title: "Reset a forgotten password \(i)", siteTitle: "Password help",
         description: "What to do when you forgot your password & cannot sign in.",
         canonical: "https://intranet.example.com/help/accounts/page-\(i).html", stylesheet: "../assets/style.css",
         homeURL: "../index.html", sidebarHTML: String(repeating: "<li><a href=\"x.html\">Entry</a></li>\n", count: 30),
         content: String(repeating: "<p>Body text of the page with <em>some</em> markup.</p>\n", count: 20),
         breadcrumbs: [Link(url: "../index.html", title: "Home"), Link(url: "index.html", title: "Accounts")],
         toc: (0..<6).map { Link(url: "#section-\($0)", title: "Section \($0) <b>") },
         tags: ["sso", "ldap", "email"].map { Link(url: "../tags/\($0).html", title: $0) },
         previous: Link(url: "page-\(i - 1).html", title: "Previous page"), next: Link(url: "page-\(i + 1).html", title: "Next page"))
}
func escape(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for c in s.unicodeScalars {
        switch c {
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "&": out += "&amp;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.unicodeScalars.append(c)
        }
    }
    return out
}
func render(_ p: Page) -> String {
    var o = "<!DOCTYPE html><html lang=\"" + escape(p.language) + "\"><head><title>" + escape(p.title) + " · " + escape(p.siteTitle) + "</title>\n"
    if let d = p.description { o += "<meta name=\"description\" content=\"" + escape(d) + "\">" }
    o += "\n<link rel=\"canonical\" href=\"" + escape(p.canonical) + "\"><link rel=\"stylesheet\" href=\"" + escape(p.stylesheet) + "\"></head>\n<body><a href=\""
    o += escape(p.homeURL) + "\">" + escape(p.siteTitle) + "</a><nav>" + p.sidebarHTML + "</nav>\n<ol>"
    for b in p.breadcrumbs { o += "<li><a href=\"" + escape(b.url) + "\">" + escape(b.title) + "</a></li>" }
    o += "<li>" + escape(p.title) + "</li></ol>\n<h1>" + escape(p.title) + "</h1><ol>"
    for t in p.toc { o += "<li><a href=\"" + escape(t.url) + "\">" + escape(t.title) + "</a></li>" }
    o += "</ol>\n<div>" + p.content + "</div>\n<ul>"
    for t in p.tags { o += "<li><a href=\"" + escape(t.url) + "\">" + escape(t.title) + "</a></li>" }
    o += "</ul>\n"
    if let l = p.previous { o += "<a href=\"" + escape(l.url) + "\">" + escape(l.title) + "</a>" }
    if let l = p.next { o += "<a href=\"" + escape(l.url) + "\">" + escape(l.title) + "</a>" }
    return o + "\n</body></html>"
}
let pages = (0..<count).map(page)
var bytes = 0
let start = DispatchTime.now().uptimeNanoseconds
for p in pages { bytes += render(p).utf8.count }
let ns = DispatchTime.now().uptimeNanoseconds - start
print("| hand-written Swift over typed values (what compiled templates would do) | \(count) | \(String(format: "%.1f", Double(ns) / Double(count) / 1000)) | \(bytes / count) |")
let stencilPage = try stencil.render(contexts[1])
let same = mustache.render(contexts[1]) == render(pages[1]) && stencilPage == render(pages[1])
print("\nThe three give the same bytes for a page: \(same ? "yes" : "NO")")
SWIFT
echo "==> building (release)" >&2
swift build --package-path "$work" -c release >/dev/null 2>&1
"$work/.build/release/templatebench" "$pages"
