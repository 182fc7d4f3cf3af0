import { type Address, erc20Abi } from "viem";
import { auctionTakerAbi } from "../../abis/AuctionTaker.ts";
import { cdpEngineAbi } from "../../abis/CdpEngine.ts";
import type { KeelWriteErrorType } from "../../errors/types.ts";
import { addressOf, resolveAccount } from "../../internal/account.ts";
import { contractEvent } from "../../internal/events.ts";
import { execute } from "../../internal/execute.ts";
import { read } from "../../internal/read.ts";
import type { KeelWalletClient, WriteParameters, WriteReturnType } from "../../internal/types.ts";
import { cdpErrorContext } from "./errorContext.ts";

export type TakeAuctionWithTakerParameters = WriteParameters & {
  /** The AuctionTaker periphery contract (the manifest's `cdp.auctionTaker`). */
  auctionTaker: Address;
  vaultId: bigint;
  /** The most collateral to buy (token units). */
  maxCollateral: bigint;
  /** The highest auction price accepted (PRICE_SCALE). */
  maxPrice: bigint;
  /**
   * Uniswap V2 path from the collateral token to kUSD, or to the peg module's stablecoin (then swapped
   * for kUSD in the module), e.g. [WETH, USDC].
   */
  path: readonly Address[];
  /** kUSD wei the sender must at least receive after the price is paid; default 0. */
  minProfit?: bigint;
};
export type TakeAuctionWithTakerReturnType = WriteReturnType & {
  /** kUSD wei paid to the sender: the sale's proceeds less the auction price. */
  profit: bigint;
  collateral: bigint;
  paid: bigint;
  price: bigint;
};
/**
 * KeelContractError: InsufficientProfit (the sale raised less than the price, or than `minProfit`), the
 * engine's take errors (AuctionStale, PriceAboveMax, …), the peg module's or the router's; or RpcRequestError.
 */
export type TakeAuctionWithTakerErrorType = KeelWriteErrorType;

/**
 * Takes from an auction without capital: the AuctionTaker receives the collateral, sells it along `path`
 * on the Uniswap V2 router, lets the engine burn the price from the proceeds and pays the sender the rest.
 */
export async function takeAuctionWithTaker(
  client: KeelWalletClient,
  parameters: TakeAuctionWithTakerParameters,
): Promise<TakeAuctionWithTakerReturnType> {
  const { auctionTaker, vaultId, maxCollateral, maxPrice, path, minProfit = 0n } = parameters;
  const account = resolveAccount(client, parameters.account);
  const [engine, kusd] = await Promise.all([
    read(client, { address: auctionTaker, abi: auctionTakerAbi, functionName: "engine" }),
    read(client, { address: auctionTaker, abi: auctionTakerAbi, functionName: "kusd" }),
  ]);
  const { hash, receipt } = await execute(client, {
    address: auctionTaker,
    abi: auctionTakerAbi,
    functionName: "takeAndSell",
    args: [vaultId, maxCollateral, maxPrice, path, minProfit],
    account,
    // The taker's own errors (InsufficientProfit) speak of kUSD.
    errorContext: () => cdpErrorContext(client, { engine, vaultId, operation: "takeAuctionWithTaker", moves: "kUSD" }),
  });
  const take = contractEvent(receipt, { address: engine, abi: cdpEngineAbi, eventName: "Take", match: { vaultId } });
  const payout = contractEvent(receipt, {
    address: kusd,
    abi: erc20Abi,
    eventName: "Transfer",
    match: { from: auctionTaker, to: addressOf(account) },
  });
  return {
    hash,
    receipt,
    profit: payout.value,
    collateral: take.collateral,
    paid: take.paid,
    price: take.price,
  };
}
