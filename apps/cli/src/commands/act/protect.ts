// `keel protect add|list|cancel|check`: protection policies the signer posts on chain for any keeper to carry
// out (docs/periphery.md), read back from their PostPolicy events.
import {
  cancelPolicy,
  checkPolicy,
  ensureAllowance,
  keelPoolAbi,
  type Policy,
  PolicyAction,
  PolicyTrigger,
  postPolicy,
  protectionPoliciesAbi,
  setAuthorization,
} from "@keel/sdk";
import type { Command } from "commander";
import type { Address, Hex } from "viem";
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

/** Builds the policy the options describe; every mistake is a sentence. */
async function buildPolicy(context: SignerContext, pool: NamedPool, o: AddOptions): Promise<Policy> {
  const collateral = findReserve(pool, o.collateral ?? "");
  const debt = findReserve(pool, o.debt ?? "");
  const actionName = o.action ?? "deleverage";
  const actionId = ACTIONS[actionName];
  if (actionId === undefined) throw new UsageError(`--action is one of: ${Object.keys(ACTIONS).join(", ")}.`);
  const triggers = [o.whenHealthBelow, o.whenPriceBelow, o.whenPriceAbove].filter((t) => t !== undefined);
  if (triggers.length !== 1) {
    throw new UsageError("Give exactly one trigger: --when-health-below, --when-price-below or --when-price-above.");
  }
  // A USD price per whole token, at the oracle's scale: WAD of USD per unit × 10^18.
  const priceScale = (usd: bigint) => (usd * WAD) / 10n ** BigInt(collateral.config.decimals);
  const [trigger, triggerValue] =
    o.whenHealthBelow !== undefined
      ? [PolicyTrigger.HealthBelow, wad(o.whenHealthBelow, "--when-health-below")]
      : o.whenPriceBelow !== undefined
        ? [PolicyTrigger.PriceBelow, priceScale(wad(o.whenPriceBelow, "--when-price-below"))]
        : [PolicyTrigger.PriceAbove, priceScale(wad(o.whenPriceAbove ?? "0", "--when-price-above"))];
  const debtUnits = (text: string | undefined, what: string, fallback: bigint) => {
    if (text === undefined) return fallback;
    const amount = parseAmount(text, debt.config.decimals, debt.symbol);
    if (amount.kind === "max") throw new UsageError(`${what} needs an exact amount.`);
    return amount.units;
  };
  const latest = await context.publicClient.getBlock();
  const days = whole(o.days, "--days", 30);
  if (days === 0) throw new UsageError("--days must be at least 1.");
  return {
    owner: context.account.address,
    poolId: pool.poolId,
    trigger,
    triggerValue,
    priceReserve: collateral.index,
    action: actionId,
    collateralReserve: collateral.index,
    debtReserve: debt.index,
    targetHealth: wad(o.target ?? "1.5", "--target"),
    healthTolerance: wad(o.tolerance ?? "0.2", "--tolerance"),
    repayAllowance: debtUnits(o.repayAllowance, "--repay-allowance", 0n),
    adapter: context.deployment.periphery?.swapAdapter ?? (`0x${"0".repeat(40)}` as Address),
    maxDeviationBps: bps(o.maxImpact, "--max-impact", 200),
    feeBps: bps(o.fee, "--fee", 50, 500),
    maxFee: debtUnits(o.maxFee, "--max-fee", 100n * 10n ** BigInt(debt.config.decimals)),
    incentiveStartBps: bps(o.incentiveStart, "--incentive-start", 100),
    incentiveEndBps: bps(
      o.incentiveEnd,
      "--incentive-end",
      Math.max(100, collateral.config.maxLiquidationBonusBps - 100),
    ),
    closeFactorBps: bps(o.closeFactor, "--close-factor", 5_000),
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
    rows.push(["Price bound", `each sale within ${policy.maxDeviationBps / 100}% of the oracles`]);
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

function registerAdd(protect: Command): void {
  protect
    .command("add")
    .description("Post a protection policy any keeper may carry out when its trigger holds.")
    .option("--pool <id>", "the pool (default: the deployment's first pool)")
    .option("--collateral <asset>", "the collateral the policy sells or that triggers on price")
    .option("--debt <asset>", "the debt the policy repays")
    .option("--when-health-below <factor>", "trigger: the health factor falls below this")
    .option("--when-price-below <usd>", "trigger: the collateral's oracle price falls below this")
    .option("--when-price-above <usd>", "trigger: the collateral's oracle price rises above this")
    .option("--action <name>", "deleverage (default), repay, close or soft-liquidation")
    .option("--target <factor>", "the health factor to bring the account back to (default 1.5)")
    .option("--tolerance <factor>", "how far above the target it may land (default 0.2)")
    .option("--repay-allowance <amount>", "repay: the most taken from your wallet over all executions")
    .option("--fee <percent>", "the keeper's fee, of the debt repaid (default 0.5, at most 5)")
    .option("--max-fee <amount>", "the keeper's fee at most, in the debt asset (default 100)")
    .option("--max-impact <percent>", "how far below the oracles a sale may be (default 2)")
    .option("--incentive-start <percent>", "soft liquidation: the incentive at the trigger (default 1)")
    .option("--incentive-end <percent>", "soft liquidation: the incentive at health 1 (default: the bonus less 1)")
    .option("--close-factor <percent>", "soft liquidation: the most of the debt repaid at a time (default 50)")
    .option("--cooldown <seconds>", "seconds between two executions (default 3600)")
    .option("--days <n>", "days the policy lives (default 30)")
    .option("--max-executions <n>", "executions at most (default 5)")
    .action(
      action(async (options: AddOptions, command: Command) => {
        const context = await readSignerContext(command.optsWithGlobals<GlobalOptions>());
        const policies = policiesAddress(context);
        await runTransaction(context, {
          plan: async () => {
            const pool = await readPool(context, choosePoolId(context, options.pool));
            const policy = await buildPolicy(context, pool, options);
            const authorized = await context.publicClient.readContract({
              address: context.deployment.contracts.pool,
              abi: keelPoolAbi,
              functionName: "isAuthorized",
              args: [context.account.address, policies],
            });
            return { pool, policy, authorized };
          },
          preview: ({ pool, policy, authorized }) => [
            ["Operation", "post a protection policy"],
            ...describePolicy(pool, policy),
            [
              "Authorization",
              authorized
                ? "the policy contract already acts for you"
                : "a first transaction lets the policy contract act for you, only as your live policies say",
            ],
          ],
          json: ({ policy }) => ({ policy }),
          send: async ({ pool, policy, authorized }) => {
            if (!authorized) {
              await setAuthorization(context.walletClient, {
                pool: context.deployment.contracts.pool,
                operator: policies,
                isAuthorized: true,
              });
            }
            if (policy.action === PolicyAction.RepayFromWallet) {
              const token = pool.reserves[policy.debtReserve].config.asset;
              await ensureAllowance(context.walletClient, { token, spender: policies, amount: policy.repayAllowance });
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
        const pool = await readPool(context, policy.poolId);
        const verdict = s.ready ? "It can run now." : `It cannot run now: ${s.reason}.`;
        if (context.json) return console.log(toJson({ policyHash: hash, ...s }));
        console.log(renderTable(["", ""], describePolicy(pool, policy)));
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
