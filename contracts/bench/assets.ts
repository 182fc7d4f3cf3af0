// The tokens, feeds and funded actors every protocol's benchmark shares: OpenZeppelin ERC-20s
// (DevToken) and Chainlink-style feeds (DevPriceFeed, 8 decimals) from Keel's own build.
import { type Address, maxUint256, parseUnits } from "viem";
import type { Chain, Wallet } from "./chain.ts";

export type Asset = "WETH" | "USDC" | "WBTC" | "LST" | "DAI";

type TokenSpec = { name: string; decimals: number; feed: string; usd: number; dropped: number };

/** USD prices before and after the crash that makes the liquidation possible (−20% for volatile assets). */
export const TOKENS: Record<Asset, TokenSpec> = {
  WETH: { name: "Wrapped Ether", decimals: 18, feed: "ETH / USD", usd: 3000, dropped: 2400 },
  USDC: { name: "USD Coin", decimals: 6, feed: "USDC / USD", usd: 1, dropped: 1 },
  WBTC: { name: "Wrapped Bitcoin", decimals: 8, feed: "BTC / USD", usd: 60_000, dropped: 48_000 },
  LST: { name: "Liquid Staked Ether", decimals: 18, feed: "LST / USD", usd: 3300, dropped: 2640 },
  DAI: { name: "Dai-like Stablecoin", decimals: 18, feed: "DAI / USD", usd: 1, dropped: 1 },
};

const FEED_DECIMALS = 8;

export type Token = Awaited<ReturnType<typeof deployToken>>;
export type Feed = Awaited<ReturnType<typeof deployFeed>>;

async function deployToken(chain: Chain, symbol: Asset) {
  const spec = TOKENS[symbol];
  return chain.deploy(() => chain.viem.deployContract("DevToken", [spec.name, symbol, spec.decimals]));
}

async function deployFeed(chain: Chain, symbol: Asset) {
  const spec = TOKENS[symbol];
  const answer = BigInt(spec.usd) * 10n ** BigInt(FEED_DECIMALS);
  return chain.deploy(() => chain.viem.deployContract("DevPriceFeed", [FEED_DECIMALS, spec.feed, answer]));
}

/** The actors of the scenario, by role; index 0 (the deployer) also lists markets and starts flash loans. */
export type Actors = {
  deployer: Wallet;
  lenderA: Wallet;
  lenderB: Wallet;
  borrower: Wallet;
  borrower2: Wallet;
  liquidator: Wallet;
};

export type Assets = {
  chain: Chain;
  actors: Actors;
  tokens: Partial<Record<Asset, Token>> & { WETH: Token; USDC: Token };
  feeds: Partial<Record<Asset, Feed>> & { WETH: Feed; USDC: Feed };
  units(symbol: Asset, amount: string): bigint;
  /** Republishes every feed (live feeds keep updating), at the crash prices when `dropped`. */
  publish(dropped: boolean): Promise<void>;
  /** Gives the borrower the USDC it needs, on top of what it borrowed, to repay its interest. */
  fundInterest(): Promise<void>;
  /** Every actor approves `spender` for every token, once, as wallets do before their first use. */
  approveAll(spender: Address): Promise<void>;
};

/** Deploys the tokens and feeds (WETH and USDC, or all five) and funds the actors. */
export async function deployAssets(chain: Chain, symbols: Asset[]): Promise<Assets> {
  const [deployer, lenderA, lenderB, borrower, borrower2, liquidator] = chain.wallets;
  const actors: Actors = { deployer, lenderA, lenderB, borrower, borrower2, liquidator };
  const tokens: Partial<Record<Asset, Token>> = {};
  const feeds: Partial<Record<Asset, Feed>> = {};
  for (const symbol of symbols) {
    tokens[symbol] = await deployToken(chain, symbol);
    feeds[symbol] = await deployFeed(chain, symbol);
    chain.label(tokens[symbol].address, `${symbol} token`);
    chain.label(feeds[symbol].address, `${TOKENS[symbol].feed} feed`);
  }
  const units = (symbol: Asset, amount: string) => parseUnits(amount, TOKENS[symbol].decimals);

  // Balances above what the scenario moves, so no balance returns to zero by accident. Borrowers
  // hold no USDC before they borrow it (their first borrow creates the balance, as for a real user);
  // the interest they owe is given to them before they repay (see `fundInterest`).
  const funding: [Wallet, Asset, string][] = [
    [lenderA, "USDC", "10000000"],
    [lenderB, "USDC", "10000000"],
    [borrower, "WETH", "100"],
    [borrower, "WBTC", "10"],
    [borrower2, "WETH", "100"],
    [borrower2, "WBTC", "10"],
    [liquidator, "USDC", "1000000"],
  ];
  for (const [wallet, symbol, amount] of funding) {
    const token = tokens[symbol];
    if (!token) continue;
    await chain.tx(() => token.write.mint([wallet.account.address, units(symbol, amount)]));
  }

  return {
    chain,
    actors,
    tokens: tokens as Assets["tokens"],
    feeds: feeds as Assets["feeds"],
    units,
    async publish(dropped) {
      for (const symbol of symbols) {
        const spec = TOKENS[symbol];
        const usd = dropped ? spec.dropped : spec.usd;
        const feed = feeds[symbol] as Feed;
        await chain.tx(() => feed.write.setAnswer([BigInt(usd) * 10n ** BigInt(FEED_DECIMALS)]));
      }
    },
    async fundInterest() {
      const usdc = tokens.USDC as Token;
      await chain.tx(() => usdc.write.mint([borrower.account.address, units("USDC", "1000")]));
    },
    async approveAll(spender) {
      for (const wallet of Object.values(actors)) {
        for (const symbol of symbols) {
          const token = tokens[symbol] as Token;
          await chain.tx(() => token.write.approve([spender, maxUint256], { account: wallet.account }));
        }
      }
    },
  };
}
