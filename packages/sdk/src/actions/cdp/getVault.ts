import type { Address } from "viem";
import { cdpEngineAbi } from "../../abis/CdpEngine.ts";
import { BaseError } from "../../errors/base.ts";
import type { KeelReadErrorType } from "../../errors/types.ts";
import { pinBlock } from "../../internal/block.ts";
import { read } from "../../internal/read.ts";
import type { KeelReadClient } from "../../internal/types.ts";
import { getCollateralType } from "./getCollateralType.ts";
import { type VaultInfo, vaultInfo } from "./vaultInfo.ts";

export type { VaultInfo };

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

export type GetVaultParameters = { engine: Address; vaultId: bigint; blockNumber?: bigint };
export type GetVaultReturnType = VaultInfo;
/** BaseError when the vault does not exist; RpcRequestError. */
export type GetVaultErrorType = KeelReadErrorType;

/** A vault's collateral and debt with its ratio, liquidation price, max mint and max withdrawal. */
export async function getVault(
  client: KeelReadClient,
  { engine, vaultId, blockNumber: pinned }: GetVaultParameters,
): Promise<GetVaultReturnType> {
  const { blockNumber, timestamp } = await pinBlock(client, pinned);
  const at = { address: engine, abi: cdpEngineAbi, blockNumber } as const;
  const [vault, auction, totalDebtRad, globalDebtCeiling] = await Promise.all([
    read(client, { ...at, functionName: "vault", args: [vaultId] }),
    read(client, { ...at, functionName: "auction", args: [vaultId] }),
    read(client, { ...at, functionName: "totalDebtRad" }),
    read(client, { ...at, functionName: "globalDebtCeiling" }),
  ]);
  if (vault.owner === ZERO_ADDRESS) throw new BaseError(`Vault ${vaultId} does not exist; check the vault id.`);
  const type = await getCollateralType(client, { engine, typeId: BigInt(vault.typeId), blockNumber });
  return vaultInfo(vaultId, vault, type, auction, { timestamp, totalDebtRad, globalDebtCeiling });
}
