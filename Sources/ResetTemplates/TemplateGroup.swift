import SiteTemplates
import TemplateEngine

/// The templates resetlink renders come in three groups, loaded only when needed: a request for
/// the forgot form does not read or check Admin > People's pages or the mails.
public enum TemplateGroup: CaseIterable, Sendable {
    case pages, admin, mails

    /// The templates checked against their types.
    public var roots: [(name: String, shape: ObjectShape)] {
        switch self {
        case .pages: ResetlinkTemplates.pages
        case .admin: ResetlinkTemplates.adminPages
        case .mails: ResetlinkTemplates.mails
        }
    }

    /// Every template the group's roots need: the roots and the layout, partials they use.
    public var files: [String] {
        switch self {
        case .pages: ["layout", "partials/sidebar-item"] + roots.map(\.name)
        case .admin: ["layout", "partials/sidebar", "partials/sidebar-item", "admin/signed-in"] + roots.map(\.name)
        case .mails: roots.map(\.name)
        }
    }
}
