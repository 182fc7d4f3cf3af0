// Turns the four runs into rows with ratios and target verdicts, and renders them as a console
// table, the JSON snapshot and the markdown table of docs/gas.md.
import { type Gas, OPERATIONS, type OpKey } from "./scenario.ts";

/**
 * Keel's targets: every operation of an isolated pool ≤ 1.00 × Morpho Blue and its lifecycle ≤ 0.92 ×;
 * every operation of the cross-collateral pool ≤ 0.55 × Aave v3.
 */
export const TARGETS = { isolatedVsMorpho: 1.0, isolatedLifecycleVsMorpho: 0.92, crossVsAave: 0.55 } as const;

/**
 * One user's round trip, summed as a row of its own: a lender supplies, a borrower posts collateral,
 * borrows, repays in full and takes the collateral back, the lender withdraws everything.
 */
export const LIFECYCLE: readonly OpKey[] = [
  "supplyFirst",
  "supplyCollateral",
  "borrowFirst",
  "repayFull",
  "withdrawCollateral",
  "withdrawAll",
];

export type Runs = { keelIsolated: Gas; keelCross: Gas; morpho: Gas; aave: Gas; floor: Gas };

export type Verdict = "met" | "missed" | null;

export type Row = {
  key: OpKey | "lifecycle";
  operation: string;
  keelIsolated: number | null;
  keelCross: number | null;
  morpho: number | null;
  aave: number | null;
  /** The physical floor (bench/sol/GasFloor.sol), for the isolated pool's operations. */
  floor: number | null;
  isolatedVsMorpho: number | null;
  isolatedTarget: Verdict;
  crossVsAave: number | null;
  crossTarget: Verdict;
};

const ratio = (a: number | null, b: number | null) =>
  a === null || b === null ? null : Math.round((a / b) * 1000) / 1000;
const verdict = (a: number | null, b: number | null, limit: number): Verdict =>
  a === null || b === null ? null : a <= limit * b ? "met" : "missed";

function row(
  key: Row["key"],
  operation: string,
  figures: Record<keyof Runs, number | null>,
  isolatedLimit: number,
): Row {
  return {
    key,
    operation,
    ...figures,
    isolatedVsMorpho: ratio(figures.keelIsolated, figures.morpho),
    isolatedTarget: verdict(figures.keelIsolated, figures.morpho, isolatedLimit),
    crossVsAave: ratio(figures.keelCross, figures.aave),
    crossTarget: verdict(figures.keelCross, figures.aave, TARGETS.crossVsAave),
  };
}

export function buildRows(runs: Runs): Row[] {
  const columns = Object.keys(runs) as (keyof Runs)[];
  const figure = (column: keyof Runs, key: OpKey) => runs[column][key] ?? null;
  const rows = OPERATIONS.map(({ key, label }) =>
    row(
      key,
      label,
      Object.fromEntries(columns.map((c) => [c, figure(c, key)])) as Record<keyof Runs, number | null>,
      TARGETS.isolatedVsMorpho,
    ),
  );
  const sum = (column: keyof Runs) => {
    const figures = LIFECYCLE.map((key) => figure(column, key));
    return figures.some((f) => f === null) ? null : figures.reduce((a, b) => (a as number) + (b as number), 0);
  };
  const totals = Object.fromEntries(columns.map((c) => [c, sum(c)])) as Record<keyof Runs, number | null>;
  rows.push(row("lifecycle", "lifecycle total (the six above marked ¹)", totals, TARGETS.isolatedLifecycleVsMorpho));
  return rows;
}

const gas = (n: number | null) => (n === null ? "—" : n.toLocaleString("en-US"));
const times = (r: number | null) => (r === null ? "—" : `${r.toFixed(2)}×`);
const mark = (v: Verdict) => (v === null ? "" : v === "met" ? "met" : "MISSED");

const HEADERS = [
  "operation",
  "Keel isolated",
  "Keel cross",
  "Morpho Blue",
  "Aave v3",
  "isolated / Morpho",
  `≤ ${TARGETS.isolatedVsMorpho.toFixed(2)}`,
  "cross / Aave",
  `≤ ${TARGETS.crossVsAave.toFixed(2)}`,
  "floor",
  "isolated − floor",
];

function cells(row: Row): string[] {
  const overFloor = row.keelIsolated === null || row.floor === null ? null : row.keelIsolated - row.floor;
  const limit = row.key === "lifecycle" ? ` (≤ ${TARGETS.isolatedLifecycleVsMorpho.toFixed(2)})` : "";
  return [
    `${row.operation}${LIFECYCLE.includes(row.key as OpKey) ? " ¹" : ""}`,
    gas(row.keelIsolated),
    gas(row.keelCross),
    gas(row.morpho),
    gas(row.aave),
    times(row.isolatedVsMorpho),
    `${mark(row.isolatedTarget)}${row.isolatedTarget === null ? "" : limit}`,
    times(row.crossVsAave),
    mark(row.crossTarget),
    gas(row.floor),
    overFloor === null ? "—" : `+${gas(overFloor)}`,
  ];
}

/** A plain-text table: the first column left-aligned, the others right-aligned. */
export function layoutConsole(headers: string[], body: string[][]): string {
  const table = [headers, ...body];
  const widths = headers.map((_, i) => Math.max(...table.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [line(table[0]), widths.map((w) => "-".repeat(w)).join("  "), ...table.slice(1).map(line)].join("\n");
}

/** A markdown table laid out as Biome formats markdown, so `npm run lint` passes on the written docs. */
export function layoutMarkdown(headers: string[], body: string[][]): string {
  const table = [headers, ...body];
  const widths = headers.map((_, i) => Math.max(3, ...table.map((r) => r[i].length)));
  const pad = (c: string, i: number) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]));
  const line = (r: string[]) => `| ${r.map(pad).join(" | ")} |`;
  const rule = `| ${widths.map((w, i) => (i === 0 ? "-".repeat(w) : `${"-".repeat(w - 1)}:`)).join(" | ")} |`;
  return [line(headers), rule, ...body.map(line)].join("\n");
}

export function consoleTable(rows: Row[]): string {
  return layoutConsole(HEADERS, rows.map(cells));
}

export function markdownTable(rows: Row[]): string {
  return layoutMarkdown(
    HEADERS,
    rows.map((row) => cells(row).map((c) => c.replace(/^MISSED/, "**missed**"))),
  );
}

export function summarize(rows: Row[]) {
  const count = (field: "isolatedTarget" | "crossTarget", v: Verdict) => rows.filter((r) => r[field] === v).length;
  return {
    isolatedMet: count("isolatedTarget", "met"),
    isolatedMissed: count("isolatedTarget", "missed"),
    crossMet: count("crossTarget", "met"),
    crossMissed: count("crossTarget", "missed"),
  };
}

/** Plain sentences listing every missed target with its ratio, for the docs. */
export function missesMarkdown(rows: Row[]): string {
  const lines: string[] = [];
  for (const row of rows) {
    if (row.isolatedTarget === "missed") {
      const limit = row.key === "lifecycle" ? TARGETS.isolatedLifecycleVsMorpho : TARGETS.isolatedVsMorpho;
      lines.push(
        `- ${row.operation}: Keel isolated ${gas(row.keelIsolated)} vs Morpho ${gas(row.morpho)} = ${times(row.isolatedVsMorpho)} (target ≤ ${limit.toFixed(2)}×)`,
      );
    }
    if (row.crossTarget === "missed") {
      lines.push(
        `- ${row.operation}: Keel cross ${gas(row.keelCross)} vs Aave ${gas(row.aave)} = ${times(row.crossVsAave)} (target ≤ ${TARGETS.crossVsAave.toFixed(2)}×)`,
      );
    }
  }
  return lines.length === 0 ? "Every target is met." : lines.join("\n");
}
