import type { Address } from "viem";
import { getContractEvents } from "viem/actions";
import { cdpEngineAbi } from "../../abis/CdpEngine.ts";
import { decodeKeelError } from "../../errors/decode.ts";
import type { KeelReadErrorType } from "../../errors/types.ts";
import { pinBlock } from "../../internal/block.ts";
import { read } from "../../internal/read.ts";
import type { KeelReadClient } from "../../internal/types.ts";
import { type CollateralTypeInfo, getCollateralType } from "./getCollateralType.ts";
import type { VaultInfo } from "./getVault.ts";
import { vaultInfo } from "./vaultInfo.ts";

export type GetVaultsParameters = {
  engine: Address;
  owner: Address;
  /** Where to start looking for Open and TransferVault events: the deployment's `startBlock`. Default 0. */
  fromBlock?: bigint;
  blockNumber?: bigint;
};
export type GetVaultsReturnType = VaultInfo[];
export type GetVaultsErrorType = KeelReadErrorType;

/**
 * Every vault `owner` holds at one block, in id order: the vaults opened for it or transferred to it
 * (from the engine's Open and TransferVault events since `fromBlock`) that it still owns.
 */
export async function getVaults(
  client: KeelReadClient,
  { engine, owner, fromBlock = 0n, blockNumber: pinned }: GetVaultsParameters,
): Promise<GetVaultsReturnType> {
  const { blockNumber, timestamp } = await pinBlock(client, pinned);
  const range = { address: engine, abi: cdpEngineAbi, fromBlock, toBlock: blockNumber, strict: true } as const;
  let ids: Set<bigint>;
  try {
    const [opened, received] = await Promise.all([
      getContractEvents(client, { ...range, eventName: "Open", args: { owner } }),
      getContractEvents(client, { ...range, eventName: "TransferVault", args: { to: owner } }),
    ]);
    ids = new Set([...opened, ...received].map((log) => log.args.vaultId));
  } catch (error) {
    throw decodeKeelError(error);
  }
  const at = { address: engine, abi: cdpEngineAbi, blockNumber } as const;
  const [totalDebtRad, globalDebtCeiling] = await Promise.all([
    read(client, { ...at, functionName: "totalDebtRad" }),
    read(client, { ...at, functionName: "globalDebtCeiling" }),
  ]);
  const types = new Map<number, Promise<CollateralTypeInfo>>();
  const typeInfo = (typeId: number) => {
    if (!types.has(typeId))
      types.set(typeId, getCollateralType(client, { engine, typeId: BigInt(typeId), blockNumber }));
    return types.get(typeId) as Promise<CollateralTypeInfo>;
  };
  const vaults = await Promise.all(
    [...ids]
      .sort((a, b) => (a < b ? -1 : 1))
      .map(async (id) => {
        const [vault, auction] = await Promise.all([
          read(client, { ...at, functionName: "vault", args: [id] }),
          read(client, { ...at, functionName: "auction", args: [id] }),
        ]);
        if (vault.owner.toLowerCase() !== owner.toLowerCase()) return undefined;
        return vaultInfo(id, vault, await typeInfo(vault.typeId), auction, {
          timestamp,
          totalDebtRad,
          globalDebtCeiling,
        });
      }),
  );
  return vaults.filter((vault): vault is VaultInfo => vault !== undefined);
}
