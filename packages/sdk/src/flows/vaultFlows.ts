import type { Address, Hex } from "viem";
import { readContract } from "viem/actions";
import { cdpEngineAbi } from "../abis/CdpEngine.ts";
import { iPriceOracleAbi } from "../abis/IPriceOracle.ts";
import { kusdAbi } from "../abis/Kusd.ts";
import { addressOf, resolveAccount } from "../internal/account.ts";
import type { KeelReadClient, KeelWalletClient } from "../internal/types.ts";
import { signOperatorApproval } from "../signatures/signOperatorApproval.ts";
import { type SwapLeg, swapRoute } from "./poolFlows.ts";
import { type QuoteVenue, quoteDeviation, quoteOut, requireWithinBound } from "./quote.ts";
import { ALL, bundlerStep } from "./steps.ts";

const BPS = 10_000n;
const WAD = 10n ** 18n;
const PRICE_SCALE = 10n ** 18n;

/** Where a vault flow acts. */
export type VaultFlowTarget = { bundler: Address; swapAdapter: Address; maxDeviationBps: bigint };

/**
 * Open a leveraged kUSD vault: pull `deposit` of collateral, flash-mint `flash` kUSD, swap it into collateral,
 * open a vault of the initiator with everything and mint the flash mint and its fee to repay it.
 */
export function buildLeveragedVault(
  target: VaultFlowTarget,
  p: {
    typeId: bigint;
    collateral: Address;
    kusd: Address;
    deposit: bigint;
    flash: bigint;
    flashFee: bigint;
    swap: SwapLeg;
    minRatio: bigint;
  },
): Hex[] {
  const inner = [
    bundlerStep("swap", [
      target.swapAdapter,
      p.kusd,
      p.collateral,
      ALL,
      p.swap.minOut,
      target.maxDeviationBps,
      swapRoute(p.swap.path),
    ]),
    bundlerStep("cdpOpen", [p.typeId, ALL, p.flash + p.flashFee, target.bundler]),
  ];
  const steps: Hex[] = [];
  if (p.deposit > 0n) steps.push(bundlerStep("pull", [p.collateral, p.deposit]));
  steps.push(bundlerStep("kusdFlashMint", [p.flash, inner]), bundlerStep("requireVaultRatio", [0n, p.minRatio]));
  return steps;
}

/** Repay a vault's kUSD debt with USDC from the wallet, swapped at par (less the fee) in the peg module. */
export function buildVaultRepayThroughPsm(p: { vaultId: bigint; gem: Address; gemAmount: bigint }): Hex[] {
  return [
    bundlerStep("pull", [p.gem, p.gemAmount]),
    bundlerStep("psmSellGem", [ALL]),
    bundlerStep("cdpRepay", [p.vaultId, ALL]),
  ];
}

export type PlanLeveragedVaultParameters = QuoteVenue & {
  engine: Address;
  kusd: Address;
  bundler: Address;
  swapAdapter: Address;
  registry: Address;
  typeId: bigint;
  /** Collateral from the wallet, in its units. */
  deposit: bigint;
  /** kUSD to flash-mint and swap into collateral: the vault's debt is this and the flash fee. */
  mint: bigint;
  slippageBps?: bigint;
  maxDeviationBps?: bigint;
  /** The collateral ratio the bundle must leave, WAD; the type's minimum plus 10 points by default. */
  minRatio?: bigint;
};

export type LeveragedVaultPlan = {
  steps: Hex[];
  swap: SwapLeg & { tokenIn: Address; tokenOut: Address; deviationBps: bigint };
  flash: { amount: bigint; fee: bigint };
  /** The vault the bundle opens: collateral, debt and ratio (WAD) at the oracle's price. */
  vault: { collateral: bigint; debt: bigint; ratio: bigint };
};

/** Quotes the swap, checks it against the oracles, and previews the vault the bundle opens. */
export async function planLeveragedVault(
  client: KeelReadClient,
  parameters: PlanLeveragedVaultParameters,
): Promise<LeveragedVaultPlan> {
  const { engine, kusd, typeId, deposit, mint } = parameters;
  const slippageBps = parameters.slippageBps ?? 50n;
  const maxDeviationBps = parameters.maxDeviationBps ?? 100n;
  const type = await readContract(client, {
    address: engine,
    abi: cdpEngineAbi,
    functionName: "collateralType",
    args: [typeId],
  });
  const fee = await readContract(client, { address: kusd, abi: kusdAbi, functionName: "flashFee", args: [kusd, mint] });
  const quote = await quoteOut(client, parameters, kusd, type.token, mint);
  const swap = {
    tokenIn: kusd,
    tokenOut: type.token,
    path: quote.path,
    amountIn: mint,
    quotedOut: quote.amount,
    minOut: (quote.amount * (BPS - slippageBps)) / BPS,
  };
  const deviationBps = await quoteDeviation(client, parameters.registry, swap);
  requireWithinBound(deviationBps, maxDeviationBps);
  const price = await readContract(client, { address: type.oracle, abi: iPriceOracleAbi, functionName: "price" });
  const collateral = deposit + quote.amount;
  const debt = mint + fee;
  // Units: collateral × price / PRICE_SCALE is WAD of USD; kUSD debt is WAD of USD at par. Rounding: down.
  const ratio = (((collateral * price) / PRICE_SCALE) * WAD) / debt;
  const minRatio = parameters.minRatio ?? ((BigInt(type.minRatioBps) + 1_000n) * WAD) / BPS;
  const target = { bundler: parameters.bundler, swapAdapter: parameters.swapAdapter, maxDeviationBps };
  const steps = buildLeveragedVault(target, {
    typeId,
    collateral: type.token,
    kusd,
    deposit,
    flash: mint,
    flashFee: fee,
    swap,
    minRatio,
  });
  return { steps, swap: { ...swap, deviationBps }, flash: { amount: mint, fee }, vault: { collateral, debt, ratio } };
}

/**
 * Wraps a kUSD bundle so that the bundler is the signer's vault operator for this one transaction: a signed
 * approval first and its signed revoke last (consecutive engine nonces). Nothing changes when it already is.
 */
export async function approveOperatorForOneBundle(
  client: KeelWalletClient,
  { engine, bundler, steps }: { engine: Address; bundler: Address; steps: readonly Hex[] },
): Promise<Hex[]> {
  const owner = addressOf(resolveAccount(client));
  const isOperator = await readContract(client, {
    address: engine,
    abi: cdpEngineAbi,
    functionName: "isOperator",
    args: [owner, bundler],
  });
  if (isOperator) return [...steps];
  const nonce = await readContract(client, {
    address: engine,
    abi: cdpEngineAbi,
    functionName: "nonces",
    args: [owner],
  });
  const grant = await signOperatorApproval(client, { engine, operator: bundler, approved: true, nonce });
  const revoke = await signOperatorApproval(client, { engine, operator: bundler, approved: false, nonce: nonce + 1n });
  return [
    bundlerStep("cdpSetOperatorWithSig", [grant.approval, grant.signature]),
    ...steps,
    bundlerStep("cdpSetOperatorWithSig", [revoke.approval, revoke.signature]),
  ];
}
