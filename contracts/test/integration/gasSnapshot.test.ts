import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { compareGas, describeChanges, type GasRecord, TOLERANCE } from "../../bench/gate.ts";
import { measureAll } from "../../bench/measure.ts";

const snapshotFile = new URL("../../bench/gas-snapshot.json", import.meta.url);
const RECORD = "Run `npm run bench` to record a deliberate change (it rewrites the snapshot and docs/gas.md).";

describe("gas gate: every figure within 1% of bench/gas-snapshot.json", () => {
  it("measures the benchmark's scenario and finds no unrecorded change beyond 1%", async () => {
    const recorded = JSON.parse(readFileSync(snapshotFile, "utf8")) as GasRecord;
    const { rows, cdpRows, flowRows } = await measureAll();
    const gate = compareGas(recorded, { operations: rows, cdp: cdpRows, flows: flowRows });
    if (gate.small.length > 0) console.log(`Within 1% of the record:\n${describeChanges(gate.small)}`);
    assert.equal(gate.rises.length, 0, `Gas rose by more than 1%:\n${describeChanges(gate.rises)}\n${RECORD}`);
    assert.equal(
      gate.falls.length,
      0,
      `Gas fell by more than 1%, unrecorded:\n${describeChanges(gate.falls)}\n${RECORD}`,
    );
    assert.equal(gate.unrecorded.length, 0, `Figures with no record:\n${describeChanges(gate.unrecorded)}\n${RECORD}`);
  });

  it("fails a rise past 1%, a fall past 1% and a missing record, and passes what stays within", () => {
    const recorded = JSON.parse(readFileSync(snapshotFile, "utf8")) as GasRecord;
    const [first, second, third] = recorded.operations;
    const bump = (gas: number | null, by: number) => (gas === null ? null : Math.round(gas * (1 + by)));
    const measured: GasRecord = {
      operations: [
        { ...first, keelIsolated: bump(first.keelIsolated, TOLERANCE * 1.5) },
        { ...second, keelCross: bump(second.keelCross, -TOLERANCE * 1.5) },
        { ...third, keelIsolated: bump(third.keelIsolated, TOLERANCE / 2) },
        ...recorded.operations.slice(3),
      ],
      cdp: [...recorded.cdp, { ...recorded.cdp[0], key: "new" as never, operation: "a new operation" }],
    };
    const gate = compareGas(recorded, measured);
    assert.deepEqual(
      gate.rises.map((c) => c.figure),
      [`${first.operation} / keelIsolated`],
    );
    assert.deepEqual(
      gate.falls.map((c) => c.figure),
      [`${second.operation} / keelCross`],
    );
    assert.deepEqual(
      gate.small.map((c) => c.figure),
      [`${third.operation} / keelIsolated`],
    );
    assert.deepEqual(
      gate.unrecorded.map((c) => c.figure),
      ["kUSD: a new operation"],
    );
    assert.deepEqual(compareGas(recorded, recorded), { rises: [], falls: [], unrecorded: [], small: [] });
  });
});
