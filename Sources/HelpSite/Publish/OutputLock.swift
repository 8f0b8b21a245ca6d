import Diagnostics

#if canImport(Glibc)
import Glibc
#endif

/// `.NAME.lock` beside the output folder, held for a whole build: two builds into one folder
/// (serve and a `helpsite build`, say) take turns instead of mixing their files.
final class OutputLock: Sendable {
    private let descriptor: Int32

    init(parent: String, name: String, location: SourceLocation) throws(Diagnostic) {
        let path = parent + "/." + name + ".lock"
        let descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw .error("cannot open the build lock \(path): \(String(cString: strerror(errno)))", at: location)
        }
        guard flock(descriptor, LOCK_EX) == 0 else {
            close(descriptor)
            throw .error("cannot take the build lock \(path): \(String(cString: strerror(errno)))", at: location)
        }
        self.descriptor = descriptor
    }

    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
