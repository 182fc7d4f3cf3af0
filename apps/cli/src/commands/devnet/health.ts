import { type KeelDeployment, keelPoolAbi } from "@keel/sdk";
import pc from "picocolors";
import { formatUnits, maxUint256, type PublicClient } from "viem";

const WAD = 10n ** 18n;

/** One account's health in one pool where it owes something; `undefined` when a price it needs fails. */
export type Health = { label: string; poolId: string; poolName: string; healthFactor: bigint | undefined };

/** Health factors of every test account in every pool where it has debt, read from the pool's view. */
export async function readHealths(client: PublicClient, manifest: KeelDeployment): Promise<Health[]> {
  const reads = manifest.pools.flatMap((pool) =>
    manifest.accounts.map(async (account): Promise<Health | undefined> => {
      try {
        const healthFactor = await client.readContract({
          address: manifest.contracts.pool,
          abi: keelPoolAbi,
          functionName: "healthFactor",
          args: [BigInt(pool.id), account.address],
        });
        if (healthFactor === maxUint256) return undefined;
        return { label: account.label, poolId: pool.id, poolName: pool.name, healthFactor };
      } catch {
        // The view reverts when one of the account's prices fails: say so rather than hide the account.
        return { label: account.label, poolId: pool.id, poolName: pool.name, healthFactor: undefined };
      }
    }),
  );
  return (await Promise.all(reads)).filter((health): health is Health => health !== undefined);
}

const formatHealth = (healthFactor: bigint | undefined) =>
  healthFactor === undefined ? "price fails" : Number(formatUnits(healthFactor, 18)).toFixed(3);

/** Lines showing each borrower's health before and after a change, and who is now liquidatable. */
export function describeHealthChanges(before: Health[], after: Health[]): string[] {
  const lines = [pc.bold("Health factors")];
  for (const now of after) {
    const then = before.find((h) => h.label === now.label && h.poolId === now.poolId);
    const liquidatable = now.healthFactor !== undefined && now.healthFactor < WAD;
    const change = `${formatHealth(then?.healthFactor)} → ${formatHealth(now.healthFactor)}`;
    lines.push(
      `  ${now.label.padEnd(18)} pool ${now.poolId} ${now.poolName.padEnd(14)} ${liquidatable ? pc.red(`${change}  liquidatable`) : change}`,
    );
  }
  const liquidatable = after.filter((h) => h.healthFactor !== undefined && h.healthFactor < WAD);
  lines.push(
    liquidatable.length === 0
      ? "No account is liquidatable."
      : pc.red(`Liquidatable now: ${liquidatable.map((h) => `${h.label} (pool ${h.poolId})`).join(", ")}.`),
  );
  return lines;
}
