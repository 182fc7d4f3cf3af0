// The store on a real embedded PostgreSQL (PGlite): a store another version wrote is made anew, not
// read wrongly and not a crash.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { openSql } from "../src/store/sql.ts";
import { Store } from "../src/store/store.ts";

describe("the monitor's store", () => {
  it("makes a store written by another version anew, and says so once", async () => {
    const sql = await openSql({});
    try {
      // An earlier layout: a cursor table without the anchor columns, and no version recorded.
      await sql.query("CREATE SCHEMA keel_monitor");
      await sql.query(
        "CREATE TABLE keel_monitor.cursor (id INT PRIMARY KEY, chain_id INT NOT NULL, block NUMERIC NOT NULL)",
      );
      await sql.query("INSERT INTO keel_monitor.cursor VALUES (1, 31337, 355)");
      const resets: (number | undefined)[] = [];
      const store = await Store.open(sql, "keel_monitor", (found) => resets.push(found));
      assert.equal(resets.length, 1, "one warning");
      assert.equal(resets[0], undefined, "for a store without a version");
      assert.equal(await store.cursor(), undefined, "the old cursor is gone");
      await store.commit(
        31337,
        { block: { number: 7n, hash: "0x07", timestamp: 70n }, states: new Map(), alerts: [], samples: [] },
        { block: 0n, timestamp: 0n },
      );
      const again = await Store.open(sql, "keel_monitor", (found) => resets.push(found));
      assert.equal(resets.length, 1, "the current version opens as it is");
      assert.equal((await again.cursor())?.anchorBlock, 7n, "and keeps what it holds");
    } finally {
      await sql.close();
    }
  });
});
