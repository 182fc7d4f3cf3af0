import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { getAccountHealth, getVault, type KeelDeployment } from "@keel/sdk";
import { createPublicClient, http } from "viem";
import { type RunningDevnet, startDevnet } from "./helpers/cli.ts";

// The packages as an integrator gets them: `npm pack` of @keel/sdk and @keel/cli, installed from the
// tarballs into a scratch project outside the repository. Nothing there can reach the workspace's
// sources: if a file is missing from a tarball, or a type from the .d.ts files, this fails.

const PORT = 9045;
const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "../../..");
const require = createRequire(import.meta.url);
const tsc = require.resolve("typescript/bin/tsc");
const vite = path.join(path.dirname(require.resolve("vite/package.json")), "bin/vite.js");

type Run = { code: number; stdout: string; stderr: string };

/** Runs a program to completion, never throwing: the test asserts on the code and prints the output. */
function run(file: string, args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { cwd: options.cwd, env: { ...process.env, NO_COLOR: "1", ...options.env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? ((error.code as number) ?? 1) : 0, stdout, stderr }),
    );
  });
}

function succeeded(result: Run, what: string): string {
  assert.equal(result.code, 0, `${what} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

describe("the published packages, installed from their tarballs", { timeout: 900_000 }, () => {
  let scratch: string;
  let devnet: RunningDevnet;
  let deployment: KeelDeployment;
  const npm = (args: string[], cwd = scratch) => run("npm", args, { cwd });

  before(async () => {
    scratch = mkdtempSync(path.join(tmpdir(), "keel-package-"));
    // npm pack runs each package's prepack (its build), so the tarball holds freshly built JavaScript.
    const packed = succeeded(
      await npm(
        ["pack", "--workspace", "packages/sdk", "--workspace", "apps/cli", "--pack-destination", scratch, "--json"],
        repoRoot,
      ),
      "npm pack",
    );
    const tarballs = (JSON.parse(packed) as { filename: string }[]).map((entry) => path.join(scratch, entry.filename));
    assert.equal(tarballs.length, 2);
    const versionOf = (name: string) => (require(`${name}/package.json`) as { version: string }).version;
    writeFileSync(
      path.join(scratch, "package.json"),
      JSON.stringify({
        name: "keel-consumer",
        private: true,
        type: "module",
        dependencies: {
          "@keel/sdk": `file:${tarballs[0]}`,
          "@keel/cli": `file:${tarballs[1]}`,
          viem: versionOf("viem"),
        },
        // Node's types, for the consumer's `process`; the same version as the repository's.
        devDependencies: { "@types/node": versionOf("@types/node") },
      }),
    );
    // The registry's packages come from npm's cache when the repository's install already fetched them.
    succeeded(await npm(["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"]), "npm install");
    cpSync(path.join(here, "package"), scratch, { recursive: true });
    devnet = await startDevnet(PORT);
    deployment = JSON.parse(readFileSync(devnet.manifest, "utf8"));
  });

  after(async () => {
    if (devnet) assert.equal(await devnet.stop(), 0);
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it("ships built JavaScript, type declarations and source maps, not the workspace's TypeScript entry", () => {
    const sdk = path.join(scratch, "node_modules/@keel/sdk");
    for (const file of [
      "dist/index.js",
      "dist/index.d.ts",
      "dist/index.js.map",
      "dist/node.js",
      "dist/abis/index.d.ts",
    ])
      assert.ok(existsSync(path.join(sdk, file)), `@keel/sdk lacks ${file}`);
    const manifest = JSON.parse(readFileSync(path.join(sdk, "package.json"), "utf8"));
    assert.deepEqual(Object.keys(manifest.peerDependencies), ["viem"], "viem is the integrator's, not a copy");
    assert.equal(manifest.dependencies, undefined);
    assert.ok(!readdirSync(path.join(sdk, "dist")).includes(".tsbuildinfo"));
  });

  it("type-checks an integrator's TypeScript against the .d.ts, and catches their type mistakes", async () => {
    // skipLibCheck is off: the declarations themselves must compile too.
    succeeded(await run(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: scratch }), "tsc");
  });

  it("runs under plain Node against a devnet: reads agree with the workspace's SDK, and a write lands", async () => {
    const emitted = await run(process.execPath, [tsc, "-p", "tsconfig.emit.json"], { cwd: scratch });
    succeeded(emitted, "tsc (emit)");
    const result = succeeded(
      await run(process.execPath, ["out/consumer.js"], { cwd: scratch, env: { KEEL_MANIFEST: devnet.manifest } }),
      "node out/consumer.js",
    );
    const read = JSON.parse(result);
    assert.deepEqual(
      read.reserves,
      deployment.pools[0].reserves.map((reserve) => reserve.symbol),
    );
    const client = createPublicClient({ transport: http(devnet.rpcUrl) });
    const borrower = deployment.accounts.find((entry) => entry.label === "safe-borrower");
    assert.ok(borrower);
    const poolId = BigInt(deployment.pools[0].id);
    const health = await getAccountHealth(client, {
      pool: deployment.contracts.pool,
      poolId,
      account: borrower.address,
    });
    assert.ok(health.debtValue > 0n);
    // Interest accrues between the two reads; the package's figure is the earlier one.
    assert.ok(BigInt(read.debtValue) <= health.debtValue && BigInt(read.debtValue) > 0n);
    assert.ok(deployment.cdp);
    const vault = await getVault(client, { engine: deployment.cdp.engine, vaultId: 1n });
    assert.equal(read.vault.owner, vault.owner);
    assert.equal(read.vault.collateral, vault.collateral.toString());
    assert.equal(read.refusal, undefined);
    assert.equal(read.supplied, "25000000");
    assert.ok(read.poolFunctions > 20 && read.engineEvents > 5);
  });

  it("bundles for the browser with Vite, with nothing of Node inside", async () => {
    const built = await run(
      process.execPath,
      [vite, "build", "web", "--config", "web/vite.config.mjs", "--logLevel", "warn"],
      {
        cwd: scratch,
      },
    );
    succeeded(built, "vite build");
    assert.doesNotMatch(built.stdout + built.stderr, /externalized for browser compatibility/);
    const assets = path.join(scratch, "web/dist/assets");
    const bundle = readdirSync(assets)
      .filter((file) => file.endsWith(".js"))
      .map((file) => readFileSync(path.join(assets, file), "utf8"))
      .join("\n");
    assert.doesNotMatch(bundle, /node:fs|node:path|node:module/);
    // The SDK's code is inside: the page calls getReserves, which reads `reserveConfig` through the ABI.
    assert.match(bundle, /reserveConfig/);
  });

  it("installs the keel command: one self-contained package, its bin runs from the tarball and reads the devnet", async () => {
    const cli = path.join(scratch, "node_modules/@keel/cli");
    const manifest = JSON.parse(readFileSync(path.join(cli, "package.json"), "utf8"));
    assert.equal(manifest.dependencies, undefined, "the bundle carries what it runs");
    const licences = readFileSync(path.join(cli, "dist/THIRD-PARTY-LICENSES.md"), "utf8");
    for (const bundled of ["viem", "commander", "ethers"]) assert.match(licences, new RegExp(`^## ${bundled} `, "m"));
    const keelBin = path.join(scratch, "node_modules/.bin/keel");
    const help = succeeded(await run(keelBin, ["--help"], { cwd: scratch }), "keel --help");
    assert.match(help, /Usage: keel/);
    const pools = succeeded(
      await run(keelBin, ["pools", "--manifest", devnet.manifest, "--json"], { cwd: scratch }),
      "keel pools",
    );
    const listed = JSON.parse(pools) as unknown[];
    assert.equal(listed.length, deployment.pools.length);
  });
});
