import ResetFlow
import Testing

/// What each login system's interface sends, and what `resetlink auth` refuses to read.
@Suite struct SignInInputTests {
    func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func pipeReadsTwoLinesWithOrWithoutTheFinalBreakAndDropsCR() throws {
        let expected = SignInCredentials(username: "ana", password: "correct horse battery staple")
        #expect(try SignInInput.pipe(bytes("ana\ncorrect horse battery staple\n")) == expected)
        #expect(try SignInInput.pipe(bytes("ana\ncorrect horse battery staple")) == expected)
        #expect(try SignInInput.pipe(bytes("ana\r\ncorrect horse battery staple\r\n")) == expected)
        // Spaces are the password's own: only the line break goes.
        #expect(try SignInInput.pipe(bytes("ana\n  pass word  \n")).password == "  pass word  ")
        #expect(try SignInInput.pipe(bytes("ana\n\n")).password == "")
    }

    @Test func pipeRefusesMalformedInputWithAReason() throws {
        #expect(throws: SignInInputError.missingField("the username on the first line of standard input and the password on the second")) {
            try SignInInput.pipe(self.bytes("ana"))
        }
        #expect(throws: SignInInputError.extraInput("the password line")) { try SignInInput.pipe(self.bytes("ana\npw\nmore\n")) }
        #expect(throws: SignInInputError.emptyUsername) { try SignInInput.pipe(self.bytes("\npw\n")) }
        #expect(throws: SignInInputError.containsNUL("password")) { try SignInInput.pipe(self.bytes("ana\np\u{0}w\n")) }
        #expect(throws: SignInInputError.notUTF8("username")) { try SignInInput.pipe([0x61, 0xFF, 0x0A, 0x70]) }
        #expect(throws: SignInInputError.tooLong(limit: 65_536)) {
            try SignInInput.pipe(self.bytes("ana\n" + String(repeating: "x", count: 65_540)))
        }
        // The longest password the rules accept (4,096 characters), of 4-byte characters, still fits.
        let longest = String(repeating: "😀", count: 4096)
        #expect(try SignInInput.pipe(self.bytes("ana\n" + longest + "\n")).password == longest)
        #expect(SignInInputError.extraInput("the password line").description == "unexpected input after the password line")
    }

    @Test func checkpasswordReadsNULTerminatedFieldsAndIgnoresTheRest() throws {
        let read = try SignInInput.checkpassword(bytes("ana\u{0}s3cret pass\u{0}1795000000\u{0}"))
        #expect(read == SignInCredentials(username: "ana", password: "s3cret pass"))
        // The timestamp (and "possibly more data") is not the checker's business.
        #expect(try SignInInput.checkpassword(bytes("ana\u{0}pw\u{0}")).password == "pw")
        // A line break is part of a NUL-terminated password.
        #expect(try SignInInput.checkpassword(bytes("ana\u{0}pw\n\u{0}0\u{0}")).password == "pw\n")
    }

    @Test func checkpasswordRefusesMalformedInputWithAReason() {
        let expected = SignInInputError.missingField("user\\0password\\0timestamp\\0 on descriptor 3")
        #expect(throws: expected) { try SignInInput.checkpassword([]) }
        #expect(throws: expected) { try SignInInput.checkpassword(self.bytes("ana\npw\n")) }
        #expect(throws: expected) { try SignInInput.checkpassword(self.bytes("ana\u{0}pw")) }
        #expect(throws: SignInInputError.emptyUsername) { try SignInInput.checkpassword(self.bytes("\u{0}pw\u{0}0\u{0}")) }
        #expect(throws: SignInInputError.tooLong(limit: 512)) {
            try SignInInput.checkpassword(self.bytes("ana\u{0}" + String(repeating: "x", count: 600) + "\u{0}0\u{0}"))
        }
    }

    @Test func pamTakesTheUserFromTheEnvironmentAndThePasswordAsWritten() throws {
        let expected = SignInCredentials(username: "ana", password: "s3cret pass")
        // pam_exec 1.5 (Debian 12) writes the password alone; older versions add a NUL.
        #expect(try SignInInput.pam(user: "ana", type: "auth", stdin: bytes("s3cret pass")) == expected)
        #expect(try SignInInput.pam(user: "ana", type: "auth", stdin: bytes("s3cret pass\u{0}")) == expected)
        // By hand: echo "$PASSWORD" | PAM_USER=ana resetlink auth --interface pam
        #expect(try SignInInput.pam(user: "ana", type: nil, stdin: bytes("s3cret pass\n")) == expected)
        #expect(try SignInInput.pam(user: "ana", type: nil, stdin: bytes("s3cret pass\r\n")) == expected)
    }

    @Test func pamRefusesMalformedInputWithAReason() {
        #expect(throws: SignInInputError.missingField("the username in PAM_USER (pam_exec sets it)")) {
            try SignInInput.pam(user: nil, type: "auth", stdin: self.bytes("pw"))
        }
        #expect(throws: SignInInputError.emptyUsername) { try SignInInput.pam(user: "", type: "auth", stdin: self.bytes("pw")) }
        #expect(throws: SignInInputError.wrongPAMType("account")) { try SignInInput.pam(user: "ana", type: "account", stdin: []) }
        #expect(throws: SignInInputError.containsNUL("password")) { try SignInInput.pam(user: "ana", type: "auth", stdin: self.bytes("p\u{0}w")) }
        #expect(throws: SignInInputError.extraInput("the password's line")) {
            try SignInInput.pam(user: "ana", type: "auth", stdin: self.bytes("pw\nmore\n"))
        }
        #expect(throws: SignInInputError.notUTF8("password")) { try SignInInput.pam(user: "ana", type: "auth", stdin: [0xC3]) }
    }
}
