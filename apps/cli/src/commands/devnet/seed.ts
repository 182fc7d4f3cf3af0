import { devTokenAbi, iPriceOracleAbi, type KeelDeployment, keelPoolAbi, withGasMargin } from "@keel/sdk";
import {
  type Abi,
  type Address,
  type Chain,
  createWalletClient,
  type Hash,
  http,
  maxUint256,
  type PublicClient,
  parseUnits,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import type { AccountLabel } from "./accounts.ts";
import { debtForHealth, type Loan, POSITIONS, WALLET } from "./scenario.ts";

type Account = KeelDeployment["accounts"][number];

/** One contract call of a seeding step. */
export type SeedCall = { address: Address; abi: Abi; functionName: string; args: unknown[] };

/**
 * Sends one account's calls in order (each send is mined before the next, since the chain automines),
 * each with the SDK's gas margin, and waits for all of them; a revert fails the whole start, so a devnet is never half seeded.
 */
export async function sendAs(
  client: PublicClient,
  chain: Chain,
  manifest: KeelDeployment,
  account: Account,
  calls: SeedCall[],
): Promise<void> {
  const wallet = createWalletClient({
    account: privateKeyToAccount(account.privateKey),
    chain,
    transport: http(manifest.rpcUrl),
  });
  const hashes: Hash[] = [];
  for (const call of calls) {
    const request = call as Parameters<typeof wallet.writeContract>[0];
    const gas = withGasMargin(await client.estimateContractGas({ ...call, account: wallet.account }));
    hashes.push(await wallet.writeContract({ ...request, gas }));
  }
  for (const hash of hashes) {
    const receipt = await client.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`seeding transaction ${hash} of ${account.label} reverted`);
  }
}

/**
 * Funds the ten test accounts and opens the designed positions (scenario.ts). Minting and approvals
 * run in parallel across accounts; pool operations run one account after another, because each one
 * accrues interest and changes what the next costs: a gas estimate made before another account's
 * transaction lands could fall short, and health targets are computed from the state they will meet.
 * Every step waits for its receipts and fails loudly on a revert, so a devnet is never half seeded.
 */
export async function seedDevnet(client: PublicClient, chain: Chain, manifest: KeelDeployment): Promise<void> {
  const pool = manifest.contracts.pool;
  const token = (symbol: string) => {
    const entry = manifest.tokens[symbol];
    if (entry === undefined) throw new Error(`the deployment has no token ${symbol}`);
    return entry;
  };
  const units = (symbol: string, amount: string) => parseUnits(amount, token(symbol).decimals);
  const reserveIndex = (poolId: number, symbol: string) => {
    const reserve = manifest.pools.find((p) => p.id === String(poolId))?.reserves.find((r) => r.symbol === symbol);
    if (reserve === undefined) throw new Error(`pool ${poolId} has no ${symbol} reserve`);
    return BigInt(reserve.index);
  };

  const run = (account: Account, calls: SeedCall[]) => sendAs(client, chain, manifest, account, calls);
  const positionsOf = (account: Account) => POSITIONS[account.label as AccountLabel] ?? {};

  // 1. Wallets: every token for everyone, plus what each account's positions deposit; approvals to the pool.
  await Promise.all(
    manifest.accounts.map((account) => {
      const { supplies = [], loans = [] } = positionsOf(account);
      const deposits = [
        ...supplies.map((s) => ({ symbol: s.symbol, amount: s.amount })),
        ...loans.map((l) => ({ symbol: l.collateral, amount: l.amount })),
      ];
      const calls: SeedCall[] = Object.entries(WALLET).map(([symbol, amount]) => {
        const extra = deposits.filter((d) => d.symbol === symbol).reduce((sum, d) => sum + units(symbol, d.amount), 0n);
        return {
          address: token(symbol).address,
          abi: devTokenAbi,
          functionName: "mint",
          args: [account.address, units(symbol, amount) + extra],
        };
      });
      for (const symbol of new Set(deposits.map((d) => d.symbol))) {
        calls.push({
          address: token(symbol).address,
          abi: devTokenAbi,
          functionName: "approve",
          args: [pool, maxUint256],
        });
      }
      return run(account, calls);
    }),
  );

  // 2. Lenders supply, so the borrowers find liquidity.
  for (const account of manifest.accounts) {
    await run(
      account,
      (positionsOf(account).supplies ?? []).map((s) => ({
        address: pool,
        abi: keelPoolAbi,
        functionName: "supply",
        args: [BigInt(s.poolId), reserveIndex(s.poolId, s.symbol), units(s.symbol, s.amount), 0n, account.address],
      })),
    );
  }

  // 3. Borrowers deposit collateral, then borrow to their designed health at the prices the pool reads now.
  const price = (symbol: string) =>
    client.readContract({ address: token(symbol).oracle, abi: iPriceOracleAbi, functionName: "price" });
  const thresholdBps = async (loan: Loan) => {
    const poolId = BigInt(loan.poolId);
    const config = await client.readContract({
      address: pool,
      abi: keelPoolAbi,
      functionName: "reserveConfig",
      args: [poolId, reserveIndex(loan.poolId, loan.collateral)],
    });
    if (!loan.eMode) return BigInt(config.liquidationThresholdBps);
    const category = await client.readContract({
      address: pool,
      abi: keelPoolAbi,
      functionName: "eMode",
      args: [poolId, config.eModeCategory],
    });
    return BigInt(category.liquidationThresholdBps);
  };
  for (const account of manifest.accounts) {
    for (const loan of positionsOf(account).loans ?? []) {
      const poolId = BigInt(loan.poolId);
      const collateralUnits = units(loan.collateral, loan.amount);
      await run(account, [
        {
          address: pool,
          abi: keelPoolAbi,
          functionName: "supplyCollateral",
          args: [poolId, reserveIndex(loan.poolId, loan.collateral), collateralUnits, account.address],
        },
      ]);
      const debtUnits = debtForHealth({
        collateralUnits,
        collateralPrice: await price(loan.collateral),
        thresholdBps: await thresholdBps(loan),
        debtPrice: await price(loan.debt),
        healthWad: parseUnits(loan.health, 18),
      });
      await run(account, [
        {
          address: pool,
          abi: keelPoolAbi,
          functionName: "borrow",
          args: [poolId, reserveIndex(loan.poolId, loan.debt), debtUnits, 0n, account.address, account.address],
        },
      ]);
    }
  }
}
