import type { Address, Hex } from "viem";
import { cdpEngineAbi } from "../../abis/CdpEngine.ts";
import type { KeelWriteErrorType } from "../../errors/types.ts";
import { addressOf, resolveAccount } from "../../internal/account.ts";
import { contractEvent, findContractEvent } from "../../internal/events.ts";
import { execute } from "../../internal/execute.ts";
import type { KeelWalletClient, WriteParameters, WriteReturnType } from "../../internal/types.ts";
import { cdpErrorContext } from "./errorContext.ts";

export type TakeAuctionParameters = WriteParameters & {
  engine: Address;
  vaultId: bigint;
  /** The most collateral to buy (token units); the auction's whole lot buys as much as the tab allows. */
  maxCollateral: bigint;
  /** The highest price accepted (PRICE_SCALE, as `getAuction(…).price`); the take reverts above it. */
  maxPrice: bigint;
  /** Who receives the collateral; defaults to the sender. */
  receiver?: Address;
  /** Passed to the receiver's `onAuctionTake` callback when not empty. Default "0x" (no callback). */
  data?: Hex;
};
export type TakeAuctionReturnType = WriteReturnType & {
  /** Collateral bought. */
  collateral: bigint;
  /** kUSD burned from the sender. */
  paid: bigint;
  /** The price paid (PRICE_SCALE). */
  price: bigint;
  /** Set when this take ended the auction: collateral returned to the vault, and debt left unrecovered. */
  ended?: { collateralReturned: bigint; badDebt: bigint };
};
/**
 * KeelContractError: AuctionStale (reset it first), PriceAboveMax, AuctionNotActive, ZeroAmount,
 * TakeLeavesDust, ERC20InsufficientBalance (not enough kUSD); or RpcRequestError.
 */
export type TakeAuctionErrorType = KeelWriteErrorType;

/**
 * Buys collateral from an auction for kUSD burned from the sender. Rounding, done by the engine: the
 * payment is collateral × price rounded up; when it is capped at the tab, the collateral is tab / price
 * rounded down. A partial take that would leave less than the debt floor is trimmed to leave exactly it.
 */
export async function takeAuction(
  client: KeelWalletClient,
  parameters: TakeAuctionParameters,
): Promise<TakeAuctionReturnType> {
  const { engine, vaultId, maxCollateral, maxPrice, data = "0x" } = parameters;
  const account = resolveAccount(client, parameters.account);
  const { hash, receipt } = await execute(client, {
    address: engine,
    abi: cdpEngineAbi,
    functionName: "take",
    args: [vaultId, maxCollateral, maxPrice, parameters.receiver ?? addressOf(account), data],
    account,
    errorContext: () => cdpErrorContext(client, { engine, vaultId, operation: "takeAuction", moves: "kUSD" }),
  });
  const take = contractEvent(receipt, { address: engine, abi: cdpEngineAbi, eventName: "Take", match: { vaultId } });
  const end = findContractEvent(receipt, {
    address: engine,
    abi: cdpEngineAbi,
    eventName: "EndAuction",
    match: { vaultId },
  });
  return {
    hash,
    receipt,
    collateral: take.collateral,
    paid: take.paid,
    price: take.price,
    ended: end && { collateralReturned: end.collateralReturned, badDebt: end.badDebt },
  };
}
