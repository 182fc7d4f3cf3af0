import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import CoreModule from "./Core.js";
import RateModelsModule from "./RateModels.js";

/**
 * A local demo: dev tokens (WETH, USDC) with settable Chainlink-style feeds, their adapters,
 * and one isolated pool (WETH collateral, USDC loan), listed and seeded in one transaction.
 */
export default buildModule("KeelDemoPool", (m) => {
  const { configurator, pool } = m.useModule(CoreModule);
  const { kinked } = m.useModule(RateModelsModule);
  const deployer = m.getAccount(0);

  const weth = m.contract("DevToken", ["Wrapped Ether", "WETH", 18], { id: "WETH" });
  const usdc = m.contract("DevToken", ["USD Coin", "USDC", 6], { id: "USDC" });
  const ethFeed = m.contract("DevPriceFeed", [8, "ETH / USD", m.getParameter("ethPrice", 3000n * 10n ** 8n)], {
    id: "EthUsdFeed",
  });
  const usdcFeed = m.contract("DevPriceFeed", [8, "USDC / USD", 10n ** 8n], { id: "UsdcUsdFeed" });
  const zero = "0x0000000000000000000000000000000000000000";
  const maxAge = m.getParameter("maxAge", 365n * 24n * 3600n);
  const ethOracle = m.contract("ChainlinkAdapter", [ethFeed, 18, maxAge, 1n, 10n ** 14n, zero, 0n], {
    id: "EthUsdAdapter",
  });
  const usdcOracle = m.contract("ChainlinkAdapter", [usdcFeed, 6, maxAge, 1n, 10n ** 10n, zero, 0n], {
    id: "UsdcUsdAdapter",
  });

  const seedWeth = 10n ** 15n;
  const seedUsdc = 10n ** 6n;
  const mintWeth = m.call(weth, "mint", [deployer, seedWeth], { id: "mintSeedWeth" });
  const mintUsdc = m.call(usdc, "mint", [deployer, seedUsdc], { id: "mintSeedUsdc" });
  const approveWeth = m.call(weth, "approve", [configurator, seedWeth], { id: "approveSeedWeth", after: [mintWeth] });
  const approveUsdc = m.call(usdc, "approve", [configurator, seedUsdc], { id: "approveSeedUsdc", after: [mintUsdc] });

  const reserve = {
    irm: kinked,
    ltvBps: 0,
    liquidationThresholdBps: 0,
    maxLiquidationBonusBps: 0,
    reserveFactorBps: 1000,
    liquidationFeeBps: 1000,
    supplyCap: 0n,
    borrowCap: 0n,
    collateralEnabled: false,
    borrowEnabled: false,
    eModeCategory: 0,
  };
  m.call(
    configurator,
    "createPool",
    [
      deployer,
      [
        {
          ...reserve,
          asset: weth,
          oracle: ethOracle,
          ltvBps: 8000,
          liquidationThresholdBps: 8500,
          maxLiquidationBonusBps: 800,
          collateralEnabled: true,
        },
        { ...reserve, asset: usdc, oracle: usdcOracle, borrowEnabled: true },
      ],
      [seedWeth, seedUsdc],
    ],
    { after: [approveWeth, approveUsdc] },
  );

  return { pool, configurator, weth, usdc, ethFeed, usdcFeed, ethOracle, usdcOracle, kinked };
});
