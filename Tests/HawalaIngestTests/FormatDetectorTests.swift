import Foundation
import HawalaCore
import Testing

@testable import HawalaIngest

@Suite("FormatDetector")
struct FormatDetectorTests {
    @Test(arguments: [
        ("canonical.csv", "canonical"), ("canonical-crlf-bom.csv", "canonical"), ("amlsim-sample.csv", "amlsim"),
        ("amlworld-sample.csv", "amlworld"), ("goaml-4-biparty.xml", "goaml"), ("goaml-5-multiparty.xml", "goaml"),
        ("goaml-xxe.xml", "goaml"),
    ])
    func detectsFixtures(file: String, expected: String) throws {
        #expect(try FormatDetector.detect(path: Fixtures.path(file)) == expected)
    }

    @Test func amlsimFullRunHeader() {
        let head = Array("tran_id,orig_acct,bene_acct,tx_type,base_amt,tran_timestamp,is_sar,alert_id\n1,2,3,4,5,6,7,8\n".utf8)
        #expect(FormatDetector.detect(head: head) == "amlsim-full")
    }

    @Test func semicolonAndTabBrokerRegisters() {
        #expect(FormatDetector.detect(head: Array("id;name;country;licence\nB1;X;AF;L1\n".utf8)) == "brokers")
        #expect(FormatDetector.detect(head: Array("ID\tName\tCountry\nB1\tX\tAF\n".utf8)) == "brokers")
        #expect(FormatDetector.detect(head: Array("id;name\nB1;X\n".utf8)) == nil)
        #expect(FormatDetector.detect(head: Array("transfer_id;timestamp;sender_broker\n".utf8)) == nil)
    }

    @Test func unknownFormatsGiveNil() throws {
        #expect(try FormatDetector.detect(path: Fixtures.path("bank-export.csv")) == nil)
        #expect(FormatDetector.detect(head: Array("<?xml version=\"1.0\"?><other/>".utf8)) == nil)
        #expect(FormatDetector.detect(head: []) == nil)
    }

    @Test func factoryAsksForASpecWhenUndetected() throws {
        do {
            _ = try Readers.open(path: Fixtures.path("bank-export.csv"))
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .undetectedFormat)
            #expect(error.message.contains("--spec"))
            #expect(error.exitStatus == .dataError)  // exit 65, with the list of specifications
            #expect(error.message.contains("canonical, amlsim"))
        }
    }

    @Test func factoryMissingFile() {
        do {
            _ = try Readers.open(path: "/nonexistent/file.csv")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .missingInput)
            #expect(error.exitStatus == .noInput)
        }
    }
}
