// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ISwapAdapter} from "../interfaces/ISwapAdapter.sol";
import {IUniswapV2Router} from "../interfaces/IUniswapV2Router.sol";

/// @title UniswapV2SwapAdapter
/// @notice Swaps through a Uniswap V2 router: the direct pair, or a path given in `data`.
/// @dev Holds nothing between calls: it sells exactly `amountIn`, the router pulls exactly that, and the
/// bought tokens go straight to the receiver. It sets no minimum of its own: the caller measures what
/// arrived and applies its minimum and its oracle bound.
contract UniswapV2SwapAdapter is ISwapAdapter {
    using SafeERC20 for IERC20;

    /// @notice Thrown when a path does not start with the token sold and end with the token bought.
    error InvalidPath();

    IUniswapV2Router public immutable router;

    constructor(IUniswapV2Router router_) {
        router = router_;
    }

    /// @inheritdoc ISwapAdapter
    function swap(
        address tokenIn,
        address tokenOut,
        uint256 amountIn,
        address receiver,
        bytes calldata data
    ) external returns (uint256 amountOut) {
        address[] memory path = _path(tokenIn, tokenOut, data);
        IERC20(tokenIn).forceApprove(address(router), amountIn);
        uint256[] memory amounts = router.swapExactTokensForTokens(amountIn, 0, path, receiver, block.timestamp);
        amountOut = amounts[amounts.length - 1];
    }

    function _path(
        address tokenIn,
        address tokenOut,
        bytes calldata data
    ) internal pure returns (address[] memory path) {
        if (data.length == 0) {
            path = new address[](2);
            (path[0], path[1]) = (tokenIn, tokenOut);
            return path;
        }
        path = abi.decode(data, (address[]));
        require(path.length >= 2 && path[0] == tokenIn && path[path.length - 1] == tokenOut, InvalidPath());
    }
}
