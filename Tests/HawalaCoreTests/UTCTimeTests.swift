import Foundation
import Testing

@testable import HawalaCore

@Suite struct UTCTimeTests {
    @Test func epochSecondsValidatesDates() {
        #expect(UTCTime.epochSeconds(year: 1970, month: 1, day: 1) == 0)
        #expect(UTCTime.epochSeconds(year: 2024, month: 2, day: 29) != nil)
        #expect(UTCTime.epochSeconds(year: 2023, month: 2, day: 29) == nil)
        #expect(UTCTime.epochSeconds(year: 2023, month: 4, day: 31) == nil)
        #expect(UTCTime.epochSeconds(year: 2023, month: 13, day: 1) == nil)
    }

    @Test func iso8601RoundTrip() throws {
        let seconds = try #require(UTCTime.epochSeconds(year: 2026, month: 3, day: 1, hour: 14, minute: 30))
        let date = Date(timeIntervalSince1970: TimeInterval(seconds))
        #expect(UTCTime.iso8601(date) == "2026-03-01T14:30:00Z")
        #expect(UTCTime.parseISO8601("2026-03-01T14:30:00Z") == date)
        #expect(UTCTime.parseISO8601("2026-03-01T16:30:00+02:00") == date)
        #expect(UTCTime.iso8601(Date(timeIntervalSince1970: -86_400)) == "1969-12-31T00:00:00Z")
    }

    @Test func findingEncodesTheFindingsShape() throws {
        let finding = Finding(
            id: "F-000001", typology: .cycle, score: 0.9, brokers: ["A", "B"], transferIDs: ["t1", "t2"],
            amount: 100, currency: .usd, firstAt: Date(timeIntervalSince1970: 0),
            lastAt: Date(timeIntervalSince1970: 3600), explanation: "A → B → A")
        let data = try JSONCoding.encoder().encode(finding)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["transfer_ids"] as? [String] == ["t1", "t2"])
        #expect(object["first_at"] as? String == "1970-01-01T00:00:00Z")
        #expect(object["typology"] as? String == "cycle")
        let back = try JSONCoding.decoder().decode(Finding.self, from: data)
        #expect(back == finding)
    }
}
