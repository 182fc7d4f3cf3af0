import { devTokenAbi, iPriceOracleAbi, type KeelDeployment, keelPoolAbi, withGasMargin } from "@keel/sdk";
import {
  type Abi,
  type Address,
  type Chain,
  encodeFunctionData,
  type Hash,
  maxUint256,
  type PublicClient,
  parseGwei,
  parseUnits,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import type { AccountLabel } from "./accounts.ts";
import { debtForHealth, type Loan, POSITIONS, WALLET } from "./scenario.ts";

type Account = KeelDeployment["accounts"][number];

/** One contract call of a seeding step. */
export type SeedCall = { address: Address; abi: Abi; functionName: string; args: unknown[] };

/** Tip every seeding transaction offers; the devnet's blocks are nearly empty, so any tip is enough. */
const PRIORITY_FEE = parseGwei("1");

/**
 * Sends one account's calls in order and waits for all of them; a revert fails the whole start, so a
 * devnet is never half seeded. The chain automines, so each transaction is in a block when its hash
 * comes back and the next call is estimated against the state it will meet (with the SDK's gas
 * margin). Nonce and fees are set here and each transaction is signed locally: one request to send
 * it instead of viem's nonce, fee and chain look-ups for every write, which were most of seeding's
 * round trips.
 */
export async function sendAs(client: PublicClient, chain: Chain, account: Account, calls: SeedCall[]): Promise<void> {
  if (calls.length === 0) return;
  const signer = privateKeyToAccount(account.privateKey);
  const [firstNonce, block] = await Promise.all([
    client.getTransactionCount({ address: signer.address, blockTag: "pending" }),
    client.getBlock({ blockTag: "latest" }),
  ]);
  // Twice the current base fee: room for it to rise over the step, though on an idle devnet it falls.
  const maxFeePerGas = 2n * (block.baseFeePerGas ?? 0n) + PRIORITY_FEE;
  const hashes: Hash[] = [];
  for (const [index, call] of calls.entries()) {
    const gas = withGasMargin(await client.estimateContractGas({ ...call, account: signer.address, prepare: false }));
    const serializedTransaction = await signer.signTransaction({
      chainId: chain.id,
      type: "eip1559",
      to: call.address,
      data: encodeFunctionData(call),
      nonce: firstNonce + index,
      gas,
      maxFeePerGas,
      maxPriorityFeePerGas: PRIORITY_FEE,
    });
    hashes.push(await client.sendRawTransaction({ serializedTransaction }));
  }
  const receipts = await Promise.all(hashes.map((hash) => client.waitForTransactionReceipt({ hash })));
  for (const receipt of receipts) {
    if (receipt.status !== "success") {
      throw new Error(`seeding transaction ${receipt.transactionHash} of ${account.label} reverted`);
    }
  }
}

/**
 * Funds the test accounts and opens the designed positions (scenario.ts). Minting and approvals
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

  const run = (account: Account, calls: SeedCall[]) => sendAs(client, chain, account, calls);
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
