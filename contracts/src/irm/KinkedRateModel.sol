// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IRateModel} from "../interfaces/IRateModel.sol";
import {MathLib} from "../libraries/MathLib.sol";
import {WAD} from "../libraries/Constants.sol";

/// @title KinkedRateModel
/// @notice A two-slope model: the rate climbs gently up to the optimal utilization, then steeply.
/// rate(u) = base + slope1 · u / optimal                          for u <= optimal
/// rate(u) = base + slope1 + slope2 · (u − optimal) / (1 − optimal) for u >  optimal
/// @dev Rates are per second in WAD; the constructor takes yearly rates and divides them by
/// 365 days (rounding down). Stateless: one deployment serves every reserve with these parameters.
contract KinkedRateModel is IRateModel {
    using MathLib for uint256;

    /// @notice Thrown when the optimal utilization is not strictly between 0 and 1.
    error InvalidOptimalUtilization(uint256 optimalUtilization);

    uint256 public immutable baseRate;
    uint256 public immutable slope1;
    uint256 public immutable slope2;
    uint256 public immutable optimalUtilization;

    constructor(uint256 baseRatePerYear, uint256 slope1PerYear, uint256 slope2PerYear, uint256 optimalUtilization_) {
        require(optimalUtilization_ != 0 && optimalUtilization_ < WAD, InvalidOptimalUtilization(optimalUtilization_));
        baseRate = baseRatePerYear / 365 days;
        slope1 = slope1PerYear / 365 days;
        slope2 = slope2PerYear / 365 days;
        optimalUtilization = optimalUtilization_;
    }

    /// @inheritdoc IRateModel
    function borrowRate(
        uint256,
        uint256,
        uint256 totalSupplyAssets,
        uint256 totalBorrowAssets
    ) external view returns (uint256) {
        return rateAt(utilization(totalSupplyAssets, totalBorrowAssets));
    }

    /// @inheritdoc IRateModel
    function borrowRateView(
        address,
        uint256,
        uint256,
        uint256 totalSupplyAssets,
        uint256 totalBorrowAssets
    ) external view returns (uint256) {
        return rateAt(utilization(totalSupplyAssets, totalBorrowAssets));
    }

    /// @notice Borrowed over supplied, in WAD, capped at 1; rounds down.
    function utilization(uint256 totalSupplyAssets, uint256 totalBorrowAssets) public pure returns (uint256) {
        if (totalSupplyAssets == 0) return 0;
        return MathLib.min(WAD, totalBorrowAssets.wDivDown(totalSupplyAssets));
    }

    /// @notice The per-second rate at a utilization (WAD); each term rounds down.
    function rateAt(uint256 u) public view returns (uint256) {
        if (u <= optimalUtilization) return baseRate + slope1.mulDivDown(u, optimalUtilization);
        return baseRate + slope1 + slope2.mulDivDown(u - optimalUtilization, WAD - optimalUtilization);
    }
}
