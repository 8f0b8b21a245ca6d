import Foundation
import Testing
@testable import HelpSite

/// Assets are copied in fixed-size pieces (never read whole: a video may be gigabytes); the
/// pieces must add up to the same bytes, and serve's digest must see any change.
@Suite struct FileCopyTests {
    /// Several buffers and a short last piece, with no repeating pattern a mistake could hide in.
    static func bytes(count: Int, seed: UInt64) -> Data {
        var state = seed
        return Data((0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 56)
        })
    }

    @Test func aFileLargerThanTheBufferIsCopiedByteForByte() throws {
        let folder = try makeTemporaryDirectory()
        let data = Self.bytes(count: 3 * FileCopy.bufferSize + 123, seed: 1)
        try data.write(to: URL(fileURLWithPath: folder + "/in.bin"))
        guard case .success = FileCopy.copy(from: folder + "/in.bin", to: folder + "/out.bin") else {
            Issue.record("copy failed")
            return
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/out.bin")) == data)
        guard case .success(let digest) = FileCopy.copyWithDigest(from: folder + "/in.bin", to: folder + "/again.bin") else {
            Issue.record("copy failed")
            return
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/again.bin")) == data)
        #expect(digest.size == data.count)
        #expect(try FileCopy.digest(of: folder + "/in.bin").get() == digest)
        // The last byte of the last piece changes the digest.
        var changed = data
        changed[changed.count - 1] ^= 1
        try changed.write(to: URL(fileURLWithPath: folder + "/in.bin"))
        #expect(try FileCopy.digest(of: folder + "/in.bin").get() != digest)
    }

    @Test func aMissingSourceIsAnErrorNamingIt() {
        guard case .failure(let failure) = FileCopy.copy(from: "/nonexistent/in.bin", to: "/tmp/unused.bin") else {
            Issue.record("copied a missing file")
            return
        }
        let diagnostic = failure.diagnostic(source: "content/in.bin", at: .init(file: "public/in.bin"))
        #expect(diagnostic.message == "cannot copy content/in.bin: No such file or directory")
    }

    @Test func serveRecopiesALargeAssetChangedInItsLastByteOnly() async throws {
        let site = try RenderCacheTests.EditableSite()
        let asset = site.root + "/content/images/video.mp4"
        let data = Self.bytes(count: 2 * FileCopy.bufferSize + 5, seed: 2)
        try data.write(to: URL(fileURLWithPath: asset))
        let cache = RenderCache()
        _ = try await site.build(into: "public", cache: cache)
        var changed = data
        changed[changed.count - 1] ^= 1
        try changed.write(to: URL(fileURLWithPath: asset))
        let second = try await site.build(into: "public", cache: cache)
        #expect(try Data(contentsOf: URL(fileURLWithPath: site.root + "/public/images/video.mp4")) == changed)
        // Only the asset was written again.
        #expect(second.writtenFiles == 1, "\(second.writtenFiles)")
    }
}
