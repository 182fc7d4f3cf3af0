import type { Sql } from "./sql.ts";

/**
 * The users' side of the store, written by the app's API: each address's own rules, the sessions a
 * Sign-In with Ethereum opened (only a hash of each token is kept), and the nonces handed out for
 * signing in (each taken once, before it expires). None of it is derived from a chain, so a store that
 * starts over on another chain keeps it; a new store layout (STORE_VERSION) makes it anew like the rest.
 */
export const USER_TABLES = ["user_rule", "session", "nonce"];

export function userTables(s: string): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${s}.user_rule (id TEXT PRIMARY KEY, address TEXT NOT NULL, seq BIGSERIAL, body JSONB NOT NULL, webhook_secret TEXT, created_at BIGINT NOT NULL)`,
    `CREATE INDEX IF NOT EXISTS user_rule_address ON ${s}.user_rule (address)`,
    `CREATE TABLE IF NOT EXISTS ${s}.session (token_hash TEXT PRIMARY KEY, address TEXT NOT NULL, expires_at BIGINT NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ${s}.nonce (nonce TEXT PRIMARY KEY, expires_at BIGINT NOT NULL)`,
  ];
}

/** A user's rule as stored: the request it was made from (validated), and the webhook's secret if any. */
export type StoredUserRule = {
  id: string;
  /** Checksummed: the signed-in address that made it, and the only one it watches. */
  address: string;
  body: unknown;
  webhookSecret?: string;
  createdAt: number;
};

type Row = { id: string; address: string; body: unknown; webhook_secret: string | null; created_at: string };

const fromRow = (r: Row): StoredUserRule => ({
  id: r.id,
  address: r.address,
  body: r.body,
  webhookSecret: r.webhook_secret ?? undefined,
  createdAt: Number(r.created_at),
});

export class UserStore {
  private readonly sql: Sql;
  private readonly s: string;

  constructor(sql: Sql, schema: string) {
    this.sql = sql;
    this.s = schema;
  }

  /**
   * Keeps a new nonce until `expiresAt` (ms), after dropping expired ones. Returns false, keeping
   * nothing, when `cap` nonces are already outstanding (sign-ins started and never finished).
   */
  async addNonce(nonce: string, expiresAt: number, now: number, cap: number): Promise<boolean> {
    return this.sql.transaction(async (tx) => {
      await tx.query(`DELETE FROM ${this.s}.nonce WHERE expires_at <= $1`, [now]);
      const [{ n }] = await tx.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${this.s}.nonce`);
      if (Number(n) >= cap) return false;
      await tx.query(`INSERT INTO ${this.s}.nonce (nonce, expires_at) VALUES ($1, $2)`, [nonce, expiresAt]);
      return true;
    });
  }

  /** Takes a nonce: true once if this store issued it and it has not expired; false ever after. */
  async takeNonce(nonce: string, now: number): Promise<boolean> {
    const rows = await this.sql.query(
      `DELETE FROM ${this.s}.nonce WHERE nonce = $1 AND expires_at > $2 RETURNING nonce`,
      [nonce, now],
    );
    return rows.length > 0;
  }

  async addSession(tokenHash: string, address: string, expiresAt: number, now: number): Promise<void> {
    await this.sql.transaction(async (tx) => {
      await tx.query(`DELETE FROM ${this.s}.session WHERE expires_at <= $1`, [now]);
      await tx.query(`INSERT INTO ${this.s}.session (token_hash, address, expires_at) VALUES ($1, $2, $3)`, [
        tokenHash,
        address,
        expiresAt,
      ]);
    });
  }

  /** The address a session token's hash signs in as, while it has not expired. */
  async session(tokenHash: string, now: number): Promise<{ address: string; expiresAt: number } | undefined> {
    const [row] = await this.sql.query<{ address: string; expires_at: string }>(
      `SELECT address, expires_at::text FROM ${this.s}.session WHERE token_hash = $1 AND expires_at > $2`,
      [tokenHash, now],
    );
    return row && { address: row.address, expiresAt: Number(row.expires_at) };
  }

  async endSession(tokenHash: string): Promise<void> {
    await this.sql.query(`DELETE FROM ${this.s}.session WHERE token_hash = $1`, [tokenHash]);
  }

  /** Every user's rules, oldest first (what the monitor evaluates). */
  async allRules(): Promise<StoredUserRule[]> {
    const rows = await this.sql.query<Row>(
      `SELECT id, address, body, webhook_secret, created_at::text FROM ${this.s}.user_rule ORDER BY seq`,
    );
    return rows.map(fromRow);
  }

  /** One address's rules, oldest first. */
  async rulesOf(address: string): Promise<StoredUserRule[]> {
    const rows = await this.sql.query<Row>(
      `SELECT id, address, body, webhook_secret, created_at::text FROM ${this.s}.user_rule WHERE address = $1 ORDER BY seq`,
      [address],
    );
    return rows.map(fromRow);
  }

  /**
   * Stores a rule unless its address already has `limit`: counted and written under a lock on the
   * address, so two requests at once cannot both take the last place.
   */
  async addRule(rule: StoredUserRule, limit: number): Promise<boolean> {
    return this.sql.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`keel-monitor-user:${rule.address}`]);
      const [{ n }] = await tx.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM ${this.s}.user_rule WHERE address = $1`,
        [rule.address],
      );
      if (Number(n) >= limit) return false;
      await tx.query(
        `INSERT INTO ${this.s}.user_rule (id, address, body, webhook_secret, created_at) VALUES ($1, $2, $3, $4, $5)`,
        [rule.id, rule.address, JSON.stringify(rule.body), rule.webhookSecret ?? null, rule.createdAt],
      );
      return true;
    });
  }

  /** Deletes `id` if `address` owns it; false when there is no such rule of that address. */
  async deleteRule(address: string, id: string): Promise<boolean> {
    const rows = await this.sql.query(`DELETE FROM ${this.s}.user_rule WHERE id = $1 AND address = $2 RETURNING id`, [
      id,
      address,
    ]);
    return rows.length > 0;
  }
}
