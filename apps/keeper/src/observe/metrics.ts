import { Counter, Gauge, Histogram, Registry } from "prom-client";

/** The keeper's Prometheus metrics, on their own registry (so several keepers can live in one process, as in tests). */
export function createMetrics() {
  const registry = new Registry();
  const job = ["job"] as const;
  return {
    registry,
    headBlock: new Gauge({ name: "keel_keeper_head_block", help: "Latest block processed", registers: [registry] }),
    lastBlockSeconds: new Gauge({
      name: "keel_keeper_last_block_timestamp_seconds",
      help: "Timestamp of the latest block processed",
      registers: [registry],
    }),
    blocks: new Counter({ name: "keel_keeper_blocks_total", help: "Blocks processed", registers: [registry] }),
    reorgs: new Counter({
      name: "keel_keeper_reorgs_total",
      help: "Reorgs handled (view rolled back to the common ancestor)",
      registers: [registry],
    }),
    rpcErrors: new Counter({
      name: "keel_keeper_rpc_errors_total",
      help: "Failed JSON-RPC requests, by endpoint and HTTP status (0: no response)",
      labelNames: ["endpoint", "status"],
      registers: [registry],
    }),
    pollErrors: new Counter({
      name: "keel_keeper_poll_errors_total",
      help: "Polls that failed after every retry",
      registers: [registry],
    }),
    tracked: new Gauge({
      name: "keel_keeper_tracked",
      help: "Positions followed, by kind (account, vault, policy)",
      labelNames: ["kind"],
      registers: [registry],
    }),
    opportunities: new Counter({
      name: "keel_keeper_opportunities_total",
      help: "Actionable positions found, by job",
      labelNames: job,
      registers: [registry],
    }),
    skipped: new Counter({
      name: "keel_keeper_skipped_total",
      help: "Opportunities not sent, by job and reason",
      labelNames: ["job", "reason"],
      registers: [registry],
    }),
    sent: new Counter({
      name: "keel_keeper_transactions_sent_total",
      help: "Transactions sent, by job",
      labelNames: job,
      registers: [registry],
    }),
    replaced: new Counter({
      name: "keel_keeper_transactions_replaced_total",
      help: "Stuck transactions replaced at higher fees",
      registers: [registry],
    }),
    mined: new Counter({
      name: "keel_keeper_transactions_mined_total",
      help: "Transactions mined, by job and status",
      labelNames: ["job", "status"],
      registers: [registry],
    }),
    pending: new Gauge({
      name: "keel_keeper_transactions_pending",
      help: "Transactions sent and not yet mined",
      registers: [registry],
    }),
    profitUsd: new Counter({
      name: "keel_keeper_expected_profit_usd_total",
      help: "Expected profit of the transactions sent, after gas, in USD",
      labelNames: job,
      registers: [registry],
    }),
    balanceEth: new Gauge({
      name: "keel_keeper_balance_eth",
      help: "The keeper account's native balance, for gas",
      registers: [registry],
    }),
    scanSeconds: new Histogram({
      name: "keel_keeper_scan_seconds",
      help: "Time to re-check the positions a block touched",
      buckets: [0.001, 0.005, 0.02, 0.1, 0.5, 2],
      registers: [registry],
    }),
  };
}

export type KeeperMetrics = ReturnType<typeof createMetrics>;
