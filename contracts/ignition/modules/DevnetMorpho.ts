import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { Future } from "@nomicfoundation/ignition-core";
import { MORPHO_LLTV, MORPHO_RATE_PER_SECOND, morphoOracleScaleExponent } from "../../external/morpho.ts";
import { compileExternalContracts } from "../../external/solc.ts";
import DevnetTokensModule, { DEVNET_TOKENS, type DevnetSymbol } from "./DevnetTokens.js";
import { unitsWorth } from "./DevnetUniswap.js";

/** The devnet's feeds all answer with 8 decimals (DevnetTokens). */
const FEED_DECIMALS = 8;

/**
 * The Morpho Blue markets the devnet creates, all lending USDC (one approval covers them) at Morpho's 86% LLTV, with the USDC
 * the deployer supplies to each (whole dollars). `id` names the market's oracle future.
 */
export const MORPHO_MARKETS = [
  { id: "WethUsdc", collateral: "WETH", loan: "USDC", lltv: MORPHO_LLTV, supplyUsd: 5_000_000n },
  { id: "WbtcUsdc", collateral: "WBTC", loan: "USDC", lltv: MORPHO_LLTV, supplyUsd: 5_000_000n },
] as const satisfies readonly {
  id: string;
  collateral: DevnetSymbol;
  loan: "USDC";
  lltv: bigint;
  supplyUsd: bigint;
}[];

type MorphoMarketId = (typeof MORPHO_MARKETS)[number]["id"];

const decimalsOf = (symbol: DevnetSymbol) => {
  const spec = DEVNET_TOKENS.find((token) => token.symbol === symbol);
  if (spec === undefined) throw new Error(`unknown devnet token ${symbol}`);
  return spec.decimals;
};

/**
 * Morpho Blue 1.0 on the devnet (compiled from its npm sources with its own solc 0.8.19 settings,
 * contracts/external/solc.ts), owned by the deployer: a fixed-rate IRM (4% a year; Morpho's
 * adaptive curve IRM is not published on npm) and the 86% LLTV enabled, one market per
 * MORPHO_MARKETS entry whose oracle divides the collateral's devnet feed by the loan token's
 * (Morpho's 1e36-scaled price, so `keel devnet price` moves it), and the deployer's USDC supplied to each.
 */
export default buildModule("KeelDevnetMorpho", (m) => {
  const tokens = m.useModule(DevnetTokensModule);
  const deployer = m.getAccount(0);
  const artifacts = compileExternalContracts();
  const bySymbol = {
    WETH: { token: tokens.weth, feed: tokens.ethFeed },
    WBTC: { token: tokens.wbtc, feed: tokens.btcFeed },
    USDC: { token: tokens.usdc, feed: tokens.usdcFeed },
  } as const;

  const morpho = m.contract("Morpho", artifacts.Morpho, [deployer]);
  const irm = m.contract("FixedRateIrm", artifacts.FixedRateIrm, [MORPHO_RATE_PER_SECOND]);
  const enableIrm = m.call(morpho, "enableIrm", [irm]);
  const enableLltv = m.call(morpho, "enableLltv", [MORPHO_LLTV]);

  // Every market lends USDC: one mint and one approval for all the supplies (two approvals would overwrite each other).
  const usdcSupplied = MORPHO_MARKETS.reduce((sum, market) => sum + unitsWorth(market.supplyUsd, market.loan), 0n);
  const mintUsdc = m.call(tokens.usdc, "mint", [deployer, usdcSupplied], { id: "mintUsdcForMorpho" });
  const approveUsdc = m.call(tokens.usdc, "approve", [morpho, usdcSupplied], {
    id: "approveUsdcForMorpho",
    after: [mintUsdc],
  });

  // Markets are created one after another, so the manifest (which lists them in creation order) starts with WETH/USDC.
  let previous: Future[] = [enableIrm, enableLltv];
  const oracles = Object.fromEntries(
    MORPHO_MARKETS.map((market) => {
      const collateral = bySymbol[market.collateral];
      const loan = bySymbol[market.loan];
      const oracle = m.contract(
        "MorphoFeedOracle",
        artifacts.MorphoFeedOracle,
        [
          collateral.feed,
          loan.feed,
          morphoOracleScaleExponent({
            loanDecimals: decimalsOf(market.loan),
            collateralDecimals: decimalsOf(market.collateral),
            loanFeedDecimals: FEED_DECIMALS,
            collateralFeedDecimals: FEED_DECIMALS,
          }),
        ],
        { id: `${market.id}Oracle` },
      );
      const params = {
        loanToken: loan.token,
        collateralToken: collateral.token,
        oracle,
        irm,
        lltv: market.lltv,
      };
      const create = m.call(morpho, "createMarket", [params], {
        id: `create${market.id}Market`,
        after: previous,
      });
      previous = [create];
      m.call(morpho, "supply", [params, unitsWorth(market.supplyUsd, market.loan), 0n, deployer, "0x"], {
        id: `supply${market.id}`,
        after: [create, approveUsdc],
      });
      return [`morpho${market.id}Oracle`, oracle];
    }),
  ) as Record<`morpho${MorphoMarketId}Oracle`, typeof irm>;

  return { morpho, morphoIrm: irm, ...oracles };
});
