// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IKeelPool} from "../interfaces/IKeelPool.sol";
import {IPriceOracle} from "../interfaces/IPriceOracle.sol";
import {AccountHealth, EModeCategory, ReserveConfig, ReserveState} from "../interfaces/PoolTypes.sol";
import {MathLib} from "../libraries/MathLib.sol";
import {SharesMathLib} from "../libraries/SharesMathLib.sol";
import {BPS, PRICE_SCALE} from "../libraries/Constants.sol";

/// @title KeelLens
/// @notice Read-only answers a borrower asks before acting: how much can I borrow or withdraw, and at
/// what price would I be liquidated. Everything includes interest not yet accrued and rounds so that
/// acting on the answer succeeds (amounts down).
/// @dev Follows the pool's valuation: a collateral in a frozen or paused reserve, or without a live
/// price, gives no borrowing power (a frozen or paused one still counts when it is the one withdrawn).
/// Reverts when a price the answer depends on fails, like the operation it describes would.
contract KeelLens {
    using MathLib for uint256;
    using SharesMathLib for uint256;

    IKeelPool public immutable pool;

    constructor(IKeelPool pool_) {
        pool = pool_;
    }

    /// @notice The most `account` can borrow of `reserve` now: within its borrowing power (with the
    /// e-mode that would apply after the borrow), the reserve's idle liquidity and its borrow cap.
    function maxBorrow(uint256 poolId, address account, uint256 reserve) external view returns (uint256) {
        ReserveConfig memory config = pool.reserveConfig(poolId, reserve);
        if (config.flags & 2 == 0 || config.flags & 12 != 0) return 0; // not borrowable, frozen or paused
        (, uint16 debtMask) = pool.accountMasks(poolId, account);
        uint256 power = _borrowPower(poolId, account, debtMask | uint16(1 << reserve));
        uint256 debt = pool.accountHealth(poolId, account).debtValue;
        if (power <= debt) return 0;
        uint256 price = IPriceOracle(config.oracle).price();
        uint256 byPower = (power - debt).mulDivDown(PRICE_SCALE, price);
        ReserveState memory s = pool.expectedReserveState(poolId, reserve);
        uint256 byLiquidity = uint256(s.totalSupplyAssets) - s.totalBorrowAssets;
        uint256 result = MathLib.min(byPower, byLiquidity);
        if (config.borrowCap != 0) {
            uint256 cap = uint256(config.borrowCap) * 10 ** config.decimals;
            result = MathLib.min(result, cap.zeroFloorSub(s.totalBorrowAssets));
        }
        uint256 shares = pool.position(poolId, account, reserve).debtShares;
        return _withinPower(result, power, debt, shares, s, price);
    }

    /// @dev The largest amount up to `assets` the pool accepts by value. A borrow mints its debt shares
    /// rounded up, and the pool then values the reserve's debt from the new totals, rounded up again,
    /// so the amount the power allows by value alone can come out a unit or two above the power (an
    /// account's first borrow, typically). Each step takes off the units worth the excess, rounded up;
    /// after four steps without a fit the answer is 0, never an amount the pool would refuse.
    function _withinPower(
        uint256 assets,
        uint256 power,
        uint256 debt,
        uint256 shares,
        ReserveState memory s,
        uint256 price
    ) internal pure returns (uint256) {
        uint256 totalAssets = s.totalBorrowAssets;
        uint256 totalShares = s.totalBorrowShares;
        // The account's debt in other reserves, as the pool sums it (each reserve rounded up).
        uint256 others = debt - shares.toAssetsUp(totalAssets, totalShares).mulDivUp(price, PRICE_SCALE);
        for (uint256 i; i < 4 && assets != 0; ++i) {
            uint256 minted = assets.toSharesUp(totalAssets, totalShares);
            uint256 owed = (shares + minted).toAssetsUp(totalAssets + assets, totalShares + minted);
            uint256 value = others + owed.mulDivUp(price, PRICE_SCALE);
            if (value <= power) return assets;
            assets = assets.zeroFloorSub(MathLib.max((value - power).mulDivUp(PRICE_SCALE, price), 1));
        }
        return 0;
    }

    /// @notice The most of its lending supply `account` can withdraw now (its balance, within idle liquidity).
    function maxWithdraw(uint256 poolId, address account, uint256 reserve) external view returns (uint256) {
        ReserveState memory s = pool.expectedReserveState(poolId, reserve);
        uint256 balance = uint256(pool.position(poolId, account, reserve).supplyShares).toAssetsDown(
            s.totalSupplyAssets,
            s.totalSupplyShares
        );
        return MathLib.min(balance, uint256(s.totalSupplyAssets) - s.totalBorrowAssets);
    }

    /// @notice The most collateral of `reserve` `account` can withdraw while staying within its borrowing power.
    function maxWithdrawCollateral(uint256 poolId, address account, uint256 reserve) external view returns (uint256) {
        uint256 balance = pool.position(poolId, account, reserve).collateral;
        (, uint16 debtMask) = pool.accountMasks(poolId, account);
        if (debtMask == 0) return balance;
        AccountHealth memory h = pool.accountHealth(poolId, account);
        ReserveConfig memory config = pool.reserveConfig(poolId, reserve);
        (uint256 ltvBps, ) = _limits(poolId, config, _category(poolId, debtMask));
        (uint256 price, bool live) = _price(config.oracle);
        uint256 power = h.borrowPower;
        // A frozen or paused collateral counts with its own LTV when it is the one withdrawn.
        if (live && config.flags & 12 != 0) power += balance.mulDivDown(price, PRICE_SCALE).mulDivDown(ltvBps, BPS);
        if (power < h.debtValue) return 0;
        // Without a live price or LTV, this collateral backs nothing: the rest covers the debt or not.
        if (!live || ltvBps == 0) return balance;
        // Each unit withdrawn removes price × LTV of power; round down so the withdrawal passes.
        uint256 units = (power - h.debtValue).mulDivDown(PRICE_SCALE * BPS, price * ltvBps);
        return MathLib.min(balance, units);
    }

    /// @notice The price of `collateralReserve` (at Keel's price scale) at which the account's health
    /// factor reaches 1, all other prices unchanged; 0 if no price of it would make the account liquidatable.
    function liquidationPrice(
        uint256 poolId,
        address account,
        uint256 collateralReserve
    ) external view returns (uint256) {
        uint256 amount = pool.position(poolId, account, collateralReserve).collateral;
        (, uint16 debtMask) = pool.accountMasks(poolId, account);
        if (amount == 0 || debtMask == 0) return 0;
        AccountHealth memory h = pool.accountHealth(poolId, account);
        ReserveConfig memory config = pool.reserveConfig(poolId, collateralReserve);
        (, uint256 thresholdBps) = _limits(poolId, config, _category(poolId, debtMask));
        uint256 price = IPriceOracle(config.oracle).price();
        uint256 own = amount.mulDivDown(price, PRICE_SCALE).mulDivDown(thresholdBps, BPS);
        uint256 others = h.liquidationValue - MathLib.min(own, h.liquidationValue);
        if (h.debtValue <= others) return 0;
        // Solve others + amount × p × threshold = debt for p.
        return (h.debtValue - others).mulDivUp(PRICE_SCALE * BPS, amount * thresholdBps);
    }

    /// @notice Health factor in WAD (type(uint256).max without debt), as the pool reports it.
    function healthFactor(uint256 poolId, address account) external view returns (uint256) {
        return pool.healthFactor(poolId, account);
    }

    function _borrowPower(uint256 poolId, address account, uint16 debtMask) internal view returns (uint256 power) {
        (uint16 collateralMask, ) = pool.accountMasks(poolId, account);
        uint8 category = _category(poolId, debtMask);
        for (uint256 i; collateralMask >> i != 0; ++i) {
            if ((collateralMask >> i) & 1 == 0) continue;
            ReserveConfig memory config = pool.reserveConfig(poolId, i);
            (uint256 price, bool live) = _price(config.oracle);
            if (!live || config.flags & 12 != 0) continue; // no live price, or frozen or paused
            uint256 value = uint256(pool.position(poolId, account, i).collateral).mulDivDown(price, PRICE_SCALE);
            (uint256 ltvBps, ) = _limits(poolId, config, category);
            power += value.mulDivDown(ltvBps, BPS);
        }
    }

    /// @dev The adapter's checked price, or (0, false) when it fails.
    function _price(address oracle) internal view returns (uint256, bool live) {
        try IPriceOracle(oracle).price() returns (uint256 price) {
            return (price, true);
        } catch {
            return (0, false);
        }
    }

    function _category(uint256 poolId, uint16 debtMask) internal view returns (uint8 category) {
        for (uint256 i; debtMask >> i != 0; ++i) {
            if ((debtMask >> i) & 1 == 0) continue;
            uint8 c = pool.reserveConfig(poolId, i).eModeCategory;
            if (c == 0 || (category != 0 && c != category)) return 0;
            category = c;
        }
    }

    function _limits(
        uint256 poolId,
        ReserveConfig memory config,
        uint8 category
    ) internal view returns (uint256 ltvBps, uint256 thresholdBps) {
        if (category != 0 && config.eModeCategory == category) {
            EModeCategory memory e = pool.eMode(poolId, category);
            return (e.ltvBps, e.liquidationThresholdBps);
        }
        return (config.ltvBps, config.liquidationThresholdBps);
    }
}
