// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IRateModel} from "../interfaces/IRateModel.sol";
import {WAD_INT as WAD} from "../libraries/Constants.sol";
import {ExpLib} from "../libraries/ExpLib.sol";

/// @title AdaptiveRateModel
/// @notice A rate curve around a target utilization whose level drifts with time: while
/// utilization stays above target the rate at target rises exponentially, while below it falls.
/// Lenders are paid more when liquidity is scarce for long, without governance moving a slope.
/// @dev Utilization error err ∈ [−1, 1] is (u − target)/target below target and
/// (u − target)/(1 − target) above. The rate at target moves as
/// rateAtTarget(t) = rateAtTarget(0) · e^(speed · err · t), bounded to [min, max]. The rate paid is
/// curve(rateAtTarget, err): rateAtTarget·(1 + (steepness − 1)·err) above target and
/// rateAtTarget·(1 + (1 − 1/steepness)·err) below, i.e. from rateAtTarget/steepness at u = 0 to
/// rateAtTarget·steepness at u = 1. The rate over an accrual period is the trapezoidal average
/// (start + 2·middle + end)/4 of the curve along the drift. All values are WAD and per second.
/// State is keyed by (caller, poolId, reserve): a caller can only move its own curves.
contract AdaptiveRateModel is IRateModel {
    using SafeCast for uint256;
    using SafeCast for int256;

    int256 internal constant MAX_ADAPTATION = 40e18;

    /// @notice Thrown when a constructor parameter is out of range.
    error InvalidParameter();

    struct Curve {
        uint128 rateAtTarget;
        uint40 lastUpdate;
    }

    int256 public immutable targetUtilization;
    int256 public immutable steepness;
    int256 public immutable adjustmentSpeed; // per second, WAD
    uint256 public immutable initialRateAtTarget;
    uint256 public immutable minRateAtTarget;
    uint256 public immutable maxRateAtTarget;

    mapping(bytes32 key => Curve) public curves;

    /// @param speedPerYear How fast the rate at target moves at full error, per year (e.g. 50e18).
    /// @param rates Yearly [initial, min, max] rate at target, WAD.
    constructor(uint256 targetUtilization_, uint256 steepness_, uint256 speedPerYear, uint256[3] memory rates) {
        require(targetUtilization_ > 0 && targetUtilization_ < uint256(WAD), InvalidParameter());
        require(steepness_ > uint256(WAD) && steepness_ <= 100e18, InvalidParameter());
        require(rates[1] <= rates[0] && rates[0] <= rates[2] && rates[2] <= 1000e18, InvalidParameter());
        targetUtilization = targetUtilization_.toInt256();
        steepness = steepness_.toInt256();
        adjustmentSpeed = (speedPerYear / 365 days).toInt256();
        initialRateAtTarget = rates[0] / 365 days;
        minRateAtTarget = rates[1] / 365 days;
        maxRateAtTarget = rates[2] / 365 days;
    }

    /// @inheritdoc IRateModel
    function borrowRate(
        uint256 poolId,
        uint256 reserve,
        uint256 totalSupplyAssets,
        uint256 totalBorrowAssets
    ) external returns (uint256 ratePerSecond) {
        bytes32 key = keccak256(abi.encode(msg.sender, poolId, reserve));
        uint256 endRateAtTarget;
        (ratePerSecond, endRateAtTarget) = _rate(curves[key], totalSupplyAssets, totalBorrowAssets);
        curves[key] = Curve(endRateAtTarget.toUint128(), uint40(block.timestamp));
    }

    /// @inheritdoc IRateModel
    function borrowRateView(
        address caller,
        uint256 poolId,
        uint256 reserve,
        uint256 totalSupplyAssets,
        uint256 totalBorrowAssets
    ) external view returns (uint256 ratePerSecond) {
        (ratePerSecond, ) = _rate(
            curves[keccak256(abi.encode(caller, poolId, reserve))],
            totalSupplyAssets,
            totalBorrowAssets
        );
    }

    function _rate(
        Curve memory curve,
        uint256 totalSupplyAssets,
        uint256 totalBorrowAssets
    ) internal view returns (uint256 avgRate, uint256 endRateAtTarget) {
        int256 err = _error(totalSupplyAssets, totalBorrowAssets);
        if (curve.lastUpdate == 0) {
            // First use: start at the initial level, no drift yet.
            endRateAtTarget = initialRateAtTarget;
            return (_curve(endRateAtTarget, err), endRateAtTarget);
        }
        int256 linearAdaptation = ((adjustmentSpeed * err) / WAD) * int256(block.timestamp - curve.lastUpdate);
        uint256 start = curve.rateAtTarget;
        endRateAtTarget = _bounded(start, linearAdaptation);
        uint256 middle = _bounded(start, linearAdaptation / 2);
        avgRate = (_curve(start, err) + 2 * _curve(middle, err) + _curve(endRateAtTarget, err)) / 4;
    }

    /// @dev rateAtTarget · e^adaptation, kept within [min, max]; rounds down. The exponent is
    /// clamped to ±40 first (a factor of 2e17 either way, beyond any bound), so nothing overflows.
    function _bounded(uint256 rateAtTarget, int256 adaptation) internal view returns (uint256) {
        if (adaptation > MAX_ADAPTATION) adaptation = MAX_ADAPTATION;
        if (adaptation < -MAX_ADAPTATION) adaptation = -MAX_ADAPTATION;
        uint256 moved = (rateAtTarget * ExpLib.wExp(adaptation)) / uint256(WAD);
        if (moved < minRateAtTarget) return minRateAtTarget;
        if (moved > maxRateAtTarget) return maxRateAtTarget;
        return moved;
    }

    /// @dev The curve at a given rate at target; rounds down.
    function _curve(uint256 rateAtTarget, int256 err) internal view returns (uint256) {
        int256 coefficient = err < 0 ? WAD - (WAD * WAD) / steepness : steepness - WAD;
        return uint256((((coefficient * err) / WAD + WAD) * int256(rateAtTarget)) / WAD);
    }

    /// @dev Normalized distance of utilization from target, in [−1, 1] WAD.
    function _error(uint256 totalSupplyAssets, uint256 totalBorrowAssets) internal view returns (int256) {
        int256 u =
            totalSupplyAssets == 0 ? int256(0) : ((totalBorrowAssets * uint256(WAD)) / totalSupplyAssets).toInt256();
        if (u > WAD) u = WAD;
        int256 distance = u - targetUtilization;
        return (distance * WAD) / (distance > 0 ? WAD - targetUtilization : targetUtilization);
    }
}
