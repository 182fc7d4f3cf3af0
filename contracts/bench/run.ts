// `npm run bench`: runs the same scenario on Keel (isolated and cross-collateral pools), Morpho
// Blue and Aave v3, each on a fresh in-process chain, prints the gas table, and writes
// bench/gas-snapshot.json and the table in docs/gas.md.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CDP_HEADERS, type CdpRow, cdpCells } from "./cdp.ts";
import { FLOW_HEADERS, flowCells } from "./flows.ts";
import { measureAll } from "./measure.ts";
import {
  consoleTable,
  layoutConsole,
  layoutMarkdown,
  markdownTable,
  missesMarkdown,
  type Row,
  summarize,
  TARGETS,
} from "./table.ts";

const require = createRequire(import.meta.url);
const benchDir = path.dirname(fileURLToPath(import.meta.url));
const snapshotFile = path.join(benchDir, "gas-snapshot.json");
const docsFile = path.join(benchDir, "..", "..", "docs", "gas.md");
const BEGIN = "<!-- gas-table:begin (written by npm run bench) -->";
const END = "<!-- gas-table:end -->";
const CDP_BEGIN = "<!-- cdp-gas-table:begin (written by npm run bench) -->";
const CDP_END = "<!-- cdp-gas-table:end -->";
const FLOWS_BEGIN = "<!-- flows-gas-table:begin (written by npm run bench) -->";
const FLOWS_END = "<!-- flows-gas-table:end -->";

const version = (pkg: string) => JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), "utf8")).version;

function previousSnapshot(): { operations: Row[]; cdp: CdpRow[] } {
  try {
    const snapshot = JSON.parse(readFileSync(snapshotFile, "utf8"));
    return { operations: snapshot.operations ?? [], cdp: snapshot.cdp ?? [] };
  } catch {
    return { operations: [], cdp: [] };
  }
}

/** Lists what moved since the previous snapshot, so a change in gas is visible in the run's output. */
function changes(before: Row[], after: Row[]): string[] {
  const lines: string[] = [];
  const columns = ["keelIsolated", "keelCross", "morpho", "aave"] as const;
  for (const row of after) {
    const old = before.find((r) => r.key === row.key);
    if (!old) continue;
    for (const column of columns) {
      const [a, b] = [old[column], row[column]];
      if (a !== null && b !== null && a !== b) {
        lines.push(`  ${row.operation} / ${column}: ${a} -> ${b} (${b > a ? "+" : ""}${b - a})`);
      }
    }
  }
  return lines;
}

/** Replaces the block between `begin` and `end` in docs/gas.md, or appends it. */
function writeDocsBlock(begin: string, end: string, content: string): void {
  const block = [begin, "", content, "", end].join("\n");
  let doc: string;
  try {
    doc = readFileSync(docsFile, "utf8");
  } catch {
    doc = "# Gas\n\n";
  }
  const start = doc.indexOf(begin);
  const stop = doc.indexOf(end);
  doc =
    start >= 0 && stop > start
      ? doc.slice(0, start) + block + doc.slice(stop + end.length)
      : `${doc.trimEnd()}\n\n${block}\n`;
  writeFileSync(docsFile, doc);
}

const { rows, cdpRows, flowRows, notes } = await measureAll();
for (const note of notes) console.log(note);

const summary = summarize(rows);
console.log(
  `\nReceipt gasUsed per operation (targets: isolated ≤ ${TARGETS.isolatedVsMorpho.toFixed(2)} × Morpho, cross ≤ ${TARGETS.crossVsAave.toFixed(2)} × Aave)\n`,
);
console.log(consoleTable(rows));
console.log(
  `\nKeel isolated vs Morpho: ${summary.isolatedMet} met, ${summary.isolatedMissed} missed. ` +
    `Keel cross vs Aave: ${summary.crossMet} met, ${summary.crossMissed} missed.`,
);

console.log("\nkUSD engine, receipt gasUsed (target: below the published Liquity figure)\n");
console.log(
  layoutConsole(
    CDP_HEADERS,
    cdpRows.map((row) => cdpCells(row, false)),
  ),
);

const previous = previousSnapshot();
const moved = changes(previous.operations, rows);
for (const row of cdpRows) {
  const old = previous.cdp.find((r) => r.key === row.key);
  if (old && old.keel !== row.keel) {
    moved.push(
      `  ${row.operation} / keel: ${old.keel} -> ${row.keel} (${row.keel > old.keel ? "+" : ""}${row.keel - old.keel})`,
    );
  }
}
console.log(
  moved.length === 0
    ? "\nNo change from the previous bench/gas-snapshot.json."
    : `\nChanged from the previous bench/gas-snapshot.json:\n${moved.join("\n")}`,
);

const snapshot = {
  description: "Receipt gasUsed per operation of the scenario in docs/gas.md. Written by `npm run bench`.",
  targets: TARGETS,
  versions: {
    hardhat: version("hardhat"),
    hardfork: "osaka",
    keelSolc: version("solc"),
    morphoBlue: version("@morpho-org/morpho-blue"),
    morphoSolc: version("solc-0819"),
    aaveCoreV3: version("@aave/core-v3"),
  },
  summary,
  operations: rows,
  cdp: cdpRows,
  flows: flowRows,
};
writeFileSync(snapshotFile, `${JSON.stringify(snapshot, null, 2)}\n`);
writeDocsBlock(BEGIN, END, [markdownTable(rows), "", "Missed targets:", "", missesMarkdown(rows)].join("\n"));
writeDocsBlock(
  CDP_BEGIN,
  CDP_END,
  layoutMarkdown(
    CDP_HEADERS,
    cdpRows.map((row) => cdpCells(row, true)),
  ),
);
writeDocsBlock(
  FLOWS_BEGIN,
  FLOWS_END,
  layoutMarkdown(
    FLOW_HEADERS,
    flowRows.map((row) => flowCells(row)),
  ),
);
console.log(`\nWrote ${path.relative(process.cwd(), snapshotFile)} and ${path.relative(process.cwd(), docsFile)}.`);
