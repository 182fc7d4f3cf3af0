// Whether a posted policy can run now, in words: the contract's `check` names the error `execute` would
// raise, and the decoded revert of `checkOrRevert` gives its figures; the common reasons are said in the
// owner's terms, the others in the SDK's sentence.
import { type Policy, PolicyTrigger } from "@keel/sdk";
import { formatHealthFactor, formatUsdWad } from "./format.ts";
import { usdPerToken } from "./market.ts";
import { assetsOf, type ProtectScope } from "./protectPolicy.ts";
import { expiryText, ratioPercent } from "./protectSummary.ts";

export type PolicyState = { executions: number; lastExecuted: bigint; cancelled: boolean };

/** The policy's standing: cancelled, ready, or waiting and why. */
export type PolicyStanding =
  | { kind: "cancelled"; text: string }
  | { kind: "ready"; text: string }
  | { kind: "waiting"; text: string }
  | { kind: "over"; text: string };

export type CheckResult = {
  ready: boolean;
  /** The error's name, as checkPolicy gives it. */
  reason?: string;
  /** The decoded error's arguments, when the revert was decoded. */
  args?: readonly unknown[];
  /** The SDK's sentence for the decoded error. */
  sentence?: string;
};

export function standingOf(
  policy: Policy,
  scope: ProtectScope,
  state: PolicyState,
  check: CheckResult,
): PolicyStanding {
  if (state.cancelled) return { kind: "cancelled", text: "Cancelled." };
  if (check.ready) return { kind: "ready", text: "Can run now: any keeper may carry it out at the next block." };
  const args = check.args ?? [];
  switch (check.reason) {
    case "PolicyCancelled":
      return { kind: "cancelled", text: "Cancelled: you cancelled every policy signed before (Cancel all)." };
    case "PolicyExpired":
      return { kind: "over", text: `Cannot run: it expired on ${expiryText(policy.expiry)}.` };
    case "PolicyExhausted":
      return { kind: "over", text: `Cannot run: it has run all ${policy.maxExecutions} times it allows.` };
    case "PolicyCoolingDown":
      return {
        kind: "waiting",
        text: `Cannot run now: it ran recently, and may run again from ${expiryText(state.lastExecuted + BigInt(policy.cooldown))}.`,
      };
    case "TriggerNotMet":
      return {
        kind: "waiting",
        text: `Cannot run now: ${triggerNotMet(policy, scope, args[0] as bigint | undefined)}`,
      };
    case "PolicyNotAuthorized":
      return {
        kind: "waiting",
        text:
          scope.kind === "vault"
            ? "Cannot run: the policy contract is not an operator of your vaults; create a policy here again to authorize it."
            : "Cannot run: the policy contract is not authorized on the pool for you; create a policy here again to authorize it.",
      };
    case "ZeroAmount":
      return { kind: "waiting", text: "Cannot run now: there is no debt to act on." };
    case "RepayAllowanceExceeded":
      return {
        kind: "waiting",
        text: "Cannot run now: nothing is left to take from your wallet (the policy's allowance, your approval or your balance is used up).",
      };
    default:
      return {
        kind: "waiting",
        text: `Cannot run now: ${check.sentence ?? check.reason ?? "the contract refuses it"}`,
      };
  }
}

function triggerNotMet(policy: Policy, scope: ProtectScope, observed: bigint | undefined): string {
  if (policy.trigger === PolicyTrigger.HealthBelow) {
    if (scope.kind === "vault") {
      return observed === undefined
        ? "the vault's collateral ratio is not below the trigger."
        : `the vault's collateral ratio is ${ratioPercent(observed)}, not below ${ratioPercent(policy.triggerValue)}.`;
    }
    return observed === undefined
      ? "your health factor is not below the trigger."
      : `your health factor is ${formatHealthFactor(observed)}, not below ${formatHealthFactor(policy.triggerValue)}.`;
  }
  const { collateral } = assetsOf(scope, policy.priceReserve, policy.debtReserve);
  const usd = (price: bigint) => formatUsdWad(usdPerToken(price, collateral.decimals));
  const side = policy.trigger === PolicyTrigger.PriceBelow ? "below" : "above";
  return observed === undefined
    ? `${collateral.symbol}'s price is not ${side} the trigger.`
    : `${collateral.symbol}'s oracle price is ${usd(observed)}, not ${side} ${usd(policy.triggerValue)}.`;
}
