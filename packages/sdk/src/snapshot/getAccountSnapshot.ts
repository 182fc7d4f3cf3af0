import type { Address, Chain, Client, GetBlockNumberErrorType, ReadContractErrorType, Transport } from "viem";
import { getBlockNumber } from "viem/actions";
import { keelPoolAbi } from "../abis/KeelPool.ts";
import { rethrowDecoded } from "../errors/decode.ts";
import { read } from "../internal/read.ts";
import type { AccountSnapshot } from "../types.ts";

/** Parameters of `getAccountSnapshot`. */
export type GetAccountSnapshotParameters = {
  /** The KeelPool contract. */
  pool: Address;
  poolId: bigint;
  account: Address;
  /** Block to read at; the latest by default. Use the pool snapshot's `blockNumber` to pair them. */
  blockNumber?: bigint;
};

/** What `getAccountSnapshot` returns. */
export type GetAccountSnapshotReturnType = AccountSnapshot;

/** Errors `getAccountSnapshot` may throw. */
export type GetAccountSnapshotErrorType = ReadContractErrorType | GetBlockNumberErrorType;

/** Reads an account's position in every reserve of a pool, all at one block. */
export async function getAccountSnapshot(
  client: Client<Transport, Chain | undefined>,
  { pool, poolId, account, blockNumber }: GetAccountSnapshotParameters,
): Promise<GetAccountSnapshotReturnType> {
  const at = blockNumber ?? (await getBlockNumber(client, { cacheTime: 0 }).catch(rethrowDecoded));
  const reserveCount = await read(client, {
    address: pool,
    abi: keelPoolAbi,
    functionName: "reserveCount",
    args: [poolId],
    blockNumber: at,
  });
  const positions = await Promise.all(
    Array.from({ length: Number(reserveCount) }, (_, i) =>
      read(client, {
        address: pool,
        abi: keelPoolAbi,
        functionName: "position",
        args: [poolId, account, BigInt(i)],
        blockNumber: at,
      }),
    ),
  );
  return {
    account,
    positions: positions.map(({ supplyShares, collateral, debtShares }) => ({ supplyShares, collateral, debtShares })),
  };
}
