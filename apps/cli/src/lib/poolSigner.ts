import type { KeelDeployment } from "@keel/sdk";
import type { Address, Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import type { GlobalOptions } from "./context.ts";
import { UsageError } from "./errors.ts";
import { walletAddress } from "./keystore.ts";

/**
 * The address the write commands would sign with, found the same way (--key, then --wallet, then
 * --account, then the devnet's newcomer) but without unlocking anything: a keystore's address is read
 * from its file, where the v3 format keeps it in clear. For reading commands such as `keel balance`.
 */
export async function signerAddress(
  options: GlobalOptions,
  deployment: KeelDeployment,
): Promise<{ address: Address; source: string }> {
  if (options.key) {
    if (!/^0x[0-9a-fA-F]{64}$/.test(options.key)) {
      throw new UsageError("The private key from --key or KEEL_PRIVATE_KEY is not 32 bytes of hex.");
    }
    return { address: privateKeyToAccount(options.key as Hex).address, source: "--key or KEEL_PRIVATE_KEY" };
  }
  if (options.wallet) return { address: await walletAddress(options.wallet), source: `keystore ${options.wallet}` };
  const accounts = deployment.accounts;
  if (options.account !== undefined) {
    const wanted = options.account;
    const index = /^\d+$/.test(wanted) ? Number(wanted) : accounts.findIndex((a) => a.label === wanted);
    const chosen = accounts[index];
    if (!chosen) {
      const known = accounts.map((a, i) => `${i} (${a.label})`).join(", ");
      throw new UsageError(`--account "${wanted}" is not a test account of this deployment. Known: ${known}.`);
    }
    return { address: chosen.address, source: `test account ${index} (${chosen.label})` };
  }
  const spare = accounts.findIndex((a) => a.role === "newcomer");
  if (spare < 0) {
    throw new UsageError(
      "No account to read: give an address, or pass --wallet <name>, --key or --account to use the signer's.",
    );
  }
  return { address: accounts[spare].address, source: `test account ${spare} (${accounts[spare].label})` };
}
