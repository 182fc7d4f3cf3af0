// The chain's own answers, read directly, to hold the indexer's against.
import assert from "node:assert/strict";
import { cdpEngineAbi, keelPoolAbi } from "@keel/sdk";
import type { Address } from "viem";
import type { RunningDevnet } from "../../../keeper/test/helpers/devnet.ts";
import { chainClients } from "../../../keeper/test/helpers/keeper.ts";
import type { RunningIndexer } from "./indexer.ts";

const TOTALS = [
  "totalSupplyAssets",
  "totalSupplyShares",
  "totalBorrowAssets",
  "totalBorrowShares",
  "totalCollateral",
  "treasuryCollateral",
  "treasuryShares",
] as const;

/** Every reserve's totals from /v1/markets?block=N against the pool's `reserveState` at N. */
export async function assertReservesMatch(
  devnet: RunningDevnet,
  indexer: RunningIndexer,
  block: bigint,
): Promise<number> {
  const { publicClient } = chainClients(devnet);
  const { markets } = await indexer.get(`/v1/markets?block=${block}`);
  let compared = 0;
  for (const pool of devnet.deployment.pools) {
    const count = await publicClient.readContract({
      address: devnet.deployment.contracts.pool,
      abi: keelPoolAbi,
      functionName: "reserveCount",
      args: [BigInt(pool.id)],
      blockNumber: block,
    });
    for (let index = 0; index < Number(count); index++) {
      const state = await publicClient.readContract({
        address: devnet.deployment.contracts.pool,
        abi: keelPoolAbi,
        functionName: "reserveState",
        args: [BigInt(pool.id), BigInt(index)],
        blockNumber: block,
      });
      const row = markets.find((m: { poolId: string; reserve: number }) => m.poolId === pool.id && m.reserve === index);
      assert.ok(row, `pool ${pool.id} reserve ${index} is in the market table at block ${block}`);
      for (const key of TOTALS) {
        assert.equal(BigInt(row[key]), BigInt(state[key]), `pool ${pool.id} reserve ${index} ${key} at block ${block}`);
      }
      compared++;
    }
  }
  return compared;
}

/** An account's positions from the API (now, or as of a block) against the pool's `position` reads. */
export async function assertPositionsMatch(
  devnet: RunningDevnet,
  indexer: RunningIndexer,
  account: Address,
  block: bigint,
  asOf = false,
): Promise<number> {
  const { publicClient } = chainClients(devnet);
  const { positions } = await indexer.get(`/v1/accounts/${account}/positions${asOf ? `?block=${block}` : ""}`);
  let held = 0;
  for (const pool of devnet.deployment.pools) {
    for (const { index } of pool.reserves) {
      const onChain = await publicClient.readContract({
        address: devnet.deployment.contracts.pool,
        abi: keelPoolAbi,
        functionName: "position",
        args: [BigInt(pool.id), account, BigInt(index)],
        blockNumber: block,
      });
      const row = positions.find(
        (p: { poolId: string; reserve: number }) => p.poolId === pool.id && p.reserve === index,
      );
      const empty = onChain.supplyShares === 0n && onChain.collateral === 0n && onChain.debtShares === 0n;
      if (empty) {
        assert.equal(row, undefined, `${account} holds nothing in pool ${pool.id} reserve ${index}`);
        continue;
      }
      held++;
      assert.ok(row, `${account} has its position in pool ${pool.id} reserve ${index} indexed`);
      assert.equal(BigInt(row.supplyShares), onChain.supplyShares, `${account} supply shares, reserve ${index}`);
      assert.equal(BigInt(row.collateral), onChain.collateral, `${account} collateral, reserve ${index}`);
      assert.equal(BigInt(row.debtShares), onChain.debtShares, `${account} debt shares, reserve ${index}`);
    }
  }
  return held;
}

/** Every vault, collateral type and open auction from the API against the engine. */
export async function assertCdpMatches(devnet: RunningDevnet, indexer: RunningIndexer, block: bigint): Promise<number> {
  const { publicClient } = chainClients(devnet);
  const engine = devnet.deployment.cdp?.engine as Address;
  const read = <F extends "vault" | "collateralType" | "auction" | "vaultCount" | "collateralTypeCount">(
    functionName: F,
    args: readonly bigint[] = [],
  ) =>
    publicClient.readContract({
      address: engine,
      abi: cdpEngineAbi,
      functionName,
      args,
      blockNumber: block,
      // biome-ignore lint/suspicious/noExplicitAny: one reader for several views; each use names its fields
    } as never) as Promise<any>;

  const vaults: { id: string; owner: string; collateral: string; normalizedDebt: string }[] = [];
  for (let cursor = ""; ; ) {
    const page = await indexer.get(`/v1/vaults?limit=50${cursor ? `&cursor=${cursor}` : ""}`);
    vaults.push(...page.items);
    if (!page.next) break;
    cursor = page.next;
  }
  const count = await read("vaultCount");
  assert.equal(BigInt(vaults.length), count, "every vault the engine opened is indexed");
  for (const v of vaults) {
    const onChain = await read("vault", [BigInt(v.id)]);
    assert.equal(v.owner.toLowerCase(), onChain.owner.toLowerCase(), `vault ${v.id} owner`);
    assert.equal(BigInt(v.collateral), onChain.collateral, `vault ${v.id} collateral`);
    assert.equal(BigInt(v.normalizedDebt), onChain.normalizedDebt, `vault ${v.id} normalized debt`);
  }
  const { collateralTypes } = await indexer.get("/v1/collateral-types");
  assert.equal(BigInt(collateralTypes.length), await read("collateralTypeCount"));
  for (const t of collateralTypes) {
    const onChain = await read("collateralType", [BigInt(t.id)]);
    assert.equal(BigInt(t.rate), onChain.rate, `type ${t.id} rate`);
    assert.equal(BigInt(t.totalNormalizedDebt), onChain.totalNormalizedDebt, `type ${t.id} normalized debt`);
    assert.equal(BigInt(t.inAuction), onChain.inAuction, `type ${t.id} in auction`);
    assert.equal(t.oracle.toLowerCase(), onChain.oracle.toLowerCase(), `type ${t.id} oracle`);
    assert.equal(BigInt(t.shutdownPrice ?? 0), onChain.shutdownPrice, `type ${t.id} shutdown price`);
    assert.equal(t.minRatioBps, onChain.minRatioBps, `type ${t.id} minimum ratio`);
  }
  const { auctions } = await indexer.get("/v1/auctions?status=active");
  for (const a of auctions) {
    const onChain = await read("auction", [BigInt(a.vaultId)]);
    assert.equal(BigInt(a.collateral), onChain.collateral, `auction ${a.id} lot`);
    assert.equal(BigInt(a.tab), onChain.tab, `auction ${a.id} tab`);
    assert.equal(BigInt(a.debt), onChain.debt, `auction ${a.id} debt`);
    assert.equal(BigInt(a.topPrice), onChain.topPrice, `auction ${a.id} top price`);
  }
  return vaults.length;
}
