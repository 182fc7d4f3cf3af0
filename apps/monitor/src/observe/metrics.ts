import { Counter, Gauge, Histogram, Registry } from "prom-client";

/** The monitor's Prometheus metrics, on their own registry (several monitors can share a process, as in tests). */
export function createMetrics() {
  const registry = new Registry();
  return {
    registry,
    headBlock: new Gauge({ name: "keel_monitor_head_block", help: "Latest block evaluated", registers: [registry] }),
    blocks: new Counter({ name: "keel_monitor_blocks_total", help: "Blocks followed", registers: [registry] }),
    reorgs: new Counter({ name: "keel_monitor_reorgs_total", help: "Reorgs handled", registers: [registry] }),
    rpcErrors: new Counter({
      name: "keel_monitor_rpc_errors_total",
      help: "Failed JSON-RPC requests, by endpoint and HTTP status",
      labelNames: ["endpoint", "status"],
      registers: [registry],
    }),
    passErrors: new Counter({
      name: "keel_monitor_pass_errors_total",
      help: "Passes that failed after every retry",
      registers: [registry],
    }),
    alerts: new Counter({
      name: "keel_monitor_alerts_total",
      help: "Alerts raised, by rule and kind (fired, escalated, event)",
      labelNames: ["rule", "kind"],
      registers: [registry],
    }),
    ruleErrors: new Counter({
      name: "keel_monitor_rule_errors_total",
      help: "Rules that could not be evaluated at a block (the pass went on without them), by rule",
      labelNames: ["rule"],
      registers: [registry],
    }),
    retracted: new Counter({
      name: "keel_monitor_alerts_retracted_total",
      help: "Alerts retracted by a reorg",
      registers: [registry],
    }),
    deliveries: new Counter({
      name: "keel_monitor_deliveries_total",
      help: "Delivery attempts, by channel and result (sent, retry, dead)",
      labelNames: ["channel", "result"],
      registers: [registry],
    }),
    pendingDeliveries: new Gauge({
      name: "keel_monitor_deliveries_pending",
      help: "Deliveries waiting to be sent",
      registers: [registry],
    }),
    passSeconds: new Histogram({
      name: "keel_monitor_pass_seconds",
      help: "Time to evaluate every rule at a new head",
      buckets: [0.01, 0.05, 0.2, 1, 5],
      registers: [registry],
    }),
  };
}

export type MonitorMetrics = ReturnType<typeof createMetrics>;
