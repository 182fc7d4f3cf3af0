// `npm test`: runs every workspace's suite in order (contracts, SDK, CLI), keeps going after a
// failure so one report covers everything, and ends with one line: "N passing, M failing".
import { spawn } from "node:child_process";
import { stripVTControlCharacters } from "node:util";

const WORKSPACES = ["contracts", "packages/sdk", "apps/cli"];

function runSuite(workspace: string): Promise<{ passed: number; failed: number; code: number }> {
  return new Promise((resolve) => {
    const child = spawn("npm", ["test", "--workspace", workspace], { stdio: ["ignore", "pipe", "inherit"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      process.stdout.write(chunk);
      output += chunk.toString();
    });
    child.on("close", (code) => {
      // Hardhat's own closing lines, "N passing (…)" and "N failing (…)", indented when one runner ran alone.
      const last = (label: string) => {
        const matches = [...stripVTControlCharacters(output).matchAll(new RegExp(`^\\s*(\\d+) ${label}`, "gm"))];
        return matches.length > 0 ? Number(matches[matches.length - 1][1]) : 0;
      };
      resolve({ passed: last("passing"), failed: last("failing"), code: code ?? 1 });
    });
  });
}

let passed = 0;
let failed = 0;
for (const workspace of WORKSPACES) {
  const result = await runSuite(workspace);
  passed += result.passed;
  // A suite that crashed before reporting still counts as a failure.
  failed += result.code !== 0 && result.failed === 0 ? 1 : result.failed;
}
console.log(`\nAll suites: ${passed} passing, ${failed} failing`);
process.exitCode = failed > 0 ? 1 : 0;
