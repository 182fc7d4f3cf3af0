// The Protect page's reads through the SDK, keyed by the latest block as every page's are: the owner's
// nonce and authorizations, its vaults, and its posted policies (PostPolicy events) with their state and
// whether each can run now.
import {
  checkPolicy,
  decodeKeelError,
  getIsVaultOperator,
  getPoolSnapshot,
  getVault,
  getVaults,
  KeelContractError,
  keelPoolAbi,
  type Policy,
  PolicyAction,
  type PoolSnapshot,
  protectionPoliciesAbi,
} from "@keel/sdk";
import { useQuery } from "@tanstack/react-query";
import { type Address, erc20Abi, type Hex } from "viem";
import { usePublicClient } from "wagmi";
import { useAppConfig } from "../chain/context.tsx";
import { useLatestBlock } from "../chain/pools.ts";
import { sentenceOf } from "../lib/errors.ts";
import { symbolOf } from "../lib/market.ts";
import type { ProtectScope } from "../lib/protectPolicy.ts";
import { type CheckResult, type PolicyStanding, type PolicyState, standingOf } from "../lib/protectStatus.ts";

type Client = NonNullable<ReturnType<typeof usePublicClient>>;

/** The deployment's policy contract and swap adapter; undefined without the periphery. */
export function usePolicyContracts() {
  const { deployment } = useAppConfig();
  const periphery = deployment.periphery;
  return periphery ? { policies: periphery.policies, adapter: periphery.swapAdapter } : undefined;
}

function useBlockQuery<T>(key: unknown[], enabled: boolean, read: (client: Client, block: bigint) => Promise<T>) {
  const client = usePublicClient();
  const block = useLatestBlock();
  return useQuery({
    queryKey: [...key, String(block)],
    enabled: enabled && client !== undefined && block !== undefined,
    placeholderData: (previous) => previous,
    queryFn: () => read(client as Client, block as bigint),
  });
}

export function poolScope(pool: PoolSnapshot, poolName: string): ProtectScope {
  return {
    kind: "pool",
    poolId: pool.poolId,
    poolName,
    reserves: pool.reserves.map((r) => ({
      index: r.index,
      symbol: symbolOf(r),
      asset: r.config.asset,
      decimals: r.config.decimals,
      maxLiquidationBonusBps: Number(r.config.maxLiquidationBonusBps),
    })),
  };
}

/** The owner's kUSD vaults, for a vault policy; empty without an engine. */
export function useOwnVaults(owner: Address | undefined) {
  const { deployment } = useAppConfig();
  const engine = deployment.cdp?.engine;
  return useBlockQuery(["protect-vaults", owner], owner !== undefined && engine !== undefined, (client, blockNumber) =>
    getVaults(client, {
      engine: engine as Address,
      owner: owner as Address,
      fromBlock: BigInt(deployment.startBlock),
      blockNumber,
    }),
  );
}

/** What a new policy needs from the chain: the nonce, the block's time, the authorization and the allowance. */
export function usePolicySetup(scope: ProtectScope | undefined, owner: Address | undefined, repayToken?: Address) {
  const { deployment } = useAppConfig();
  const contracts = usePolicyContracts();
  return useBlockQuery(
    ["protect-setup", owner, scope?.kind, String(scope?.kind === "pool" ? scope.poolId : scope?.vaultId), repayToken],
    scope !== undefined && owner !== undefined && contracts !== undefined,
    async (client, blockNumber) => {
      const policies = (contracts as { policies: Address }).policies;
      const account = owner as Address;
      const [block, nonce, authorized, allowance] = await Promise.all([
        client.getBlock({ blockNumber }),
        client.readContract({
          address: policies,
          abi: protectionPoliciesAbi,
          functionName: "policyNonce",
          args: [account],
          blockNumber,
        }),
        scope?.kind === "vault"
          ? getIsVaultOperator(client, {
              engine: deployment.cdp?.engine as Address,
              owner: account,
              operator: policies,
            })
          : client.readContract({
              address: deployment.contracts.pool,
              abi: keelPoolAbi,
              functionName: "isAuthorized",
              args: [account, policies],
              blockNumber,
            }),
        repayToken === undefined
          ? Promise.resolve(undefined)
          : client.readContract({
              address: repayToken,
              abi: erc20Abi,
              functionName: "allowance",
              args: [account, policies],
              blockNumber,
            }),
      ]);
      return { now: block.timestamp, nonce, authorized, allowance };
    },
  );
}

export type PostedPolicy = {
  hash: Hex;
  policy: Policy;
  scope: ProtectScope;
  state: PolicyState;
  standing: PolicyStanding;
};

/** Every policy `owner` posted, newest first, with its state and whether it can run now. */
export function usePostedPolicies(owner: Address | undefined) {
  const { deployment } = useAppConfig();
  const contracts = usePolicyContracts();
  return useBlockQuery(
    ["protect-posted", owner],
    owner !== undefined && contracts !== undefined,
    async (client, blockNumber): Promise<PostedPolicy[]> => {
      const policies = (contracts as { policies: Address }).policies;
      const events = await client.getContractEvents({
        address: policies,
        abi: protectionPoliciesAbi,
        eventName: "PostPolicy",
        args: { owner },
        fromBlock: BigInt(deployment.startBlock),
        toBlock: blockNumber,
        strict: true,
      });
      // One post per hash: posting the same policy twice lists it once.
      const unique = new Map(events.map((e) => [e.args.policyHash, e.args.policy]));
      const pools = new Map<bigint, Promise<PoolSnapshot>>();
      const poolOf = (poolId: bigint) => {
        if (!pools.has(poolId)) {
          pools.set(poolId, getPoolSnapshot(client, { pool: deployment.contracts.pool, poolId, blockNumber }));
        }
        return pools.get(poolId) as Promise<PoolSnapshot>;
      };
      const rows = await Promise.all(
        [...unique].map(async ([hash, policy]) => {
          const [scope, state, check] = await Promise.all([
            scopeOf(client, policy, poolOf, blockNumber),
            readState(client, policies, hash, blockNumber),
            readCheck(client, policies, policy, blockNumber),
          ]);
          return { hash, policy, scope, state, standing: standingOf(policy, scope, state, check) };
        }),
      );
      return rows.reverse();
    },
  );

  async function scopeOf(
    client: Client,
    policy: Policy,
    poolOf: (poolId: bigint) => Promise<PoolSnapshot>,
    blockNumber: bigint,
  ): Promise<ProtectScope> {
    if (policy.action === PolicyAction.VaultRepay) {
      const vault = await getVault(client, {
        engine: deployment.cdp?.engine as Address,
        vaultId: policy.vaultId,
        blockNumber,
      });
      return {
        kind: "vault",
        vaultId: policy.vaultId,
        collateral: { symbol: vault.type.symbol ?? "collateral", decimals: vault.type.decimals },
      };
    }
    const name = deployment.pools.find((p) => BigInt(p.id) === policy.poolId)?.name ?? `pool ${policy.poolId}`;
    return poolScope(await poolOf(policy.poolId), name);
  }
}

async function readState(client: Client, policies: Address, hash: Hex, blockNumber: bigint): Promise<PolicyState> {
  const [executions, lastExecuted, cancelled] = await client.readContract({
    address: policies,
    abi: protectionPoliciesAbi,
    functionName: "policyState",
    args: [hash],
    blockNumber,
  });
  return { executions, lastExecuted, cancelled };
}

/** The contract's verdict (checkPolicy), and when it says no, the decoded error's figures and sentence. */
async function readCheck(client: Client, policies: Address, policy: Policy, blockNumber: bigint): Promise<CheckResult> {
  const { ready, reason } = await checkPolicy(client, { policies, policy });
  if (ready) return { ready };
  try {
    await client.readContract({
      address: policies,
      abi: protectionPoliciesAbi,
      functionName: "checkOrRevert",
      args: [policy],
      blockNumber,
    });
    return { ready, reason };
  } catch (error) {
    const decoded = decodeKeelError(error);
    return {
      ready,
      reason,
      args: decoded instanceof KeelContractError ? decoded.args : undefined,
      sentence: sentenceOf(decoded),
    };
  }
}
