/** 1e18: the scale of rates, ratios, health factors and values (MathLib's `WAD`). */
export const WAD = 10n ** 18n;
/** 1e4: the scale of configured percentages such as LTV and reserve factor (MathLib's `BPS`). */
export const BPS = 10_000n;
/** Oracle prices: value (WAD USD) = amount (token units) × price / PRICE_SCALE, see IPriceOracle. */
export const PRICE_SCALE = WAD;
/** Seconds in the 365-day year the rate models divide yearly rates by. */
export const SECONDS_PER_YEAR = 365n * 24n * 3600n;

/** Largest uint256, also `healthFactor` of an account without debt. */
export const MAX_UINT256 = 2n ** 256n - 1n;
/** Largest uint128: every stored total and balance is a uint128 (but a reserve's treasury collateral). */
export const MAX_UINT128 = 2n ** 128n - 1n;
/** Largest uint120: a reserve's `treasuryCollateral`, which shares its slot with `totalCollateral`. */
export const MAX_UINT120 = 2n ** 120n - 1n;

/** Reserve flag: the asset may be supplied as collateral. */
export const FLAG_COLLATERAL = 1;
/** Reserve flag: the asset may be borrowed. */
export const FLAG_BORROWABLE = 2;
/** Reserve flag: frozen by the risk admin (no new supply, no new borrow). */
export const FLAG_FROZEN = 4;
/** Reserve flag: paused by the guardian (no new supply, no new borrow). */
export const FLAG_PAUSED = 8;
/** A pool holds at most this many reserves. */
export const MAX_RESERVES = 16;
