import Foundation
import Testing

@testable import HawalaExport

@Suite struct BagItTests {
    static func entries(payload: [PayloadFile] = [PayloadFile(name: "findings.json", data: Data("[]\n".utf8)),
                                                  PayloadFile(name: "graphs/run.graphml", data: Data("<graphml/>".utf8))]) throws -> [TarEntry] {
        try BagIt.build(
            name: "CASE-1-E001", payload: payload, info: [("Source-Organization", "Agency A")],
            tagFiles: [("custody.json", Data("{}\n".utf8))])
    }

    static func replacing(_ entries: [TarEntry], _ path: String, with data: Data) -> [TarEntry] {
        entries.map { $0.path == path ? TarEntry(path: path, kind: .file, data: data) : $0 }
    }

    @Test func builtBagValidates() throws {
        let bag = try BagIt.validate(try Self.entries())
        #expect(bag.name == "CASE-1-E001")
        #expect(bag.payloadFiles == 2)
        #expect(bag.payloadBytes == 13)
        let info = String(decoding: bag.files["bag-info.txt"]!, as: UTF8.self)
        #expect(info == "Source-Organization: Agency A\nPayload-Oxum: 13.2\n")
        let tagManifest = String(decoding: bag.files["tagmanifest-sha256.txt"]!, as: UTF8.self)
        #expect(tagManifest.split(separator: "\n").map { $0.split(separator: " ").last! } ==
            ["bag-info.txt", "bagit.txt", "custody.json", "manifest-sha256.txt"])
    }

    @Test func changedPayloadFileIsNamed() throws {
        let entries = Self.replacing(try Self.entries(), "CASE-1-E001/data/findings.json", with: Data("[1]\n".utf8))
        let error = #expect(throws: ExportError.self) { try BagIt.validate(entries) }
        #expect(error?.code == .checksumMismatch)
        #expect(error?.location?.file == "CASE-1-E001/data/findings.json")
    }

    @Test func changedTagFileIsCaught() throws {
        let entries = Self.replacing(try Self.entries(), "CASE-1-E001/custody.json", with: Data("{\"x\":1}\n".utf8))
        let thrown1 = #expect(throws: ExportError.self) { try BagIt.validate(entries) }
        #expect(thrown1?.code == .checksumMismatch)
    }

    @Test func unlistedOrMissingPayloadIsCaught() throws {
        var extra = try Self.entries()
        extra.append(TarEntry(path: "CASE-1-E001/data/smuggled.txt", kind: .file, data: Data("x".utf8)))
        let thrown2 = #expect(throws: ExportError.self) { try BagIt.validate(extra) }
        #expect(thrown2?.code == .checksumMismatch)
        let missing = try Self.entries().filter { $0.path != "CASE-1-E001/data/findings.json" }
        let thrown3 = #expect(throws: ExportError.self) { try BagIt.validate(missing) }
        #expect(thrown3?.code == .checksumMismatch)
    }

    @Test func twoTopLevelFoldersAreRefused() throws {
        var entries = try Self.entries()
        entries.append(TarEntry(path: "OTHER/x", kind: .file))
        let thrown4 = #expect(throws: ExportError.self) { try BagIt.validate(entries) }
        #expect(thrown4?.code == .checksumMismatch)
    }

    @Test(arguments: ["../x", "/abs", "a%20b", "line\nbreak", "dup"])
    func unsafePayloadNamesAreRefused(name: String) throws {
        var payload = [PayloadFile(name: name, data: Data())]
        if name == "dup" { payload.append(PayloadFile(name: "dup", data: Data())) }
        let error = #expect(throws: ExportError.self) { try Self.entries(payload: payload) }
        #expect(error?.code == .invalidRequest)
    }
}
