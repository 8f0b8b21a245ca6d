/// The endpoint's two cookies. Both are HttpOnly and Secure, and each goes only to the one route
/// that reads it (its `Path`).
/// - `resetlink_form` (random, `SameSite=Strict`, `/forgot`): half of the forgot form's proof.
/// - `resetlink_token` (the token, `SameSite=Lax`, `/new-password`): set by `/link`, whose request
///   usually starts in webmail on another site; Lax is what lets the redirect that follows carry
///   it. Lax cookies still stay home on a cross-site POST, and the form's field is bound to the
///   token, so a cross-site page can neither send nor forge the form.
extension ResetEndpoint {
    func cookie(_ name: String, _ value: String, maxAge: Int64, path: String, sameSite: String) -> String {
        "\(name)=\(value); Max-Age=\(maxAge); Path=\(path); HttpOnly; Secure; SameSite=\(sameSite)"
    }

    var clearedTokenCookie: String {
        cookie(Self.tokenCookie, "", maxAge: 0, path: endpointPath + "/new-password", sameSite: "Lax")
    }
}
