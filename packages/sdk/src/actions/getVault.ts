import type { Address } from "viem";
import { cdpEngineAbi } from "../abis/CdpEngine.ts";
import { BaseError } from "../errors/base.ts";
import type { CdpAuction, CdpVault } from "../types.ts";
import { type CollateralTypeInfo, getCollateralType } from "./getCollateralType.ts";
import { pinBlock } from "./internal/block.ts";
import { read } from "./internal/read.ts";
import { vaultInfo } from "./internal/vaultInfo.ts";
import type { KeelReadClient } from "./types.ts";

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

/**
 * A vault with its debt and limits at one block. Values that need the oracle's price are undefined
 * while the oracle refuses to price (the engine then refuses minting and withdrawing too).
 */
export type VaultInfo = CdpVault & {
  id: bigint;
  /** Its collateral type, read at the same block. */
  type: CollateralTypeInfo;
  /** kUSD wei, accrued to the block, rounded up (the engine's `debtOf`). */
  debt: bigint;
  /** kUSD wei at the oracle price, rounded down. */
  collateralValue: bigint | undefined;
  /** WAD (1.5e18 = 150%), rounded down; type(uint256).max without debt. */
  ratio: bigint | undefined;
  /** Safe at or above the minimum ratio; below it anyone may start an auction. */
  isSafe: boolean | undefined;
  /** The collateral price (PRICE_SCALE) below which the vault can be auctioned, rounded up; 0 without debt. */
  liquidationPrice: bigint;
  /** The most kUSD it can mint now (ratio, type and global ceilings, floor), rounded down. */
  maxMint: bigint | undefined;
  /** The most collateral it can withdraw now while staying safe, rounded down. */
  maxWithdraw: bigint | undefined;
  /** Its running auction, if one is. */
  auction: CdpAuction | undefined;
};

export type GetVaultParameters = { engine: Address; vaultId: bigint; blockNumber?: bigint };
export type GetVaultReturnType = VaultInfo;
/** BaseError when the vault does not exist; RpcRequestError. */
export type GetVaultErrorType = BaseError;

/** A vault's collateral and debt with its ratio, liquidation price, max mint and max withdrawal. */
export async function getVault(
  client: KeelReadClient,
  { engine, vaultId, blockNumber: pinned }: GetVaultParameters,
): Promise<GetVaultReturnType> {
  const { blockNumber, timestamp } = await pinBlock(client, pinned);
  const at = { address: engine, abi: cdpEngineAbi, blockNumber } as const;
  const [vault, auction, totalDebtRad, globalDebtCeiling] = await Promise.all([
    read<CdpVault>(client, { ...at, functionName: "vault", args: [vaultId] }),
    read<CdpAuction>(client, { ...at, functionName: "auction", args: [vaultId] }),
    read<bigint>(client, { ...at, functionName: "totalDebtRad" }),
    read<bigint>(client, { ...at, functionName: "globalDebtCeiling" }),
  ]);
  if (vault.owner === ZERO_ADDRESS) throw new BaseError(`Vault ${vaultId} does not exist; check the vault id.`);
  const type = await getCollateralType(client, { engine, typeId: BigInt(vault.typeId), blockNumber });
  return vaultInfo(vaultId, vault, type, auction, { timestamp, totalDebtRad, globalDebtCeiling });
}
