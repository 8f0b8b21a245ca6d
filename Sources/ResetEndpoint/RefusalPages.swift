import AccountStore
import CGI
import GuideLinks
import ResetTokens
import SiteTemplates
import Translations

/// How refusals reach the person (a page in the guide's layout), the administrator (the audit log
/// and the web server's error log) and nobody else.
extension ResetEndpoint {
    /// The refusal's page. If the templates themselves cannot be rendered, a plain page that needs
    /// nothing but the configuration.
    func page(_ refusal: Refusal) -> CGIResponse {
        var headers: [(String, String)] = []
        if let allow = refusal.allow { headers.append(("Allow", allow)) }
        let t = texts()
        var steps = refusal.again.map { [EndpointStep(text: $0.text, url: $0.url)] } ?? []
        switch refusal.audience {
        case .person: steps.append(EndpointStep(text: t.text("endpoint.steps.new_link"), url: routeURL("/forgot")))
        case .administrator(let people): if people { steps.append(EndpointStep(text: t.text("admin.people"), url: url("/admin/people"))) }
        }
        steps += [
            EndpointStep(text: refusal.guide.text ?? t.text("endpoint.steps.link_problems"), url: guide(refusal.guide.link)),
            EndpointStep(text: t.text("endpoint.steps.help"), url: guide(.home)),
        ]
        do {
            let pages = try pages()
            let html = try pages.render(EndpointErrorPage(
                layout: pages.layout(title: refusal.title), message: refusal.message, advice: refusal.advice, steps: steps))
            return .html(refusal.status, html, headers: headers)
        } catch {
            log("resetlink: error: cannot render the error page: \(error)")
            return .html(refusal.status, plainPage(refusal), headers: headers)
        }
    }

    func plainPage(_ refusal: Refusal) -> String {
        func escaped(_ text: String) -> String {
            text.replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing("\"", with: "&quot;")
        }
        return """
            <!DOCTYPE html>
            <html lang="\(escaped(language))"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escaped(refusal.title)) · \(escaped(configuration.site.title))</title></head>
            <body><main><h1>\(escaped(refusal.title))</h1><p>\(escaped(refusal.message))</p>
            <p><a href="\(escaped(routeURL("/forgot")))">\(escaped(texts().text("endpoint.steps.new_link")))</a></p></main></body></html>

            """
    }

    /// A refused link (at `/link`, or its cookie at `/new-password`) in the audit log, with the
    /// outcome and, for an authentic token, its account and nonce; and a line for the error log.
    func recordRefusedLink(_ check: TokenCheck, at route: String) {
        let nonce = check.authenticatedFields.map { " nonce=\($0.nonceHex)" } ?? ""
        log("resetlink: link refused at \(route): \(check.outcome.label)\(nonce)")
        audit(AuditEntry(at: 0, actor: "self-service", event: .verifyFailed,
                         accountID: check.authenticatedFields.map { Int64(clamping: $0.accountID) },
                         detail: "\(route): \(check.outcome.label)\(nonce)"))
    }

    /// Any other refusal on the way to a new password. `reason` is ours, never a request's value.
    func record(_ event: AuditEvent, _ reason: String, actor: String = "self-service") {
        log("resetlink: refused \(reason)")
        audit(AuditEntry(at: 0, actor: actor, event: event, detail: reason))
    }

    /// Writes the entry with the service's clock. A failure to record goes to the error log; the
    /// person still gets their page.
    private func audit(_ entry: AuditEntry) {
        do {
            let service = try service()
            var entry = entry
            entry.at = service.now()
            try service.store.audit(entry)
        } catch {
            log("resetlink: error: cannot write to the audit log: \(error)")
        }
    }
}
