// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IUniswapV2Router} from "../../src/interfaces/IUniswapV2Router.sol";

/// @dev A constant-product market (x·y = k, 0.3% fee on the input) behind the router call Keel's
/// periphery makes, so that tests can trade against it, move its price and sandwich a keeper. It holds
/// its reserves itself; one market per unordered token pair; paths of exactly two tokens.
contract ConstantProductRouter is IUniswapV2Router {
    error OutputBelowMinimum(uint256 amountOut, uint256 amountOutMin);
    error Expired();

    mapping(address => mapping(address => uint256)) public reserveOf;

    /// @dev Adds `amountA` of `tokenA` and `amountB` of `tokenB` to their market, from the caller.
    function addLiquidity(address tokenA, address tokenB, uint256 amountA, uint256 amountB) external {
        IERC20(tokenA).transferFrom(msg.sender, address(this), amountA);
        IERC20(tokenB).transferFrom(msg.sender, address(this), amountB);
        reserveOf[tokenA][tokenB] += amountA;
        reserveOf[tokenB][tokenA] += amountB;
    }

    function quote(uint256 amountIn, address tokenIn, address tokenOut) public view returns (uint256) {
        uint256 reserveIn = reserveOf[tokenIn][tokenOut];
        uint256 reserveOut = reserveOf[tokenOut][tokenIn];
        uint256 inWithFee = amountIn * 997;
        return (inWithFee * reserveOut) / (reserveIn * 1000 + inWithFee);
    }

    function swapExactTokensForTokens(
        uint256 amountIn,
        uint256 amountOutMin,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external returns (uint256[] memory amounts) {
        require(block.timestamp <= deadline, Expired());
        (address tokenIn, address tokenOut) = (path[0], path[1]);
        uint256 amountOut = quote(amountIn, tokenIn, tokenOut);
        require(amountOut >= amountOutMin, OutputBelowMinimum(amountOut, amountOutMin));
        IERC20(tokenIn).transferFrom(msg.sender, address(this), amountIn);
        reserveOf[tokenIn][tokenOut] += amountIn;
        reserveOf[tokenOut][tokenIn] -= amountOut;
        IERC20(tokenOut).transfer(to, amountOut);
        amounts = new uint256[](2);
        (amounts[0], amounts[1]) = (amountIn, amountOut);
    }
}
