import Dispatch

extension Array {
    /// `map` on every core, keeping the order. `transform` must be safe to run concurrently; the
    /// pages a build maps over are independent of each other.
    func parallelMap<Result>(_ transform: (Element) -> Result) -> [Result] {
        guard count > 1 else { return map(transform) }
        var results = [Result?](repeating: nil, count: count)
        let chunks = Swift.min(count, 64)
        withoutActuallyEscaping(transform) { transform in
            results.withUnsafeMutableBufferPointer { buffer in
                self.withUnsafeBufferPointer { items in
                    // Each index is read and written by exactly one chunk, so the shared buffers
                    // are never touched by two threads at once.
                    let shared = UncheckedSendable((items, buffer, transform))
                    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                        let (items, buffer, transform) = shared.value
                        var index = chunk
                        while index < items.count {
                            buffer[index] = transform(items[index])
                            index += chunks
                        }
                    }
                }
            }
        }
        return results.compactMap { $0 }
    }
}

/// Hands values to concurrent work that uses them in a way the compiler cannot check (disjoint
/// indices of one buffer).
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
