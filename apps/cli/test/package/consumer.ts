// A TypeScript program written against the published @keel/sdk, as an integrator writes one. The
// package test type-checks it against the tarball's .d.ts files, then runs its JavaScript with plain
// Node against a devnet, and prints what it read as JSON.
import {
  type AccountHealth,
  ensureAllowance,
  formatHealthFactor,
  getAccountHealth,
  getReserves,
  getVault,
  type KeelReadErrorType,
  type KeelWriteErrorType,
  keelPoolAbi,
  supply,
  type VaultInfo,
} from "@keel/sdk";
import { cdpEngineAbi } from "@keel/sdk/abis";
import { loadDeployment } from "@keel/sdk/node";
import { createPublicClient, createWalletClient, defineChain, http, parseUnits } from "viem";
import { privateKeyToAccount } from "viem/accounts";

const manifestPath = process.env.KEEL_MANIFEST;
if (!manifestPath) throw new Error("set KEEL_MANIFEST");
const deployment = await loadDeployment(manifestPath);
const chain = defineChain({
  id: deployment.chainId,
  name: "Keel devnet",
  nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
  rpcUrls: { default: { http: [deployment.rpcUrl] } },
});
const client = createPublicClient({ chain, transport: http() });
const market = deployment.pools[0];
const poolId = BigInt(market.id);
const borrower = deployment.accounts.find((entry) => entry.label === "safe-borrower");
const newcomer = deployment.accounts.find((entry) => entry.role === "newcomer");
if (!borrower || !newcomer) throw new Error("the devnet's accounts are missing");

const reserves = await getReserves(client, { pool: deployment.contracts.pool, poolId });
const health: AccountHealth = await getAccountHealth(client, {
  pool: deployment.contracts.pool,
  poolId,
  account: borrower.address,
});
if (!deployment.cdp) throw new Error("the deployment has no kUSD engine");
const vault: VaultInfo = await getVault(client, { engine: deployment.cdp.engine, vaultId: 1n });

// Writes from the package: approve, then supply 25 USDC as the newcomer.
const wallet = createWalletClient({ account: privateKeyToAccount(newcomer.privateKey), chain, transport: http() });
const usdc = market.reserves.find((entry) => entry.symbol === "USDC");
if (!usdc) throw new Error("no USDC reserve");
let supplied: bigint | undefined;
let refusal: string | undefined;
const amount = parseUnits("25", 6);
const usdcToken = reserves.find((reserve) => reserve.symbol === "USDC")?.config.asset;
if (!usdcToken) throw new Error("no USDC token");
try {
  await ensureAllowance(wallet, { token: usdcToken, spender: deployment.contracts.pool, amount });
  ({ assets: supplied } = await supply(wallet, {
    pool: deployment.contracts.pool,
    poolId,
    reserve: BigInt(usdc.index),
    assets: amount,
  }));
} catch (error) {
  const typed = error as KeelWriteErrorType;
  refusal = typed.shortMessage;
}

// The ABIs keep their literal types through the package: these names are checked by the compiler.
const poolFunctions = keelPoolAbi.filter((item) => item.type === "function").length;
const engineEvents = cdpEngineAbi.filter((item) => item.type === "event").length;

console.log(
  JSON.stringify(
    {
      reserves: reserves.map((reserve) => reserve.symbol),
      debtValue: health.debtValue.toString(),
      healthFactor: formatHealthFactor((health.liquidationValue * 10n ** 18n) / health.debtValue),
      vault: { owner: vault.owner, collateral: vault.collateral.toString(), debt: vault.debt.toString() },
      supplied: supplied?.toString(),
      refusal,
      poolFunctions,
      engineEvents,
    },
    null,
    2,
  ),
);

export type Unused = KeelReadErrorType;
