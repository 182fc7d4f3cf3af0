import type { Address } from "viem";
import { pegStabilityModuleAbi } from "../../abis/PegStabilityModule.ts";
import type { KeelErrorContext } from "../../errors/context.ts";
import { readTokenDisplay } from "../../internal/block.ts";
import { read } from "../../internal/read.ts";
import type { KeelReadClient } from "../../internal/types.ts";

/** What a failed peg-module swap's sentence needs: the stablecoin's decimals and symbol. */
export async function psmErrorContext(
  client: KeelReadClient,
  { psm, operation }: { psm: Address; operation: string },
): Promise<KeelErrorContext> {
  const gem = await read(client, { address: psm, abi: pegStabilityModuleAbi, functionName: "gem" });
  return { operation, token: await readTokenDisplay(client, gem) };
}
