import {
  type AccountSnapshot,
  accountHealth,
  accountMasks,
  applyPoolChange,
  auctionPrice,
  cdpEngineAbi,
  decodeGovernanceCall,
  governanceTargets,
  healthFactor,
  keelPoolAbi,
  MAX_UINT256,
  type PoolSnapshot,
  poolChangeTouches,
  protectionPoliciesAbi,
  reserveConfigChanges,
  timelockControllerAbi,
} from "@keel/sdk";
import { type Address, decodeFunctionData, type Log, parseEventLogs } from "viem";
import type { EventObservation } from "../engine/types.ts";
import { amount, percent, ratio, safeSymbol, usd, utc, WAD } from "../format.ts";
import type { ResolvedRule } from "../rules/load.ts";
import type { ConditionContext } from "./context.ts";
import { healthFix, perToken, vaultFix } from "./fixes.ts";
import { watchedVaults } from "./positions.ts";

const FIX_TARGET = (WAD * 15n) / 10n;
const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const logId = (log: { transactionHash: string | null; logIndex: number | null }) =>
  `${log.transactionHash}:${log.logIndex}`;

/** The one-off observations of a block's logs: auctions, liquidations, policy executions, queued operations. */
export async function eventObservations(
  rule: ResolvedRule,
  logs: Log[],
  ctx: ConditionContext,
): Promise<EventObservation[]> {
  switch (rule.condition.type) {
    case "auctionStarted":
      return auctionsStarted(rule, logs, ctx);
    case "liquidated":
      return liquidations(rule, logs, ctx);
    case "policyExecuted":
      return executions(rule, logs, ctx);
    case "governance":
      return operations(rule, logs, ctx);
    default:
      return [];
  }
}

const watchesAccount = (rule: ResolvedRule, account: Address) =>
  rule.protocol || rule.accounts.some((a) => same(a, account));

async function auctionsStarted(rule: ResolvedRule, logs: Log[], ctx: ConditionContext): Promise<EventObservation[]> {
  const engine = ctx.view.deployment.cdp?.engine;
  if (!engine) return [];
  const events = parseEventLogs({
    abi: cdpEngineAbi,
    eventName: "StartAuction",
    logs: logs.filter((l) => same(l.address, engine)),
  });
  const watched = new Set(await watchedVaults(rule, ctx));
  return events
    .filter((e) => rule.protocol || watched.has(e.args.vaultId))
    .map((e) => ({
      kind: "event" as const,
      rule,
      subject: logId(e),
      render: async () => {
        const id = e.args.vaultId;
        const vault = await ctx.view.vault(id);
        const type = vault.type;
        const symbol = safeSymbol(type.symbol, "collateral");
        const details = [
          `Vault ${id} of ${vault.owner} went to auction in block ${e.blockNumber}: ${amount(e.args.collateral, type.decimals, symbol)} for a tab of ${amount(e.args.tab, 18, "kUSD")} (its debt plus the penalty).`,
        ];
        const data: Record<string, string> = {
          vaultId: id.toString(),
          tab: e.args.tab.toString(),
          collateral: e.args.collateral.toString(),
        };
        if (vault.auction && vault.auction.tab > 0n) {
          const now = auctionPrice(vault.auction, type, ctx.view.block.timestamp);
          const shown = perToken(now.price, type.decimals);
          details.push(
            `The auction's price is ${usd(shown)} per ${symbol} now${type.price ? `, against ${usd(perToken(type.price, type.decimals))} at the oracle` : ""}; it falls until someone takes the collateral.`,
          );
          data.auctionPrice = shown.toString();
        }
        return {
          title: `Vault ${id} is being auctioned`,
          details,
          fix: [
            "Collateral the auction does not need to cover the tab comes back to the vault when it ends; a protection policy (`keel protect add --vault …`) lets any keeper repay before the next one.",
          ],
          data,
        };
      },
    }));
}

async function liquidations(rule: ResolvedRule, logs: Log[], ctx: ConditionContext): Promise<EventObservation[]> {
  const { pool: poolAddress } = ctx.view.deployment.contracts;
  const events = parseEventLogs({
    abi: keelPoolAbi,
    eventName: "Liquidate",
    logs: logs.filter((l) => same(l.address, poolAddress)),
  });
  return (
    events
      // The rule's pools only (the deployment's by default): anyone can create a pool, with any oracle.
      .filter((e) => watchesAccount(rule, e.args.borrower) && rule.pools.includes(e.args.poolId))
      .map((e) => ({
        kind: "event" as const,
        rule,
        subject: logId(e),
        render: async () => {
          const { poolId, borrower } = e.args;
          const pool = await ctx.view.pool(poolId);
          const account = await ctx.view.account(poolId, borrower);
          const debt = pool.reserves[Number(e.args.debtReserve)];
          const collateral = pool.reserves[Number(e.args.collateralReserve)];
          const health = healthFactor(accountHealth(pool, account));
          const fix = health === MAX_UINT256 ? { fix: [], data: {} } : healthFix(pool, account, FIX_TARGET);
          return {
            title: `Account liquidated in pool ${poolId}`,
            details: [
              `Account ${borrower} was liquidated in block ${e.blockNumber}: ${amount(e.args.repaidAssets, debt.config.decimals, safeSymbol(debt.symbol, `reserve ${e.args.debtReserve}`))} of its debt repaid, ${amount(e.args.seizedAssets, collateral.config.decimals, safeSymbol(collateral.symbol, `reserve ${e.args.collateralReserve}`))} of its collateral taken.`,
              health === MAX_UINT256 ? "It owes nothing now." : `Its health factor is now ${ratio(health)}.`,
            ],
            fix: fix.fix,
            data: {
              account: borrower,
              poolId: poolId.toString(),
              repaid: e.args.repaidAssets.toString(),
              seized: e.args.seizedAssets.toString(),
              healthFactor: health.toString(),
              ...fix.data,
            },
          };
        },
      }))
  );
}

async function executions(rule: ResolvedRule, logs: Log[], ctx: ConditionContext): Promise<EventObservation[]> {
  const policies = ctx.view.deployment.periphery?.policies;
  if (!policies) return [];
  const events = parseEventLogs({
    abi: protectionPoliciesAbi,
    eventName: "ExecutePolicy",
    logs: logs.filter((l) => same(l.address, policies)),
  });
  return events
    .filter((e) => watchesAccount(rule, e.args.owner))
    .map((e) => ({
      kind: "event" as const,
      rule,
      subject: logId(e),
      render: async () => {
        const tokens = await policyTokens(ctx, e.transactionHash);
        const show = (units: bigint, token: Token | undefined) =>
          token ? amount(units, token.decimals, token.symbol) : `${units} units`;
        return {
          title: "Protection policy executed",
          details: [
            `Policy ${e.args.policyHash.slice(0, 10)}… of ${e.args.owner} ran in block ${e.blockNumber}, by ${e.args.executor}: health ${ratio(e.args.healthBefore)} → ${ratio(e.args.healthAfter)}; ${show(e.args.repaidAssets, tokens?.debt)} of debt repaid, ${show(e.args.soldCollateral, tokens?.collateral)} of collateral sold, a fee of ${show(e.args.fee, tokens?.debt)}.`,
          ],
          fix: ["`keel protect list` shows what the policy may still do; it stays active until cancelled or used up."],
          data: {
            owner: e.args.owner,
            policyHash: e.args.policyHash,
            healthBefore: e.args.healthBefore.toString(),
            healthAfter: e.args.healthAfter.toString(),
            repaid: e.args.repaidAssets.toString(),
            sold: e.args.soldCollateral.toString(),
            fee: e.args.fee.toString(),
          },
        };
      },
    }));
}

type Token = { symbol: string; decimals: number };

/**
 * The debt and collateral tokens of an executed policy, from the policy in the executing transaction's
 * input; undefined when the execution came through another contract (its amounts are then shown in units).
 */
async function policyTokens(
  ctx: ConditionContext,
  hash: `0x${string}`,
): Promise<{ debt: Token; collateral: Token } | undefined> {
  try {
    const tx = await ctx.view.client.getTransaction({ hash });
    const call = decodeFunctionData({ abi: protectionPoliciesAbi, data: tx.input });
    if (call.functionName !== "execute") return undefined;
    const policy = call.args[0];
    if (policy.vaultId > 0n) {
      const vault = await ctx.view.vault(policy.vaultId);
      return {
        debt: { symbol: "kUSD", decimals: 18 },
        collateral: { symbol: safeSymbol(vault.type.symbol, "collateral"), decimals: vault.type.decimals },
      };
    }
    const pool = await ctx.view.pool(policy.poolId);
    const token = (i: number) => ({
      symbol: safeSymbol(pool.reserves[i].symbol, `reserve ${i}`),
      decimals: pool.reserves[i].config.decimals,
    });
    return { debt: token(policy.debtReserve), collateral: token(policy.collateralReserve) };
  } catch {
    return undefined;
  }
}

async function operations(rule: ResolvedRule, logs: Log[], ctx: ConditionContext): Promise<EventObservation[]> {
  const timelock = ctx.view.deployment.contracts.timelock;
  if (!timelock) return [];
  const events = parseEventLogs({
    abi: timelockControllerAbi,
    eventName: "CallScheduled",
    logs: logs.filter((l) => same(l.address, timelock)),
  });
  const out: EventObservation[] = [];
  for (const e of events) {
    // From the scheduling block's own time (a catch-up evaluates many blocks at once).
    const scheduled =
      e.blockNumber === ctx.view.block.number
        ? ctx.view.block.timestamp
        : (await ctx.view.client.getBlock({ blockNumber: e.blockNumber })).timestamp;
    const readyAt = scheduled + e.args.delay;
    const effect = await effectOf(rule, e.args.target, e.args.data, ctx);
    if (effect === undefined) continue;
    const op = `${e.args.id.slice(0, 10)}…`;
    out.push({
      kind: "event",
      rule,
      subject: logId(e),
      render: async () => ({
        title: `Governance operation ${op} changes ${effect.what}`,
        details: [
          `Operation ${op} (call ${e.args.index}) ${effect.change}, executable from ${utc(readyAt)}.`,
          ...effect.impacts,
        ],
        fix: effect.fix,
        data: { operation: e.args.id, readyAt: readyAt.toString(), target: e.args.target },
      }),
    });
  }
  return out;
}

type Effect = { what: string; change: string; impacts: string[]; fix: string[] };

/**
 * What a queued call changes, and what that does to each position the rule watches; undefined when none
 * of them. The call is decoded and applied to a copy of the pool with the SDK (`decodeGovernanceCall`,
 * `applyPoolChange`), as the app's governance page does.
 */
async function effectOf(
  rule: ResolvedRule,
  target: Address,
  data: `0x${string}`,
  ctx: ConditionContext,
): Promise<Effect | undefined> {
  const call = decodeGovernanceCall(governanceTargets(ctx.view.deployment), target, data);
  if (call === undefined) return undefined;
  if (call.kind === "pool") {
    const { change } = call;
    const { poolId } = change;
    if (!rule.pools.includes(poolId)) return undefined;
    const pool = await ctx.view.pool(poolId);
    // A call the contracts will refuse (no such reserve) changes nothing.
    const changed = applyPoolChange(pool, change);
    if (changed === undefined) return undefined;
    const after = (snapshot: PoolSnapshot) => applyPoolChange(snapshot, change) ?? snapshot;
    const touches = (account: AccountSnapshot) => poolChangeTouches(pool, change, account);
    if (change.kind === "setEMode") {
      const { category, params } = change;
      return accountImpacts(
        rule,
        ctx,
        poolId,
        touches,
        after,
        `e-mode ${category} in pool ${poolId}`,
        `sets e-mode category ${category} to LTV ${bps(params.ltvBps)}, threshold ${bps(params.liquidationThresholdBps)}`,
      );
    }
    const index = change.reserve;
    const symbol = safeSymbol(pool.reserves[index].symbol, `reserve ${index}`);
    if (change.kind === "setFrozen" || change.kind === "setPaused") {
      const on = change.on;
      const word = change.kind === "setFrozen" ? (on ? "freezes" : "unfreezes") : on ? "pauses" : "unpauses";
      return accountImpacts(
        rule,
        ctx,
        poolId,
        touches,
        after,
        `${symbol} in pool ${poolId}`,
        `${word} ${symbol}${on ? ": it stops giving borrowing power and cannot be borrowed" : ""}`,
      );
    }
    const changes: string[] = [];
    for (const c of reserveConfigChanges(pool.reserves[index].config, changed.reserves[index].config)) {
      if (c.field === "liquidationThresholdBps")
        changes.push(
          `${verb(c.before, c.after)} the ${symbol} liquidation threshold to ${bps(c.after)} (from ${bps(c.before)})`,
        );
      else if (c.field === "ltvBps")
        changes.push(`${verb(c.before, c.after)} the ${symbol} LTV to ${bps(c.after)} (from ${bps(c.before)})`);
      else if (c.field === "eModeCategory") changes.push(`moves ${symbol} to e-mode category ${c.after}`);
    }
    if (changes.length === 0) changes.push(`updates ${symbol}'s caps, fees or rate model`);
    return accountImpacts(rule, ctx, poolId, touches, after, `${symbol} in pool ${poolId}`, changes.join(" and "));
  }
  if (call.kind === "other") {
    if (!rule.protocol || call.contract === "pool") return undefined;
    return call.contract === "configurator"
      ? { what: "the pools' configuration", change: `calls ${call.functionName}`, impacts: [], fix: [] }
      : { what: "the kUSD engine", change: `calls ${call.functionName}`, impacts: [], fix: [] };
  }
  const { typeId, params } = call;
  const impacts: string[] = [];
  const fix: string[] = [];
  let name = `type ${typeId}`;
  let change = `updates collateral type ${typeId}`;
  for (const id of await watchedVaults(rule, ctx)) {
    const vault = await ctx.view.openVault(id);
    if (vault === undefined || vault.type.id !== typeId || vault.debt === 0n || vault.ratio === undefined) continue;
    name = safeSymbol(vault.type.symbol, name);
    const newMin = BigInt(params.minRatioBps) * 10n ** 14n;
    change = `sets the ${name} minimum ratio to ${bps(params.minRatioBps)} (from ${bps(vault.type.minRatioBps)})`;
    const safe = vault.ratio >= newMin;
    impacts.push(
      `Your vault ${id} is at ${percent(vault.ratio)}: ${safe ? `still above the new minimum by ${percent(vault.ratio - newMin)}` : "below the new minimum; once executed it can be sent to auction"}.`,
    );
    if (!safe) fix.push(...vaultFix(vault, newMin + WAD / 10n).fix);
  }
  if (impacts.length === 0 && !rule.protocol) return undefined;
  return { what: `kUSD collateral type ${name}`, change, impacts, fix };
}

/** Each watched account the change touches, with its health factor now and after the change. */
async function accountImpacts(
  rule: ResolvedRule,
  ctx: ConditionContext,
  poolId: bigint,
  touches: (account: AccountSnapshot) => boolean,
  apply: (pool: PoolSnapshot) => PoolSnapshot,
  what: string,
  change: string,
): Promise<Effect | undefined> {
  if (!rule.pools.includes(poolId)) return undefined;
  const pool = await ctx.view.pool(poolId);
  const changed = apply(pool);
  const impacts: string[] = [];
  const fix: string[] = [];
  for (const address of rule.accounts) {
    const account = await ctx.view.account(poolId, address);
    if (accountMasks(account).debtMask === 0 || !touches(account)) continue;
    const before = healthFactor(accountHealth(pool, account));
    const after = healthFactor(accountHealth(changed, account));
    impacts.push(
      `Your health factor (${address.slice(0, 8)}…) goes from ${ratio(before)} to ${ratio(after)}${after < WAD ? ": liquidatable once executed" : ""}.`,
    );
    if (after < before)
      fix.push(
        ...healthFix(changed, account, FIX_TARGET)
          .fix.slice(0, 1)
          .map((f) => `Before it executes: ${f.charAt(0).toLowerCase()}${f.slice(1)}`),
      );
  }
  if (impacts.length === 0 && !rule.protocol) return undefined;
  return { what, change, impacts, fix };
}

const bps = (value: number | bigint) => `${(Number(value) / 100).toFixed(2).replace(/\.?0+$/, "")}%`;
const verb = (before: number | bigint, after: number | bigint) => (after < before ? "lowers" : "raises");
