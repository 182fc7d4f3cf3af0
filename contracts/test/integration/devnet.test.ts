import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { createPublicClient, http } from "viem";
import { hardhat } from "viem/chains";

const contractsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const port = 8645;

describe("npm start (the local network)", () => {
  it("brings up a chain with a deployed, seeded pool, and stops cleanly on Ctrl-C", { timeout: 300_000 }, async () => {
    const child = spawn(process.execPath, ["scripts/start.ts"], {
      cwd: contractsDir,
      env: { ...process.env, KEEL_PORT: String(port) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setInterval(() => {
          if (output.includes("Press Ctrl-C to stop")) {
            clearInterval(timer);
            resolve();
          }
        }, 200);
        exited.then((code) => {
          clearInterval(timer);
          reject(new Error(`start exited early (${code}):\n${output}`));
        });
      });
      const poolAddress = output.match(/KeelCore#KeelPool\s+(0x[0-9a-fA-F]{40})/)?.[1] as `0x${string}`;
      assert.ok(poolAddress, "the pool's address is printed");
      const client = createPublicClient({ chain: hardhat, transport: http(`http://127.0.0.1:${port}`) });
      assert.equal(await client.getChainId(), 31337);
      const reserveCount = await client.readContract({
        address: poolAddress,
        abi: [
          {
            type: "function",
            name: "reserveCount",
            stateMutability: "view",
            inputs: [{ name: "poolId", type: "uint256" }],
            outputs: [{ type: "uint256" }],
          },
        ],
        functionName: "reserveCount",
        args: [0n],
      });
      assert.equal(reserveCount, 2n, "the demo pool lists WETH and USDC");
    } finally {
      child.kill("SIGINT");
    }
    assert.equal(await exited, 0, "a clean exit on Ctrl-C");
    await assert.rejects(
      fetch(`http://127.0.0.1:${port}`, { method: "POST", body: "{}" }),
      "the chain is gone after Ctrl-C",
    );
  });
});
