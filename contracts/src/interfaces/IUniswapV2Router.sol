// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title IUniswapV2Router
/// @notice The part of the public Uniswap V2 router interface Keel's periphery uses.
interface IUniswapV2Router {
    /// @notice Sells exactly `amountIn` of the first token of `path` for as much as possible of the
    /// last one, swapping through the router's pair of each consecutive two tokens of the path.
    /// @dev The router pulls `amountIn` of `path[0]` from the caller, which must have approved it.
    /// The whole swap reverts if it would deliver less than `amountOutMin` or runs after `deadline`.
    /// @param amountIn The exact amount of `path[0]` to sell, in that token's units.
    /// @param amountOutMin The least amount of the last token of `path` the swap may deliver.
    /// @param path The tokens to swap through, first the one sold and last the one bought; at least two.
    /// @param to The recipient of the bought tokens.
    /// @param deadline The Unix timestamp, in seconds, after which the swap reverts.
    /// @return amounts The amount entering each step: `amounts[0]` is `amountIn`, and the last entry is
    /// the amount of the last token delivered to `to`.
    function swapExactTokensForTokens(
        uint256 amountIn,
        uint256 amountOutMin,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external returns (uint256[] memory amounts);
}
