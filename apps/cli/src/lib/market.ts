import {
  type AccountSnapshot,
  expectedReserveState,
  getAccountSnapshot,
  getPoolSnapshot,
  type PoolSnapshot,
  type ReserveSnapshot,
} from "@keel/sdk";
import type { Address } from "viem";
import type { KeelContext } from "./context.ts";
import { UsageError } from "./errors.ts";
import { parsePoolId } from "./input.ts";

/** A reserve with the names people use for it. */
export type NamedReserve = ReserveSnapshot & { symbol: string };

/** Common names for wrapped assets, so `--asset ETH` finds WETH. */
const ALIASES: Record<string, string> = { ETH: "WETH", BTC: "WBTC" };

/** A pool's display name: the manifest's, else "pool <id>". */
export function poolName(context: KeelContext, poolId: bigint): string {
  return context.deployment.pools.find((p) => p.id === poolId.toString())?.name ?? `pool ${poolId}`;
}

/** The pool a command acts on: --pool, else the deployment's first pool (the core pool on a devnet). */
export function choosePoolId(context: KeelContext, poolOption: string | undefined): bigint {
  if (poolOption !== undefined) return parsePoolId(poolOption);
  const first = context.deployment.pools[0];
  if (!first) throw new UsageError("This deployment lists no pools; pass --pool.");
  return BigInt(first.id);
}

/** Reads a pool at the latest block, naming each reserve by its token symbol from the manifest. */
export async function readPool(
  context: KeelContext,
  poolId: bigint,
): Promise<PoolSnapshot & { reserves: NamedReserve[] }> {
  const snapshot = await getPoolSnapshot(context.publicClient, { pool: context.deployment.contracts.pool, poolId });
  if (snapshot.reserves.length === 0) {
    throw new UsageError(`Pool ${poolId} does not exist; run \`keel pools\` to list the pools.`);
  }
  const reserves = snapshot.reserves.map((reserve) => ({ ...reserve, symbol: symbolOf(context, reserve) }));
  return { ...snapshot, reserves };
}

/** Reads an account's positions in a pool at the pool snapshot's block. */
export async function readAccount(
  context: KeelContext,
  pool: PoolSnapshot,
  account: Address,
): Promise<AccountSnapshot> {
  return getAccountSnapshot(context.publicClient, {
    pool: context.deployment.contracts.pool,
    poolId: pool.poolId,
    account,
  });
}

function symbolOf(context: KeelContext, reserve: ReserveSnapshot): string {
  if (reserve.symbol) return reserve.symbol;
  const token = Object.values(context.deployment.tokens).find(
    (t) => t.address.toLowerCase() === reserve.config.asset.toLowerCase(),
  );
  return token?.symbol ?? reserve.config.asset;
}

/** Finds the reserve for `--asset` (a symbol, an alias like ETH, or a token address). */
export function findReserve(pool: PoolSnapshot & { reserves: NamedReserve[] }, asset: string): NamedReserve {
  const wanted = asset.trim();
  const upper = ALIASES[wanted.toUpperCase()] ?? wanted.toUpperCase();
  const found = pool.reserves.find(
    (r) => r.symbol.toUpperCase() === upper || r.config.asset.toLowerCase() === wanted.toLowerCase(),
  );
  if (!found) {
    const listed = pool.reserves.map((r) => r.symbol).join(", ");
    throw new UsageError(`Pool ${pool.poolId} has no reserve for "${asset}". It lists: ${listed}.`);
  }
  return found;
}

/** A reserve's totals with interest accrued to the snapshot's time. */
export function accruedState(pool: PoolSnapshot, reserve: ReserveSnapshot) {
  return expectedReserveState(reserve, pool.timestamp);
}

/** USD value (WAD) of `amount` token units at the reserve's oracle price; the pool's own formula, rounded down. */
export function usdValue(reserve: ReserveSnapshot, amount: bigint): bigint {
  return (amount * reserve.price) / 10n ** 18n;
}

/** The oracle price (scale 10^(36 − decimals)) as USD per whole token, WAD, for display. */
export function usdPerToken(price: bigint, decimals: number): bigint {
  return (price * 10n ** BigInt(decimals)) / 10n ** 18n;
}
