// The `keel` command as a user runs it against a test's devnet, for the suites that need a real CLI step.
import { spawn } from "node:child_process";
import { keelBin, type RunningDevnet } from "./devnet.ts";

/** Runs `keel` with `args`; resolves with its exit code and everything it printed. */
export function runKeel(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [keelBin, ...args], { env: { ...process.env, NO_COLOR: "1" } });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    child.on("exit", (code) => resolve({ code, output }));
  });
}

/**
 * The moderate borrower (1 WBTC against USDC, health 1.5) posts a protection policy: below health 1.45,
 * any keeper may deleverage it to 1.6, with no cooldown. A WBTC fall of 10% triggers it.
 */
export function protectModerateBorrower(devnet: RunningDevnet) {
  return runKeel([
    "--manifest",
    devnet.manifestPath,
    "--rpc",
    devnet.rpcUrl,
    "--account",
    "moderate-borrower",
    "--yes",
    "protect",
    "add",
    "--collateral",
    "WBTC",
    "--debt",
    "USDC",
    "--when-health-below",
    "1.45",
    "--target",
    "1.6",
    "--cooldown",
    "0",
  ]);
}
