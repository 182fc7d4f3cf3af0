import type { KeelDeployment } from "@keel/sdk";
import { type Address, type Chain, getAddress, type PublicClient, parseAbi, type Transport } from "viem";
import { unlessReverted } from "./context.ts";

const routerAbi = parseAbi([
  "function getAmountsOut(uint256 amountIn, address[] path) view returns (uint256[] amounts)",
]);

/** Hops a sale may take: direct, or through one or two other tokens. */
const MAX_HOPS = 3;

/**
 * Sales through the deployment's Uniswap V2 pairs: every path of up to three hops from one token to
 * another (found once from the manifest's pairs), quoted on the router at the block being processed,
 * and the best quote chosen.
 */
export class Routes {
  private readonly neighbours = new Map<Address, Set<Address>>();
  private readonly paths = new Map<string, Address[][]>();

  private readonly client: PublicClient<Transport, Chain>;
  private readonly deployment: KeelDeployment;

  constructor(client: PublicClient<Transport, Chain>, deployment: KeelDeployment) {
    this.client = client;
    this.deployment = deployment;
    const bySymbol = (symbol: string) => deployment.tokens[symbol]?.address;
    for (const label of Object.keys(deployment.uniswap.pairs)) {
      const [a, b] = label.split("/").map(bySymbol);
      if (a === undefined || b === undefined) continue;
      this.link(getAddress(a), getAddress(b));
      this.link(getAddress(b), getAddress(a));
    }
  }

  get router(): Address {
    return this.deployment.uniswap.router;
  }

  /** Every simple path from `from` to `to` of at most three hops, shortest first. */
  pathsBetween(from: Address, to: Address): Address[][] {
    const cacheKey = `${from}>${to}`.toLowerCase();
    const cached = this.paths.get(cacheKey);
    if (cached !== undefined) return cached;
    const found: Address[][] = [];
    const walk = (path: Address[]) => {
      const last = path[path.length - 1];
      if (last.toLowerCase() === to.toLowerCase()) return void found.push(path);
      if (path.length > MAX_HOPS) return;
      for (const next of this.neighbours.get(getAddress(last)) ?? []) {
        if (!path.some((token) => token.toLowerCase() === next.toLowerCase())) walk([...path, next]);
      }
    };
    walk([getAddress(from)]);
    found.sort((a, b) => a.length - b.length);
    this.paths.set(cacheKey, found);
    return found;
  }

  /** The path that returns the most for `amountIn` at `blockNumber`, with its output; undefined when none exists or pays. */
  async best(
    from: Address,
    to: Address,
    amountIn: bigint,
    blockNumber: bigint,
  ): Promise<{ path: Address[]; amountOut: bigint } | undefined> {
    if (amountIn === 0n) return undefined;
    const quotes = await Promise.all(
      this.pathsBetween(from, to).map(async (path) => {
        const amounts = await this.client
          .readContract({
            address: this.router,
            abi: routerAbi,
            functionName: "getAmountsOut",
            args: [amountIn, path],
            blockNumber,
          })
          .catch((error: unknown) => {
            // A path the router cannot quote (a pair without reserves) is no route; a network failure is rethrown.
            unlessReverted(error);
            return undefined;
          });
        return amounts === undefined ? undefined : { path, amountOut: amounts[amounts.length - 1] };
      }),
    );
    let best: { path: Address[]; amountOut: bigint } | undefined;
    for (const quote of quotes)
      if (quote !== undefined && (best === undefined || quote.amountOut > best.amountOut)) best = quote;
    return best !== undefined && best.amountOut > 0n ? best : undefined;
  }

  private link(a: Address, b: Address): void {
    if (!this.neighbours.has(a)) this.neighbours.set(a, new Set());
    this.neighbours.get(a)?.add(b);
  }
}
