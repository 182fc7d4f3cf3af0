import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, it } from "node:test";
import { type Abi, type Address, type Hex, maxUint256, parseUnits } from "viem";
import {
  type CdpCollateralType,
  type CdpVault,
  closeVault,
  depositVaultCollateral,
  ensureAllowance,
  getAuction,
  getAuctions,
  getCollateralTypes,
  getIsVaultOperator,
  getNonce,
  getPsm,
  getTokenBalance,
  getVault,
  getVaults,
  invalidateNonces,
  KeelContractError,
  mintKusd,
  openVault,
  previewBuyGem,
  previewSellGem,
  previewSettle,
  previewTake,
  psmBuyGem,
  psmSellGem,
  repayKusd,
  resetAuction,
  settleVault,
  setVaultOperator,
  setVaultOperatorWithSig,
  signOperatorApproval,
  startAuction,
  takeAuction,
  takeAuctionWithTaker,
  transferVault,
  verifyOperatorApproval,
  withdrawVaultCollateral,
} from "../src/index.ts";
import { deployCdp } from "./cdp.fixture.ts";

const k = await deployCdp();
const { publicClient, networkHelpers, keeper, users, engine, collateral, usdc } = k;
const [alice, bob, carol] = users;
const [eth] = collateral;
const address = engine.address;
const NO_DEADLINE = 2n ** 255n;

/** A Uniswap V2 factory and router from the packages' prebuilt artifacts, as the devnet deploys them. */
async function deployUniswap() {
  const require = createRequire(import.meta.url);
  const artifact = (path: string) => {
    const json = JSON.parse(readFileSync(require.resolve(path), "utf8"));
    return { abi: json.abi as Abi, bytecode: `0x${json.bytecode.replace(/^0x/, "")}` as Hex };
  };
  const factoryArtifact = artifact("@uniswap/v2-core/build/UniswapV2Factory.json");
  const routerArtifact = artifact("@uniswap/v2-periphery/build/UniswapV2Router02.json");
  const deploy = async (a: { abi: Abi; bytecode: Hex }, args: readonly unknown[]) => {
    const hash = await k.governance.deployContract({ ...a, args });
    return (await publicClient.waitForTransactionReceipt({ hash })).contractAddress as Address;
  };
  const factory = await deploy(factoryArtifact, [k.governance.account.address]);
  const router = await deploy(routerArtifact, [factory, eth.token.address]);
  return { router, routerAbi: routerArtifact.abi };
}

/** Alice's vault: 10 ETH ($30,000) with 10,000 kUSD of debt; a WETH/USDC pool at $3,000 and the auction taker. */
async function withVault() {
  await ensureAllowance(alice, { token: eth.token.address, spender: address, amount: maxUint256 });
  const opened = await openVault(alice, {
    engine: address,
    typeId: 0n,
    collateral: parseUnits("10", 18),
    debt: parseUnits("10000", 18),
  });
  const { router, routerAbi } = await deployUniswap();
  const liquidityEth = parseUnits("1000", 18);
  const liquidityUsdc = parseUnits("3000000", 6);
  await eth.token.write.mint([k.governance.account.address, liquidityEth]);
  await usdc.write.mint([k.governance.account.address, liquidityUsdc]);
  await eth.token.write.approve([router, liquidityEth]);
  await usdc.write.approve([router, liquidityUsdc]);
  await k.governance.writeContract({
    address: router,
    abi: routerAbi,
    functionName: "addLiquidity",
    args: [
      eth.token.address,
      usdc.address,
      liquidityEth,
      liquidityUsdc,
      0n,
      0n,
      k.governance.account.address,
      NO_DEADLINE,
    ],
  });
  const taker = await k.viem.deployContract("AuctionTaker", [address, router, k.psm.address]);
  // The keeper takes with kUSD of its own vault.
  await ensureAllowance(keeper, { token: eth.token.address, spender: address, amount: maxUint256 });
  await openVault(keeper, {
    engine: address,
    typeId: 0n,
    collateral: parseUnits("100", 18),
    debt: parseUnits("50000", 18),
  });
  return { vaultId: opened.vaultId, taker: taker.address };
}

async function rejectsWith(promise: Promise<unknown>, errorName: string, sentence?: RegExp) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof KeelContractError, `expected a KeelContractError, got ${error}`);
    assert.equal(error.errorName, errorName);
    if (sentence) assert.match(error.shortMessage, sentence);
    return true;
  });
}

describe("kUSD reads", () => {
  it("collateral types and vaults carry the engine's accrued values", async () => {
    const { vaultId } = await networkHelpers.loadFixture(withVault);
    await networkHelpers.time.increase(30 * 86_400);
    const types = await getCollateralTypes(publicClient, { engine: address });
    assert.deepEqual(
      types.map((t) => [t.symbol, t.decimals, t.minRatio]),
      [
        ["WETH", 18, 15n * 10n ** 17n],
        ["WBTC", 8, 125n * 10n ** 16n],
      ],
    );
    assert.ok(Math.abs(types[0].stabilityFeeApy - 0.05) < 1e-9);
    const at = { blockNumber: types[0].blockNumber };
    assert.equal(types[0].currentRate, await engine.read.currentRate([0n], at));
    assert.equal(types[0].price, 3000n * 10n ** 18n);

    const vault = await getVault(publicClient, { engine: address, vaultId });
    assert.equal(vault.debt, await engine.read.debtOf([vaultId], { blockNumber: vault.type.blockNumber }));
    assert.ok(vault.debt > parseUnits("10000", 18), "a month of fee accrued");
    // 10 ETH at $3,000 against ~10,040 kUSD: about 298%; unsafe below ~$1,506.
    assert.equal(vault.ratio, ((vault.collateralValue as bigint) * 10n ** 18n) / vault.debt);
    assert.ok(vault.isSafe);
    assert.equal(
      vault.liquidationPrice,
      (((vault.debt * 15_000n + 9_999n) / 10_000n) * 10n ** 18n) / (10n * 10n ** 18n) + 1n,
    );
    assert.equal(vault.auction, undefined);
  });

  it("getVaults follows opens and transfers", async () => {
    const { vaultId } = await networkHelpers.loadFixture(withVault);
    const second = await openVault(alice, { engine: address, typeId: 1n });
    assert.deepEqual(
      (await getVaults(publicClient, { engine: address, owner: alice.account.address })).map((v) => v.id),
      [vaultId, second.vaultId],
    );
    await transferVault(alice, { engine: address, vaultId, to: bob.account.address });
    assert.deepEqual(
      (await getVaults(publicClient, { engine: address, owner: alice.account.address })).map((v) => v.id),
      [second.vaultId],
    );
    const bobs = await getVaults(publicClient, { engine: address, owner: bob.account.address });
    assert.deepEqual(
      bobs.map((v) => [v.id, v.type.symbol]),
      [[vaultId, "WETH"]],
    );
    await rejectsWith(transferVault(alice, { engine: address, vaultId, to: alice.account.address }), "NotVaultOwner");
  });
});

describe("vault writes", () => {
  it("mint within the limit; beyond it a sentence with the ratio in percent", async () => {
    const { vaultId } = await networkHelpers.loadFixture(withVault);
    const before = await getVault(publicClient, { engine: address, vaultId });
    // 10 ETH at $3,000 and a 150% minimum: 20,000 kUSD of debt at most, 10,000 already owed.
    assert.ok(before.maxMint !== undefined && before.maxMint < parseUnits("10000", 18));
    assert.ok(before.maxMint > parseUnits("9999", 18));
    await rejectsWith(
      mintKusd(alice, { engine: address, vaultId, amount: parseUnits("12000", 18) }),
      "RatioBelowMinimum",
      /collateral ratio at 136\.36%, below the minimum of 150\.00%/,
    );
    const minted = await mintKusd(alice, { engine: address, vaultId, amount: parseUnits("5000", 18) });
    assert.equal(minted.amount, parseUnits("5000", 18));
    assert.ok(minted.normalized > 0n);
    assert.equal(
      await getTokenBalance(publicClient, { token: k.kusd.address, account: alice.account.address }),
      parseUnits("15000", 18),
    );
    await rejectsWith(mintKusd(bob, { engine: address, vaultId, amount: 1n }), "NotVaultOwner");
  });

  it("withdraw within the ratio; too much collateral is the engine's WithdrawExceedsCollateral, in WETH", async () => {
    const { vaultId } = await networkHelpers.loadFixture(withVault);
    await rejectsWith(
      withdrawVaultCollateral(alice, { engine: address, vaultId, amount: parseUnits("11", 18) }),
      "WithdrawExceedsCollateral",
      /^The vault holds 10 WETH of collateral, but 11 WETH was asked to be withdrawn/,
    );
    await rejectsWith(
      withdrawVaultCollateral(alice, { engine: address, vaultId, amount: parseUnits("6", 18) }),
      "RatioBelowMinimum",
    );
    await withdrawVaultCollateral(alice, { engine: address, vaultId, amount: parseUnits("4", 18) });
    await depositVaultCollateral(alice, { engine: address, vaultId, amount: parseUnits("1", 18) });
    assert.equal((await getVault(publicClient, { engine: address, vaultId })).collateral, parseUnits("7", 18));
  });

  it("repay part, a floor-breaking part, all; then close", async () => {
    const { vaultId } = await networkHelpers.loadFixture(withVault);
    // Alice owes a little more than she minted once the fee accrues: Bob mints her 1,000 kUSD more.
    await ensureAllowance(bob, { token: eth.token.address, spender: address, amount: maxUint256 });
    await openVault(bob, {
      engine: address,
      typeId: 0n,
      collateral: parseUnits("10", 18),
      debt: parseUnits("1000", 18),
      receiver: alice.account.address,
    });
    const part = await repayKusd(alice, { engine: address, vaultId, amount: parseUnits("4000", 18) });
    assert.equal(part.repaid, parseUnits("4000", 18));
    await rejectsWith(
      repayKusd(alice, { engine: address, vaultId, amount: parseUnits("5950", 18) }),
      "DebtBelowFloor",
      /below the collateral type's minimum debt of 100 kUSD/,
    );
    const all = await repayKusd(alice, { engine: address, vaultId, all: true });
    assert.ok(all.repaid > parseUnits("6000", 18));
    assert.equal(await engine.read.debtOf([vaultId]), 0n);
    const closed = await closeVault(alice, { engine: address, vaultId, receiver: carol.account.address });
    assert.deepEqual([closed.repaid, closed.collateral], [0n, parseUnits("10", 18)]);
  });

  it("operators, directly and by signature", async () => {
    const { vaultId } = await networkHelpers.loadFixture(withVault);
    await setVaultOperator(alice, { engine: address, operator: bob.account.address, approved: true });
    assert.ok(
      await getIsVaultOperator(publicClient, {
        engine: address,
        owner: alice.account.address,
        operator: bob.account.address,
      }),
    );
    await mintKusd(bob, { engine: address, vaultId, amount: parseUnits("100", 18) });

    const signed = await signOperatorApproval(alice, {
      engine: address,
      operator: carol.account.address,
      approved: true,
    });
    assert.ok(await verifyOperatorApproval(publicClient, { engine: address, ...signed }));
    assert.ok(
      !(await verifyOperatorApproval(publicClient, {
        engine: address,
        ...signed,
        approval: { ...signed.approval, approved: false },
      })),
    );
    await setVaultOperatorWithSig(keeper, { engine: address, ...signed });
    assert.ok(
      await getIsVaultOperator(publicClient, {
        engine: address,
        owner: alice.account.address,
        operator: carol.account.address,
      }),
    );
    await rejectsWith(
      setVaultOperatorWithSig(keeper, { engine: address, ...signed }),
      "InvalidNonce",
      /nonce 0, but the signer's current nonce is 1/,
    );

    // A direct revoke kills an approval signed and not yet submitted; so does invalidateNonces.
    const pending = await signOperatorApproval(alice, {
      engine: address,
      operator: bob.account.address,
      approved: true,
    });
    await setVaultOperator(alice, { engine: address, operator: carol.account.address, approved: false });
    await rejectsWith(setVaultOperatorWithSig(keeper, { engine: address, ...pending }), "InvalidNonce", /killed/);
    const next = await getNonce(publicClient, { pool: address, account: alice.account.address });
    assert.equal(next, 2n ** 64n, "a revoke starts the next nonce epoch");
    const later = await signOperatorApproval(alice, { engine: address, operator: bob.account.address, approved: true });
    await invalidateNonces(alice, { contract: address, newNonce: next + 1n });
    await rejectsWith(setVaultOperatorWithSig(keeper, { engine: address, ...later }), "InvalidNonce");
  });

  it("after a shutdown anyone settles a vault, at the lower of the shutdown and oracle prices", async () => {
    const { vaultId } = await networkHelpers.loadFixture(withVault);
    await engine.write.shutdown([0n]);
    const [vault, type] = await Promise.all([engine.read.vault([vaultId]), engine.read.collateralType([0n])]);
    const block = await publicClient.getBlock();
    const expected = previewSettle(vault as CdpVault, type as CdpCollateralType, {
      vaultId,
      oraclePrice: await eth.oracle.read.price(),
      timestamp: block.timestamp + 1n,
    });
    await networkHelpers.time.setNextBlockTimestamp(block.timestamp + 1n);
    const settled = await settleVault(carol, { engine: address, vaultId });
    assert.deepEqual(
      [settled.price, settled.debt, settled.tab, settled.collateral],
      [expected.price, expected.debt, expected.tab, expected.collateral],
    );
    assert.equal((await engine.read.vault([vaultId])).normalizedDebt, 0n);
    await rejectsWith(settleVault(carol, { engine: address, vaultId }), "AuctionActive");
  });
});

describe("auctions", () => {
  it("start when unsafe, list with the engine's price, take partly, then the rest", async () => {
    const { vaultId } = await networkHelpers.loadFixture(withVault);
    await rejectsWith(startAuction(keeper, { engine: address, vaultId }), "VaultIsSafe", /ratio is 299\.99%/);
    await eth.feed.write.setAnswer([1400n * 10n ** 8n]);
    const started = await startAuction(keeper, { engine: address, vaultId });
    assert.ok(started.opened);
    assert.equal(started.collateral, parseUnits("10", 18));
    // 1,400 × 120% buffer.
    assert.equal(started.topPrice, 1680n * 10n ** 18n);
    await networkHelpers.time.increase(300);

    const [listed] = await getAuctions(publicClient, { engine: address });
    assert.equal(listed.vaultId, vaultId);
    const [price, stale] = await engine.read.auctionPrice([vaultId], { blockNumber: listed.blockNumber });
    assert.deepEqual([listed.price, listed.stale], [price, stale]);
    assert.equal(listed.tab, started.tab);

    const auction = await getAuction(publicClient, { engine: address, vaultId });
    assert.ok(auction);
    // One second later, as the transaction lands: the SDK predicts it to the wei.
    const expected = previewTake(auction, auction.type, {
      vaultId,
      maxCollateral: parseUnits("2", 18),
      maxPrice: auction.price,
      timestamp: auction.timestamp + 1n,
    });
    await rejectsWith(
      takeAuction(keeper, { engine: address, vaultId, maxCollateral: parseUnits("2", 18), maxPrice: 10n ** 18n }),
      "PriceAboveMax",
      /per WETH, above your limit of 1 kUSD per WETH/,
    );
    const taken = await takeAuction(keeper, {
      engine: address,
      vaultId,
      maxCollateral: parseUnits("2", 18),
      maxPrice: auction.price,
    });
    assert.deepEqual([taken.collateral, taken.paid, taken.price], [expected.slice, expected.paid, expected.price]);
    assert.equal(taken.ended, undefined);

    await rejectsWith(
      takeAuction(carol, { engine: address, vaultId, maxCollateral: maxUint256, maxPrice: maxUint256 }),
      "ERC20InsufficientBalance",
      /holds 0 kUSD, but [\d,.]+ kUSD is needed/,
    );
    const rest = await takeAuction(keeper, {
      engine: address,
      vaultId,
      maxCollateral: maxUint256,
      maxPrice: maxUint256,
    });
    assert.ok(rest.ended && rest.ended.badDebt === 0n && rest.ended.collateralReturned > 0n);
    assert.deepEqual(await getAuctions(publicClient, { engine: address }), []);
  });

  it("a stale auction must be reset; the taker sells through Uniswap and the peg module for a profit", async () => {
    const { vaultId, taker } = await networkHelpers.loadFixture(withVault);
    await eth.feed.write.setAnswer([1400n * 10n ** 8n]);
    await startAuction(keeper, { engine: address, vaultId });
    await networkHelpers.time.increase(7 * 3600);
    await rejectsWith(
      takeAuction(keeper, { engine: address, vaultId, maxCollateral: 1n, maxPrice: maxUint256 }),
      "AuctionStale",
      /must be reset/,
    );
    // The oracle says $1,400 but Uniswap still pays ~$3,000: selling the lot is profitable.
    const reset = await resetAuction(keeper, { engine: address, vaultId });
    assert.equal(reset.topPrice, 1680n * 10n ** 18n);
    const before = await getTokenBalance(publicClient, { token: k.kusd.address, account: carol.account.address });
    const sold = await takeAuctionWithTaker(carol, {
      auctionTaker: taker,
      vaultId,
      maxCollateral: maxUint256,
      maxPrice: maxUint256,
      path: [eth.token.address, usdc.address],
    });
    assert.ok(sold.profit > 0n && sold.paid > 0n);
    assert.equal(
      await getTokenBalance(publicClient, { token: k.kusd.address, account: carol.account.address }),
      before + sold.profit,
    );
    assert.equal(await getAuction(publicClient, { engine: address, vaultId }), undefined);
  });
});

describe("peg stability module", () => {
  it("quotes equal the swaps; frozen and depegged modules refuse with a sentence", async () => {
    await networkHelpers.loadFixture(withVault);
    const psm = k.psm.address;
    await k.psm.write.setFees([10n, 20n]);
    let info = await getPsm(publicClient, { psm });
    assert.deepEqual([info.gemSymbol, info.gemDecimals, info.live, info.minted], ["USDC", 6, true, 0n]);
    const quote = previewSellGem(info, parseUnits("1000", 6));
    await ensureAllowance(bob, { token: usdc.address, spender: psm, amount: parseUnits("1000", 6) });
    const sold = await psmSellGem(bob, { psm, amount: parseUnits("1000", 6) });
    assert.deepEqual([sold.kusdOut, sold.fee], [quote.kusd, quote.fee]);
    assert.equal(sold.kusdOut, parseUnits("999", 18));

    info = await getPsm(publicClient, { psm });
    assert.equal(info.gemHeld, parseUnits("1000", 6));
    const buyQuote = previewBuyGem(info, parseUnits("500", 6));
    const bought = await psmBuyGem(bob, { psm, amount: parseUnits("500", 6) });
    assert.deepEqual([bought.kusdIn, bought.fee], [buyQuote.kusd, buyQuote.fee]);
    await rejectsWith(
      psmBuyGem(bob, { psm, amount: parseUnits("600", 6) }),
      "PsmInsufficientGem",
      /holds only 500 USDC/,
    );

    await k.usdcFeed.write.setAnswer([97_000_000n]);
    info = await getPsm(publicClient, { psm });
    assert.deepEqual([info.depegged, info.live], [true, false]);
    await rejectsWith(psmSellGem(bob, { psm, amount: 1n }), "GemDepegged", /97\.00% of its peg/);
    await k.usdcFeed.write.setAnswer([100_000_000n]);
    await k.psm.write.setFrozen([true]);
    await rejectsWith(psmSellGem(bob, { psm, amount: 1n }), "PsmFrozen");
  });
});
