// Pool and account reads through the SDK, refreshed on every new block: what the app shows is what the
// contracts hold at that block, and every figure is computed from it with the SDK's math.
import { type AccountSnapshot, type GetPoolSnapshotReturnType, getAccountSnapshot, getPoolSnapshot } from "@keel/sdk";
import { useQuery } from "@tanstack/react-query";
import { type Address, erc20Abi } from "viem";
import { useBlockNumber, usePublicClient } from "wagmi";
import { useAppConfig } from "./context.tsx";

/** A pool as the manifest lists it: enough to lay out its page before the chain answers. */
export type PoolInfo = { id: bigint; name: string; kind: string; reserveCount: number };

export function usePoolList(): PoolInfo[] {
  const { deployment } = useAppConfig();
  return deployment.pools.map((p) => ({
    id: BigInt(p.id),
    name: p.name,
    kind: p.kind,
    reserveCount: p.reserves.length,
  }));
}

/** The latest block, watched: every read below is keyed by it. */
export function useLatestBlock(): bigint | undefined {
  return useBlockNumber({ watch: true }).data;
}

export function usePoolSnapshot(poolId: bigint | undefined) {
  const client = usePublicClient();
  const { deployment } = useAppConfig();
  const block = useLatestBlock();
  return useQuery({
    queryKey: ["pool", String(poolId), String(block)],
    enabled: client !== undefined && poolId !== undefined && block !== undefined,
    placeholderData: (previous) => previous,
    queryFn: (): Promise<GetPoolSnapshotReturnType> =>
      getPoolSnapshot(client as NonNullable<typeof client>, {
        pool: deployment.contracts.pool,
        poolId: poolId as bigint,
        blockNumber: block,
      }),
  });
}

export function useAccountSnapshot(poolId: bigint | undefined, account: Address | undefined) {
  const client = usePublicClient();
  const { deployment } = useAppConfig();
  const block = useLatestBlock();
  return useQuery({
    queryKey: ["account", String(poolId), account, String(block)],
    enabled: client !== undefined && poolId !== undefined && account !== undefined && block !== undefined,
    placeholderData: (previous) => previous,
    queryFn: (): Promise<AccountSnapshot> =>
      getAccountSnapshot(client as NonNullable<typeof client>, {
        pool: deployment.contracts.pool,
        poolId: poolId as bigint,
        account: account as Address,
        blockNumber: block,
      }),
  });
}

/** A wallet's balance of a token and its allowance to a spender, at the latest block. */
export function useTokenState(token: Address | undefined, owner: Address | undefined, spender: Address) {
  const client = usePublicClient();
  const block = useLatestBlock();
  return useQuery({
    queryKey: ["token", token, owner, spender, String(block)],
    enabled: client !== undefined && token !== undefined && owner !== undefined && block !== undefined,
    placeholderData: (previous) => previous,
    queryFn: async () => {
      const c = client as NonNullable<typeof client>;
      const [balance, allowance] = await Promise.all([
        c.readContract({
          address: token as Address,
          abi: erc20Abi,
          functionName: "balanceOf",
          args: [owner as Address],
          blockNumber: block,
        }),
        c.readContract({
          address: token as Address,
          abi: erc20Abi,
          functionName: "allowance",
          args: [owner as Address, spender],
          blockNumber: block,
        }),
      ]);
      return { balance, allowance };
    },
  });
}

/** The pool a page's `?pool=` names, if the deployment has it; else the first pool (a bad link never breaks the page). */
export function usePoolParam(value: string | null): bigint {
  const pools = usePoolList();
  const named = value !== null && /^\d{1,6}$/.test(value) ? pools.find((p) => p.id === BigInt(value)) : undefined;
  return named?.id ?? pools[0]?.id ?? 0n;
}
