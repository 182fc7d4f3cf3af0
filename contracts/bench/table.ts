// Turns the four runs into rows with ratios and target verdicts, and renders them as a console
// table, the JSON snapshot and the markdown table of docs/gas.md.
import { type Gas, OPERATIONS, type OpKey } from "./scenario.ts";

/** Keel's targets: isolated pool ≤ 1.00 × Morpho Blue; cross-collateral pool ≤ 0.60 × Aave v3. */
export const TARGETS = { isolatedVsMorpho: 1.0, crossVsAave: 0.6 } as const;

export type Runs = { keelIsolated: Gas; keelCross: Gas; morpho: Gas; aave: Gas };

export type Verdict = "met" | "missed" | null;

export type Row = {
  key: OpKey;
  operation: string;
  keelIsolated: number | null;
  keelCross: number | null;
  morpho: number | null;
  aave: number | null;
  isolatedVsMorpho: number | null;
  isolatedTarget: Verdict;
  crossVsAave: number | null;
  crossTarget: Verdict;
};

const ratio = (a: number | null, b: number | null) =>
  a === null || b === null ? null : Math.round((a / b) * 1000) / 1000;
const verdict = (a: number | null, b: number | null, limit: number): Verdict =>
  a === null || b === null ? null : a <= limit * b ? "met" : "missed";

export function buildRows(runs: Runs): Row[] {
  return OPERATIONS.map(({ key, label }) => {
    const keelIsolated = runs.keelIsolated[key] ?? null;
    const keelCross = runs.keelCross[key] ?? null;
    const morpho = runs.morpho[key] ?? null;
    const aave = runs.aave[key] ?? null;
    return {
      key,
      operation: label,
      keelIsolated,
      keelCross,
      morpho,
      aave,
      isolatedVsMorpho: ratio(keelIsolated, morpho),
      isolatedTarget: verdict(keelIsolated, morpho, TARGETS.isolatedVsMorpho),
      crossVsAave: ratio(keelCross, aave),
      crossTarget: verdict(keelCross, aave, TARGETS.crossVsAave),
    };
  });
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
];

function cells(row: Row): string[] {
  return [
    row.operation,
    gas(row.keelIsolated),
    gas(row.keelCross),
    gas(row.morpho),
    gas(row.aave),
    times(row.isolatedVsMorpho),
    mark(row.isolatedTarget),
    times(row.crossVsAave),
    mark(row.crossTarget),
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
    rows.map((row) => cells(row).map((c) => (c === "MISSED" ? "**missed**" : c))),
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
      lines.push(
        `- ${row.operation}: Keel isolated ${gas(row.keelIsolated)} vs Morpho ${gas(row.morpho)} = ${times(row.isolatedVsMorpho)} (target ≤ ${TARGETS.isolatedVsMorpho.toFixed(2)}×)`,
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
