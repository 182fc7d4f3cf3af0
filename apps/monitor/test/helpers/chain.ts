// Chain moves the monitor's tests make, as a user or governance would, from the devnet's accounts.
import { devPriceFeedAbi, keelPoolAbi } from "@keel/sdk";
import { type Address, createWalletClient, erc20Abi, http, maxUint256 } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import type { RunningDevnet } from "../../../keeper/test/helpers/devnet.ts";
import { accountOf, chainClients } from "../../../keeper/test/helpers/keeper.ts";

const GAS = 500_000n;

/** A feed's answer (8 decimals) from a decimal string, e.g. "0.97" or "2850". */
export async function setFeed(devnet: RunningDevnet, symbol: string, usd: string): Promise<void> {
  const { wallet, publicClient } = chainClients(devnet);
  const [whole, fraction = ""] = usd.split(".");
  const answer = BigInt(whole) * 10n ** 8n + BigInt(fraction.padEnd(8, "0"));
  const hash = await wallet.writeContract({
    address: devnet.deployment.tokens[symbol].feed,
    abi: devPriceFeedAbi,
    functionName: "setAnswer",
    args: [answer],
    gas: 200_000n,
  });
  await publicClient.waitForTransactionReceipt({ hash });
}

/** A wallet of a labelled devnet account, and a write that waits for its receipt and checks it. */
export function actor(devnet: RunningDevnet, label: string) {
  const { publicClient } = chainClients(devnet);
  const { privateKey } = accountOf(devnet.deployment, label);
  const wallet = createWalletClient({
    chain: hardhat,
    transport: http(devnet.rpcUrl),
    account: privateKeyToAccount(privateKey),
  });
  const send = async (request: Parameters<typeof wallet.writeContract>[0]) => {
    const hash = await wallet.writeContract({ gas: GAS, ...request } as never);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`${label}'s ${String(request.functionName)} reverted`);
    return receipt;
  };
  const approve = (token: Address, spender: Address) =>
    send({ address: token, abi: erc20Abi, functionName: "approve", args: [spender, maxUint256] } as never);
  return { address: wallet.account.address, send, approve };
}

/** Borrows `symbol` from pool 0 for `label` until the reserve's utilization reaches `bps`, against WETH. */
export async function pushUtilization(
  devnet: RunningDevnet,
  label: string,
  symbol: string,
  bps: bigint,
): Promise<void> {
  const { publicClient } = chainClients(devnet);
  const pool = devnet.deployment.contracts.pool;
  const who = actor(devnet, label);
  const reserves = devnet.deployment.pools[0].reserves;
  const index = BigInt(reserves.find((r) => r.symbol === symbol)?.index ?? 99);
  const weth = BigInt(reserves.find((r) => r.symbol === "WETH")?.index ?? 99);
  const state = await publicClient.readContract({
    address: pool,
    abi: keelPoolAbi,
    functionName: "reserveState",
    args: [0n, index],
  });
  const amount = (state.totalSupplyAssets * bps) / 10_000n - state.totalBorrowAssets;
  await who.approve(devnet.deployment.tokens.WETH.address, pool);
  const position = await publicClient.readContract({
    address: pool,
    abi: keelPoolAbi,
    functionName: "position",
    args: [0n, who.address, weth],
  });
  if (position.collateral === 0n)
    await who.send({
      address: pool,
      abi: keelPoolAbi,
      functionName: "supplyCollateral",
      args: [0n, weth, 100n * 10n ** 18n, who.address],
    } as never);
  await who.send({
    address: pool,
    abi: keelPoolAbi,
    functionName: "borrow",
    args: [0n, index, amount, 0n, who.address, who.address],
  } as never);
}

/** The pool's own health factor of an account, at a block. */
export function poolHealth(devnet: RunningDevnet, account: Address, blockNumber?: bigint): Promise<bigint> {
  return chainClients(devnet).publicClient.readContract({
    address: devnet.deployment.contracts.pool,
    abi: keelPoolAbi,
    functionName: "healthFactor",
    args: [0n, account],
    blockNumber,
  });
}
