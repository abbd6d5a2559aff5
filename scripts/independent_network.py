#!/usr/bin/env python3
"""An independent planted-network generator: the stand-in for an outside check of the detectors.

Deliberately not `hawala simulate`: its own background (corridors with a main direction,
exchange houses everyone corresponds with, weekday rhythm, 2 % large trade payments), its own
planted shapes drawn over the WHOLE ranges of issue 9, and all seven kinds of legitimate
look-alikes ("decoys"). Writes, into --out:

  transfers.csv  canonical CSV (docs/canonical-csv.md), several currencies
  rates.csv      currency,rate (1 unit = rate USD; undated, for `hawala rates import`)
  truth.json     {"transfers": N, "instances": [...], "decoys": [{"imitates": T, "transfer_ids": [...]}]}

Usage: python3 scripts/independent_network.py --out DIR --seed 101 --transfers 200000 --brokers 1000 --days 60
Score a run with scripts/score_findings.py. Standard library only; 200k transfers in a few seconds.
"""
import argparse
import csv
import datetime as dt
import json
import math
import os
import random

RATES = {  # 1 unit = rate USD
    "USD": 1.0, "AED": 0.2723, "PKR": 0.00357, "AFN": 0.0141, "EUR": 1.085, "GBP": 1.27,
    "INR": 0.012, "SAR": 0.2666, "TRY": 0.031, "KES": 0.0077, "SOS": 0.00175, "QAR": 0.2747,
    "BDT": 0.0091,
}
THRESHOLD = 10_000.0


class Net:
    def __init__(self, args):
        self.r = random.Random(args.seed)
        self.args = args
        self.start = dt.datetime(2026, 1, 5, tzinfo=dt.timezone.utc)
        self.horizon = args.days * 86400
        self.rows = []  # (t, sender, receiver, orig, ben, usd, currency)
        self.instances = []
        self.decoys = []
        n = args.brokers
        self.brokers = [f"HW{b:05d}" for b in range(n)]
        cur = list(RATES)
        self.currency = {b: self.r.choice(cur) for b in self.brokers}
        self.hubs = self.brokers[:max(3, n // 120)]
        ordinary = self.brokers[len(self.hubs):]
        self.ordinary = ordinary
        # reserved brokers for planted instances and decoys come from the ordinary ones too
        # (they also do ordinary business); correspondents: 3-12 per broker, skewed.
        self.corr = {}
        for b in ordinary:
            k = self.r.randint(3, 12)
            self.corr[b] = self.r.sample(ordinary, k)
        self.parties = 0

    def party(self):
        self.parties += 1
        return f"C{self.parties:07d}"

    def add(self, t, s, d, usd, orig=None, ben=None, cur=None):
        assert s != d
        t = int(min(max(t, 0), self.horizon - 1))
        cur = cur or self.currency[s]
        self.rows.append([t, s, d, orig or self.party(), ben or self.party(), usd, cur])
        return len(self.rows) - 1

    def daytime(self, day):
        # business hours skew: 06-20 mostly
        h = min(23.9, max(0.0, self.r.gauss(13, 3.5)))
        return day * 86400 + int(h * 3600) + self.r.randint(0, 59)

    def ordinary_amount(self):
        if self.r.random() < 0.02:  # trade payment / wholesale settlement
            return round(math.exp(self.r.uniform(math.log(10_000), math.log(400_000))), 2), True
        return round(min(9_000, math.exp(self.r.gauss(math.log(900), 0.9))), 2), False

    # ---- background -------------------------------------------------------------------
    def background(self, count):
        r = self.r
        weights = [1.0, 1.0, 1.0, 1.0, 1.1, 0.8, 0.6]  # Mon..Sun
        days = list(range(self.args.days))
        dw = [weights[(d) % 7] for d in days]
        large = []
        hub_share = 0.25
        for _ in range(count):
            day = r.choices(days, dw)[0]
            t = self.daytime(day)
            if r.random() < hub_share:
                h = r.choice(self.hubs)
                o = r.choice(self.ordinary)
                s, d = (o, h) if r.random() < 0.5 else (h, o)
            else:
                s = r.choice(self.ordinary)
                d = r.choice(self.corr[s])
                if s == d:
                    continue
                if r.random() < 0.3:  # corridor's minor direction
                    s, d = d, s
            usd, is_large = self.ordinary_amount()
            i = self.add(t, s, d, usd)
            if is_large:
                large.append(i)
        # a sample of large payments as look-alikes of a volume spike
        for i in r.sample(large, min(len(large), 40)):
            self.decoys.append(("volume_spike", [i], "large trade payment"))

    # ---- planted --------------------------------------------------------------------------
    def pick(self, k):
        return self.r.sample(self.ordinary, k)

    def t0(self, span):
        return self.r.randint(0, max(1, self.horizon - int(span) - 3600))

    def plant(self, typ, idx, params, brokers):
        self.instances.append({"typology": typ, "transfers": idx, "parameters": params, "brokers": brokers})

    def cycle(self):
        r = self.r
        k = r.randint(2, 6)
        bs = self.pick(k)
        # the whole span drawn from one of the buckets (<1 d, 1-3 d, 3-7 d, 7-21 d), then cut
        # into k-1 gaps of at most 3 days each (so long spans need many hops)
        lo, hi = r.choice([(0.02, 1), (1, 3), (3, 7), (7, 21)])
        span = r.uniform(lo, min(hi, 3 * (k - 1) * 0.999)) * 86400 if lo < 3 * (k - 1) else r.uniform(0.02, 1) * 86400
        w = [r.uniform(0.2, 1) for _ in range(k - 1)]
        gaps = [span * x / sum(w) for x in w]
        while max(gaps) > 72 * 3600:
            over = max(gaps) - 72 * 3600
            i = gaps.index(max(gaps))
            gaps[i] -= over
            j = gaps.index(min(gaps))
            gaps[j] += over
        gaps = [max(120, g) for g in gaps]
        t = self.t0(sum(gaps))
        a = round(math.exp(r.uniform(math.log(5_000), math.log(250_000))), 2)
        idx = []
        for j in range(k):
            if j:
                t += gaps[j - 1]
                a = round(a * r.uniform(0.90, 1.0), 2)
            idx.append(self.add(t, bs[j], bs[(j + 1) % k], a))
        self.plant("cycle", idx, {"hops": k, "span_hours": sum(gaps) / 3600}, bs)

    def pass_through(self):
        r = self.r
        passers = r.randint(2, 4)
        bs = self.pick(passers + 2)
        t = self.t0(5 * 12 * 3600)
        a = round(math.exp(r.uniform(math.log(5_000), math.log(150_000))), 2)
        idx = []
        delays = []
        for j in range(passers + 1):
            if j:
                d = math.exp(r.uniform(math.log(120), math.log(12 * 3600)))
                delays.append(d)
                t += d
                a = round(a * r.uniform(0.97, 1.0), 2)
            idx.append(self.add(t, bs[j], bs[j + 1], a))
        self.plant("rapid_pass_through", idx, {"passers": passers, "max_delay_hours": max(delays) / 3600}, bs)

    def scatter_gather(self):
        r = self.r
        n = r.randint(4, 10)
        bs = self.pick(n + 2)
        a_, c_, mids = bs[0], bs[-1], bs[1:-1]
        spread = r.uniform(0.2, 5) * 86400
        t = self.t0(spread)
        idx = []
        for m in mids:
            t1 = t + r.uniform(0, spread * 0.6)
            t2 = t1 + r.uniform(60, t + spread - t1)
            x = round(r.uniform(4_000, 40_000), 2)
            idx.append(self.add(t1, a_, m, x))
            idx.append(self.add(t2, m, c_, round(x * r.uniform(0.95, 1.0), 2)))
        idx.sort(key=lambda i: self.rows[i][0])
        self.plant("scatter_gather", idx, {"intermediaries": n, "spread_hours": spread / 3600}, bs)

    def gather_scatter(self):
        r = self.r
        ns, nr = r.randint(4, 10), r.randint(4, 10)
        bs = self.pick(ns + nr + 1)
        hub, snd, rcv = bs[0], bs[1:1 + ns], bs[1 + ns:]
        spread = r.uniform(0.2, 5) * 86400
        t = self.t0(spread)
        idx = []
        ins = [round(r.uniform(5_000, 40_000), 2) for _ in snd]
        total = sum(ins) * r.uniform(0.95, 1.0)
        for s, x in zip(snd, ins):
            idx.append(self.add(t + r.uniform(0, spread * 0.5), s, hub, x))
        w = [r.uniform(0.5, 1.5) for _ in rcv]
        for d, wi in zip(rcv, w):
            idx.append(self.add(t + r.uniform(spread * 0.5, spread), hub, d, round(total * wi / sum(w), 2)))
        idx.sort(key=lambda i: self.rows[i][0])
        self.plant("gather_scatter", idx, {"senders": ns, "receivers": nr, "spread_hours": spread / 3600}, bs)

    def fan(self, typ):
        r = self.r
        n = r.randint(8, 20)
        bs = self.pick(n + 1)
        span = r.uniform(0.1, 3) * 86400
        t = self.t0(span)
        idx = []
        for c in bs[1:]:
            x = round(r.uniform(8_000, 30_000), 2)
            tt = t + r.uniform(0, span)
            idx.append(self.add(tt, c, bs[0], x) if typ == "fan_in" else self.add(tt, bs[0], c, x))
        idx.sort(key=lambda i: self.rows[i][0])
        self.plant(typ, idx, {"counterparties": n, "span_hours": span / 3600}, bs)

    def structuring(self):
        r = self.r
        n = r.randint(5, 14)
        via = self.pick(r.randint(1, 3))
        gaps = [r.uniform(6 * 3600, 72 * 3600) for _ in range(n - 1)]
        t = self.t0(sum(gaps))
        o = self.party()
        idx = []
        for j in range(n):
            if j:
                t += gaps[j - 1]
            s = r.choice(via)
            d = r.choice(self.corr[s])
            usd = round(THRESHOLD * r.uniform(0.90, 0.999), 2)
            idx.append(self.add(t, s, d, usd, orig=o, cur="USD"))
        self.plant("structuring", idx, {"transfers": n, "brokers": len(via)}, via)

    def imbalance(self):
        r = self.r
        a, b = self.pick(2)
        n = r.randint(8, 20)
        span = r.uniform(21, 42) * 86400
        t = self.t0(span)
        idx = [self.add(t + r.uniform(0, span), a, b, round(r.uniform(10_000, 60_000), 2)) for _ in range(n)]
        idx.sort(key=lambda i: self.rows[i][0])
        self.plant("settlement_imbalance", idx, {"transfers": n, "span_days": span / 86400}, [a, b])

    def spike(self):
        r = self.r
        a, b = self.pick(2)
        daily = r.uniform(800, 6_000)
        first = r.randint(0, 5)
        spike_day = r.randint(first + 21, self.args.days - 1)
        for d in range(first, spike_day):
            if r.random() < 0.85:
                k = r.randint(1, 3)
                for _ in range(k):
                    self.add(self.daytime(d), a, b, round(daily / k * r.uniform(0.5, 1.5), 2))
        factor = r.uniform(10, 30)
        k = r.randint(3, 8)
        idx = [self.add(self.daytime(spike_day), a, b, round(daily * factor / k * r.uniform(0.7, 1.3), 2))
               for _ in range(k)]
        idx.sort(key=lambda i: self.rows[i][0])
        self.plant("volume_spike", idx, {"factor": factor, "transfers": k}, [a, b])

    # ---- look-alikes ----------------------------------------------------------------------
    def hubs_decoys(self):
        # every hub receives from and pays dozens of brokers every day: already in the background;
        # add a dense daily layer and record one look-alike per hub and direction
        r = self.r
        for h in self.hubs:
            regular = r.sample(self.ordinary, 60)
            ins, outs = [], []
            for d in range(self.args.days):
                for c in r.sample(regular, r.randint(25, 45)):
                    if r.random() < 0.5:
                        ins.append(self.add(self.daytime(d), c, h, self.ordinary_amount()[0]))
                    else:
                        outs.append(self.add(self.daytime(d), h, c, self.ordinary_amount()[0]))
            self.decoys.append(("fan_in", ins, "exchange house"))
            self.decoys.append(("fan_out", outs, "exchange house"))
            self.decoys.append(("gather_scatter", ins + outs, "exchange house"))

    def leaky_ring(self):
        r = self.r
        k = r.randint(3, 5)
        bs = self.pick(k)
        t = self.t0(10 * 86400)
        a = round(r.uniform(5_000, 100_000), 2)
        idx = []
        leak = r.randrange(1, k)
        for j in range(k):
            if j:
                t += r.uniform(600, 60 * 3600)
                a = round(a * (r.uniform(0.3, 0.6) if j == leak else r.uniform(0.9, 1.0)), 2)
            idx.append(self.add(t, bs[j], bs[(j + 1) % k], a))
        self.decoys.append(("cycle", idx, "ring whose value does not carry over"))

    def over_threshold(self):
        r = self.r
        n = r.randint(4, 10)
        via = self.pick(r.randint(1, 2))
        o = self.party()
        t = self.t0(n * 2 * 86400)
        idx = []
        for _ in range(n):
            t += r.uniform(6 * 3600, 48 * 3600)
            s = r.choice(via)
            idx.append(self.add(t, s, r.choice(self.corr[s]), round(THRESHOLD * r.uniform(1.0, 1.1), 2), orig=o, cur="USD"))
        self.decoys.append(("structuring", idx, "series just over the threshold"))

    def regular_distribution(self):
        r = self.r
        b = r.choice(self.ordinary)
        peers = r.sample([x for x in self.ordinary if x != b], 12)
        dow = r.randint(0, 6)
        idx = []
        for w in range(self.args.days // 7):
            d = w * 7 + dow
            if d >= self.args.days:
                break
            for p in peers:
                idx.append(self.add(d * 86400 + r.randint(7, 17) * 3600 + r.randint(0, 3599), b, p,
                                    round(r.uniform(6_000, 25_000), 2)))
        self.decoys.append(("fan_out", idx, "regular weekly distribution"))

    def balanced_pair(self):
        r = self.r
        a, b = self.pick(2)
        idx = []
        for w in range(self.args.days // 7):
            t = w * 7 * 86400 + r.randint(0, 3 * 86400)
            x = round(r.uniform(5_000, 60_000), 2)
            s, d = (a, b) if r.random() < 0.5 else (b, a)
            idx.append(self.add(t, s, d, x))
            idx.append(self.add(t + r.uniform(3600, 4 * 86400), d, s, round(x * r.uniform(0.92, 1.0), 2)))
        self.decoys.append(("cycle", idx, "pair settling both ways every week"))
        self.decoys.append(("settlement_imbalance", idx, "pair settling both ways every week"))

    def quiet_large(self):
        r = self.r
        a, b = self.pick(2)
        for d in range(self.args.days):
            if r.random() < 0.7:
                self.add(self.daytime(d), a, b, round(r.uniform(200, 2_500), 2))
        i = self.add(self.daytime(r.randint(28, self.args.days - 1)), a, b, round(r.uniform(50_000, 400_000), 2))
        self.decoys.append(("volume_spike", [i], "single large payment on a quiet pair"))

    # ---- output -----------------------------------------------------------------------------
    def write(self, out):
        os.makedirs(out, exist_ok=True)
        order = sorted(range(len(self.rows)), key=lambda i: (self.rows[i][0], i))
        name = {}
        with open(os.path.join(out, "transfers.csv"), "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["transfer_id", "timestamp", "sender_broker", "receiver_broker", "originator",
                        "beneficiary", "amount", "currency", "channel", "reference"])
            for n_, i in enumerate(order):
                t, s, d, o, b, usd, cur = self.rows[i]
                tid = f"X{n_ + 1:08d}"
                name[i] = tid
                ts = (self.start + dt.timedelta(seconds=t)).strftime("%Y-%m-%dT%H:%M:%SZ")
                amount = usd / RATES[cur]
                w.writerow([tid, ts, s, d, o, b, f"{amount:.2f}", cur, "", ""])
        with open(os.path.join(out, "rates.csv"), "w") as f:
            f.write("currency,rate\n")
            for c, v in RATES.items():
                if c != "USD":
                    f.write(f"{c},{v}\n")
        ts = lambda t: (self.start + dt.timedelta(seconds=t)).strftime("%Y-%m-%dT%H:%M:%SZ")
        instances = []
        for n_, inst in enumerate(self.instances):
            ids = sorted(inst["transfers"], key=lambda i: (self.rows[i][0], i))
            instances.append({
                "id": f"P-{n_ + 1:04d}", "typology": inst["typology"], "brokers": inst["brokers"],
                "transfer_ids": [name[i] for i in ids], "first_at": ts(self.rows[ids[0]][0]),
                "last_at": ts(self.rows[ids[-1]][0]), "parameters": inst["parameters"], "description": ""})
        decoys = [{"imitates": typ, "transfer_ids": [name[i] for i in sorted(ix)], "description": why}
                  for typ, ix, why in self.decoys]
        truth = {"generator": "scripts/independent_network.py", "seed": self.args.seed, "transfers": len(self.rows),
                 "brokers": len(self.brokers), "days": self.args.days, "structuring_threshold_usd": THRESHOLD,
                 "instances": instances, "decoys": decoys}
        with open(os.path.join(out, "truth.json"), "w") as f:
            json.dump(truth, f, indent=1)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True)
    p.add_argument("--seed", type=int, default=101)
    p.add_argument("--transfers", type=int, default=200_000)
    p.add_argument("--brokers", type=int, default=1_000)
    p.add_argument("--days", type=int, default=60)
    p.add_argument("--instances", type=int, default=0, help="planted per typology (default: 10 + transfers/25,000)")
    a = p.parse_args()
    if a.days < 45:
        p.error("--days must be at least 45 (imbalances span up to six weeks, spikes need three weeks of baseline)")
    net = Net(a)
    k = a.instances or 10 + a.transfers // 25_000
    for _ in range(k):
        net.cycle(); net.pass_through(); net.scatter_gather(); net.gather_scatter()
        net.fan("fan_in"); net.fan("fan_out"); net.structuring(); net.imbalance(); net.spike()
    looks = max(3, k // 2)
    net.hubs_decoys()
    for _ in range(looks):
        net.leaky_ring(); net.over_threshold(); net.regular_distribution(); net.balanced_pair(); net.quiet_large()
    remaining = a.transfers - len(net.rows)
    net.background(max(0, remaining))
    net.write(a.out)
    print(f"{len(net.rows)} transfers, {len(net.instances)} planted, {len(net.decoys)} look-alikes -> {a.out}")


if __name__ == "__main__":
    main()
