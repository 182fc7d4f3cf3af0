import path from "node:path";
import pc from "picocolors";
import { createPublicClient, http, type PublicClient } from "viem";
import { defaultManifestPath } from "../../lib/context.ts";
import { UsageError } from "../../lib/errors.ts";
import { testAccounts } from "./accounts.ts";
import { type LocalChain, startLocalChain } from "./chain.ts";
import { localChain } from "./connect.ts";
import { deployDevnet } from "./deploy.ts";
import { exited, stopHardhat } from "./hardhat.ts";
import { describeDeployment, writeManifest } from "./manifest.ts";
import { printSummary } from "./report.ts";
import { seedDevnet } from "./seed.ts";
import { seedCdp } from "./seedCdp.ts";

/** Options of `keel devnet`. */
export type StartOptions = { port: string; manifest?: string };

function parsePort(input: string): number {
  const port = Number(input);
  if (!/^\d+$/.test(input) || port < 1 || port > 65_535)
    throw new UsageError(`--port "${input}" is not a port (1–65535).`);
  return port;
}

/** Brings the devnet up: chain, deployment, seeded positions, manifest, summary, ready line. */
async function bringUp(port: number, manifestPath: string): Promise<LocalChain> {
  const started = performance.now();
  const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
  console.log(`Starting a local chain on 127.0.0.1:${port}…`);
  const chain = await startLocalChain(port);
  const { rpcUrl } = chain;
  const client = createPublicClient({ chain: localChain(rpcUrl), transport: http(rpcUrl) }) as PublicClient;
  const startBlock = Number(await client.getBlockNumber());
  console.log(`Deploying Keel through Ignition (chain up after ${seconds()} s)…`);
  const addresses = await deployDevnet(port);
  const manifest = await describeDeployment(client, addresses, { rpcUrl, startBlock, accounts: testAccounts() });
  console.log(`Seeding accounts and positions (deployed after ${seconds()} s)…`);
  await seedDevnet(client, localChain(rpcUrl, manifest.chainId), manifest);
  await seedCdp(client, localChain(rpcUrl, manifest.chainId), manifest);
  await writeManifest(manifestPath, manifest);
  const shownPath = path.relative(process.cwd(), manifestPath);
  await printSummary(client, manifest, shownPath.startsWith("..") ? manifestPath : shownPath);
  console.log(
    `\n${pc.green(`Keel devnet is ready on ${rpcUrl} (chain ${manifest.chainId}).`)} Press Ctrl-C to stop. ` +
      pc.dim(`(started in ${seconds()} s)`),
  );
  return chain;
}

/**
 * `keel devnet`: runs until Ctrl-C (SIGINT) or SIGTERM, then stops the chain (and a deployment in
 * progress, when the signal comes during start-up) and exits 0. Every start is a fresh chain.
 */
export async function startDevnet(options: StartOptions): Promise<void> {
  const port = parsePort(options.port);
  const manifestPath = path.resolve(options.manifest ?? defaultManifestPath());
  // One shutdown path: a signal aborts, and everything below ends through `finally`.
  const shutdown = new AbortController();
  const onSignal = () => shutdown.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const signalled = new Promise<undefined>((resolve) =>
    shutdown.signal.addEventListener("abort", () => resolve(undefined), { once: true }),
  );
  const startup = bringUp(port, manifestPath);
  // After a signal, start-up fails as its processes stop; that failure is expected, not news.
  startup.catch(() => undefined);
  try {
    const chain = await Promise.race([startup, signalled]);
    if (chain === undefined) return;
    const chainStopped = exited(chain.process).then((code) => {
      if (!shutdown.signal.aborted) throw new Error(`the local chain stopped unexpectedly (code ${code})`);
    });
    await Promise.race([signalled, chainStopped]);
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await stopHardhat();
    if (shutdown.signal.aborted) console.log("Keel devnet stopped.");
  }
}
