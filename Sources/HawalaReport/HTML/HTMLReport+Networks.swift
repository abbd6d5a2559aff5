import Foundation
import HawalaCore

extension HTMLReport {
    /// The networks section the report opens with: per network, its overview picture
    /// (``NetworkPicture``) and its findings with review status and notes.
    static func networksSection(_ input: ReportInput, index: InputIndex) -> String {
        guard !input.networks.isEmpty else { return "" }
        let findings = Dictionary(input.findings.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var out = "<section id=\"networks\"><h2>Networks</h2>"
        out += "<p class=\"note\">Findings that share a transfer or a broker form a network; a broker in findings of otherwise separate groups is a hub (dashed outline) and does not join them (docs/cases.md). "
        out += "In each picture: brokers as nodes, each finding's transfers as links coloured by typology, wider for larger amounts. "
        out += "With script on: drag to pan, wheel or the buttons to zoom, click a broker to highlight its findings and transfers, filter by typology and date.</p>"
        for network in input.networks {
            let id = "network-\(network.number)"
            out += "<article class=\"network\" id=\"\(id)\" data-network=\"\(network.number)\">"
            out += "<h3>Network \(network.number) <span class=\"badge\">score \(String(format: "%.3f", network.score))</span></h3>"
            out += "<p>\(network.findingIDs.count) finding\(network.findingIDs.count == 1 ? "" : "s") · \(network.brokers.count) brokers · "
            out += "\(Markup.escape(Money.readable(network.amount, network.currency))) · \(network.typologies.map(\.rawValue).joined(separator: ", ")) · "
            out += "\(UTCTime.iso8601(network.firstAt)) to \(UTCTime.iso8601(network.lastAt))"
            if !network.hubs.isEmpty { out += " · hubs: " + network.hubs.map { Markup.escape($0) }.joined(separator: ", ") }
            out += "</p><figure class=\"network-figure\"><div class=\"net-controls\" data-for=\"\(id)\"></div>"
            out += "<div class=\"net-frame\">" + NetworkPicture.svg(network, input: input, index: index) + "</div>"
            out += "<figcaption>\(NetworkPicture.legend(network)) · node colour: risk score · arrows: direction of the transfers</figcaption></figure>"
            out += "<table class=\"network-findings\"><thead><tr><th scope=\"col\">Finding</th><th scope=\"col\">Typology</th><th scope=\"col\" class=\"num\">Amount</th><th scope=\"col\">Status</th><th scope=\"col\">Notes</th></tr></thead><tbody>"
            for findingID in network.findingIDs {
                guard let finding = findings[findingID] else { continue }
                let review = input.reviews[finding.id] ?? ReportReview(status: "open")
                out += "<tr data-anchor=\"\(Markup.identifier("finding-", finding.id))\"><td><a href=\"#\(Markup.identifier("finding-", finding.id))\">\(Markup.escape(finding.id))</a></td>"
                out += "<td>\(finding.typology.rawValue)</td><td class=\"num\">\(Markup.escape(Money.readable(finding.amount, finding.currency)))</td>"
                out += "<td><span class=\"status status-\(Markup.escape(review.status))\">\(Markup.escape(review.status.replacingOccurrences(of: "_", with: " ")))</span>"
                if let change = review.change { out += "<br/><span class=\"note\">\(Markup.escape(change))</span>" }
                out += "</td><td>" + review.notes.map { Markup.escape($0) }.joined(separator: "<br/>") + "</td></tr>"
            }
            out += "</tbody></table></article>\n"
        }
        return out + "</section>\n"
    }

    /// The report's only script (inline; CDATA-wrapped so the file stays well-formed XML). For
    /// each network figure it adds: zoom buttons and wheel zoom, drag to pan (by the SVG's
    /// viewBox); a click (or Enter) on a broker highlights its links, nodes, finding articles and
    /// transfer rows (class `hl`; again to clear); typology check boxes and a date range that
    /// hide links (class `off`). It loads nothing and changes no data.
    static let networkScript = """
        (function () {
          "use strict";
          function q(root, sel) { return Array.prototype.slice.call(root.querySelectorAll(sel)); }
          function clearHighlight() {
            q(document, ".hl").forEach(function (e) { e.classList.remove("hl"); });
            q(document, ".dim").forEach(function (e) { e.classList.remove("dim"); });
          }
          function highlight(svg, node) {
            var broker = node.getAttribute("data-broker");
            var was = node.classList.contains("hl");
            clearHighlight();
            if (was) { return; }
            var findings = {};
            (node.getAttribute("data-findings") || "").split(" ").forEach(function (a) { if (a) { findings[a] = true; } });
            node.classList.add("hl");
            q(svg, ".net-link").forEach(function (link) {
              var mine = link.getAttribute("data-from") === broker || link.getAttribute("data-to") === broker || findings[link.getAttribute("data-anchor")];
              link.classList.add(mine ? "hl" : "dim");
            });
            Object.keys(findings).forEach(function (a) {
              var article = document.getElementById(a);
              if (article) { article.classList.add("hl"); }
              q(document, "tr[data-anchor]").forEach(function (row) {
                if (row.getAttribute("data-anchor") === a) { row.classList.add("hl"); }
              });
            });
            q(document, "table.transfers tr[data-from]").forEach(function (row) {
              if (row.getAttribute("data-from") === broker || row.getAttribute("data-to") === broker) { row.classList.add("hl"); }
            });
          }
          function setup(figure) {
            var svg = figure.querySelector("svg.network-view");
            var controls = figure.querySelector(".net-controls");
            if (!svg || !controls) { return; }
            var box = svg.getAttribute("viewBox").split(" ").map(Number);
            var view = box.slice();
            function apply() { svg.setAttribute("viewBox", view.join(" ")); }
            function zoom(factor, cx, cy) {
              var w = view[2] * factor, h = view[3] * factor;
              view[0] = cx - (cx - view[0]) * factor; view[1] = cy - (cy - view[1]) * factor;
              view[2] = w; view[3] = h; apply();
            }
            function button(label, title, action) {
              var b = document.createElement("button");
              b.type = "button"; b.textContent = label; b.title = title;
              b.addEventListener("click", action); controls.appendChild(b); return b;
            }
            button("+", "Zoom in", function () { zoom(0.8, view[0] + view[2] / 2, view[1] + view[3] / 2); });
            button("\\u2212", "Zoom out", function () { zoom(1.25, view[0] + view[2] / 2, view[1] + view[3] / 2); });
            button("Reset", "Reset view and filters", function () {
              view = box.slice(); apply(); clearHighlight();
              q(controls, "input[type=checkbox]").forEach(function (c) { c.checked = true; });
              q(controls, "input[type=date]").forEach(function (d) { d.value = ""; });
              filter();
            });
            var typologies = [];
            q(svg, ".net-link").forEach(function (l) {
              var t = l.getAttribute("data-typology");
              if (typologies.indexOf(t) === -1) { typologies.push(t); }
            });
            typologies.forEach(function (t) {
              var label = document.createElement("label");
              var box = document.createElement("input");
              box.type = "checkbox"; box.checked = true; box.value = t; box.className = "typology-filter";
              box.addEventListener("change", filter);
              label.appendChild(box); label.appendChild(document.createTextNode(" " + t));
              controls.appendChild(label);
            });
            function dateInput(name) {
              var label = document.createElement("label");
              var input = document.createElement("input");
              input.type = "date"; input.className = "date-" + name;
              input.addEventListener("change", filter);
              label.appendChild(document.createTextNode(" " + name + " "));
              label.appendChild(input); controls.appendChild(label); return input;
            }
            var from = dateInput("from"), to = dateInput("to");
            function filter() {
              var shown = {};
              q(controls, "input.typology-filter").forEach(function (c) { shown[c.value] = c.checked; });
              q(svg, ".net-link").forEach(function (l) {
                var ok = shown[l.getAttribute("data-typology")] !== false;
                if (from.value) { ok = ok ? l.getAttribute("data-last") >= from.value : false; }
                if (to.value) { ok = ok ? to.value >= l.getAttribute("data-first") : false; }
                l.classList.toggle("off", !ok);
              });
            }
            q(svg, ".net-broker").forEach(function (node) {
              node.addEventListener("click", function (e) { e.stopPropagation(); highlight(svg, node); });
              node.addEventListener("keydown", function (e) { if (e.key === "Enter") { highlight(svg, node); } });
            });
            function point(e) {
              var r = svg.getBoundingClientRect();
              return [view[0] + (e.clientX - r.left) / r.width * view[2], view[1] + (e.clientY - r.top) / r.height * view[3]];
            }
            svg.addEventListener("wheel", function (e) {
              e.preventDefault(); var p = point(e); zoom(e.deltaY > 0 ? 1.15 : 1 / 1.15, p[0], p[1]);
            }, { passive: false });
            var drag = null;
            svg.addEventListener("mousedown", function (e) { drag = { x: e.clientX, y: e.clientY, v: view.slice() }; });
            window.addEventListener("mouseup", function () { drag = null; });
            window.addEventListener("mousemove", function (e) {
              if (!drag) { return; }
              var r = svg.getBoundingClientRect();
              view[0] = drag.v[0] - (e.clientX - drag.x) / r.width * view[2];
              view[1] = drag.v[1] - (e.clientY - drag.y) / r.height * view[3];
              apply();
            });
            figure.classList.add("interactive");
          }
          q(document, "figure.network-figure").forEach(setup);
        })();
        """
}
