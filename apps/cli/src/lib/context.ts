import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { KeelDeployment } from "@keel/sdk";
import { loadDeployment } from "@keel/sdk/node";
import {
  type Account,
  type Chain,
  createPublicClient,
  createWalletClient,
  defineChain,
  type Hex,
  http,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { UsageError } from "./errors.ts";
import { unlockWallet } from "./keystore.ts";
import { readWalletPassword } from "./password.ts";

/** Options every command accepts (see `keel --help`). */
export type GlobalOptions = {
  rpc?: string;
  key?: string;
  /** A keystore in $KEEL_HOME/keystores, by name (--wallet or KEEL_WALLET). */
  wallet?: string;
  /** A file holding the keystore's password, for scripts. */
  passwordFile?: string;
  account?: string;
  manifest?: string;
  json?: boolean;
  yes?: boolean;
};

/** What a command needs: the deployment, clients, and the acting account when it sends transactions. */
export type KeelContext = {
  deployment: KeelDeployment;
  manifestPath: string;
  chain: Chain;
  publicClient: PublicClient<Transport, Chain>;
  json: boolean;
  yes: boolean;
};

export type SignerContext = KeelContext & {
  account: Account;
  walletClient: WalletClient<Transport, Chain, Account>;
  /** How the account was chosen, for the preview ("--key or KEEL_PRIVATE_KEY", "keystore alice", "test account 9 (newcomer)"). */
  accountSource: string;
};

/**
 * Where `keel devnet` writes its manifest unless told otherwise: `deployments/devnet.json` at the root
 * of the Keel repository when keel runs from it (found through its contracts package, wherever the
 * command is typed), else under the current directory (keel installed on its own).
 */
export function defaultManifestPath(): string {
  return path.join(keelRepositoryRoot() ?? process.cwd(), "deployments", "devnet.json");
}

function keelRepositoryRoot(): string | undefined {
  try {
    return path.dirname(path.dirname(createRequire(import.meta.url).resolve("@keel/contracts/package.json")));
  } catch {
    return undefined;
  }
}

/** Reads the deployment and connects to its RPC (or the one given by --rpc / KEEL_RPC_URL, which commander fills). */
export async function readContext(options: GlobalOptions): Promise<KeelContext> {
  const manifestPath = path.resolve(options.manifest ?? defaultManifestPath());
  if (!existsSync(manifestPath)) {
    throw new UsageError(
      `No Keel deployment manifest at ${manifestPath}. Start a local network with \`npm start\`, or pass --manifest.`,
    );
  }
  const deployment = await loadDeployment(manifestPath);
  const rpcUrl = options.rpc ?? deployment.rpcUrl;
  const chain = defineChain({
    id: deployment.chainId,
    name: `Keel (${deployment.chainId})`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
  // One attempt, short timeout: a CLI should say "not reachable" quickly rather than retry for a minute.
  const publicClient = createPublicClient({ chain, transport: http(rpcUrl, { retryCount: 0, timeout: 10_000 }) });
  return { deployment, manifestPath, chain, publicClient, json: options.json === true, yes: options.yes === true };
}

/**
 * Chooses the signing account: --key (or KEEL_PRIVATE_KEY), then --wallet (or KEEL_WALLET, a keystore),
 * then --account (a devnet test account by index or label), then the devnet's account reserved for
 * trying things out.
 */
export async function readSignerContext(options: GlobalOptions): Promise<SignerContext> {
  const context = await readContext(options);
  const { key, source } = await chooseKey(options, context.deployment);
  if (!/^0x[0-9a-fA-F]{64}$/.test(key)) throw new UsageError(`The private key from ${source} is not 32 bytes of hex.`);
  const account = privateKeyToAccount(key as Hex);
  const walletClient = createWalletClient({
    account,
    chain: context.chain,
    transport: http(context.chain.rpcUrls.default.http[0], { retryCount: 0, timeout: 30_000 }),
  });
  return { ...context, account, walletClient, accountSource: source };
}

async function chooseKey(options: GlobalOptions, deployment: KeelDeployment): Promise<{ key: string; source: string }> {
  // Commander fills `key` from --key or KEEL_PRIVATE_KEY, and `wallet` from --wallet or KEEL_WALLET.
  if (options.key) return { key: options.key, source: "--key or KEEL_PRIVATE_KEY" };
  if (options.wallet) {
    const password = await readWalletPassword(options.wallet, { passwordFile: options.passwordFile });
    const { privateKey } = await unlockWallet(options.wallet, password);
    return { key: privateKey, source: `keystore ${options.wallet}` };
  }
  const accounts = deployment.accounts;
  if (options.account !== undefined) {
    const { account, source } = findTestAccount(deployment, options.account);
    return { key: account.privateKey, source };
  }
  // A local network reserves one funded account without positions for people trying commands.
  const spareIndex = accounts.findIndex((a) => a.role === "newcomer");
  if (spareIndex < 0) {
    throw new UsageError("No account to sign with: pass --wallet <name> (see `keel wallet new`), --key, or --account.");
  }
  return { key: accounts[spareIndex].privateKey, source: `test account ${spareIndex} (${accounts[spareIndex].label})` };
}

/** The deployment's test account named by `--account` (an index or a label), or a sentence listing them. */
export function findTestAccount(
  deployment: KeelDeployment,
  wanted: string,
): { account: KeelDeployment["accounts"][number]; source: string } {
  const accounts = deployment.accounts;
  const index = /^\d+$/.test(wanted) ? Number(wanted) : accounts.findIndex((a) => a.label === wanted);
  const chosen = accounts[index];
  if (!chosen) {
    const known = accounts.map((a, i) => `${i} (${a.label})`).join(", ");
    throw new UsageError(`--account "${wanted}" is not a test account of this deployment. Known: ${known}.`);
  }
  return { account: chosen, source: `test account ${index} (${chosen.label})` };
}
