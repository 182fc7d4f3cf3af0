// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IPriceOracle} from "./IPriceOracle.sol";
import {ISwapAdapter} from "./ISwapAdapter.sol";

/// @title IPeripheryRegistry
/// @notice What governance vouches for on behalf of the periphery (bundler and protection policies):
/// which swap adapters may be used, and which oracle prices each token when a swap is checked against
/// fair value. It holds no funds and grants no power over anyone's positions.
interface IPeripheryRegistry {
    /// @notice A swap adapter was allowed or removed.
    /// @param adapter The adapter.
    /// @param allowed True if the periphery may now swap through it.
    event SetSwapAdapter(address indexed adapter, bool allowed);
    /// @notice The oracle that prices `token` for swap checks was set; zero removes it.
    /// @param token The token.
    /// @param oracle The price adapter, at Keel's PRICE_SCALE for this token's units.
    event SetPriceOracle(address indexed token, address indexed oracle);

    /// @notice Allows or removes a swap adapter. Owner (governance) only.
    /// @param adapter The adapter; must not be zero.
    /// @param allowed True to allow it.
    function setSwapAdapter(ISwapAdapter adapter, bool allowed) external;

    /// @notice Sets the oracle that prices `token` when a swap leg is checked against fair value. Owner only.
    /// @param token The token; must not be zero.
    /// @param oracle The price adapter (Keel's PRICE_SCALE for the token's units); zero removes it.
    function setPriceOracle(address token, IPriceOracle oracle) external;

    /// @notice Whether the periphery may swap through `adapter`.
    /// @param adapter The adapter.
    /// @return True while governance allows it.
    function isSwapAdapter(address adapter) external view returns (bool);

    /// @notice The oracle that prices `token` for swap checks.
    /// @param token The token.
    /// @return The price adapter; zero when governance has set none, and then only a swap that accepts
    /// any price (a bound of 100%) may sell or buy the token.
    function priceOracle(address token) external view returns (IPriceOracle);
}
