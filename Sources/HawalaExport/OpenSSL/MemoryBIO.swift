import COpenSSL
import Foundation

/// An owned OpenSSL memory BIO (freed in `deinit`). Never shared between tasks.
final class MemoryBIO {
    /// The owned `BIO *`.
    let pointer: OpaquePointer

    /// An empty, writable memory BIO.
    /// - Parameter secure: use OpenSSL's secure-heap BIO (`BIO_s_secmem`), whose memory is
    ///   cleansed when freed: for plaintext.
    /// - Throws: ``ExportError`` `.openssl` when OpenSSL cannot allocate it.
    init(secure: Bool = false) throws {
        OpenSSLErrors.clear()
        pointer = try OpenSSLErrors.require(BIO_new(secure ? BIO_s_secmem() : BIO_s_mem()), .openssl, "BIO_new failed")
    }

    /// A memory BIO holding a copy of `bytes` (read-only use).
    /// - Parameter bytes: the content to read from.
    /// - Throws: ``ExportError`` `.openssl` when OpenSSL cannot allocate or fill it.
    convenience init(copying bytes: Data, secure: Bool = false) throws {
        try self.init(secure: secure)
        try write(bytes)
    }

    deinit { BIO_free(pointer) }

    /// Appends bytes.
    /// - Throws: ``ExportError`` `.openssl` when the write is short.
    func write(_ bytes: Data) throws {
        var offset = 0
        while offset < bytes.count {
            let chunk = min(bytes.count - offset, 1 << 30)
            let written = bytes.withUnsafeBytes { raw in
                BIO_write(pointer, raw.baseAddress!.advanced(by: offset), Int32(chunk))
            }
            if written <= 0 { throw OpenSSLErrors.error(.openssl, "BIO_write failed") }
            offset += Int(written)
        }
    }

    /// A copy of the BIO's unread content.
    var data: Data {
        var start: UnsafeMutablePointer<CChar>?
        let count = hawala_BIO_get_mem_data(pointer, &start)
        guard let start, count > 0 else { return Data() }
        return Data(bytes: start, count: Int(count))
    }
}
