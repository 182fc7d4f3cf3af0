import { formatTokenAmount, formatUsdWad, formatWadPercent, formatWadRatio } from "../format/index.ts";
import type { KeelErrorName } from "./abi.ts";
import type { KeelErrorContext } from "./context.ts";

const WAD = 10n ** 18n;
const BPS = 10_000n;
const PRICE_SCALE = 10n ** 18n;

// Decoded arguments by their ABI names; viem gives bigint for integers, strings for addresses.
type Args = Record<string, unknown>;
type Sentence = (args: Args, context: KeelErrorContext) => string;

const amount = (value: unknown, context: KeelErrorContext) => formatTokenAmount(value as bigint, context.token);
const usd = (value: unknown) => formatUsdWad(value as bigint);
const date = (seconds: unknown) => new Date(Number(seconds as bigint) * 1000).toISOString();
/** kUSD always has 18 decimals, so the engine's sentences can speak in whole kUSD without context. */
const kusd = (value: unknown) => formatTokenAmount(value as bigint, { decimals: 18, symbol: "kUSD" });
const percent = (value: unknown) => formatWadPercent(value as bigint);
const collateralAmount = (value: unknown, context: KeelErrorContext) =>
  formatTokenAmount(value as bigint, context.collateral ?? context.token);

/**
 * An auction price (kUSD wei per collateral unit × 1e18) as kUSD per whole collateral token when the
 * collateral's decimals are known, else as the raw integer.
 */
function auctionPriceText(value: unknown, context: KeelErrorContext): string {
  const price = value as bigint;
  const collateral = context.collateral ?? context.token;
  if (!collateral) return `${price} (kUSD wei per collateral unit, scaled by 1e18)`;
  const perToken = (price * 10n ** BigInt(collateral.decimals)) / PRICE_SCALE;
  return `${kusd(perToken)} per ${collateral.symbol ?? "whole token"}`;
}

/** "WETH (reserve 0 of pool 1)" when the context knows the reserve's symbol, else "reserve 0 of pool 1". */
function reserveAsset(poolId: unknown, reserve: unknown, context: KeelErrorContext): string {
  const symbol = context.reserveSymbols?.[Number(reserve as bigint)];
  const where = `reserve ${reserve} of pool ${poolId}`;
  return symbol ? `${symbol} (${where})` : where;
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Borrow power left before the operation, in token units at the reserve's price, rounded down. */
function headroomInTokens(context: KeelErrorContext, ltvBps?: number): bigint | undefined {
  const { health, price } = context;
  if (!health || !price) return undefined;
  const free = health.borrowPower > health.debtValue ? health.borrowPower - health.debtValue : 0n;
  // A collateral withdrawal frees LTV × value of borrowing power per unit; a borrow uses its full value.
  const perUnitValue = ltvBps === undefined ? price : (price * BigInt(ltvBps)) / BPS;
  return perUnitValue === 0n ? undefined : (free * PRICE_SCALE) / perUnitValue;
}

/** The configurator's bound errors name their parameter; the risk rules get a sentence of their own. */
function outOfBounds(parameter: string): string {
  switch (parameter) {
    case "thresholdCut":
      return "A liquidation threshold may be cut by at most 5% of itself in one step (85% to 80.75% at the lowest), so no healthy account is thrown into liquidation; cut in smaller steps, a day apart.";
    case "eMode":
      return "An e-mode category's LTV and liquidation threshold must be at least those of every reserve in it, so entering e-mode never lowers anyone's health; raise the category first, or lower the reserve's own limits.";
    case "eModeExit":
      return "A reserve may leave its e-mode category only when the category's liquidation threshold equals every member's own (the leaving one's included), so that no health factor changes; cut the category step by step and raise the members' own thresholds first.";
    case "minRatioBelowPenalty":
      return "A collateral type's minimum ratio must be at least 100% plus its liquidation penalty, so that collateral at the trigger covers the debt and the penalty; raise the minimum ratio or lower the penalty.";
    case "auctionCurve":
      return "The auction curve would go stale before offering the collateral 1% below the oracle price (start buffer × floor at most 99%, and the curve at or below 99% of the oracle by the time limit), so no auction could clear; lower the start or the floor, shorten the half-life, or lengthen the time limit.";
    case "keeperTip":
    case "keeperFee":
      return "The keeper reward (tip plus fee) on the smallest auction may not exceed the penalty that auction collects, so liquidating one's own vault never pays; lower the tip or the fee, or raise the debt floor or the penalty.";
    case "auctionLimit":
      return "A collateral type's auction limit must be positive and at least its debt floor, so that one auction always fits.";
    case "maxDeviation":
      return "A swap's price bound may be at most 100% (10,000 BPS).";
    case "tokenOut":
      return "A swap must buy a different token than it sells.";
    case "flashFee":
      return "The flash-mint fee may be at most 1%.";
    case "depegTolerance":
      return "The peg module's depeg tolerance must be above 0% and at most 10%.";
    case "feeIn":
    case "feeOut":
      return `The peg module's ${parameter === "feeIn" ? "sale" : "purchase"} fee may be at most 5%.`;
    case "gemDecimals":
      return "The peg module's stablecoin may have at most 18 decimals.";
    default:
      return `The parameter ${parameter} is outside its bounds; choose a value within them.`;
  }
}

function insufficientCollateral(args: Args, context: KeelErrorContext): string {
  const { debtValue, borrowPower } = args as { debtValue: bigint; borrowPower: bigint };
  const base = `Your debt would be ${usd(debtValue)}, above your borrowing power of ${usd(borrowPower)}.`;
  if (context.operation === "borrow" && context.health) {
    const healthAfter = debtValue === 0n ? undefined : (context.health.liquidationValue * WAD) / debtValue;
    const most = headroomInTokens(context);
    const hf = healthAfter === undefined ? "" : `Your health factor would fall to ${formatWadRatio(healthAfter)}; `;
    if (most !== undefined) return `${hf}the most you can borrow now is ${amount(most, context)}.`;
    return `${hf}${base} Borrow less or add collateral.`;
  }
  if (context.operation === "withdrawCollateral" && context.ltvBps !== undefined) {
    const most = headroomInTokens(context, context.ltvBps);
    if (most !== undefined)
      return `${base} The most collateral you can withdraw now is about ${amount(most, context)}; repay debt to free more.`;
  }
  return `${base} Add collateral, repay debt, or ask for less.`;
}

/**
 * One sentence per custom error of the generated ABIs. Typed as a complete record, and a test checks
 * every ABI error has an entry, so a new contract error cannot ship without an explanation.
 */
export const keelErrorSentences: Record<KeelErrorName, Sentence> = {
  // ----- pool: inputs and identity -----
  ZeroAddress: () =>
    "An address argument is the zero address; pass the account, receiver, oracle or fee recipient explicitly.",
  InconsistentInput: () => "Give exactly one of assets and shares as a non-zero amount, and the other as zero.",
  ZeroAmount: () =>
    "This would move nothing: the amount is zero, or rounds to zero (at the current share price, or after a fee).",
  UnknownPool: ({ poolId }) => `Pool ${poolId} does not exist; check the pool id.`,
  UnknownReserve: ({ poolId, reserve }) =>
    `Reserve ${reserve} is not listed in pool ${poolId}; check the reserve index.`,
  NotConfigurator: ({ caller }) => `Only the configurator may change pool settings; ${caller} is not it.`,
  Unauthorized: ({ caller, onBehalf }) =>
    `${caller} may not act for ${onBehalf}: the owner must authorize it as operator (setAuthorization) or delegate credit (approveDelegation).`,
  InsufficientDelegation: (args, context) =>
    `Your credit delegation allows borrowing ${amount(args.allowance, context)}, but ${amount(args.requested, context)} was asked; borrow less or ask the owner to raise it.`,
  // ----- pool: reserve flags and caps -----
  ReserveFrozen: ({ poolId, reserve }) =>
    `Reserve ${reserve} of pool ${poolId} is frozen by its risk admin: no new supply or borrowing. Repay, withdraw and adding collateral still work.`,
  ReservePaused: ({ poolId, reserve }) =>
    `Reserve ${reserve} of pool ${poolId} is paused by the guardian: no new supply or borrowing. Repay, withdraw and adding collateral still work.`,
  NotCollateral: ({ poolId, reserve }) =>
    `Reserve ${reserve} of pool ${poolId} is not enabled as collateral; supply it to earn interest instead.`,
  NotBorrowable: ({ poolId, reserve }) => `Reserve ${reserve} of pool ${poolId} cannot be borrowed.`,
  SupplyCapExceeded: ({ cap, totalAfter }, context) =>
    `The reserve's supply cap is ${cap} whole tokens; this deposit would bring supply plus collateral to ${amount(totalAfter, context)}. Deposit less.`,
  BorrowCapExceeded: ({ cap, totalAfter }, context) =>
    `The reserve's borrow cap is ${cap} whole tokens; this borrow would bring total debt to ${amount(totalAfter, context)}. Borrow less.`,
  // ----- pool: balances, liquidity and health -----
  InsufficientLiquidity: (args, context) =>
    `Only ${amount(args.available, context)} is idle in the reserve, but ${amount(args.requested, context)} was asked; wait for repayments or ask for less.`,
  // For collateral the pool counts token units; for supply it counts shares, which mean nothing to a
  // person, so that case is told without them.
  InsufficientBalance: (args, context) =>
    context.operation === "withdrawCollateral"
      ? `The account holds ${amount(args.balance, context)} of collateral here, but ${amount(args.requested, context)} was asked.`
      : `The account's supply here is smaller than the amount asked; withdraw "max" to take all of it.`,
  // The pool counts debt in shares: say what happened without them.
  RepayExceedsDebt: () => `This repays more than the debt; repay "all" to close it exactly.`,
  InsufficientCollateral: insufficientCollateral,
  UnpricedCollateral: ({ poolId, reserve }, context) =>
    `The price of ${reserveAsset(poolId, reserve, context)} cannot be confirmed right now (its feed is stale, at a bound or missing), so it cannot back a new loan or a collateral withdrawal; repay or add another collateral.`,
  HealthyPosition: ({ healthFactor }) =>
    `The account is healthy (health factor ${formatWadRatio(healthFactor as bigint)}); only accounts below 1 can be liquidated.`,
  NothingToLiquidate: () =>
    "The account has no collateral in the chosen collateral reserve or no debt in the chosen debt reserve.",
  LiquidationMustClose: ({ requiredAssets }, context) =>
    `A partial liquidation here would lower the account's health or leave dust; repay at least ${amount(requiredAssets, context)}.`,
  // ----- signatures (pool and kUSD engine, ISignedGrants) -----
  SignatureExpired: ({ deadline }) => `The signature expired at ${date(deadline)}; sign again with a later deadline.`,
  InvalidNonce: ({ expected, given, provided }) =>
    `The signature uses nonce ${given ?? provided}, but the signer's current nonce is ${expected}; it was used, or killed by a direct revoke or invalidateNonces (which only move the nonce forward). Sign again.`,
  InvalidSignature: () =>
    "The signature was not made by the signer named in the message (or for another chain or contract).",
  // ----- pool: flash loans and listing -----
  UnsupportedFlashToken: ({ token }) => `No pool lists ${token}, so it cannot be flash-borrowed.`,
  FlashLoanTooLarge: (args, context) =>
    `Only ${amount(args.available, context)} can be flash-borrowed, but ${amount(args.requested, context)} was asked.`,
  FlashLoanCallbackFailed: () =>
    "The flash-loan receiver did not return the ERC-3156 success value; fix its onFlashLoan.",
  TooManyReserves: () => "The pool already holds the maximum of 16 reserves.",
  AssetMismatch: () => "A listed reserve's asset cannot be changed.",
  CollapsedReserve: ({ poolId, reserve }, context) =>
    `${capitalize(reserveAsset(poolId, reserve, context))} was written off nearly to nothing, so it stays frozen for good (new supply would overflow its shares); list the asset again as a new reserve.`,
  ReentrancyGuardReentrantCall: () => "A call re-entered the pool during an operation, which is refused.",
  // ----- oracles -----
  NonPositivePrice: ({ answer }) =>
    `The price feed answered ${answer}, which is not a price; borrowing and collateral withdrawals wait for a valid price.`,
  StalePrice: ({ updatedAt, maxAge }) =>
    `The price feed's last update (${date(updatedAt)}) is older than its maximum age of ${maxAge} seconds; borrowing and collateral withdrawals wait for a fresh price.`,
  PriceOutOfBounds: ({ answer, minAnswer, maxAnswer }) =>
    `The price feed answered ${answer}, outside its accepted range [${minAnswer}, ${maxAnswer}]; the price is not trusted until it returns.`,
  SequencerDown: () => "The L2 sequencer is down, so prices cannot be trusted; try again when it is back.",
  SequencerGracePeriod: ({ upSince, gracePeriod }) =>
    `The L2 sequencer came back at ${date(upSince)}; prices are trusted again after its ${gracePeriod}-second grace period.`,
  PriceSourcesDisagree: ({ primary, secondary }) =>
    `The two price sources disagree (${primary} vs ${secondary}) by more than the tolerance, so the price is refused for now.`,
  InvalidPrice: () => "The oracle computed a price of zero or one too large to use.",
  InvalidOracleParameter: () => "An oracle adapter was deployed with an out-of-range parameter.",
  // ----- rate models -----
  InvalidParameter: () => "A rate model was deployed with an out-of-range parameter.",
  InvalidOptimalUtilization: ({ optimalUtilization }) =>
    `The optimal utilization ${optimalUtilization} must lie strictly between 0 and 1e18 (100%).`,
  SafeCastOverflowedUintDowncast: ({ bits, value }) =>
    `The value ${value} does not fit in ${bits} bits; use a smaller amount.`,
  SafeCastOverflowedUintToInt: ({ value }) => `The value ${value} is too large for a signed integer.`,
  // ----- configurator -----
  NotRiskAdmin: ({ poolId, caller }) =>
    `${caller} is not the risk admin of pool ${poolId}; only the risk admin (or governance, to lift a pause) may do this. The guardian can pause but never unpause.`,
  NotGuardian: ({ caller }) =>
    `${caller} may not pause or freeze: only the guardian or governance (and, for a pool, its risk admin) may. The guardian can never lift a pause.`,
  PoolAlreadyBound: () => "The configurator is already bound to a pool.",
  OutOfBounds: ({ parameter }) => outOfBounds(String(parameter)),
  RateModelNotEnabled: ({ irm }) => `The rate model ${irm} is not enabled by governance.`,
  SeedTooSmall: ({ seed, minimum }) => `The listing seed ${seed} is below the minimum of ${minimum} token units.`,
  FeeOnTransferToken: ({ sent, received }) =>
    `The pool received ${received} of the ${sent} units sent: fee-on-transfer tokens cannot be listed.`,
  NoReserves: () => "A pool needs at least one reserve.",
  ThresholdCutTooSoon: ({ allowedAt }) =>
    `This liquidation threshold was cut less than a day ago; the next cut is allowed from ${date(allowedAt)}. Raising it, or changing the LTV, needs no wait.`,
  OwnableInvalidOwner: ({ owner }) => `${owner} cannot be the owner.`,
  OwnableUnauthorizedAccount: ({ account }) => `${account} is not the owner, so it may not do this.`,
  // ----- periphery -----
  UntrustedCallback: ({ lender, initiator }) =>
    `The flash borrower refused a callback from ${lender} for a loan started by ${initiator}: start the loan through the borrower contract itself.`,
  UntrustedLender: ({ caller }) =>
    `The contract accepts flash-loan callbacks only from the lenders it calls itself (the pool, kUSD), not from ${caller}.`,
  UntrustedInitiator: ({ initiator }) =>
    `The contract refused a flash loan started by ${initiator}: only loans it starts itself run its callback.`,
  UnexpectedCallback: () =>
    "The contract received a callback for an operation it is not executing (a bundle's flash loan, a liquidator's flash loan, an auction taker's take).",
  InsufficientSwapOutput: (args, context) =>
    `The sale of the seized collateral returned ${amount(args.amountOut, context)}, less than the minimum of ${amount(args.minAmountOut, context)}: the market moved, or was moved against you. Quote again, or accept more slippage.`,
  InsufficientProfit: (args, context) =>
    `The liquidation or auction take would pay ${amount(args.profit, context)}, less than the ${amount(args.minProfit, context)} asked (or the sale raised too little to pay what it owes).`,
  // ----- bundler -----
  BundleInProgress: () => "A bundle cannot start inside another bundle.",
  NotDispatched: () =>
    "Bundler steps run only inside a bundle: send them to multicall, never call a step function directly.",
  UnauthorizedAccount: ({ account, initiator }) =>
    `The bundle acts for ${initiator}, and ${account} has not authorized ${initiator} on that contract; a bundle acts only on its sender's own positions.`,
  UnsafeReceiver: ({ receiver }) =>
    `The bundle would send assets to ${receiver}, which is neither you nor the bundler; use an explicit transfer step to pay someone else.`,
  HealthFactorTooLow: ({ healthFactor, minHealthFactor }) =>
    `The bundle would leave your health factor at ${formatWadRatio(healthFactor as bigint)}, below the ${formatWadRatio(minHealthFactor as bigint)} you asked for; nothing was done. Use less leverage or add collateral.`,
  DebtTooHigh: (args, context) =>
    `The bundle would leave a debt of ${amount(args.debt, context)}, above the ${amount(args.maxDebt, context)} you allowed; nothing was done.`,
  VaultRatioTooLow: ({ ratio, minRatio }) =>
    `The bundle would leave the vault's collateral ratio at ${percent(ratio)}, below the ${percent(minRatio)} you asked for; nothing was done.`,
  ReceivedTooLittle: (args, context) =>
    `The bundle would deliver ${amount(args.amount, context)} of ${args.token}, less than your minimum of ${amount(args.minAmount, context)}; nothing was done. Quote again.`,
  PegSwapTooExpensive: ({ kusdIn, maxKusdIn }) =>
    `Buying from the peg module would cost ${kusd(kusdIn)}, more than your limit of ${kusd(maxKusdIn)}.`,
  NoVaultOpened: () => "A step names vault 0 (the vault this bundle opens) before any step opened one.",
  AdapterNotAllowed: ({ adapter }) =>
    `The swap adapter ${adapter} is not one governance allows; use an allowed adapter (the deployment lists it).`,
  SwapOutputTooLow: (args, context) =>
    `The swap would return ${amount(args.amountOut, context)}, less than your minimum of ${amount(args.minAmountOut, context)}: the market moved. Quote again, or accept more slippage.`,
  PriceDeviationTooHigh: ({ deviationBps, maxDeviationBps }) =>
    `The swap's price is ${Number(deviationBps) / 100}% worse than the oracles' price, beyond the ${Number(maxDeviationBps) / 100}% you allow: the market is thin for this size, or was moved. Swap less, wait, or explicitly accept a larger impact.`,
  NoPriceOracle: ({ token }) =>
    `No oracle prices ${token} for swap checks, so a swap of it is refused unless you explicitly accept any price.`,
  InvalidPath: () => "The swap route must start with the token sold and end with the token bought.",
  FailedCall: () => "A call inside the bundle failed without a reason.",
  AddressEmptyCode: ({ target }) => `${target} has no contract code.`,
  // ----- protection policies -----
  InvalidPolicySignature: () =>
    "The policy is not signed by its owner (or was changed after signing), and the owner has not posted it.",
  PolicyCancelled: ({ policyHash }) => `Policy ${policyHash} was cancelled by its owner.`,
  PolicyExpired: ({ expiry }) => `The policy expired at ${date(expiry)}.`,
  PolicyExhausted: ({ maxExecutions }) => `The policy has been carried out ${maxExecutions} times, all it allows.`,
  PolicyCoolingDown: ({ readyAt }) => `The policy is cooling down; it can run again from ${date(readyAt)}.`,
  TriggerNotMet: ({ observed, triggerValue }) =>
    `The policy's trigger does not hold: the value is ${observed}, against a trigger of ${triggerValue}.`,
  OutcomeOutOfBand: ({ healthAfter, targetHealth, healthTolerance }) =>
    `The execution would leave a health factor of ${formatWadRatio(healthAfter as bigint)}, outside the policy's band from ${formatWadRatio(targetHealth as bigint)} to ${formatWadRatio((targetHealth as bigint) + (healthTolerance as bigint))}; choose other amounts.`,
  RepayAllowanceExceeded: (args, context) =>
    `The execution would take ${amount(args.requested, context)} from the wallet; the policy allows ${amount(args.remaining, context)} more.`,
  InvalidPolicy: ({ parameter }) =>
    `The policy's ${parameter} is not allowed (a fee above 5%, a price bound above 10%, a band above 100, a soft-liquidation incentive above the 1% the pool's own liquidation pays at health 1, a missing adapter, a vault that is not the owner's, …).`,
  CloseFactorExceeded: (args, context) =>
    `A soft liquidation may repay at most ${amount(args.maxRepay, context)} at once; ${amount(args.repayAssets, context)} was asked.`,
  DebtLeft: ({ debtShares }) => `The close would leave ${debtShares} debt shares; sell more collateral.`,
  HealthNotImproved: ({ healthAfter, healthBefore }) =>
    `The execution would leave the health (or the vault's ratio) at ${formatWadRatio(healthAfter as bigint)}, not above ${formatWadRatio(healthBefore as bigint)}; a policy may only make the position safer.`,
  SaleTooLarge: ({ sold, maxSold }) =>
    `The execution would sell ${sold} units of collateral, more than the ${maxSold} the debt needs at the oracles' price and the policy's bound; sell less.`,
  UnexpectedRoute: ({ route }) =>
    `The swap route (hash ${route}) is not the one the policy commits to; pass the policy's route.`,
  RepaymentTooSmall: (args, context) =>
    `A soft liquidation must repay at least ${amount(args.minRepay, context)} (half of what the close factor allows); ${amount(args.repayAssets, context)} was offered.`,
  NonceNotAhead: ({ newNonce, nonce }) =>
    `Cancelling every policy needs a nonce above the current ${nonce}; ${newNonce} was given.`,
  UnexplainedRevert: () => "The policy cannot run now: a contract it reads (an oracle, say) reverted without a reason.",
  PolicyNotAuthorized: ({ owner }) =>
    `${owner} has not authorized the policy contract (on the pool, or as an operator of the kUSD engine for a vault), so no keeper can carry the policy out.`,
  UntrustedEngine: ({ caller }) => `The auction taker accepts callbacks only from the kUSD engine, not from ${caller}.`,
  UntrustedTaker: ({ taker }) =>
    `The auction taker refused a take started by ${taker}; call its takeAndSell function instead.`,
  // ----- kUSD engine: vaults -----
  UnknownCollateralType: ({ typeId }) =>
    `Collateral type ${typeId} is not listed in the kUSD engine; check the type id.`,
  UnknownVault: ({ vaultId }) => `Vault ${vaultId} does not exist; check the vault id.`,
  NotVaultOwner: ({ caller, owner }) =>
    `${caller} may not do this on a vault owned by ${owner}: only the owner, or an operator the owner approved (setOperator), may withdraw, mint, close or settle; only the owner may transfer it.`,
  WithdrawExceedsCollateral: ({ available, requested }, context) =>
    `The vault holds ${collateralAmount(available, context)} of collateral, but ${collateralAmount(requested, context)} was asked to be withdrawn; withdraw at most what it holds.`,
  RepayExceedsVaultDebt: ({ debt, amount: offered }) =>
    `The vault owes ${kusd(debt)}, but ${kusd(offered)} was offered; repay at most the debt, or repay all (type(uint256).max) to clear it exactly.`,
  RatioBelowMinimum: ({ ratio, minRatio }) =>
    `This would leave the vault's collateral ratio at ${percent(ratio)}, below the minimum of ${percent(minRatio)}; add collateral, or mint or withdraw less.`,
  DebtBelowFloor: ({ debt, floor }) =>
    `This would leave the vault owing ${kusd(debt)}, below the collateral type's minimum debt of ${kusd(floor)}; a vault owes nothing or at least that. Mint more, or repay everything.`,
  DebtCeilingExceeded: ({ debt, ceiling }) =>
    `This would bring the collateral type's total debt to ${kusd(debt)}, above its ceiling of ${kusd(ceiling)}; mint less, or wait for repayments.`,
  GlobalDebtCeilingExceeded: ({ debt, ceiling }) =>
    `This would bring the debt of all collateral types to ${kusd(debt)}, above the engine's ceiling of ${kusd(ceiling)}; mint less, or wait for repayments.`,
  MintPaused: ({ typeId }) =>
    `Minting against collateral type ${typeId} is paused by the guardian; deposits, repayments, withdrawals, closing and auctions still work.`,
  TypeIsShutdown: ({ typeId }) =>
    `Collateral type ${typeId} has been shut down: no new kUSD and no parameter changes. Repay and close the vault, or settle it (anyone may) at the lower of the shutdown price and the oracle's.`,
  TypeNotShutdown: ({ typeId }) =>
    `Collateral type ${typeId} is live; vaults settle (and its oracle can be replaced as a shut-down type's) only after governance shuts the type down. Repay or close the vault instead.`,
  // ----- kUSD engine: auctions -----
  VaultIsSafe: ({ ratio, minRatio }) =>
    `The vault is safe: its collateral ratio is ${percent(ratio)}, not below the minimum of ${percent(minRatio)}; only vaults below it can be auctioned.`,
  NoDebt: ({ vaultId }) => `Vault ${vaultId} owes nothing, so there is nothing to auction or settle.`,
  AuctionActive: ({ vaultId }) =>
    `Vault ${vaultId} already has an auction running; take from it, or wait until it ends.`,
  AuctionNotActive: ({ vaultId }) => `No auction is running for vault ${vaultId}: it ended, or never started.`,
  AuctionLimitReached: ({ inAuction, limit }) =>
    `The collateral type already has ${kusd(inAuction)} of debt and penalties in auctions, against a limit of ${kusd(limit)}; wait until takes bring it down.`,
  AuctionStale: ({ vaultId }) =>
    `The auction of vault ${vaultId} has decayed to its floor price or run out of time; it must be reset (resetAuction) before anyone can take.`,
  AuctionNotStale: ({ vaultId }) =>
    `The auction of vault ${vaultId} is still running normally; it can be reset only once its price reaches the floor or its time runs out.`,
  PriceAboveMax: ({ price, maxPrice }, context) =>
    `The auction's price is now ${auctionPriceText(price, context)}, above your limit of ${auctionPriceText(maxPrice, context)}; wait for it to fall, or raise your limit.`,
  TakeLeavesDust: ({ remainingTab, floor }) =>
    `This take would leave ${kusd(remainingTab)} still to raise, below the minimum of ${kusd(floor)}; take all the remaining collateral, or less so that at least the minimum remains.`,
  // ----- kUSD engine: governance, surplus, shutdown -----
  InsufficientSurplus: ({ surplus, amount: asked }) =>
    `The surplus buffer holds ${kusd(surplus)}, less than the ${kusd(asked)} asked.`,
  NoShutdownPrice: ({ typeId }) =>
    `Collateral type ${typeId} has no usable price (its oracle fails and it never had a good one), so it cannot be shut down now.`,
  // ----- kUSD and the peg stability module -----
  NotMinter: ({ caller }) => `${caller} may not mint or burn kUSD: only the engine and the peg stability modules can.`,
  ERC3156UnsupportedToken: ({ token }) => `Only kUSD itself can be flash-minted here, not ${token}.`,
  ERC3156ExceededMaxLoan: ({ maxLoan }) =>
    `At most ${kusd(maxLoan)} more can be flash-minted now: the cap holds for all flash mints outstanding in the transaction, nested ones included; ask for less.`,
  ERC3156InvalidReceiver: ({ receiver }) =>
    `The flash-mint receiver ${receiver} did not return the ERC-3156 success value; fix its onFlashLoan.`,
  PsmFrozen: () =>
    "The peg stability module is frozen by its guardian or governance; swaps resume once it is unfrozen.",
  GemDepegged: ({ price, pegPrice }) =>
    `The stablecoin's oracle price is ${percent(((price as bigint) * 10n ** 18n) / (pegPrice as bigint))} of its peg, outside the module's tolerance; swaps stop until it returns to the peg.`,
  PsmCapExceeded: ({ minted, cap }) =>
    `This sale would bring the kUSD minted by the peg module to ${kusd(minted)}, above its cap of ${kusd(cap)}; sell less.`,
  PsmInsufficientGem: (args, context) =>
    `The peg module holds only ${amount(args.available, context)}, but ${amount(args.requested, context)} was asked; buy at most what it holds.`,
  SafeERC20FailedOperation: ({ token }) => `A transfer of token ${token} failed; check balances and approvals.`,
  // ----- tokens (OpenZeppelin ERC-20, EIP-2612, ECDSA, nonces) -----
  ERC20InsufficientBalance: (args, context) =>
    `${args.sender} holds ${amount(args.balance, context)}, but ${amount(args.needed, context)} is needed.`,
  ERC20InsufficientAllowance: (args, context) =>
    `${args.spender} may spend ${amount(args.allowance, context)}, but ${amount(args.needed, context)} is needed; approve more (or use a permit).`,
  ERC20InvalidApprover: ({ approver }) => `${approver} cannot approve.`,
  ERC20InvalidReceiver: ({ receiver }) => `Tokens cannot be sent to ${receiver}.`,
  ERC20InvalidSender: ({ sender }) => `Tokens cannot be sent from ${sender}.`,
  ERC20InvalidSpender: ({ spender }) => `${spender} cannot be approved as spender.`,
  ERC2612ExpiredSignature: ({ deadline }) => `The permit expired at ${date(deadline)}; sign a new one.`,
  ERC2612InvalidSigner: ({ signer, owner }) =>
    `The permit was signed by ${signer}, not by the token owner ${owner}; the owner must sign it.`,
  InvalidAccountNonce: ({ account, currentNonce }) =>
    `The nonce used for ${account} is not its current nonce ${currentNonce}; sign again.`,
  ECDSAInvalidSignature: () => "The signature is invalid.",
  ECDSAInvalidSignatureLength: ({ length }) => `The signature has ${length} bytes; a signature has 65 (or 64).`,
  ECDSAInvalidSignatureS: () => "The signature is malleable (its s value is in the upper half) and is refused.",
  InvalidShortString: () => "A short string is malformed.",
  StringTooLong: ({ str }) => `The string "${str}" is too long.`,
};

/** Sentences for the two errors Solidity raises itself. */
export const builtinErrorSentences: Record<"Error" | "Panic", Sentence> = {
  Error: ({ message }) => `The contract reverted: ${message}.`,
  Panic: ({ reason }) =>
    `The contract panicked (code ${reason}): an arithmetic overflow, division by zero or similar bug.`,
};
