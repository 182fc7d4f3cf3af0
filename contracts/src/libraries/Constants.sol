// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

// The scales every Keel contract shares. One definition each, so a scale can never differ between the
// pool, the kUSD engine and the periphery.

/// @dev 1e18: the scale of rates, ratios, health factors and values in the quote currency.
uint256 constant WAD = 1e18;

/// @dev WAD as a signed integer, for the exponential and the adaptive rate curves.
int256 constant WAD_INT = 1e18;

/// @dev 1e4: the scale of configured percentages (LTV, thresholds, bonuses, fees), packed as uint16.
uint256 constant BPS = 1e4;

/// @dev 1e27: the scale of the stability-fee rate accumulator and of the per-second fee. A finer scale
/// than WAD keeps a per-second fee (about 1.5e-9 for 5% a year) exact to 18 digits.
uint256 constant RAY = 1e27;

/// @dev Oracle prices are scaled so that value (WAD of the quote currency) = amount (token units) ×
/// price / 1e18. For a token with `d` decimals quoted at P per whole token, price = P × 10^(36 − d).
/// Examples: USDC (6 decimals) at 1 USD → 1e30; WETH (18) at 3000 USD → 3000e18.
uint256 constant PRICE_SCALE = 1e18;

/// @dev ln(2) in WAD, rounded down: the half-life of the auction curve and the exponential's range
/// reduction use it.
int256 constant LN2 = 693_147_180_559_945_309;
