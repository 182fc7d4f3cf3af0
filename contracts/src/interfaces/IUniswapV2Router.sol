// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title IUniswapV2Router
/// @notice The part of the public Uniswap V2 router interface Keel's periphery uses.
interface IUniswapV2Router {
    function swapExactTokensForTokens(
        uint256 amountIn,
        uint256 amountOutMin,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external returns (uint256[] memory amounts);
}
