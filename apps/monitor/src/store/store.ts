import type { Sample } from "../engine/samples.ts";
import type { Alert, Phase } from "../engine/types.ts";
import type { Sql } from "./sql.ts";
import { USER_TABLES, UserStore, userTables } from "./users.ts";

/** A rule's firing state under one dedup key. */
export type KeyState = {
  firing: boolean;
  /** The value the last alert reported (WAD), what an escalation is measured from. */
  level: bigint;
  /** Block timestamp of the last alert; 0 when it never fired. */
  firedAt: bigint;
  escalation: number;
};

/** An alert with what its delivery waits for. */
export type StoredAlert = { alert: Alert; confirmations: number; finality: "wait" | "early"; channels: string[] };

/** A delivery due: one alert (phase) to one channel. */
export type DueDelivery = { alert: Alert; channel: string; phase: Phase; attempts: number };

/** What one block changed, written in one transaction with the cursor. */
export type BlockChanges = {
  block: { number: bigint; hash: string; timestamp: bigint };
  /** Keys whose state changed: the state before (journaled, for a reorg) and after. */
  states: Map<string, { prior: KeyState | undefined; next: KeyState }>;
  alerts: StoredAlert[];
  samples: { series: string; sample: Sample }[];
};

const encode = (s: KeyState) => ({
  firing: s.firing,
  level: s.level.toString(),
  firedAt: s.firedAt.toString(),
  escalation: s.escalation,
});
const decode = (j: { firing: boolean; level: string; firedAt: string; escalation: number }): KeyState => ({
  firing: j.firing,
  level: BigInt(j.level),
  firedAt: BigInt(j.firedAt),
  escalation: j.escalation,
});

/**
 * The layout of the tables below; a store written with another is made anew. 2: the users' rules,
 * sessions and sign-in nonces (store/users.ts).
 */
const STORE_VERSION = 2;
/** What the monitor derived from a chain: forgotten when the store finds itself on another chain. */
const TABLES = ["cursor", "state", "journal", "alert", "delivery", "sample"];

/**
 * The monitor's durable state: where it is on the chain, each key's firing state (with a journal of
 * each block's changes, so a reorg restores them), the alerts and their deliveries (an outbox), and the
 * window samples. A block's changes land in one transaction together with the cursor, so a crash
 * replays a block whole or not at all; alert ids are deterministic, so a replay cannot add a second one.
 */
export class Store {
  private readonly sql: Sql;
  /** The schema the tables live in. */
  private readonly s: string;
  /** The users' own rules, their sessions and sign-in nonces (the app's API): kept across chains. */
  readonly users: UserStore;

  private constructor(sql: Sql, schema: string) {
    this.sql = sql;
    this.s = schema;
    this.users = new UserStore(sql, schema);
  }

  /**
   * Opens the store in `schema`, creating its tables. Tables another version of the monitor wrote (a
   * different STORE_VERSION, or none recorded) are dropped and made anew, and `onReset` says so: the
   * store holds derived state, and a monitor that cannot read it must not crash on it.
   */
  static async open(sql: Sql, schema = "keel_monitor", onReset?: (found: number | undefined) => void): Promise<Store> {
    if (!/^[a-z_][a-z0-9_]*$/.test(schema))
      throw new Error(`the store's schema must be a plain SQL name, not "${schema}"`);
    const s = schema;
    await sql.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await sql.query(`CREATE TABLE IF NOT EXISTS ${s}.meta (id INT PRIMARY KEY, version INT NOT NULL)`);
    const [meta] = await sql.query<{ version: number }>(`SELECT version FROM ${s}.meta WHERE id = 1`);
    if (meta?.version !== STORE_VERSION) {
      const [{ n }] = await sql.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM information_schema.tables WHERE table_schema = $1 AND table_name <> 'meta'`,
        [s],
      );
      if (n !== "0") onReset?.(meta?.version);
      for (const table of [...TABLES, ...USER_TABLES]) await sql.query(`DROP TABLE IF EXISTS ${s}.${table}`);
      await sql.query(
        `INSERT INTO ${s}.meta (id, version) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version`,
        [STORE_VERSION],
      );
    }
    for (const ddl of [
      `CREATE TABLE IF NOT EXISTS ${s}.cursor (id INT PRIMARY KEY, chain_id INT NOT NULL, block NUMERIC NOT NULL, hash TEXT NOT NULL, timestamp NUMERIC NOT NULL, anchor_block NUMERIC NOT NULL, anchor_hash TEXT NOT NULL)`,
      `CREATE TABLE IF NOT EXISTS ${s}.state (key TEXT PRIMARY KEY, value JSONB NOT NULL)`,
      `CREATE TABLE IF NOT EXISTS ${s}.journal (seq BIGSERIAL PRIMARY KEY, block NUMERIC NOT NULL, key TEXT NOT NULL, prior JSONB)`,
      `CREATE TABLE IF NOT EXISTS ${s}.alert (id TEXT PRIMARY KEY, base TEXT NOT NULL, seq BIGSERIAL, key TEXT NOT NULL, block NUMERIC NOT NULL, confirmations INT NOT NULL, finality TEXT NOT NULL, channels JSONB NOT NULL, status TEXT NOT NULL, payload JSONB NOT NULL)`,
      `CREATE TABLE IF NOT EXISTS ${s}.delivery (alert_id TEXT NOT NULL, channel TEXT NOT NULL, phase TEXT NOT NULL, seq BIGSERIAL, status TEXT NOT NULL, attempts INT NOT NULL DEFAULT 0, next_at BIGINT NOT NULL DEFAULT 0, last_error TEXT, PRIMARY KEY (alert_id, channel, phase))`,
      `CREATE TABLE IF NOT EXISTS ${s}.sample (series TEXT NOT NULL, block NUMERIC NOT NULL, timestamp NUMERIC NOT NULL, value NUMERIC NOT NULL, PRIMARY KEY (series, block, timestamp))`,
      ...userTables(s),
    ])
      await sql.query(ddl);
    return new Store(sql, s);
  }

  /**
   * Where the monitor is: the last block committed, and the anchor, the first block it ever committed
   * on this chain (the chain's identity: a chain without that block is another chain).
   */
  async cursor(): Promise<
    | { chainId: number; block: bigint; hash: string; timestamp: bigint; anchorBlock: bigint; anchorHash: string }
    | undefined
  > {
    const [row] = await this.sql.query<{
      chain_id: number;
      block: string;
      hash: string;
      timestamp: string;
      anchor_block: string;
      anchor_hash: string;
    }>(
      `SELECT chain_id, block::text, hash, timestamp::text, anchor_block::text, anchor_hash FROM ${this.s}.cursor WHERE id = 1`,
    );
    return (
      row && {
        chainId: row.chain_id,
        block: BigInt(row.block),
        hash: row.hash,
        timestamp: BigInt(row.timestamp),
        anchorBlock: BigInt(row.anchor_block),
        anchorHash: row.anchor_hash,
      }
    );
  }

  /** Forgets everything: the state belongs to a chain that is gone (a devnet started anew). */
  async reset(): Promise<void> {
    await this.sql.transaction(async (tx) => {
      for (const table of TABLES) await tx.query(`DELETE FROM ${this.s}.${table}`);
    });
  }

  async states(): Promise<Map<string, KeyState>> {
    const rows = await this.sql.query<{ key: string; value: Parameters<typeof decode>[0] }>(
      `SELECT key, value FROM ${this.s}.state`,
    );
    return new Map(rows.map((r) => [r.key, decode(r.value)]));
  }

  async samples(): Promise<{ series: string; sample: Sample }[]> {
    const rows = await this.sql.query<{ series: string; block: string; timestamp: string; value: string }>(
      `SELECT series, block::text, timestamp::text, value::text FROM ${this.s}.sample ORDER BY timestamp, block`,
    );
    return rows.map((r) => ({
      series: r.series,
      sample: { block: BigInt(r.block), timestamp: BigInt(r.timestamp), value: BigInt(r.value) },
    }));
  }

  /** Writes a block's changes and moves the cursor to it, in one transaction. */
  async commit(
    chainId: number,
    changes: BlockChanges,
    pruneBefore: { block: bigint; timestamp: bigint },
  ): Promise<void> {
    const { block } = changes;
    await this.sql.transaction(async (tx) => {
      for (const [key, { prior, next }] of changes.states) {
        await tx.query(`INSERT INTO ${this.s}.journal (block, key, prior) VALUES ($1, $2, $3)`, [
          block.number.toString(),
          key,
          prior ? encode(prior) : null,
        ]);
        await tx.query(
          `INSERT INTO ${this.s}.state (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
          [key, encode(next)],
        );
      }
      for (const { alert, confirmations, finality, channels } of changes.alerts) {
        const deliverNow = confirmations === 0 || finality === "early";
        const status = confirmations === 0 ? "confirmed" : "pending";
        // The same block can come back after a reorg removed it (same parent, same transactions, same
        // second): its alert is then a new one, numbered after the retracted ones of the same id.
        const base = alert.id;
        const [{ n }] = await tx.query<{ n: string }>(
          `SELECT count(*)::text AS n FROM ${this.s}.alert WHERE base = $1 AND status = 'retracted'`,
          [base],
        );
        if (n !== "0") alert.id = `${base}.${n}`;
        const inserted = await tx.query(
          `INSERT INTO ${this.s}.alert (id, base, key, block, confirmations, finality, channels, status, payload) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING RETURNING id`,
          [
            alert.id,
            base,
            alert.key,
            // Its own block (an event's), which a reorg must remove for the alert to be retracted.
            alert.block.number,
            confirmations,
            finality,
            JSON.stringify(channels),
            status,
            alert,
          ],
        );
        if (inserted.length > 0 && deliverNow)
          for (const channel of channels) await this.enqueue(tx, alert.id, channel, "alert");
      }
      for (const { series, sample } of changes.samples) {
        await tx.query(
          `INSERT INTO ${this.s}.sample (series, block, timestamp, value) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
          [series, sample.block.toString(), sample.timestamp.toString(), sample.value.toString()],
        );
      }
      await tx.query(`DELETE FROM ${this.s}.journal WHERE block < $1`, [pruneBefore.block.toString()]);
      await tx.query(`DELETE FROM ${this.s}.sample WHERE timestamp < $1`, [pruneBefore.timestamp.toString()]);
      await tx.query(
        `INSERT INTO ${this.s}.cursor (id, chain_id, block, hash, timestamp, anchor_block, anchor_hash) VALUES (1, $1, $2, $3, $4, $2, $3) ON CONFLICT (id) DO UPDATE SET chain_id = EXCLUDED.chain_id, block = EXCLUDED.block, hash = EXCLUDED.hash, timestamp = EXCLUDED.timestamp`,
        [chainId, block.number.toString(), block.hash, block.timestamp.toString()],
      );
    });
  }

  /**
   * A reorg back to `ancestor`: every key's state returns to what it was then (the journal, newest
   * first), alerts of the dropped blocks are retracted (their undelivered deliveries cancelled, and a
   * retraction queued where an early delivery went out), their samples dropped, and the cursor moved.
   */
  async rollback(ancestor: { number: bigint; hash: string; timestamp: bigint }, chainId: number): Promise<Alert[]> {
    const above = ancestor.number.toString();
    return this.sql.transaction(async (tx) => {
      const journal = await tx.query<{ key: string; prior: Parameters<typeof decode>[0] | null }>(
        `SELECT key, prior FROM ${this.s}.journal WHERE block > $1 ORDER BY seq DESC`,
        [above],
      );
      for (const { key, prior } of journal) {
        if (prior === null) await tx.query(`DELETE FROM ${this.s}.state WHERE key = $1`, [key]);
        else await tx.query(`UPDATE ${this.s}.state SET value = $2 WHERE key = $1`, [key, prior]);
      }
      await tx.query(`DELETE FROM ${this.s}.journal WHERE block > $1`, [above]);
      const dropped = await tx.query<{ id: string; payload: Alert; channels: string[] }>(
        `UPDATE ${this.s}.alert SET status = 'retracted' WHERE block > $1 AND status <> 'retracted' RETURNING id, payload, channels`,
        [above],
      );
      const retracted: Alert[] = [];
      for (const { id, payload } of dropped) {
        await tx.query(
          `UPDATE ${this.s}.delivery SET status = 'cancelled' WHERE alert_id = $1 AND status = 'pending'`,
          [id],
        );
        const sent = await tx.query<{ channel: string }>(
          `SELECT channel FROM ${this.s}.delivery WHERE alert_id = $1 AND phase = 'alert' AND status = 'sent'`,
          [id],
        );
        for (const { channel } of sent) await this.enqueue(tx, id, channel, "retracted");
        if (sent.length > 0) retracted.push(payload);
      }
      await tx.query(`DELETE FROM ${this.s}.sample WHERE block > $1`, [above]);
      await tx.query(`UPDATE ${this.s}.cursor SET chain_id = $1, block = $2, hash = $3, timestamp = $4 WHERE id = 1`, [
        chainId,
        above,
        ancestor.hash,
        ancestor.timestamp.toString(),
      ]);
      return retracted;
    });
  }

  /** Alerts whose block now has enough blocks on top: confirmed, and queued (wait) or confirmed to their channels (early). */
  async confirm(head: bigint): Promise<Alert[]> {
    return this.sql.transaction(async (tx) => {
      const rows = await tx.query<{ id: string; payload: Alert; finality: string; channels: string[] }>(
        `UPDATE ${this.s}.alert SET status = 'confirmed' WHERE status = 'pending' AND block + confirmations <= $1 RETURNING id, payload, finality, channels`,
        [head.toString()],
      );
      for (const row of rows) {
        for (const channel of row.channels)
          await this.enqueue(tx, row.id, channel, row.finality === "early" ? "confirmed" : "alert");
      }
      return rows.map((r) => r.payload);
    });
  }

  private async enqueue(tx: Pick<Sql, "query">, alertId: string, channel: string, phase: Phase): Promise<void> {
    await tx.query(
      `INSERT INTO ${this.s}.delivery (alert_id, channel, phase, status) VALUES ($1, $2, $3, 'pending') ON CONFLICT DO NOTHING`,
      [alertId, channel, phase],
    );
  }

  /** Deliveries due by `nowMs`, oldest first; none of a channel behind an earlier one still waiting to be retried (order holds). */
  async due(nowMs: number, limit = 50): Promise<DueDelivery[]> {
    const rows = await this.sql.query<{ payload: Alert; channel: string; phase: Phase; attempts: number }>(
      `SELECT a.payload, d.channel, d.phase, d.attempts FROM ${this.s}.delivery d JOIN ${this.s}.alert a ON a.id = d.alert_id WHERE d.status = 'pending' AND d.next_at <= $1 AND NOT EXISTS (SELECT 1 FROM ${this.s}.delivery e WHERE e.channel = d.channel AND e.status = 'pending' AND e.next_at > $1 AND e.seq < d.seq) ORDER BY d.seq LIMIT ${limit}`,
      [nowMs],
    );
    return rows.map((r) => ({ alert: r.payload, channel: r.channel, phase: r.phase, attempts: r.attempts }));
  }

  /**
   * Records a delivery the receiver took. A reorg may have cancelled it while it was on its way: it went
   * out all the same, so the alert's retraction is queued for that channel.
   */
  async delivered(d: DueDelivery): Promise<void> {
    await this.sql.transaction(async (tx) => {
      const [row] = await tx.query<{ status: string }>(
        `SELECT status FROM ${this.s}.delivery WHERE alert_id = $1 AND channel = $2 AND phase = $3 FOR UPDATE`,
        [d.alert.id, d.channel, d.phase],
      );
      await tx.query(
        `UPDATE ${this.s}.delivery SET status = 'sent', attempts = attempts + 1, last_error = NULL WHERE alert_id = $1 AND channel = $2 AND phase = $3`,
        [d.alert.id, d.channel, d.phase],
      );
      if (row?.status === "cancelled" && d.phase === "alert")
        await this.enqueue(tx, d.alert.id, d.channel, "retracted");
    });
  }

  /** Records a failed attempt: retried at `nextAtMs`, or given up without one; a cancelled delivery stays cancelled. */
  async failed(d: DueDelivery, error: string, nextAtMs: number | undefined): Promise<void> {
    await this.sql.query(
      `UPDATE ${this.s}.delivery SET status = $4, attempts = attempts + 1, next_at = $5, last_error = $6 WHERE alert_id = $1 AND channel = $2 AND phase = $3 AND status = 'pending'`,
      [d.alert.id, d.channel, d.phase, nextAtMs === undefined ? "dead" : "pending", nextAtMs ?? 0, error],
    );
  }

  /** Pending deliveries to `channels` cancelled (a user deleted the rule they were for). */
  async cancelDeliveries(channels: string[]): Promise<number> {
    if (channels.length === 0) return 0;
    const rows = await this.sql.query(
      `UPDATE ${this.s}.delivery SET status = 'cancelled' WHERE channel = ANY($1) AND status = 'pending' RETURNING alert_id`,
      [channels],
    );
    return rows.length;
  }

  /** Counts of deliveries by status, for /health and the metrics. */
  async deliveryCounts(): Promise<Record<string, number>> {
    const rows = await this.sql.query<{ status: string; n: string }>(
      `SELECT status, count(*)::text AS n FROM ${this.s}.delivery GROUP BY status`,
    );
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }

  /** Every alert stored, oldest first (for tests and `--dry-run`). */
  async alerts(): Promise<(Alert & { status: string })[]> {
    const rows = await this.sql.query<{ payload: Alert; status: string }>(
      `SELECT payload, status FROM ${this.s}.alert ORDER BY seq`,
    );
    return rows.map((r) => ({ ...r.payload, status: r.status }));
  }
}
