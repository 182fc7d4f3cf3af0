import type { Address } from "viem";
import { readContract } from "viem/actions";
import { iPriceOracleAbi } from "../abis/IPriceOracle.ts";
import { iUniswapV2QuotesAbi } from "../abis/IUniswapV2Quotes.ts";
import { peripheryRegistryAbi } from "../abis/PeripheryRegistry.ts";
import type { KeelReadClient } from "../internal/types.ts";
import { MathError } from "../math/errors.ts";
import { swapDeviationBps } from "../math/swapCheck.ts";

/** Where swaps are quoted: the Uniswap V2 router, and the tokens a route may pass through. */
export type QuoteVenue = { router: Address; hubs?: readonly Address[] };

/** A route and what it delivers (or costs). */
export type RouteQuote = { path: Address[]; amount: bigint };

function routes(tokenIn: Address, tokenOut: Address, hubs: readonly Address[] = []): Address[][] {
  const other = (hub: Address) =>
    hub.toLowerCase() !== tokenIn.toLowerCase() && hub.toLowerCase() !== tokenOut.toLowerCase();
  return [[tokenIn, tokenOut], ...hubs.filter(other).map((hub) => [tokenIn, hub, tokenOut])];
}

async function quotes(
  client: KeelReadClient,
  venue: QuoteVenue,
  functionName: "getAmountsOut" | "getAmountsIn",
  tokenIn: Address,
  tokenOut: Address,
  amount: bigint,
): Promise<{ path: Address[]; amounts: readonly bigint[] }[]> {
  const quoted = await Promise.all(
    routes(tokenIn, tokenOut, venue.hubs).map(async (path) => {
      try {
        const amounts = await readContract(client, {
          address: venue.router,
          abi: iUniswapV2QuotesAbi,
          functionName,
          args: [amount, path],
        });
        return { path, amounts };
      } catch {
        return undefined; // no pair along this route
      }
    }),
  );
  const found = quoted.filter((q) => q !== undefined);
  if (found.length === 0) {
    throw new MathError("The router has no market between these two tokens (directly or through a hub token).");
  }
  return found;
}

/** The route that delivers most for `amountIn`, and what it delivers. */
export async function quoteOut(
  client: KeelReadClient,
  venue: QuoteVenue,
  tokenIn: Address,
  tokenOut: Address,
  amountIn: bigint,
): Promise<RouteQuote> {
  const found = await quotes(client, venue, "getAmountsOut", tokenIn, tokenOut, amountIn);
  const last = (q: { amounts: readonly bigint[] }) => q.amounts[q.amounts.length - 1];
  const best = found.reduce((a, b) => (last(b) > last(a) ? b : a));
  return { path: best.path, amount: last(best) };
}

/** The route that costs least for `amountOut`, and what it costs. */
export async function quoteIn(
  client: KeelReadClient,
  venue: QuoteVenue,
  tokenIn: Address,
  tokenOut: Address,
  amountOut: bigint,
): Promise<RouteQuote> {
  const found = await quotes(client, venue, "getAmountsIn", tokenIn, tokenOut, amountOut);
  const best = found.reduce((a, b) => (b.amounts[0] < a.amounts[0] ? b : a));
  return { path: best.path, amount: best.amounts[0] };
}

/** A quote's shortfall against the registry's oracles, in BPS, as the bundler and the policies check it. */
export async function quoteDeviation(
  client: KeelReadClient,
  registry: Address,
  swap: { tokenIn: Address; tokenOut: Address; amountIn: bigint; quotedOut: bigint },
): Promise<bigint> {
  const priceOf = async (token: Address) => {
    const oracle = await readContract(client, {
      address: registry,
      abi: peripheryRegistryAbi,
      functionName: "priceOracle",
      args: [token],
    });
    return readContract(client, { address: oracle, abi: iPriceOracleAbi, functionName: "price" });
  };
  const [priceIn, priceOut] = await Promise.all([priceOf(swap.tokenIn), priceOf(swap.tokenOut)]);
  return swapDeviationBps(swap.amountIn, priceIn, swap.quotedOut, priceOut);
}

/** Refuses, with a sentence, a quote the bundler would refuse for its price. */
export function requireWithinBound(deviationBps: bigint, maxDeviationBps: bigint): void {
  if (deviationBps <= maxDeviationBps) return;
  throw new MathError(
    `The swap would get ${Number(deviationBps) / 100}% less value than it sells at the oracles' prices, beyond the ${Number(maxDeviationBps) / 100}% allowed, so the bundler would refuse it: the market is too thin for this size. Use a smaller amount, or accept a larger price impact explicitly.`,
  );
}
