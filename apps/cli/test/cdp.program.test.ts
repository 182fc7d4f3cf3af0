import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { before, describe, it } from "node:test";
import { keel } from "./helpers/cli.ts";

// The kUSD commands' wiring and input checks, which run before any RPC call: these tests give the commands
// a made-up manifest whose node does not answer, so every refusal below happens before the chain is asked,
// and a command that does ask reports the dead node. cdp.commands.test.ts runs them against a devnet.

const ADDRESS = (n: number) => `0x${n.toString(16).padStart(40, "0")}`;
const TEST_KEY = `0x${"11".repeat(32)}`;

/** A local port nothing listens on: bound, then released. */
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
    for (const sub of ["open", "deposit", "withdraw", "mint", "repay", "close", "show"])
      assert.match(vault.stdout, new RegExp(`\\n  ${sub} `));
    assert.match((await keel(["auction", "--help"])).stdout, /\n {2}take /);
    assert.match((await keel(["psm", "--help"])).stdout, /\n {2}swap /);
  });

  it("say so when the deployment has no kUSD engine", async () => {
    for (const args of [["vault", "open", "--type", "ETH"], ["vault", "show", "1"], ["auctions"], ["psm", "show"]]) {
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
    ];
    for (const [args, message] of cases) {
      const result = await keel([...withCdp, ...args]);
      assert.equal(result.status, 2, `${args.join(" ")}: ${result.stderr}`);
      assert.match(result.stderr, message);
      assert.doesNotMatch(result.stderr, /at .*\.ts:\d+/);
    }
  });

  it("report a node that does not answer with exit code 1", async () => {
    const result = await keel([...withCdp, "vault", "show", "1"]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /did not answer; check that it is running and reachable/);
  });
});
