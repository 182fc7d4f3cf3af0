// Runs the benchmark's scenario on Keel (isolated and cross-collateral pools), Morpho Blue, Aave v3,
// the physical floor (bench/floor.ts) and the kUSD engine, each on a fresh in-process chain, and returns the table's rows. Shared by
// `npm run bench` (bench/run.ts, which prints and records them) and the gas gate
// (test/integration/gasSnapshot.test.ts, which compares them with the recorded snapshot).
import { benchAave } from "./aave.ts";
import { benchCdp, buildCdpRows, type CdpRow } from "./cdp.ts";
import { compileBenchContracts } from "./contracts.ts";
import { benchFloor } from "./floor.ts";
import { benchFlows, buildFlowRows, type FlowRow } from "./flows.ts";
import { benchKeel } from "./keel.ts";
import { benchMorpho } from "./morpho.ts";
import type { Gas, Run } from "./scenario.ts";
import { buildRows, type Row } from "./table.ts";

export type Measurement = { rows: Row[]; cdpRows: CdpRow[]; flowRows: FlowRow[]; notes: string[] };

async function measure(name: string, run: () => Promise<Run>, notes: string[]): Promise<Gas> {
  const result = await run();
  notes.push(`${name}: ${result.notes.join("; ")}`);
  return result.gas;
}

export async function measureAll(): Promise<Measurement> {
  const notes: string[] = [];
  const artifacts = compileBenchContracts();
  const keelIsolated = await measure("Keel, isolated pool", () => benchKeel("isolated", artifacts), notes);
  const keelCross = await measure("Keel, cross-collateral pool", () => benchKeel("cross", artifacts), notes);
  const morpho = await measure("Morpho Blue", () => benchMorpho(artifacts), notes);
  const aave = await measure("Aave v3", () => benchAave(artifacts), notes);
  const floor = await measure("Physical floor", () => benchFloor(artifacts), notes);
  const cdp = await benchCdp(artifacts);
  notes.push(`Keel kUSD engine: ${cdp.notes.join("; ")}`);
  const flowRows = buildFlowRows(await benchFlows());
  return {
    rows: buildRows({ keelIsolated, keelCross, morpho, aave, floor }),
    cdpRows: buildCdpRows(cdp.gas),
    flowRows,
    notes,
  };
}
