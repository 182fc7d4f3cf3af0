// `npm run bench:trace`: runs the scenario on Keel's isolated pool, Morpho Blue and the physical floor,
// traces every measured operation (bench/trace.ts), prints where its gas goes, frame by frame, and
// writes the same by category, side by side, into docs/gas.md ("Where the gas goes, traced").
import { readFileSync, writeFileSync } from "node:fs";
import { compileBenchContracts } from "./contracts.ts";
import { benchFloor } from "./floor.ts";
import { benchKeel } from "./keel.ts";
import { benchMorpho } from "./morpho.ts";
import { OPERATIONS, type OpKey, type Run } from "./scenario.ts";
import { layoutMarkdown } from "./table.ts";
import { CATEGORIES, type Category, categorize, describe, traceTransaction } from "./trace.ts";

const docsFile = new URL("../../docs/gas.md", import.meta.url);
const BEGIN = "<!-- gas-trace:begin (written by npm run bench:trace) -->";
const END = "<!-- gas-trace:end -->";

const only = process.env.KEEL_TRACE_ONLY?.split(",") as OpKey[] | undefined;
const artifacts = compileBenchContracts();
const runs: [string, Run][] = [
  ["Keel isolated", await benchKeel("isolated", artifacts)],
  ["Morpho Blue", await benchMorpho(artifacts)],
  ["floor", await benchFloor(artifacts)],
];
// The protocols' own contracts, and the receivers whose calls into them are part of a flash loan.
const expand = (contract: string) => /KeelPool|Morpho$|GasFloor|receiver|FlashBorrowerExample/.test(contract);
const n = (gas: number) => (gas < 0 ? `−${(-gas).toLocaleString("en-US")}` : gas.toLocaleString("en-US"));

const sections: string[] = [];
for (const { key, label } of OPERATIONS) {
  if (only && !only.includes(key)) continue;
  console.log(`\n=== ${label} ===`);
  const columns: Record<Category, number>[] = [];
  const names: string[] = [];
  for (const [name, run] of runs) {
    const hash = run.hashes[key];
    if (!hash) continue;
    const breakdown = await traceTransaction(run.chain, hash);
    console.log(`\n${name}`);
    for (const line of describe(breakdown, expand)) console.log(`  ${line}`);
    const totals = categorize(breakdown, expand);
    const sum = Object.values(totals).reduce((a, b) => a + b, 0);
    if (sum !== breakdown.gasUsed)
      throw new Error(`${name}, ${label}: categories sum to ${sum}, not ${breakdown.gasUsed}`);
    columns.push(totals);
    names.push(name);
  }
  if (columns.length === 0) continue;
  const keel = names.indexOf("Keel isolated");
  const morpho = names.indexOf("Morpho Blue");
  const headers = [label, ...names, ...(keel >= 0 && morpho >= 0 ? ["Keel − Morpho"] : [])];
  const body = CATEGORIES.filter((c) => columns.some((col) => col[c] !== 0)).map((c) => [
    c,
    ...columns.map((col) => n(col[c])),
    ...(keel >= 0 && morpho >= 0 ? [n(columns[keel][c] - columns[morpho][c])] : []),
  ]);
  const totalRow = ["total (gasUsed)", ...columns.map((col) => n(Object.values(col).reduce((a, b) => a + b, 0)))];
  if (keel >= 0 && morpho >= 0) {
    const total = (col: Record<Category, number>) => Object.values(col).reduce((a, b) => a + b, 0);
    totalRow.push(n(total(columns[keel]) - total(columns[morpho])));
  }
  sections.push(layoutMarkdown(headers, [...body, totalRow]));
}

if (!only) {
  const doc = readFileSync(docsFile, "utf8");
  const start = doc.indexOf(BEGIN);
  const stop = doc.indexOf(END);
  const block = [BEGIN, "", sections.join("\n\n"), "", END].join("\n");
  writeFileSync(
    docsFile,
    start >= 0 && stop > start
      ? doc.slice(0, start) + block + doc.slice(stop + END.length)
      : `${doc.trimEnd()}\n\n${block}\n`,
  );
  console.log("\nWrote the traced tables into docs/gas.md.");
}
