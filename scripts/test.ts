// `npm test`: runs every workspace's suite in order (contracts, SDK, CLI, keeper, indexer, monitor; the
// app's journeys in Chromium beside them once the contracts are built), the
// indexer's again on PostgreSQL when KEEL_POSTGRES_URL names one (the monitor's failure suite keeps its
// store there then, its main suite on the embedded one), then the SDK's two
// differential tests once more with a seed derived from the commit, keeps going after a failure so
// one report covers everything, and ends with one line: "N passing, M failing".
import { execFileSync, spawn } from "node:child_process";
import { stripVTControlCharacters } from "node:util";

const WORKSPACES = ["contracts", "packages/sdk", "apps/cli", "apps/keeper", "apps/indexer", "apps/monitor"];
/**
 * The app's browser journeys spend most of their time waiting on a devnet and a browser, not computing:
 * they run beside the other suites once the contracts are compiled (the devnets they start need the
 * artifacts), their output held back and printed whole at the end, so the run takes less time and its
 * log stays readable.
 */
const BESIDE = { workspace: "apps/web", script: "test" };

type Suite = { workspace: string; script: string; env?: Record<string, string> };

const SUITES: Suite[] = WORKSPACES.map((workspace) => ({ workspace, script: "test" }));

/**
 * The differential tests must hold for any seed, not only their fixed one: each commit runs them once
 * more with a seed taken from its hash, so every commit explores a new history. A failure prints the
 * seed; `KEEL_FUZZ_SEED=<seed> npm run test:differential --workspace packages/sdk` replays it.
 */
function commitSeed(): string | undefined {
  try {
    const hash = execFileSync("git", ["rev-parse", "HEAD"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    return String(Number.parseInt(hash.slice(0, 8), 16));
  } catch {
    return undefined; // not a Git checkout (an unpacked tarball): the fixed seeds already ran
  }
}

function runSuite(
  { workspace, script, env }: Suite,
  hold = false,
): Promise<{ passed: number; failed: number; code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", script, "--workspace", workspace], {
      stdio: ["ignore", "pipe", hold ? "pipe" : "inherit"],
      env: { ...process.env, ...env },
    });
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      if (!hold) process.stdout.write(chunk);
      output += chunk.toString();
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on("close", (code) => {
      // Hardhat's own closing lines, "N passing (…)" and "N failing (…)", indented when one runner ran alone.
      const last = (label: string) => {
        const matches = [...stripVTControlCharacters(output).matchAll(new RegExp(`^\\s*(\\d+) ${label}`, "gm"))];
        return matches.length > 0 ? Number(matches[matches.length - 1][1]) : 0;
      };
      resolve({ passed: last("passing"), failed: last("failing"), code: code ?? 1, output });
    });
  });
}

// The indexer's suite once more on PostgreSQL when one is given (CI installs and starts one).
if (process.env.KEEL_POSTGRES_URL) {
  SUITES.push({
    workspace: "apps/indexer",
    script: "test",
    env: { KEEL_TEST_DATABASE_URL: process.env.KEEL_POSTGRES_URL },
  });
} else {
  console.log("\nKEEL_POSTGRES_URL is not set: the indexer's suite runs on its embedded database only.");
}

const seed = commitSeed();
if (seed !== undefined) {
  console.log(`\nThe differential tests run once more with the commit's seed ${seed}.`);
  SUITES.push({ workspace: "packages/sdk", script: "test:differential", env: { KEEL_FUZZ_SEED: seed } });
}

let passed = 0;
let failed = 0;
const count = (result: Awaited<ReturnType<typeof runSuite>>) => {
  passed += result.passed;
  // A suite that crashed before reporting still counts as a failure.
  failed += result.code !== 0 && result.failed === 0 ? 1 : result.failed;
};
let beside: ReturnType<typeof runSuite> | undefined;
for (const [index, suite] of SUITES.entries()) {
  count(await runSuite(suite));
  if (index === 0) {
    console.log(`\n${BESIDE.workspace}'s suite runs beside the next ones; its output follows at the end.`);
    beside = runSuite(BESIDE, true);
  }
}
if (beside) {
  const result = await beside;
  console.log(`\n──── ${BESIDE.workspace} ────\n${result.output}`);
  count(result);
}
console.log(`\nAll suites: ${passed} passing, ${failed} failing`);
process.exitCode = failed > 0 ? 1 : 0;
