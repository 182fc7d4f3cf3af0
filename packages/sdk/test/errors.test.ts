import assert from "node:assert/strict";
import { createServer } from "node:net";
import { describe, it } from "node:test";
import { type AbiParameter, createPublicClient, encodeErrorResult, http, zeroAddress } from "viem";
import * as abis from "../src/abis/index.ts";
import {
  BaseError,
  decodeKeelError,
  decodeRevertData,
  formatTokenAmount,
  formatUsdWad,
  formatWadRatio,
  getPoolCount,
  KeelContractError,
  keelErrorSentences,
  RpcRequestError,
  UnknownContractError,
} from "../src/index.ts";

type AbiErrorItem = { type: "error"; name: string; inputs: readonly AbiParameter[] };

/**
 * Every custom error of every generated ABI, once per signature with argument names: the pool's and the
 * kUSD engine's InsufficientCollateral share a selector but not their arguments, and both need a sentence.
 */
function allAbiErrors(): AbiErrorItem[] {
  const bySignature = new Map<string, AbiErrorItem>();
  for (const abi of Object.values(abis) as readonly (readonly { type: string }[])[]) {
    for (const item of abi.filter((entry): entry is AbiErrorItem => entry.type === "error"))
      bySignature.set(`${item.name}(${item.inputs.map((input) => `${input.type} ${input.name}`).join(",")})`, item);
  }
  return [...bySignature.values()];
}

/** Plausible, non-zero arguments for an error's inputs. */
function sampleArgs(item: AbiErrorItem): unknown[] {
  return item.inputs.map((input) => {
    if (input.type === "address") return "0x00000000000000000000000000000000000000AA"; // checksummed, as viem decodes it
    if (input.type === "bool") return true;
    if (input.type === "string") return "ltvBps";
    if (input.type === "bytes32") return `0x${"7f".repeat(32)}`;
    if (input.type.startsWith("int")) return -5n;
    // viem decodes integers of up to 48 bits as numbers.
    return Number(input.type.slice(4) || 256) <= 48 ? 42 : 42n;
  });
}

describe("error sentences", () => {
  it("exist for every custom error in the generated ABIs, and only for those", () => {
    const errors = allAbiErrors();
    assert.ok(errors.length > 60, "the ABIs were read");
    const missing = errors.filter((item) => !(item.name in keelErrorSentences)).map((item) => item.name);
    assert.deepEqual(missing, [], "add a sentence to src/errors/sentences.ts for each new contract error");
    const names = new Set(errors.map((item) => item.name));
    const stale = Object.keys(keelErrorSentences).filter((name) => !names.has(name));
    assert.deepEqual(stale, [], "sentences for errors no contract raises any more");
  });

  it("decode each error's revert data to its name, arguments and sentence", () => {
    for (const item of allAbiErrors()) {
      const args = sampleArgs(item);
      const data = encodeErrorResult({ abi: [item], errorName: item.name, args });
      // As an action decodes it: the called contract's own errors first.
      const error = decodeRevertData(data, { context: { abi: [item] } });
      assert.ok(error instanceof KeelContractError, item.name);
      assert.equal(error.errorName, item.name);
      assert.deepEqual(error.args, args);
      assert.deepEqual(
        Object.keys(error.namedArgs),
        item.inputs.map((input) => input.name),
      );
      assert.ok(error.shortMessage.length > 20 && !error.shortMessage.includes("undefined"), error.shortMessage);
      assert.equal(error.retryable, false);
    }
  });

  it("speak in whole tokens when the decimals are known", () => {
    const data = encodeErrorResult({
      abi: abis.keelPoolAbi,
      errorName: "InsufficientLiquidity",
      args: [1_500_250_000n, 2_000_000_000n],
    });
    assert.equal(
      decodeRevertData(data, { context: { token: { decimals: 6, symbol: "USDC" } } }).shortMessage,
      "Only 1,500.25 USDC is idle in the reserve, but 2,000 USDC was asked; wait for repayments or ask for less.",
    );
    assert.match(decodeRevertData(data).shortMessage, /Only 1,500,250,000 units is idle/);
  });
});

describe("kUSD engine sentences", () => {
  const encode = (errorName: string, args: readonly unknown[]) =>
    encodeErrorResult({ abi: abis.cdpEngineAbi, errorName: errorName as "ZeroAmount", args: args as [] });

  it("show ratios as percentages and kUSD in whole tokens", () => {
    const ratio = decodeRevertData(
      encode("RatioBelowMinimum", [1_423_456_789_000_000_000n, 1_500_000_000_000_000_000n]),
    );
    assert.equal(
      ratio.shortMessage,
      "This would leave the vault's collateral ratio at 142.34%, below the minimum of 150.00%; add collateral, or mint or withdraw less.",
    );
    const floor = decodeRevertData(encode("DebtBelowFloor", [50n * 10n ** 18n, 100n * 10n ** 18n]));
    assert.match(floor.shortMessage, /owing 50 kUSD, below the collateral type's minimum debt of 100 kUSD/);
  });

  it("read the engine's InsufficientCollateral when the engine was called, the pool's otherwise", () => {
    const data = encode("InsufficientCollateral", [2n * 10n ** 18n, 3n * 10n ** 18n]);
    const engine = decodeRevertData(data, {
      context: { abi: abis.cdpEngineAbi, token: { decimals: 18, symbol: "WETH" } },
    });
    assert.ok(engine instanceof KeelContractError);
    assert.deepEqual(engine.namedArgs, { available: 2n * 10n ** 18n, requested: 3n * 10n ** 18n });
    assert.equal(
      engine.shortMessage,
      "The vault holds 2 WETH of collateral, but 3 WETH was asked to be withdrawn; withdraw at most what it holds.",
    );
    const pool = decodeRevertData(data);
    assert.ok(pool instanceof KeelContractError && "debtValue" in pool.namedArgs);
  });

  it("price an auction per whole collateral token", () => {
    // 2,400 kUSD per WBTC: kUSD wei per satoshi × 1e18.
    const perUnit = 2400n * 10n ** 18n * 10n ** 10n;
    const error = decodeRevertData(encode("PriceAboveMax", [perUnit, perUnit - 10n ** 28n]), {
      context: { token: { decimals: 8, symbol: "WBTC" } },
    });
    assert.match(
      error.shortMessage,
      /^The auction's price is now 2,400 kUSD per WBTC, above your limit of 2,399 kUSD per WBTC/,
    );
  });
});

describe("decodeKeelError", () => {
  it("keeps Solidity's own Error(string) and Panic, and marks unknown data", () => {
    const reason = decodeRevertData(encodeErrorResult({ abi: [solidityError], errorName: "Error", args: ["no"] }));
    assert.ok(reason instanceof KeelContractError && reason.shortMessage === "The contract reverted: no.");
    const unknown = decodeRevertData("0xdeadbeef");
    assert.ok(unknown instanceof UnknownContractError);
    assert.match(unknown.shortMessage, /selector 0xdeadbeef/);
    const panic = decodeRevertData(encodeErrorResult({ abi: [solidityPanic], errorName: "Panic", args: [0x11n] }));
    assert.ok(panic instanceof KeelContractError && panic.errorName === "Panic");
    assert.match(panic.shortMessage, /code 17/);
  });

  it("wraps an unreachable node as a retryable RpcRequestError with its cause", async () => {
    const port = await closedPort();
    const client = createPublicClient({ transport: http(`http://127.0.0.1:${port}`, { retryCount: 0 }) });
    await assert.rejects(getPoolCount(client, { pool: zeroAddress }), (error: unknown) => {
      assert.ok(error instanceof RpcRequestError);
      assert.equal(error.retryable, true);
      assert.match(error.shortMessage, new RegExp(`127\\.0\\.0\\.1:${port}.*did not answer`));
      assert.ok(
        error.walk((cause) => (cause as Error).name === "HttpRequestError"),
        "the transport error is kept",
      );
      return true;
    });
  });

  it("passes Keel errors through and wraps anything else with its message", () => {
    const keel = new BaseError("already explained");
    assert.equal(decodeKeelError(keel), keel);
    const wrapped = decodeKeelError(new Error("boom"));
    assert.ok(wrapped instanceof BaseError);
    assert.equal(wrapped.shortMessage, "boom");
    assert.equal((wrapped.walk() as Error).message, "boom");
  });
});

describe("formatting", () => {
  it("is exact for tokens and truncates dollars and ratios", () => {
    assert.equal(formatTokenAmount(1_234_567_891n, { decimals: 6, symbol: "USDC" }), "1,234.567891 USDC");
    assert.equal(formatTokenAmount(10n ** 18n, { decimals: 18 }), "1");
    assert.equal(formatUsdWad(1_234_569n * 10n ** 15n), "$1,234.56");
    assert.equal(formatWadRatio(999_999_999_999_999_999n), "0.99");
  });
});

const solidityPanic = { type: "error", name: "Panic", inputs: [{ name: "reason", type: "uint256" }] } as const;
const solidityError = { type: "error", name: "Error", inputs: [{ name: "message", type: "string" }] } as const;

/** A local port nothing listens on: bound by us, then released. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
