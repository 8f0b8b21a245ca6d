import Testing
@testable import HelpSite

@Suite struct HeadingSluggerTests {
    @Test(arguments: [
        ("Reset your password", "reset-your-password"),
        ("What if the link has expired?", "what-if-the-link-has-expired"),
        ("Admin > People", "admin--people"),
        ("SSO & LDAP (Okta, Azure AD)", "sso--ldap-okta-azure-ad"),
        ("  Trimmed  ", "trimmed"),
        ("snake_case and kebab-case", "snake_case-and-kebab-case"),
        ("Version 2.0", "version-20"),
        ("Café crème", "café-crème"),
        ("Über Passwörter", "über-passwörter"),
        ("パスワードのリセット", "パスワードのリセット"),
        ("Сброс пароля", "сброс-пароля"),
        ("إعادة تعيين", "إعادة-تعيين"),
    ])
    func githubStyleSlugs(heading: String, expected: String) {
        var slugger = HeadingSlugger()
        #expect(slugger.uniqueID(for: heading) == expected)
    }

    @Test func symbolOnlyHeadingStillGetsAnID() {
        var slugger = HeadingSlugger()
        #expect(slugger.uniqueID(for: "🎉🎉") == "section")
        #expect(slugger.uniqueID(for: "!!!") == "section-1")
    }

    @Test func duplicatesAreNumberedInOrder() {
        var slugger = HeadingSlugger()
        #expect(slugger.uniqueID(for: "Steps") == "steps")
        #expect(slugger.uniqueID(for: "Steps") == "steps-1")
        #expect(slugger.uniqueID(for: "steps") == "steps-2")
        // A heading whose own slug is a numbered one does not collide either.
        #expect(slugger.uniqueID(for: "Steps 1") == "steps-1-1")
    }

    @Test func reservedIDsAreAvoided() {
        var slugger = HeadingSlugger(reserved: ["steps", "main"])
        #expect(slugger.uniqueID(for: "Steps") == "steps-1")
        #expect(slugger.uniqueID(for: "Main") == "main-1")
    }
}
