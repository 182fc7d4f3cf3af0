import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import type { Command } from "commander";
import { keelBin as keel, keelSource, repoRoot } from "./helpers/cli.ts";

const run = (...args: string[]) => spawnSync(process.execPath, [keel, ...args], { encoding: "utf8" });

describe("keel", () => {
  it("lists its commands", () => {
    const result = run("--help");
    assert.equal(result.status, 0);
    assert.match(result.stdout, /devnet/);
  });

  it("is linked into the repository's node_modules/.bin by npm install, so `npm start` and `npx keel` find it", () => {
    // npm links a bin only if its file exists at install time, before the postinstall builds dist/:
    // the bin is a committed launcher for that reason. Without the link `npx keel` would look for a
    // package named keel on the registry.
    const linked = path.join(repoRoot, "node_modules/.bin/keel");
    assert.equal(realpathSync(linked), realpathSync(keel));
  });

  it("runs the same from its sources as from its build", () => {
    const source = spawnSync(process.execPath, [keelSource, "--help"], { encoding: "utf8" });
    assert.equal(source.status, 0, source.stderr);
    assert.equal(source.stdout, run("--help").stdout);
  });

  it("loads every command's module from the build: each top-level command and subcommand shows its help", async () => {
    // The bundle splits each command's module (and what only it imports) into chunks loaded when the
    // command runs; a chunk that fails to load shows up only when its command does. Subcommands are
    // read from the sources' own registrations, so a new one is covered without touching this test.
    const { buildProgram } = await import("../src/main.ts");
    const program = await buildProgram();
    const invocations: string[][] = [];
    for (const command of program.commands) {
      invocations.push([command.name()]);
      for (const sub of command.commands) invocations.push([command.name(), sub.name()]);
    }
    assert.ok(invocations.length > 30, `only ${invocations.length} commands`);
    for (const words of invocations) {
      const result = run(...words, "--help");
      assert.equal(result.status, 0, `keel ${words.join(" ")} --help: ${result.stderr}`);
      assert.match(result.stdout, new RegExp(`^Usage: keel ${words.join(" ")}\\b`), words.join(" "));
    }
  });

  it("lists each command in `keel --help` as its own module registers it, without loading that module", async () => {
    // main.ts keeps the top-level listing beside each command's loader, so help needs no command module.
    const { buildProgram } = await import("../src/main.ts");
    const rows = (program: Command) => {
      const help = program.createHelp();
      return program.commands.map((command) => [help.subcommandTerm(command), help.subcommandDescription(command)]);
    };
    assert.deepEqual(rows(await buildProgram(() => false)), rows(await buildProgram()));
  });

  it("stops quietly with code 0 when its reader closes the pipe (`keel --help | head -1`)", async () => {
    const child = spawn(process.execPath, [keel, "--help"], { stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.destroy(); // the reader is gone before keel writes its first line
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    assert.equal(code, 0);
    assert.doesNotMatch(stderr, /EPIPE|at .*\.[jt]s:\d+/);
  });

  it("exits with code 2 and a message on an unknown command", () => {
    const result = run("borow");
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^Unknown command 'borow'\. Did you mean borrow\? See `keel --help`/);
    assert.doesNotMatch(result.stderr, /at .*\.[jt]s:\d+/);
  });

  it("turns commander's refusals into sentences with exit code 2", () => {
    const cases: [string[], RegExp][] = [
      [["supply", "--amout", "1"], /^Unknown option '--amout'\. Did you mean --amount\? See `keel --help`/],
      [["vault", "deposit", "--amount", "1"], /^Missing required argument 'vault'\. See `keel --help`/],
      [["pools", "extra"], /^Too many arguments for 'pools'\. Expected 0 arguments but got 1: extra\. See/],
    ];
    for (const [args, sentence] of cases) {
      const result = run(...args);
      assert.equal(result.status, 2, `${args.join(" ")}: ${result.stderr}`);
      assert.match(result.stderr, sentence);
      assert.doesNotMatch(result.stderr, /^error:/m);
    }
  });

  it("says the same sentence about a node that does not answer from every command, reads and writes alike", () => {
    // A manifest whose node is a closed port: nothing answers there.
    const one = "0x0000000000000000000000000000000000000001";
    const manifest = path.join(mkdtempSync(path.join(tmpdir(), "keel-dead-node-")), "devnet.json");
    writeFileSync(
      manifest,
      JSON.stringify({
        version: 1,
        chainId: 31337,
        rpcUrl: "http://127.0.0.1:1",
        startBlock: 0,
        contracts: { pool: one, configurator: one, lens: one, liquidator: one, flashBorrower: one },
        tokens: { USDC: { address: one, decimals: 6, symbol: "USDC" } },
        feeds: {},
        pools: [{ id: "0", label: "core", reserves: [{ index: 0, symbol: "USDC" }] }],
        cdp: { engine: one, kusd: one, auctionTaker: one, types: [], pegModules: [] },
        accounts: [
          {
            label: "newcomer",
            role: "newcomer",
            address: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
            privateKey: "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
          },
        ],
      }),
    );
    const commands = [
      ["pools"],
      ["position", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"],
      ["supply", "--asset", "USDC", "--amount", "1", "--yes"],
      ["auctions"],
      ["vault", "show", "1"],
    ];
    for (const command of commands) {
      const result = run("--manifest", manifest, ...command);
      assert.equal(result.status, 1, `${command.join(" ")}: ${result.stderr}`);
      assert.match(result.stderr, /^The node at http:\/\/127\.0\.0\.1:1\/? did not answer; check that it is running/);
      assert.doesNotMatch(result.stderr, /HTTP request failed|at .*\.[jt]s:\d+/);
    }
  });
});
