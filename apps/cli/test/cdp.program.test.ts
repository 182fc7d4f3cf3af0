import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { before, describe, it } from "node:test";
import { privateKeyToAccount } from "viem/accounts";
import { keel } from "./helpers/cli.ts";
import { closedPort } from "./helpers/outcomes.ts";

// The kUSD commands' wiring and input checks, which run before any RPC call: these tests give the commands
// a made-up manifest whose node does not answer, so every refusal below happens before the chain is asked,
// and a command that does ask reports the dead node. cdp.commands.test.ts runs them against a devnet.

const ADDRESS = (n: number) => `0x${n.toString(16).padStart(40, "0")}`;
const TEST_KEY = `0x${"11".repeat(32)}`;
const SIGNER = privateKeyToAccount(TEST_KEY as `0x${string}`).address;

function manifest(rpcUrl: string, withCdp: boolean) {
  const token = (symbol: string, decimals: number, n: number) => ({
    address: ADDRESS(n),
    symbol,
    decimals,
    feed: ADDRESS(n + 100),
    oracle: ADDRESS(n + 200),
  });
  return {
    version: 1,
    chainId: 31337,
    rpcUrl,
    startBlock: 0,
    contracts: {
      pool: ADDRESS(1),
      configurator: ADDRESS(2),
      lens: ADDRESS(3),
      liquidator: ADDRESS(4),
      flashBorrower: ADDRESS(5),
      kinkedRateModel: ADDRESS(6),
      adaptiveRateModel: ADDRESS(7),
    },
    tokens: {
      WETH: token("WETH", 18, 10),
      wstETH: token("wstETH", 18, 11),
      USDC: token("USDC", 6, 12),
      kUSD: token("kUSD", 18, 13),
    },
    pools: [],
    uniswap: { factory: ADDRESS(20), router: ADDRESS(21), pairs: { "WETH/USDC": ADDRESS(22) } },
    ...(withCdp
      ? {
          cdp: {
            kusd: ADDRESS(13),
            engine: ADDRESS(30),
            auctionTaker: ADDRESS(31),
            collateralTypes: [
              { id: 0, name: "ETH-A", symbol: "WETH" },
              { id: 1, name: "wstETH-A", symbol: "wstETH" },
            ],
            pegModules: [{ address: ADDRESS(32), gem: "USDC" }],
          },
        }
      : {}),
    accounts: [],
  };
}

describe("keel kUSD commands", () => {
  let withCdp: string[];
  let withoutCdp: string[];

  before(async () => {
    const folder = mkdtempSync(path.join(tmpdir(), "keel-cdp-cli-"));
    const rpcUrl = `http://127.0.0.1:${await closedPort()}`;
    for (const [file, cdp] of [
      ["with.json", true],
      ["without.json", false],
    ] as const)
      writeFileSync(path.join(folder, file), JSON.stringify(manifest(rpcUrl, cdp)));
    withCdp = ["--manifest", path.join(folder, "with.json"), "--key", TEST_KEY, "--yes"];
    withoutCdp = ["--manifest", path.join(folder, "without.json"), "--key", TEST_KEY, "--yes"];
  });

  it("are listed in the help, each with its subcommands", async () => {
    const help = await keel(["--help"]);
    assert.equal(help.status, 0);
    for (const command of ["vault", "auctions", "auction", "psm"])
      assert.match(help.stdout, new RegExp(`\\n  ${command} `));
    const vault = await keel(["vault", "--help"]);
    for (const sub of ["open", "deposit", "withdraw", "mint", "repay", "close", "show", "transfer", "operator"])
      assert.match(vault.stdout, new RegExp(`\\n  ${sub} `));
    const auction = (await keel(["auction", "--help"])).stdout;
    for (const sub of ["start", "take", "reset"]) assert.match(auction, new RegExp(`\\n  ${sub} `));
    const operator = (await keel(["vault", "operator", "--help"])).stdout;
    for (const sub of ["add", "remove", "list"]) assert.match(operator, new RegExp(`\\n  ${sub} `));
    // "max" keeps a ratio where it can shrink one: withdraw, mint and open take --min-ratio.
    for (const sub of ["withdraw", "mint", "open"])
      assert.match((await keel(["vault", sub, "--help"])).stdout, /--min-ratio <percent>/);
    for (const sub of ["deposit", "repay", "close"])
      assert.doesNotMatch((await keel(["vault", sub, "--help"])).stdout, /--min-ratio/);
    assert.match((await keel(["psm", "--help"])).stdout, /\n {2}swap /);
  });

  it("say so when the deployment has no kUSD engine", async () => {
    for (const args of [
      ["vault", "open", "--type", "ETH"],
      ["vault", "show", "1"],
      ["auctions"],
      ["psm", "show"],
      ["auction", "reset", "1"],
      ["vault", "transfer", "1", "--to", ADDRESS(5)],
      ["vault", "operator", "list"],
    ]) {
      const result = await keel([...withoutCdp, ...args]);
      assert.equal(result.status, 2, args.join(" "));
      assert.match(result.stderr, /has no kUSD engine \(no "cdp" section\)/);
    }
  });

  it("refuse bad input with exit code 2 and a sentence, before asking the chain", async () => {
    const cases: [string[], RegExp][] = [
      [["vault", "open", "--type", "DOGE"], /No collateral type "DOGE"\. The engine lists: 0 \(WETH\), 1 \(wstETH\)\./],
      [["vault", "open"], /--type is required\./],
      [
        ["vault", "open", "--type", "ETH", "--collateral", "1.0000000000000000001"],
        /WETH has 18 decimals; "1\.0000000000000000001" has 19\./,
      ],
      [["vault", "open", "--type", "1", "--mint", "lots"], /"lots" is not an amount\. Give a number of kUSD/],
      [["vault", "mint", "0", "--amount", "1"], /Vault "0" is not a vault id/],
      [["vault", "repay", "x1", "--amount", "1"], /Vault "x1" is not a vault id/],
      [["auction", "take", "abc", "--amount", "1"], /Vault "abc" is not a vault id/],
      [["psm", "swap", "--amount", "1"], /Give exactly one of --sell <stablecoin> \(for kUSD\) and --buy/],
      [
        ["psm", "swap", "--sell", "DAI", "--amount", "1"],
        /No peg stability module for "DAI"\. The deployment lists: USDC\./,
      ],
      [["auction", "reset", "abc"], /Vault "abc" is not a vault id/],
      [
        ["vault", "withdraw", "1", "--amount", "max", "--min-ratio", "lots"],
        /--min-ratio "lots" must be a positive percentage, such as 160 or 162\.5\./,
      ],
      [
        ["vault", "mint", "1", "--amount", "max", "--min-ratio", "160.555"],
        /--min-ratio "160\.555" has more than two decimals/,
      ],
      [
        ["vault", "open", "--type", "ETH", "--mint", "max", "--min-ratio", "0%"],
        /--min-ratio "0%" must be a positive percentage/,
      ],
      [["vault", "transfer", "1"], /--to is required\./],
      [["vault", "transfer", "x", "--to", ADDRESS(5)], /Vault "x" is not a vault id/],
      [
        ["vault", "transfer", "1", "--to", "0x90f79bf6EB2c4f870365E785982E1f101E93b906"],
        /--to "0x90f79bf6EB2c4f870365E785982E1f101E93b906" fails its EIP-55 checksum/,
      ],
      [["vault", "transfer", "1", "--to", ADDRESS(0)], /--to is the zero address/],
      [
        ["vault", "transfer", "1", "--to", SIGNER],
        /--to is your own address \(0x[0-9a-fA-F]{40}\): a vault you own is already yours\./,
      ],
      [["vault", "operator", "add", "0x1234"], /The operator "0x1234" is not an Ethereum address\./],
      [["vault", "operator", "add", ADDRESS(0)], /The operator is the zero address/],
      [["vault", "operator", "add", SIGNER.toLowerCase()], /is your own address: you may already act on your vaults\./],
      [["vault", "operator", "remove", "0x90f79bf6EB2c4f870365E785982E1f101E93b906"], /fails its EIP-55 checksum/],
      [["vault", "operator", "list", "--owner", "nobody"], /--owner "nobody" is not an Ethereum address\./],
    ];
    for (const [args, message] of cases) {
      const result = await keel([...withCdp, ...args]);
      assert.equal(result.status, 2, `${args.join(" ")}: ${result.stderr}`);
      assert.match(result.stderr, message);
      assert.doesNotMatch(result.stderr, /at .*\.[jt]s:\d+/);
    }
  });

  it("report a node that does not answer with exit code 1", async () => {
    const result = await keel([...withCdp, "vault", "show", "1"]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /did not answer; check that it is running and reachable/);
  });
});
