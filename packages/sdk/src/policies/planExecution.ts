import { type Address, erc20Abi, type Hex } from "viem";
import { readContract, simulateContract } from "viem/actions";
import { cdpEngineAbi } from "../abis/CdpEngine.ts";
import { keelPoolAbi } from "../abis/KeelPool.ts";
import { kusdAbi } from "../abis/Kusd.ts";
import { pegStabilityModuleAbi } from "../abis/PegStabilityModule.ts";
import { protectionPoliciesAbi } from "../abis/ProtectionPolicies.ts";
import { KeelContractError } from "../errors/contract.ts";
import { decodeKeelError } from "../errors/decode.ts";
import { quoteIn } from "../flows/quote.ts";
import type { KeelReadClient } from "../internal/types.ts";
import { SharesMathLib } from "../math/SharesMathLib.ts";
import { type Policy, PolicyAction, type PolicyExecution } from "./types.ts";

/** What an execution would do: the amounts, and the fee the contract would pay for them. */
export type PolicyExecutionPlan =
  | { executable: true; execution: PolicyExecution; fee: bigint }
  /** `reason` is the error `execute` would raise for the best amounts found, as a sentence. */
  | { executable: false; reason: string; errorName?: string };

export type PlanPolicyExecutionParameters = {
  policies: Address;
  policy: Policy;
  /** The owner's signature; empty (`0x`) for a posted policy. */
  signature: Hex;
  /** Who would execute it (and, for a soft liquidation, pay the repayment). */
  executor: Address;
  /** The Uniswap V2 router the policy's adapter swaps through, for the sale's quote. */
  router: Address;
};

const BPS = 10_000n;
/** The sale's margin over the quote, for the market moving before the transaction lands. */
const SALE_MARGIN_BPS = 30n;
/** Bisection steps: the repayment is found to within debt / 2^24. */
const SEARCH_STEPS = 24;

type Context = {
  client: KeelReadClient;
  parameters: PlanPolicyExecutionParameters;
  collateral: Address;
  debtAsset: Address;
  /** The sale's output token: the debt asset, or the peg module's gem for a vault sold through it. */
  saleToken: Address;
  flashFee: (amount: bigint) => Promise<bigint>;
  /** Sale output needed for `owed` of the debt asset (the peg module's fee and decimals, for a vault). */
  saleNeeded: (owed: bigint) => bigint;
};

type Trial = { ok: true; fee: bigint } | { ok: false; error: KeelContractError | Error };

/** Simulates `execute` with these amounts, from the executor. */
async function trial(c: Context, execution: PolicyExecution): Promise<Trial> {
  const { policies, policy, signature, executor } = c.parameters;
  try {
    const { result } = await simulateContract(c.client, {
      address: policies,
      abi: protectionPoliciesAbi,
      functionName: "execute",
      args: [policy, signature, execution],
      account: executor,
    });
    return { ok: true, fee: result };
  } catch (error) {
    return { ok: false, error: decodeKeelError(error) };
  }
}

/** The sale that repays `repay` plus the flash fee and the executor's fee, a little above the quote. */
async function saleFor(c: Context, repay: bigint): Promise<PolicyExecution> {
  const { policy, router } = c.parameters;
  const fee = (repay * BigInt(policy.feeBps)) / BPS;
  const owed = repay + (await c.flashFee(repay)) + (fee < policy.maxFee ? fee : policy.maxFee);
  const quote = await quoteIn(c.client, { router }, c.collateral, c.saleToken, c.saleNeeded(owed));
  return {
    repayAssets: repay,
    sellCollateral: (quote.amount * (BPS + SALE_MARGIN_BPS)) / BPS,
    minAmountOut: owed,
    swapData: "0x",
  };
}

function healthAfterOf(error: KeelContractError | Error): bigint | undefined {
  if (!(error instanceof KeelContractError)) return undefined;
  if (error.errorName === "OutcomeOutOfBand" || error.errorName === "HealthNotImproved") {
    return error.args[0] as bigint;
  }
  return undefined;
}

/** The pool account's or the vault's debt, in the debt asset's units. */
async function debtOf(client: KeelReadClient, policies: Address, policy: Policy): Promise<bigint> {
  if (policy.action === PolicyAction.VaultRepay) {
    const engine = await readContract(client, {
      address: policies,
      abi: protectionPoliciesAbi,
      functionName: "engine",
    });
    return readContract(client, { address: engine, abi: cdpEngineAbi, functionName: "debtOf", args: [policy.vaultId] });
  }
  const pool = await readContract(client, { address: policies, abi: protectionPoliciesAbi, functionName: "pool" });
  const [position, state] = await Promise.all([
    readContract(client, {
      address: pool,
      abi: keelPoolAbi,
      functionName: "position",
      args: [policy.poolId, policy.owner, BigInt(policy.debtReserve)],
    }),
    readContract(client, {
      address: pool,
      abi: keelPoolAbi,
      functionName: "expectedReserveState",
      args: [policy.poolId, BigInt(policy.debtReserve)],
    }),
  ]);
  return SharesMathLib.toAssetsUp(position.debtShares, state.totalBorrowAssets, state.totalBorrowShares);
}

async function contextFor(client: KeelReadClient, parameters: PlanPolicyExecutionParameters): Promise<Context> {
  const { policies, policy } = parameters;
  const read = <name extends "pool" | "engine" | "psm" | "kusd">(functionName: name) =>
    readContract(client, { address: policies, abi: protectionPoliciesAbi, functionName }) as Promise<Address>;
  if (policy.action === PolicyAction.VaultRepay) {
    const [engine, kusd, psm] = await Promise.all([read("engine"), read("kusd"), read("psm")]);
    const vault = await readContract(client, {
      address: engine,
      abi: cdpEngineAbi,
      functionName: "vault",
      args: [policy.vaultId],
    });
    const type = await readContract(client, {
      address: engine,
      abi: cdpEngineAbi,
      functionName: "collateralType",
      args: [BigInt(vault.typeId)],
    });
    const flashFee = (amount: bigint) =>
      readContract(client, { address: kusd, abi: kusdAbi, functionName: "flashFee", args: [kusd, amount] });
    if (!policy.throughPegModule) {
      return {
        client,
        parameters,
        collateral: type.token,
        debtAsset: kusd,
        saleToken: kusd,
        flashFee,
        saleNeeded: (o) => o,
      };
    }
    const [gem, feeInBps] = await Promise.all([
      readContract(client, { address: psm, abi: pegStabilityModuleAbi, functionName: "gem" }),
      readContract(client, { address: psm, abi: pegStabilityModuleAbi, functionName: "feeInBps" }),
    ]);
    const gemDecimals = await readContract(client, { address: gem, abi: erc20Abi, functionName: "decimals" });
    const scale = 10n ** BigInt(18 - gemDecimals);
    // The module pays kUSD at par less its fee: gross the kUSD owed up by the fee, in gem units, rounded up.
    const saleNeeded = (owed: bigint) => (owed * BPS + (BPS - feeInBps) * scale - 1n) / ((BPS - feeInBps) * scale) + 1n;
    return { client, parameters, collateral: type.token, debtAsset: kusd, saleToken: gem, flashFee, saleNeeded };
  }
  const pool = await read("pool");
  const asset = async (reserve: number) =>
    (
      await readContract(client, {
        address: pool,
        abi: keelPoolAbi,
        functionName: "reserveConfig",
        args: [policy.poolId, BigInt(reserve)],
      })
    ).asset;
  const [collateral, debtAsset] = await Promise.all([asset(policy.collateralReserve), asset(policy.debtReserve)]);
  const flashFee = (amount: bigint) =>
    readContract(client, { address: pool, abi: keelPoolAbi, functionName: "flashFee", args: [debtAsset, amount] });
  return { client, parameters, collateral, debtAsset, saleToken: debtAsset, flashFee, saleNeeded: (o) => o };
}

/**
 * What a keeper would send to carry out a policy now, found against the real contracts: amounts are tried
 * with `execute` simulated from the executor, so a plan that says `executable` is one the contracts accept at
 * this block. A band action (deleverage, repay from the wallet, vault repay) bisects the repayment until the
 * outcome lands in the band, reading the health each trial reports; a close repays everything; a soft
 * liquidation repays the most the close factor allows. When nothing works, the reason is the contract's.
 */
export async function planPolicyExecution(
  client: KeelReadClient,
  parameters: PlanPolicyExecutionParameters,
): Promise<PolicyExecutionPlan> {
  const { policy, policies } = parameters;
  const c = await contextFor(client, parameters);
  const debt = await debtOf(client, policies, policy);
  const sells = policy.action !== PolicyAction.RepayFromWallet && policy.action !== PolicyAction.SoftLiquidation;
  const build = async (repay: bigint): Promise<PolicyExecution> =>
    sells ? saleFor(c, repay) : { repayAssets: repay, sellCollateral: 0n, minAmountOut: 0n, swapData: "0x" };
  const refuse = (error: KeelContractError | Error): PolicyExecutionPlan => ({
    executable: false,
    reason: error.message,
    errorName: error instanceof KeelContractError ? error.errorName : undefined,
  });

  if (policy.action === PolicyAction.Close || policy.action === PolicyAction.SoftLiquidation) {
    const repay = policy.action === PolicyAction.Close ? debt : (debt * BigInt(policy.closeFactorBps)) / BPS;
    const execution = await build(repay);
    const result = await trial(c, execution);
    return result.ok ? { executable: true, execution, fee: result.fee } : refuse(result.error);
  }

  // A band action: too little repaid lands below the target, too much above the ceiling.
  let low = 0n;
  let high = debt;
  if (policy.action === PolicyAction.RepayFromWallet) {
    // No more than the allowance left can pay, fee included.
    const hash = await readContract(client, {
      address: policies,
      abi: protectionPoliciesAbi,
      functionName: "hashPolicy",
      args: [policy],
    });
    const [, , , , pulled] = await readContract(client, {
      address: policies,
      abi: protectionPoliciesAbi,
      functionName: "policyState",
      args: [hash],
    });
    const left = policy.repayAllowance > pulled ? policy.repayAllowance - pulled : 0n;
    const affordable = (left * BPS) / (BPS + BigInt(policy.feeBps));
    if (affordable < high) high = affordable;
  }
  let last: Trial | undefined;
  for (let step = 0; step < SEARCH_STEPS && high - low > 1n; step++) {
    const repay = (low + high) / 2n;
    const execution = await build(repay);
    last = await trial(c, execution);
    if (last.ok) return { executable: true, execution, fee: last.fee };
    const health = healthAfterOf(last.error);
    if (health === undefined) return refuse(last.error);
    if (health < policy.targetHealth) low = repay;
    else high = repay;
  }
  return last === undefined || last.ok
    ? { executable: false, reason: "The position has no debt to act on." }
    : refuse(last.error);
}
