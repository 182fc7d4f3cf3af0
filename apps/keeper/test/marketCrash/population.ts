/**
 * The market crash replay's borrowers: a seeded population on the devnet's three pools, opened at
 * designed health factors at the devnet's starting prices, and the lender whose supply they borrow.
 * Which loans exist, how large and how healthy is plain arithmetic from a fixed seed
 * (`borrowerPopulation`); opening them on chain reads the pools' own prices, thresholds and e-mode
 * (`seedPopulation`), so every health lands where it was designed.
 */
import {
  accountCategory,
  collateralParams,
  devTokenAbi,
  getPoolSnapshot,
  keelPoolAbi,
  MathLib,
  type PoolSnapshot,
  PRICE_SCALE,
  pegStabilityModuleAbi,
} from "@keel/sdk";
import { type Abi, type Address, type Hex, keccak256, maxUint256, type PublicClient, stringToHex } from "viem";
import { privateKeyToAddress } from "viem/accounts";
import { seededRandom } from "../../../../contracts/test/fixtures/crash.ts";

const WAD = 10n ** 18n;
const BPS = 10_000n;
/** The lender supplies each borrowed reserve so that it runs at this utilization: ordinary rates. */
const UTILIZATION_BPS = 7_000n;

/** A kind of borrower: where it borrows, against what, how much and how close to liquidation. */
type ArchetypeSpec = {
  poolId: bigint;
  /** Collateral symbols; a loan of several splits its liquidation value between them at random. */
  collateral: readonly string[];
  debt: string;
  /** Relative share of the population. */
  weight: number;
  /** Designed health factor range, BPS; draws are skewed toward its low end (u²). */
  health: readonly [number, number];
  /** Debt range in dollars; draws are log-uniform. */
  debtUsd: readonly [number, number];
  description: string;
};

/**
 * The kinds of borrowers, with the devnet's pools in mind: long ETH or BTC against stablecoin debt
 * (the most common loans), ETH shorts against USDC, and wstETH/WETH loopers at the e-mode's 93%
 * threshold in the core pool and in the isolated pool. Every health range starts above the
 * collateral's threshold / LTV, so each loan can be opened.
 */
export const ARCHETYPES = {
  "eth-usdc": {
    poolId: 0n,
    collateral: ["WETH"],
    debt: "USDC",
    weight: 22,
    health: [10_800, 26_000],
    debtUsd: [3_000, 400_000],
    description: "core: WETH collateral, USDC debt",
  },
  "eth-kusd": {
    poolId: 0n,
    collateral: ["WETH"],
    debt: "kUSD",
    weight: 5,
    health: [10_800, 26_000],
    debtUsd: [3_000, 150_000],
    description: "core: WETH collateral, kUSD debt",
  },
  "btc-usdc": {
    poolId: 0n,
    collateral: ["WBTC"],
    debt: "USDC",
    weight: 6,
    health: [11_000, 26_000],
    debtUsd: [3_000, 300_000],
    description: "core: WBTC collateral, USDC debt",
  },
  "eth-btc-usdc": {
    poolId: 0n,
    collateral: ["WETH", "WBTC"],
    debt: "USDC",
    weight: 7,
    health: [11_000, 26_000],
    debtUsd: [5_000, 400_000],
    description: "core: WETH and WBTC collateral, USDC debt",
  },
  "usdc-eth": {
    poolId: 0n,
    collateral: ["USDC"],
    debt: "WETH",
    weight: 12,
    health: [10_800, 24_000],
    debtUsd: [3_000, 300_000],
    description: "core: USDC collateral, WETH debt (short ETH)",
  },
  "emode-loop": {
    poolId: 0n,
    collateral: ["wstETH"],
    debt: "WETH",
    weight: 12,
    health: [10_400, 13_000],
    debtUsd: [20_000, 1_200_000],
    description: "core, ETH e-mode: wstETH collateral, WETH debt (looped)",
  },
  "isolated-btc": {
    poolId: 1n,
    collateral: ["WBTC"],
    debt: "USDC",
    weight: 14,
    health: [11_000, 26_000],
    debtUsd: [3_000, 400_000],
    description: "pool 1: WBTC collateral, USDC debt",
  },
  "isolated-loop": {
    poolId: 2n,
    collateral: ["wstETH"],
    debt: "WETH",
    weight: 14,
    health: [10_400, 13_000],
    debtUsd: [20_000, 1_200_000],
    description: "pool 2: wstETH collateral, WETH debt (looped)",
  },
} as const satisfies Record<string, ArchetypeSpec>;

export type Archetype = keyof typeof ARCHETYPES;

/** One loan to open. */
export type LoanSpec = {
  label: string;
  archetype: Archetype;
  poolId: bigint;
  /** A fresh address, from a private key derived from the seed (no one signs with it: the replay impersonates it). */
  address: Address;
  /** Each collateral and its share of the loan's liquidation value, BPS; the shares sum to 10,000. */
  collateral: { symbol: string; shareBps: bigint }[];
  debt: string;
  /** Whole dollars borrowed, at the opening price. */
  debtUsd: bigint;
  /** Designed health factor, BPS. */
  healthBps: bigint;
};

/** How many loans of each kind: `count` split by weight, the remainders to the largest fractions. */
function apportion(count: number): [Archetype, number][] {
  const entries = Object.entries(ARCHETYPES) as [Archetype, ArchetypeSpec][];
  const total = entries.reduce((sum, [, spec]) => sum + spec.weight, 0);
  const exact = entries.map(([key, spec]) => ({ key, share: (count * spec.weight) / total }));
  const counts = exact.map(({ key, share }) => ({ key, n: Math.floor(share), rest: share - Math.floor(share) }));
  let left = count - counts.reduce((sum, c) => sum + c.n, 0);
  for (const c of [...counts].sort((a, b) => b.rest - a.rest)) {
    if (left-- <= 0) break;
    c.n++;
  }
  return counts.map(({ key, n }) => [key, n]);
}

/** `count` loans from `seed`: kinds by weight, debts log-uniform, healths skewed toward each range's low end. */
export function borrowerPopulation(count: number, seed: number): LoanSpec[] {
  const random = seededRandom(seed);
  const loans: LoanSpec[] = [];
  for (const [archetype, n] of apportion(count)) {
    const spec: ArchetypeSpec = ARCHETYPES[archetype];
    for (let i = 0; i < n; i++) {
      const [minDebt, maxDebt] = spec.debtUsd;
      const debtUsd = BigInt(Math.round(Math.exp(Math.log(minDebt) + random() * Math.log(maxDebt / minDebt))));
      const [lowHealth, highHealth] = spec.health;
      const healthBps = BigInt(Math.round(lowHealth + (highHealth - lowHealth) * random() ** 2));
      // Several collaterals: the first carries 30–70% of the liquidation value, the second the rest.
      const firstShare = spec.collateral.length === 1 ? BPS : BigInt(3_000 + Math.round(4_000 * random()));
      const collateral = spec.collateral.map((symbol, index) => ({
        symbol,
        shareBps: index === 0 ? firstShare : BPS - firstShare,
      }));
      const index = loans.length;
      loans.push({
        label: `${archetype}-${String(i + 1).padStart(2, "0")}`,
        archetype,
        poolId: spec.poolId,
        address: privateKeyToAddress(keccak256(stringToHex(`keel market crash borrower ${seed} ${index}`))),
        collateral,
        debt: spec.debt,
        debtUsd,
        healthBps,
      });
    }
  }
  return loans;
}

/** The private key of a role of the replay (lender, keeper, arbitrageur, oracle), derived from its name. */
export function replayKey(role: string): Hex {
  return keccak256(stringToHex(`keel market crash ${role}`));
}

/** The address of a role of the replay. */
export function replayAddress(role: string): Address {
  return privateKeyToAddress(replayKey(role));
}

/** One contract call, sent by the chain helper as a given account. */
export type ContractCall = { address: Address; abi: Abi; functionName: string; args: readonly unknown[] };

/** What seeding needs: a client, the contracts, and a way to act as any address. */
export type SeedChain = {
  publicClient: PublicClient;
  pool: Address;
  /** The USDC peg module, where the lender buys the kUSD it supplies. */
  psm: Address;
  tokens: Readonly<Record<string, Address>>;
  /** Each pool's reserve symbols in index order, by pool id. */
  reserves: readonly (readonly string[])[];
  /** Gives `account` gas and lets the replay send as it. */
  prepare: (account: Address) => Promise<void>;
  /** Sends `call` from `from`; fails on a revert. */
  send: (from: Address, call: ContractCall) => Promise<void>;
};

/** An opened loan: its spec and what it locked and owes at opening, in token units. */
export type Borrower = LoanSpec & { collateralUnits: bigint[]; debtUnits: bigint };

function reserveIndex(chain: SeedChain, poolId: bigint, symbol: string): number {
  const index = chain.reserves[Number(poolId)].indexOf(symbol);
  if (index < 0) throw new Error(`pool ${poolId} has no ${symbol} reserve`);
  return index;
}

function priceOf(pool: PoolSnapshot, index: number): bigint {
  const price = pool.reserves[index].price;
  if (price === undefined) throw new Error(`pool ${pool.poolId} reserve ${index} has no price`);
  return price;
}

/**
 * The units a loan locks and owes at the pools' prices now: the debt worth `debtUsd`, and each
 * collateral worth its share of debt × health / threshold, the threshold being e-mode's when every
 * debt (here the one) is in the collateral's category. Collateral rounds up, so health lands at or
 * just above its design.
 */
function sizeLoan(chain: SeedChain, pool: PoolSnapshot, loan: LoanSpec): Borrower {
  const debtIndex = reserveIndex(chain, loan.poolId, loan.debt);
  const debtPrice = priceOf(pool, debtIndex);
  const debtUnits = (loan.debtUsd * WAD * PRICE_SCALE) / debtPrice;
  const debtValue = MathLib.mulDivUp(debtUnits, debtPrice, PRICE_SCALE);
  const category = accountCategory(pool, 1 << debtIndex);
  const collateralUnits = loan.collateral.map(({ symbol, shareBps }) => {
    const index = reserveIndex(chain, loan.poolId, symbol);
    const { thresholdBps } = collateralParams(pool, pool.reserves[index].config, category);
    const value = MathLib.mulDivUp(debtValue * loan.healthBps, shareBps, BPS * thresholdBps);
    return MathLib.mulDivUp(value, PRICE_SCALE, priceOf(pool, index));
  });
  return { ...loan, collateralUnits, debtUnits };
}

/**
 * Opens every loan: the lender first supplies each borrowed reserve for 70% utilization (its kUSD
 * bought from the peg module, since only the engine and the peg module mint kUSD), then each
 * borrower mints its collateral (the devnet's tokens are freely mintable), deposits it and borrows.
 */
export async function seedPopulation(chain: SeedChain, loans: LoanSpec[], lender: Address): Promise<Borrower[]> {
  const snapshots = await Promise.all(
    chain.reserves.map((_, poolId) =>
      getPoolSnapshot(chain.publicClient, { pool: chain.pool, poolId: BigInt(poolId) }),
    ),
  );
  const borrowers = loans.map((loan) => sizeLoan(chain, snapshots[Number(loan.poolId)], loan));

  const token = (symbol: string) => {
    const address = chain.tokens[symbol];
    if (address === undefined) throw new Error(`no token ${symbol}`);
    return address;
  };
  const mint = (to: Address, symbol: string, amount: bigint) =>
    chain.send(to, { address: token(symbol), abi: devTokenAbi, functionName: "mint", args: [to, amount] });
  const approve = (from: Address, symbol: string, spender: Address) =>
    chain.send(from, {
      address: token(symbol),
      abi: devTokenAbi,
      functionName: "approve",
      args: [spender, maxUint256],
    });

  // The lender: the borrowed total of each (pool, reserve) / 70%.
  await chain.prepare(lender);
  const borrowed = new Map<string, bigint>();
  for (const b of borrowers) {
    const key = `${b.poolId}:${b.debt}`;
    borrowed.set(key, (borrowed.get(key) ?? 0n) + b.debtUnits);
  }
  for (const [key, total] of [...borrowed].sort(([a], [b]) => a.localeCompare(b))) {
    const [poolId, symbol] = key.split(":");
    const supply = (total * BPS) / UTILIZATION_BPS;
    if (symbol === "kUSD") {
      // kUSD out = USDC × 1e12 less the module's fee: a tenth of a percent more USDC covers it.
      const usdc = (supply * 1_002n) / (1_000n * 10n ** 12n) + 1n;
      await mint(lender, "USDC", usdc);
      await approve(lender, "USDC", chain.psm);
      await chain.send(lender, {
        address: chain.psm,
        abi: pegStabilityModuleAbi,
        functionName: "sellGem",
        args: [usdc, lender],
      });
    } else {
      await mint(lender, symbol, supply);
    }
    await approve(lender, symbol, chain.pool);
    const index = BigInt(reserveIndex(chain, BigInt(poolId), symbol));
    await chain.send(lender, {
      address: chain.pool,
      abi: keelPoolAbi,
      functionName: "supply",
      args: [BigInt(poolId), index, supply, 0n, lender],
    });
  }

  for (const b of borrowers) {
    await chain.prepare(b.address);
    for (const [i, { symbol }] of b.collateral.entries()) {
      await mint(b.address, symbol, b.collateralUnits[i]);
      await approve(b.address, symbol, chain.pool);
      await chain.send(b.address, {
        address: chain.pool,
        abi: keelPoolAbi,
        functionName: "supplyCollateral",
        args: [b.poolId, BigInt(reserveIndex(chain, b.poolId, symbol)), b.collateralUnits[i], b.address],
      });
    }
    await chain.send(b.address, {
      address: chain.pool,
      abi: keelPoolAbi,
      functionName: "borrow",
      args: [b.poolId, BigInt(reserveIndex(chain, b.poolId, b.debt)), b.debtUnits, 0n, b.address, b.address],
    });
  }
  return borrowers;
}
