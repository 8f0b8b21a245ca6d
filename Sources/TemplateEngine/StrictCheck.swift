extension TemplateLibrary {
    /// Checks the template `name`, with the partials and parents it uses, against the type it
    /// will be rendered with: every problem at once, sorted by position. (Stub: filled in next.)
    public func check(_ name: String, against shape: ObjectShape, file: String = "") -> [TemplateProblem] {
        []
    }

    /// `check` for a `TemplateValues` type.
    public func check<Values: TemplateValues>(_ name: String, against type: Values.Type, file: String = "") -> [TemplateProblem] {
        check(name, against: Values.shape, file: file)
    }
}
