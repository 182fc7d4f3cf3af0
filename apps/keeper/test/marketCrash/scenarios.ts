/**
 * The market crash replay's price paths: three historical shocks replayed in 10-minute steps against
 * the devnet's starting prices (ETH $3,000, BTC $60,000, wstETH at its exchange rate, USDC and DAI at
 * $1). Every path is derived from a fixed seed, so each run replays the same market to the wei.
 */
import { crashPath, seededRandom } from "../../../../contracts/test/fixtures/crash.ts";

/** Seconds between two price updates. */
export const STEP_SECONDS = 600n;

/** 1e18: the scale of the staking token's peg. */
const WAD = 10n ** 18n;

/**
 * The market at one step: Chainlink-style USD answers with 8 decimals, and wstETH's market price as a
 * share (WAD) of its fundamental price (exchange rate × ETH). The replay posts the wstETH feed as
 * rate × ETH × `lstPeg`, as `keel devnet price` moves it with ETH and keeps a depeg set on it.
 */
export type MarketPoint = { eth: bigint; btc: bigint; usdc: bigint; dai: bigint; lstPeg: bigint };

export type Scenario = {
  key: "eth-crash" | "steth-depeg" | "usdc-depeg" | "eth-stress";
  title: string;
  /** What the path replays, for the report. */
  summary: string;
  /** Points 0 … steps; point 0 is the devnet's starting market. */
  points: MarketPoint[];
};

/**
 * Levels (multiples of the start) at each step from 0 to the last anchor's: the anchors joined in
 * log space, with seeded noise of about `noise` per step tied to zero at every anchor (a Brownian
 * bridge between anchors), so the path passes through each anchor exactly.
 */
export function anchoredPath(anchors: readonly (readonly [number, number])[], seed: number, noise: number): number[] {
  const steps = anchors[anchors.length - 1][0];
  const random = seededRandom(seed);
  const walk = [0];
  for (let i = 1; i <= steps; i++) walk.push(walk[i - 1] + (random() * 2 - 1) * noise * Math.sqrt(3));
  return Array.from({ length: steps + 1 }, (_, step) => {
    const next = anchors.findIndex(([s]) => s >= step);
    const [s1, l1] = anchors[next];
    if (s1 === step) return l1;
    const [s0, l0] = anchors[next - 1];
    const f = (step - s0) / (s1 - s0);
    const trend = Math.log(l0) + (Math.log(l1) - Math.log(l0)) * f;
    const bridge = walk[step] - walk[s0] - (walk[s1] - walk[s0]) * f;
    return Math.exp(trend + bridge);
  });
}

const answer = (usd: number) => BigInt(Math.round(usd * 1e8));
const wad = (share: number) => BigInt(Math.round(share * 1e6)) * 10n ** 12n;
/** BTC moves with ETH at a beta of 0.8, as it broadly did in each of these crises. */
const btcFor = (ethLevel: number) => answer(60_000 * ethLevel ** 0.8);

/**
 * 12 March 2020: ETH −50% in 24 hours (the kUSD replay's path and seed, so both replays see the same
 * ETH), BTC −43% with it. Stablecoins and the staking token hold their pegs.
 */
export function ethCrash(): Scenario {
  const eth = crashPath(3_000, 144, 20_200_312);
  return {
    key: "eth-crash",
    title: "ETH −50% in 24 hours (12 March 2020)",
    summary:
      "ETH falls from $3,000 to $1,500 in 144 ten-minute steps in the shape of 12 March 2020 (the kUSD " +
      "crash replay's path and seed); BTC follows at a beta of 0.8 (−43%); wstETH keeps its exchange " +
      "rate to ETH; USDC and DAI stay at $1.",
    points: eth.map((price) => ({
      eth: price,
      btc: btcFor(Number(price) / 3_000e8),
      usdc: 10n ** 8n,
      dai: 10n ** 8n,
      lstPeg: WAD,
    })),
  };
}

/** Anchors of stETH's discount to ETH in June 2022, compressed into 24 hours: a slide, a plunge, a partial bounce. */
const LST_PEG_ANCHORS = [
  [0, 1],
  [30, 0.99],
  [60, 0.975],
  [84, 0.96],
  [100, 0.945],
  [112, 0.935],
  [128, 0.946],
  [144, 0.94],
] as const;
/** ETH drifting down 15% in the same day. */
const LST_ETH_ANCHORS = [
  [0, 1],
  [40, 0.97],
  [80, 0.93],
  [112, 0.86],
  [144, 0.85],
] as const;

/**
 * June 2022: stETH trades down to 0.935 ETH while ETH drifts down 15%. wstETH's market feed follows
 * (rate × ETH × discount), and the pools' LstAdapter reads the lesser of it and rate × ETH.
 */
export function stethDepeg(): Scenario {
  const peg = anchoredPath(LST_PEG_ANCHORS, 20_220_613, 0.0008).map((share) => Math.max(0.935, Math.min(1, share)));
  const eth = anchoredPath(LST_ETH_ANCHORS, 20_220_618, 0.004);
  return {
    key: "steth-depeg",
    title: "stETH depegs to 0.935 ETH (June 2022)",
    summary:
      "wstETH's market price falls from its exchange rate to 0.935 of it (stETH at 0.935 ETH) over " +
      "24 hours, slowly and then in a plunge, and bounces to 0.94; ETH drifts from $3,000 to $2,550 " +
      "(−15%) and BTC follows at a beta of 0.8; stablecoins hold.",
    points: eth.map((level, step) => ({
      eth: answer(3_000 * level),
      btc: btcFor(level),
      usdc: 10n ** 8n,
      dai: 10n ** 8n,
      lstPeg: wad(peg[step]),
    })),
  };
}

/** USDC over a weekend like 10–13 March 2023, compressed into 36 hours: the slide, the low, the wait, the rescue. */
const USDC_ANCHORS = [
  [0, 1],
  [24, 0.997],
  [36, 0.97],
  [54, 0.93],
  [66, 0.87],
  [84, 0.9],
  [108, 0.915],
  [132, 0.9],
  [156, 0.92],
  [180, 0.96],
  [204, 0.97],
  [216, 0.975],
] as const;

/**
 * March 2023: USDC falls to $0.87 over a weekend and recovers partly to $0.975. DAI, mostly backed by
 * USDC then, loses 80% as much (low $0.896); ETH and BTC drift up a little in dollars.
 */
export function usdcDepeg(): Scenario {
  const usdc = anchoredPath(USDC_ANCHORS, 20_230_311, 0.002).map((price) => Math.max(0.87, Math.min(1, price)));
  const eth = anchoredPath(
    [
      [0, 1],
      [108, 1.02],
      [216, 1.04],
    ],
    20_230_312,
    0.003,
  );
  return {
    key: "usdc-depeg",
    title: "USDC falls to $0.87 over a weekend (March 2023)",
    summary:
      "USDC slides from $1 to $0.87 in 11 hours, waits between $0.88 and $0.92 for a day and recovers " +
      "to $0.975 (216 ten-minute steps, 36 hours); DAI loses 80% as much (low $0.896); ETH drifts up 4% " +
      "and BTC follows at a beta of 0.8. The pools read a stablecoin at $1 only within ±2% of its peg, " +
      "so below $0.98 they see the market price.",
    points: eth.map((level, step) => ({
      eth: answer(3_000 * level),
      btc: btcFor(level),
      usdc: answer(usdc[step]),
      dai: answer(1 - 0.8 * (1 - usdc[step])),
      lstPeg: WAD,
    })),
  };
}

/**
 * Beyond history, for the deep profile: the same day's shape deepened to ETH −80% (each level of the
 * 12 March 2020 path raised to the power 2.32), BTC −72% with it, to find where bad debt begins.
 */
export function ethStress(): Scenario {
  const levels = crashPath(3_000, 144, 20_200_312).map((price) => (Number(price) / 3_000e8) ** 2.32);
  return {
    key: "eth-stress",
    title: "Stress: ETH −80% in 24 hours",
    summary:
      "The first path deepened: each level of the 12 March 2020 shape raised to the power 2.32, so ETH " +
      "falls from $3,000 to $600 and BTC (beta 0.8) to $17,100; stablecoins and the staking token hold.",
    points: levels.map((level) => ({
      eth: answer(3_000 * level),
      btc: btcFor(level),
      usdc: 10n ** 8n,
      dai: 10n ** 8n,
      lstPeg: WAD,
    })),
  };
}

/** The scenarios in the order the replay runs them: the three historical ones, and with `deep` the stress beyond them. */
export function marketCrashScenarios(deep = false): Scenario[] {
  return deep ? [ethCrash(), stethDepeg(), usdcDepeg(), ethStress()] : [ethCrash(), stethDepeg(), usdcDepeg()];
}
