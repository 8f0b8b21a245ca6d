import AccountStore
import CGI
import ResetFlow
import ResetTokens
import Settings
import SiteTemplates
import Translations

/// `POST /admin/people/<id>/reset`: the administrator starts a reset. The link is emailed to the
/// account's stored address (before the answer, so the page can say whether it went) or shown
/// once to be handed over in person. The administrator never sees or chooses a password.
extension ResetEndpoint {
    func resetAction(_ context: AdminContext, id: Int64) throws -> Outcome {
        let request = context.request
        try request.form.only(["delivery", "csrf", "lang"])
        if let reason = crossSiteReason(request) {
            record(.pageRefused, "\(request.path): \(reason)", actor: context.actor)
            let t = texts()
            var refusal = Refusal.crossSite(t).forAdmins(t)
            refusal.advice = t.text("admin.refusal.cross_site_advice")
            return Outcome(response: page(refusal))
        }
        let service = try service()
        guard let proof = request.form["csrf"], let cookie = request.cookies[Self.adminCookie],
              service.tokens.isAdminFormProof(proof, forCookie: cookie, user: context.user) else {
            record(.pageRefused, "\(request.path): the form's proof is missing or wrong", actor: context.actor)
            let t = texts()
            var refusal = Refusal.formExpired(t).forAdmins(t)
            refusal.again = (t.text("admin.refusal.open_person_again"), personURL(id))
            return Outcome(response: page(refusal))
        }
        guard let delivery = request.form["delivery"], delivery == "email" || delivery == "link" else {
            throw CGIError.badRequest("Choose how the link should reach the person.")
        }
        let t = try strings()
        guard let account = try service.store.account(id: id) else { throw CGIError.notFound }
        let trail = peopleTrail + [Link(title: AdminText.title(account), url: personURL(id))]
        let name = AdminText.title(account)
        let started: ResetService.AdminReset
        do {
            started = try service.adminReset(account, by: context.user, mail: delivery == "email")
        } catch let error as ResetFlowError {
            return try adminPage(context, title: t.text("admin.reset.cannot_title"), trail: trail, status: 409) { frame in
                AdminRefusedPage(frame: frame, message: AdminText.refusal(error, t), name: name, personURL: personURL(id))
            }
        }
        let lifetime = ResetSettings.durationText(minutes: configuration.reset.adminLinkLifetimeMinutes, t)
        let expires = UTCTime.text(service.now() + UInt64(configuration.reset.adminLinkLifetimeMinutes) * 60, t)
        switch started {
        case .mail(let account, let mail):
            if let failure = service.send([mail]).first {
                log("resetlink: error: admin reset by \(context.user): \(failure.description)")
                return try adminPage(context, title: t.text("admin.reset.not_sent_title"), trail: trail, status: 502) { frame in
                    AdminRefusedPage(frame: frame, message: t.text("admin.reset.not_sent", ["email": account.email, "reason": failure.reason]),
                                     name: AdminText.title(account), personURL: personURL(id))
                }
            }
            return try adminPage(context, title: t.text("admin.reset.sent_title"), trail: trail) { frame in
                AdminSentPage(frame: frame, name: AdminText.title(account), email: account.email, lifetime: lifetime, expires: expires,
                              personURL: personURL(id), peopleURL: url("/admin/people"))
            }
        case .link(let account, let link):
            return try adminPage(context, title: t.text("admin.reset.handover_title"), trail: trail) { frame in
                AdminHandoverPage(frame: frame, name: AdminText.title(account), username: account.username, link: link,
                                  lifetime: lifetime, expires: expires, personURL: personURL(id), peopleURL: url("/admin/people"))
            }
        }
    }
}
