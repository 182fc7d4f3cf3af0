// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IPriceOracle} from "../interfaces/IPriceOracle.sol";
import {
    AccountHealth,
    EModeCategory,
    FLAG_FROZEN,
    FLAG_PAUSED,
    MAX_RESERVES,
    ReserveState
} from "../interfaces/PoolTypes.sol";
import {MathLib} from "../libraries/MathLib.sol";
import {SharesMathLib} from "../libraries/SharesMathLib.sol";
import {PoolState} from "./PoolState.sol";
import {BPS, PRICE_SCALE} from "../libraries/Constants.sol";

/// @title PoolHealth
/// @notice How the money market values an account: collateral, borrowing power, liquidation value
/// and debt, and what a failing price or a paused reserve changes (docs/decisions/0007).
/// @dev Collateral values round down and debt values round up, both against the account.
abstract contract PoolHealth is PoolState {
    using MathLib for uint256;
    using SharesMathLib for uint256;

    /// @dev What a valuation is for.
    /// - `exemptReserve`: a frozen or paused reserve whose own LTV still counts (the one being
    ///   withdrawn: taking a paused collateral out lowers the exposure the pause is about).
    /// - `strictDebt`: a debt whose price fails reverts with the adapter's error (checks that add
    ///   risk); otherwise it is valued at its last reported price (liquidations and views).
    /// - `collateralReserve` / `debtReserve`: the pair a liquidation trades; their prices must be
    ///   live and are returned, so the liquidation prices each asset once.
    /// - `unpricedCollateral`: written by the valuation, the last collateral whose price failed
    ///   (MAX_RESERVES if none), so a refused borrow can say why.
    struct Valuation {
        bool simulate;
        bool strictDebt;
        uint256 exemptReserve;
        uint256 collateralReserve;
        uint256 debtReserve;
        uint256 unpricedCollateral;
    }

    // ----- internal: categories and parameters -----

    /// @dev The e-mode category that applies to an account: the category shared by every
    /// reserve it owes, or 0 when it owes nothing or its debts span categories.
    function _accountCategory(PoolData storage pool, uint256 debtMask) internal view returns (uint8 category) {
        for (uint256 i; debtMask >> i != 0; ++i) {
            if ((debtMask >> i) & 1 == 0) continue;
            uint8 reserveCategory = pool.reserves[i].config.valuationCategory;
            if (reserveCategory == 0) return 0;
            if (category == 0) category = reserveCategory;
            else if (category != reserveCategory) return 0;
        }
    }

    /// @dev LTV, liquidation threshold and incentive bound of a collateral, e-mode applied; in BPS.
    function _collateralParams(
        PoolData storage pool,
        StoredConfig storage config,
        uint8 category
    ) internal view returns (uint256 ltvBps, uint256 thresholdBps, uint256 maxBonusBps) {
        if (category != 0 && config.valuationCategory == category) {
            EModeCategory storage e = pool.eModes[category];
            return (e.ltvBps, e.liquidationThresholdBps, e.maxLiquidationBonusBps);
        }
        return (config.ltvBps, config.liquidationThresholdBps, config.maxLiquidationBonusBps);
    }

    // ----- internal: prices -----

    /// @dev A collateral's price for valuing an account: the adapter's checked price (`live`), else
    /// the last price its source reported, else zero. Only a live price gives borrowing power; the
    /// fallback keeps a feed outage from liquidating accounts that are healthy at the last known
    /// price, and a reserve with no price at all counts for nothing, so a failed feed never shields
    /// an unhealthy account from liquidation (security catalog O4).
    function _collateralPrice(address oracle) internal view returns (uint256, bool live) {
        try IPriceOracle(oracle).price() returns (uint256 price) {
            return (price, true);
        } catch {
            try IPriceOracle(oracle).lastPrice() returns (uint256 price) {
                return (price, false);
            } catch {
                return (0, false);
            }
        }
    }

    /// @dev A debt's price: the adapter's checked price; unless `strict`, the last reported price
    /// when the check fails. With no price at all it reverts: a debt cannot be valued at zero.
    function _debtPrice(address oracle, bool strict) internal view returns (uint256) {
        if (strict) return IPriceOracle(oracle).price();
        try IPriceOracle(oracle).price() returns (uint256 price) {
            return price;
        } catch {
            return IPriceOracle(oracle).lastPrice();
        }
    }

    // ----- internal: account values -----

    /// @dev The account's values as the views report them: debts with interest not yet accrued,
    /// failing prices at their fallbacks, and borrowing power from live, open reserves only.
    function _accountHealth(uint256 poolId, address account) internal view returns (AccountHealth memory h) {
        (h, , ) = _value(
            poolId,
            account,
            Valuation({
                simulate: true,
                strictDebt: false,
                exemptReserve: MAX_RESERVES,
                collateralReserve: MAX_RESERVES,
                debtReserve: MAX_RESERVES,
                unpricedCollateral: MAX_RESERVES
            })
        );
    }

    /// @dev Sums an account's collateral and debt values as `v` asks, and returns the prices read for
    /// `v.collateralReserve` and `v.debtReserve` (0 for an index the account does not hold).
    function _value(
        uint256 poolId,
        address account,
        Valuation memory v
    ) internal view returns (AccountHealth memory h, uint256 collateralPrice, uint256 debtPrice) {
        PoolData storage pool = _pools[poolId];
        Account storage acct = _accounts[poolId][account];
        uint256 debtMask = _debtMask(acct);
        for (uint256 i; debtMask >> i != 0; ++i) {
            if ((debtMask >> i) & 1 == 0) continue;
            Reserve storage r = pool.reserves[i];
            (uint256 totalAssets, uint256 totalShares) = _borrowTotals(poolId, i, r, v.simulate);
            uint256 debt = _debtSharesOf(acct, i).toAssetsUp(totalAssets, totalShares);
            uint256 price = _debtPrice(r.config.oracle, v.strictDebt || i == v.debtReserve);
            if (i == v.debtReserve) debtPrice = price;
            h.debtValue += debt.mulDivUp(price, PRICE_SCALE);
        }
        uint256 collateralMask = _collateralMask(acct);
        uint8 category = _accountCategory(pool, debtMask);
        for (uint256 i; collateralMask >> i != 0; ++i) {
            if ((collateralMask >> i) & 1 == 0) continue;
            StoredConfig storage config = pool.reserves[i].config;
            uint256 price;
            bool live = true;
            // The collateral a liquidation seizes is sold at its price: that price must be live.
            if (i == v.collateralReserve) price = collateralPrice = IPriceOracle(config.oracle).price();
            else (price, live) = _collateralPrice(config.oracle);
            uint256 value = _collateralOf(acct, i).mulDivDown(price, PRICE_SCALE);
            (uint256 ltvBps, uint256 thresholdBps, ) = _collateralParams(pool, config, category);
            h.collateralValue += value;
            h.liquidationValue += value.mulDivDown(thresholdBps, BPS);
            // A frozen or paused reserve backs no new risk (the guardian's lever on a compromised
            // collateral), but keeps its threshold, so a pause never liquidates anyone.
            bool open = config.valuationFlags & (FLAG_FROZEN | FLAG_PAUSED) == 0 || i == v.exemptReserve;
            if (!open || ltvBps == 0) continue;
            if (live) h.borrowPower += value.mulDivDown(ltvBps, BPS);
            else v.unpricedCollateral = i; // it would have counted: name it if the account falls short
        }
    }

    /// @dev The valuation a liquidation of the pair (`collateralReserve`, `debtReserve`) uses.
    function _liquidationValue(
        uint256 poolId,
        address borrower,
        uint256 collateralReserve,
        uint256 debtReserve
    ) internal view returns (AccountHealth memory h, uint256 collateralPrice, uint256 debtPrice) {
        return
            _value(
                poolId,
                borrower,
                Valuation({
                    simulate: false,
                    strictDebt: false,
                    exemptReserve: MAX_RESERVES,
                    collateralReserve: collateralReserve,
                    debtReserve: debtReserve,
                    unpricedCollateral: MAX_RESERVES
                })
            );
    }

    /// @dev A reserve's debt totals, as stored (the caller accrued them) or with accrual simulated.
    function _borrowTotals(
        uint256 poolId,
        uint256 reserve,
        Reserve storage r,
        bool simulate
    ) internal view returns (uint256 totalAssets, uint256 totalShares) {
        if (!simulate) return (r.state.totalBorrowAssets, r.state.totalBorrowShares);
        ReserveState memory s = _expectedState(poolId, reserve, r);
        return (s.totalBorrowAssets, s.totalBorrowShares);
    }

    /// @dev Ends every path that raises debt or lowers collateral: the account's debt must stay
    /// within its borrowing power (Σ live, open collateral × LTV; `exemptReserve` counts though
    /// frozen or paused). Without debt no price is needed.
    function _requireBorrowPower(uint256 poolId, address account, uint256 exemptReserve) internal {
        uint256 debtMask = _debtMask(_accounts[poolId][account]);
        if (debtMask == 0) return;
        _accrueDebts(poolId, debtMask);
        Valuation memory v = Valuation({
            simulate: false,
            strictDebt: true,
            exemptReserve: exemptReserve,
            collateralReserve: MAX_RESERVES,
            debtReserve: MAX_RESERVES,
            unpricedCollateral: MAX_RESERVES
        });
        (AccountHealth memory h, , ) = _value(poolId, account, v);
        if (h.debtValue <= h.borrowPower) return;
        // Say why when a collateral without a price is what the account lacks.
        require(v.unpricedCollateral == MAX_RESERVES, UnpricedCollateral(poolId, v.unpricedCollateral));
        revert InsufficientCollateral(h.debtValue, h.borrowPower);
    }

    function _healthFactor(AccountHealth memory h) internal pure returns (uint256) {
        return h.debtValue == 0 ? type(uint256).max : h.liquidationValue.wDivDown(h.debtValue);
    }
}
