import Foundation

/// A point in SVG user units (pixels at 100 % zoom), y growing downwards.
struct Point: Hashable, Sendable {
    var x: Double
    var y: Double

    static func + (a: Point, b: Point) -> Point { Point(x: a.x + b.x, y: a.y + b.y) }
    static func - (a: Point, b: Point) -> Point { Point(x: a.x - b.x, y: a.y - b.y) }
    static func * (a: Point, k: Double) -> Point { Point(x: a.x * k, y: a.y * k) }
    var length: Double { (x * x + y * y).squareRoot() }
    /// The unit vector, or (1, 0) for the zero vector.
    var unit: Point { length > 0 ? self * (1 / length) : Point(x: 1, y: 0) }
    /// This vector turned 90° clockwise on screen.
    var perpendicular: Point { Point(x: -y, y: x) }
}

/// An axis-aligned box in SVG user units.
struct Box: Hashable, Sendable {
    var x: Double
    var y: Double
    var width: Double
    var height: Double

    init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// A box of the given size centred on a point.
    init(center: Point, width: Double, height: Double) {
        self.init(x: center.x - width / 2, y: center.y - height / 2, width: width, height: height)
    }

    var center: Point { Point(x: x + width / 2, y: y + height / 2) }
    var maxX: Double { x + width }
    var maxY: Double { y + height }

    /// Whether the two boxes share interior area (touching edges do not count).
    func overlaps(_ other: Box) -> Bool {
        x < other.maxX && other.x < maxX && y < other.maxY && other.y < maxY
    }

    /// The box grown by `margin` on every side.
    func inset(by margin: Double) -> Box {
        Box(x: x - margin, y: y - margin, width: width + 2 * margin, height: height + 2 * margin)
    }

    func offset(by d: Point) -> Box { Box(x: x + d.x, y: y + d.y, width: width, height: height) }

    /// The smallest box holding both.
    func union(_ other: Box) -> Box {
        let minX = min(x, other.x)
        let minY = min(y, other.y)
        return Box(x: minX, y: minY, width: max(maxX, other.maxX) - minX, height: max(maxY, other.maxY) - minY)
    }
}

/// Estimates how wide text renders in the report's sans-serif font, erring wide so a box
/// computed from it holds the rendered glyphs: 0.62 em for Latin and Arabic letters and
/// digits, 0.72 em for capitals, 1 em for CJK and other wide scripts.
enum TextMetrics {
    /// - Parameters:
    ///   - text: the text.
    ///   - fontSize: the font size in SVG user units.
    /// - Returns: the estimated width in SVG user units.
    static func width(_ text: String, fontSize: Double) -> Double {
        var ems = 0.0
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x20: ems += 0.3
            case 0x41...0x5A: ems += 0.72
            case 0x2E80...: ems += 1.0
            default: ems += 0.62
            }
        }
        return ems * fontSize
    }
}
