// A browser page built with Vite against the published @keel/sdk: it reads the devnet's pools through
// the SDK and shows them. The package test bundles it; nothing here may need Node.
import { formatUsdWad, getReserves, type KeelDeployment, parseDeployment } from "@keel/sdk";
import { createPublicClient, http } from "viem";

const out = document.getElementById("out");
const response = await fetch("/devnet.json");
const deployment: KeelDeployment = parseDeployment(await response.json(), "/devnet.json");
const client = createPublicClient({ transport: http(deployment.rpcUrl) });
const reserves = await getReserves(client, { pool: deployment.contracts.pool, poolId: BigInt(deployment.pools[0].id) });
if (out)
  out.textContent = reserves.map((reserve) => `${reserve.symbol} ${formatUsdWad(reserve.price ?? 0n)}`).join("\n");
