import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { type KeelDeployment, keelPoolAbi } from "@keel/sdk";
import { type Address, createPublicClient, http, type PublicClient } from "viem";
import type { RunningDevnet } from "./cli.ts";

/** The deployment's first pool, which the commands use unless told otherwise. */
export const CORE = 0n;

/** What the money-market tests read back from a devnet's chain to check a command's effect. */
export type PoolReads = {
  deployment: KeelDeployment;
  client: PublicClient;
  /** The devnet's account kept without positions, the commands' default signer. */
  newcomer: Address;
  /** `--manifest <the devnet's>`, for every command. */
  global: string[];
  reserveOf: (symbol: string, poolId?: bigint) => bigint;
  position: (
    account: Address,
    symbol: string,
  ) => Promise<{ supplyShares: bigint; collateral: bigint; debtShares: bigint }>;
  healthFactor: (account: Address, poolId?: bigint) => Promise<bigint>;
  accountOf: (label: string) => KeelDeployment["accounts"][number];
};

export function poolReads(devnet: RunningDevnet): PoolReads {
  const deployment: KeelDeployment = JSON.parse(readFileSync(devnet.manifest, "utf8"));
  const client = createPublicClient({ transport: http(devnet.rpcUrl) });
  const accountOf = (label: string) => {
    const found = deployment.accounts.find((a) => a.label === label);
    assert.ok(found, `the devnet has a ${label}`);
    return found;
  };
  const spare = deployment.accounts.find((a) => a.role === "newcomer");
  assert.ok(spare, "the devnet keeps an account without positions for trying commands");
  const reserveOf = (symbol: string, poolId = CORE) =>
    BigInt(deployment.pools[Number(poolId)].reserves.find((r) => r.symbol === symbol)?.index ?? Number.NaN);
  return {
    deployment,
    client,
    newcomer: spare.address,
    global: ["--manifest", devnet.manifest],
    reserveOf,
    position: (account, symbol) =>
      client.readContract({
        address: deployment.contracts.pool,
        abi: keelPoolAbi,
        functionName: "position",
        args: [CORE, account, reserveOf(symbol)],
      }),
    healthFactor: (account, poolId = CORE) =>
      client.readContract({
        address: deployment.contracts.pool,
        abi: keelPoolAbi,
        functionName: "healthFactor",
        args: [poolId, account],
      }),
    accountOf,
  };
}
