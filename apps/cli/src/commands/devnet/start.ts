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
import { phaseClock } from "./timings.ts";

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
  const clock = phaseClock();
  console.log(`Starting a local chain on 127.0.0.1:${port}…`);
  const chain = await clock.time("chain (hardhat node answering)", () => startLocalChain(port));
  const { rpcUrl } = chain;
  const client = createPublicClient({ chain: localChain(rpcUrl), transport: http(rpcUrl) }) as PublicClient;
  const startBlock = Number(await client.getBlockNumber());
  console.log(`Deploying Keel through Ignition (chain up after ${clock.elapsed()} s)…`);
  const addresses = await clock.time("Ignition deployment (its own Hardhat process)", () => deployDevnet(port, clock));
  const manifest = await clock.time("manifest read back from the chain", () =>
    describeDeployment(client, addresses, { rpcUrl, startBlock, accounts: testAccounts() }),
  );
  console.log(`Seeding accounts and positions (deployed after ${clock.elapsed()} s)…`);
  const seedChain = localChain(rpcUrl, manifest.chainId);
  await clock.time("seeding: wallets, supplies, loans", () => seedDevnet(client, seedChain, manifest));
  await clock.time("seeding: kUSD and vaults", () => seedCdp(client, seedChain, manifest));
  await writeManifest(manifestPath, manifest);
  const shownPath = path.relative(process.cwd(), manifestPath);
  await clock.time("summary", () =>
    printSummary(client, manifest, shownPath.startsWith("..") ? manifestPath : shownPath),
  );
  console.log(
    `\n${pc.green(`Keel devnet is ready on ${rpcUrl} (chain ${manifest.chainId}).`)} Press Ctrl-C to stop. ` +
      pc.dim(`(started in ${clock.elapsed()} s)`),
  );
  return chain;
}

/**
 * Ctrl-C (SIGINT) and SIGTERM both mean "stop". The first one aborts the returned signal; the
 * handlers stay installed until the process ends, so a second Ctrl-C, or the copy of the terminal's
 * signal that npm forwards to its script, is absorbed: left to the default action it would kill keel
 * before the chain is stopped, and the shell would see status 130 (128 + SIGINT) instead of 0.
 */
function stopRequests(): AbortSignal {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  return controller.signal;
}

/** `work`'s result, or `undefined` as soon as `stop` aborts (work's failure after that is expected, not news). */
function unlessStopped<T>(work: Promise<T>, stop: AbortSignal): Promise<T | undefined> {
  work.catch(() => undefined);
  const stopped = new Promise<undefined>((resolve) => {
    if (stop.aborted) resolve(undefined);
    stop.addEventListener("abort", () => resolve(undefined), { once: true });
  });
  return Promise.race([work, stopped]);
}

/**
 * `keel devnet`: runs until Ctrl-C (SIGINT) or SIGTERM, then stops the chain (and a deployment in
 * progress, when the signal comes during start-up) and exits 0. Every start is a fresh chain.
 * There is one way out: whatever ends the wait (a signal, a failed start, the chain dying), the
 * `finally` stops every Hardhat process keel started and waits for them, so the port is free after.
 */
export async function startDevnet(options: StartOptions): Promise<void> {
  const port = parsePort(options.port);
  const manifestPath = path.resolve(options.manifest ?? defaultManifestPath());
  const stop = stopRequests();
  try {
    const chain = await unlessStopped(bringUp(port, manifestPath), stop);
    if (chain !== undefined) {
      const code = await unlessStopped(exited(chain.process), stop);
      // A terminal's Ctrl-C reaches the chain too (same process group): if the chain ends by it before
      // keel's own handler has run, that is still a stop, not a crash.
      const signalled = chain.process.signalCode === "SIGINT" || chain.process.signalCode === "SIGTERM";
      if (!stop.aborted && !signalled) throw new Error(`the local chain stopped unexpectedly (code ${code})`);
    }
  } finally {
    await stopHardhat();
  }
  console.log("Keel devnet stopped.");
}
