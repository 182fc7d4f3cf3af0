// `keel protect add|list|cancel|check`: protection policies the signer posts on chain for any keeper to carry
// out (docs/periphery.md), read back from their PostPolicy events.
import {
  cancelPolicy,
  checkPolicy,
  ensureAllowance,
  getIsVaultOperator,
  keelPoolAbi,
  POLICY_DIRECT_ROUTE,
  type Policy,
  PolicyAction,
  PolicyTrigger,
  postPolicy,
  protectionPoliciesAbi,
  setAuthorization,
  setVaultOperator,
} from "@keel/sdk";
import type { Command } from "commander";
import { type Address, type Hex, isAddressEqual, zeroAddress } from "viem";
import { collateralTypeById, parseVaultId, readVault, requireCdp } from "../../lib/cdp.ts";
import {
  type GlobalOptions,
  type KeelContext,
  readContext,
  readSignerContext,
  type SignerContext,
} from "../../lib/context.ts";
import { UsageError } from "../../lib/errors.ts";
import { formatAmount, toJson } from "../../lib/format.ts";
import { parseAddress, parseAmount, parsePositiveDecimal } from "../../lib/input.ts";
import { choosePoolId, findReserve, type NamedPool, readPool } from "../../lib/market.ts";
import { action } from "../../lib/run.ts";
import { renderTable } from "../../lib/table.ts";
import { type PreviewRow, runTransaction } from "../../lib/transaction.ts";

type AddOptions = {
  pool?: string;
  vault?: string;
  whenRatioBelow?: string;
  viaPegModule?: boolean;
  collateral?: string;
  debt?: string;
  whenHealthBelow?: string;
  whenPriceBelow?: string;
  whenPriceAbove?: string;
  action?: string;
  target?: string;
  tolerance?: string;
  repayAllowance?: string;
  fee?: string;
  maxFee?: string;
  maxImpact?: string;
  incentiveStart?: string;
  incentiveEnd?: string;
  closeFactor?: string;
  cooldown?: string;
  days?: string;
  maxExecutions?: string;
};

const ACTIONS: Record<string, number> = {
  deleverage: PolicyAction.Deleverage,
  repay: PolicyAction.RepayFromWallet,
  close: PolicyAction.Close,
  "soft-liquidation": PolicyAction.SoftLiquidation,
  "vault-repay": PolicyAction.VaultRepay,
};
const ACTION_NAMES = Object.fromEntries(Object.entries(ACTIONS).map(([name, id]) => [id, name]));

const WAD = 10n ** 18n;

/** A decimal (health factor, USD price) in WAD. */
function wad(text: string, what: string): bigint {
  const [whole, fraction = ""] = parsePositiveDecimal(text, what).replaceAll(",", "").split(".");
  if (fraction.length > 18) throw new UsageError(`${what} takes at most 18 decimals.`);
  return BigInt(whole) * WAD + BigInt(fraction.padEnd(18, "0"));
}

/** A percentage in BPS (two decimals at most). */
function bps(text: string | undefined, what: string, fallback: number, most = 10_000): number {
  if (text === undefined) return fallback;
  const value = Math.round(Number(parsePositiveDecimal(text, what)) * 100);
  if (value > most) throw new UsageError(`${what} may be at most ${most / 100}%.`);
  return value;
}

function whole(text: string | undefined, what: string, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`${what} takes a whole number.`);
  return Number(text.trim());
}

function policiesAddress(context: KeelContext): Address {
  const policies = context.deployment.periphery?.policies;
  if (policies === undefined) throw new UsageError("This deployment has no protection-policy contract.");
  return policies;
}

/** The fields every policy shares: limits, fee, price bound, route and nonce. */
async function commonFields(context: SignerContext, o: AddOptions, feeDecimals: number) {
  const latest = await context.publicClient.getBlock();
  const days = whole(o.days, "--days", 30);
  if (days === 0) throw new UsageError("--days must be at least 1.");
  const maxFee = o.maxFee === undefined ? 100n * 10n ** BigInt(feeDecimals) : parseExact(o.maxFee, feeDecimals);
  return {
    adapter: context.deployment.periphery?.swapAdapter ?? zeroAddress,
    // The adapter's direct pair: the keeper may not route the sale through a token of its choosing.
    route: POLICY_DIRECT_ROUTE,
    maxDeviationBps: bps(o.maxImpact, "--max-impact", 200, 1_000),
    feeBps: bps(o.fee, "--fee", 50, 500),
    maxFee,
    cooldown: whole(o.cooldown, "--cooldown", 3_600),
    expiry: latest.timestamp + BigInt(days) * 86_400n,
    maxExecutions: whole(o.maxExecutions, "--max-executions", 5),
    nonce: await context.publicClient.readContract({
      address: policiesAddress(context),
      abi: protectionPoliciesAbi,
      functionName: "policyNonce",
      args: [context.account.address],
    }),
  };
}

function parseExact(text: string, decimals: number): bigint {
  const amount = parseAmount(text, decimals, "--max-fee");
  if (amount.kind === "max") throw new UsageError("--max-fee needs an exact amount.");
  return amount.units;
}

/** The trigger the options give, exactly one; prices are USD per whole token, at the oracle's scale. */
function parseTrigger(o: AddOptions, collateralDecimals: number, health: "health" | "ratio"): [number, bigint] {
  const healthOption = health === "health" ? o.whenHealthBelow : o.whenRatioBelow;
  const triggers = [healthOption, o.whenPriceBelow, o.whenPriceAbove].filter((t) => t !== undefined);
  const healthFlag = health === "health" ? "--when-health-below" : "--when-ratio-below";
  if (triggers.length !== 1) {
    throw new UsageError(`Give exactly one trigger: ${healthFlag}, --when-price-below or --when-price-above.`);
  }
  const priceScale = (usd: bigint) => (usd * WAD) / 10n ** BigInt(collateralDecimals);
  if (healthOption !== undefined) {
    return [PolicyTrigger.HealthBelow, health === "health" ? wad(healthOption, healthFlag) : percent(healthOption)];
  }
  if (o.whenPriceBelow !== undefined) {
    return [PolicyTrigger.PriceBelow, priceScale(wad(o.whenPriceBelow, "--when-price-below"))];
  }
  return [PolicyTrigger.PriceAbove, priceScale(wad(o.whenPriceAbove ?? "0", "--when-price-above"))];
}

/** A collateral ratio given in percent (200 is 200%), in WAD. */
function percent(text: string): bigint {
  return wad(text, "a ratio") / 100n;
}

/** Builds the pool policy the options describe; every mistake is a sentence. */
async function buildPolicy(context: SignerContext, pool: NamedPool, o: AddOptions): Promise<Policy> {
  const collateral = findReserve(pool, o.collateral ?? "");
  const debt = findReserve(pool, o.debt ?? "");
  const actionName = o.action ?? "deleverage";
  const actionId = ACTIONS[actionName];
  if (actionId === undefined || actionId === PolicyAction.VaultRepay) {
    throw new UsageError(
      `--action is one of: deleverage, repay, close, soft-liquidation (vault-repay goes with --vault).`,
    );
  }
  const [trigger, triggerValue] = parseTrigger(o, collateral.config.decimals, "health");
  const repayAllowance =
    o.repayAllowance === undefined ? 0n : parseExactAmount(o.repayAllowance, debt.config.decimals, debt.symbol);
  // A soft liquidation pays at most what the pool's own liquidation pays at health 1: 1%, or the bonus if less.
  const incentiveCap = Math.min(100, collateral.config.maxLiquidationBonusBps);
  return {
    owner: context.account.address,
    poolId: pool.poolId,
    vaultId: 0n,
    trigger,
    triggerValue,
    priceReserve: collateral.index,
    action: actionId,
    collateralReserve: collateral.index,
    debtReserve: debt.index,
    targetHealth: wad(o.target ?? "1.5", "--target"),
    healthTolerance: wad(o.tolerance ?? "0.2", "--tolerance"),
    repayAllowance,
    throughPegModule: false,
    incentiveStartBps: bps(o.incentiveStart, "--incentive-start", Math.floor(incentiveCap / 2), incentiveCap),
    incentiveEndBps: bps(o.incentiveEnd, "--incentive-end", incentiveCap, incentiveCap),
    closeFactorBps: bps(o.closeFactor, "--close-factor", 5_000),
    ...(await commonFields(context, o, debt.config.decimals)),
  };
}

function parseExactAmount(text: string, decimals: number, symbol: string): bigint {
  const amount = parseAmount(text, decimals, symbol);
  if (amount.kind === "max") throw new UsageError("--repay-allowance needs an exact amount.");
  return amount.units;
}

/** A vault policy: repay the signer's vault by selling its collateral for kUSD, to a target ratio. */
async function buildVaultPolicy(context: SignerContext, o: AddOptions) {
  const vaultId = parseVaultId(o.vault ?? "");
  const engine = requireCdp(context).engine;
  const vault = await readVault(context, engine, vaultId);
  if (!isAddressEqual(vault.owner, context.account.address)) {
    throw new UsageError(`Vault ${vaultId} is owned by ${vault.owner}; a policy may protect only your own vaults.`);
  }
  if (o.action !== undefined && o.action !== "vault-repay") {
    throw new UsageError("A vault's policy repays it by selling collateral: --action vault-repay, or leave it out.");
  }
  const type = collateralTypeById(context, vault.typeId);
  const [trigger, triggerValue] = parseTrigger(o, type.decimals, "ratio");
  const policy: Policy = {
    owner: context.account.address,
    poolId: 0n,
    vaultId,
    trigger,
    triggerValue,
    priceReserve: 0,
    action: PolicyAction.VaultRepay,
    collateralReserve: 0,
    debtReserve: 0,
    targetHealth: percent(o.target ?? "200"),
    healthTolerance: percent(o.tolerance ?? "20"),
    repayAllowance: 0n,
    throughPegModule: o.viaPegModule === true,
    incentiveStartBps: 0,
    incentiveEndBps: 0,
    closeFactorBps: 0,
    ...(await commonFields(context, o, 18)),
  };
  const authorized = await getIsVaultOperator(context.publicClient, {
    engine,
    owner: context.account.address,
    operator: policiesAddress(context),
  });
  return { policy, type, authorized, engine };
}

function describeVaultPolicy(policy: Policy, collateral: { symbol: string; decimals: number }): PreviewRow[] {
  const ratio = (value: bigint) => `${formatAmount(value * 100n, 18, 0)}%`;
  const usd = (price: bigint) => formatAmount((price * 10n ** BigInt(collateral.decimals)) / WAD, 18, 2);
  const when =
    policy.trigger === PolicyTrigger.HealthBelow
      ? `vault ${policy.vaultId}'s ratio below ${ratio(policy.triggerValue)}`
      : `${collateral.symbol} ${policy.trigger === PolicyTrigger.PriceBelow ? "below" : "above"} $${usd(policy.triggerValue)}`;
  return [
    ["When", when],
    [
      "Action",
      `sell ${collateral.symbol} for kUSD${policy.throughPegModule ? " (through USDC and the peg module)" : ""} to repay vault ${policy.vaultId}`,
    ],
    ["Target", `ratio ${ratio(policy.targetHealth)} to ${ratio(policy.targetHealth + policy.healthTolerance)}`],
    ["Keeper fee", `${policy.feeBps / 100}% of the kUSD repaid, at most ${formatAmount(policy.maxFee, 18)} kUSD`],
    ["Price bound", `each sale within ${policy.maxDeviationBps / 100}% of the oracles, on the direct route`],
    [
      "Limits",
      `${policy.maxExecutions} executions at most, ${policy.cooldown} s apart, until ${new Date(Number(policy.expiry) * 1000).toISOString()}`,
    ],
  ];
}

/** A posted policy in words, reading its pool or its vault. */
async function describeAny(context: KeelContext, policy: Policy): Promise<PreviewRow[]> {
  if (policy.action === PolicyAction.VaultRepay) {
    const vault = await readVault(context, requireCdp(context).engine, policy.vaultId);
    return describeVaultPolicy(policy, collateralTypeById(context, vault.typeId));
  }
  return describePolicy(await readPool(context, policy.poolId), policy);
}

function describePolicy(pool: NamedPool, policy: Policy): PreviewRow[] {
  const collateral = pool.reserves[policy.collateralReserve];
  const debt = pool.reserves[policy.debtReserve];
  const health = (value: bigint) => formatAmount(value, 18, 2);
  const usd = (price: bigint) => formatAmount((price * 10n ** BigInt(collateral.config.decimals)) / WAD, 18, 2);
  const when =
    policy.trigger === PolicyTrigger.HealthBelow
      ? `health factor below ${health(policy.triggerValue)}`
      : `${collateral.symbol} ${policy.trigger === PolicyTrigger.PriceBelow ? "below" : "above"} $${usd(policy.triggerValue)}`;
  const rows: PreviewRow[] = [
    ["When", when],
    ["Action", `${ACTION_NAMES[policy.action]} (${collateral.symbol} collateral, ${debt.symbol} debt)`],
  ];
  if (policy.action === PolicyAction.Deleverage || policy.action === PolicyAction.RepayFromWallet) {
    rows.push([
      "Target",
      `health ${health(policy.targetHealth)} to ${health(policy.targetHealth + policy.healthTolerance)}`,
    ]);
  }
  if (policy.action === PolicyAction.RepayFromWallet) {
    rows.push(["Wallet allowance", `${formatAmount(policy.repayAllowance, debt.config.decimals)} ${debt.symbol}`]);
  }
  if (policy.action === PolicyAction.SoftLiquidation) {
    rows.push([
      "Incentive",
      `${policy.incentiveStartBps / 100}% at the trigger to ${policy.incentiveEndBps / 100}% at health 1, ${policy.closeFactorBps / 100}% of the debt at a time`,
    ]);
  } else {
    rows.push([
      "Keeper fee",
      `${policy.feeBps / 100}% of the debt repaid, at most ${formatAmount(policy.maxFee, debt.config.decimals)} ${debt.symbol}`,
    ]);
    rows.push(["Price bound", `each sale within ${policy.maxDeviationBps / 100}% of the oracles, on the direct route`]);
  }
  rows.push([
    "Limits",
    `${policy.maxExecutions} executions at most, ${policy.cooldown} s apart, until ${new Date(Number(policy.expiry) * 1000).toISOString()}`,
  ]);
  return rows;
}

/** Every policy `owner` posted, with its hash, from the PostPolicy events since the deployment. */
async function postedPolicies(context: KeelContext, owner: Address) {
  const events = await context.publicClient.getContractEvents({
    address: policiesAddress(context),
    abi: protectionPoliciesAbi,
    eventName: "PostPolicy",
    args: { owner },
    fromBlock: BigInt(context.deployment.startBlock),
  });
  return events.map((event) => ({ hash: event.args.policyHash as Hex, policy: event.args.policy as Policy }));
}

async function findPosted(context: KeelContext, owner: Address, hash: string) {
  const found = (await postedPolicies(context, owner)).find((p) => p.hash.toLowerCase() === hash.toLowerCase());
  if (found === undefined)
    throw new UsageError(`No policy ${hash} was posted by ${owner}; \`keel protect list\` shows yours.`);
  return found;
}

async function status(context: KeelContext, hash: Hex, policy: Policy) {
  const policies = policiesAddress(context);
  const [executions, , cancelled] = await context.publicClient.readContract({
    address: policies,
    abi: protectionPoliciesAbi,
    functionName: "policyState",
    args: [hash],
  });
  const { ready, reason } = await checkPolicy(context.publicClient, { policies, policy });
  return { executions, cancelled, ready, reason };
}

/** The policy to post, its preview, and what must be sent first (authorization, the wallet allowance). */
async function planPolicy(context: SignerContext, options: AddOptions) {
  const policies = policiesAddress(context);
  if (options.vault !== undefined) {
    const { policy, type, authorized, engine } = await buildVaultPolicy(context, options);
    const authorize = authorized
      ? undefined
      : () => setVaultOperator(context.walletClient, { engine, operator: policies, approved: true });
    return { policy, rows: describeVaultPolicy(policy, type), authorized, authorize, allowanceToken: undefined };
  }
  const pool = await readPool(context, choosePoolId(context, options.pool));
  const policy = await buildPolicy(context, pool, options);
  const authorized = await context.publicClient.readContract({
    address: context.deployment.contracts.pool,
    abi: keelPoolAbi,
    functionName: "isAuthorized",
    args: [context.account.address, policies],
  });
  const authorize = authorized
    ? undefined
    : () =>
        setAuthorization(context.walletClient, {
          pool: context.deployment.contracts.pool,
          operator: policies,
          isAuthorized: true,
        });
  const allowanceToken =
    policy.action === PolicyAction.RepayFromWallet ? pool.reserves[policy.debtReserve].config.asset : undefined;
  return { policy, rows: describePolicy(pool, policy), authorized, authorize, allowanceToken };
}

function registerAdd(protect: Command): void {
  protect
    .command("add")
    .description("Post a protection policy any keeper may carry out when its trigger holds.")
    .option("--pool <id>", "the pool (default: the deployment's first pool)")
    .option("--vault <id>", "protect one of your kUSD vaults instead: repay it by selling its collateral")
    .option("--when-ratio-below <percent>", "vault trigger: its collateral ratio falls below this (e.g. 170)")
    .option("--via-peg-module", "vault: sell the collateral for USDC and turn it into kUSD at the peg module")
    .option("--collateral <asset>", "the collateral the policy sells or that triggers on price")
    .option("--debt <asset>", "the debt the policy repays")
    .option("--when-health-below <factor>", "trigger: the health factor falls below this")
    .option("--when-price-below <usd>", "trigger: the collateral's oracle price falls below this")
    .option("--when-price-above <usd>", "trigger: the collateral's oracle price rises above this")
    .option("--action <name>", "deleverage (default), repay, close or soft-liquidation")
    .option("--target <factor>", "the health factor to reach (default 1.5); for a vault, the ratio in % (default 200)")
    .option("--tolerance <factor>", "how far above the target it may land (default 0.2; for a vault 20, in %)")
    .option("--repay-allowance <amount>", "repay: the most taken from your wallet over all executions")
    .option("--fee <percent>", "the keeper's fee, of the debt repaid (default 0.5, at most 5)")
    .option("--max-fee <amount>", "the keeper's fee at most, in the debt asset (default 100)")
    .option("--max-impact <percent>", "how far below the oracles a sale may be (default 2, at most 10)")
    .option("--incentive-start <percent>", "soft liquidation: the incentive at the trigger (default 0.5)")
    .option("--incentive-end <percent>", "soft liquidation: the incentive at health 1 (default and at most 1)")
    .option("--close-factor <percent>", "soft liquidation: the most of the debt repaid at a time (default 50)")
    .option("--cooldown <seconds>", "seconds between two executions (default 3600)")
    .option("--days <n>", "days the policy lives (default 30)")
    .option("--max-executions <n>", "executions at most (default 5)")
    .action(
      action(async (options: AddOptions, command: Command) => {
        const context = await readSignerContext(command.optsWithGlobals<GlobalOptions>());
        const policies = policiesAddress(context);
        await runTransaction(context, {
          plan: () => planPolicy(context, options),
          preview: ({ rows, authorized }) => [
            ["Operation", "post a protection policy"],
            ...rows,
            [
              "Authorization",
              authorized
                ? "the policy contract already acts for you"
                : "a first transaction lets the policy contract act for you, only as your live policies say",
            ],
          ],
          json: ({ policy }) => ({ policy }),
          send: async ({ policy, authorize, allowanceToken }) => {
            await authorize?.();
            if (allowanceToken !== undefined) {
              await ensureAllowance(context.walletClient, {
                token: allowanceToken,
                spender: policies,
                amount: policy.repayAllowance,
              });
            }
            return postPolicy(context.walletClient, { policies, policy });
          },
          report: async ({ policy }, sent) => {
            const hash = await context.publicClient.readContract({
              address: policies,
              abi: protectionPoliciesAbi,
              functionName: "hashPolicy",
              args: [policy],
            });
            return { sentence: `Posted policy ${hash} in ${sent.hash}.`, json: { hash: sent.hash, policyHash: hash } };
          },
        });
      }),
    );
}

function registerReads(protect: Command): void {
  protect
    .command("list [address]")
    .description("List the protection policies an account posted: what each does, and whether it can run now.")
    .action(
      action(async (address: string | undefined, _options: unknown, command: Command) => {
        const globals = command.optsWithGlobals<GlobalOptions>();
        // Without an address, the signer's own policies.
        const context: KeelContext = address ? await readContext(globals) : await readSignerContext(globals);
        const owner = address ? parseAddress(address, "address") : (context as SignerContext).account.address;
        const posted = await postedPolicies(context, owner);
        const rows = await Promise.all(
          posted.map(async ({ hash, policy }) => {
            const s = await status(context, hash, policy);
            const state = s.cancelled ? "cancelled" : s.ready ? "ready now" : `waiting (${s.reason})`;
            return { hash, action: ACTION_NAMES[policy.action], executions: s.executions, state };
          }),
        );
        if (context.json) return console.log(toJson({ owner, policies: rows }));
        if (rows.length === 0) return console.log(`${owner} has posted no protection policy.`);
        console.log(
          renderTable(
            ["policy", "action", "executions", "state"],
            rows.map((r) => [r.hash, r.action, String(r.executions), r.state]),
          ),
        );
      }),
    );
  protect
    .command("check <policy>")
    .description("Say whether one of your posted policies can run now, and if not, why.")
    .action(
      action(async (hash: string, _options: unknown, command: Command) => {
        const context = await readSignerContext(command.optsWithGlobals<GlobalOptions>());
        const { policy } = await findPosted(context, context.account.address, hash);
        const s = await status(context, hash as Hex, policy);
        const verdict = s.ready ? "It can run now." : `It cannot run now: ${s.reason}.`;
        if (context.json) return console.log(toJson({ policyHash: hash, ...s }));
        console.log(renderTable(["", ""], await describeAny(context, policy)));
        console.log(`Executions so far: ${s.executions}. ${verdict}`);
      }),
    );
}

function registerCancel(protect: Command): void {
  protect
    .command("cancel [policy]")
    .description("Cancel one of your posted policies, or every policy you signed (--all).")
    .option("--all", "cancel every policy you signed or posted until now")
    .action(
      action(async (hash: string | undefined, options: { all?: boolean }, command: Command) => {
        const context = await readSignerContext(command.optsWithGlobals<GlobalOptions>());
        const policies = policiesAddress(context);
        if ((hash === undefined) === (options.all !== true)) {
          throw new UsageError("Name one policy (`keel protect cancel <policy>`) or cancel them all with --all.");
        }
        await runTransaction(context, {
          plan: async () => (hash === undefined ? undefined : await findPosted(context, context.account.address, hash)),
          preview: (found) => [["Operation", found ? `cancel policy ${found.hash}` : "cancel every policy you signed"]],
          json: (found) => ({ policyHash: found?.hash ?? null }),
          send: (found) => cancelPolicy(context.walletClient, { policies, policy: found?.policy }),
          report: async (found, sent) => ({
            sentence: `${found ? `Cancelled policy ${found.hash}` : "Cancelled every policy you signed"} in ${sent.hash}.`,
            json: { hash: sent.hash },
          }),
        });
      }),
    );
}

/** `keel protect add|list|check|cancel`. */
export function registerProtect(program: Command): void {
  const protect = program
    .command("protect")
    .description("Protection policies: what any keeper may do for your position when a trigger holds.");
  registerAdd(protect);
  registerReads(protect);
  registerCancel(protect);
}
