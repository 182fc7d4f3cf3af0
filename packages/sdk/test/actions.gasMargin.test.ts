import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createWalletClient, custom, type EIP1193RequestFn, encodeFunctionData, parseUnits } from "viem";
import { cdpEngineAbi, ensureAllowance, GAS_MARGIN_FIXED, mintKusd, openVault, withGasMargin } from "../src/index.ts";
import { deployCdp } from "./cdp.fixture.ts";

/**
 * A write's gas is estimated against one block and mined in a later one. These tests make an hour pass
 * between the two, as a slow wallet confirmation or a congested network would, by moving the chain's
 * clock forward right after every `eth_estimateGas` the client sends.
 */
const k = await deployCdp();
const [alice] = k.users;
const provider = k.connection.provider;
const HOUR = 3600;

/** A wallet client for `alice` whose transport advances the chain clock one hour after each gas estimate. */
function walletWithSlowConfirmation() {
  const request = (async (args: { method: string; params?: unknown }) => {
    const result = await provider.request(args as never);
    if (args.method === "eth_estimateGas") await provider.request({ method: "evm_increaseTime", params: [HOUR] });
    return result;
  }) as EIP1193RequestFn;
  return createWalletClient({ account: alice.account, chain: alice.chain, transport: custom({ request }) });
}

/** Opens a vault with debt so that the next call's accrual has work to do once time passes. */
async function vaultWithDebt(): Promise<bigint> {
  await ensureAllowance(alice, { token: k.collateral[0].token.address, spender: k.engine.address, amount: 10n ** 30n });
  const opened = await openVault(alice, {
    engine: k.engine.address,
    typeId: 0n,
    collateral: parseUnits("10", 18),
    debt: parseUnits("1000", 18),
  });
  return opened.vaultId;
}

describe("writes carry a gas margin", () => {
  it("adds a quarter of the estimate and a fixed amount, and refuses a negative estimate", () => {
    assert.equal(withGasMargin(0n), GAS_MARGIN_FIXED);
    assert.equal(withGasMargin(200_000n), 200_000n + 50_000n + GAS_MARGIN_FIXED);
    assert.throws(() => withGasMargin(-1n), RangeError);
  });

  it("a bare estimate runs out of gas when an hour passes before the block, so the scenario is real", async () => {
    const vaultId = await vaultWithDebt();
    const data = encodeFunctionData({
      abi: cdpEngineAbi,
      functionName: "mint",
      args: [vaultId, parseUnits("10", 18), alice.account.address],
    });
    const estimate = await k.publicClient.estimateGas({ account: alice.account, to: k.engine.address, data });
    await provider.request({ method: "evm_increaseTime", params: [HOUR] });
    // The in-process node rejects a reverting transaction at send; a remote one would mine it reverted.
    await assert.rejects(
      alice.sendTransaction({ to: k.engine.address, data, gas: estimate }),
      /reverted without a reason/,
      "the bare estimate should fall short once accrual has work to do",
    );
  });

  it("mintKusd succeeds although an hour passes between its estimate and its block", async () => {
    const vaultId = await vaultWithDebt();
    const wallet = walletWithSlowConfirmation();
    const before = await k.kusd.read.balanceOf([alice.account.address]);
    const { receipt } = await mintKusd(wallet, { engine: k.engine.address, vaultId, amount: parseUnits("10", 18) });
    assert.equal(receipt.status, "success");
    assert.equal((await k.kusd.read.balanceOf([alice.account.address])) - before, parseUnits("10", 18));
    const block = await k.publicClient.getBlock({ blockNumber: receipt.blockNumber });
    const previous = await k.publicClient.getBlock({ blockNumber: receipt.blockNumber - 1n });
    assert.ok(block.timestamp - previous.timestamp >= BigInt(HOUR), "an hour passed before the block");
  });
});
