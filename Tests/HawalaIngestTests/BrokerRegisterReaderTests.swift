import Foundation
import HawalaCore
import HawalaStore
import Testing

@testable import HawalaIngest

@Suite struct BrokerRegisterReaderTests {
    @Test func readsBrokersAndRejectsBadRows() throws {
        let path = Fixtures.path("brokers.csv")
        #expect(try FormatDetector.detect(path: path) == "brokers")
        var reader = try Readers.open(path: path)
        let records = try Fixtures.readAll(&reader)
        #expect(records.count == 4)
        guard case .broker(let first, let location) = records[0] else {
            Issue.record("expected a broker, got \(records[0])")
            return
        }
        #expect(first == Broker(id: "BRK-KBL-01", name: "Kabul Star Sarafi", country: "AF", licence: "AF-MSB-0012"))
        #expect(location.line == 2)
        guard case .broker(let second, _) = records[1] else {
            Issue.record("expected a broker")
            return
        }
        #expect(second.name == "Al Noor Exchange, Deira")
        #expect(second.country == "AE")
        #expect(second.licence == nil)
        #expect(records[2].rejectedRow?.location.field == "id")
        #expect(records[3].rejectedRow?.location.field == "country")
        #expect(records[3].rejectedRow?.location.line == 5)
    }

    @Test func headerWithoutIdIsMalformed() throws {
        let path = try Fixtures.write("name,country\nX,AF\n")
        let thrown1 = #expect(throws: IngestError.self) { try BrokerRegisterReader(path: path) }
        #expect(thrown1?.code == .malformed)
    }

    @Test(arguments: [";", "\t"])
    func semicolonAndTabRegistersAreDetected(delimiter: String) throws {
        let path = try Fixtures.write(["id", "name", "country"].joined(separator: delimiter) + "\n"
            + ["B1", "Al Noor Exchange, Deira", "AE"].joined(separator: delimiter) + "\n")
        var reader = try BrokerRegisterReader(path: path)
        let records = try Fixtures.readAll(&reader)
        guard case .broker(let broker, _) = try #require(records.first) else {
            Issue.record("expected a broker, got \(records)")
            return
        }
        #expect(broker == Broker(id: "B1", name: "Al Noor Exchange, Deira", country: "AE"))
    }

    @Test func oneColumnHeaderSaysHowItWasRead() throws {
        let path = try Fixtures.write("id|name|country\nB1|X|AF\n")
        do {
            _ = try BrokerRegisterReader(path: path)
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("read as one column 'id|name|country'"), "\(error.message)")
        }
    }

    @Test func builtinsNameTheBrokerRegister() {
        #expect(BuiltinSpecifications.brokerRegisterText.contains("id,name,country,licence"))
        do {
            _ = try BuiltinSpecifications.resolve("nope")
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("brokers (a broker register)"))
        }
    }

    @Test func importerRecordsTheBrokers() throws {
        let directory = try Fixtures.temporaryDirectory()
        let store = try Store(path: directory.appendingPathComponent("t.sqlite").path)
        let path = Fixtures.path("brokers.csv")
        let digest = try FileDigest.sha256(path: path)
        let summary = try Importer(store: store).importFile(
            reader: try BrokerRegisterReader(path: path), path: path, sha256: digest.hex, size: digest.size)
        #expect(summary.brokersRecorded == 2)
        #expect(summary.rejected == 2)
        #expect(try store.broker(id: "BRK-DXB-07")?.country == "AE")
    }
}
