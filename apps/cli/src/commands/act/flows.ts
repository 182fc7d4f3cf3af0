// The one-transaction flows through the bundler (leverage, deleverage, repay with collateral, close,
// collateral and debt swaps), each described once in FLOWS: what differs is the request it builds and
// the options it takes; planning, preview, signing, sending and the read-back are one flow.
import {
  authorizeForOneBundle,
  bundlerAbi,
  executeBundle,
  expectedReserveState,
  getHealthFactor,
  keelPoolAbi,
  MathError,
  type PoolFlowPlan,
  type PoolFlowRequest,
  type PoolSnapshot,
  permitForBundle,
  planPoolFlow,
  SharesMathLib,
} from "@keel/sdk";
import type { Command } from "commander";
import type { Address, Hex } from "viem";
import { type GlobalOptions, readSignerContext, type SignerContext } from "../../lib/context.ts";
import { UsageError } from "../../lib/errors.ts";
import { formatAmount, formatHealthFactor } from "../../lib/format.ts";
import { parseAmount, parsePositiveDecimal, requireOption } from "../../lib/input.ts";
import { choosePoolId, findReserve, type NamedPool, type NamedReserve, readPool } from "../../lib/market.ts";
import { gasJson, gasSentence, gasSpent } from "../../lib/poolFees.ts";
import { action } from "../../lib/run.ts";
import { type PreviewRow, runTransaction } from "../../lib/transaction.ts";

type FlowOptions = {
  pool?: string;
  collateral?: string;
  debt?: string;
  from?: string;
  to?: string;
  deposit?: string;
  borrow?: string;
  repay?: string;
  sell?: string;
  slippage?: string;
  maxImpact?: string;
  minHealth?: string;
};

type FlowSpec = {
  name: string;
  description: string;
  /** The options the flow takes beyond --pool, --slippage, --max-impact and --min-health. */
  options: [flags: string, description: string][];
  /** Reads the options into the SDK's request; `pool` names the reserves. */
  request: (pool: NamedPool, options: FlowOptions) => PoolFlowRequest;
  /** What the preview calls the flow. */
  title: string;
};

const reserveOption = (pool: NamedPool, value: string | undefined, option: string) =>
  findReserve(pool, requireOption(value, option));

/** An exact amount of `reserve`'s token; "max" has no meaning for these flows' inputs. */
function exactAmount(value: string | undefined, option: string, reserve: NamedReserve, zeroAllowed = false): bigint {
  if (value === undefined && zeroAllowed) return 0n;
  const amount = parseAmount(requireOption(value, option), reserve.config.decimals, reserve.symbol);
  if (amount.kind === "max") throw new UsageError(`${option} needs an exact amount, not "max".`);
  if (amount.units === 0n && !zeroAllowed) throw new UsageError(`${option} must be more than zero.`);
  return amount.units;
}

export const FLOWS: readonly FlowSpec[] = [
  {
    name: "leverage",
    title: "leverage up",
    description: "Borrow more and swap it into collateral, in one transaction (a flash loan sizes it at once).",
    options: [
      ["--collateral <asset>", "the collateral to add"],
      ["--debt <asset>", "the asset to borrow"],
      ["--deposit <amount>", "collateral to add from your wallet first (default 0)"],
      ["--borrow <amount>", "how much more to borrow, swapped into collateral"],
    ],
    request: (pool, o) => {
      const collateral = reserveOption(pool, o.collateral, "--collateral");
      const debt = reserveOption(pool, o.debt, "--debt");
      return {
        kind: "leverage",
        collateral: collateral.index,
        debt: debt.index,
        deposit: exactAmount(o.deposit, "--deposit", collateral, true),
        borrow: exactAmount(o.borrow, "--borrow", debt),
      };
    },
  },
  {
    name: "deleverage",
    title: "leverage down",
    description: "Repay debt with collateral sold, in one transaction (a flash loan repays first).",
    options: [
      ["--collateral <asset>", "the collateral to sell"],
      ["--debt <asset>", "the debt to repay"],
      ["--repay <amount>", "how much debt to repay"],
    ],
    request: (pool, o) => {
      const collateral = reserveOption(pool, o.collateral, "--collateral");
      const debt = reserveOption(pool, o.debt, "--debt");
      return {
        kind: "deleverage",
        collateral: collateral.index,
        debt: debt.index,
        repay: exactAmount(o.repay, "--repay", debt),
      };
    },
  },
  {
    name: "repay-with-collateral",
    title: "repay with collateral",
    description: "Sell some collateral and repay debt with the proceeds, in one transaction.",
    options: [
      ["--collateral <asset>", "the collateral to sell"],
      ["--debt <asset>", "the debt to repay"],
      ["--sell <amount>", "how much collateral to sell"],
    ],
    request: (pool, o) => {
      const collateral = reserveOption(pool, o.collateral, "--collateral");
      const debt = reserveOption(pool, o.debt, "--debt");
      return {
        kind: "repayWithCollateral",
        collateral: collateral.index,
        debt: debt.index,
        sell: exactAmount(o.sell, "--sell", collateral),
      };
    },
  },
  {
    name: "close",
    title: "close the position",
    description: "Repay the whole debt with collateral sold and take the rest of the collateral back.",
    options: [
      ["--collateral <asset>", "the collateral to sell and take back"],
      ["--debt <asset>", "the debt to repay in full"],
    ],
    request: (pool, o) => ({
      kind: "close",
      collateral: reserveOption(pool, o.collateral, "--collateral").index,
      debt: reserveOption(pool, o.debt, "--debt").index,
    }),
  },
  {
    name: "swap-collateral",
    title: "swap collateral",
    description: "Move all of one collateral into another, keeping the debt, in one transaction.",
    options: [
      ["--from <asset>", "the collateral to sell, all of it"],
      ["--to <asset>", "the collateral to buy"],
      ["--debt <asset>", "your debt in the pool, if any (it is repaid and borrowed back)"],
    ],
    request: (pool, o) => ({
      kind: "swapCollateral",
      from: reserveOption(pool, o.from, "--from").index,
      to: reserveOption(pool, o.to, "--to").index,
      debt: o.debt === undefined ? undefined : reserveOption(pool, o.debt, "--debt").index,
    }),
  },
  {
    name: "swap-debt",
    title: "swap debt",
    description: "Move the whole debt of one asset into a debt of another, in one transaction.",
    options: [
      ["--from <asset>", "the debt to repay, all of it"],
      ["--to <asset>", "the asset to owe instead"],
    ],
    request: (pool, o) => ({
      kind: "swapDebt",
      from: reserveOption(pool, o.from, "--from").index,
      to: reserveOption(pool, o.to, "--to").index,
    }),
  },
];

/** A percentage option ("0.5" for 0.5%) in BPS. */
function percentInBps(value: string | undefined, option: string, fallback: bigint): bigint {
  if (value === undefined) return fallback;
  const text = parsePositiveDecimal(value, option);
  const [whole, fraction = ""] = text.split(".");
  if (fraction.length > 2) throw new UsageError(`${option} takes at most two decimals (a hundredth of a percent).`);
  const bps = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, "0"));
  if (bps > 10_000n) throw new UsageError(`${option} is a percentage: at most 100.`);
  return bps;
}

type Planned = { pool: NamedPool; plan: PoolFlowPlan; bundler: Address; steps: Hex[]; oneTime: boolean; gas: bigint };

async function planFlow(context: SignerContext, spec: FlowSpec, options: FlowOptions): Promise<Planned> {
  const periphery = context.deployment.periphery;
  if (periphery === undefined) throw new UsageError("This deployment has no bundler; flows need one.");
  const pool = await readPool(context, choosePoolId(context, options.pool));
  const request = spec.request(pool, options);
  const account = context.account.address;
  const minHealth =
    options.minHealth === undefined ? undefined : parsePositiveDecimal(options.minHealth, "--min-health");
  let plan: PoolFlowPlan;
  try {
    plan = await planPoolFlow(context.publicClient, {
      pool: context.deployment.contracts.pool,
      poolId: pool.poolId,
      bundler: periphery.bundler,
      swapAdapter: periphery.swapAdapter,
      router: context.deployment.uniswap.router,
      registry: periphery.registry,
      account,
      request,
      // Swaps may route through the deployment's deepest tokens when two tokens share no pair.
      hubs: ["USDC", "WETH"].flatMap((symbol) => {
        const token = context.deployment.tokens[symbol];
        return token === undefined ? [] : [token.address];
      }),
      slippageBps: percentInBps(options.slippage, "--slippage", 50n),
      maxDeviationBps: percentInBps(options.maxImpact, "--max-impact", 100n),
      minHealthFactor: minHealth === undefined ? undefined : wad(minHealth),
    });
  } catch (error) {
    // A plan the contracts would refuse (a thin market, a health factor too low) is the user's to change.
    if (error instanceof MathError) throw new UsageError(error.message);
    throw error;
  }
  const oneTime = !(await context.publicClient.readContract({
    address: context.deployment.contracts.pool,
    abi: keelPoolAbi,
    functionName: "isAuthorized",
    args: [account, periphery.bundler],
  }));
  let steps = await authorizeForOneBundle(context.walletClient, {
    pool: context.deployment.contracts.pool,
    bundler: periphery.bundler,
    steps: plan.steps,
  });
  if (request.kind === "leverage" && request.deposit > 0n) {
    const token = pool.reserves[request.collateral].config.asset;
    steps = await permitForBundle(context.walletClient, {
      token,
      bundler: periphery.bundler,
      value: request.deposit,
      steps,
    });
  }
  const gas = await context.publicClient.estimateContractGas({
    address: periphery.bundler,
    abi: bundlerAbi,
    functionName: "multicall",
    args: [steps],
    account,
  });
  return { pool, plan, bundler: periphery.bundler, steps, oneTime, gas };
}

const wad = (decimal: string) => {
  const [whole, fraction = ""] = decimal.split(".");
  return BigInt(whole) * 10n ** 18n + BigInt(fraction.padEnd(18, "0").slice(0, 18));
};

function symbolOf(pool: NamedPool, token: string): string {
  return pool.reserves.find((r) => r.config.asset.toLowerCase() === token.toLowerCase())?.symbol ?? token;
}

function tokenAmount(pool: NamedPool, token: string, units: bigint): string {
  const reserve = pool.reserves.find((r) => r.config.asset.toLowerCase() === token.toLowerCase());
  if (reserve === undefined) return `${units} units of ${token}`;
  return `${formatAmount(units, reserve.config.decimals)} ${reserve.symbol}`;
}

/** Debt in token units (rounded up, as the pool counts it) of `shares` in a snapshot's reserve. */
function debtAssets(snapshot: PoolSnapshot, index: number, shares: bigint): bigint {
  const state = expectedReserveState(snapshot.reserves[index], snapshot.timestamp);
  return SharesMathLib.toAssetsUp(shares, state.totalBorrowAssets, state.totalBorrowShares);
}

/** A row per reserve whose collateral or debt the flow moves: before → after. */
function positionRows(pool: NamedPool, plan: PoolFlowPlan): PreviewRow[] {
  const rows: PreviewRow[] = [];
  for (const reserve of pool.reserves) {
    const before = plan.before.account.positions[reserve.index];
    const after = plan.after.account.positions[reserve.index];
    if (before === undefined || after === undefined) continue;
    const amount = (units: bigint) => `${formatAmount(units, reserve.config.decimals)} ${reserve.symbol}`;
    if (before.collateral !== after.collateral) {
      rows.push([`Collateral ${reserve.symbol}`, `${amount(before.collateral)} → ${amount(after.collateral)}`]);
    }
    if (before.debtShares !== after.debtShares) {
      const was = debtAssets(plan.before.pool, reserve.index, before.debtShares);
      const will = debtAssets(plan.after.pool, reserve.index, after.debtShares);
      rows.push([`Debt ${reserve.symbol}`, `${amount(was)} → ${will === 0n ? "none" : amount(will)}`]);
    }
  }
  return rows;
}

function flowDescriptor(context: SignerContext, spec: FlowSpec, options: FlowOptions) {
  return {
    plan: () => planFlow(context, spec, options),
    preview: ({ pool, plan, oneTime, gas }: Planned): PreviewRow[] => {
      const { swap, flash } = plan;
      const rows: PreviewRow[] = [
        ["Operation", `${spec.title}, in one transaction through the bundler`],
        [
          "Swap",
          `${tokenAmount(pool, swap.tokenIn, swap.amountIn)} → about ${tokenAmount(pool, swap.tokenOut, swap.quotedOut)} (at least ${tokenAmount(pool, swap.tokenOut, swap.minOut)})`,
        ],
        ["Route", swap.path.map((token) => symbolOf(pool, token)).join(" → ")],
        ["Price vs oracles", `${(Number(swap.deviationBps) / 100).toFixed(2)}% below fair value`],
      ];
      if (flash)
        rows.push([
          "Flash loan",
          `${tokenAmount(pool, flash.token, flash.amount)}, fee ${tokenAmount(pool, flash.token, flash.fee)}`,
        ]);
      rows.push(...positionRows(pool, plan));
      rows.push([
        "Health factor",
        `${formatHealthFactor(plan.before.healthFactor)} → ${formatHealthFactor(plan.after.healthFactor)}`,
      ]);
      rows.push([
        "Bundler",
        oneTime
          ? "authorized for this transaction only (you sign a grant and its revoke)"
          : "already authorized by you",
      ]);
      rows.push(["Gas (estimate)", gas.toLocaleString("en-US")]);
      rows.push(["Signer", `${context.account.address} (${context.accountSource})`]);
      return rows;
    },
    warnings: ({ plan }: Planned) =>
      plan.after.healthFactor !== undefined && plan.after.healthFactor < 12n * 10n ** 17n
        ? [
            `the health factor would be ${formatHealthFactor(plan.after.healthFactor)}: a 10% price move could make it liquidatable.`,
          ]
        : [],
    json: ({ plan, gas }: Planned) => ({
      flow: spec.name,
      swap: plan.swap,
      flash: plan.flash,
      healthFactorBefore: plan.before.healthFactor,
      healthFactorAfter: plan.after.healthFactor,
      gasEstimate: gas,
    }),
    send: ({ bundler, steps }: Planned) => executeBundle(context.walletClient, { bundler, steps }),
    report: async ({ pool }: Planned, sent: Awaited<ReturnType<typeof executeBundle>>) => {
      const health = await getHealthFactor(context.publicClient, {
        pool: context.deployment.contracts.pool,
        poolId: pool.poolId,
        account: context.account.address,
      });
      const gas = gasSpent([sent.receipt]);
      return {
        sentence: `Done (${spec.title}) in ${sent.hash}: your health factor is now ${formatHealthFactor(health)}. ${gasSentence(gas)}`,
        json: { hash: sent.hash, healthFactor: health, ...gasJson(gas) },
      };
    },
  };
}

/** `keel leverage`, `keel deleverage`, `keel repay-with-collateral`, `keel close`, `keel swap-collateral`, `keel swap-debt`. */
export function registerFlows(program: Command): void {
  for (const spec of FLOWS) {
    const command = program.command(spec.name).description(spec.description);
    command.option("--pool <id>", "the pool (default: the deployment's first pool)");
    for (const [flags, description] of spec.options) command.option(flags, description);
    command
      .option("--slippage <percent>", "how far below the quote the swap may fill (default 0.5)")
      .option("--max-impact <percent>", "how far below the oracles' fair value the swap may be (default 1)")
      .option("--min-health <factor>", "the health factor the bundle must leave (default 1.10)")
      .action(
        action(async (options: FlowOptions, cmd: Command) => {
          const context = await readSignerContext(cmd.optsWithGlobals<GlobalOptions>());
          await runTransaction(context, flowDescriptor(context, spec, options));
        }),
      );
  }
}
