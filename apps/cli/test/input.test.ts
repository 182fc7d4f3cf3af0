import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { UsageError } from "../src/lib/errors.ts";
import { parseAddress, parseAmount, parsePositiveDecimal } from "../src/lib/input.ts";

const units = (text: string, decimals = 6) => {
  const amount = parseAmount(text, decimals, "USDC");
  assert.equal(amount.kind, "exact");
  return amount.kind === "exact" ? amount.units : undefined;
};

describe("typed amounts", () => {
  it("reads plain decimals and thousands grouped in threes", () => {
    assert.equal(units("1.5"), 1_500_000n);
    assert.equal(units("1,234.56"), 1_234_560_000n);
    assert.equal(units("1,234,567"), 1_234_567_000_000n);
    assert.equal(units("1_234_567.1"), 1_234_567_100_000n);
    assert.deepEqual(parseAmount("max", 6, "USDC"), { kind: "max" });
  });

  it("refuses a decimal comma instead of reading 1,5 as 15 or 1,0000 as ten thousand", () => {
    for (const text of ["1,5", "1,0000", "12,34", "1,234,56", ",123", "1,,234", "1,234_567", "1.234,5"]) {
      assert.throws(() => parseAmount(text, 6, "USDC"), UsageError, text);
    }
    assert.throws(() => parseAmount("1,5", 6, "USDC"), /for a decimal, write 1\.5/);
  });

  it("refuses negatives, words, zero and more decimals than the token has", () => {
    for (const text of ["-1", "one", "0", "0.0", "1e6", "0.0000001"]) {
      assert.throws(() => parseAmount(text, 6, "USDC"), UsageError, text);
    }
  });

  it("applies the same grouping rule to prices", () => {
    assert.equal(parsePositiveDecimal("2,400.5", "Price"), "2400.5");
    assert.throws(() => parsePositiveDecimal("2,4", "Price"), UsageError);
  });
});

describe("typed addresses", () => {
  const checksummed = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

  it("accepts a checksummed address, or one typed in a single case", () => {
    assert.equal(parseAddress(checksummed, "--receiver"), checksummed);
    assert.equal(parseAddress(checksummed.toLowerCase(), "--receiver"), checksummed);
    assert.equal(parseAddress(`0x${checksummed.slice(2).toUpperCase()}`, "--receiver"), checksummed);
  });

  it("refuses a mixed-case address whose EIP-55 checksum fails, naming the option", () => {
    const mistyped = checksummed.replace("C51", "c51");
    assert.throws(() => parseAddress(mistyped, "--receiver"), /--receiver .* fails its EIP-55 checksum/);
    assert.throws(() => parseAddress("0x1234", "--receiver"), /is not an Ethereum address/);
  });
});
