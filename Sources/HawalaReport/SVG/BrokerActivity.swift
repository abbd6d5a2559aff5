import Foundation
import HawalaCore

/// A broker's flows derived from the transfers given: volume in and out per ISO week and
/// the position against each counterparty, in major units of the reporting currency.
struct BrokerActivity: Sendable {
    /// One ISO 8601 week (Monday to Sunday, UTC), e.g. 2026-W09.
    struct Week: Hashable, Comparable, Sendable {
        var year: Int
        var week: Int
        var label: String { String(format: "%04d-W%02d", year, week) }
        static func < (a: Week, b: Week) -> Bool { (a.year, a.week) < (b.year, b.week) }
    }

    /// Volumes of one week.
    struct WeekVolume: Sendable {
        var week: Week
        var received: Double
        var sent: Double
    }

    /// The position against one counterparty.
    struct Position: Sendable {
        var counterparty: String
        /// Sent to the counterparty (it paid out on this broker's behalf).
        var sent: Double
        /// Received from the counterparty (this broker paid out on its behalf).
        var received: Double
        var transfers: Int
        var first: Date
        var last: Date
        /// `sent − received`: positive means this broker owes the counterparty a settlement.
        var net: Double { sent - received }
    }

    var brokerID: String
    /// Every week from the first to the last with a transfer, empty weeks included.
    var weeks: [WeekVolume]
    /// Counterparties by descending gross volume, then id.
    var positions: [Position]
    /// Transfers skipped because they had no amount in the reporting currency.
    var unconverted: Int

    /// Derives the activity of a broker.
    /// - Parameters:
    ///   - brokerID: the broker.
    ///   - transfers: every transfer to consider.
    ///   - currency: the reporting currency.
    /// - Returns: its weekly volumes and positions.
    static func derive(brokerID: String, transfers: [Transfer], currency: CurrencyCode) -> BrokerActivity {
        var byWeek: [Week: (received: Double, sent: Double)] = [:]
        var positions: [String: Position] = [:]
        var unconverted = 0
        for transfer in transfers {
            let isSender = transfer.senderBroker == brokerID
            let isReceiver = transfer.receiverBroker == brokerID
            guard isSender || isReceiver else { continue }
            guard let amount = InputIndex.reportingMajorUnits(transfer, currency) else {
                unconverted += 1
                continue
            }
            let week = isoWeek(transfer.timestamp)
            var volume = byWeek[week] ?? (0, 0)
            if isSender { volume.sent += amount }
            if isReceiver { volume.received += amount }
            byWeek[week] = volume
            for (counterparty, sent, received) in [
                (transfer.receiverBroker, isSender ? amount : 0, 0.0),
                (transfer.senderBroker, 0.0, isReceiver ? amount : 0),
            ] where counterparty != brokerID {
                var position = positions[counterparty]
                    ?? Position(counterparty: counterparty, sent: 0, received: 0, transfers: 0,
                        first: transfer.timestamp, last: transfer.timestamp)
                position.sent += sent
                position.received += received
                position.transfers += 1
                position.first = min(position.first, transfer.timestamp)
                position.last = max(position.last, transfer.timestamp)
                positions[counterparty] = position
            }
        }
        var weeks: [WeekVolume] = []
        if let first = byWeek.keys.min(), let last = byWeek.keys.max(),
            var monday = mondayOf(first)
        {
            var week = first
            while week <= last && weeks.count < 1000 {
                let volume = byWeek[week] ?? (0, 0)
                weeks.append(WeekVolume(week: week, received: volume.received, sent: volume.sent))
                monday = monday.addingTimeInterval(7 * 86_400)
                week = isoWeek(monday)
            }
        }
        let sorted = positions.values.sorted {
            ($0.sent + $0.received, $1.counterparty) > ($1.sent + $1.received, $0.counterparty)
        }
        return BrokerActivity(brokerID: brokerID, weeks: weeks, positions: sorted, unconverted: unconverted)
    }

    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        return calendar
    }()

    /// The ISO 8601 week of a UTC time (ISO 8601-1:2019 §5.2.4.2: weeks start on Monday,
    /// week 1 holds the year's first Thursday).
    static func isoWeek(_ date: Date) -> Week {
        let parts = calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: date)
        return Week(year: parts.yearForWeekOfYear ?? 0, week: parts.weekOfYear ?? 0)
    }

    /// The Monday 00:00 UTC starting an ISO week.
    static func mondayOf(_ week: Week) -> Date? {
        calendar.date(from: DateComponents(weekday: 2, weekOfYear: week.week, yearForWeekOfYear: week.year))
    }
}

/// The SVG bar chart of a broker's weekly volume in and out.
enum WeeklyVolumeChart {
    static let plotHeight = 150.0
    static let left = 70.0
    static let bottom = 36.0
    static let top = 12.0

    /// Draws one pair of bars per ISO week: received (in) and sent (out).
    /// - Parameters:
    ///   - activity: the broker's activity.
    ///   - currency: the reporting currency, for the axis caption.
    ///   - idPrefix: a document-unique prefix for element ids.
    ///   - title: the accessible title.
    /// - Returns: the `<svg>` element, or a paragraph when there is nothing to draw.
    static func svg(_ activity: BrokerActivity, currency: CurrencyCode, idPrefix: String, title: String) -> String {
        guard !activity.weeks.isEmpty else {
            return "<p class=\"note\">No transfer in the reporting currency to chart.</p>"
        }
        let peak = activity.weeks.map { max($0.received, $0.sent) }.max() ?? 0
        let scale = peak > 0 ? plotHeight / peak : 0
        let group = max(10.0, min(48.0, 640.0 / Double(activity.weeks.count)))
        let bar = (group - 4) / 2
        // Wide enough for the legend and the last week label whatever the number of weeks.
        let width = max(left + group * Double(activity.weeks.count) + 60, left + 260)
        let height = top + plotHeight + bottom
        let f = SubgraphPicture.format
        var out = "<svg class=\"chart\" viewBox=\"0 0 \(f(width)) \(f(height))\" width=\"\(f(width))\" height=\"\(f(height))\" role=\"img\" aria-labelledby=\"\(idPrefix)-title\">"
        out += "<title id=\"\(idPrefix)-title\">\(Markup.escape(title))</title>"
        let baseline = top + plotHeight
        out += "<line class=\"axis\" x1=\"\(f(left))\" y1=\"\(f(baseline))\" x2=\"\(f(width - 8))\" y2=\"\(f(baseline))\"/>"
        out += "<line class=\"axis\" x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(baseline))\"/>"
        out += "<text class=\"tick\" x=\"\(f(left - 4))\" y=\"\(f(top + 9))\" text-anchor=\"end\">\(Markup.escape(compact(peak)))</text>"
        out += "<text class=\"tick\" x=\"\(f(left - 4))\" y=\"\(f(baseline))\" text-anchor=\"end\">0</text>"
        out += "<text class=\"tick\" x=\"\(f(left - 4))\" y=\"\(f(top + plotHeight / 2 + 4))\" text-anchor=\"end\">\(currency.code)</text>"
        // Week labels every k-th week so they never overlap (a label is ~56 units wide).
        let every = max(1, Int((60.0 / group).rounded(.up)))
        for (i, week) in activity.weeks.enumerated() {
            let x = left + Double(i) * group + 2
            let inHeight = week.received * scale
            let outHeight = week.sent * scale
            let tip = "\(week.week.label): in \(Money.readable(week.received, currency)), out \(Money.readable(week.sent, currency))"
            out += "<g><title>\(Markup.escape(tip))</title>"
            out += "<rect class=\"bar-in\" x=\"\(f(x))\" y=\"\(f(baseline - inHeight))\" width=\"\(f(bar))\" height=\"\(f(inHeight))\"/>"
            out += "<rect class=\"bar-out\" x=\"\(f(x + bar))\" y=\"\(f(baseline - outHeight))\" width=\"\(f(bar))\" height=\"\(f(outHeight))\"/></g>"
            if i % every == 0 {
                out += "<text class=\"tick\" x=\"\(f(x))\" y=\"\(f(baseline + 14))\">\(week.week.label)</text>"
            }
        }
        out += "<rect class=\"bar-in\" x=\"\(f(left))\" y=\"\(f(baseline + 22))\" width=\"10\" height=\"10\"/><text class=\"tick\" x=\"\(f(left + 14))\" y=\"\(f(baseline + 31))\">in (received)</text>"
        out += "<rect class=\"bar-out\" x=\"\(f(left + 110))\" y=\"\(f(baseline + 22))\" width=\"10\" height=\"10\"/><text class=\"tick\" x=\"\(f(left + 124))\" y=\"\(f(baseline + 31))\">out (sent)</text>"
        return out + "</svg>"
    }

    /// `1.2M`, `350k`, `950`.
    static func compact(_ value: Double) -> String {
        switch abs(value) {
        case 1_000_000...: return String(format: "%.1fM", value / 1_000_000)
        case 10_000...: return String(format: "%.0fk", value / 1000)
        case 1000...: return String(format: "%.1fk", value / 1000)
        default: return String(format: "%.0f", value)
        }
    }
}
