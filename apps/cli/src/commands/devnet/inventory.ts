import { devTokenAbi, type KeelDeployment, pegStabilityModuleAbi } from "@keel/sdk";
import { isAddressEqual } from "viem";
import { type DevnetConnection, sendFromDeployer } from "./connect.ts";

type Token = KeelDeployment["tokens"][string];

const BPS = 10_000n;

/**
 * Makes sure the deployer, the devnet's arbitrageur, holds at least `amount` of `token`. It spends what
 * it has first. A dev token's shortfall is minted (anyone may mint one, like drawing from a faucet);
 * kUSD cannot be minted at will, so its shortfall is bought from the USDC peg module with minted USDC,
 * as a trader on a real network would source it.
 */
export async function holdAtLeast(connection: DevnetConnection, token: Token, amount: bigint): Promise<void> {
  const trader = connection.wallet.account.address;
  const balance = await connection.client.readContract({
    address: token.address,
    abi: devTokenAbi,
    functionName: "balanceOf",
    args: [trader],
  });
  if (balance >= amount) return;
  const shortfall = amount - balance;
  const kusd = connection.manifest.cdp?.kusd;
  if (kusd !== undefined && isAddressEqual(token.address, kusd)) return buyKusd(connection, shortfall);
  await sendFromDeployer(connection, {
    address: token.address,
    abi: devTokenAbi,
    functionName: "mint",
    args: [trader, shortfall],
  });
}

/** Buys at least `amount` kUSD wei from the USDC peg module, paying its entry fee in minted USDC. */
async function buyKusd(connection: DevnetConnection, amount: bigint): Promise<void> {
  const { manifest, client } = connection;
  const pegModule = manifest.cdp?.pegModules.find((module) => module.gem === "USDC");
  const usdc = manifest.tokens.USDC;
  if (pegModule === undefined || usdc === undefined)
    throw new Error("the devnet has no USDC peg module to buy kUSD from");
  const feeInBps = await client.readContract({
    address: pegModule.address,
    abi: pegStabilityModuleAbi,
    functionName: "feeInBps",
  });
  // One USDC unit is worth 10^(18 − 6) kUSD wei at par; the module keeps feeInBps of it, rounded up,
  // so one unit more than the exact quotient always covers `amount`.
  const kusdPerUnit = 10n ** BigInt(18 - usdc.decimals);
  const usdcUnits = (amount * BPS) / ((BPS - feeInBps) * kusdPerUnit) + 1n;
  const trader = connection.wallet.account.address;
  await sendFromDeployer(connection, {
    address: usdc.address,
    abi: devTokenAbi,
    functionName: "mint",
    args: [trader, usdcUnits],
  });
  await sendFromDeployer(connection, {
    address: usdc.address,
    abi: devTokenAbi,
    functionName: "approve",
    args: [pegModule.address, usdcUnits],
  });
  await sendFromDeployer(connection, {
    address: pegModule.address,
    abi: pegStabilityModuleAbi,
    functionName: "sellGem",
    args: [usdcUnits, trader],
  });
}
