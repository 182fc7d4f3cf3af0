import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { ArgumentType } from "@nomicfoundation/ignition-core";
import {
  AAVE_POOL_LIBRARIES,
  AAVE_RESERVES,
  type AaveSymbol,
  aaveArtifact,
  aaveReserveInput,
  linkedLibraries,
} from "../../external/aave.ts";
import { compileExternalContracts } from "../../external/solc.ts";
import DevnetTokensModule from "./DevnetTokens.js";
import { unitsWorth } from "./DevnetUniswap.js";

/** What the deployer supplies to each Aave reserve, in whole dollars at the starting prices, so borrowers find liquidity. */
const AAVE_LIQUIDITY_USD: Record<AaveSymbol, bigint> = {
  WETH: 6_000_000n,
  WBTC: 3_000_000n,
  USDC: 10_000_000n,
  DAI: 5_000_000n,
};

/** Aave's flash-loan premium on Ethereum: 0.05% of the amount, in basis points. */
const FLASH_LOAN_PREMIUM_BPS = 5n;

/**
 * Aave v3.0.2 on the devnet, deployed as Aave deploys it: the addresses provider, the ACL, Pool and
 * PoolConfigurator behind the provider's proxies (libraries linked), AaveOracle over the devnet's
 * feeds (through AaveFeedAdapter, since AaveOracle reads Chainlink's `latestAnswer`, so `keel devnet
 * price` moves Aave's prices too), the protocol data provider, and four reserves (WETH, WBTC, USDC,
 * DAI) with mainnet-like risk parameters (contracts/external/aave.ts), borrowing and flash loans
 * enabled. The deployer is the ACL admin and pool admin, and supplies every reserve.
 */
export default buildModule("KeelDevnetAave", (m) => {
  const tokens = m.useModule(DevnetTokensModule);
  const deployer = m.getAccount(0);
  const adapters = compileExternalContracts();
  const reserves = {
    WETH: { token: tokens.weth, feed: tokens.ethFeed },
    WBTC: { token: tokens.wbtc, feed: tokens.btcFeed },
    USDC: { token: tokens.usdc, feed: tokens.usdcFeed },
    DAI: { token: tokens.dai, feed: tokens.daiFeed },
  } as const;
  const symbols = Object.keys(reserves) as AaveSymbol[];

  const libraries: Record<string, ReturnType<typeof m.library>> = {};
  for (const name of AAVE_POOL_LIBRARIES) libraries[name] = m.library(name, aaveArtifact(name));
  libraries.FlashLoanLogic = m.library("FlashLoanLogic", aaveArtifact("FlashLoanLogic"), {
    libraries: { BorrowLogic: libraries.BorrowLogic },
  });
  libraries.ConfiguratorLogic = m.library("ConfiguratorLogic", aaveArtifact("ConfiguratorLogic"));
  const linked = (artifact: ReturnType<typeof aaveArtifact>) =>
    Object.fromEntries(linkedLibraries(artifact).map((name) => [name, libraries[name]]));

  const provider = m.contract("PoolAddressesProvider", aaveArtifact("PoolAddressesProvider"), [
    "Keel devnet",
    deployer,
  ]);
  const setAclAdmin = m.call(provider, "setACLAdmin", [deployer]);
  const acl = m.contract("ACLManager", aaveArtifact("ACLManager"), [provider], { after: [setAclAdmin] });
  const setAcl = m.call(provider, "setACLManager", [acl]);
  const addPoolAdmin = m.call(acl, "addPoolAdmin", [deployer]);

  const poolArtifact = aaveArtifact("Pool");
  const poolImpl = m.contract("Pool", poolArtifact, [provider], {
    id: "PoolImplementation",
    libraries: linked(poolArtifact),
  });
  m.call(poolImpl, "initialize", [provider], { id: "initializePoolImplementation" });
  const setPoolImpl = m.call(provider, "setPoolImpl", [poolImpl]);
  const pool = m.contractAt("Pool", poolArtifact, m.staticCall(provider, "getPool", [], 0, { after: [setPoolImpl] }));

  const configuratorArtifact = aaveArtifact("PoolConfigurator");
  const configuratorImpl = m.contract("PoolConfigurator", configuratorArtifact, [], {
    id: "PoolConfiguratorImplementation",
    libraries: linked(configuratorArtifact),
  });
  m.call(configuratorImpl, "initialize", [provider], {
    id: "initializePoolConfiguratorImplementation",
    after: [setPoolImpl],
  });
  // The proxy's initializer reads the pool from the provider, so the pool is set first.
  const setConfiguratorImpl = m.call(provider, "setPoolConfiguratorImpl", [configuratorImpl], { after: [setPoolImpl] });
  const configurator = m.contractAt(
    "PoolConfigurator",
    configuratorArtifact,
    m.staticCall(provider, "getPoolConfigurator", [], 0, { after: [setConfiguratorImpl] }),
  );

  // USD base currency with 8 decimals, as Aave on Ethereum; each source forwards to a devnet feed.
  const sources = symbols.map((symbol) =>
    m.contract("AaveFeedAdapter", adapters.AaveFeedAdapter, [reserves[symbol].feed], { id: `${symbol}AaveSource` }),
  );
  const zero = "0x0000000000000000000000000000000000000000";
  const oracle = m.contract("AaveOracle", aaveArtifact("AaveOracle"), [
    provider,
    symbols.map((symbol) => reserves[symbol].token),
    sources,
    zero,
    zero,
    10n ** 8n,
  ]);
  m.call(provider, "setPriceOracle", [oracle]);
  const dataProvider = m.contract("AaveProtocolDataProvider", aaveArtifact("AaveProtocolDataProvider"), [provider]);
  m.call(provider, "setPoolDataProvider", [dataProvider]);

  const aTokenImpl = m.contract("AToken", aaveArtifact("AToken"), [pool], { id: "ATokenImplementation" });
  const stableDebtImpl = m.contract("StableDebtToken", aaveArtifact("StableDebtToken"), [pool], {
    id: "StableDebtTokenImplementation",
  });
  const variableDebtImpl = m.contract("VariableDebtToken", aaveArtifact("VariableDebtToken"), [pool], {
    id: "VariableDebtTokenImplementation",
  });
  const initReserves = m.call(
    configurator,
    "initReserves",
    [
      symbols.map((symbol) =>
        aaveReserveInput<ArgumentType>(symbol, {
          asset: reserves[symbol].token,
          aToken: aTokenImpl,
          stableDebtToken: stableDebtImpl,
          variableDebtToken: variableDebtImpl,
          rateStrategy: m.contract(
            "DefaultReserveInterestRateStrategy",
            aaveArtifact("DefaultReserveInterestRateStrategy"),
            [provider, ...AAVE_RESERVES[symbol].rates],
            { id: `${symbol}RateStrategy` },
          ),
          treasury: deployer,
        }),
      ),
    ],
    { after: [addPoolAdmin, setAcl] },
  );
  m.call(configurator, "updateFlashloanPremiumTotal", [FLASH_LOAN_PREMIUM_BPS], {
    after: [addPoolAdmin],
  });

  const configured = symbols.flatMap((symbol) => {
    const params = AAVE_RESERVES[symbol];
    const asset = reserves[symbol].token;
    const options = (step: string) => ({ id: `${step}${symbol}`, after: [initReserves] });
    return [
      m.call(
        configurator,
        "configureReserveAsCollateral",
        [asset, params.ltvBps, params.liquidationThresholdBps, params.liquidationBonusBps],
        options("configureCollateral"),
      ),
      m.call(configurator, "setReserveBorrowing", [asset, true], options("enableBorrowing")),
      m.call(configurator, "setReserveFactor", [asset, params.reserveFactorBps], options("setReserveFactor")),
      m.call(configurator, "setReserveFlashLoaning", [asset, true], options("enableFlashLoans")),
    ];
  });

  for (const symbol of symbols) {
    const { token } = reserves[symbol];
    const amount = unitsWorth(AAVE_LIQUIDITY_USD[symbol], symbol);
    const mint = m.call(token, "mint", [deployer, amount], { id: `mint${symbol}ForAave` });
    const approve = m.call(token, "approve", [pool, amount], { id: `approve${symbol}ForAave`, after: [mint] });
    m.call(pool, "supply", [token, amount, deployer, 0], {
      id: `supply${symbol}ToAave`,
      after: [approve, ...configured],
    });
  }

  // Each reserve's aToken and variable-debt token, the proxies initReserves created.
  const reserveTokens = Object.fromEntries(
    symbols.flatMap((symbol) => {
      const read = (output: "aTokenAddress" | "variableDebtTokenAddress", id: string) =>
        m.staticCall(dataProvider, "getReserveTokensAddresses", [reserves[symbol].token], output, {
          id,
          after: [initReserves],
        });
      return [
        [
          `a${symbol}`,
          m.contractAt("AToken", aaveArtifact("AToken"), read("aTokenAddress", `a${symbol}Address`), {
            id: `a${symbol}`,
          }),
        ],
        [
          `variableDebt${symbol}`,
          m.contractAt(
            "VariableDebtToken",
            aaveArtifact("VariableDebtToken"),
            read("variableDebtTokenAddress", `variableDebt${symbol}Address`),
            { id: `variableDebt${symbol}` },
          ),
        ],
      ];
    }),
  ) as Record<`a${AaveSymbol}` | `variableDebt${AaveSymbol}`, ReturnType<typeof m.contractAt>>;

  return {
    aavePool: pool,
    aaveAddressesProvider: provider,
    aaveConfigurator: configurator,
    aaveOracle: oracle,
    aaveDataProvider: dataProvider,
    aaveAcl: acl,
    ...reserveTokens,
  };
});
