import { devPriceFeedAbi, devTokenAbi, type KeelDeployment } from "@keel/sdk";
import { type Address, formatUnits, isAddressEqual, parseAbi } from "viem";
import { type DevnetConnection, sendFromDeployer } from "./connect.ts";
import { holdAtLeast } from "./inventory.ts";
import { amountInForPrice, amountOut, isAtPrice, type Ratio, spotWad } from "./swapMath.ts";

type Token = KeelDeployment["tokens"][string];

const pairAbi = parseAbi([
  "function token0() view returns (address)",
  "function getReserves() view returns (uint112 reserve0, uint112 reserve1, uint32 blockTimestampLast)",
  "function swap(uint256 amount0Out, uint256 amount1Out, address to, bytes data)",
]);

/** A pair already this close to the feeds' price (in basis points) is left alone: 0.01%. */
const AT_PRICE_BPS = 1n;

/** A manifest pair, named `BASE/QUOTE`; its spot price is quote per base. */
export type DevnetPair = { name: string; address: Address; base: Token; quote: Token };

/** What `alignPairs` did to one pair: spot prices are quote per whole base token, with 18 decimals. */
export type PairMove = DevnetPair &
  ({ before: bigint; after: bigint; sold?: { token: Token; amount: bigint } } | { error: string });

/** The manifest's Uniswap pairs that hold any of `symbols`. */
export function pairsHolding(manifest: KeelDeployment, symbols: string[]): DevnetPair[] {
  return Object.entries(manifest.uniswap.pairs).flatMap(([name, address]) => {
    const [base, quote] = name.split("/").map((symbol) => manifest.tokens[symbol]);
    if (base === undefined || quote === undefined) return [];
    return symbols.includes(base.symbol) || symbols.includes(quote.symbol) ? [{ name, address, base, quote }] : [];
  });
}

/** The feeds' price of the base token in quote units per base unit: where an arbitrageur leaves the pair. */
async function feedRatio(connection: DevnetConnection, pair: DevnetPair): Promise<Ratio> {
  const read = (token: Token) =>
    Promise.all([
      connection.client.readContract({ address: token.feed, abi: devPriceFeedAbi, functionName: "latestRoundData" }),
      connection.client.readContract({ address: token.feed, abi: devPriceFeedAbi, functionName: "decimals" }),
    ]);
  const [[[, baseAnswer], baseFeedDecimals], [[, quoteAnswer], quoteFeedDecimals]] = await Promise.all([
    read(pair.base),
    read(pair.quote),
  ]);
  // (baseAnswer / 10^baseFeedDecimals) / (quoteAnswer / 10^quoteFeedDecimals) USD-for-USD, in units.
  return {
    numerator: baseAnswer * 10n ** BigInt(quoteFeedDecimals) * 10n ** BigInt(pair.quote.decimals),
    denominator: quoteAnswer * 10n ** BigInt(baseFeedDecimals) * 10n ** BigInt(pair.base.decimals),
  };
}

async function readReserves(connection: DevnetConnection, pair: DevnetPair) {
  const [token0, [reserve0, reserve1]] = await Promise.all([
    connection.client.readContract({ address: pair.address, abi: pairAbi, functionName: "token0" }),
    connection.client.readContract({ address: pair.address, abi: pairAbi, functionName: "getReserves" }),
  ]);
  const baseIsToken0 = isAddressEqual(token0, pair.base.address);
  return { baseIsToken0, base: baseIsToken0 ? reserve0 : reserve1, quote: baseIsToken0 ? reserve1 : reserve0 };
}

/**
 * Trades one pair to the feeds' price as an arbitrageur would: the deployer sells into the pair the
 * token it prices too high, an exact input computed from the constant product with the 0.3% fee,
 * through the pair's own `swap` (tokens in first, then the output asked for), so the pool keeps its
 * depth. The arbitrage is taken to the feed price itself, not stopped at the fee's edge, so the
 * pair's spot lands on the feed price.
 */
async function tradeToFeedPrice(connection: DevnetConnection, pair: DevnetPair): Promise<PairMove> {
  const decimals = { base: pair.base.decimals, quote: pair.quote.decimals };
  const target = await feedRatio(connection, pair);
  const reserves = await readReserves(connection, pair);
  const before = spotWad(reserves, decimals);
  if (isAtPrice(reserves, target, AT_PRICE_BPS)) return { ...pair, before, after: before };

  const sellBase = reserves.quote * target.denominator > target.numerator * reserves.base;
  const [tokenIn, reserveIn, reserveOut] = sellBase
    ? [pair.base, reserves.base, reserves.quote]
    : [pair.quote, reserves.quote, reserves.base];
  // The target as reserveOut / reserveIn: quote per base when selling base, its inverse otherwise.
  const outPerIn = sellBase ? target : { numerator: target.denominator, denominator: target.numerator };
  const amountIn = amountInForPrice(reserveIn, reserveOut, outPerIn);
  const out = amountOut(amountIn, reserveIn, reserveOut);
  if (amountIn === 0n || out === 0n) return { ...pair, before, after: before };

  await holdAtLeast(connection, tokenIn, amountIn);
  await sendFromDeployer(connection, {
    address: tokenIn.address,
    abi: devTokenAbi,
    functionName: "transfer",
    args: [pair.address, amountIn],
  });
  const outIsToken0 = sellBase !== reserves.baseIsToken0;
  await sendFromDeployer(connection, {
    address: pair.address,
    abi: pairAbi,
    functionName: "swap",
    args: [outIsToken0 ? out : 0n, outIsToken0 ? 0n : out, connection.wallet.account.address, "0x"],
  });
  const after = spotWad(await readReserves(connection, pair), decimals);
  return { ...pair, before, after, sold: { token: tokenIn, amount: amountIn } };
}

/**
 * Brings every Uniswap pair that holds one of `symbols` to the price the feeds now give, one after
 * another (the deployer sends them all). A pair that cannot be moved says why instead of failing the
 * feeds already set.
 */
export async function alignPairs(connection: DevnetConnection, symbols: string[]): Promise<PairMove[]> {
  const moves: PairMove[] = [];
  for (const pair of pairsHolding(connection.manifest, symbols)) {
    try {
      moves.push(await tradeToFeedPrice(connection, pair));
    } catch (error) {
      moves.push({ ...pair, error: reason(error) });
    }
  }
  return moves;
}

/** Why a trade failed, for one line: the contract's error name when the revert carries one. */
function reason(error: unknown): string {
  const { shortMessage, message, cause } = error as {
    shortMessage?: string;
    message?: string;
    cause?: { data?: { errorName?: string } };
  };
  const text = shortMessage ?? message ?? String(error);
  const errorName = cause?.data?.errorName;
  return errorName === undefined ? text : `${text.replace(/\.$/, "")}: ${errorName}`;
}

/** A spot price (WAD) for people: six significant digits, so 2,399.99999 reads 2,400. */
function formatSpot(wad: bigint): string {
  return Number(formatUnits(wad, 18)).toLocaleString("en-US", { maximumSignificantDigits: 6 });
}

/** One line per pair: its spot before and after, and what the arbitrageur sold. */
export function describePairMove(move: PairMove): string {
  const label = `Uniswap ${move.name}`;
  if ("error" in move) return `${label}: not moved (${move.error})`;
  const unit = `${move.quote.symbol} per ${move.base.symbol}`;
  if (move.sold === undefined) return `${label}: ${formatSpot(move.before)} ${unit}, already at the feeds' price`;
  const sold = Number(formatUnits(move.sold.amount, move.sold.token.decimals)).toLocaleString("en-US", {
    maximumSignificantDigits: 6,
  });
  return `${label}: ${formatSpot(move.before)} → ${formatSpot(move.after)} ${unit} (arbitrage sold ${sold} ${move.sold.token.symbol})`;
}
