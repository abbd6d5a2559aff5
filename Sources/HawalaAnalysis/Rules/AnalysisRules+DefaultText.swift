extension AnalysisRules {
    /// The default rules file, with a comment on every parameter (units included), as
    /// `hawala rules` prints it. It parses back to ``AnalysisRules/init()``.
    public static let defaultRulesText = """
        # HawalaTrace analysis rules (hawala analyze --rules FILE).
        # Every key is optional: an absent key keeps its default; an unknown key is an error.
        # Amounts are in major units of the reporting currency (the currency the store
        # converts every transfer to, USD by default). Times are UTC.
        # Switch a detector off with `enabled: false`, or on the command line with
        # --only LIST / --skip LIST (comma-separated detector names).
        version: 1

        # cycle: closed simple paths of brokers A -> B -> ... -> A, transfers in strictly
        # increasing time, the value coming back to where it started (round-tripping,
        # settlement loops).
        cycle:
          enabled: true
          max_length: 6             # most brokers (= transfers) in a cycle, 2...12
          window_hours: 504         # first to last transfer within this many hours (21 days, inclusive)
          max_hop_gap_hours: 72     # largest gap between consecutive hops, hours; null = no limit
          min_amount: 5000          # every transfer of the cycle at least this amount
          amount_band: true         # each hop's amount within a band of the previous hop's
          band_min_ratio: 0.88      # hop >= 0.88 x previous hop (fees taken on the way)
          band_max_ratio: 1.02      # hop <= 1.02 x previous hop (rounding, exchange rates)
          max_per_start: 100        # at most this many cycles per start transfer (cap noted in the run)
          max_total: 100000         # at most this many cycles in all (cap noted in the run)
          one_per_path: true        # same first transfer, same brokers: report only the closing
                                    # nearest the first amount (the others counted in its sentence)
          skip_two_way_pairs: true  # a two-broker round trip of a pair settling both ways week after
                                    # week (baseline.routine_weeks common weeks) is ordinary business
                                    # or exchanges (answered within max_hop_gap_hours) in routine_weeks weeks
          max_routine_hops: 1       # a cycle with more hops on routine relationships is not reported

        # fan_in: one broker paid by many distinct brokers within a window (collection hub),
        # judged against its own history (routine correspondents, usual count).
        fan_in:
          enabled: true
          window_hours: 72          # sliding window, hours (last - first <= window)
          min_counterparties: 8     # distinct paying brokers within the window, at least
          min_new_counterparties: 6 # of them not routine (baseline.routine_weeks), at least
          baseline_factor: 2.5      # new counterparties >= 2.5 x the broker's usual count of new ones; 0 = off
          min_new_share: 0.25       # new counterparties >= 0.25 x all the window's counterparties; 0 = off
          min_total: 50000          # the window's transfers total at least this amount
          max_transfers_listed: 500 # transfer ids listed per finding; the rest are counted

        # fan_out: one broker paying many distinct brokers within a window (distribution hub).
        fan_out:
          enabled: true
          window_hours: 72          # sliding window, hours
          min_counterparties: 8     # distinct paid brokers within the window, at least
          min_new_counterparties: 6 # of them not routine (baseline.routine_weeks), at least
          baseline_factor: 2.5      # new counterparties >= 2.5 x the broker's usual count of new ones; 0 = off
          min_new_share: 0.25       # new counterparties >= 0.25 x all the window's counterparties; 0 = off
          min_total: 50000          # the window's transfers total at least this amount
          max_transfers_listed: 500 # transfer ids listed per finding; the rest are counted

        # scatter_gather: A pays many intermediaries B1..Bn, which all pay the same C.
        scatter_gather:
          enabled: true
          window_hours: 120         # every A -> B -> C path within this many hours of the first transfer
          min_intermediaries: 4     # distinct intermediaries B, at least
          min_total: 20000          # the amount gathered at C (B -> C transfers), at least
          max_paths_per_source: 100000  # two-hop paths examined per A; a hub over it is cut and noted
          exclude_routine: true     # a path both of whose legs are routine relationships is left out
          min_gathered_ratio: 0.85  # gathered >= 0.85 x scattered
          max_gathered_ratio: 1.05  # gathered <= 1.05 x scattered
          min_pass_on_ratio: 0.9    # each intermediary's pass-on to C >= 0.9 x its own receipt from A
          max_pass_on_ratio: 1.02   # ... and <= 1.02 x it (per-leg matching; both 0: off)

        # gather_scatter: many brokers pay B, which pays many brokers, within one window.
        gather_scatter:
          enabled: true
          window_hours: 120         # sliding window, hours
          baseline_factor: 2        # senders + receivers >= 2 x the hub's usual count in a window; 0 = off
          min_senders: 4            # distinct brokers paying B, at least
          min_receivers: 4          # distinct brokers paid by B, at least
          min_total: 20000          # both the amount in and the amount out at least this
          max_transfers_listed: 500 # transfer ids listed per finding; the rest are counted
          exclude_two_way: true     # a broker both paying B and paid by B in the window (a
                                    # correspondent settling both ways) counts on neither side
          exclude_routine: true     # B's routine correspondents (baseline.routine_weeks) are left out
          min_new_share: 0.25       # counted senders + receivers >= 0.25 x all of B's counterparties over the window

        # structuring: several transfers by one originator (or to one beneficiary) just under
        # the reporting threshold T, i.e. amounts in [T x (1 - margin), T).
        structuring:
          enabled: true
          threshold: 10000          # T, the reporting threshold in the reporting currency
          margin: 0.10              # amounts from T x (1 - margin) up to (not including) T
          min_transfers: 3          # at least this many such transfers within the window
          window_hours: 168         # sliding window, hours (7 days)
          by_originator: true       # group by originator
          by_beneficiary: true      # group by beneficiary

        # rapid_pass_through: value into a broker and (almost) all of it out again soon after,
        # broker after broker (layering), without returning to the first broker.
        rapid_pass_through:
          enabled: true
          max_delay_hours: 12       # the value leaves each broker within this many hours
          min_ratio: 0.95           # out-transfer >= 0.95 x in-transfer
          max_ratio: 1.02           # out-transfer <= 1.02 x in-transfer
          min_amount: 5000          # every transfer of the chain at least this amount
          min_pass_throughs: 2      # brokers passing the value on, at least (2 = A -> B -> C -> D)
          max_chain_length: 8       # chains followed over at most this many transfers
          max_successors_scanned: 256  # out-transfers scanned per in-transfer at a busy broker (noted when hit)
          max_routine_hops: 1       # a chain with more transfers on routine relationships is not reported

        # volume_spike: a broker pair's volume in one window far above its own baseline
        # (the median of the windows before it).
        volume_spike:
          enabled: true
          window_days: 1            # window length, days, aligned to the first transfer's UTC day
          baseline_windows: 28      # the baseline: up to this many windows before the one tested
          min_baseline_windows: 7   # of which at least this many with volume on the pair
          factor: 5                 # flag volume > factor x baseline median
          min_volume: 10000         # and volume at least this amount
          min_transfers: 2          # and at least this many transfers in the window
          max_single_share: 0.7     # and no transfer more than this share of the window's volume

        # settlement_imbalance: per broker pair and sliding period, the net position
        # sum(A -> B) - sum(B -> A) when large and one-sided: the settlement happens
        # elsewhere (cash, trade invoices, a third broker).
        settlement_imbalance:
          enabled: true
          period_days: 42           # sliding netting period, days (first to last transfer within it)
          min_net: 60000            # |net position| at least this amount
          min_one_sidedness: 0.90   # |net| / (sum A -> B + sum B -> A) at least this
          min_transfers: 6          # transfers between the pair in the period, at least
          max_single_share: 0.5     # no transfer more than this share of the period's value
          balanced_pair_ratio: 0.5  # a pair paying back at least this share over the whole data is balanced,
                                    # left out; null = none left out
          skip_weekly_schedule: true  # at most one transfer a week (a standing weekly payment) is a schedule
          max_usual_share: 0.5      # payer's flow per day outside the period <= 0.5 x within it; null = off
          max_transfers_listed: 500 # transfer ids listed per finding; the rest are counted

        # baseline: how the brokers' own history is read (the whole data of the run).
        baseline:
          routine_weeks: 3          # a broker pair active in at least this many distinct weeks is routine; 0 = off
          min_history_days: 14      # usual counts are formed only from data spanning at least this many days

        # ranking: the score findings are ranked by = weighted mean of rule (how far the
        # thresholds are exceeded), rarity (against the brokers' own history) and amount.
        ranking:
          weight_rule: 0.40
          weight_rarity: 0.40
          weight_amount: 0.20
          amount_floor: 5000        # amount scoring 0 (log scale above it)
          amount_ceiling: 1000000   # amount scoring 1

        # settlement_ring: period netting around a ring. Brokers A -> B -> ... -> A each pay the
        # next about the same amount within one settlement period, in any time order (the hops
        # need not follow each other in time). Off by default: see docs/detectors.md.
        settlement_ring:
          enabled: false
          period_days: 30           # every transfer within this many days of the ring's first one
          amount_tolerance: 0.05    # largest amount <= smallest x (1 + this)
          min_length: 3             # fewest brokers; 2 would be two-way settlement, ordinary business
          max_length: 6             # most brokers, min_length...8
          min_amount: 5000          # every transfer of the ring at least this amount
          exclude_two_way: true     # leave out transfers between brokers that also pay each
                                    # other back within one period (correspondents, hubs)
          max_per_start: 100        # rings examined per first transfer (cap noted in the run)
          max_total: 100000         # rings examined in all (cap noted in the run)

        """
}
