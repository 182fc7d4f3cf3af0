// `npm run bench:trace`: runs the scenario on Keel's isolated pool, Morpho Blue and the physical floor,
// traces every measured operation and prints where its gas goes, side by side (bench/trace.ts).
import { benchFloor } from "./floor.ts";
import { benchKeel } from "./keel.ts";
import { benchMorpho } from "./morpho.ts";
import { OPERATIONS, type OpKey, type Run } from "./scenario.ts";
import { compileBenchContracts } from "./solc.ts";
import { describe, traceTransaction } from "./trace.ts";

const only = process.env.KEEL_TRACE_ONLY?.split(",") as OpKey[] | undefined;
const artifacts = compileBenchContracts();
const runs: [string, Run][] = [
  ["Keel, isolated pool", await benchKeel("isolated", artifacts)],
  ["Morpho Blue", await benchMorpho(artifacts)],
  ["Physical floor", await benchFloor(artifacts)],
];
// The protocols' own contracts, and the receivers whose calls into them are part of a flash loan.
const expand = (contract: string) => /KeelPool|Morpho$|GasFloor|receiver|FlashBorrowerExample/.test(contract);

for (const { key, label } of OPERATIONS) {
  if (only && !only.includes(key)) continue;
  console.log(`\n=== ${label} ===`);
  for (const [name, run] of runs) {
    const hash = run.hashes[key];
    if (!hash) continue;
    console.log(`\n${name}`);
    for (const line of describe(await traceTransaction(run.chain, hash), expand)) console.log(`  ${line}`);
  }
}
