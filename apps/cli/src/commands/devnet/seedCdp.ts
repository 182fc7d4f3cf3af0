import {
  cdpEngineAbi,
  devTokenAbi,
  iPriceOracleAbi,
  type KeelDeployment,
  keelPoolAbi,
  pegStabilityModuleAbi,
} from "@keel/sdk";
import { type Chain, maxUint256, type PublicClient, parseUnits } from "viem";
import type { AccountLabel } from "./accounts.ts";
import { debtForRatio, KUSD_PURCHASE_USDC, KUSD_SUPPLIES, VAULTS } from "./scenario.ts";
import { type SeedCall, sendAs } from "./seed.ts";

type Account = KeelDeployment["accounts"][number];

/**
 * Brings kUSD to life on a seeded devnet: every account sells USDC to the peg module for kUSD, the
 * lender supplies kUSD to the core pool, and the vault owners open their vaults (scenario.ts) at the
 * designed collateral ratios, computed from the price the engine reads. Wallet steps run in parallel
 * across accounts; vaults open one after another, each at the state it will meet.
 */
export async function seedCdp(client: PublicClient, chain: Chain, manifest: KeelDeployment): Promise<void> {
  const cdp = manifest.cdp;
  if (cdp === undefined) return;
  const pegModule = cdp.pegModules.find((module) => module.gem === "USDC");
  if (pegModule === undefined) throw new Error("the deployment has no USDC peg module");
  const kusdReserve = manifest.pools.find((pool) => pool.id === "0")?.reserves.find((r) => r.symbol === "kUSD");
  if (kusdReserve === undefined) throw new Error("the core pool does not list kUSD");
  const token = (symbol: string) => {
    const entry = manifest.tokens[symbol];
    if (entry === undefined) throw new Error(`the deployment has no token ${symbol}`);
    return entry;
  };
  const typeOf = (name: string) => {
    const type = cdp.collateralTypes.find((t) => t.name === name);
    if (type === undefined) throw new Error(`the deployment has no collateral type ${name}`);
    return type;
  };
  const run = (account: Account, calls: SeedCall[]) => sendAs(client, chain, account, calls);
  const vaultsOf = (account: Account) => VAULTS[account.label as AccountLabel] ?? [];
  const supplyOf = (account: Account) => KUSD_SUPPLIES[account.label as AccountLabel];

  // 1. Wallets: kUSD from the peg module for everyone (the suppliers buy what they supply too), the
  //    vaults' collateral minted, approvals to the engine and the pool.
  await Promise.all(
    manifest.accounts.map((account) => {
      const supply = supplyOf(account);
      const usdc = parseUnits(KUSD_PURCHASE_USDC, 6) + (supply === undefined ? 0n : parseUnits(supply, 6));
      const calls: SeedCall[] = [
        { address: token("USDC").address, abi: devTokenAbi, functionName: "mint", args: [account.address, usdc] },
        {
          address: token("USDC").address,
          abi: devTokenAbi,
          functionName: "approve",
          args: [pegModule.address, usdc],
        },
        {
          address: pegModule.address,
          abi: pegStabilityModuleAbi,
          functionName: "sellGem",
          args: [usdc, account.address],
        },
      ];
      if (supply !== undefined) {
        calls.push({
          address: cdp.kusd,
          abi: devTokenAbi,
          functionName: "approve",
          args: [manifest.contracts.pool, maxUint256],
        });
      }
      for (const plan of vaultsOf(account)) {
        const collateral = token(typeOf(plan.type).symbol);
        calls.push(
          {
            address: collateral.address,
            abi: devTokenAbi,
            functionName: "mint",
            args: [account.address, parseUnits(plan.amount, collateral.decimals)],
          },
          { address: collateral.address, abi: devTokenAbi, functionName: "approve", args: [cdp.engine, maxUint256] },
        );
      }
      return run(account, calls);
    }),
  );

  // 2. kUSD liquidity in the core pool.
  for (const account of manifest.accounts) {
    const supply = supplyOf(account);
    if (supply === undefined) continue;
    await run(account, [
      {
        address: manifest.contracts.pool,
        abi: keelPoolAbi,
        functionName: "supply",
        args: [0n, BigInt(kusdReserve.index), parseUnits(supply, 18), 0n, account.address],
      },
    ]);
  }

  // 3. Vaults, each minted to its designed ratio at the price the engine reads now.
  for (const account of manifest.accounts) {
    for (const plan of vaultsOf(account)) {
      const type = typeOf(plan.type);
      const collateral = token(type.symbol);
      const collateralUnits = parseUnits(plan.amount, collateral.decimals);
      const { oracle } = await client.readContract({
        address: cdp.engine,
        abi: cdpEngineAbi,
        functionName: "collateralType",
        args: [BigInt(type.id)],
      });
      const collateralPrice = await client.readContract({
        address: oracle,
        abi: iPriceOracleAbi,
        functionName: "price",
      });
      const debt = debtForRatio({ collateralUnits, collateralPrice, ratioWad: parseUnits(plan.ratio, 18) });
      await run(account, [
        {
          address: cdp.engine,
          abi: cdpEngineAbi,
          functionName: "open",
          args: [BigInt(type.id), account.address, collateralUnits, debt, account.address],
        },
      ]);
    }
  }
}
