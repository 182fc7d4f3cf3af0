import { type Address, erc20Abi } from "viem";
import { readContract } from "viem/actions";
import { iPriceOracleAbi } from "../../abis/IPriceOracle.ts";
import { keelPoolAbi } from "../../abis/KeelPool.ts";
import type { KeelErrorContext } from "../../errors/context.ts";
import type { KeelReadClient } from "../../internal/types.ts";

/**
 * What a failed reserve operation's sentence needs: the token's decimals and symbol, and for borrow and
 * collateral withdrawal the account's health, the price and the LTV. Each read is independent and
 * optional: whatever fails (a price that reverts, a token without `symbol`) is simply left out.
 */
export async function reserveErrorContext(
  client: KeelReadClient,
  {
    pool,
    poolId,
    reserve,
    operation,
    account,
  }: { pool: Address; poolId: bigint; reserve: bigint; operation: string; account?: Address },
): Promise<KeelErrorContext> {
  const optional = <value>(promise: Promise<value>) => promise.catch(() => undefined);
  const config = await readContract(client, {
    address: pool,
    abi: keelPoolAbi,
    functionName: "reserveConfig",
    args: [poolId, reserve],
  });
  const needsHealth = account !== undefined && (operation === "borrow" || operation === "withdrawCollateral");
  const [symbol, price, health] = await Promise.all([
    optional(readContract(client, { address: config.asset, abi: erc20Abi, functionName: "symbol" })),
    needsHealth
      ? optional(readContract(client, { address: config.oracle, abi: iPriceOracleAbi, functionName: "price" }))
      : undefined,
    needsHealth
      ? optional(
          readContract(client, {
            address: pool,
            abi: keelPoolAbi,
            functionName: "accountHealth",
            args: [poolId, account],
          }),
        )
      : undefined,
  ]);
  // A refused borrow or withdrawal may name another collateral (UnpricedCollateral): know every symbol.
  const reserveSymbols = needsHealth ? await optional(readReserveSymbols(client, pool, poolId)) : undefined;
  return {
    operation,
    token: { decimals: config.decimals, symbol },
    price,
    health,
    ltvBps: config.ltvBps,
    ...(reserveSymbols ? { reserveSymbols } : {}),
  };
}

/** The token symbol of every reserve of the pool, by index (undefined for a token without one). */
async function readReserveSymbols(client: KeelReadClient, pool: Address, poolId: bigint) {
  const count = await readContract(client, {
    address: pool,
    abi: keelPoolAbi,
    functionName: "reserveCount",
    args: [poolId],
  });
  return Promise.all(
    Array.from({ length: Number(count) }, async (_, i) => {
      const { asset } = await readContract(client, {
        address: pool,
        abi: keelPoolAbi,
        functionName: "reserveConfig",
        args: [poolId, BigInt(i)],
      });
      return readContract(client, { address: asset, abi: erc20Abi, functionName: "symbol" }).catch(() => undefined);
    }),
  );
}
