import { type Address, encodeAbiParameters, erc20Abi, type Hex, keccak256 } from "viem";
import { getChainId, readContract, signTypedData } from "viem/actions";
import { keelPoolAbi } from "../abis/KeelPool.ts";
import { kusdAbi } from "../abis/Kusd.ts";
import { pegStabilityModuleAbi } from "../abis/PegStabilityModule.ts";
import { getBorrowRate } from "../actions/pool/getBorrowRate.ts";
import { addressOf, resolveAccount } from "../internal/account.ts";
import type { KeelReadClient, KeelWalletClient } from "../internal/types.ts";
import { SharesMathLib } from "../math/SharesMathLib.ts";
import { signPermit } from "../signatures/signPermit.ts";
import { aaveV3PoolAbi, morphoBlueAbi } from "./externalAbis.ts";
import { authorizeForOneBundle } from "./oneTransaction.ts";
import { ALL, bundlerStep } from "./steps.ts";
import { approveOperatorForOneBundle } from "./vaultFlows.ts";

/**
 * Migration: a position moves to Keel in one transaction, with no capital. A flash loan of the debt asset
 * repays the source, its collateral is withdrawn and posted on Keel, and a Keel borrow repays the loan. Every
 * authorization it needs (Keel pool, engine operator, Morpho, the aToken permit) is granted and revoked inside
 * the same transaction.
 */

/** Where the position lands: a Keel pool and its reserves. */
export type MigrationTarget = { bundler: Address; pool: Address; poolId: bigint; collateral: bigint; debt: bigint };

/** A Morpho Blue market's parameters. */
export type MorphoMarket = {
  loanToken: Address;
  collateralToken: Address;
  oracle: Address;
  irm: Address;
  lltv: bigint;
};

/** What the migration moves and borrows, for the preview. Amounts in token units; rates per year, WAD. */
export type MigrationPlan = {
  steps: Hex[];
  /** The position at the source now. */
  source: { collateral: bigint; debt: bigint; borrowRate?: bigint };
  /** The flash loan (the debt plus a margin for the interest until the transaction lands) and its fee. */
  flash: { amount: bigint; fee: bigint };
  /** What Keel receives and lends: the collateral, and the borrow that repays the loan. */
  target: { collateral: bigint; borrow: bigint; borrowRate?: bigint };
};

/** The margin over the debt read now: one basis point, for interest accrued before the transaction lands. */
const MARGIN_BPS = 1n;
const BPS = 10_000n;
const YEAR = 365n * 24n * 3600n;
const RAY_TO_WAD = 10n ** 9n;

function withMargin(debt: bigint): bigint {
  return debt + (debt * MARGIN_BPS + BPS - 1n) / BPS;
}

async function keelFlashFee(client: KeelReadClient, pool: Address, token: Address, amount: bigint) {
  return readContract(client, { address: pool, abi: keelPoolAbi, functionName: "flashFee", args: [token, amount] });
}

/** The Keel steps inside the loan: post the collateral the bundler holds, and borrow what repays the loan. */
function landOnKeel(target: MigrationTarget, owner: Address, borrow: bigint): Hex[] {
  return [
    bundlerStep("poolSupplyCollateral", [target.poolId, target.collateral, ALL, owner]),
    bundlerStep("poolBorrow", [target.poolId, target.debt, borrow, 0n, owner, target.bundler]),
  ];
}

async function keelBorrowRate(client: KeelReadClient, target: MigrationTarget): Promise<bigint> {
  const perSecond = await getBorrowRate(client, { pool: target.pool, poolId: target.poolId, reserve: target.debt });
  return perSecond * YEAR;
}

// ----- from Aave v3 -----

export type AaveSource = { aavePool: Address; collateralAsset: Address; debtAsset: Address };

/**
 * Moves the signer's Aave v3 position (one collateral, one variable debt) into a Keel pool. The aTokens are
 * pulled at their live balance under a permit a little above it, and a second permit, of zero, revokes the
 * rest in the same transaction.
 */
export async function planMigrationFromAave(
  client: KeelWalletClient,
  { source, target }: { source: AaveSource; target: MigrationTarget },
): Promise<MigrationPlan> {
  const owner = addressOf(resolveAccount(client));
  const reserve = (asset: Address) =>
    readContract(client, {
      address: source.aavePool,
      abi: aaveV3PoolAbi,
      functionName: "getReserveData",
      args: [asset],
    });
  const [collateralData, debtData] = await Promise.all([reserve(source.collateralAsset), reserve(source.debtAsset)]);
  const balance = (token: Address) =>
    readContract(client, { address: token, abi: erc20Abi, functionName: "balanceOf", args: [owner] });
  const [collateral, debt] = await Promise.all([
    balance(collateralData.aTokenAddress),
    balance(debtData.variableDebtTokenAddress),
  ]);
  if (debt === 0n) throw new Error("The account owes nothing on Aave in this asset: there is no loan to migrate.");
  if (collateral === 0n) throw new Error("The account has no supply on Aave in this collateral: nothing to move.");
  const amount = withMargin(debt);
  const fee = await keelFlashFee(client, target.pool, source.debtAsset, amount);
  const aToken = collateralData.aTokenAddress;
  // The aToken balance grows every block: permit a margin above it, and revoke what is left at the end.
  const permitted = withMargin(collateral) + 1n;
  const grant = await signPermit(client, { token: aToken, spender: target.bundler, value: permitted });
  const revoke = await signPermit(client, {
    token: aToken,
    spender: target.bundler,
    value: 0n,
    nonce: grant.nonce + 1n,
  });
  const inLoan = [
    bundlerStep("aaveRepay", [source.aavePool, source.debtAsset, ALL]),
    bundlerStep("pull", [aToken, ALL]),
    bundlerStep("aaveWithdraw", [source.aavePool, source.collateralAsset, ALL, target.bundler]),
    ...landOnKeel(target, owner, amount + fee),
  ];
  const steps = await authorizeForOneBundle(client, {
    pool: target.pool,
    bundler: target.bundler,
    steps: [
      bundlerStep("permit", [aToken, permitted, grant.deadline, grant.v, grant.r, grant.s]),
      bundlerStep("poolFlashLoan", [source.debtAsset, amount, inLoan]),
      bundlerStep("permit", [aToken, 0n, revoke.deadline, revoke.v, revoke.r, revoke.s]),
    ],
  });
  return {
    steps,
    source: { collateral, debt, borrowRate: debtData.currentVariableBorrowRate / RAY_TO_WAD },
    flash: { amount, fee },
    target: { collateral, borrow: amount + fee, borrowRate: await keelBorrowRate(client, target) },
  };
}

// ----- from Morpho Blue -----

/** A Morpho market's id: keccak256 of its parameters' ABI encoding. */
export function morphoMarketId(market: MorphoMarket): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: "address" }, { type: "address" }, { type: "address" }, { type: "address" }, { type: "uint256" }],
      [market.loanToken, market.collateralToken, market.oracle, market.irm, market.lltv],
    ),
  );
}

const morphoAuthorizationTypes = {
  Authorization: [
    { name: "authorizer", type: "address" },
    { name: "authorized", type: "address" },
    { name: "isAuthorized", type: "bool" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
} as const;

/** Signs a Morpho Blue authorization (its domain is the chain id and the Morpho contract, no name). */
async function signMorphoAuthorization(
  client: KeelWalletClient,
  p: { morpho: Address; authorized: Address; isAuthorized: boolean; nonce: bigint; deadline: bigint },
) {
  const account = resolveAccount(client);
  const authorization = {
    authorizer: addressOf(account),
    authorized: p.authorized,
    isAuthorized: p.isAuthorized,
    nonce: p.nonce,
    deadline: p.deadline,
  };
  const chainId = client.chain?.id ?? (await getChainId(client));
  const signature = await signTypedData(client, {
    account,
    domain: { chainId, verifyingContract: p.morpho },
    types: morphoAuthorizationTypes,
    primaryType: "Authorization",
    message: authorization,
  });
  const r = `0x${signature.slice(2, 66)}` as Hex;
  const s = `0x${signature.slice(66, 130)}` as Hex;
  const v = Number.parseInt(signature.slice(130, 132), 16);
  return { authorization, signature: { v, r, s } };
}

/**
 * Moves the signer's Morpho Blue borrow (one market) into a Keel pool. The bundler is authorized on Morpho by
 * a signed message and unauthorized by a second one (the next nonce), both inside the transaction.
 */
export async function planMigrationFromMorpho(
  client: KeelWalletClient,
  { morpho, market, target }: { morpho: Address; market: MorphoMarket; target: MigrationTarget },
): Promise<MigrationPlan> {
  const owner = addressOf(resolveAccount(client));
  const id = morphoMarketId(market);
  const [[, borrowShares, collateral], totals, nonce, block] = await Promise.all([
    readContract(client, { address: morpho, abi: morphoBlueAbi, functionName: "position", args: [id, owner] }),
    readContract(client, { address: morpho, abi: morphoBlueAbi, functionName: "market", args: [id] }),
    readContract(client, { address: morpho, abi: morphoBlueAbi, functionName: "nonce", args: [owner] }),
    client.request({ method: "eth_getBlockByNumber", params: ["latest", false] }),
  ]);
  if (borrowShares === 0n) throw new Error("The account owes nothing in this Morpho market: no loan to migrate.");
  // Morpho's shares to assets, rounded up: the same virtual shares and assets as Keel's; the margin covers accrual.
  const [, , totalBorrowAssets, totalBorrowShares] = totals;
  const debt = SharesMathLib.toAssetsUp(BigInt(borrowShares), totalBorrowAssets, totalBorrowShares);
  const amount = withMargin(debt) + 1n;
  const fee = await keelFlashFee(client, target.pool, market.loanToken, amount);
  const deadline = BigInt((block as { timestamp: Hex }).timestamp) + 3600n;
  const grant = await signMorphoAuthorization(client, {
    morpho,
    authorized: target.bundler,
    isAuthorized: true,
    nonce,
    deadline,
  });
  const revoke = await signMorphoAuthorization(client, {
    morpho,
    authorized: target.bundler,
    isAuthorized: false,
    nonce: nonce + 1n,
    deadline,
  });
  const inLoan = [
    bundlerStep("morphoRepay", [morpho, market, 0n, ALL]),
    bundlerStep("morphoWithdrawCollateral", [morpho, market, ALL, target.bundler]),
    ...landOnKeel(target, owner, amount + fee),
  ];
  const steps = await authorizeForOneBundle(client, {
    pool: target.pool,
    bundler: target.bundler,
    steps: [
      bundlerStep("morphoSetAuthorizationWithSig", [morpho, grant.authorization, grant.signature]),
      bundlerStep("poolFlashLoan", [market.loanToken, amount, inLoan]),
      bundlerStep("morphoSetAuthorizationWithSig", [morpho, revoke.authorization, revoke.signature]),
    ],
  });
  return {
    steps,
    source: { collateral, debt },
    flash: { amount, fee },
    target: { collateral, borrow: amount + fee, borrowRate: await keelBorrowRate(client, target) },
  };
}

// ----- between Keel pools -----

/** A Keel pool position to move: its pool and reserves (the same assets as the target's). */
export type PoolSource = { poolId: bigint; collateral: bigint; debt: bigint };

async function poolPosition(client: KeelReadClient, pool: Address, owner: Address, source: PoolSource) {
  const [collateralPosition, debtPosition, reserveState] = await Promise.all([
    readContract(client, {
      address: pool,
      abi: keelPoolAbi,
      functionName: "position",
      args: [source.poolId, owner, source.collateral],
    }),
    readContract(client, {
      address: pool,
      abi: keelPoolAbi,
      functionName: "position",
      args: [source.poolId, owner, source.debt],
    }),
    readContract(client, {
      address: pool,
      abi: keelPoolAbi,
      functionName: "expectedReserveState",
      args: [source.poolId, source.debt],
    }),
  ]);
  const debt = SharesMathLib.toAssetsUp(
    debtPosition.debtShares,
    reserveState.totalBorrowAssets,
    reserveState.totalBorrowShares,
  );
  return { collateral: collateralPosition.collateral, debt };
}

/** Moves the signer's loan from one Keel pool to another: one collateral and one debt, the same assets. */
export async function planMigrationBetweenPools(
  client: KeelWalletClient,
  { source, target, debtAsset }: { source: PoolSource; target: MigrationTarget; debtAsset: Address },
): Promise<MigrationPlan> {
  const owner = addressOf(resolveAccount(client));
  const { collateral, debt } = await poolPosition(client, target.pool, owner, source);
  if (debt === 0n) throw new Error(`The account owes nothing in pool ${source.poolId}: no loan to migrate.`);
  const amount = withMargin(debt);
  const fee = await keelFlashFee(client, target.pool, debtAsset, amount);
  const inLoan = [
    bundlerStep("poolRepay", [source.poolId, source.debt, 0n, ALL, owner]),
    bundlerStep("poolWithdrawCollateral", [source.poolId, source.collateral, collateral, owner, target.bundler]),
    ...landOnKeel(target, owner, amount + fee),
  ];
  const steps = await authorizeForOneBundle(client, {
    pool: target.pool,
    bundler: target.bundler,
    steps: [bundlerStep("poolFlashLoan", [debtAsset, amount, inLoan])],
  });
  const sourceRate = await keelBorrowRate(client, { ...target, poolId: source.poolId, debt: source.debt });
  return {
    steps,
    source: { collateral, debt, borrowRate: sourceRate },
    flash: { amount, fee },
    target: { collateral, borrow: amount + fee, borrowRate: await keelBorrowRate(client, target) },
  };
}

// ----- from a Keel pool into a kUSD vault -----

export type VaultTarget = {
  bundler: Address;
  pool: Address;
  engine: Address;
  kusd: Address;
  /** The USDC peg module. */
  psm: Address;
  typeId: bigint;
};

/**
 * Moves the signer's USDC loan in a Keel pool into a new kUSD vault: kUSD is flash-minted, the peg module turns
 * it into the USDC that repays the pool, the collateral opens a vault, and the vault's mint repays the flash
 * mint. `maxKusdIn` bounds what the peg module may charge.
 */
export async function planMigrationIntoVault(
  client: KeelWalletClient,
  { source, target }: { source: PoolSource; target: VaultTarget },
): Promise<MigrationPlan> {
  const owner = addressOf(resolveAccount(client));
  const { collateral, debt } = await poolPosition(client, target.pool, owner, source);
  if (debt === 0n) throw new Error(`The account owes nothing in pool ${source.poolId}: no loan to migrate.`);
  const gemAmount = withMargin(debt);
  const feeOutBps = await readContract(client, {
    address: target.psm,
    abi: pegStabilityModuleAbi,
    functionName: "feeOutBps",
  });
  const decimalsGap = 10n ** 12n; // USDC has 6 decimals, kUSD 18
  // The module's fee rounds up: one more wei covers it.
  const mint = (gemAmount * decimalsGap * (BPS + feeOutBps)) / BPS + 1n;
  const fee = await readContract(client, {
    address: target.kusd,
    abi: kusdAbi,
    functionName: "flashFee",
    args: [target.kusd, mint],
  });
  const inLoan = [
    bundlerStep("psmBuyGem", [gemAmount, mint]),
    bundlerStep("poolRepay", [source.poolId, source.debt, 0n, ALL, owner]),
    bundlerStep("poolWithdrawCollateral", [source.poolId, source.collateral, collateral, owner, target.bundler]),
    bundlerStep("cdpOpen", [target.typeId, ALL, mint + fee, target.bundler]),
  ];
  const poolSteps = await authorizeForOneBundle(client, {
    pool: target.pool,
    bundler: target.bundler,
    steps: [bundlerStep("kusdFlashMint", [mint, inLoan])],
  });
  const steps = await approveOperatorForOneBundle(client, {
    engine: target.engine,
    bundler: target.bundler,
    steps: poolSteps,
  });
  return {
    steps,
    source: { collateral, debt },
    flash: { amount: mint, fee },
    target: { collateral, borrow: mint + fee },
  };
}
