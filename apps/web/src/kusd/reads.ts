// The kUSD engine's reads through the SDK, keyed by the latest block as every page's are: what the page
// shows is what the engine holds at that block.
import { getAuctions, getCollateralTypes, getPsm, getVaults } from "@keel/sdk";
import { useQuery } from "@tanstack/react-query";
import type { Address } from "viem";
import { usePublicClient } from "wagmi";
import { useAppConfig } from "../chain/context.tsx";
import { useLatestBlock } from "../chain/pools.ts";

/** The manifest's kUSD section; undefined when the deployment has no kUSD engine. */
export function useCdp() {
  return useAppConfig().deployment.cdp;
}

function useBlockQuery<T>(
  key: unknown[],
  enabled: boolean,
  read: (client: NonNullable<ReturnType<typeof usePublicClient>>, block: bigint) => Promise<T>,
) {
  const client = usePublicClient();
  const block = useLatestBlock();
  return useQuery({
    queryKey: [...key, String(block)],
    enabled: enabled && client !== undefined && block !== undefined,
    placeholderData: (previous) => previous,
    queryFn: () => read(client as NonNullable<typeof client>, block as bigint),
  });
}

export function useCollateralTypes() {
  const cdp = useCdp();
  return useBlockQuery(["cdp-types"], cdp !== undefined, (client, blockNumber) =>
    getCollateralTypes(client, { engine: cdp?.engine as Address, blockNumber }),
  );
}

export function useVaults(owner: Address | undefined) {
  const cdp = useCdp();
  const { deployment } = useAppConfig();
  return useBlockQuery(["cdp-vaults", owner], cdp !== undefined && owner !== undefined, (client, blockNumber) =>
    getVaults(client, {
      engine: cdp?.engine as Address,
      owner: owner as Address,
      fromBlock: BigInt(deployment.startBlock),
      blockNumber,
    }),
  );
}

export function useAuctions() {
  const cdp = useCdp();
  const { deployment } = useAppConfig();
  return useBlockQuery(["cdp-auctions"], cdp !== undefined, (client, blockNumber) =>
    getAuctions(client, { engine: cdp?.engine as Address, fromBlock: BigInt(deployment.startBlock), blockNumber }),
  );
}

export function usePsm(address: Address) {
  return useBlockQuery(["cdp-psm", address], true, (client, blockNumber) =>
    getPsm(client, { psm: address, blockNumber }),
  );
}

/** When a transaction sent now is expected to land: the later of the block read and the clock, plus a block. */
export function expectedAt(blockTimestamp: bigint): bigint {
  const now = BigInt(Math.floor(Date.now() / 1000));
  return (blockTimestamp > now ? blockTimestamp : now) + 12n;
}
