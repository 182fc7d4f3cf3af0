/**
 * The keeper side of the market crash replay. The replay wakes a keeper through one function type,
 * `KeeperStep`: it gets the chain, the deployment and the moment (`ReplayContext`), does whatever it
 * does, and reports each liquidation it made (`LiquidationRecord`). The replay checks every record
 * against the pool's events and the keeper's balances, so a keeper cannot report what did not happen.
 * The replay runs the keeper service (`serviceKeeperStep` in serviceKeeper.ts); `simpleKeeperStep`
 * below is a plain reference keeper to compare it with (KEEL_MARKET_CRASH_KEEPER=reference), and any
 * module exporting a KeeperStep plugs in the same way (KEEL_MARKET_CRASH_KEEPER=<path>#<export>).
 */
import {
  type AccountSnapshot,
  accountHealthFactor,
  BPS,
  expectedReserveState,
  getAccountSnapshot,
  getPoolSnapshot,
  iUniswapV2QuotesAbi,
  keelLiquidatorAbi,
  keelPoolAbi,
  MAX_UINT256,
  MathLib,
  type PoolSnapshot,
  PRICE_SCALE,
  SharesMathLib,
  SimulationError,
  simulate,
  WAD,
} from "@keel/sdk";
import {
  type Account,
  type Address,
  type Chain,
  erc20Abi,
  type Hex,
  isAddressEqual,
  type PublicClient,
  parseAbi,
  parseEventLogs,
  type Transport,
  type WalletClient,
  zeroAddress,
} from "viem";

/** The deployed contracts a keeper needs, and the pools as the devnet lists them. */
export type ReplayDeployment = {
  pool: Address;
  /** The capital-free KeelLiquidator. */
  liquidator: Address;
  /** Uniswap V2's router and factory. */
  router: Address;
  factory: Address;
  /** Every token the pools list, by symbol. */
  tokens: Readonly<Record<string, { address: Address; decimals: number }>>;
  /** Each pool: its id, name and reserve symbols in index order. */
  pools: readonly { id: bigint; name: string; reserves: readonly string[] }[];
};

/** What a keeper gets each time the replay wakes it. */
export type ReplayContext = {
  /** Reads and eth_calls; the latest block is at `now`. */
  publicClient: PublicClient<Transport, Chain>;
  /**
   * The node itself (EIP-1193), for a keeper that builds its own clients: no client's retries in between,
   * and every transaction sent through it is pinned to `now` all the same.
   */
  provider: { request: (args: { method: string; params?: readonly unknown[] | object }) => Promise<unknown> };
  /** The keeper's account; every transaction it sends is mined at `now` (the replay pins the clock). */
  walletClient: WalletClient<Transport, Chain, Account>;
  /**
   * The same account's private key, for a keeper that signs its own transactions (they are sent raw
   * through `publicClient`'s transport and pinned to `now` all the same).
   */
  privateKey: Hex;
  deployment: ReplayDeployment;
  /**
   * The accounts that borrowed in each pool, by pool id. A keeper may use this list or find
   * borrowers itself (the pool's Borrow events since its deployment name the same accounts).
   */
  borrowers: ReadonlyMap<bigint, readonly Address[]>;
  scenario: string;
  /** The price step (10 minutes each) and the block timestamp of this wake. */
  step: number;
  now: bigint;
};

/** One liquidation a keeper made. Amounts are token units, as the pool's Liquidate event reports them. */
export type LiquidationRecord = {
  poolId: bigint;
  borrower: Address;
  collateralReserve: number;
  debtReserve: number;
  /** Debt repaid, in debt-asset units. */
  repaidAssets: bigint;
  /** Collateral taken from the borrower, the protocol's fee included, in collateral units. */
  seizedAssets: bigint;
  /** The treasury's share of the seized collateral. */
  protocolFee: bigint;
  /**
   * What the keeper kept, in debt-asset units. The replay checks that the keeper's balance of each
   * token changed over a wake by exactly the profits reported in it, so the keeper must not move its
   * tokens otherwise while it is awake.
   */
  profit: bigint;
  /**
   * Collateral the keeper kept, in collateral units: a keeper that repays from its own balance, rather
   * than through a flash loan and a sale, keeps what it seizes (its `profit` is then minus the repayment).
   */
  collateralKept?: bigint;
  blockNumber: bigint;
  transactionHash: Hex;
  gasUsed: bigint;
  /** What the keeper computed before sending, if it did: the replay checks it against the chain. */
  expected?: { repaidAssets: bigint; seizedAssets: bigint; protocolFee: bigint };
};

/** A keeper, woken by the replay: it liquidates what it chooses and reports what it did. */
export type KeeperStep = (ctx: ReplayContext) => Promise<LiquidationRecord[]>;

const factoryAbi = parseAbi(["function getPair(address, address) view returns (address)"]);

/** Slippage accepted on the sale beyond the router's quote. */
const SLIPPAGE_BPS = 50n;
/** A liquidation must earn at least $1 at the oracle (WAD): less is not worth a transaction. */
const MIN_PROFIT_VALUE = WAD;
/** Sizes tried for one liquidation: the most the pool allows, then halves of it, seven times. */
const HALVINGS = 7;
/** A partial liquidation may leave the account unhealthy: at most this many of one account per wake. */
const ROUNDS_PER_ACCOUNT = 3;

/** Whether a Uniswap pair exists, by factory and token pair (pairs are never removed). */
const pairs = new Map<string, Promise<boolean>>();

function hasPair(ctx: ReplayContext, a: Address, b: Address): Promise<boolean> {
  const key = [ctx.deployment.factory, ...[a, b].sort()].join(":").toLowerCase();
  let known = pairs.get(key);
  if (known === undefined) {
    known = ctx.publicClient
      .readContract({ address: ctx.deployment.factory, abi: factoryAbi, functionName: "getPair", args: [a, b] })
      .then((pair) => !isAddressEqual(pair, zeroAddress));
    pairs.set(key, known);
  }
  return known;
}

/** The sale's path: the pair collateral → debt, else through USDC or WETH when both legs exist. */
async function saleRoute(ctx: ReplayContext, collateral: Address, debt: Address): Promise<Address[] | undefined> {
  if (await hasPair(ctx, collateral, debt)) return [collateral, debt];
  for (const hub of ["USDC", "WETH"]) {
    const via = ctx.deployment.tokens[hub]?.address;
    if (via === undefined || isAddressEqual(via, collateral) || isAddressEqual(via, debt)) continue;
    if ((await hasPair(ctx, collateral, via)) && (await hasPair(ctx, via, debt))) return [collateral, via, debt];
  }
  return undefined;
}

/** The account's reserves by value at the oracle, largest first: its debts (with interest to `now`) and its collateral. */
function byValue(pool: PoolSnapshot, account: AccountSnapshot, now: bigint) {
  const debts: { index: number; value: bigint }[] = [];
  const collaterals: { index: number; value: bigint }[] = [];
  for (const reserve of pool.reserves) {
    const position = account.positions[reserve.index];
    if (position === undefined || reserve.price === undefined) continue;
    if (position.debtShares > 0n) {
      const state = expectedReserveState(reserve, now);
      const assets = SharesMathLib.toAssetsUp(position.debtShares, state.totalBorrowAssets, state.totalBorrowShares);
      debts.push({ index: reserve.index, value: MathLib.mulDivUp(assets, reserve.price, PRICE_SCALE) });
    }
    if (position.collateral > 0n) {
      const value = MathLib.mulDivDown(position.collateral, reserve.price, PRICE_SCALE);
      collaterals.push({ index: reserve.index, value });
    }
  }
  const largestFirst = (a: { value: bigint }, b: { value: bigint }) =>
    a.value > b.value ? -1 : a.value < b.value ? 1 : 0;
  return { debts: debts.sort(largestFirst), collaterals: collaterals.sort(largestFirst) };
}

/** The SDK's exact sizing of a liquidation at `now`, or undefined where the pool would revert. */
function sizeLiquidation(
  pool: PoolSnapshot,
  account: AccountSnapshot,
  collateralReserve: number,
  debtReserve: number,
  maxRepayAssets: bigint,
  now: bigint,
) {
  try {
    const [result] = simulate(pool, account, [{ type: "liquidate", collateralReserve, debtReserve, maxRepayAssets }], {
      timestamp: now,
    }).results;
    return result.type === "liquidate" ? result : undefined;
  } catch (error) {
    if (error instanceof SimulationError) return undefined;
    throw error;
  }
}

/**
 * One liquidation of `account`, if one pays: its largest debt against its largest collateral that
 * can be sold into that debt asset. Sizes are the most the pool allows (the SDK's liquidation math),
 * then halves of it while the router's quote for the seized collateral does not cover the repayment
 * and the flash fee; the first size whose eth_call earns at least $1 is sent.
 */
async function liquidateOnce(
  ctx: ReplayContext,
  pool: PoolSnapshot,
  account: AccountSnapshot,
  flashFeeBps: bigint,
): Promise<LiquidationRecord | undefined> {
  const { debts, collaterals } = byValue(pool, account, ctx.now);
  const debt = debts[0];
  if (debt === undefined) return undefined;
  const debtReserve = pool.reserves[debt.index];
  const debtAsset = debtReserve.config.asset;
  // byValue lists only reserves with a price; the liquidation needs the debt's to be live anyway.
  const debtPrice = debtReserve.price;
  if (debtPrice === undefined) return undefined;
  let collateralReserve: number | undefined;
  let path: Address[] | undefined;
  for (const { index } of collaterals) {
    path = await saleRoute(ctx, pool.reserves[index].config.asset, debtAsset);
    if (path !== undefined) {
      collateralReserve = index;
      break;
    }
  }
  if (collateralReserve === undefined || path === undefined) return undefined;

  const full = sizeLiquidation(pool, account, collateralReserve, debt.index, MAX_UINT256, ctx.now);
  if (full === undefined) return undefined;
  const keeper = ctx.walletClient.account.address;
  let repay = full.repaidAssets;
  for (let attempt = 0; attempt <= HALVINGS && repay > 0n; attempt++, repay /= 2n) {
    const amounts =
      attempt === 0 ? full : sizeLiquidation(pool, account, collateralReserve, debt.index, repay, ctx.now);
    if (amounts === undefined) continue;
    const received = amounts.seizedAssets - amounts.protocolFee;
    if (received === 0n) continue;
    const quote = await ctx.publicClient
      .readContract({
        address: ctx.deployment.router,
        abi: iUniswapV2QuotesAbi,
        functionName: "getAmountsOut",
        args: [received, path],
      })
      .then((amountsOut) => amountsOut[amountsOut.length - 1])
      .catch(() => 0n);
    const cost = amounts.repaidAssets + MathLib.mulDivUp(repay, flashFeeBps, BPS);
    if (quote <= cost || MathLib.mulDivDown(quote - cost, debtPrice, PRICE_SCALE) < MIN_PROFIT_VALUE) continue;

    const minAmountOut = (quote * (BPS - SLIPPAGE_BPS)) / BPS;
    const minProfit = MathLib.mulDivUp(MIN_PROFIT_VALUE, PRICE_SCALE, debtPrice);
    const args = [pool.poolId, account.account, BigInt(collateralReserve), BigInt(debt.index), repay, path] as const;
    const profit = await ctx.publicClient
      .simulateContract({
        account: keeper,
        address: ctx.deployment.liquidator,
        abi: keelLiquidatorAbi,
        functionName: "liquidate",
        args: [...args, minAmountOut, minProfit],
      })
      .then(({ result }) => result)
      .catch(() => 0n);
    if (profit < minProfit) continue;

    const balance = () =>
      ctx.publicClient.readContract({ address: debtAsset, abi: erc20Abi, functionName: "balanceOf", args: [keeper] });
    const before = await balance();
    const hash = await ctx.walletClient.writeContract({
      address: ctx.deployment.liquidator,
      abi: keelLiquidatorAbi,
      functionName: "liquidate",
      args: [...args, minAmountOut, minProfit],
    });
    const receipt = await ctx.publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`liquidation ${hash} reverted`);
    const event = parseEventLogs({ abi: keelPoolAbi, eventName: "Liquidate", logs: receipt.logs })[0];
    if (event === undefined) throw new Error(`liquidation ${hash} emitted no Liquidate event`);
    return {
      poolId: pool.poolId,
      borrower: account.account,
      collateralReserve,
      debtReserve: debt.index,
      repaidAssets: event.args.repaidAssets,
      seizedAssets: event.args.seizedAssets,
      protocolFee: event.args.protocolFee,
      profit: (await balance()) - before,
      blockNumber: receipt.blockNumber,
      transactionHash: hash,
      gasUsed: receipt.gasUsed,
      expected: {
        repaidAssets: amounts.repaidAssets,
        seizedAssets: amounts.seizedAssets,
        protocolFee: amounts.protocolFee,
      },
    };
  }
  return undefined;
}

/**
 * A straightforward keeper: in each pool, it reads the pool and every borrower with the SDK
 * (`getPoolSnapshot`, `getAccountSnapshot`), finds the accounts below health 1
 * (`accountHealthFactor`), worst first, and liquidates each through the KeelLiquidator (flash loan,
 * liquidation, sale of the collateral on Uniswap V2, repayment; it keeps the rest), re-reading the
 * pool and the account after each of its own liquidations.
 */
export const simpleKeeperStep: KeeperStep = async (ctx) => {
  const records: LiquidationRecord[] = [];
  const { pool: poolAddress } = ctx.deployment;
  const flashFeeBps = await ctx.publicClient.readContract({
    address: poolAddress,
    abi: keelPoolAbi,
    functionName: "flashFeeBps",
  });
  // Every pool read at once (pools do not share reserves, so a liquidation in one leaves the others' reads valid).
  const scans = await Promise.all(
    ctx.deployment.pools.map(async ({ id: poolId }) => {
      const borrowers = ctx.borrowers.get(poolId) ?? [];
      const pool = await getPoolSnapshot(ctx.publicClient, { pool: poolAddress, poolId });
      const accounts = await Promise.all(
        borrowers.map((account) =>
          getAccountSnapshot(ctx.publicClient, { pool: poolAddress, poolId, account, blockNumber: pool.blockNumber }),
        ),
      );
      const unhealthy = accounts
        .map((account) => ({ account, health: accountHealthFactor(pool, account) }))
        .filter(({ health }) => health < WAD)
        .sort((a, b) => (a.health < b.health ? -1 : a.health > b.health ? 1 : 0));
      return { poolId, pool, unhealthy };
    }),
  );
  for (const { poolId, unhealthy, ...scan } of scans) {
    let pool = scan.pool;
    // Our own liquidations change the pool's totals (and the account liquidated): read them again after one.
    let changed = false;
    for (const entry of unhealthy) {
      let account = entry.account;
      for (let round = 0; round < ROUNDS_PER_ACCOUNT; round++) {
        if (changed) {
          pool = await getPoolSnapshot(ctx.publicClient, { pool: poolAddress, poolId });
          if (round > 0) {
            account = await getAccountSnapshot(ctx.publicClient, {
              pool: poolAddress,
              poolId,
              account: account.account,
              blockNumber: pool.blockNumber,
            });
          }
          changed = false;
          if (accountHealthFactor(pool, account) >= WAD) break;
        }
        const record = await liquidateOnce(ctx, pool, account, flashFeeBps);
        if (record === undefined) break;
        records.push(record);
        changed = true;
      }
    }
  }
  return records;
};
