// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @dev Oracle prices are scaled so that value(WAD USD) = amount(token units) × price / 1e18.
/// For a token with `d` decimals quoted at P USD per whole token, price = P × 10^(36 − d).
/// Examples: USDC (6 decimals) at 1 USD → 1e30; WETH (18) at 3000 USD → 3000e18.
uint256 constant PRICE_SCALE = 1e18;

/// @title IPriceOracle
/// @notice A price adapter used by a reserve. It reverts with a typed error when it cannot
/// vouch for a price; it never returns zero.
interface IPriceOracle {
    /// @notice Returns the price of one token unit, scaled as documented on PRICE_SCALE.
    function price() external view returns (uint256);

    /// @notice The latest price the source reported, scaled as `price`, without the freshness checks
    /// `price` applies (age, sequencer); it still refuses answers that are not prices (≤ 0, or held
    /// at a feed's circuit-breaker bound).
    /// @dev Used only to value an account while `price` fails, never to lend against: a stale answer
    /// is a better estimate than none when deciding whether an account may be liquidated.
    function lastPrice() external view returns (uint256);
}
