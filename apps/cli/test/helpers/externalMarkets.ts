// The devnet's Aave v3 and Morpho Blue, checked on the running chain: the manifest's `external`
// section against the contracts, the two seeded borrowers' positions, and a new borrower's loans.
import assert from "node:assert/strict";
import { it } from "node:test";
import { devPriceFeedAbi, devTokenAbi, type KeelDeployment } from "@keel/sdk";
import {
  type Abi,
  type Address,
  createTestClient,
  createWalletClient,
  encodeAbiParameters,
  encodeFunctionData,
  type Hex,
  http,
  keccak256,
  type PublicClient,
  parseAbi,
  parseEther,
  parseUnits,
} from "viem";
import { generatePrivateKey, mnemonicToAccount, privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";

const HARDHAT_MNEMONIC = "test test test test test test test test test test test junk";

const aavePoolAbi = parseAbi([
  "function getUserAccountData(address user) view returns (uint256 totalCollateralBase, uint256 totalDebtBase, uint256 availableBorrowsBase, uint256 currentLiquidationThreshold, uint256 ltv, uint256 healthFactor)",
  "function supply(address asset, uint256 amount, address onBehalfOf, uint16 referralCode)",
  "function borrow(address asset, uint256 amount, uint256 interestRateMode, uint16 referralCode, address onBehalfOf)",
]);
const addressesProviderAbi = parseAbi([
  "function getPool() view returns (address)",
  "function getPriceOracle() view returns (address)",
]);
const aaveOracleAbi = parseAbi(["function getAssetPrice(address asset) view returns (uint256)"]);
const aaveTokenAbi = parseAbi([
  "function UNDERLYING_ASSET_ADDRESS() view returns (address)",
  "function balanceOf(address user) view returns (uint256)",
]);
const marketParams =
  "(address loanToken, address collateralToken, address oracle, address irm, uint256 lltv) marketParams";
const morphoAbi = parseAbi([
  "function position(bytes32 id, address user) view returns (uint256 supplyShares, uint128 borrowShares, uint128 collateral)",
  "function market(bytes32 id) view returns (uint128 totalSupplyAssets, uint128 totalSupplyShares, uint128 totalBorrowAssets, uint128 totalBorrowShares, uint128 lastUpdate, uint128 fee)",
  "function idToMarketParams(bytes32 id) view returns (address loanToken, address collateralToken, address oracle, address irm, uint256 lltv)",
  `function supplyCollateral(${marketParams}, uint256 assets, address onBehalf, bytes data)`,
  `function borrow(${marketParams}, uint256 assets, uint256 shares, address onBehalf, address receiver) returns (uint256, uint256)`,
]);
const morphoOracleAbi = parseAbi(["function price() view returns (uint256)"]);

/** One contract call, sent as a raw transaction. */
type Call = { address: Address; abi: Abi; functionName: string; args: unknown[] };

type Context = {
  client: () => PublicClient;
  manifest: () => KeelDeployment;
  /** True when the labelled account has collateral or debt in any Keel pool. */
  keelPositions: (label: string) => Promise<boolean>;
};

/** Registers the external markets' tests in the enclosing `describe` (the running devnet's). */
export function describeExternalMarkets(context: Context): void {
  const external = () => {
    const section = context.manifest().external;
    assert.ok(section?.aave && section.morpho, "the manifest lists Aave and Morpho");
    return { aave: section.aave, morpho: section.morpho };
  };
  const token = (symbol: string) => context.manifest().tokens[symbol];
  const feedAnswer = async (symbol: string) => {
    const [, answer] = await context
      .client()
      .readContract({ address: token(symbol).feed, abi: devPriceFeedAbi, functionName: "latestRoundData" });
    return answer;
  };
  const wethUsdc = () => {
    const market = external().morpho.markets.find((entry) => entry.label === "WETH/USDC");
    assert.ok(market, "a WETH/USDC market");
    return {
      id: market.id,
      params: {
        loanToken: token("USDC").address,
        collateralToken: token("WETH").address,
        oracle: market.oracle,
        irm: market.irm,
        lltv: BigInt(market.lltv),
      },
    };
  };
  /** A Morpho borrower's debt in loan-token units, rounded up as Morpho rounds it. */
  const morphoDebt = async (id: Hex, user: Address) => {
    const client = context.client();
    const [[, borrowShares, collateral], [, , totalBorrowAssets, totalBorrowShares]] = await Promise.all([
      client.readContract({
        address: external().morpho.morpho,
        abi: morphoAbi,
        functionName: "position",
        args: [id, user],
      }),
      client.readContract({ address: external().morpho.morpho, abi: morphoAbi, functionName: "market", args: [id] }),
    ]);
    // Morpho's virtual shares and assets (1e6 and 1).
    const debt =
      (borrowShares * (totalBorrowAssets + 1n) + totalBorrowShares + 10n ** 6n - 1n) / (totalBorrowShares + 10n ** 6n);
    return { debt, collateral };
  };

  it("writes Aave v3 and Morpho Blue into the manifest, as the chain has them, at the devnet's feed prices", async () => {
    const client = context.client();
    const { aave, morpho } = external();
    const provider = { address: aave.addressesProvider, abi: addressesProviderAbi } as const;
    assert.equal(await client.readContract({ ...provider, functionName: "getPool" }), aave.pool);
    assert.equal(await client.readContract({ ...provider, functionName: "getPriceOracle" }), aave.oracle);
    assert.deepEqual(Object.keys(aave.reserves).sort(), ["DAI", "USDC", "WBTC", "WETH"]);
    for (const [symbol, reserve] of Object.entries(aave.reserves)) {
      for (const address of [reserve.aToken, reserve.variableDebtToken]) {
        const underlying = await client.readContract({
          address,
          abi: aaveTokenAbi,
          functionName: "UNDERLYING_ASSET_ADDRESS",
        });
        assert.equal(underlying, token(symbol).address, symbol);
      }
      // AaveOracle answers in USD with 8 decimals, as the devnet's feeds do: the same number.
      const price = await client.readContract({
        address: aave.oracle,
        abi: aaveOracleAbi,
        functionName: "getAssetPrice",
        args: [token(symbol).address],
      });
      assert.equal(price, BigInt(await feedAnswer(symbol)), `${symbol} price`);
      const supplied = await client.readContract({
        address: reserve.aToken,
        abi: devTokenAbi,
        functionName: "totalSupply",
      });
      assert.ok(supplied > 0n, `${symbol} has liquidity on Aave`);
    }

    assert.deepEqual(
      morpho.markets.map((market) => market.label),
      ["WETH/USDC", "WBTC/USDC"],
    );
    for (const market of morpho.markets) {
      assert.equal(market.lltv, "860000000000000000", market.label);
      const params = [
        token(market.loanToken).address,
        token(market.collateralToken).address,
        market.oracle,
        market.irm,
        BigInt(market.lltv),
      ] as const;
      const id = keccak256(
        encodeAbiParameters(
          [{ type: "address" }, { type: "address" }, { type: "address" }, { type: "address" }, { type: "uint256" }],
          params,
        ),
      );
      assert.equal(market.id, id, `${market.label} id`);
      assert.deepEqual(
        await client.readContract({
          address: morpho.morpho,
          abi: morphoAbi,
          functionName: "idToMarketParams",
          args: [id],
        }),
        params,
      );
      // Loan-token units per collateral unit × 1e36: collateral answer ÷ loan answer × 10^(36 + loan − collateral decimals).
      const scale = 10n ** BigInt(36 + token(market.loanToken).decimals - token(market.collateralToken).decimals);
      const expected =
        (BigInt(await feedAnswer(market.collateralToken)) * scale) / BigInt(await feedAnswer(market.loanToken));
      assert.equal(
        await client.readContract({ address: market.oracle, abi: morphoOracleAbi, functionName: "price" }),
        expected,
        `${market.label} oracle`,
      );
      const [totalSupplyAssets] = await client.readContract({
        address: morpho.morpho,
        abi: morphoAbi,
        functionName: "market",
        args: [id],
      });
      assert.ok(totalSupplyAssets >= parseUnits("1000000", 6), `${market.label} holds USDC to lend`);
    }
  });

  it("seeds an Aave borrower and a Morpho borrower (accounts 10 and 11) at health ≈ 1.6, without Keel positions", async () => {
    const client = context.client();
    const accounts = context.manifest().accounts;
    const aaveBorrower = accounts[10];
    const morphoBorrower = accounts[11];
    assert.deepEqual(
      [aaveBorrower.label, aaveBorrower.role, morphoBorrower.label, morphoBorrower.role],
      ["aave-borrower", "borrower", "morpho-borrower", "borrower"],
    );
    assert.equal(aaveBorrower.address, mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: 10 }).address);
    assert.equal(morphoBorrower.address, mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: 11 }).address);

    // Aave: 10 WETH deposited, USDC borrowed to health 1.6 at $3,000 (82.5% threshold): 15,468.75 USDC and its interest.
    const { aave } = external();
    const [collateralBase, debtBase, , thresholdBps, , health] = await client.readContract({
      address: aave.pool,
      abi: aavePoolAbi,
      functionName: "getUserAccountData",
      args: [aaveBorrower.address],
    });
    assert.equal(collateralBase, 10n * BigInt(await feedAnswer("WETH")), "10 WETH at the feed price, 8 decimals");
    assert.equal(thresholdBps, 8250n);
    assert.ok(debtBase >= parseUnits("15468.75", 8) && debtBase < parseUnits("15470", 8), `Aave debt ${debtBase}`);
    assert.ok(health >= parseUnits("1.58", 18) && health <= parseUnits("1.61", 18), `Aave health ${health}`);
    const aWethBalance = await client.readContract({
      address: aave.reserves.WETH.aToken,
      abi: aaveTokenAbi,
      functionName: "balanceOf",
      args: [aaveBorrower.address],
    });
    assert.ok(aWethBalance >= parseEther("10") - 1n, `aWETH ${aWethBalance}`);
    const usdcDebt = await client.readContract({
      address: aave.reserves.USDC.variableDebtToken,
      abi: aaveTokenAbi,
      functionName: "balanceOf",
      args: [aaveBorrower.address],
    });
    assert.ok(usdcDebt >= parseUnits("15468.75", 6), `variable USDC debt ${usdcDebt}`);

    // Morpho WETH/USDC: 10 WETH, USDC borrowed to health 1.6 at the 86% LLTV: 16,125 USDC and its interest.
    const market = wethUsdc();
    const { debt, collateral } = await morphoDebt(market.id, morphoBorrower.address);
    assert.equal(collateral, parseEther("10"));
    assert.ok(debt >= parseUnits("16125", 6) && debt < parseUnits("16130", 6), `Morpho debt ${debt}`);
    const price = await client.readContract({
      address: market.params.oracle,
      abi: morphoOracleAbi,
      functionName: "price",
    });
    const morphoHealth = (((collateral * price) / 10n ** 36n) * market.params.lltv) / debt;
    assert.ok(
      morphoHealth >= parseUnits("1.58", 18) && morphoHealth <= parseUnits("1.61", 18),
      `Morpho health ${morphoHealth}`,
    );

    for (const label of ["aave-borrower", "morpho-borrower"]) {
      assert.equal(await context.keelPositions(label), false, `${label} has no Keel position`);
    }
  });

  it("lends to a new borrower on Aave and on Morpho: the liquidity is real", async () => {
    const client = context.client();
    const { aave, morpho } = external();
    const transport = http(context.manifest().rpcUrl);
    const stranger = privateKeyToAccount(generatePrivateKey());
    await createTestClient({ chain: hardhat, mode: "hardhat", transport }).setBalance({
      address: stranger.address,
      value: parseEther("10"),
    });
    const deployer = context.manifest().accounts[0];
    const send = async (from: "deployer" | "stranger", call: Call) => {
      const account = from === "deployer" ? privateKeyToAccount(deployer.privateKey) : stranger;
      const wallet = createWalletClient({ account, chain: hardhat, transport });
      const hash = await wallet.sendTransaction({ to: call.address, data: encodeFunctionData(call) });
      const receipt = await client.waitForTransactionReceipt({ hash });
      assert.equal(receipt.status, "success", `${call.functionName} from the ${from}`);
    };
    const weth = token("WETH").address;
    const usdc = token("USDC").address;
    const usdcBalance = () =>
      client.readContract({ address: usdc, abi: devTokenAbi, functionName: "balanceOf", args: [stranger.address] });
    await send("deployer", {
      address: weth,
      abi: devTokenAbi,
      functionName: "mint",
      args: [stranger.address, parseEther("20")],
    });

    await send("stranger", {
      address: weth,
      abi: devTokenAbi,
      functionName: "approve",
      args: [aave.pool, parseEther("10")],
    });
    await send("stranger", {
      address: aave.pool,
      abi: aavePoolAbi,
      functionName: "supply",
      args: [weth, parseEther("10"), stranger.address, 0],
    });
    const variableRate = 2n;
    const aaveLoan = parseUnits("12000", 6);
    await send("stranger", {
      address: aave.pool,
      abi: aavePoolAbi,
      functionName: "borrow",
      args: [usdc, aaveLoan, variableRate, 0, stranger.address],
    });
    assert.equal(await usdcBalance(), aaveLoan, "the Aave loan reached the wallet");

    const market = wethUsdc();
    await send("stranger", {
      address: weth,
      abi: devTokenAbi,
      functionName: "approve",
      args: [morpho.morpho, parseEther("10")],
    });
    await send("stranger", {
      address: morpho.morpho,
      abi: morphoAbi,
      functionName: "supplyCollateral",
      args: [market.params, parseEther("10"), stranger.address, "0x"],
    });
    const morphoLoan = parseUnits("15000", 6);
    await send("stranger", {
      address: morpho.morpho,
      abi: morphoAbi,
      functionName: "borrow",
      args: [market.params, morphoLoan, 0n, stranger.address, stranger.address],
    });
    assert.equal(await usdcBalance(), aaveLoan + morphoLoan, "the Morpho loan reached the wallet");
    const { debt } = await morphoDebt(market.id, stranger.address);
    assert.ok(debt >= morphoLoan && debt <= morphoLoan + 1n, `Morpho debt ${debt}`);
    const [, debtBase] = await client.readContract({
      address: aave.pool,
      abi: aavePoolAbi,
      functionName: "getUserAccountData",
      args: [stranger.address],
    });
    assert.ok(debtBase >= (aaveLoan * 10n ** 8n) / 10n ** 6n, `Aave debt ${debtBase}`);
  });
}
