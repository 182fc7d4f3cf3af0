// Morpho Blue's market parameters shared by the gas bench and the devnet: the LLTV, the fixed-rate
// IRM's rate, the oracle's scale and the market id, computed as Morpho computes them.
import { type Address, encodeAbiParameters, type Hex, keccak256, parseUnits } from "viem";

/** 86%, Morpho's LLTV for WETH and WBTC against USDC on Ethereum. */
export const MORPHO_LLTV = parseUnits("0.86", 18);

/** FixedRateIrm's borrow rate: 4% a year, per second, in WAD. */
export const MORPHO_RATE_PER_SECOND = parseUnits("0.04", 18) / (365n * 24n * 3600n);

/**
 * MorphoFeedOracle's scale exponent. Morpho wants the loan-token units one collateral unit is worth,
 * times 1e36: collateral answer / loan answer × 10^(36 + loan decimals − collateral decimals + loan
 * feed decimals − collateral feed decimals). With 8-decimal feeds on both sides, WETH/USDC is 24.
 */
export function morphoOracleScaleExponent(input: {
  loanDecimals: number;
  collateralDecimals: number;
  loanFeedDecimals: number;
  collateralFeedDecimals: number;
}): bigint {
  return BigInt(
    36 + input.loanDecimals - input.collateralDecimals + input.loanFeedDecimals - input.collateralFeedDecimals,
  );
}

export type MorphoMarketParams = {
  loanToken: Address;
  collateralToken: Address;
  oracle: Address;
  irm: Address;
  lltv: bigint;
};

/** A market's id: keccak256 of its ABI-encoded parameters (Morpho's MarketParamsLib). */
export function morphoMarketId(params: MorphoMarketParams): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: "address" }, { type: "address" }, { type: "address" }, { type: "address" }, { type: "uint256" }],
      [params.loanToken, params.collateralToken, params.oracle, params.irm, params.lltv],
    ),
  );
}
