import Foundation
import Testing

/// `hawala report` and `hawala graph` as a user types them (argument handling; the data
/// comes from the store once it is integrated).
@Suite struct ReportCommandTests {
    @Test func graphHelpNamesEveryFormat() throws {
        let result = try CLIRunner().run(["graph", "--help"])
        #expect(result.status == 0)
        for format in ["graphml", "gexf", "dot", "ftm", "i2csv", "neo4j"] {
            #expect(result.stdout.contains(format))
        }
        #expect(result.stdout.contains("--finding <finding> ..."))
    }

    @Test func reportHelpNamesItsFlags() throws {
        let result = try CLIRunner().run(["report", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("--run <run>"))
        #expect(result.stdout.contains("--out <out>"))
    }

    @Test func unknownFormatIsAUsageError() throws {
        let result = try CLIRunner().run(["graph", "--format", "pajek", "--out", "g.net"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("pajek"))
    }

    @Test func neo4jNeedsAFolder() throws {
        let result = try CLIRunner().run(["graph", "--format", "neo4j", "--out", "-"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("folder"))
    }
}
