import Testing

@testable import HawalaIngest

/// Issue 10, item 8: which `--spec` applies to which file of `hawala ingest`.
@Suite("SpecificationAssignment")
struct SpecificationAssignmentTests {
    let options: Set<String> = ["db", "spec", "format", "reporting-currency", "rates"]

    @Test func eachSpecAppliesToTheFilesAfterIt() {
        let arguments = ["--db", "x.sqlite", "--spec", "bank.yaml", "a.csv", "b.csv", "--spec=goaml", "c.xml", "--spec", "auto", "d.csv"]
        let assigned = SpecificationAssignment.assign(
            arguments: arguments, files: ["a.csv", "b.csv", "c.xml", "d.csv"], specs: ["bank.yaml", "goaml", "auto"],
            valueOptions: options)
        #expect(assigned == ["bank.yaml", "bank.yaml", "goaml", nil])
    }

    @Test func filesBeforeTheFirstSpecAreDetected() {
        let assigned = SpecificationAssignment.assign(
            arguments: ["z.csv", "--strict", "--spec", "canonical", "a.csv", "--rates", "r.csv", "--spec", "goaml", "c.xml"],
            files: ["z.csv", "a.csv", "c.xml"], specs: ["canonical", "goaml"], valueOptions: options)
        #expect(assigned == [nil, "canonical", "goaml"])
    }

    @Test func oneSpecAppliesToEveryFileWhereverItStands() {
        let assigned = SpecificationAssignment.assign(
            arguments: ["a.csv", "b.csv", "--spec", "canonical"], files: ["a.csv", "b.csv"], specs: ["canonical"],
            valueOptions: options)
        #expect(assigned == ["canonical", "canonical"])
    }

    @Test func unmatchedArgumentsGiveNil() {
        let assigned = SpecificationAssignment.assign(
            arguments: ["--spec", "x", "a.csv", "--spec", "y"], files: ["a.csv", "b.csv"], specs: ["x", "y"], valueOptions: options)
        #expect(assigned == nil)
    }
}
