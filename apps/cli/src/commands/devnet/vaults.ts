import { cdpEngineAbi, iPriceOracleAbi, type KeelDeployment } from "@keel/sdk";
import pc from "picocolors";
import { type Address, formatUnits, isAddressEqual, type PublicClient } from "viem";

const WAD = 10n ** 18n;
const BPS = 10_000n;

/**
 * One kUSD vault with debt, or with an auction running. `ratio` is its collateral ratio at the
 * engine's oracle price (WAD), `undefined` when that price fails or the vault is fully in auction.
 */
export type VaultState = {
  id: bigint;
  owner: string;
  typeName: string;
  ratio: bigint | undefined;
  minRatio: bigint;
  inAuction: boolean;
};

/** Every vault of the manifest's engine that owes kUSD or is being auctioned, read from the engine's views. */
export async function readVaults(client: PublicClient, manifest: KeelDeployment): Promise<VaultState[]> {
  const cdp = manifest.cdp;
  if (cdp === undefined) return [];
  const engine = { address: cdp.engine, abi: cdpEngineAbi } as const;
  const types = await Promise.all(
    cdp.collateralTypes.map(async (entry) => {
      const type = await client.readContract({ ...engine, functionName: "collateralType", args: [BigInt(entry.id)] });
      const price = await client
        .readContract({ address: type.oracle, abi: iPriceOracleAbi, functionName: "price" })
        .catch(() => undefined);
      return { name: entry.name, price, minRatio: BigInt(type.minRatioBps) * (WAD / BPS) };
    }),
  );
  const ownerName = (owner: Address) =>
    manifest.accounts.find((account) => isAddressEqual(account.address, owner))?.label ?? owner;

  const count = await client.readContract({ ...engine, functionName: "vaultCount" });
  const reads = Array.from({ length: Number(count) }, async (_, index): Promise<VaultState | undefined> => {
    const id = BigInt(index + 1);
    const [vault, debt, auction] = await Promise.all([
      client.readContract({ ...engine, functionName: "vault", args: [id] }),
      client.readContract({ ...engine, functionName: "debtOf", args: [id] }),
      client.readContract({ ...engine, functionName: "auction", args: [id] }),
    ]);
    const inAuction = auction.tab !== 0n;
    if (debt === 0n && !inAuction) return undefined;
    const type = types[vault.typeId];
    const ratio = debt === 0n || type.price === undefined ? undefined : (vault.collateral * type.price) / debt;
    return { id, owner: ownerName(vault.owner), typeName: type.name, ratio, minRatio: type.minRatio, inAuction };
  });
  return (await Promise.all(reads)).filter((state): state is VaultState => state !== undefined);
}

/** True when anyone may send the vault to auction now. */
export function isUnsafe(vault: VaultState): boolean {
  return !vault.inAuction && vault.ratio !== undefined && vault.ratio < vault.minRatio;
}

const formatRatio = (ratio: bigint | undefined) =>
  ratio === undefined ? "–" : Number(formatUnits(ratio, 18)).toFixed(3);

/** Lines showing each vault's collateral ratio before and after a change, and which vaults are now unsafe. */
export function describeVaultChanges(before: VaultState[], after: VaultState[]): string[] {
  if (after.length === 0 && before.length === 0) return [];
  const lines = [pc.bold("kUSD vaults (collateral ratio)")];
  for (const now of after) {
    const then = before.find((vault) => vault.id === now.id);
    const change = `${formatRatio(then?.ratio)} → ${formatRatio(now.ratio)}`;
    const label = `  ${now.owner.padEnd(18)} vault ${String(now.id).padEnd(3)} ${now.typeName.padEnd(7)}`;
    if (now.inAuction) lines.push(`${label} ${change}  in auction`);
    else if (isUnsafe(now))
      lines.push(`${label} ${pc.red(`${change}  unsafe (minimum ${formatRatio(now.minRatio)})`)}`);
    else lines.push(`${label} ${change}`);
  }
  const unsafe = after.filter(isUnsafe);
  lines.push(
    unsafe.length === 0
      ? "No vault is unsafe."
      : pc.red(
          `Unsafe now: ${unsafe.map((vault) => `vault ${vault.id} (${vault.owner})`).join(", ")}; ` +
            `anyone may start ${unsafe.length === 1 ? "its auction" : "their auctions"}.`,
        ),
  );
  return lines;
}
