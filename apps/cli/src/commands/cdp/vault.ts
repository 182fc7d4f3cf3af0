import type { Command } from "commander";
import { registerVaultFlows } from "./vaultFlows.ts";
import { registerVaultOperations } from "./vaultOperations.ts";
import { registerVaultOperators } from "./vaultOperators.ts";
import { registerVaultShow } from "./vaultShow.ts";
import { registerVaultTransfer } from "./vaultTransfer.ts";

/** `keel vault …`: kUSD vaults. */
export function registerVault(program: Command): void {
  const vault = program
    .command("vault")
    .description("Open and manage kUSD vaults: lock collateral, mint and repay kUSD.");
  registerVaultOperations(vault);
  registerVaultShow(vault);
  registerVaultTransfer(vault);
  registerVaultOperators(vault);
  registerVaultFlows(vault);
}
