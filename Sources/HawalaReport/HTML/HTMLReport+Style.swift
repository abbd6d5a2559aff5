extension HTMLReport {
    /// The report's only stylesheet, inline. Screen: light page, dark title bar. Print
    /// (`@media print`, CSS Paged Media): white background, no navigation, every finding and
    /// every broker on a new page, table headers repeated, figures and rows kept whole.
    /// No `<` or `&` appears here, so the document stays well-formed XML as well as HTML5.
    static let stylesheet = """
        :root { --ink: #1d2530; --muted: #5b6673; --line: #d5dbe2; --accent: #1f4e79; --in: #2e7d5b; --out: #c0562b; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; color: var(--ink); background: #f6f7f9; }
        header.top { background: var(--accent); color: #fff; padding: 18px 28px; }
        header.top h1 { margin: 0 0 4px; font-size: 22px; }
        header.top p { margin: 0; opacity: 0.9; }
        main { max-width: 1180px; margin: 0 auto; padding: 8px 28px 40px; }
        nav.toc { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 10px 16px; margin: 16px 0; }
        nav.toc ol { margin: 4px 0; padding-left: 22px; }
        nav.toc ol ol { display: flex; flex-wrap: wrap; gap: 2px 22px; padding-left: 18px; list-style: none; }
        section, article { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 14px 20px; margin: 16px 0; }
        article { border-left: 4px solid var(--accent); }
        h2 { font-size: 18px; margin: 4px 0 10px; color: var(--accent); }
        h3 { font-size: 16px; margin: 4px 0 8px; }
        table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: 13px; }
        th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
        th { background: #eef2f6; font-weight: 600; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        td.time { white-space: nowrap; font-variant-numeric: tabular-nums; }
        table.kv th { width: 30%; }
        .explanation { font-size: 15px; }
        .note { color: var(--muted); font-style: italic; }
        .badge { display: inline-block; padding: 1px 8px; border-radius: 10px; background: #e3ebf3; font-size: 12px; }
        .pos { color: #8a2c0d; } .neg { color: #1e5e40; }
        ul.reasons { margin: 0; padding-left: 18px; }
        figure { margin: 10px 0; overflow-x: auto; }
        figcaption { color: var(--muted); font-size: 12px; }
        svg { max-width: 100%; height: auto; font-family: system-ui, "Noto Sans", "DejaVu Sans", sans-serif; font-size: 12px; }
        svg .edge { fill: none; stroke: #4a5868; stroke-width: 1.6; }
        svg .arrowhead { fill: #4a5868; }
        svg .node { stroke: #34495e; stroke-width: 1.5; }
        svg .node.strong { stroke: #0b2238; stroke-width: 3; }
        svg .risk-none { fill: #d9e4ef; } svg .risk-low { fill: #cfe8d8; } svg .risk-mid { fill: #f7dca8; } svg .risk-high { fill: #f2a7a1; }
        svg .nlabel rect { fill: #ffffff; stroke: #9aa7b4; stroke-width: 0.8; }
        svg .elabel rect { fill: #fffbe8; stroke: #d8c97a; stroke-width: 0.8; }
        svg text { fill: #1d2530; }
        svg text.name { font-weight: 700; }
        svg .axis { stroke: #7a8794; stroke-width: 1; }
        svg .tick { font-size: 10px; fill: var(--muted); }
        svg .bar-in { fill: var(--in); } svg .bar-out { fill: var(--out); }
        footer { color: var(--muted); font-size: 12px; text-align: center; padding: 12px; }
        div.scroll { overflow-x: auto; max-width: 100%; }
        table.transfers td { overflow-wrap: anywhere; }
        .net-frame { border: 1px solid var(--line); border-radius: 4px; overflow: hidden; background: #fcfdfe; }
        svg.network-view { display: block; margin: 0 auto; cursor: grab; }
        svg .net-link { fill: none; opacity: 0.85; }
        svg .net-link.dim { opacity: 0.12; }
        svg .net-link.hl { opacity: 1; stroke-dasharray: none; filter: drop-shadow(0 0 2px #000000); }
        svg .net-link.off { display: none; }
        svg .net-broker { cursor: pointer; }
        svg .net-broker.hub .node { stroke-dasharray: 3 2; stroke-width: 2.5; }
        svg .net-broker.hl .node { stroke: #000000; stroke-width: 4; }
        .net-controls { display: flex; flex-wrap: wrap; gap: 4px 12px; align-items: center; margin: 4px 0; font-size: 13px; }
        .net-controls button { font: inherit; padding: 1px 8px; }
        article.hl { box-shadow: 0 0 0 3px #e69f00; }
        tr.hl td { background: #fff3d6; }
        .swatch { white-space: nowrap; margin-right: 8px; }
        .status { font-weight: 600; }
        .status-dismissed { color: var(--muted); } .status-confirmed, .status-escalated { color: #8a2c0d; } .status-reopened { color: #b35c00; }
        @page { size: A4; margin: 14mm 12mm; }
        @media print {
          body { background: #fff; color: #000; font-size: 11pt; }
          header.top { background: #fff; color: #000; border-bottom: 2px solid #000; padding: 0 0 8px; }
          main { max-width: none; padding: 0; }
          nav.toc { display: none; }
          .net-controls { display: none; }
          section, article { border: none; border-radius: 0; padding: 0; margin: 0 0 12px; background: #fff; }
          article { border-left: none; }
          article.finding, article.broker, section#brokers, section#findings { break-before: page; page-break-before: always; }
          section#findings > article.finding:first-of-type, section#brokers > article.broker:first-of-type { break-before: avoid; page-break-before: avoid; }
          h2, h3 { break-after: avoid; page-break-after: avoid; }
          thead { display: table-header-group; }
          tr, figure, svg { break-inside: avoid; page-break-inside: avoid; }
          th { background: #fff; }
          thead th { border-bottom: 1.5px solid #000; }
          table { font-size: 8.5pt; }
          td.time, td.num, th.num { white-space: normal; }
          figure { overflow: visible; }
          a { color: inherit; text-decoration: none; }
        }
        """
}
