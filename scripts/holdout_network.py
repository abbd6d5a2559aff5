#!/usr/bin/env python3
"""A third planted-network generator, written blind: a hold-out check of the detectors.

Written from the text of issue 9 only (not from the detectors, nor from `hawala simulate`'s or
scripts/independent_network.py's planting code), so that the rules meet shapes nobody tuned
them on. Its background differs from the other two generators on purpose:

- heavy-tailed broker activity (Pareto, alpha 1.2): a few very busy brokers, many quiet ones;
- 13 countries, each with its currency, and corridors between them (remittances flow mostly
  from the Gulf, Europe and North America towards South Asia and East Africa);
- a weekly rhythm per corridor: Fridays quiet where the sender is in the Gulf, Afghanistan or
  Pakistan, weekends quiet in Europe and North America, Sundays quiet elsewhere; business
  hours in the sender's time zone;
- log-normal amounts (median about 700 USD) with a bias to round local amounts, and 2 % large
  trade payments / wholesale settlements of 10,000-400,000 USD;
- payout agents that only receive; send-only brokers that pay in one corridor and are settled
  in bulk once a month through a third broker (trade or cash: debtor -> third broker ->
  sender, one big payment each); exchange houses (hubs) with dozens of counterparties a day.

Planted (K = 8 + transfers / 25,000 of each typology), every parameter drawn uniformly over
issue 9's whole range and recorded in truth.json: cycle, rapid_pass_through, scatter_gather,
gather_scatter, fan_in, fan_out, structuring, settlement_imbalance, volume_spike. Planted
brokers are ordinary brokers with ordinary business too, and instances may share brokers.
Look-alikes (truth.json `decoys`, each with `imitates`): exchange hubs, large payments, leaky
rings, over-threshold series, regular weekly distribution, balanced pairs, a single large
payment on a quiet pair, and the monthly bulk settlements of send-only brokers.

Writes into --out: transfers.csv (canonical CSV, docs/canonical-csv.md), brokers.csv
(id,name,country,licence), rates.csv (currency,rate: 1 unit = rate USD, undated) and truth.json
(version 2, docs/simulation.md). Deterministic per --seed. Standard library only.

Usage: python3 scripts/holdout_network.py --out DIR --seed 31 [--transfers 50000] [--brokers 400] [--days 60]
"""
import argparse
import bisect
import datetime as dt
import itertools
import json
import math
import os
import random

# country: (currency, 1 unit = rate USD, UTC offset hours, weekly profile)
COUNTRIES = {
    "AE": ("AED", 0.2723, 4, "fri"), "SA": ("SAR", 0.2666, 3, "fri"), "QA": ("QAR", 0.2747, 3, "fri"),
    "PK": ("PKR", 0.00357, 5, "fri"), "AF": ("AFN", 0.0141, 4.5, "fri"), "IN": ("INR", 0.012, 5.5, "sun"),
    "BD": ("BDT", 0.0091, 6, "sun"), "SO": ("SOS", 0.00175, 3, "fri"), "KE": ("KES", 0.0077, 3, "sun"),
    "TR": ("TRY", 0.031, 3, "sun"), "GB": ("GBP", 1.27, 0, "wkd"), "DE": ("EUR", 1.085, 1, "wkd"),
    "US": ("USD", 1.0, -5, "wkd"),
}
COUNTRY_WEIGHT = {"AE": 14, "SA": 8, "QA": 4, "PK": 12, "AF": 6, "IN": 10, "BD": 6, "SO": 7, "KE": 6,
                  "TR": 5, "GB": 8, "DE": 6, "US": 8}
# main corridors (sender country -> receiver countries), weights
CORRIDORS = {
    "AE": {"PK": 5, "IN": 5, "AF": 3, "SO": 3, "BD": 2, "GB": 1}, "SA": {"PK": 4, "BD": 3, "IN": 3, "AF": 1},
    "QA": {"IN": 4, "BD": 2, "PK": 2}, "GB": {"PK": 4, "SO": 3, "IN": 2, "AE": 2}, "US": {"SO": 3, "IN": 3, "KE": 1, "AE": 1},
    "DE": {"TR": 4, "AF": 2, "PK": 1}, "KE": {"SO": 4, "AE": 1}, "TR": {"AF": 2, "AE": 2, "DE": 1},
    "PK": {"AE": 3, "AF": 3, "GB": 1}, "AF": {"PK": 3, "AE": 3}, "IN": {"AE": 2, "BD": 1}, "BD": {"IN": 2, "AE": 1},
    "SO": {"KE": 3, "AE": 2},
}
DAY_PROFILE = {  # Mon..Sun activity weights
    "fri": [1.0, 1.0, 1.0, 1.1, 0.3, 1.0, 1.1],
    "wkd": [1.1, 1.0, 1.0, 1.0, 1.0, 0.45, 0.2],
    "sun": [1.0, 1.0, 1.0, 1.0, 0.9, 0.9, 0.4],
}
THRESHOLD = 10_000.0
TYPOLOGIES = ["cycle", "rapid_pass_through", "scatter_gather", "gather_scatter", "fan_in", "fan_out",
              "structuring", "settlement_imbalance", "volume_spike"]
H = 3600
D = 86400


def r3(x):
    return round(x, 3)


class Holdout:
    def __init__(self, a):
        self.a = a
        self.r = random.Random(f"holdout-{a.seed}")
        self.start = dt.datetime(2026, 2, 2, tzinfo=dt.timezone.utc)  # a Monday
        self.horizon = a.days * D
        self.rows = []  # [t, sender, receiver, originator, beneficiary, usd, currency, channel]
        self.instances = []
        self.decoys = []
        self.parties = 0
        self.used_planted = set()  # row indexes of planted transfers
        self._brokers()

    # ---- network ------------------------------------------------------------------------
    def _brokers(self):
        r, n = self.r, self.a.brokers
        cs = list(COUNTRIES)
        cw = list(itertools.accumulate(COUNTRY_WEIGHT[c] for c in cs))
        self.brokers = [f"HX{b:05d}" for b in range(n)]
        self.country = {b: r.choices(cs, cum_weights=cw)[0] for b in self.brokers}
        self.activity = {b: min(60.0, r.paretovariate(1.2)) for b in self.brokers}
        nh = max(3, n // 80)
        self.hubs = self.brokers[:nh]
        for h in self.hubs:
            self.country[h] = r.choice(["AE", "AE", "GB", "SA", "QA", "TR"])
            self.activity[h] = 0.0  # hub traffic is added through the hub edges below
        rest = self.brokers[nh:]
        r.shuffle(rest)
        npay, nsend = max(4, n * 12 // 100), max(2, n * 4 // 100)
        self.payout = set(rest[:npay])
        self.send_only = set(rest[npay:npay + nsend])
        self.ordinary = sorted(rest[npay + nsend:])
        by_country = {}
        for b in self.ordinary + sorted(self.payout):
            by_country.setdefault(self.country[b], []).append(b)
        self.by_country = {c: (v, list(itertools.accumulate(self.activity[b] + 0.3 for b in v)))
                           for c, v in by_country.items()}
        edges, weights = [], []
        self.corr = {}

        def receiver(c_from):
            for _ in range(20):
                if r.random() < 0.75 and c_from in CORRIDORS:
                    cor = CORRIDORS[c_from]
                    c = r.choices(list(cor), weights=list(cor.values()))[0]
                else:
                    c = r.choice(cs)
                if c in self.by_country:
                    v, cum = self.by_country[c]
                    return v[bisect.bisect_left(cum, r.random() * cum[-1])]
            return r.choice(self.ordinary)

        for b in self.ordinary:
            k = 2 + int(min(38, self.activity[b] * 2.5))
            cs_ = set()
            while len(cs_) < k:
                d = receiver(self.country[b])
                if d != b:
                    cs_.add(d)
            self.corr[b] = sorted(cs_)
            for d in self.corr[b]:
                edges.append((b, d))
                weights.append(self.activity[b] * r.uniform(0.2, 1.0) / k * 3)
        # send-only brokers: one corridor, 1-3 receivers, settled monthly in bulk
        self.send_only_corr = {}
        for b in sorted(self.send_only):
            cor = CORRIDORS.get(self.country[b]) or {"AE": 1}
            c = max(cor, key=cor.get)
            v = [x for x in self.by_country.get(c, ([], []))[0] if x not in self.payout] or self.ordinary
            ds = r.sample(v, min(len(v), r.randint(1, 3)))
            self.send_only_corr[b] = ds
            for d in ds:
                edges.append((b, d))
                weights.append(r.uniform(0.5, 3.0))
        # exchange houses: most ordinary brokers send to and receive from some hub
        hub_total = sum(weights) * 0.35  # about a quarter of all traffic touches a hub
        hub_edges = []
        for h in self.hubs:
            for b in self.ordinary:
                if r.random() < 0.55:
                    hub_edges.append((b, h))
                if r.random() < 0.45:
                    hub_edges.append((h, b))
            for b in sorted(self.payout):
                if r.random() < 0.6:
                    hub_edges.append((h, b))
        for e in hub_edges:
            edges.append(e)
            weights.append(hub_total / len(hub_edges) * r.uniform(0.5, 1.5))
        self.edges = edges
        self.edge_cum = list(itertools.accumulate(weights))
        self.edge_set = set(edges)
        self.day_cum = {}
        for p, prof in DAY_PROFILE.items():
            w = [prof[(self.start + dt.timedelta(days=d)).weekday()] for d in range(self.a.days)]
            self.day_cum[p] = list(itertools.accumulate(w))

    def party(self):
        self.parties += 1
        return f"P{self.parties:08d}"

    def cur(self, b):
        return COUNTRIES[self.country[b]][0]

    def add(self, t, s, d, usd, orig=None, ben=None, cur=None, channel=""):
        assert s != d, (s, d)
        t = int(min(max(t, 0), self.horizon - 1))
        self.rows.append([t, s, d, orig or self.party(), ben or self.party(), usd, cur or self.cur(s), channel])
        return len(self.rows) - 1

    def daytime(self, day, b):
        off = COUNTRIES[self.country[b]][2]
        h = min(21.5, max(7.0, self.r.gauss(13.5, 3.0))) - off
        return int(day * D + h * H + self.r.randint(0, 3599))

    def ordinary_amount(self, b):
        """USD; log-normal, round-number bias in the local currency; 2 % large trade payments."""
        r = self.r
        large = r.random() < 0.02
        if large:
            usd = math.exp(r.uniform(math.log(10_000), math.log(400_000)))
        else:
            usd = min(9_500.0, math.exp(r.gauss(math.log(700), 1.0)))
        if r.random() < 0.4:
            rate = COUNTRIES[self.country[b]][1]
            local = usd / rate
            step = 10 ** max(0, int(math.log10(max(local, 1))) - 1) * r.choice((1, 5))
            local = max(step, round(local / step) * step)
            usd = local * rate
        return usd, large

    def ordinary_pick(self, exclude=()):
        while True:
            b = self.r.choice(self.ordinary)
            if b not in exclude:
                return b

    def distinct(self, k, exclude=()):
        out = []
        while len(out) < k:
            b = self.ordinary_pick(exclude)
            if b not in out:
                out.append(b)
        return out

    def plant(self, typology, brokers, ids, params, desc):
        self.used_planted.update(ids)
        self.instances.append({"typology": typology, "brokers": brokers, "ids": ids,
                               "parameters": {k: (r3(v) if isinstance(v, float) else v) for k, v in params.items()},
                               "description": desc})

    def decoy(self, kind, imitates, brokers, ids, params, desc):
        for im in ([imitates] if isinstance(imitates, str) else imitates):
            self.decoys.append({"kind": kind, "imitates": im, "brokers": brokers, "ids": list(ids),
                                "parameters": {k: (r3(v) if isinstance(v, float) else v) for k, v in params.items()},
                                "description": desc})

    def start_time(self, span_s, lead=0):
        lo = lead + D
        hi = max(lo + 1, self.horizon - span_s - D)
        return self.r.uniform(lo, hi)

    # ---- background ---------------------------------------------------------------------
    def background(self, count):
        r = self.r
        picks = r.choices(self.edges, cum_weights=self.edge_cum, k=count)
        large_pairs = {}
        dc = self.day_cum
        ndays = self.a.days
        for s, d in picks:
            cum = dc[COUNTRIES[self.country[s]][3]]
            day = min(ndays - 1, bisect.bisect_left(cum, r.random() * cum[-1]))
            # the receiver's weekly rhythm too: quiet days on either side thin the corridor
            prof = DAY_PROFILE[COUNTRIES[self.country[d]][3]]
            if r.random() > prof[(day + self.start.weekday()) % 7] ** 0.5:
                day = min(ndays - 1, bisect.bisect_left(cum, r.random() * cum[-1]))
            usd, large = self.ordinary_amount(s)
            i = self.add(self.daytime(day, s), s, d, usd, channel="trade invoice" if large else "")
            if large:
                large_pairs.setdefault((s, d), []).append(i)
        for (s, d), ids in sorted(large_pairs.items()):
            self.decoy("large_payments", "volume_spike", [s, d], ids, {"transfers": len(ids)},
                       f"{len(ids)} large trade payment(s) {s} -> {d}")

    def bulk_settlements(self):
        """Send-only brokers are settled once a month: debtor -> third broker -> send-only broker."""
        r = self.r
        owed = {}
        for t, s, d, _o, _b, usd, _c, _ch in self.rows:
            if s in self.send_only:
                owed.setdefault((s, d, t // (30 * D)), 0.0)
                owed[(s, d, t // (30 * D))] += usd
        for (s, d, month), usd in sorted(owed.items()):
            if usd < 2_000:
                continue
            third = r.choice(self.hubs) if r.random() < 0.5 else self.ordinary_pick((s, d))
            if third in (s, d):
                continue
            day = min(self.a.days - 2, month * 30 + 29)
            t1 = self.daytime(day, d)
            t2 = t1 + r.uniform(2 * H, 40 * H)
            i = self.add(t1, d, third, usd, channel="trade")
            j = self.add(t2, third, s, usd * r.uniform(0.985, 1.0), channel="cash")
            # `hawala evaluate` knows seven kinds: a wholesale settlement counts as a large payment
            self.decoy("large_payments", ["rapid_pass_through", "volume_spike"], [d, third, s], [i, j],
                       {"amount_usd": usd, "month": month, "bulk_settlement": 1},
                       f"monthly bulk settlement of send-only {s}: {d} -> {third} -> {s}")

    # ---- planted typologies -------------------------------------------------------------
    def cycle(self):
        r = self.r
        n = r.randint(2, 6)
        bs = self.distinct(n)
        max_gap = r.uniform(2 * 60, 72 * H)
        gaps = [r.uniform(60, max_gap) for _ in range(n - 1)]
        if sum(gaps) > 21 * D:
            gaps = [g * 21 * D / sum(gaps) for g in gaps]
        t = self.start_time(sum(gaps))
        ratios = [r.uniform(0.90, 1.0) for _ in range(n - 1)]
        # every hop at 5,000 USD or more: the last (smallest) hop drawn log-uniform 5k..150k
        amt = math.exp(r.uniform(math.log(5_000), math.log(150_000))) / math.prod(ratios)
        first = amt
        ids = []
        for h in range(n):
            if h:
                t += gaps[h - 1]
                amt *= ratios[h - 1]
            ids.append(self.add(t, bs[h], bs[(h + 1) % n], amt))
        self.plant("cycle", bs, ids, {
            "brokers": n, "hops": n, "first_amount_usd": first, "min_amount_usd": amt,
            "min_gap_hours": min(gaps) / H, "max_gap_hours": max(gaps) / H, "span_hours": sum(gaps) / H,
            "min_ratio": min(ratios), "max_ratio": max(ratios)},
            f"cycle of {n} brokers over {sum(gaps) / H:.1f} h")

    def pass_through(self):
        r = self.r
        relays = r.randint(2, 4)
        chain = self.distinct(relays + 2)
        max_delay = r.uniform(120, 12 * H)
        delays = [r.uniform(60, max_delay) for _ in range(relays)]
        t = self.start_time(sum(delays))
        amt = math.exp(r.uniform(math.log(5_000), math.log(120_000)))
        first = amt
        orig, ben = self.party(), self.party()
        ids, ratios = [self.add(t, chain[0], chain[1], amt, orig=orig)], []
        for k in range(relays):
            t += delays[k]
            ratio = r.uniform(0.97, 1.0)
            ratios.append(ratio)
            amt *= ratio
            ids.append(self.add(t, chain[k + 1], chain[k + 2], amt, ben=ben if k == relays - 1 else None))
        self.plant("rapid_pass_through", chain, ids, {
            "relays": relays, "first_amount_usd": first, "min_delay_hours": min(delays) / H,
            "max_delay_hours": max(delays) / H, "min_ratio": min(ratios), "max_ratio": max(ratios)},
            f"pass-through over {relays} relays, longest delay {max(delays) / H:.1f} h")

    def scatter_gather(self):
        r = self.r
        m = r.randint(4, 10)
        bs = self.distinct(m + 2)
        src, mids, sink = bs[0], bs[1:-1], bs[-1]
        span = r.uniform(0.5 * H, 120 * H)
        t0 = self.start_time(span)
        total = math.exp(r.uniform(math.log(40_000), math.log(400_000)))
        shares = [r.uniform(0.5, 1.5) for _ in mids]
        ratio = r.uniform(0.95, 1.0)
        ids, outs = [], []
        for k, (b, sh) in enumerate(zip(mids, shares)):
            amt = total * sh / sum(shares)
            t1 = t0 + (0 if k == 0 else r.uniform(0, span * 0.6))
            t2 = t0 + span if k == 0 else t1 + r.uniform(60, t0 + span - t1)
            ids.append(self.add(t1, src, b, amt))
            outs.append(self.add(t2, b, sink, amt * ratio * r.uniform(0.995, 1.005)))
        gathered = sum(self.rows[i][5] for i in outs)
        self.plant("scatter_gather", [src] + mids + [sink], ids + outs, {
            "intermediaries": m, "span_hours": span / H, "scattered_usd": total, "gathered_usd": gathered,
            "ratio": gathered / total}, f"{src} scatters to {m}, gathered at {sink} within {span / H:.1f} h")

    def gather_scatter(self):
        r = self.r
        m, k = r.randint(4, 10), r.randint(4, 10)
        bs = self.distinct(m + k + 1)
        srcs, hub, dsts = bs[:m], bs[m], bs[m + 1:]
        span = r.uniform(0.5 * H, 120 * H)
        t0 = self.start_time(span)
        split = r.uniform(0.2, 0.8) * span
        ins = [self.add(t0 + (0 if j == 0 else r.uniform(0, split)), s, hub,
                        r.uniform(5_000, 40_000)) for j, s in enumerate(srcs)]
        total = sum(self.rows[i][5] for i in ins)
        ratio = r.uniform(0.95, 1.0)
        shares = [r.uniform(0.5, 1.5) for _ in dsts]
        outs = [self.add(t0 + (span if j == 0 else r.uniform(split, span)), hub, d,
                         total * ratio * sh / sum(shares)) for j, (d, sh) in enumerate(zip(dsts, shares))]
        self.plant("gather_scatter", srcs + [hub] + dsts, ins + outs, {
            "sources": m, "destinations": k, "span_hours": span / H, "gathered_usd": total,
            "ratio": ratio}, f"{hub} gathers from {m} and scatters to {k} within {span / H:.1f} h")

    def fan(self, typology):
        r = self.r
        c = r.randint(8, 20)
        bs = self.distinct(c + 1)
        hub, others = bs[0], bs[1:]
        window = r.uniform(0.5 * H, 72 * H)
        t0 = self.start_time(window)
        ids, amts = [], []
        for j, o in enumerate(others):
            t = t0 + (0 if j == 0 else window if j == 1 else r.uniform(0, window))
            amt = r.uniform(8_000, 30_000)
            amts.append(amt)
            ids.append(self.add(t, o, hub, amt) if typology == "fan_in" else self.add(t, hub, o, amt))
        self.plant(typology, [hub] + others, ids, {
            "counterparties": c, "window_hours": window / H, "min_amount_usd": min(amts),
            "max_amount_usd": max(amts), "total_usd": sum(amts)},
            f"{typology} at {hub}: {c} counterparties in {window / H:.1f} h")

    def series(self, low, high):
        """One originator's 5-14 transfers at low..high x the threshold, 6 h-3 d apart, via 1-3 brokers."""
        r = self.r
        n = r.randint(5, 14)
        anchors = self.distinct(r.randint(1, 3))
        gaps = [r.uniform(6 * H, 72 * H) for _ in range(n - 1)]
        t = self.start_time(sum(gaps))
        orig = self.party()
        ids, fr, cps = [], [], set()
        for j in range(n):
            if j:
                t += gaps[j - 1]
            s = anchors[j % len(anchors)]
            d = self.ordinary_pick((s,))
            cps.add(d)
            f = r.uniform(low, high)
            fr.append(f)
            ids.append(self.add(t, s, d, THRESHOLD * f, orig=orig))
        return n, anchors, gaps, orig, ids, fr, cps

    def structuring(self):
        n, anchors, gaps, orig, ids, fr, cps = self.series(0.90, 0.999)
        self.plant("structuring", anchors + sorted(cps - set(anchors)), ids, {
            "transfers": n, "anchor_brokers": len(anchors), "by_originator": 1, "threshold_usd": THRESHOLD,
            "min_fraction": min(fr), "max_fraction": max(fr), "span_days": sum(gaps) / D,
            "min_gap_hours": min(gaps) / H, "max_gap_hours": max(gaps) / H},
            f"{n} transfers by {orig} at 90-99.9 % of {THRESHOLD:.0f} USD over {sum(gaps) / D:.1f} d")

    def imbalance(self):
        r = self.r
        for _ in range(100):
            a, b = self.distinct(2)
            if (b, a) not in self.edge_set:
                break
        self.edge_set.add((a, b))
        self.no_back = getattr(self, "no_back", set()) | {(b, a)}
        n = r.randint(8, 20)
        span = r.uniform(21 * D, 42 * D)
        t0 = self.start_time(span)
        times = sorted([t0, t0 + span] + [t0 + r.uniform(0, span) for _ in range(n - 2)])
        amts = [r.uniform(10_000, 60_000) for _ in range(n)]
        ids = [self.add(t, a, b, x) for t, x in zip(times, amts)]
        self.plant("settlement_imbalance", [a, b], ids, {
            "transfers": n, "span_days": span / D, "total_usd": sum(amts), "min_amount_usd": min(amts),
            "max_amount_usd": max(amts)}, f"{a} pays {b} {n} times over {span / D:.1f} d, nothing back")

    def spike(self):
        r = self.r
        a, b = self.distinct(2)
        base_days = r.randint(21, 42)
        spike_day = r.randint(base_days + 1, self.a.days - 2)
        vols = []
        for day in range(spike_day - base_days, spike_day):
            v = 0.0
            for _ in range(r.randint(1, 4)):
                usd = min(9_000.0, math.exp(r.gauss(math.log(600), 0.6)))
                v += usd
                self.add(self.daytime(day, a), a, b, usd)
            vols.append(v)
        usual = sum(vols) / len(vols)
        multiple = r.uniform(10, 60)
        k = r.randint(2, 6)
        shares = [r.uniform(0.5, 1.5) for _ in range(k)]
        ids = [self.add(self.daytime(spike_day, a), a, b, usual * multiple * sh / sum(shares)) for sh in shares]
        self.plant("volume_spike", [a, b], ids, {
            "multiple": multiple, "baseline_days": base_days, "usual_daily_usd": usual,
            "spike_usd": usual * multiple, "spike_transfers": k},
            f"{a} -> {b}: {base_days} days of ordinary traffic, then {multiple:.1f}x in one day")

    # ---- look-alikes --------------------------------------------------------------------
    def hub_decoys(self):
        ins, outs = {h: [] for h in self.hubs}, {h: [] for h in self.hubs}
        for i, row in enumerate(self.rows):
            if row[2] in ins:
                ins[row[2]].append(i)
            if row[1] in outs:
                outs[row[1]].append(i)
        for h in self.hubs:
            i_, o_ = [i for i in ins[h] if i not in self.used_planted], [i for i in outs[h] if i not in self.used_planted]
            self.decoy("exchange_hub", "fan_in", [h], i_, {"transfers": len(i_)}, f"exchange house {h}: receipts")
            self.decoy("exchange_hub", "fan_out", [h], o_, {"transfers": len(o_)}, f"exchange house {h}: payments")
            self.decoy("exchange_hub", "gather_scatter", [h], sorted(i_ + o_), {"transfers": len(i_) + len(o_)},
                       f"exchange house {h}: receipts and payments")

    def leaky_ring(self):
        r = self.r
        n = r.randint(3, 6)
        bs = self.distinct(n)
        gaps = [r.uniform(10 * 60, 48 * H) for _ in range(n - 1)]
        t = self.start_time(sum(gaps))
        amt = math.exp(r.uniform(math.log(6_000), math.log(100_000)))
        leak = r.randint(1, n - 1)
        ids, leak_ratio = [], 0.0
        for h in range(n):
            if h:
                t += gaps[h - 1]
                ratio = r.uniform(0.30, 0.60) if h == leak else r.uniform(0.90, 1.0)
                leak_ratio = ratio if h == leak else leak_ratio
                amt *= ratio
            ids.append(self.add(t, bs[h], bs[(h + 1) % n], amt))
        self.decoy("leaky_ring", "cycle", bs, ids, {"hops": n, "leak_ratio": leak_ratio, "span_hours": sum(gaps) / H},
                   f"ring of {n} whose hop {leak + 1} carries {leak_ratio:.0%} of the previous")

    def over_threshold(self):
        n, anchors, gaps, orig, ids, fr, _ = self.series(1.0, 1.10)
        self.decoy("over_threshold_series", "structuring", anchors, ids,
                   {"transfers": n, "span_days": sum(gaps) / D, "min_fraction": min(fr), "max_fraction": max(fr)},
                   f"{n} transfers by {orig} at 100-110 % of the threshold")

    def regular_distribution(self):
        r = self.r
        bs = self.distinct(13)
        payer, corr = bs[0], bs[1:]
        wd = r.randint(0, 4)
        amounts = {c: r.uniform(6_000, 25_000) for c in corr}
        ids = []
        for week in range(self.a.days // 7):
            day = week * 7 + wd
            if day >= self.a.days:
                break
            for c in corr:
                ids.append(self.add(self.daytime(day, payer), payer, c, amounts[c] * r.uniform(0.8, 1.2)))
        self.decoy("regular_distribution", "fan_out", [payer] + corr, ids,
                   {"correspondents": 12, "weeks": self.a.days // 7},
                   f"{payer} pays the same 12 correspondents every week")

    def balanced_pair(self):
        r = self.r
        a, b = self.distinct(2)
        weeks = r.randint(5, self.a.days // 7 - 1)
        w0 = r.randint(0, self.a.days // 7 - weeks)
        ids = []
        for w in range(w0, w0 + weeks):
            x = r.uniform(10_000, 50_000)
            p, q = (a, b) if r.random() < 0.5 else (b, a)
            t = self.daytime(w * 7 + r.randint(0, 3), p)
            ids.append(self.add(t, p, q, x))
            ids.append(self.add(t + r.uniform(2 * H, 72 * H), q, p, x * r.uniform(0.97, 1.03)))
        self.decoy("balanced_pair", ["cycle", "settlement_imbalance"], [a, b], ids, {"exchanges": weeks},
                   f"{a} and {b} settle both ways in balance, {weeks} weeks")

    def quiet_large(self):
        r = self.r
        a, b = self.distinct(2)
        for _ in range(r.randint(2, 6)):
            self.add(self.daytime(r.randrange(self.a.days), a), a, b, r.uniform(100, 900))
        usd = math.exp(r.uniform(math.log(20_000), math.log(250_000)))
        i = self.add(self.daytime(r.randrange(3, self.a.days), a), a, b, usd, channel="trade invoice")
        self.decoy("quiet_pair_payment", "volume_spike", [a, b], [i], {"amount_usd": usd},
                   f"one payment of {usd:,.0f} USD on the quiet pair {a} -> {b}")

    # ---- output -------------------------------------------------------------------------
    def write(self, out):
        os.makedirs(out, exist_ok=True)
        rows = self.rows
        order = sorted(range(len(rows)), key=lambda i: (rows[i][0], i))
        name = [None] * len(rows)
        day_str = [(self.start + dt.timedelta(days=d)).strftime("%Y-%m-%dT") for d in range(self.a.days + 1)]
        rate = {c[0]: c[1] for c in COUNTRIES.values()}

        def ts(t):
            d, s = divmod(int(t), D)
            return f"{day_str[d]}{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}Z"

        with open(os.path.join(out, "transfers.csv"), "w") as f:
            f.write("transfer_id,timestamp,sender_broker,receiver_broker,originator,beneficiary,amount,currency,channel,reference\n")
            buf = []
            for n_, i in enumerate(order):
                t, s, d, o, b, usd, cur, ch = rows[i]
                tid = f"HT{n_ + 1:09d}"
                name[i] = tid
                buf.append(f"{tid},{ts(t)},{s},{d},{o},{b},{max(0.01, usd / rate[cur]):.2f},{cur},{ch},\n")
                if len(buf) >= 50_000:
                    f.write("".join(buf))
                    buf = []
            f.write("".join(buf))
        with open(os.path.join(out, "brokers.csv"), "w") as f:
            f.write("id,name,country,licence\n")
            for b in self.brokers:
                kind = ("Exchange House" if b in self.hubs else "Payout Agent" if b in self.payout
                        else "Trading" if b in self.send_only else "Hawala")
                lic = f"LIC-{self.country[b]}-{b[2:]}" if b in self.hubs or self.r.random() < 0.3 else ""
                f.write(f"{b},{kind} {b[2:]},{self.country[b]},{lic}\n")
        with open(os.path.join(out, "rates.csv"), "w") as f:
            f.write("currency,rate\n")
            for c, v in sorted(rate.items()):
                if c != "USD":
                    f.write(f"{c},{v}\n")

        def entry(prefix, n_, e, extra):
            ids = sorted(e["ids"], key=lambda i: (rows[i][0], i))
            d = {"id": f"{prefix}-{n_ + 1:04d}", **extra, "brokers": e["brokers"],
                 "transfer_ids": [name[i] for i in ids], "first_at": ts(rows[ids[0]][0]) if ids else None,
                 "last_at": ts(rows[ids[-1]][0]) if ids else None, "parameters": e["parameters"],
                 "description": e["description"]}
            return d

        order_t = {t: k for k, t in enumerate(TYPOLOGIES)}
        inst = sorted(self.instances, key=lambda e: order_t[e["typology"]])
        instances = [entry("P", n_, e, {"typology": e["typology"]}) for n_, e in enumerate(inst)]
        decoys = [entry("D", n_, e, {"kind": e["kind"], "imitates": e["imitates"]})
                  for n_, e in enumerate(x for x in self.decoys if x["ids"])]
        truth = {"version": 2, "generator": "scripts/holdout_network.py", "seed": self.a.seed,
                 "transfers": len(rows), "brokers": len(self.brokers), "days": self.a.days,
                 "start": self.start.strftime("%Y-%m-%dT%H:%M:%SZ"),
                 "currencies": sorted(rate), "structuring_threshold_usd": THRESHOLD,
                 "instances": instances, "decoys": decoys}
        with open(os.path.join(out, "truth.json"), "w") as f:
            json.dump(truth, f, indent=1, sort_keys=True)
        return len(instances), len(decoys)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True, help="output directory")
    p.add_argument("--seed", type=int, default=31)
    p.add_argument("--transfers", type=int, default=50_000, help="about this many rows in all")
    p.add_argument("--brokers", type=int, default=400)
    p.add_argument("--days", type=int, default=60)
    p.add_argument("--instances", type=int, default=0, help="planted per typology (default 8 + transfers/25,000)")
    a = p.parse_args()
    if a.days < 50:
        p.error("--days must be at least 50 (imbalances span up to 6 weeks; spikes need up to 6 weeks of baseline)")
    if a.brokers < 60:
        p.error("--brokers must be at least 60")
    net = Holdout(a)
    k = a.instances or 8 + a.transfers // 25_000
    for _ in range(k):
        net.cycle(); net.pass_through(); net.scatter_gather(); net.gather_scatter()
        net.fan("fan_in"); net.fan("fan_out"); net.structuring(); net.imbalance(); net.spike()
    looks = max(4, k // 2)
    for _ in range(looks):
        net.leaky_ring(); net.over_threshold(); net.regular_distribution(); net.balanced_pair(); net.quiet_large()
    net.background(max(0, a.transfers - len(net.rows) - a.brokers // 10))
    net.bulk_settlements()
    # a planted settlement imbalance must get nothing back: drop background payments on the reverse pair
    back = getattr(net, "no_back", set())
    if back:
        stray = sum(1 for row in net.rows if (row[1], row[2]) in back)
        if stray:
            print(f"note: {stray} payment(s) back on a planted imbalance pair (planted or look-alike overlap)")
    net.hub_decoys()
    ni, nd = net.write(a.out)
    print(f"{len(net.rows)} transfers, {ni} planted, {nd} look-alikes -> {a.out}")


if __name__ == "__main__":
    main()
