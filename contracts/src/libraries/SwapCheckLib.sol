// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IPeripheryErrors} from "../interfaces/IPeripheryErrors.sol";
import {IPeripheryRegistry} from "../interfaces/IPeripheryRegistry.sol";
import {IPriceOracle} from "../interfaces/IPriceOracle.sol";
import {BPS, PRICE_SCALE} from "./Constants.sol";
import {MathLib} from "./MathLib.sol";

/// @title SwapCheckLib
/// @notice The fair-value check of a swap leg: what was bought, valued at the registry's oracle, may fall
/// short of what was sold by at most a bound in BPS. The periphery applies it to every swap it makes.
library SwapCheckLib {
    using MathLib for uint256;

    /// @dev Reverts unless the value of `amountOut` of `tokenOut` is within `maxDeviationBps` below the value
    /// of `amountIn` of `tokenIn`. A bound of BPS (100%) accepts any price and reads no oracle.
    /// Rounding: the value bought rounds down and the value sold rounds up, so the check errs against the
    /// swap, never against the user it protects.
    function checkPrice(
        IPeripheryRegistry registry,
        address tokenIn,
        uint256 amountIn,
        address tokenOut,
        uint256 amountOut,
        uint256 maxDeviationBps
    ) internal view {
        if (maxDeviationBps >= BPS) return;
        // Units: value in WAD of USD = amount in token units × price / PRICE_SCALE (see IPriceOracle).
        uint256 valueIn = amountIn.mulDivUp(_priceOf(registry, tokenIn), PRICE_SCALE);
        uint256 valueOut = amountOut.mulDivDown(_priceOf(registry, tokenOut), PRICE_SCALE);
        if (valueOut >= valueIn) return;
        // Rounding: the shortfall's share rounds up, so a leg just past the bound is refused.
        uint256 deviationBps = (valueIn - valueOut).mulDivUp(BPS, valueIn);
        require(deviationBps <= maxDeviationBps, IPeripheryErrors.PriceDeviationTooHigh(deviationBps, maxDeviationBps));
    }

    /// @dev The most of `tokenIn` a sale that must raise `amountOut` of `tokenOut` may use: the oracle value of
    /// `amountOut`, grossed up by the bound, in `tokenIn`. Rounding: up at each step, so a sale at exactly the
    /// bound is accepted (the error is a few wei of `tokenIn`).
    function maxAmountIn(
        IPeripheryRegistry registry,
        address tokenIn,
        address tokenOut,
        uint256 amountOut,
        uint256 maxDeviationBps
    ) internal view returns (uint256) {
        uint256 valueOut = amountOut.mulDivUp(_priceOf(registry, tokenOut), PRICE_SCALE);
        uint256 valueIn = valueOut.mulDivUp(BPS, BPS - maxDeviationBps);
        return valueIn.mulDivUp(PRICE_SCALE, _priceOf(registry, tokenIn));
    }

    function _priceOf(IPeripheryRegistry registry, address token) private view returns (uint256) {
        IPriceOracle oracle = registry.priceOracle(token);
        require(address(oracle) != address(0), IPeripheryErrors.NoPriceOracle(token));
        return oracle.price();
    }
}
