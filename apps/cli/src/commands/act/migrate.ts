// `keel migrate --from aave|morpho|pool N`: move a loan into Keel in one transaction, with no capital
// (docs/periphery.md): a flash loan repays the source, its collateral is posted on Keel, and a Keel borrow
// (or a kUSD vault's mint) repays the loan. Every authorization it needs lasts that one transaction.
import {
  bundlerAbi,
  cdpEngineAbi,
  executeBundle,
  getHealthFactor,
  type MigrationPlan,
  type MigrationTarget,
  planMigrationBetweenPools,
  planMigrationFromAave,
  planMigrationFromMorpho,
  planMigrationIntoVault,
} from "@keel/sdk";
import type { Command } from "commander";
import { type Address, type Hex, parseEventLogs } from "viem";
import { findCollateralType, findPegModule, requireCdp } from "../../lib/cdp.ts";
import { type GlobalOptions, readSignerContext, type SignerContext } from "../../lib/context.ts";
import { UsageError } from "../../lib/errors.ts";
import { formatAmount, formatHealthFactor, formatPercent } from "../../lib/format.ts";
import { requireOption } from "../../lib/input.ts";
import {
  choosePoolId,
  findReserve,
  type NamedPool,
  type NamedReserve,
  poolName,
  readPool,
  usdValue,
} from "../../lib/market.ts";
import { gasJson, gasSentence, gasSpent } from "../../lib/poolFees.ts";
import { action } from "../../lib/run.ts";
import { type PreviewRow, runTransaction } from "../../lib/transaction.ts";

type MigrateOptions = {
  from?: string[];
  collateral?: string;
  debt?: string;
  market?: string;
  pool?: string;
  toVault?: boolean;
};

const WAD = 10n ** 18n;
const BPS = 10_000n;

/** Where the loan comes from, as the options name it. */
type Source = { kind: "aave" } | { kind: "morpho" } | { kind: "pool"; poolId: bigint };

function parseSource(words: string[] | undefined): Source {
  const [kind, id, ...rest] = words ?? [];
  if (rest.length === 0) {
    if (kind === "aave" && id === undefined) return { kind: "aave" };
    if (kind === "morpho" && id === undefined) return { kind: "morpho" };
    if (kind === "pool" && id !== undefined && /^\d+$/.test(id)) return { kind: "pool", poolId: BigInt(id) };
  }
  throw new UsageError("--from is aave, morpho or pool <id> (for example --from pool 0).");
}

type Planned = {
  plan: MigrationPlan;
  title: string;
  collateral: { symbol: string; decimals: number };
  debt: { symbol: string; decimals: number };
  /** The Keel side: a pool and its reserves, or a kUSD vault. */
  landing: { kind: "pool"; pool: NamedPool; collateral: NamedReserve; debt: NamedReserve } | { kind: "vault" };
  /** Health factor (pool) or collateral ratio (vault) of the moved position at the oracles, WAD. */
  estimate: bigint | undefined;
  gas: bigint;
  bundler: Address;
};

function periphery(context: SignerContext) {
  const found = context.deployment.periphery;
  if (found === undefined) throw new UsageError("This deployment has no bundler; a migration needs one.");
  return found;
}

function token(context: SignerContext, symbol: string) {
  const found = context.deployment.tokens[symbol];
  if (found === undefined) throw new UsageError(`The deployment has no token ${symbol}.`);
  return found;
}

/** The Keel pool the loan lands in, with its reserves for the two assets. */
async function landingPool(context: SignerContext, options: MigrateOptions, collateral: string, debt: string) {
  const pool = await readPool(context, choosePoolId(context, options.pool));
  const target: MigrationTarget = {
    bundler: periphery(context).bundler,
    pool: context.deployment.contracts.pool,
    poolId: pool.poolId,
    collateral: BigInt(findReserve(pool, collateral).index),
    debt: BigInt(findReserve(pool, debt).index),
  };
  return { pool, target, collateralReserve: findReserve(pool, collateral), debtReserve: findReserve(pool, debt) };
}

/** The moved position's health on Keel at the oracles (collateral × threshold / debt), or undefined. */
function healthEstimate(collateral: NamedReserve, debt: NamedReserve, plan: MigrationPlan): bigint | undefined {
  const debtValue = usdValue(debt, plan.target.borrow);
  if (debtValue === 0n) return undefined;
  const weighted =
    (usdValue(collateral, plan.target.collateral) * BigInt(collateral.config.liquidationThresholdBps)) / BPS;
  return (weighted * WAD) / debtValue;
}

/** Refuses a migration Keel would refuse: a borrow beyond the collateral's borrowing power. */
function requireBorrowPower(collateral: NamedReserve, debt: NamedReserve, plan: MigrationPlan, poolLabel: string) {
  const power = (usdValue(collateral, plan.target.collateral) * BigInt(collateral.config.ltvBps)) / BPS;
  if (usdValue(debt, plan.target.borrow) > power) {
    throw new UsageError(
      `${poolLabel} lends at most ${formatPercent((BigInt(collateral.config.ltvBps) * WAD) / BPS)} of ${collateral.symbol}'s value, less than this loan needs; repay part of it first, or choose another pool.`,
    );
  }
}

async function planMigration(context: SignerContext, options: MigrateOptions): Promise<Planned> {
  const source = parseSource(options.from);
  const { bundler } = periphery(context);
  const external = context.deployment.external;
  let plan: MigrationPlan;
  let title: string;
  let collateralSymbol: string;
  let debtSymbol: string;

  if (source.kind === "morpho") {
    const morpho = external?.morpho;
    if (morpho === undefined) throw new UsageError("This deployment lists no Morpho Blue.");
    const label = options.market ?? `${options.collateral ?? ""}/${options.debt ?? ""}`;
    const market = morpho.markets.find((m) => m.label.toUpperCase() === label.toUpperCase());
    if (market === undefined) {
      throw new UsageError(
        `No Morpho market ${label}; give --market (one of ${morpho.markets.map((m) => m.label).join(", ")}).`,
      );
    }
    collateralSymbol = market.collateralToken;
    debtSymbol = market.loanToken;
    const landing = await landingPool(context, options, collateralSymbol, debtSymbol);
    plan = await planOrExplain(() =>
      planMigrationFromMorpho(context.walletClient, {
        morpho: morpho.morpho,
        market: {
          loanToken: token(context, debtSymbol).address,
          collateralToken: token(context, collateralSymbol).address,
          oracle: market.oracle,
          irm: market.irm,
          lltv: BigInt(market.lltv),
        },
        target: landing.target,
      }),
    );
    title = `move your ${market.label} loan from Morpho Blue to ${poolName(context, landing.pool.poolId)}`;
    return finish(context, plan, title, landing, bundler);
  }

  collateralSymbol = requireOption(options.collateral, "--collateral");
  debtSymbol = requireOption(options.debt, "--debt");
  if (source.kind === "aave") {
    const aave = external?.aave;
    if (aave === undefined) throw new UsageError("This deployment lists no Aave v3.");
    for (const symbol of [collateralSymbol, debtSymbol]) {
      if (aave.reserves[symbol] === undefined) {
        throw new UsageError(`Aave lists no ${symbol} here; it lists ${Object.keys(aave.reserves).join(", ")}.`);
      }
    }
    const landing = await landingPool(context, options, collateralSymbol, debtSymbol);
    plan = await planOrExplain(() =>
      planMigrationFromAave(context.walletClient, {
        source: {
          aavePool: aave.pool,
          collateralAsset: token(context, collateralSymbol).address,
          debtAsset: token(context, debtSymbol).address,
        },
        target: landing.target,
      }),
    );
    title = `move your ${collateralSymbol} / ${debtSymbol} loan from Aave v3 to ${poolName(context, landing.pool.poolId)}`;
    return finish(context, plan, title, landing, bundler);
  }

  const sourcePool = await readPool(context, source.poolId);
  const from = {
    poolId: source.poolId,
    collateral: BigInt(findReserve(sourcePool, collateralSymbol).index),
    debt: BigInt(findReserve(sourcePool, debtSymbol).index),
  };
  if (options.toVault) {
    const cdp = requireCdp(context);
    const type = findCollateralType(context, collateralSymbol);
    const psm = findPegModule(context);
    if (token(context, psm.gem).address.toLowerCase() !== token(context, debtSymbol).address.toLowerCase()) {
      throw new UsageError(
        `Only a ${psm.gem} loan moves into a vault: the peg module turns the vault's kUSD into ${psm.gem}.`,
      );
    }
    plan = await planOrExplain(() =>
      planMigrationIntoVault(context.walletClient, {
        source: from,
        target: {
          bundler,
          pool: context.deployment.contracts.pool,
          engine: cdp.engine,
          kusd: cdp.kusd,
          psm: psm.address,
          typeId: type.id,
        },
      }),
    );
    const collateral = findReserve(sourcePool, collateralSymbol);
    const ratio =
      plan.target.borrow === 0n ? undefined : (usdValue(collateral, plan.target.collateral) * WAD) / plan.target.borrow;
    return {
      plan,
      title: `move your ${collateralSymbol} / ${debtSymbol} loan from ${poolName(context, source.poolId)} into a new ${type.name} vault`,
      collateral: { symbol: collateral.symbol, decimals: collateral.config.decimals },
      debt: { symbol: debtSymbol, decimals: token(context, debtSymbol).decimals },
      landing: { kind: "vault" },
      estimate: ratio,
      gas: await estimate(context, bundler, plan.steps),
      bundler,
    };
  }
  const landing = await landingPool(context, options, collateralSymbol, debtSymbol);
  if (landing.pool.poolId === source.poolId) throw new UsageError("--pool must name another pool than --from.");
  plan = await planOrExplain(() =>
    planMigrationBetweenPools(context.walletClient, {
      source: from,
      target: landing.target,
      debtAsset: token(context, debtSymbol).address,
    }),
  );
  title = `move your ${collateralSymbol} / ${debtSymbol} loan from ${poolName(context, source.poolId)} to ${poolName(context, landing.pool.poolId)}`;
  return finish(context, plan, title, landing, bundler);
}

/** The SDK says in a sentence when there is nothing to move: that is input to fix (exit code 2). */
async function planOrExplain(plan: () => Promise<MigrationPlan>): Promise<MigrationPlan> {
  try {
    return await plan();
  } catch (error) {
    if (error instanceof Error && /owes nothing|nothing to move|no supply/.test(error.message)) {
      throw new UsageError(error.message);
    }
    throw error;
  }
}

async function finish(
  context: SignerContext,
  plan: MigrationPlan,
  title: string,
  landing: Awaited<ReturnType<typeof landingPool>>,
  bundler: Address,
): Promise<Planned> {
  const { pool, collateralReserve, debtReserve } = landing;
  requireBorrowPower(collateralReserve, debtReserve, plan, poolName(context, pool.poolId));
  return {
    plan,
    title,
    collateral: { symbol: collateralReserve.symbol, decimals: collateralReserve.config.decimals },
    debt: { symbol: debtReserve.symbol, decimals: debtReserve.config.decimals },
    landing: { kind: "pool", pool, collateral: collateralReserve, debt: debtReserve },
    estimate: healthEstimate(collateralReserve, debtReserve, plan),
    gas: await estimate(context, bundler, plan.steps),
    bundler,
  };
}

function estimate(context: SignerContext, bundler: Address, steps: Hex[]): Promise<bigint> {
  return context.publicClient.estimateContractGas({
    address: bundler,
    abi: bundlerAbi,
    functionName: "multicall",
    args: [steps],
    account: context.account.address,
  });
}

function preview(context: SignerContext, p: Planned): PreviewRow[] {
  const collateral = (units: bigint) => `${formatAmount(units, p.collateral.decimals)} ${p.collateral.symbol}`;
  const debt = (units: bigint) => `${formatAmount(units, p.debt.decimals)} ${p.debt.symbol}`;
  const rate = (perYear: bigint | undefined) => (perYear === undefined ? "" : ` at ${formatPercent(perYear)} a year`);
  const { source, flash, target } = p.plan;
  const rows: PreviewRow[] = [
    ["Operation", `${p.title}, in one transaction through the bundler`],
    ["From", `${collateral(source.collateral)} posted, ${debt(source.debt)} owed${rate(source.borrowRate)}`],
  ];
  if (p.landing.kind === "pool") {
    rows.push(["Flash loan", `${debt(flash.amount)} (the debt and a margin for interest), fee ${debt(flash.fee)}`]);
    rows.push([
      "To",
      `${collateral(target.collateral)} posted, ${debt(target.borrow)} borrowed${rate(target.borrowRate)}`,
    ]);
    rows.push(["Health factor", `${formatHealthFactor(p.estimate)} (estimate at the oracles)`]);
  } else {
    rows.push(["Flash mint", `${formatAmount(flash.amount, 18)} kUSD, fee ${formatAmount(flash.fee, 18)} kUSD`]);
    rows.push(["To", `a vault of ${collateral(target.collateral)} owing ${formatAmount(target.borrow, 18)} kUSD`]);
    if (p.estimate !== undefined) rows.push(["Collateral ratio", `${formatAmount(p.estimate * 100n, 18, 0)}%`]);
  }
  rows.push(["Margin", `what the margin leaves unused comes back to your wallet`]);
  rows.push(["Authorizations", "granted and revoked inside this transaction (you sign them now)"]);
  rows.push(["Gas (estimate)", p.gas.toLocaleString("en-US")]);
  rows.push(["Signer", `${context.account.address} (${context.accountSource})`]);
  return rows;
}

/** `keel migrate`. */
export function registerMigrate(program: Command): void {
  program
    .command("migrate")
    .description(
      "Move a loan into Keel in one transaction, with no capital: from Aave v3, Morpho Blue or another pool.",
    )
    .option("--from <source...>", "aave, morpho, or pool <id>")
    .option("--collateral <asset>", "the collateral to move (Aave and pools)")
    .option("--debt <asset>", "the debt to move (Aave and pools)")
    .option("--market <label>", "Morpho: the market, e.g. WETH/USDC")
    .option("--pool <id>", "the Keel pool it lands in (default: the deployment's first pool)")
    .option("--to-vault", "from a pool: into a new kUSD vault instead (a USDC loan, through the peg module)")
    .action(
      action(async (options: MigrateOptions, command: Command) => {
        const context = await readSignerContext(command.optsWithGlobals<GlobalOptions>());
        await runTransaction(context, {
          plan: () => planMigration(context, options),
          preview: (p) => preview(context, p),
          warnings: (p) =>
            p.landing.kind === "pool" && p.estimate !== undefined && p.estimate < 12n * 10n ** 17n
              ? [`the health factor on Keel would be about ${formatHealthFactor(p.estimate)}.`]
              : [],
          json: (p) => ({ source: p.plan.source, flash: p.plan.flash, target: p.plan.target, gasEstimate: p.gas }),
          send: (p) => executeBundle(context.walletClient, { bundler: p.bundler, steps: p.plan.steps }),
          report: async (p, sent) => {
            const gas = gasSpent([sent.receipt]);
            if (p.landing.kind === "vault") {
              const [opened] = parseEventLogs({ abi: cdpEngineAbi, eventName: "Open", logs: sent.receipt.logs });
              const vaultId = opened?.args.vaultId;
              return {
                sentence: `Moved in ${sent.hash}: your loan is now vault ${vaultId}. ${gasSentence(gas)}`,
                json: { hash: sent.hash, vaultId, ...gasJson(gas) },
              };
            }
            const health = await getHealthFactor(context.publicClient, {
              pool: context.deployment.contracts.pool,
              poolId: p.landing.pool.poolId,
              account: context.account.address,
            });
            return {
              sentence: `Moved in ${sent.hash}: your health factor on Keel is ${formatHealthFactor(health)}. ${gasSentence(gas)}`,
              json: { hash: sent.hash, healthFactor: health, ...gasJson(gas) },
            };
          },
        });
      }),
    );
}
