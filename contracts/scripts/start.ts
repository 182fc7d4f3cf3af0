// Starts a local chain on 127.0.0.1, deploys the money market and a seeded demo pool through the
// Ignition modules, prints the addresses, and shuts everything down on Ctrl-C.
import { type ChildProcess, spawn } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const contractsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const host = "127.0.0.1";
const port = Number(process.env.KEEL_PORT ?? 8545);
const rpcUrl = `http://${host}:${port}`;
// One deployment journal per port, so a second devnet (a test, say) never touches the first one's.
const deploymentId = `devnet-${port}`;
const deploymentDir = path.join(contractsDir, "ignition/deployments", deploymentId);

// Every step uses the default build profile, the one tests and benchmarks use: what runs is what
// was measured, and a devnet started beside a test run reuses its artifacts instead of rewriting them.
function run(args: string[], options: { inherit?: boolean } = {}): ChildProcess {
  return spawn("hardhat", ["--build-profile", "default", ...args], {
    cwd: contractsDir,
    stdio: options.inherit ? "inherit" : ["ignore", "pipe", "inherit"],
  });
}

async function waitForRpc(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(rpcUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      });
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the local chain did not answer on ${rpcUrl} within ${timeoutMs / 1000}s`);
}

async function main(): Promise<void> {
  const chain = run(["node", "--hostname", host, "--port", String(port)]);
  let stopping = false;
  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    chain.kill("SIGTERM");
    process.exitCode = code;
  };
  process.on("SIGINT", () => stop(0));
  process.on("SIGTERM", () => stop(0));
  chain.on("exit", (code) => {
    if (!stopping) {
      console.error(`the local chain exited (code ${code})`);
      process.exit(1);
    }
  });

  await waitForRpc(120_000);
  // A restart begins from a clean chain, so forget the previous deployment journal.
  await rm(deploymentDir, { recursive: true, force: true });
  const deploy = run(
    [
      "ignition",
      "deploy",
      "ignition/modules/DemoPool.ts",
      "--network",
      "localhost",
      "--parameters",
      "ignition/parameters/local.json",
      "--deployment-id",
      deploymentId,
    ],
    { inherit: true },
  );
  const deployCode: number = await new Promise((resolve) => deploy.on("exit", (code) => resolve(code ?? 1)));
  if (deployCode !== 0) {
    console.error("deployment failed");
    stop(1);
    return;
  }

  const addresses: Record<string, string> = JSON.parse(
    await readFile(path.join(deploymentDir, "deployed_addresses.json"), "utf8"),
  );
  console.log(`\nKeel is running on ${rpcUrl} (chain id 31337).`);
  for (const [name, address] of Object.entries(addresses)) console.log(`  ${name.padEnd(44)} ${address}`);
  console.log("\nPool 0 is an isolated market: reserve 0 = WETH (collateral), reserve 1 = USDC (borrowable).");
  console.log("The test accounts and keys are Hardhat's defaults (mnemonic: test test … junk). Press Ctrl-C to stop.");
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
