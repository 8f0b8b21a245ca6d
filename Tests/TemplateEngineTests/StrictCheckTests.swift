import Testing
@testable import TemplateEngine

/// The load-time check: each rule with its exact diagnostic.
@Suite struct StrictCheckTests {
    struct Stamp: TemplateValues {
        static let templateFields: [TemplateField<Stamp>] = [
            .text("iso", "") { _ in "" }, .text("text", "") { _ in "" },
        ]
    }

    struct Item: TemplateValues {
        static let templateFields: [TemplateField<Item>] = [
            .text("title", "") { _ in "" }, .text("url", "") { _ in "" },
            .list("children", "") { _ in [Item]() },
        ]
    }

    struct Page: TemplateValues {
        static let templateFields: [TemplateField<Page>] = [
            .text("title", "") { _ in "" },
            .optionalText("description", "") { _ in nil },
            .html("content", "") { _ in "" },
            .flag("hasTOC", "") { _ in false },
            .number("count", "") { _ in 0 },
            .textList("errors", "") { _ in [] },
            .list("items", "") { _ in [Item]() },
            .optionalObject("created", "") { _ in Stamp?.none },
        ]
    }

    func problems(_ templates: [String: String], root: String = "page") -> [String] {
        let sources = templates.sorted { $0.key < $1.key }.map { TemplateSource(name: $0.key, text: $0.value, file: $0.key + ".mustache") }
        let (library, parseProblems) = TemplateLibrary.parse(sources)
        #expect(parseProblems.isEmpty)
        return library.check(root, against: Page.self).map(\.description)
    }

    @Test func aCorrectTemplatePasses() {
        let page = """
        <h1>{{title}}</h1>{{#description}}<p>{{.}}</p>{{description}}{{/description}}{{{content}}}
        {{#hasTOC}}toc{{/hasTOC}}{{^hasTOC}}none{{/hasTOC}} {{count}}
        {{#errors}}<li>{{.}}</li>{{/errors}}{{^errors}}ok{{/errors}}
        {{#items}}<a href="{{url}}">{{.title}}</a> {{title}}{{/items}}
        {{#created}}<time datetime="{{iso}}">{{text}}</time> {{title}}{{/created}}{{created.iso}}
        """
        #expect(problems(["page": page]) == [])
    }

    @Test func unknownNameWithSuggestion() {
        #expect(problems(["page": "<h1>\n    {{titel}}</h1>"]) == ["page.mustache:2:5: error: unknown value 'titel' (did you mean 'title'?)"])
        #expect(problems(["page": "{{nothingLikeIt}}"]) == ["page.mustache:1:1: error: unknown value 'nothingLikeIt'"])
        #expect(problems(["page": "{{hastoc}}"]) == ["page.mustache:1:1: error: unknown value 'hastoc' (did you mean 'hasTOC'?)"])
    }

    @Test func everyProblemAtOnceInOrder() {
        let found = problems(["page": "{{tilte}}\n{{#title}}x{{/title}}\n{{contnet}}"])
        #expect(found == [
            "page.mustache:1:1: error: unknown value 'tilte' (did you mean 'title'?)",
            "page.mustache:2:1: error: a section over 'title', which is text and always present: a section needs a list, a flag or an optional value",
            "page.mustache:3:1: error: unknown value 'contnet' (did you mean 'content'?)",
        ])
    }

    @Test func namesInsideSectionsAndDottedNames() {
        #expect(problems(["page": "{{#items}}{{.titel}}{{/items}}"])
            == ["page.mustache:1:11: error: unknown value 'titel' in the current StrictCheckTests.Item (did you mean 'title'?)"])
        #expect(problems(["page": "{{created.isoo}}"])
            == ["page.mustache:1:1: error: unknown value 'isoo' in 'created' (StrictCheckTests.Stamp) (did you mean 'iso'?)"])
        #expect(problems(["page": "{{title.text}}"]) == ["page.mustache:1:1: error: 'title' is text and has no value 'text'"])
        // `{{iso}}` is only a name inside a section over `created`.
        #expect(problems(["page": "{{iso}}"]) == ["page.mustache:1:1: error: unknown value 'iso'"])
    }

    @Test func namesInsideAnUnknownSectionAreNotReportedAgain() {
        #expect(problems(["page": "{{#itmes}}{{.url}}{{whatever}}{{/itmes}}"])
            == ["page.mustache:1:1: error: unknown value 'itmes' (did you mean 'items'?)"])
    }

    @Test func sectionsNeedAListAFlagOrAnOptional() {
        #expect(problems(["page": "{{^count}}none{{/count}}"])
            == ["page.mustache:1:1: error: an inverted section over 'count', which is number and always present: a section needs a list, a flag or an optional value"])
    }

    @Test func listsFlagsAndObjectsHaveNoText() {
        #expect(problems(["page": "{{items}} {{hasTOC}} {{created}}"]) == [
            "page.mustache:1:1: error: 'items' is a list of StrictCheckTests.Item, which has no text to output; use {{#items}}…{{/items}}",
            "page.mustache:1:11: error: 'hasTOC' is a flag, which has no text to output; use {{#hasTOC}}…{{/hasTOC}}",
            "page.mustache:1:22: error: 'created' is an optional StrictCheckTests.Stamp, which has no text to output; use {{#created}}…{{/created}}",
        ])
    }

    @Test func htmlAndTextAreOutputTheirOwnWay() {
        #expect(problems(["page": "{{content}}{{{title}}}{{&description}}"]) == [
            "page.mustache:1:1: error: 'content' is HTML: write {{{content}}} to output it as markup",
            "page.mustache:1:12: error: 'title' is text: write {{title}} so that it is escaped",
            "page.mustache:1:23: error: 'description' is text: write {{description}} so that it is escaped",
        ])
        // Plain-text templates (mails) escape nothing, so the rule does not apply there.
        #expect(problems(["page": "{{% CONTENT_TYPE: TEXT}}{{{title}}} {{title}}"]) == [])
    }

    @Test func missingPartialsAndParents() {
        #expect(problems(["page": "{{>partials/sidbar}}", "partials/sidebar": ""])
            == ["page.mustache:1:1: error: no template 'partials/sidbar' for this partial (did you mean 'partials/sidebar'?)"])
        #expect(problems(["page": "{{<layuot}}{{/layuot}}", "layout": ""])
            == ["page.mustache:1:1: error: no template 'layuot' for this parent (did you mean 'layout'?)"])
        #expect(TemplateLibrary().check("page", against: Page.self, file: "Templates/page.mustache").map(\.description)
            == ["Templates/page.mustache: error: missing template 'page'"])
    }

    @Test func namesInPartialsAndParentsAreCheckedWhereTheyAreUsed() {
        let found = problems([
            "page": "{{<layout}}{{$main}}{{titl}}{{/main}}{{/layout}}",
            "layout": "<title>{{title}}</title>{{$main}}{{/main}}{{>footer}}",
            "footer": "{{#items}}{{url}}{{/items}}{{url}}",
        ])
        #expect(found == [
            "footer.mustache:1:28: error: unknown value 'url'",
            "page.mustache:1:21: error: unknown value 'titl' (did you mean 'title'?)",
        ])
    }

    @Test func aTemplateThatDidNotParseIsNotReportedAgainAsMissing() {
        let (library, parseProblems) = TemplateLibrary.parse([
            TemplateSource(name: "page", text: "{{>broken}}{{titel}}", file: "page.mustache"),
            TemplateSource(name: "broken", text: "{{#open}}", file: "broken.mustache"),
        ])
        #expect(parseProblems.map(\.description) == ["broken.mustache:1:1: error: section 'open' is never closed"])
        #expect(library.unparsed == ["broken"])
        #expect(library.check("page", against: Page.self).map(\.description)
            == ["page.mustache:1:12: error: unknown value 'titel' (did you mean 'title'?)"])
    }

    @Test func blockThatFillsNothing() {
        #expect(problems(["page": "{{<layout}}{{$mian}}x{{/mian}}{{/layout}}", "layout": "{{$main}}{{/main}}"])
            == ["page.mustache:1:12: error: block 'mian' fills nothing: 'layout' has no block of that name (did you mean 'main'?)"])
    }

    @Test func partialCycles() {
        #expect(problems(["page": "{{>a}}", "a": "{{>b}}", "b": "{{#hasTOC}}{{>a}}{{/hasTOC}}"])
            == ["b.mustache:1:12: error: partial cycle: a → b → a never ends; include 'a' only inside a section over the current item's own list"])
        // A section over a list that is not the current item's own repeats the same list forever.
        #expect(problems(["page": "{{#items}}{{>item}}{{/items}}", "item": "{{#items}}{{>item}}{{/items}}"])
            == ["item.mustache:1:11: error: partial cycle: item → item never ends; include 'item' only inside a section over the current item's own list"])
        #expect(problems(["page": "{{<page}}{{/page}}"])
            == ["page.mustache:1:1: error: parent cycle: page → page never ends; include 'page' only inside a section over the current item's own list"])
    }

    @Test func recursionIntoTheItemsOwnListIsFine() {
        #expect(problems(["page": "{{#items}}{{>item}}{{/items}}", "item": "<li>{{.title}}{{#.children}}{{>item}}{{/.children}}</li>"]) == [])
        #expect(problems(["page": "{{#items}}{{>item}}{{/items}}", "item": "<li>{{title}}{{#children}}{{>item}}{{/children}}</li>"]) == [])
    }

    @Test func fanOutIsCheckedOncePerContext() {
        // 40 levels, each using the next twice: 2^40 inclusions if each were followed.
        var templates = ["page": "{{>p0}}"]
        for level in 0..<40 { templates["p\(level)"] = "{{>p\(level + 1)}}{{>p\(level + 1)}}{{title}}" }
        templates["p40"] = "{{titel}}"
        #expect(problems(templates) == ["p40.mustache:1:1: error: unknown value 'titel' (did you mean 'title'?)"])
    }

    @Test func suggestionDistance() {
        #expect(Suggestion.editDistance(Array("titel".utf8), Array("title".utf8)) == 1)
        #expect(Suggestion.editDistance(Array("kitten".utf8), Array("sitting".utf8)) == 3)
        #expect(Suggestion.closest(to: "zzz", among: ["title", "url"]) == nil)
    }
}
