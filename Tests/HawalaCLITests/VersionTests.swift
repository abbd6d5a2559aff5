import Testing

@Suite struct VersionTests {
    @Test func versionRuns() throws {
        let cli = try CLIRunner()
        let result = try cli.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("0."))
    }

    @Test func unknownCommandIsUsageError() throws {
        let cli = try CLIRunner()
        let result = try cli.run(["no-such-command"])
        #expect(result.status == 64)
    }
}
