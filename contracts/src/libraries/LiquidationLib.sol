// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {MathLib} from "./MathLib.sol";
import {WAD} from "./Constants.sol";

/// @title LiquidationLib
/// @notice How much of an unhealthy account may be liquidated, and at what incentive.
/// @dev All values are in WAD of the oracles' quote currency; see docs/money-market.md for the formulas.
library LiquidationLib {
    using MathLib for uint256;

    /// @dev A partial liquidation aims to bring the health factor back to this value.
    uint256 internal constant TARGET_HEALTH_FACTOR = 1.05e18;
    /// @dev Below this health factor an account may be liquidated in full.
    uint256 internal constant CLOSE_FACTOR_HEALTH_FACTOR = 0.95e18;
    /// @dev Incentive paid even to a barely unhealthy account, so that liquidating it pays for gas.
    uint256 internal constant BASE_INCENTIVE = 0.01e18;
    /// @dev A liquidation may not leave less debt than this value (10 USD) in the repaid reserve.
    uint256 internal constant MIN_DEBT_VALUE = 10e18;

    /// @notice The liquidation incentive: BASE_INCENTIVE plus the account's shortfall below 1,
    /// capped at the reserve's bound, and, while the account's collateral covers its debt, at the
    /// margin by which it does (collateral / debt − 1). A barely unhealthy account loses little, and
    /// no liquidation turns a solvent account into bad debt: each one repays x at a bonus x × bonus ≤
    /// collateral − debt, so collateral / debt never falls and the last lot always buys the last debt.
    /// @param healthFactor Below WAD.
    /// @param maxIncentive The collateral reserve's bound, in WAD.
    /// @param collateralValue Σ collateral value of the account, rounded down.
    /// @param debtValue Σ debt value of the account, rounded up (non-zero: the account is unhealthy).
    /// @return bonus In WAD; the margin rounds down, so the bonus never exceeds it.
    /// @return atMargin True when the margin capped the bonus. A partial liquidation at that bonus
    /// leaves collateral / debt where it was and cannot raise health, so the liquidation must close.
    function incentive(
        uint256 healthFactor,
        uint256 maxIncentive,
        uint256 collateralValue,
        uint256 debtValue
    ) internal pure returns (uint256 bonus, bool atMargin) {
        bonus = MathLib.min(maxIncentive, BASE_INCENTIVE + (WAD - healthFactor));
        if (collateralValue >= debtValue) {
            uint256 margin = (collateralValue - debtValue).mulDivDown(WAD, debtValue);
            if (margin < bonus) (bonus, atMargin) = (margin, true);
        }
    }

    /// @notice The most debt value one liquidation may repay in the chosen debt reserve.
    /// @param liquidationValue Σ collateral × threshold of the account.
    /// @param debtValue Σ debt of the account.
    /// @param reserveDebtValue The account's debt in the reserve being repaid.
    /// @param collateralThreshold Liquidation threshold of the seized collateral, in WAD.
    /// @param bonus Incentive in WAD.
    /// @return maxRepayValue Rounded up, in favour of restoring health.
    /// @return mustClose True when a smaller liquidation would not improve health (the account is
    /// below (1 + bonus) × threshold), so the liquidation must repay the whole reserve debt or seize
    /// the whole collateral.
    function maxRepay(
        uint256 liquidationValue,
        uint256 debtValue,
        uint256 reserveDebtValue,
        uint256 collateralThreshold,
        uint256 bonus
    ) internal pure returns (uint256 maxRepayValue, bool mustClose) {
        uint256 seizedWeight = (WAD + bonus).wMulDown(collateralThreshold); // (1 + bonus) × threshold
        // liquidationValue / debtValue <= seizedWeight, without division.
        mustClose = liquidationValue * WAD <= seizedWeight * debtValue;
        uint256 healthFactor = liquidationValue.wDivDown(debtValue);
        if (mustClose || healthFactor < CLOSE_FACTOR_HEALTH_FACTOR) return (reserveDebtValue, mustClose);
        // Solve (L − x·w) / (D − x) = T for x: x = (T·D − L) / (T − w), with T > 1 > w by the listing bounds.
        maxRepayValue = (TARGET_HEALTH_FACTOR * debtValue - liquidationValue * WAD).mulDivUp(
            1,
            TARGET_HEALTH_FACTOR - seizedWeight
        );
        // Never leave a debt too small for anyone to liquidate.
        if (maxRepayValue + MIN_DEBT_VALUE >= reserveDebtValue) maxRepayValue = reserveDebtValue;
    }
}
