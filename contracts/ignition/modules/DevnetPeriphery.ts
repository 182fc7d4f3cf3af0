import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import CoreModule from "./Core.js";
import DevnetCdpModule from "./DevnetCdp.js";
import DevnetTokensModule from "./DevnetTokens.js";
import DevnetUniswapModule from "./DevnetUniswap.js";

/**
 * The periphery users act through: the bundler (one-transaction flows), the protection policies any
 * keeper executes, the registry governance keeps for both (allowed swap adapters, and the oracles every
 * swap is checked against), and the Uniswap V2 swap adapter. Swaps are checked against each token's market price (not the peg a stablecoin's
 * lending oracle holds inside its band), because a swap's fair value is its market value.
 */
export default buildModule("KeelDevnetPeriphery", (m) => {
  const { pool } = m.useModule(CoreModule);
  const tokens = m.useModule(DevnetTokensModule);
  const { router } = m.useModule(DevnetUniswapModule);
  const cdp = m.useModule(DevnetCdpModule);
  const deployer = m.getAccount(0);

  const registry = m.contract("PeripheryRegistry", [deployer]);
  const swapAdapter = m.contract("UniswapV2SwapAdapter", [router]);
  const bundler = m.contract("Bundler", [pool, cdp.engine, cdp.psm, registry]);
  const policies = m.contract("ProtectionPolicies", [pool, cdp.engine, cdp.psm, registry]);
  m.call(registry, "setSwapAdapter", [swapAdapter, true]);
  const swapOracles = [
    ["WETH", tokens.weth, tokens.wethOracle],
    ["WBTC", tokens.wbtc, tokens.wbtcOracle],
    ["wstETH", tokens.wsteth, tokens.wstethMarketOracle],
    ["USDC", tokens.usdc, tokens.usdcMarketOracle],
    ["DAI", tokens.dai, tokens.daiMarketOracle],
    ["kUSD", cdp.kusd, cdp.kusdMarketOracle],
  ] as const;
  for (const [symbol, token, oracle] of swapOracles) {
    m.call(registry, "setPriceOracle", [token, oracle], { id: `setSwapOracle${symbol}` });
  }
  return { registry, swapAdapter, bundler, policies };
});
