import { type KeelDeployment, loadDeployment } from "@keel/sdk";
import {
  type Chain,
  createPublicClient,
  createTestClient,
  createWalletClient,
  http,
  type PublicClient,
  type TestClient,
  type WalletClient,
} from "viem";
import { type PrivateKeyAccount, privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { answersRpc } from "./chain.ts";
import { UsageError } from "./errors.ts";

/** A viem chain for a local Hardhat node at `rpcUrl`. */
export function localChain(rpcUrl: string, chainId: number = hardhat.id): Chain {
  return { ...hardhat, id: chainId, rpcUrls: { default: { http: [rpcUrl] } } };
}

/** A running devnet, ready to be changed by its deployer account. */
export type DevnetConnection = {
  manifest: KeelDeployment;
  client: PublicClient;
  wallet: WalletClient<ReturnType<typeof http>, Chain, PrivateKeyAccount>;
  testClient: TestClient;
};

/**
 * Reads the manifest and checks that its devnet is running: the RPC answers, on the manifest's chain,
 * with Keel's pool deployed where the manifest says. Each failure is a `UsageError` saying what to do.
 */
export async function connectDevnet(options: { manifest: string; rpc?: string }): Promise<DevnetConnection> {
  let manifest: KeelDeployment;
  try {
    manifest = await loadDeployment(options.manifest);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    throw new UsageError(
      missing
        ? `no devnet manifest at ${options.manifest}; start a devnet with \`keel devnet\` (or pass --manifest)`
        : `cannot read the devnet manifest ${options.manifest}: ${(error as Error).message}`,
    );
  }
  const rpcUrl = options.rpc ?? manifest.rpcUrl;
  if (!(await answersRpc(rpcUrl))) {
    throw new UsageError(`no devnet is running at ${rpcUrl}; start one with \`keel devnet\``);
  }
  const chain = localChain(rpcUrl, manifest.chainId);
  const transport = http(rpcUrl);
  const client = createPublicClient({ chain, transport }) as PublicClient;
  const chainId = await client.getChainId();
  const poolCode = await client.getCode({ address: manifest.contracts.pool });
  if (chainId !== manifest.chainId || poolCode === undefined || poolCode === "0x") {
    throw new UsageError(`the chain at ${rpcUrl} is not the devnet in ${options.manifest}; restart \`keel devnet\``);
  }
  const deployer = manifest.accounts[0];
  if (deployer === undefined) throw new UsageError(`the manifest ${options.manifest} lists no accounts`);
  return {
    manifest,
    client,
    wallet: createWalletClient({ account: privateKeyToAccount(deployer.privateKey), chain, transport }),
    testClient: createTestClient({ chain, mode: "hardhat", transport }),
  };
}
