// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title ISwapAdapter
/// @notice A venue the periphery may swap through once governance allowlists it (see IPeripheryRegistry).
/// @dev Warning: an adapter trusts nobody and holds nothing between calls. The caller sends `amountIn`
/// of `tokenIn` to the adapter first, then calls `swap` in the same transaction; the adapter sells
/// exactly that amount and sends what it bought to `receiver`. The caller measures what arrived itself
/// and applies its own minimum and oracle bound: an adapter's return value is informative only.
interface ISwapAdapter {
    /// @notice Sells `amountIn` of `tokenIn`, already held by the adapter, for `tokenOut` sent to `receiver`.
    /// @param tokenIn The token sold.
    /// @param tokenOut The token bought.
    /// @param amountIn The amount of `tokenIn` to sell, in its units.
    /// @param receiver The recipient of the tokens bought.
    /// @param data Venue-specific route (for Uniswap V2: an ABI-encoded `address[]` path, or empty for the
    /// direct pair).
    /// @return amountOut The amount of `tokenOut` sent to `receiver`, as the venue reported it.
    function swap(
        address tokenIn,
        address tokenOut,
        uint256 amountIn,
        address receiver,
        bytes calldata data
    ) external returns (uint256 amountOut);
}
