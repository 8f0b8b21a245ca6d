import Translations

/// Reading `site.templates` with libc alone (Translations' `FileText`, which reads the strings).
typealias OverrideFile = FileText
