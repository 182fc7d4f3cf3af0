// A protection policy in plain words: what any keeper may do, when, how far, for what fee and how often.
// The same sentence describes the policy being edited and each posted one read back from its event, so
// what the owner reads is what the contract holds.
import { formatTokenAmount, formatUsdWad, formatWadRatio, type Policy, PolicyTrigger, WAD } from "@keel/sdk";
import { usdPerToken } from "./market.ts";
import { type Asset, actionName, assetsOf, type ProtectScope } from "./protectPolicy.ts";

const pct = (bps: number) => `${bps / 100}%`;

/** A WAD ratio as a whole-ish percentage: 1.7e18 → "170%", 1.725e18 → "172.5%". */
export function ratioPercent(ratio: bigint): string {
  const hundredths = (ratio * 10_000n) / WAD;
  const text = (Number(hundredths) / 100).toFixed(2).replace(/\.?0+$/, "");
  return `${text}%`;
}

const healthText = (value: bigint) => formatWadRatio(value);
const tokenText = (units: bigint, asset: Asset) => formatTokenAmount(units, asset, { maxDecimals: 6 });
const priceText = (price: bigint, asset: Asset) => formatUsdWad(usdPerToken(price, asset.decimals));

/** "once every hour", "once every 90 minutes", or no limit. */
export function cooldownText(seconds: number): string {
  if (seconds === 0) return "with no wait between executions";
  const unit = (n: number, word: string) => (n === 1 ? `once every ${word}` : `once every ${n} ${word}s`);
  if (seconds % 86_400 === 0) return `at most ${unit(seconds / 86_400, "day")}`;
  if (seconds % 3_600 === 0) return `at most ${unit(seconds / 3_600, "hour")}`;
  if (seconds % 60 === 0) return `at most ${unit(seconds / 60, "minute")}`;
  return `at most ${unit(seconds, "second")}`;
}

export function expiryText(expiry: bigint): string {
  return new Date(Number(expiry) * 1000).toLocaleString("en-GB", { dateStyle: "long", timeStyle: "short" });
}

/** The policy's trigger, as the start of a sentence. */
export function triggerText(policy: Policy, scope: ProtectScope): string {
  const { collateral } = assetsOf(scope, policy.priceReserve, policy.debtReserve);
  if (policy.trigger === PolicyTrigger.HealthBelow) {
    return scope.kind === "vault"
      ? `When vault ${scope.vaultId}'s collateral ratio falls below ${ratioPercent(policy.triggerValue)}`
      : `When your health factor in ${scope.poolName} falls below ${healthText(policy.triggerValue)}`;
  }
  const direction = policy.trigger === PolicyTrigger.PriceBelow ? "falls below" : "rises above";
  return `When ${collateral.symbol}'s oracle price ${direction} ${priceText(policy.triggerValue, collateral)}`;
}

/** The band the action must land in, as a clause. */
function bandText(policy: Policy, scope: ProtectScope): string {
  const ceiling = policy.targetHealth + policy.healthTolerance;
  return scope.kind === "vault"
    ? `until its collateral ratio is between ${ratioPercent(policy.targetHealth)} and ${ratioPercent(ceiling)}`
    : `until your health factor is between ${healthText(policy.targetHealth)} and ${healthText(ceiling)}`;
}

/** The whole policy in one sentence. */
export function summarize(policy: Policy, scope: ProtectScope): string {
  const { collateral, debt } = assetsOf(scope, policy.collateralReserve, policy.debtReserve);
  const bound = `at no worse than ${pct(policy.maxDeviationBps)} below the oracles' price`;
  const fee = `for a fee of ${pct(policy.feeBps)} of the debt repaid, at most ${tokenText(policy.maxFee, debt)}`;
  const what = ((): string => {
    switch (actionName(policy)) {
      case "deleverage":
        return `any keeper may sell your ${collateral.symbol} for ${debt.symbol}, no more than the repayment needs, to repay your ${debt.symbol} debt ${bandText(policy, scope)}, ${bound}, ${fee}`;
      case "repay":
        return `any keeper may take ${debt.symbol} from your wallet, at most ${tokenText(policy.repayAllowance, debt)} in all (its fee included), to repay your ${debt.symbol} debt ${bandText(policy, scope)}, ${fee}`;
      case "close":
        return `any keeper may sell your ${collateral.symbol} for ${debt.symbol} to repay all your ${debt.symbol} debt, ${bound}, ${fee}; the ${collateral.symbol} left stays yours`;
      case "soft-liquidation":
        return `any keeper may repay up to ${pct(policy.closeFactorBps)} of your ${debt.symbol} debt at a time with its own ${debt.symbol} and take your ${collateral.symbol} worth the repayment plus an incentive of ${pct(policy.incentiveStartBps)} at the trigger, rising to ${pct(policy.incentiveEndBps)} at health 1.00 (below 1.00 the pool's own liquidation takes over)`;
      case "vault-repay":
        return `any keeper may sell the vault's ${collateral.symbol} for kUSD${policy.throughPegModule ? " (through USDC and the peg module)" : ""}, no more than the repayment needs, to repay its debt ${bandText(policy, scope)}, ${bound}, ${fee.replace("the debt repaid", "the kUSD repaid")}`;
    }
  })();
  const times = policy.maxExecutions === 1 ? "once at most" : `at most ${policy.maxExecutions} times`;
  return `${triggerText(policy, scope)}, ${what}, ${cooldownText(policy.cooldown)}, until ${expiryText(policy.expiry)}, ${times}.`;
}
