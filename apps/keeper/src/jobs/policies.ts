import { checkPolicy, decodeKeelError, type Policy, planPolicyExecution, protectionPoliciesAbi } from "@keel/sdk";
import { type Address, encodeFunctionData } from "viem";
import type { KnownPolicy, PolicyBook } from "../book/policies.ts";
import { dispatch, type JobContext, unlessReverted, usdOf } from "./context.ts";

/** Reasons `check` gives that no later block can undo: the policy is dropped. */
const FINAL = new Set(["PolicyCancelled", "PolicyExpired", "PolicyExhausted"]);

/**
 * Executes the protection policies whose trigger holds. The contract's own `check` says which are ready
 * (bounds, trigger, authorization, adapter, oracles, cooldown); for those the SDK's planner finds amounts
 * the contract accepts, against `execute` simulated at the head from the keeper, and the fee it pays is the
 * profit judged against gas. A policy fires once per execution its owner allowed: the key includes the
 * execution count, and after one the trigger no longer holds.
 */
export async function runPolicies(
  ctx: JobContext,
  book: PolicyBook,
  debtPriceOf: (policy: Policy) => bigint | undefined,
): Promise<number> {
  const policies = ctx.deployment.periphery?.policies;
  if (policies === undefined) return 0;
  const known = book.all();
  const checks = await Promise.all(
    known.map((entry) =>
      checkPolicy(ctx.publicClient, { policies, policy: entry.policy }).then(
        (result) => ({ entry, ...result }),
        (error: unknown) => {
          unlessReverted(error);
          return { entry, ready: false, reason: "check reverted" };
        },
      ),
    ),
  );
  let sent = 0;
  for (const { entry, ready, reason } of checks) {
    if (!ready) {
      if (reason !== undefined && FINAL.has(reason)) book.forget(entry.hash);
      continue;
    }
    if (await execute(ctx, policies, entry, debtPriceOf(entry.policy))) sent++;
  }
  return sent;
}

async function execute(
  ctx: JobContext,
  policies: Address,
  entry: KnownPolicy,
  debtPrice: bigint | undefined,
): Promise<boolean> {
  const [executions] = await ctx.publicClient.readContract({
    address: policies,
    abi: protectionPoliciesAbi,
    functionName: "policyState",
    args: [entry.hash],
  });
  const key = `policy:${entry.hash}:${executions}`;
  if (ctx.sender.busy(key)) return false;
  ctx.metrics.opportunities.inc({ job: "policy" });
  const plan = await planPolicyExecution(ctx.publicClient, {
    policies,
    policy: entry.policy,
    signature: entry.signature,
    executor: ctx.sender.address,
    router: ctx.deployment.uniswap.router,
  });
  if (!plan.executable) {
    ctx.metrics.skipped.inc({ job: "policy", reason: plan.errorName ?? "not executable" });
    ctx.log.info({ policy: entry.hash, reason: plan.reason }, "policy ready but not executable");
    return false;
  }
  const args = [entry.policy, entry.signature, plan.execution] as const;
  let gas: bigint;
  try {
    gas = await ctx.publicClient.estimateContractGas({
      address: policies,
      abi: protectionPoliciesAbi,
      functionName: "execute",
      args,
      account: ctx.sender.address,
    });
  } catch (error) {
    // A block landed, or the owner acted, since the plan: the next head plans again.
    unlessReverted(error);
    ctx.metrics.skipped.inc({ job: "policy", reason: "simulation reverted" });
    ctx.log.info({ policy: entry.hash, reason: decodeKeelError(error).message }, "policy execution would revert");
    return false;
  }
  // The fee is in the debt asset (kUSD for a vault policy, whose price is taken as one dollar).
  const profitUsd = debtPrice === undefined ? plan.fee : usdOf(plan.fee, debtPrice);
  return dispatch(
    ctx,
    { job: "policy", key, profitUsd, gas },
    {
      to: policies,
      data: encodeFunctionData({ abi: protectionPoliciesAbi, functionName: "execute", args }),
      details: { policy: entry.hash, owner: entry.policy.owner, repay: plan.execution.repayAssets, fee: plan.fee },
    },
  );
}
