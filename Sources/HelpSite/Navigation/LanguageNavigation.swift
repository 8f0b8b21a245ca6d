/// Each language's part of the one navigation tree: the default language's pages are the tree
/// without the other languages' folders; German's are the `de/` folder, shown as a tree of its own.
extension SiteModel {
    /// The sidebar's top entries in `language`: its home first, then its pages and folders.
    func navigationItems(in language: String) -> [NavigationTree.Item] {
        guard language != languages.defaultLanguage else {
            return navigation.items.filter { item in !(item.directory.map(languages.others.contains) ?? false) }
        }
        guard let section = navigation.sections[language] else { return [] }
        return [NavigationTree.Item(title: section.title, page: section.page, directory: language, children: [])] + section.children
    }

    /// The entries a folder's listing shows: the root's without the other languages' folders.
    func listedChildren(of folder: String) -> [NavigationTree.Item] {
        let children = navigation.sections[folder]?.children ?? []
        guard folder.isEmpty else { return children }
        return children.filter { item in !(item.directory.map(languages.others.contains) ?? false) }
    }

    /// Breadcrumbs within the page's language: a translated page's trail starts at its language's home.
    func breadcrumbs(for page: String) -> [NavigationTree.Item] {
        let crumbs = navigation.breadcrumbs(for: page)
        let language = languages.language(of: page)
        guard language != languages.defaultLanguage else { return crumbs }
        return crumbs.filter { $0.directory != "" }
    }

    /// Previous and next within the page's language.
    func neighbours(of page: String) -> (previous: String?, next: String?) {
        let language = languages.language(of: page)
        return navigation.neighbours(of: page) { languages.language(of: $0) == language }
    }

    /// Whether `output` is a file the build publishes (a page or a generated page).
    func publishes(_ output: String) -> Bool {
        inventory.page(forOutput: output) != nil || inventory.generatedOutputs.contains(output)
    }

    /// The same page in each language that has it, by language, in `site.languages` order.
    func versions(of output: String) -> [(language: String, output: String)] {
        let original = languages.original(of: output)
        return languages.all.compactMap { language in
            let candidate = languages.path(original, in: language)
            return publishes(candidate) ? (language, candidate) : nil
        }
    }
}
