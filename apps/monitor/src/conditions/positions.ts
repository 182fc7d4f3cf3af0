import { accountHealth, healthFactor as healthOf, MAX_UINT256 } from "@keel/sdk";
import { levels } from "../engine/levels.ts";
import type { LevelObservation } from "../engine/types.ts";
import { amount, percent, ratio, safeSymbol, toWad, usd, WAD } from "../format.ts";
import type { ResolvedRule } from "../rules/load.ts";
import type { ConditionContext } from "./context.ts";
import { healthFix, vaultFix } from "./fixes.ts";

/** healthFactor: each watched account, in each watched pool where it owes something. */
export async function healthFactorObservations(rule: ResolvedRule, ctx: ConditionContext): Promise<LevelObservation[]> {
  if (rule.condition.type !== "healthFactor") return [];
  const { below, target, recoverBy, escalateStep } = rule.condition;
  const goal = toWad(target ?? Math.max(1.5, below + 0.3));
  const out: LevelObservation[] = [];
  // Every read at once; the loop below finds them memoized.
  await Promise.all(
    rule.pools.flatMap((poolId) => [ctx.view.pool(poolId), ...rule.accounts.map((a) => ctx.view.account(poolId, a))]),
  );
  for (const poolId of rule.pools) {
    const pool = await ctx.view.pool(poolId);
    for (const address of rule.accounts) {
      const account = await ctx.view.account(poolId, address);
      const value = healthOf(accountHealth(pool, account));
      // No debt reads as an infinite health factor: a rule firing for this account re-arms (it may
      // borrow again later), and one that is armed stays quiet.
      out.push({
        kind: "level",
        rule,
        subject: `${poolId}:${address}`,
        value,
        ...levels("below", below, recoverBy, escalateStep),
        render: async () => {
          const fix = healthFix(pool, account, goal);
          return {
            title: `Health factor ${ratio(value)} in pool ${poolId} (alert below ${below})`,
            details: [
              `Account ${address} in pool ${poolId} has a health factor of ${ratio(value)}: collateral worth ${usd(fix.health.collateralValue)} against ${usd(fix.health.debtValue)} of debt.`,
              value < WAD
                ? "It is below 1: the account can be liquidated now."
                : "Below 1, the account can be liquidated.",
            ],
            fix: fix.fix,
            data: { account: address, poolId: poolId.toString(), healthFactor: value.toString(), ...fix.data },
          };
        },
      });
    }
  }
  return out;
}

/** vaultRatio: each watched vault with debt, by id, by owner, or every vault. */
export async function vaultRatioObservations(rule: ResolvedRule, ctx: ConditionContext): Promise<LevelObservation[]> {
  if (rule.condition.type !== "vaultRatio") return [];
  const { below, minimumMargin, target, recoverBy, escalateStep } = rule.condition;
  const out: LevelObservation[] = [];
  const ids = await watchedVaults(rule, ctx);
  const vaults = await Promise.all(ids.map((id) => ctx.view.openVault(id)));
  for (const [i, id] of ids.entries()) {
    const vault = vaults[i];
    // A vault without debt reads as an infinite ratio (a firing rule re-arms); without a price, as nothing.
    if (vault === undefined || (vault.debt > 0n && vault.ratio === undefined)) continue;
    const value = vault.debt === 0n ? MAX_UINT256 : (vault.ratio as bigint);
    // A fixed level, or the vault's own minimum plus a margin.
    const threshold = below !== undefined ? toWad(below) : vault.type.minRatio + toWad(minimumMargin ?? 0);
    const goal = target !== undefined ? toWad(target) : threshold + (WAD * 3n) / 10n;
    out.push({
      kind: "level",
      rule,
      subject: `vault:${id}`,
      value,
      ...levels("below", threshold, recoverBy, escalateStep),
      render: async () => {
        const fix = vaultFix(vault, goal);
        const symbol = safeSymbol(vault.type.symbol, "collateral");
        return {
          title: `Vault ${id} at ${percent(value)} collateral ratio (alert below ${percent(threshold)})`,
          details: [
            `Vault ${id} of ${vault.owner} holds ${amount(vault.collateral, vault.type.decimals, symbol)} against ${amount(vault.debt, 18, "kUSD")}; its minimum is ${percent(vault.type.minRatio)}.`,
          ],
          fix: fix.fix,
          data: { vaultId: id.toString(), owner: vault.owner, ratio: value.toString(), ...fix.data },
        };
      },
    });
  }
  return out;
}

/** The vault ids a rule watches: its ids, its owners' vaults, or (protocol) every vault. */
export async function watchedVaults(rule: ResolvedRule, ctx: ConditionContext): Promise<bigint[]> {
  const ids = new Set(rule.vaults);
  for (const owner of rule.owners) for (const id of ctx.vaultsOf(owner)) ids.add(id);
  if (rule.protocol) {
    const count = await ctx.view.vaultCount();
    for (let id = 1n; id <= count; id++) ids.add(id);
  }
  return [...ids].sort((a, b) => (a < b ? -1 : 1));
}
