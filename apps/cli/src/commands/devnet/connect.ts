import { type KeelDeployment, withGasMargin } from "@keel/sdk";
import {
  type Abi,
  type Address,
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
import { type GlobalOptions, readContext } from "../../lib/context.ts";
import { UsageError } from "../../lib/errors.ts";
import { answersRpc } from "./chain.ts";

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
 * Reads the manifest (`--manifest`, else the default path) and checks that its devnet is running:
 * the RPC (`--rpc`, else the manifest's) answers, on the manifest's chain, with Keel's pool where the
 * manifest says. Each failure is a `UsageError` saying what to do.
 */
export async function connectDevnet(options: GlobalOptions): Promise<DevnetConnection> {
  const { deployment: manifest, manifestPath, chain } = await readContext(options);
  const rpcUrl = chain.rpcUrls.default.http[0];
  if (!(await answersRpc(rpcUrl))) {
    throw new UsageError(`No devnet is running at ${rpcUrl}. Start one with \`npm start\` (keel devnet).`);
  }
  const transport = http(rpcUrl);
  const client = createPublicClient({ chain, transport }) as PublicClient;
  const poolCode = await client.getCode({ address: manifest.contracts.pool });
  if ((await client.getChainId()) !== manifest.chainId || poolCode === undefined || poolCode === "0x") {
    throw new UsageError(`The chain at ${rpcUrl} is not the devnet of ${manifestPath}. Restart \`keel devnet\`.`);
  }
  const deployer = manifest.accounts.find((account) => account.role === "deployer") ?? manifest.accounts[0];
  if (deployer === undefined) throw new UsageError(`The manifest ${manifestPath} lists no accounts.`);
  return {
    manifest,
    client,
    wallet: createWalletClient({ account: privateKeyToAccount(deployer.privateKey), chain, transport }),
    testClient: createTestClient({ chain, mode: "hardhat", transport }),
  };
}

/** One contract call the deployer sends. */
export type DeployerCall = { address: Address; abi: Abi; functionName: string; args: readonly unknown[] };

/**
 * Sends `call` from the deployer with the SDK's gas margin and waits for it to be mined. A revert
 * throws: the estimate names the contract's error, and a mined failure is reported by its hash.
 */
export async function sendFromDeployer(connection: DevnetConnection, call: DeployerCall): Promise<void> {
  const { client, wallet } = connection;
  const gas = withGasMargin(await client.estimateContractGas({ ...call, account: wallet.account }));
  const hash = await wallet.writeContract({ ...(call as Parameters<typeof wallet.writeContract>[0]), gas });
  const receipt = await client.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`${call.functionName} reverted in ${hash}`);
}
