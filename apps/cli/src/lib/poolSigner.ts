import type { KeelDeployment } from "@keel/sdk";
import type { Address, Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { findTestAccount, type GlobalOptions } from "./context.ts";
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
    const { account, source } = findTestAccount(deployment, options.account);
    return { address: account.address, source };
  }
  const spare = accounts.findIndex((a) => a.role === "newcomer");
  if (spare < 0) {
    throw new UsageError(
      "No account to read: give an address, or pass --wallet <name>, --key or --account to use the signer's.",
    );
  }
  return { address: accounts[spare].address, source: `test account ${spare} (${accounts[spare].label})` };
}
