import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";

/** The little SQL the store needs, over PGlite (embedded, the default) or PostgreSQL. */
export type Sql = {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Runs `work` in one transaction: all of it lands, or none. */
  transaction<T>(work: (sql: Pick<Sql, "query">) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

/** PostgreSQL when `databaseUrl` is given; otherwise PGlite in `dataDir` (in memory when that is omitted). */
export async function openSql(options: { databaseUrl?: string; dataDir?: string }): Promise<Sql> {
  if (options.databaseUrl) return postgres(options.databaseUrl);
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const db = options.dataDir ? new PGlite(options.dataDir) : new PGlite();
  await db.waitReady;
  return {
    query: async (text, params) => (await db.query(text, params)).rows as never,
    transaction: async (work) => {
      // PGlite runs one transaction at a time on its single connection.
      const result = await db.transaction((tx) =>
        work({ query: async (text, params) => (await tx.query(text, params)).rows as never }),
      );
      return result as Awaited<ReturnType<typeof work>>;
    },
    close: () => db.close(),
  };
}

function postgres(url: string): Sql {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  return {
    query: async (text, params) => (await pool.query(text, params)).rows,
    transaction: async (work) => {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await work({ query: async (text, params) => (await client.query(text, params)).rows });
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
