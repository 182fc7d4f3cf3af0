// `npm run bench`: runs the same scenario on Keel (isolated and cross-collateral pools), Morpho
// Blue and Aave v3, each on a fresh in-process chain, prints the gas table, and writes
// bench/gas-snapshot.json and the table in docs/gas.md.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { benchAave } from "./aave.ts";
import { benchKeel } from "./keel.ts";
import { benchMorpho } from "./morpho.ts";
import type { Gas, Run } from "./scenario.ts";
import { compileBenchContracts } from "./solc.ts";
import { buildRows, consoleTable, markdownTable, missesMarkdown, type Row, summarize, TARGETS } from "./table.ts";

const require = createRequire(import.meta.url);
const benchDir = path.dirname(fileURLToPath(import.meta.url));
const snapshotFile = path.join(benchDir, "gas-snapshot.json");
const docsFile = path.join(benchDir, "..", "..", "docs", "gas.md");
const BEGIN = "<!-- gas-table:begin (written by npm run bench) -->";
const END = "<!-- gas-table:end -->";

const version = (pkg: string) => JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), "utf8")).version;

function previousRows(): Row[] {
  try {
    return JSON.parse(readFileSync(snapshotFile, "utf8")).operations as Row[];
  } catch {
    return [];
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

function writeDocs(rows: Row[]): void {
  const block = [BEGIN, "", markdownTable(rows), "", "Missed targets:", "", missesMarkdown(rows), "", END].join("\n");
  let doc: string;
  try {
    doc = readFileSync(docsFile, "utf8");
  } catch {
    doc = "# Gas\n\n";
  }
  const start = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  doc =
    start >= 0 && end > start
      ? doc.slice(0, start) + block + doc.slice(end + END.length)
      : `${doc.trimEnd()}\n\n${block}\n`;
  writeFileSync(docsFile, doc);
}

async function measure(name: string, run: () => Promise<Run>): Promise<Gas> {
  const { gas, notes } = await run();
  console.log(`${name}: ${notes.join("; ")}`);
  return gas;
}

const artifacts = compileBenchContracts();
const keelIsolated = await measure("Keel, isolated pool", () => benchKeel("isolated", artifacts));
const keelCross = await measure("Keel, cross-collateral pool", () => benchKeel("cross", artifacts));
const morpho = await measure("Morpho Blue", () => benchMorpho(artifacts));
const aave = await measure("Aave v3", () => benchAave(artifacts));

const rows = buildRows({ keelIsolated, keelCross, morpho, aave });
const summary = summarize(rows);
console.log(
  `\nReceipt gasUsed per operation (targets: isolated ≤ ${TARGETS.isolatedVsMorpho.toFixed(2)} × Morpho, cross ≤ ${TARGETS.crossVsAave.toFixed(2)} × Aave)\n`,
);
console.log(consoleTable(rows));
console.log(
  `\nKeel isolated vs Morpho: ${summary.isolatedMet} met, ${summary.isolatedMissed} missed. ` +
    `Keel cross vs Aave: ${summary.crossMet} met, ${summary.crossMissed} missed.`,
);

const moved = changes(previousRows(), rows);
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
};
writeFileSync(snapshotFile, `${JSON.stringify(snapshot, null, 2)}\n`);
writeDocs(rows);
console.log(`\nWrote ${path.relative(process.cwd(), snapshotFile)} and ${path.relative(process.cwd(), docsFile)}.`);
