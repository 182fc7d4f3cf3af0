// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title IUniswapV2Quotes
/// @notice The quoting views of the public Uniswap V2 router, which Keel's tools read to size swaps.
interface IUniswapV2Quotes {
    /// @notice What selling `amountIn` of `path[0]` along `path` would deliver now, step by step.
    /// @param amountIn The amount sold, in the first token's units.
    /// @param path The tokens swapped through, first the one sold.
    /// @return amounts The amount entering each step; the last entry is what the swap would deliver.
    function getAmountsOut(uint256 amountIn, address[] calldata path) external view returns (uint256[] memory amounts);

    /// @notice What buying `amountOut` of the last token of `path` would cost now, step by step.
    /// @param amountOut The amount bought, in the last token's units.
    /// @param path The tokens swapped through, first the one sold.
    /// @return amounts The amount entering each step; the first entry is what the swap would cost.
    function getAmountsIn(uint256 amountOut, address[] calldata path) external view returns (uint256[] memory amounts);
}
