import type { ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { UsageError } from "../../lib/errors.ts";
import { runHardhat } from "./hardhat.ts";

/**
 * The chain's own Hardhat configuration: no plugins, no artifacts to load (see chainConfig.ts). It sits
 * beside this module, with its extension: chainConfig.ts beside this file when keel runs from source,
 * chainConfig.js beside whichever chunk of the flat dist/ holds this code when built (scripts/build.ts).
 */
const chainConfig = fileURLToPath(
  new URL(`./chainConfig${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url),
);

/** A running `hardhat node` on 127.0.0.1. */
export type LocalChain = { rpcUrl: string; process: ChildProcess };

/** True when something answers JSON-RPC at `rpcUrl`. */
export async function answersRpc(rpcUrl: string): Promise<boolean> {
  try {
    const response = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      signal: AbortSignal.timeout(2_000),
    });
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * Starts Hardhat's node on 127.0.0.1 (bound to loopback only: the test keys are public) and waits
 * until it answers. Refuses a port something already answers on, rather than deploying onto it.
 */
export async function startLocalChain(port: number): Promise<LocalChain> {
  const rpcUrl = `http://127.0.0.1:${port}`;
  if (await answersRpc(rpcUrl)) {
    throw new UsageError(`Something already answers on ${rpcUrl} (another devnet?). Stop it or pick another --port.`);
  }
  const { child, output } = runHardhat([
    "--config",
    chainConfig,
    "node",
    "--hostname",
    "127.0.0.1",
    "--port",
    String(port),
  ]);
  const deadline = Date.now() + 60_000;
  while (!(await answersRpc(rpcUrl))) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the local chain exited (${child.exitCode ?? child.signalCode}):\n${output()}`);
    }
    if (Date.now() > deadline) throw new Error(`the local chain did not answer on ${rpcUrl} within 60 s:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { rpcUrl, process: child };
}
