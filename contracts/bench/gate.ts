// The gas gate: compares a run's figures with the recorded snapshot (bench/gas-snapshot.json). A
// figure more than TOLERANCE above its record fails the gate; so does one more than TOLERANCE below,
// or one with no record, because docs/gas.md shows the records and must not show stale figures.
// `npm run bench` records a run on purpose; nothing records one silently.
import type { CdpRow } from "./cdp.ts";
import type { FlowRow } from "./flows.ts";
import type { Row } from "./table.ts";

/** A change of more than 1% must be recorded. */
export const TOLERANCE = 0.01;

const COLUMNS = ["keelIsolated", "keelCross", "morpho", "aave", "floor"] as const;

export type GasRecord = { operations: Row[]; cdp: CdpRow[]; flows?: FlowRow[] };

/** One figure that moved: where, the recorded and the measured gas. */
export type GasChange = { figure: string; recorded: number | null; measured: number; change: number };

export type GateResult = {
  /** More than TOLERANCE above the record: a regression, or a cost to record on purpose. */
  rises: GasChange[];
  /** More than TOLERANCE below: a saving the snapshot and docs/gas.md do not show yet. */
  falls: GasChange[];
  /** Measured but never recorded. */
  unrecorded: GasChange[];
  /** Within TOLERANCE but not equal: passes, and is listed. */
  small: GasChange[];
};

export function compareGas(recorded: GasRecord, measured: GasRecord): GateResult {
  const result: GateResult = { rises: [], falls: [], unrecorded: [], small: [] };
  const check = (figure: string, before: number | null | undefined, after: number | null) => {
    if (after === null) return;
    if (before === null || before === undefined) {
      result.unrecorded.push({ figure, recorded: null, measured: after, change: 0 });
      return;
    }
    if (after === before) return;
    const change = (after - before) / before;
    const entry = { figure, recorded: before, measured: after, change };
    if (change > TOLERANCE) result.rises.push(entry);
    else if (change < -TOLERANCE) result.falls.push(entry);
    else result.small.push(entry);
  };
  for (const row of measured.operations) {
    const old = recorded.operations.find((r) => r.key === row.key);
    for (const column of COLUMNS) check(`${row.operation} / ${column}`, old?.[column], row[column]);
  }
  for (const row of measured.cdp) {
    check(`kUSD: ${row.operation}`, recorded.cdp.find((r) => r.key === row.key)?.keel, row.keel);
  }
  for (const row of measured.flows ?? []) {
    const old = recorded.flows?.find((r) => r.key === row.key);
    check(`flow: ${row.operation} / bundle`, old?.bundle, row.bundle);
    check(`flow: ${row.operation} / separate`, old?.separate, row.separate);
  }
  return result;
}

export function describeChanges(changes: GasChange[]): string {
  return changes
    .map(({ figure, recorded, measured, change }) =>
      recorded === null
        ? `  ${figure}: ${measured} (no record)`
        : `  ${figure}: ${recorded} → ${measured} (${change > 0 ? "+" : ""}${(change * 100).toFixed(2)}%)`,
    )
    .join("\n");
}
