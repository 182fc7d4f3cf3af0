import type { Logger } from "@keel/keeper";
import type { Channel } from "../channels/channels.ts";
import type { MonitorMetrics } from "../observe/metrics.ts";
import type { DueDelivery, Store } from "../store/store.ts";

/** Attempts before a delivery is given up ("dead"): with the backoff below, about a day (17 minutes, then every 10). */
export const MAX_ATTEMPTS = 150;

/** Wait before attempt n + 1: 1 s, 2 s, 4 s, … capped at 10 minutes. */
export function backoffMs(attempts: number): number {
  return Math.min(1000 * 2 ** Math.max(attempts - 1, 0), 600_000);
}

/**
 * Sends what the store has queued, oldest first. A delivery is marked sent only after its receiver
 * took it, so a crash resends it (with the same delivery id, for the receiver to drop) rather than
 * losing it; a failure is retried with exponential backoff, each channel on its own, so one receiver
 * being down does not hold back the others.
 */
export class Outbox {
  /** Deliveries by status (pending, sent, dead, cancelled) after the last round, for /health. */
  counts: Record<string, number> = {};
  private counted = false;
  private readonly store: Store;
  private readonly channels: Record<string, Channel>;
  private readonly log: Logger;
  private readonly metrics: MonitorMetrics;

  constructor(store: Store, channels: Record<string, Channel>, log: Logger, metrics: MonitorMetrics) {
    this.store = store;
    this.channels = channels;
    this.log = log;
    this.metrics = metrics;
  }

  /** One round: every delivery due now. Returns how many went out. */
  async flush(nowMs = Date.now()): Promise<number> {
    const due = await this.store.due(nowMs);
    // Each channel in order, on its own: an alert before its confirmation, and a receiver that is down
    // or slow holds back only its own channel (the first failure ends that channel's round).
    const byChannel = new Map<string, DueDelivery[]>();
    for (const d of due) byChannel.set(d.channel, [...(byChannel.get(d.channel) ?? []), d]);
    const results = await Promise.all(
      [...byChannel.values()].map(async (queue) => {
        let sent = 0;
        for (const d of queue) {
          if (!(await this.deliver(d, nowMs))) break;
          sent++;
        }
        return sent;
      }),
    );
    // Counted again only after a round that had work (an idle round changes nothing to count).
    if (due.length > 0 || !this.counted) {
      this.counts = await this.store.deliveryCounts();
      this.counted = true;
      this.metrics.pendingDeliveries.set(this.counts.pending ?? 0);
    }
    return results.reduce((a, b) => a + b, 0);
  }

  private async deliver(d: DueDelivery, nowMs: number): Promise<boolean> {
    const channel = this.channels[d.channel];
    try {
      if (channel === undefined) throw new Error(`no channel "${d.channel}" in the rules file any more`);
      await channel.send(d.alert, d.phase);
      await this.store.delivered(d);
      this.metrics.deliveries.inc({ channel: d.channel, result: "sent" });
      this.log.info({ alert: d.alert.id, rule: d.alert.rule, channel: d.channel, phase: d.phase }, "alert delivered");
      return true;
    } catch (error) {
      const attempts = d.attempts + 1;
      const dead = attempts >= MAX_ATTEMPTS;
      const message = error instanceof Error ? error.message : String(error);
      await this.store.failed(d, message, dead ? undefined : nowMs + backoffMs(attempts));
      this.metrics.deliveries.inc({ channel: d.channel, result: dead ? "dead" : "retry" });
      this.log[dead ? "error" : "warn"](
        { alert: d.alert.id, channel: d.channel, phase: d.phase, attempts, err: message },
        dead ? "alert delivery given up" : "alert delivery failed; will retry",
      );
      return false;
    }
  }
}
