import {
  type AuctionInfo,
  auctionTakerAbi,
  type CdpVault,
  type CollateralTypeInfo,
  cdpEngineAbi,
  decodeKeelError,
  previewStartAuction,
  resetReward,
} from "@keel/sdk";
import { type Address, encodeFunctionData } from "viem";
import { dispatch, type JobContext, profitFloor, unlessReverted, WAD } from "./context.ts";

/** Fractions of a lot tried for a take, in halvings: the whole lot, a half, a quarter, … */
const TAKE_SIZES = 6;

/**
 * Starts an auction on every followed vault below its type's minimum ratio: the engine pays the starter
 * the type's tip plus its fee on the tab (that is the profit judged against gas). The SDK's copy of the
 * engine's rule finds the unsafe ones offline; each is then simulated at the head before it is sent.
 */
export async function startAuctions(
  ctx: JobContext,
  vaults: readonly { id: bigint; vault: CdpVault }[],
  types: ReadonlyMap<number, CollateralTypeInfo>,
): Promise<number> {
  let sent = 0;
  for (const { id, vault } of vaults) {
    const type = types.get(vault.typeId);
    if (type?.price === undefined) continue;
    const key = `start-auction:${id}`;
    if (ctx.sender.busy(key)) continue;
    let reward: bigint;
    try {
      reward = previewStartAuction(vault, type, {
        vaultId: id,
        price: type.price,
        timestamp: ctx.head.timestamp,
      }).keeperReward;
    } catch {
      continue; // safe, or already in auction
    }
    ctx.metrics.opportunities.inc({ job: "start-auction" });
    const call = {
      address: ctx.deployment.cdp?.engine as Address,
      abi: cdpEngineAbi,
      functionName: "startAuction",
      args: [id, ctx.sender.address],
      account: ctx.sender.address,
    } as const;
    const gas = await simulated(ctx, "start-auction", { vaultId: id }, () =>
      ctx.publicClient
        .simulateContract({ ...call, blockNumber: ctx.head.number })
        .then(() => ctx.publicClient.estimateContractGas(call)),
    );
    if (gas === undefined) continue;
    const data = encodeFunctionData({
      abi: cdpEngineAbi,
      functionName: "startAuction",
      args: [id, ctx.sender.address],
    });
    if (
      await dispatch(
        ctx,
        { job: "start-auction", key, profitUsd: reward, gas },
        { to: call.address, data, details: { vaultId: id, reward } },
      )
    )
      sent++;
  }
  return sent;
}

/**
 * For each running auction: resets it when stale (paid the reset tip), otherwise takes the size that
 * earns most through the AuctionTaker, which sells the collateral along the best Uniswap path to kUSD,
 * or to the peg module's stablecoin and through the module, with no capital. Sizes are halvings of the
 * lot, each simulated at the head; a take's profit is the kUSD left after paying the auction's price.
 */
export async function workAuctions(
  ctx: JobContext,
  auctions: readonly AuctionInfo[],
  gem: Address | undefined,
): Promise<number> {
  let sent = 0;
  for (const auction of auctions) {
    if (auction.stale) {
      if (await reset(ctx, auction)) sent++;
    } else if (await take(ctx, auction, gem)) sent++;
  }
  return sent;
}

async function reset(ctx: JobContext, auction: AuctionInfo): Promise<boolean> {
  const key = `reset-auction:${auction.vaultId}`;
  if (ctx.sender.busy(key) || auction.type.price === undefined) return false;
  ctx.metrics.opportunities.inc({ job: "reset-auction" });
  const reward = resetReward(auction, auction.type, auction.type.price);
  const call = {
    address: ctx.deployment.cdp?.engine as Address,
    abi: cdpEngineAbi,
    functionName: "resetAuction",
    args: [auction.vaultId, ctx.sender.address],
    account: ctx.sender.address,
  } as const;
  const gas = await simulated(ctx, "reset-auction", { vaultId: auction.vaultId }, () =>
    ctx.publicClient
      .simulateContract({ ...call, blockNumber: ctx.head.number })
      .then(() => ctx.publicClient.estimateContractGas(call)),
  );
  if (gas === undefined) return false;
  const data = encodeFunctionData({
    abi: cdpEngineAbi,
    functionName: "resetAuction",
    args: [auction.vaultId, ctx.sender.address],
  });
  return dispatch(
    ctx,
    { job: "reset-auction", key, profitUsd: reward, gas },
    { to: call.address, data, details: { vaultId: auction.vaultId, reward } },
  );
}

async function take(ctx: JobContext, auction: AuctionInfo, gem: Address | undefined): Promise<boolean> {
  const key = `take:${auction.vaultId}`;
  const taker = ctx.deployment.cdp?.auctionTaker;
  if (ctx.sender.busy(key) || taker === undefined) return false;
  const kusd = ctx.deployment.cdp?.kusd as Address;
  const collateral = auction.type.token;
  // To kUSD directly, or to the peg module's stablecoin (the taker swaps it into kUSD at par less the fee).
  const targets = [kusd, gem].filter((token): token is Address => token !== undefined);
  const quotes = await Promise.all(
    targets.map((target) => ctx.routes.best(collateral, target, auction.collateral, ctx.head.number)),
  );
  const route = quotes.filter((quote) => quote !== undefined).sort((a, b) => (a.amountOut > b.amountOut ? -1 : 1))[0];
  if (route === undefined) {
    ctx.metrics.skipped.inc({ job: "take", reason: "no route" });
    return false;
  }
  ctx.metrics.opportunities.inc({ job: "take" });
  const sizes = Array.from({ length: TAKE_SIZES }, (_, i) => auction.collateral >> BigInt(i)).filter(
    (size) => size > 0n,
  );
  const trials = await Promise.all(
    sizes.map(async (size) => {
      const args = [auction.vaultId, size, auction.price, route.path, 0n] as const;
      try {
        const { result } = await ctx.publicClient.simulateContract({
          address: taker,
          abi: auctionTakerAbi,
          functionName: "takeAndSell",
          args,
          account: ctx.sender.address,
          blockNumber: ctx.head.number,
        });
        return { size, args, profit: result };
      } catch (error) {
        unlessReverted(error);
        return undefined;
      }
    }),
  );
  const best = trials.filter((trial) => trial !== undefined).sort((a, b) => (a.profit > b.profit ? -1 : 1))[0];
  if (best === undefined || best.profit === 0n) {
    ctx.metrics.skipped.inc({ job: "take", reason: "unprofitable" });
    return false;
  }
  const gas = await simulated(ctx, "take", { vaultId: auction.vaultId }, () =>
    ctx.publicClient.estimateContractGas({
      address: taker,
      abi: auctionTakerAbi,
      functionName: "takeAndSell",
      args: best.args,
      account: ctx.sender.address,
    }),
  );
  if (gas === undefined) return false;
  // kUSD is priced at one dollar: the floor keeps a sandwiched sale from landing for nothing.
  const [vaultId, size, price, path] = best.args;
  const args = [vaultId, size, price, path, profitFloor(ctx, best.profit, gas, WAD)] as const;
  const data = encodeFunctionData({ abi: auctionTakerAbi, functionName: "takeAndSell", args });
  return dispatch(
    ctx,
    { job: "take", key, profitUsd: best.profit, gas },
    {
      to: taker,
      data,
      details: { vaultId: auction.vaultId, collateral: best.size, price: auction.price, path: route.path },
    },
  );
}

/** Runs a simulation; a revert is logged with its sentence and counted, and yields undefined. */
async function simulated<T>(
  ctx: JobContext,
  job: string,
  details: Record<string, unknown>,
  run: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await run();
  } catch (error) {
    unlessReverted(error);
    ctx.metrics.skipped.inc({ job, reason: "simulation reverted" });
    ctx.log.info({ ...details, reason: decodeKeelError(error).message }, `${job} would revert`);
    return undefined;
  }
}
