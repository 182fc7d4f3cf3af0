// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title IPriceOracle
/// @notice A price adapter used by a reserve. It reverts with a typed error when it cannot
/// vouch for a price; it never returns zero.
interface IPriceOracle {
    /// @notice Returns the price of one token unit, scaled as documented on PRICE_SCALE.
    /// @return The price, at PRICE_SCALE: value in WAD of USD = amount in token units × price / 1e18.
    function price() external view returns (uint256);

    /// @notice The latest price the source reported, scaled as `price`, without the freshness checks
    /// `price` applies (age, sequencer); it still refuses answers that are not prices (≤ 0, or held
    /// at a feed's circuit-breaker bound).
    /// @dev Used only to value an account while `price` fails, never to lend against: a stale answer
    /// is a better estimate than none when deciding whether an account may be liquidated.
    /// @return The last reported price, at PRICE_SCALE.
    function lastPrice() external view returns (uint256);
}
