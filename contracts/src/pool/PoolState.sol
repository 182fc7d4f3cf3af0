// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IKeelPool} from "../interfaces/IKeelPool.sol";
import {IRateModel} from "../interfaces/IRateModel.sol";
import {EModeCategory, MAX_RESERVES, Position, Reserve, ReserveState} from "../interfaces/PoolTypes.sol";
import {InterestLib} from "../libraries/InterestLib.sol";
import {MathLib} from "../libraries/MathLib.sol";
import {SharesMathLib} from "../libraries/SharesMathLib.sol";

/// @title PoolState
/// @notice Storage of the money market, interest accrual and debt totals. Account valuation lives in
/// PoolHealth; operations live in KeelPool.
abstract contract PoolState is IKeelPool {
    using MathLib for uint256;
    using SharesMathLib for uint256;
    using SafeCast for uint256;

    /// @dev Slot 0: collateralMask (16) | debtMask (16) | inlineReserve (8) | inlineCollateral (128);
    /// then two slots per reserve position. The collateral of one reserve, the first the account posts
    /// while the inline field is free, is kept in slot 0 (`inlineCollateral`, reserve `inlineReserve`)
    /// instead of its position: the masks are written with it anyway, so an account's first collateral
    /// writes one new slot instead of two, and its valuation reads no position slot for it. A reserve's
    /// collateral lives in one place only: inline when `inlineCollateral != 0 && inlineReserve == i`
    /// (its position's collateral is then 0), else in its position. Read and write it through
    /// `_collateralOf` and `_setCollateral`.
    struct Account {
        uint16 collateralMask;
        uint16 debtMask;
        uint8 inlineReserve;
        uint128 inlineCollateral;
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

    // ----- internal: collateral -----

    /// @dev The account's collateral in `reserve`, wherever it is kept (see Account).
    function _collateralOf(Account storage acct, uint256 reserve) internal view returns (uint256) {
        if (acct.inlineCollateral != 0 && acct.inlineReserve == reserve) return acct.inlineCollateral;
        return acct.positions[reserve].collateral;
    }

    /// @dev Sets the account's collateral in `reserve` to `amount`, and its mask bit with it. A reserve
    /// without collateral (its mask bit clear) takes the inline field when that is free; a reserve that
    /// has it keeps it until its collateral is gone.
    function _setCollateral(Account storage acct, uint256 reserve, uint256 amount) internal {
        uint16 bit = uint16(1 << reserve);
        if (acct.inlineCollateral != 0 && acct.inlineReserve == reserve) {
            acct.inlineCollateral = amount.toUint128();
        } else if (acct.inlineCollateral == 0 && acct.collateralMask & bit == 0) {
            acct.inlineReserve = uint8(reserve);
            acct.inlineCollateral = amount.toUint128();
        } else {
            acct.positions[reserve].collateral = amount.toUint128();
        }
        if (amount == 0) acct.collateralMask &= ~bit;
        else acct.collateralMask |= bit;
    }

    // ----- internal: interest -----

    /// @dev Brings a reserve's totals to now. The rate model sees the totals before this accrual.
    /// Interest below one unit is carried in `interestRemainder` (same slot as `lastUpdate`, so
    /// carrying it costs no extra write).
    function _accrue(uint256 poolId, uint256 reserve, Reserve storage r) internal {
        ReserveState storage s = r.state;
        uint256 elapsed = block.timestamp - s.lastUpdate;
        if (elapsed == 0) return;
        uint256 supplyAssets = s.totalSupplyAssets;
        uint256 borrowAssets = s.totalBorrowAssets;
        uint256 rate = IRateModel(r.config.irm).borrowRate(poolId, reserve, supplyAssets, borrowAssets);
        (uint256 interest, uint256 feeShares, uint256 remainder) = InterestLib.accrued(
            supplyAssets,
            s.totalSupplyShares,
            borrowAssets,
            rate,
            elapsed,
            r.config.reserveFactorBps,
            s.interestRemainder
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
        s.interestRemainder = uint64(remainder); // remainder < WAD < 2^64
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
    function _expectedState(
        uint256 poolId,
        uint256 reserve,
        Reserve storage r
    ) internal view returns (ReserveState memory s) {
        s = r.state;
        uint256 elapsed = block.timestamp - s.lastUpdate;
        if (elapsed == 0) return s;
        uint256 rate = IRateModel(r.config.irm).borrowRateView(
            address(this),
            poolId,
            reserve,
            s.totalSupplyAssets,
            s.totalBorrowAssets
        );
        (uint256 interest, uint256 feeShares, uint256 remainder) = InterestLib.accrued(
            s.totalSupplyAssets,
            s.totalSupplyShares,
            s.totalBorrowAssets,
            rate,
            elapsed,
            r.config.reserveFactorBps,
            s.interestRemainder
        );
        s.totalBorrowAssets += interest.toUint128();
        s.totalSupplyAssets += interest.toUint128();
        s.totalSupplyShares += feeShares.toUint128();
        s.treasuryShares += feeShares.toUint128();
        s.lastUpdate = uint40(block.timestamp);
        s.interestRemainder = uint64(remainder);
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
}
