// Governance reads, keyed by the latest block as every page's are: which timelocks govern the
// deployment (the manifest's, each pool's risk admin and the configurator's owner, when they are
// TimelockControllers), their operations from their events, and the pools and positions those touch.
import {
  type AccountSnapshot,
  getAccountSnapshot,
  getPoolSnapshot,
  keelConfiguratorAbi,
  type PoolSnapshot,
  timelockControllerAbi,
} from "@keel/sdk";
import { useQuery } from "@tanstack/react-query";
import { type Address, getAddress, type Hex, zeroAddress } from "viem";
import { usePublicClient } from "wagmi";
import { useAppConfig } from "../chain/context.tsx";
import { indexerGet, useIndexerUrl } from "../chain/indexer.ts";
import { useLatestBlock } from "../chain/pools.ts";
import { foldTimelockEvents, type TimelockEvent, type TimelockOperation } from "../lib/governance.ts";

type Client = NonNullable<ReturnType<typeof usePublicClient>>;

/** A timelock the page follows, with why: "risk admin of Core", "owner of the configurator", "the manifest's". */
export type FollowedTimelock = { address: Address; roles: string[]; minDelay: bigint };

export type GovernanceChainState = {
  block: bigint;
  /** The block's timestamp: the chain's "now". */
  now: bigint;
  timelocks: FollowedTimelock[];
  /** Addresses that govern a pool or the configurator and are not timelocks (changes there are not queued). */
  direct: { address: Address; roles: string[] }[];
  operations: TimelockOperation[];
};

async function isTimelock(client: Client, address: Address, blockNumber: bigint): Promise<bigint | undefined> {
  try {
    return await client.readContract({ address, abi: timelockControllerAbi, functionName: "getMinDelay", blockNumber });
  } catch {
    return undefined;
  }
}

/** The timelocks and their operations at the latest block. */
export function useGovernanceChain() {
  const client = usePublicClient();
  const block = useLatestBlock();
  const { deployment } = useAppConfig();
  return useQuery({
    queryKey: ["governance", "chain", String(block)],
    enabled: client !== undefined && block !== undefined,
    placeholderData: (previous) => previous,
    queryFn: async (): Promise<GovernanceChainState> => {
      const c = client as Client;
      const blockNumber = block as bigint;
      const { configurator } = deployment.contracts;
      const roles = new Map<Address, string[]>();
      const add = (address: Address | undefined, role: string) => {
        if (address === undefined || address === zeroAddress) return;
        const key = getAddress(address);
        roles.set(key, [...(roles.get(key) ?? []), role]);
      };
      add(deployment.contracts.timelock, "named in the deployment manifest");
      const [owner, ...admins] = await Promise.all([
        c.readContract({ address: configurator, abi: keelConfiguratorAbi, functionName: "owner", blockNumber }),
        ...deployment.pools.map((p) =>
          c.readContract({
            address: configurator,
            abi: keelConfiguratorAbi,
            functionName: "riskAdmin",
            args: [BigInt(p.id)],
            blockNumber,
          }),
        ),
      ]);
      deployment.pools.forEach((p, i) => {
        add(admins[i], `risk admin of the ${p.name} pool`);
      });
      add(owner, "owner of the configurator");
      const timelocks: FollowedTimelock[] = [];
      const direct: GovernanceChainState["direct"] = [];
      await Promise.all(
        [...roles].map(async ([address, why]) => {
          const minDelay = await isTimelock(c, address, blockNumber);
          if (minDelay === undefined) direct.push({ address, roles: why });
          else timelocks.push({ address, roles: why, minDelay });
        }),
      );
      const [head, logs] = await Promise.all([
        c.getBlock({ blockNumber }),
        timelocks.length === 0
          ? Promise.resolve([])
          : c.getContractEvents({
              address: timelocks.map((t) => t.address),
              abi: timelockControllerAbi,
              fromBlock: BigInt(deployment.startBlock),
              toBlock: blockNumber,
            }),
      ]);
      const events = logs.filter((l): l is typeof l & TimelockEvent =>
        ["CallScheduled", "CallExecuted", "Cancelled"].includes(l.eventName),
      );
      // An operation is ready at its scheduling block's time plus its delay, as the timelock computes it.
      const scheduledBlocks = [
        ...new Set(events.filter((e) => e.eventName === "CallScheduled").map((e) => e.blockNumber)),
      ];
      const times = new Map<bigint, bigint>(
        await Promise.all(
          scheduledBlocks.map(
            async (n) =>
              [n, n === head.number ? head.timestamp : (await c.getBlock({ blockNumber: n })).timestamp] as const,
          ),
        ),
      );
      const operations = foldTimelockEvents(events, (n) => times.get(n) ?? 0n, head.timestamp);
      return { block: blockNumber, now: head.timestamp, timelocks, direct, operations };
    },
  });
}

/** Snapshots of the given pools, and of the account in each, at the latest block. */
export function useGovernanceSnapshots(poolIds: bigint[], account: Address | undefined) {
  const client = usePublicClient();
  const block = useLatestBlock();
  const { deployment } = useAppConfig();
  const ids = [...new Set(poolIds.map(String))].sort();
  return useQuery({
    queryKey: ["governance", "snapshots", ids.join(","), account, String(block)],
    enabled: client !== undefined && block !== undefined && ids.length > 0,
    placeholderData: (previous) => previous,
    queryFn: async () => {
      const c = client as Client;
      const pools = new Map<string, PoolSnapshot>();
      const accounts = new Map<string, AccountSnapshot>();
      await Promise.all(
        ids.map(async (id) => {
          const params = { pool: deployment.contracts.pool, poolId: BigInt(id), blockNumber: block };
          const [pool, position] = await Promise.all([
            getPoolSnapshot(c, params),
            account === undefined ? undefined : getAccountSnapshot(c, { ...params, account }),
          ]);
          pools.set(id, pool);
          if (position) accounts.set(id, position);
        }),
      );
      return { block: block as bigint, pools, accounts };
    },
  });
}

/**
 * A pool as it was just before a block (the state an executed change applied to), read once: a past
 * block never changes. Fails on a node that keeps no history; the page then shows the new values only.
 */
export function usePoolBefore(poolId: bigint | undefined, block: bigint | undefined) {
  const client = usePublicClient();
  const { deployment } = useAppConfig();
  return useQuery({
    queryKey: ["governance", "pool-before", String(poolId), String(block)],
    enabled: client !== undefined && poolId !== undefined && block !== undefined && block > 0n,
    staleTime: Number.POSITIVE_INFINITY,
    retry: 1,
    queryFn: () =>
      getPoolSnapshot(client as Client, {
        pool: deployment.contracts.pool,
        poolId: poolId as bigint,
        blockNumber: (block as bigint) - 1n,
      }),
  });
}

/** An operation as the indexer's `/v1/governance` lists it (bigints as decimal strings). */
type IndexedOperation = {
  id: Hex;
  status: string;
  delay: string;
  readyAt: string;
  queuedBlock: string;
  executedBlock: string | null;
  cancelledBlock: string | null;
  calls: { index: number; target: Address; value: string; data: Hex }[];
};

/** The executed operations of the manifest's timelock, from the indexer, newest first; off without one. */
export function useIndexedExecuted() {
  const base = useIndexerUrl();
  const { deployment } = useAppConfig();
  const block = useLatestBlock();
  return useQuery({
    queryKey: ["indexer", base, "governance", String(block)],
    enabled: base !== undefined,
    placeholderData: (previous) => previous,
    retry: 1,
    queryFn: async (): Promise<TimelockOperation[]> => {
      const { operations } = await indexerGet<{ operations: IndexedOperation[] }>(base as string, "/v1/governance");
      return operations
        .filter((o) => o.status === "executed")
        .map((o) => ({
          timelock: deployment.contracts.timelock ?? zeroAddress,
          id: o.id,
          calls: o.calls.map((call) => ({ ...call, value: BigInt(call.value) })),
          delay: BigInt(o.delay),
          scheduledBlock: BigInt(o.queuedBlock),
          readyAt: BigInt(o.readyAt),
          status: "executed" as const,
          executedBlock: o.executedBlock === null ? undefined : BigInt(o.executedBlock),
        }));
    },
  });
}
