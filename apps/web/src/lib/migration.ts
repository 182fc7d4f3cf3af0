// Reading a loan on Aave v3 or Morpho Blue, and what it would be on Keel: the comparison the migration
// page shows before anything is signed. The Keel side is the SDK's simulation of posting the same
// collateral and borrowing what repays the loan (the debt, the planner's margin and the flash fee) on
// top of the account's position in the target pool.
import {
  type AccountSnapshot,
  aaveV3PoolAbi,
  type KeelDeployment,
  morphoBlueAbi,
  morphoMarketId,
  type PoolSnapshot,
  reserveRates,
  SharesMathLib,
  simulate,
} from "@keel/sdk";
import { type Address, erc20Abi, type Hex, type PublicClient, parseAbi } from "viem";
import { liquidationPrices } from "./plan.ts";

/** Aave's account summary (base currency USD, 8 decimals; the health factor in WAD). */
const aaveAccountAbi = parseAbi([
  "function getUserAccountData(address user) view returns (uint256 totalCollateralBase, uint256 totalDebtBase, uint256 availableBorrowsBase, uint256 currentLiquidationThreshold, uint256 ltv, uint256 healthFactor)",
]);
/** A Morpho oracle: the collateral's price in loan tokens, scaled by 1e36 (with the decimals' difference). */
const morphoOracleAbi = parseAbi(["function price() view returns (uint256)"]);

export type SourceLoan = {
  source: "aave" | "morpho";
  /** What the page calls it: "Aave v3 WETH / USDC", "Morpho Blue WETH/USDC". */
  label: string;
  collateralSymbol: string;
  debtSymbol: string;
  /** The tokens, by address: reserves are matched on these, never on a symbol another token could share. */
  collateralToken: Address;
  debtToken: Address;
  collateral: bigint;
  debt: bigint;
  /** Per year, WAD (Aave's variable rate); undefined where the source does not say. */
  borrowRate?: bigint;
  healthFactor?: bigint;
  /** Morpho: the market's id, for planning. */
  marketId?: Hex;
};

const RAY_TO_WAD = 10n ** 9n;
const WAD = 10n ** 18n;

/** Every loan the account has on the deployment's Aave v3 and Morpho Blue, read at the latest block. */
export async function readSourceLoans(
  client: PublicClient,
  deployment: KeelDeployment,
  owner: Address,
): Promise<SourceLoan[]> {
  const loans: SourceLoan[] = [];
  const aave = deployment.external?.aave;
  if (aave) {
    const symbols = Object.keys(aave.reserves);
    const balance = (token: Address) =>
      client.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [owner] });
    const supplied = await Promise.all(symbols.map((s) => balance(aave.reserves[s].aToken)));
    const owed = await Promise.all(symbols.map((s) => balance(aave.reserves[s].variableDebtToken)));
    const account = await client.readContract({
      address: aave.pool,
      abi: aaveAccountAbi,
      functionName: "getUserAccountData",
      args: [owner],
    });
    for (const [d, debtSymbol] of symbols.entries()) {
      if (owed[d] === 0n) continue;
      const data = await client.readContract({
        address: aave.pool,
        abi: aaveV3PoolAbi,
        functionName: "getReserveData",
        args: [deployment.tokens[debtSymbol].address],
      });
      for (const [c, collateralSymbol] of symbols.entries()) {
        if (supplied[c] === 0n || c === d) continue;
        loans.push({
          source: "aave",
          label: `Aave v3 ${collateralSymbol} / ${debtSymbol}`,
          collateralSymbol,
          debtSymbol,
          collateralToken: deployment.tokens[collateralSymbol].address,
          debtToken: deployment.tokens[debtSymbol].address,
          collateral: supplied[c],
          debt: owed[d],
          borrowRate: data.currentVariableBorrowRate / RAY_TO_WAD,
          healthFactor: account[5],
        });
      }
    }
  }
  const morpho = deployment.external?.morpho;
  if (morpho) {
    for (const market of morpho.markets) {
      const params = {
        loanToken: deployment.tokens[market.loanToken].address,
        collateralToken: deployment.tokens[market.collateralToken].address,
        oracle: market.oracle,
        irm: market.irm,
        lltv: BigInt(market.lltv),
      };
      const id = morphoMarketId(params);
      const [, borrowShares, collateral] = await client.readContract({
        address: morpho.morpho,
        abi: morphoBlueAbi,
        functionName: "position",
        args: [id, owner],
      });
      if (borrowShares === 0n) continue;
      const [, , totalBorrowAssets, totalBorrowShares] = await client.readContract({
        address: morpho.morpho,
        abi: morphoBlueAbi,
        functionName: "market",
        args: [id],
      });
      const debt = SharesMathLib.toAssetsUp(BigInt(borrowShares), totalBorrowAssets, totalBorrowShares);
      const price = await client.readContract({ address: market.oracle, abi: morphoOracleAbi, functionName: "price" });
      // Morpho's health: collateral at the oracle's price, times the LLTV, over the debt.
      const maxDebt = (((BigInt(collateral) * price) / 10n ** 36n) * params.lltv) / WAD;
      loans.push({
        source: "morpho",
        label: `Morpho Blue ${market.label}`,
        collateralSymbol: market.collateralToken,
        debtSymbol: market.loanToken,
        collateralToken: params.collateralToken,
        debtToken: params.loanToken,
        collateral: BigInt(collateral),
        debt,
        healthFactor: debt === 0n ? undefined : (maxDebt * WAD) / debt,
        marketId: id,
      });
    }
  }
  return loans;
}

/** The planner's margin over the debt read now (one basis point, rounded up): the same as the SDK's. */
export const withMargin = (debt: bigint) => debt + (debt + 9_999n) / 10_000n;

export type KeelSide = {
  healthFactor?: bigint;
  borrowApy?: number;
  liquidation: ReturnType<typeof liquidationPrices>;
  borrow: bigint;
};

/** The loan on Keel: the same collateral posted and the debt (with margin and fee) borrowed, simulated. */
export function keelSide(pool: PoolSnapshot, account: AccountSnapshot, loan: SourceLoan, flashFee: bigint): KeelSide {
  const collateral = reserveOf(pool, loan.collateralToken);
  const debt = reserveOf(pool, loan.debtToken);
  if (collateral < 0 || debt < 0)
    throw new Error(`This pool does not list both ${loan.collateralSymbol} and ${loan.debtSymbol}.`);
  const borrow = withMargin(loan.debt) + (loan.source === "morpho" ? 1n : 0n) + flashFee;
  const result = simulate(pool, account, [
    { type: "supplyCollateral", reserve: collateral, assets: loan.collateral },
    { type: "borrow", reserve: debt, amount: { assets: borrow } },
  ]);
  let borrowApy: number | undefined;
  try {
    borrowApy = reserveRates(result.pool.reserves[debt], result.pool.timestamp).borrowApy;
  } catch {
    borrowApy = undefined;
  }
  return {
    healthFactor: result.healthFactor,
    borrowApy,
    liquidation: liquidationPrices(result.pool, result.account),
    borrow,
  };
}

/** The index of the pool's reserve of `token`, or -1. */
export function reserveOf(pool: PoolSnapshot, token: Address): number {
  return pool.reserves.findIndex((r) => r.config.asset.toLowerCase() === token.toLowerCase());
}
