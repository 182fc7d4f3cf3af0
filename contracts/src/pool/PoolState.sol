// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IKeelPool} from "../interfaces/IKeelPool.sol";
import {IPriceOracle, PRICE_SCALE} from "../interfaces/IPriceOracle.sol";
import {IRateModel} from "../interfaces/IRateModel.sol";
import {
    AccountHealth,
    EModeCategory,
    MAX_RESERVES,
    Position,
    Reserve,
    ReserveConfig,
    ReserveState
} from "../interfaces/PoolTypes.sol";
import {InterestLib} from "../libraries/InterestLib.sol";
import {BPS, MathLib} from "../libraries/MathLib.sol";
import {SharesMathLib} from "../libraries/SharesMathLib.sol";

/// @title PoolState
/// @notice Storage of the money market, interest accrual and account health. Operations live in KeelPool.
abstract contract PoolState is IKeelPool {
    using MathLib for uint256;
    using SharesMathLib for uint256;
    using SafeCast for uint256;

    /// @dev Slot 0: collateralMask (16) | debtMask (16); then two slots per reserve position.
    struct Account {
        uint16 collateralMask;
        uint16 debtMask;
        Position[16] positions;
    }

    struct PoolData {
        uint256 reserveCount;
        Reserve[16] reserves;
        mapping(uint8 category => EModeCategory) eModes;
    }

    // ----- immutables -----

    /// @inheritdoc IKeelPool
    address public immutable configurator;

    // ----- storage -----

    /// @inheritdoc IKeelPool
    address public treasury;
    /// @inheritdoc IKeelPool
    uint256 public flashFeeBps;
    /// @inheritdoc IKeelPool
    uint256 public poolCount;
    mapping(uint256 poolId => PoolData) internal _pools;
    mapping(uint256 poolId => mapping(address account => Account)) internal _accounts;
    /// @dev Tokens listed in at least one pool: the only ones flash-lent.
    mapping(address token => bool) internal _isListedToken;
    /// @inheritdoc IKeelPool
    mapping(address token => uint256) public flashFeesAccrued;

    constructor(address configurator_) {
        require(configurator_ != address(0), ZeroAddress());
        configurator = configurator_;
    }

    // ----- internal: lookups -----

    /// @dev A listed reserve always has an asset; testing it (instead of the pool's reserve count)
    /// reads the slot every operation reads next anyway.
    function _reserve(uint256 poolId, uint256 reserve) internal view returns (Reserve storage r) {
        require(reserve < MAX_RESERVES, UnknownReserve(poolId, reserve));
        r = _pools[poolId].reserves[reserve];
        require(r.config.asset != address(0), UnknownReserve(poolId, reserve));
    }

    // ----- internal: interest -----

    /// @dev Brings a reserve's totals to now. The rate model sees the totals before this accrual.
    function _accrue(uint256 poolId, uint256 reserve, Reserve storage r) internal {
        ReserveState storage s = r.state;
        uint256 elapsed = block.timestamp - s.lastUpdate;
        if (elapsed == 0) return;
        uint256 supplyAssets = s.totalSupplyAssets;
        uint256 borrowAssets = s.totalBorrowAssets;
        uint256 rate = IRateModel(r.config.irm).borrowRate(poolId, reserve, supplyAssets, borrowAssets);
        (uint256 interest, uint256 feeShares) = InterestLib.accrued(
            supplyAssets, s.totalSupplyShares, borrowAssets, rate, elapsed, r.config.reserveFactorBps
        );
        if (interest != 0) {
            s.totalBorrowAssets = (borrowAssets + interest).toUint128();
            s.totalSupplyAssets = (supplyAssets + interest).toUint128();
            if (feeShares != 0) {
                s.totalSupplyShares += feeShares.toUint128();
                s.treasuryShares += feeShares.toUint128();
            }
        }
        s.lastUpdate = uint40(block.timestamp);
        emit AccrueInterest(poolId, reserve, rate, interest, feeShares);
    }

    /// @dev Accrues every reserve the account owes, so its debt values are current.
    function _accrueDebts(uint256 poolId, uint256 debtMask) internal {
        Reserve[16] storage reserves = _pools[poolId].reserves;
        for (uint256 i; debtMask >> i != 0; ++i) {
            if ((debtMask >> i) & 1 != 0) _accrue(poolId, i, reserves[i]);
        }
    }

    /// @dev The reserve's totals as they would be after an accrual now.
    function _expectedState(uint256 poolId, uint256 reserve, Reserve storage r)
        internal
        view
        returns (ReserveState memory s)
    {
        s = r.state;
        uint256 elapsed = block.timestamp - s.lastUpdate;
        if (elapsed == 0) return s;
        uint256 rate = IRateModel(r.config.irm)
            .borrowRateView(address(this), poolId, reserve, s.totalSupplyAssets, s.totalBorrowAssets);
        (uint256 interest, uint256 feeShares) = InterestLib.accrued(
            s.totalSupplyAssets, s.totalSupplyShares, s.totalBorrowAssets, rate, elapsed, r.config.reserveFactorBps
        );
        s.totalBorrowAssets += interest.toUint128();
        s.totalSupplyAssets += interest.toUint128();
        s.totalSupplyShares += feeShares.toUint128();
        s.treasuryShares += feeShares.toUint128();
        s.lastUpdate = uint40(block.timestamp);
    }

    // ----- internal: debt totals -----

    /// @dev Removes `shares` of debt worth `owed` from a reserve's totals and returns how much left
    /// the total. It keeps "no debt shares ⇔ no debt assets" (security catalog H2): the last shares
    /// take the whole total with them, and while shares remain at least one unit stays owed.
    function _removeDebt(ReserveState storage s, uint256 shares, uint256 owed) internal returns (uint256 removed) {
        uint256 sharesLeft = s.totalBorrowShares - shares;
        uint256 totalAssets = s.totalBorrowAssets;
        removed = sharesLeft == 0 ? totalAssets : MathLib.min(owed, totalAssets - 1);
        s.totalBorrowShares = uint128(sharesLeft);
        s.totalBorrowAssets = uint128(totalAssets - removed);
    }

    /// @dev Settles a repayment: removes the debt and credits whatever was paid beyond what left the
    /// total (rounding dust, never more than a few units) to the reserve's suppliers.
    function _repayDebt(ReserveState storage s, uint256 shares, uint256 paid) internal {
        uint256 removed = _removeDebt(s, shares, paid);
        if (paid > removed) s.totalSupplyAssets += (paid - removed).toUint128();
    }

    /// @dev What repaying `shares` costs: rounded up, and for the reserve's last shares at least the
    /// whole total, so the virtual offset's dust is paid instead of being left behind.
    function _repayAssets(ReserveState storage s, uint256 shares) internal view returns (uint256 assets) {
        uint256 totalShares = s.totalBorrowShares;
        uint256 totalAssets = s.totalBorrowAssets;
        assets = shares.toAssetsUp(totalAssets, totalShares);
        if (shares == totalShares) assets = MathLib.max(assets, totalAssets);
    }

    // ----- internal: health -----

    /// @dev The e-mode category that applies to an account: the category shared by every
    /// reserve it owes, or 0 when it owes nothing or its debts span categories.
    function _accountCategory(PoolData storage pool, uint256 debtMask) internal view returns (uint8 category) {
        for (uint256 i; debtMask >> i != 0; ++i) {
            if ((debtMask >> i) & 1 == 0) continue;
            uint8 reserveCategory = pool.reserves[i].config.eModeCategory;
            if (reserveCategory == 0) return 0;
            if (category == 0) category = reserveCategory;
            else if (category != reserveCategory) return 0;
        }
    }

    /// @dev LTV, liquidation threshold and incentive bound of a collateral, e-mode applied; in BPS.
    function _collateralParams(PoolData storage pool, ReserveConfig storage config, uint8 category)
        internal
        view
        returns (uint256 ltvBps, uint256 thresholdBps, uint256 maxBonusBps)
    {
        if (category != 0 && config.eModeCategory == category) {
            EModeCategory storage e = pool.eModes[category];
            return (e.ltvBps, e.liquidationThresholdBps, e.maxLiquidationBonusBps);
        }
        return (config.ltvBps, config.liquidationThresholdBps, config.maxLiquidationBonusBps);
    }

    /// @dev Sums an account's collateral and debt values. Collateral values round down and debt
    /// values round up, both against the account. With `simulate`, debts include interest not yet
    /// accrued; otherwise the caller has accrued them.
    function _accountHealth(uint256 poolId, address account, bool simulate)
        internal
        view
        returns (AccountHealth memory h)
    {
        (h,,) = _accountHealthAndPrices(poolId, account, simulate, MAX_RESERVES, MAX_RESERVES);
    }

    /// @dev `_accountHealth`, also returning the prices it read for one collateral and one debt
    /// reserve (0 for an index the account does not hold), so a liquidation prices each asset once.
    function _accountHealthAndPrices(
        uint256 poolId,
        address account,
        bool simulate,
        uint256 collateralReserve,
        uint256 debtReserve
    ) internal view returns (AccountHealth memory h, uint256 collateralPrice, uint256 debtPrice) {
        PoolData storage pool = _pools[poolId];
        Account storage acct = _accounts[poolId][account];
        uint256 debtMask = acct.debtMask;
        for (uint256 i; debtMask >> i != 0; ++i) {
            if ((debtMask >> i) & 1 == 0) continue;
            Reserve storage r = pool.reserves[i];
            uint256 totalAssets;
            uint256 totalShares;
            if (simulate) {
                ReserveState memory s = _expectedState(poolId, i, r);
                (totalAssets, totalShares) = (s.totalBorrowAssets, s.totalBorrowShares);
            } else {
                (totalAssets, totalShares) = (r.state.totalBorrowAssets, r.state.totalBorrowShares);
            }
            uint256 debt = uint256(acct.positions[i].debtShares).toAssetsUp(totalAssets, totalShares);
            uint256 price = IPriceOracle(r.config.oracle).price();
            if (i == debtReserve) debtPrice = price;
            h.debtValue += debt.mulDivUp(price, PRICE_SCALE);
        }
        uint256 collateralMask = acct.collateralMask;
        uint8 category = _accountCategory(pool, debtMask);
        for (uint256 i; collateralMask >> i != 0; ++i) {
            if ((collateralMask >> i) & 1 == 0) continue;
            ReserveConfig storage config = pool.reserves[i].config;
            uint256 price = IPriceOracle(config.oracle).price();
            if (i == collateralReserve) collateralPrice = price;
            uint256 value = uint256(acct.positions[i].collateral).mulDivDown(price, PRICE_SCALE);
            (uint256 ltvBps, uint256 thresholdBps,) = _collateralParams(pool, config, category);
            h.collateralValue += value;
            h.borrowPower += value.mulDivDown(ltvBps, BPS);
            h.liquidationValue += value.mulDivDown(thresholdBps, BPS);
        }
    }

    /// @dev Ends every path that raises debt or lowers collateral: the account's debt must stay
    /// within its borrowing power (Σ collateral × LTV). Without debt no price is needed.
    function _requireBorrowPower(uint256 poolId, address account) internal {
        uint256 debtMask = _accounts[poolId][account].debtMask;
        if (debtMask == 0) return;
        _accrueDebts(poolId, debtMask);
        AccountHealth memory h = _accountHealth(poolId, account, false);
        require(h.debtValue <= h.borrowPower, InsufficientCollateral(h.debtValue, h.borrowPower));
    }

    function _healthFactor(AccountHealth memory h) internal pure returns (uint256) {
        return h.debtValue == 0 ? type(uint256).max : h.liquidationValue.wDivDown(h.debtValue);
    }
}
