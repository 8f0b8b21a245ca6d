#if canImport(Glibc)
import Glibc
#endif

/// Bytes of a password or bind secret in memory this module owns, zeroed when released, so that
/// no copy lingers for a core dump or a later allocation to reveal. Nothing here makes a `String`
/// of them: the bytes go to libldap as they are.
public final class SecretBytes {
    private let storage: UnsafeMutableRawBufferPointer
    public private(set) var count: Int

    /// An empty buffer able to hold `capacity` bytes.
    public init(capacity: Int) {
        storage = .allocate(byteCount: max(capacity, 1), alignment: 1)
        storage.initializeMemory(as: UInt8.self, repeating: 0)
        count = 0
    }

    /// A copy of `bytes` (for tests and for values built here, such as AD's UTF-16 form).
    public convenience init(_ bytes: some Collection<UInt8>) {
        self.init(capacity: bytes.count)
        for byte in bytes { append(byte) }
    }

    deinit {
        wipe()
        storage.deallocate()
    }

    /// Zeroes the bytes now (for a buffer that lives until the process exits, which runs no deinit).
    public func wipe() {
        if let start = storage.baseAddress { explicit_bzero(start, storage.count) }
        count = 0
    }

    public var capacity: Int { storage.count }
    public var isFull: Bool { count == storage.count }

    public func append(_ byte: UInt8) {
        precondition(count < storage.count, "SecretBytes is full")
        storage[count] = byte
        count += 1
    }

    /// Removes `n` bytes from the end (zeroing them).
    public func removeLast(_ n: Int) {
        precondition(n <= count)
        for index in (count - n)..<count { storage[index] = 0 }
        count -= n
    }

    public subscript(index: Int) -> UInt8 {
        precondition(index < count)
        return storage[index]
    }

    /// The bytes in place, for the time of `body` only.
    public func withBytes<Result, Failure: Error>(_ body: (UnsafeRawBufferPointer) throws(Failure) -> Result) throws(Failure) -> Result {
        try body(UnsafeRawBufferPointer(rebasing: storage[0..<count]))
    }

    /// Reads a file descriptor to its end (standard input, a secrets file). Returns nil when the
    /// input does not fit in `capacity` bytes or cannot be read; the caller says which and why.
    public static func read(descriptor: Int32, capacity: Int) -> SecretBytes? {
        let secret = SecretBytes(capacity: capacity + 1)
        while !secret.isFull {
            let target = secret.storage.baseAddress.map { $0 + secret.count }
            let got = Glibc.read(descriptor, target, secret.storage.count - secret.count)
            if got < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if got == 0 { return secret }
            secret.count += got
        }
        return nil
    }

    /// Removes one line end at the very end ("\n" or "\r\n"): what `echo` and a file's last line add.
    public func removeFinalLineEnd() {
        if count > 0, self[count - 1] == 0x0A {
            removeLast(1)
            if count > 0, self[count - 1] == 0x0D { removeLast(1) }
        }
    }
}
