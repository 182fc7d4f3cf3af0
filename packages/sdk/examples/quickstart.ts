// Quick start for @keel/sdk against the local network (`npm start`): read a pool, preview a borrow with
// the simulation (no RPC call), send it, and see a refused borrow explained in one sentence.
// Run: node packages/sdk/examples/quickstart.ts   (KEEL_MANIFEST overrides the manifest path)
import {
  borrow,
  decodeKeelError,
  ensureAllowance,
  getAccountSnapshot,
  getHealthFactor,
  getPoolSnapshot,
  getReserves,
  simulate,
  supplyCollateral,
} from "@keel/sdk";
import { loadDeployment } from "@keel/sdk/node";
import { createWalletClient, formatUnits, http, parseUnits, publicActions } from "viem";
import { privateKeyToAccount } from "viem/accounts";

const deployment = await loadDeployment(process.env.KEEL_MANIFEST ?? "deployments/devnet.json");
const newcomer = deployment.accounts.find((a) => a.role === "newcomer");
if (!newcomer) throw new Error("the manifest has no newcomer account");
const chain = {
  id: deployment.chainId,
  name: "Keel devnet",
  nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
  rpcUrls: { default: { http: [deployment.rpcUrl] } },
};
const account = privateKeyToAccount(newcomer.privateKey);
const client = createWalletClient({ account, chain, transport: http(deployment.rpcUrl) }).extend(publicActions);
const pool = deployment.contracts.pool;
const poolId = 0n; // the core cross-collateral pool
const reserveOf = (symbol: string) => deployment.pools[0].reserves.findIndex((r) => r.symbol === symbol);
const WETH = reserveOf("WETH");
const USDC = reserveOf("USDC");

// 1. Read: every reserve with its rates.
for (const r of await getReserves(client, { pool, poolId })) {
  console.log(
    `${r.symbol}: borrow APY ${(r.borrowApy * 100).toFixed(2)}%, supply APY ${(r.supplyApy * 100).toFixed(2)}%`,
  );
}

// 2. Preview: 1 WETH of collateral and a 1,000 USDC borrow, computed with the contracts' math.
const snapshot = await getPoolSnapshot(client, { pool, poolId });
const mine = await getAccountSnapshot(client, { pool, poolId, account: account.address });
const preview = simulate(snapshot, mine, [
  { type: "supplyCollateral", reserve: WETH, assets: parseUnits("1", 18) },
  { type: "borrow", reserve: USDC, amount: { assets: parseUnits("1000", 6) } },
]);
console.log(
  `health factor after: ${preview.healthFactor === undefined ? "unavailable" : formatUnits(preview.healthFactor, 18)}`,
);

// 3. Send the same two operations.
const weth = deployment.tokens.WETH.address;
await ensureAllowance(client, { token: weth, spender: pool, amount: parseUnits("1", 18) });
await supplyCollateral(client, { pool, poolId, reserve: BigInt(WETH), assets: parseUnits("1", 18) });
const { assets } = await borrow(client, { pool, poolId, reserve: BigInt(USDC), assets: parseUnits("1000", 6) });
const healthFactor = await getHealthFactor(client, { pool, poolId, account: account.address });
console.log(`borrowed ${formatUnits(assets, 6)} USDC; health factor ${formatUnits(healthFactor, 18)}`);

// 4. A borrow the pool refuses becomes a typed error with a sentence.
try {
  await borrow(client, { pool, poolId, reserve: BigInt(USDC), assets: parseUnits("10000", 6) });
} catch (error) {
  console.log(decodeKeelError(error).shortMessage);
}
