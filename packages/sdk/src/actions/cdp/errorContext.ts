import type { Address } from "viem";
import { cdpEngineAbi } from "../../abis/CdpEngine.ts";
import type { KeelErrorContext } from "../../errors/context.ts";
import { readTokenDisplay } from "../../internal/block.ts";
import { read } from "../../internal/read.ts";
import type { KeelReadClient } from "../../internal/types.ts";

/**
 * What a failed vault or auction operation's sentence needs: as `token`, the token the operation moves
 * from or to the sender (its balance and allowance errors speak of it): the collateral, or kUSD; as
 * `collateral`, the collateral token (its amounts in the engine's errors, auction prices per whole token).
 */
const KUSD = { decimals: 18, symbol: "kUSD" };

export async function cdpErrorContext(
  client: KeelReadClient,
  {
    engine,
    vaultId,
    typeId,
    operation,
    moves,
  }: { engine: Address; vaultId?: bigint; typeId?: bigint; operation: string; moves: "collateral" | "kUSD" },
): Promise<KeelErrorContext> {
  const at = { address: engine, abi: cdpEngineAbi } as const;
  // An operation names its vault or its type; without either there is no token to name.
  if (typeId === undefined && vaultId === undefined) return { operation };
  const id = typeId ?? BigInt((await read(client, { ...at, functionName: "vault", args: [vaultId ?? 0n] })).typeId);
  const type = await read(client, { ...at, functionName: "collateralType", args: [id] });
  const collateral = await readTokenDisplay(client, type.token);
  return { operation, token: moves === "kUSD" ? KUSD : collateral, collateral };
}
