// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IKeelPool} from "../interfaces/IKeelPool.sol";
import {IRateModel} from "../interfaces/IRateModel.sol";
import {EModeCategory, MAX_RESERVES, Position, ReserveConfig, ReserveState} from "../interfaces/PoolTypes.sol";
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

    /// @dev `header` is one word: collateralMask (bits 0-15) | debtMask (16-31) |
    /// inlineCollateralReserve (32-39) | inlineDebtReserve (40-47) | inlineCollateral (48-143, 96 bits) |
    /// inlineDebtShares (144-255, 112 bits); then two slots per reserve position (decisions 0033 and
    /// 0034). The masks are written whenever a reserve's collateral or debt appears or goes, so the
    /// header also keeps one collateral and one debt: an account's first collateral and first borrow
    /// write no slot of their own, and a pair's health check reads the header only. A balance lives in
    /// one place only:
    /// - a reserve's collateral is inline when `inlineCollateral != 0 && inlineCollateralReserve == i`
    ///   (its position's collateral is then 0), else in its position;
    /// - its debt shares likewise with `inlineDebtShares` and `inlineDebtReserve`.
    /// A reserve takes a free inline field when it holds nothing of that kind yet and the amount
    /// fits; it keeps the field until its balance is gone (the field and its reserve index are then
    /// cleared, so an empty account's header is zero) or outgrows the field (7.9e10 tokens of 18
    /// decimals of collateral; 5.2e9 such tokens of debt), when the balance moves to its position.
    /// Read and write balances only through `_collateralOf`, `_setCollateral`, `_debtSharesOf` and
    /// `_setDebtShares`; the header is read and written as one word, so each costs one slot access.
    struct Account {
        uint256 header;
        Position[16] positions;
    }

    /// @dev `listed`: listed in at least one pool, the only tokens flash-lent; `feesAccrued`: fees not
    /// yet collected. One slot, so a flash loan reads one slot of its token and the global fee.
    struct FlashToken {
        bool listed;
        uint248 feesAccrued;
    }

    /// @dev A ReserveConfig as stored, in three slots:
    ///   slot 0: asset (160) | decimals (8) | flags (8) | eModeCategory (8) | reserveFactorBps (16) |
    ///           liquidationFeeBps (16) | supplyCap (40): what supplying, borrowing and accruing read
    ///   slot 1: irm (160) | borrowCap (40)
    ///   slot 2: oracle (160) | ltvBps (16) | liquidationThresholdBps (16) | maxLiquidationBonusBps (16) |
    ///           valuationFlags (8) | valuationCategory (8): everything valuing the reserve reads
    /// `valuationFlags` and `valuationCategory` are copies of `flags` and `eModeCategory`, so that a
    /// health check reads one slot per collateral. Both copies are written together, only by
    /// `_storeConfig` and `KeelPool._freezeIfCollapsed`.
    struct StoredConfig {
        address asset;
        uint8 decimals;
        uint8 flags;
        uint8 eModeCategory;
        uint16 reserveFactorBps;
        uint16 liquidationFeeBps;
        uint40 supplyCap;
        address irm;
        uint40 borrowCap;
        address oracle;
        uint16 ltvBps;
        uint16 liquidationThresholdBps;
        uint16 maxLiquidationBonusBps;
        uint8 valuationFlags;
        uint8 valuationCategory;
    }

    struct Reserve {
        StoredConfig config;
        ReserveState state;
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
    /// @dev What a flash loan of `token` reads or writes besides the fee, in one slot.
    mapping(address token => FlashToken) internal _flashTokens;

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

    // ----- internal: configuration -----

    function _storeConfig(StoredConfig storage c, ReserveConfig calldata config) internal {
        c.asset = config.asset;
        c.decimals = config.decimals;
        c.flags = config.flags;
        c.eModeCategory = config.eModeCategory;
        c.reserveFactorBps = config.reserveFactorBps;
        c.liquidationFeeBps = config.liquidationFeeBps;
        c.supplyCap = config.supplyCap;
        c.irm = config.irm;
        c.borrowCap = config.borrowCap;
        c.oracle = config.oracle;
        c.ltvBps = config.ltvBps;
        c.liquidationThresholdBps = config.liquidationThresholdBps;
        c.maxLiquidationBonusBps = config.maxLiquidationBonusBps;
        c.valuationFlags = config.flags;
        c.valuationCategory = config.eModeCategory;
    }

    function _loadConfig(StoredConfig storage c) internal view returns (ReserveConfig memory) {
        return
            ReserveConfig({
                asset: c.asset,
                decimals: c.decimals,
                flags: c.flags,
                eModeCategory: c.eModeCategory,
                reserveFactorBps: c.reserveFactorBps,
                liquidationFeeBps: c.liquidationFeeBps,
                supplyCap: c.supplyCap,
                irm: c.irm,
                borrowCap: c.borrowCap,
                oracle: c.oracle,
                ltvBps: c.ltvBps,
                liquidationThresholdBps: c.liquidationThresholdBps,
                maxLiquidationBonusBps: c.maxLiquidationBonusBps
            });
    }

    // ----- internal: account balances -----

    uint256 private constant DEBT_MASK_SHIFT = 16;
    uint256 private constant COLLATERAL_RESERVE_SHIFT = 32;
    uint256 private constant DEBT_RESERVE_SHIFT = 40;
    uint256 private constant COLLATERAL_SHIFT = 48;
    uint256 private constant DEBT_SHARES_SHIFT = 144;
    uint256 private constant MAX_INLINE_COLLATERAL = type(uint96).max;
    uint256 private constant MAX_INLINE_DEBT_SHARES = type(uint112).max;

    /// @dev The reserves the account posts as collateral, one bit each.
    function _collateralMask(Account storage acct) internal view returns (uint16) {
        return uint16(acct.header);
    }

    /// @dev The reserves the account owes, one bit each.
    function _debtMask(Account storage acct) internal view returns (uint16) {
        return uint16(acct.header >> DEBT_MASK_SHIFT);
    }

    /// @dev The account's collateral in `reserve`, wherever it is kept (see Account).
    function _collateralOf(Account storage acct, uint256 reserve) internal view returns (uint256) {
        uint256 header = acct.header;
        uint256 value = _inlineOf(header, reserve, COLLATERAL_RESERVE_SHIFT, COLLATERAL_SHIFT, MAX_INLINE_COLLATERAL);
        // A clear mask bit means none: the position is read only when it holds the balance.
        if (value != 0 || (header >> reserve) & 1 == 0) return value;
        return acct.positions[reserve].collateral;
    }

    /// @dev Sets the account's collateral in `reserve` to `amount`, and its mask bit with it.
    function _setCollateral(Account storage acct, uint256 reserve, uint256 amount) internal {
        (uint256 header, bool inPosition) = _withInline(
            acct.header,
            reserve,
            amount,
            0,
            COLLATERAL_RESERVE_SHIFT,
            COLLATERAL_SHIFT,
            MAX_INLINE_COLLATERAL
        );
        acct.header = header;
        if (inPosition) acct.positions[reserve].collateral = amount.toUint128();
    }

    /// @dev The account's debt shares in `reserve`, wherever they are kept (see Account).
    function _debtSharesOf(Account storage acct, uint256 reserve) internal view returns (uint256) {
        uint256 header = acct.header;
        uint256 value = _inlineOf(header, reserve, DEBT_RESERVE_SHIFT, DEBT_SHARES_SHIFT, MAX_INLINE_DEBT_SHARES);
        if (value != 0 || (header >> (DEBT_MASK_SHIFT + reserve)) & 1 == 0) return value;
        return acct.positions[reserve].debtShares;
    }

    /// @dev Sets the account's debt shares in `reserve` to `shares`, and its mask bit with them.
    function _setDebtShares(Account storage acct, uint256 reserve, uint256 shares) internal {
        (uint256 header, bool inPosition) = _withInline(
            acct.header,
            reserve,
            shares,
            DEBT_MASK_SHIFT,
            DEBT_RESERVE_SHIFT,
            DEBT_SHARES_SHIFT,
            MAX_INLINE_DEBT_SHARES
        );
        acct.header = header;
        if (inPosition) acct.positions[reserve].debtShares = shares.toUint128();
    }

    /// @dev The inline balance of one kind if it belongs to `reserve`, else 0.
    function _inlineOf(
        uint256 header,
        uint256 reserve,
        uint256 reserveShift,
        uint256 valueShift,
        uint256 valueMax
    ) private pure returns (uint256 value) {
        value = (header >> valueShift) & valueMax;
        if (value != 0 && (header >> reserveShift) & 0xff != reserve) value = 0;
    }

    /// @dev The header with `reserve`'s balance of one kind set to `amount` and its mask bit following,
    /// and whether the balance belongs in the position instead (which the caller then writes). The
    /// reserve keeps or takes the inline field when it already has it, or when the field is free, the
    /// reserve holds nothing of this kind (mask bit clear, so its position is 0) and `amount` fits.
    function _withInline(
        uint256 header,
        uint256 reserve,
        uint256 amount,
        uint256 maskShift,
        uint256 reserveShift,
        uint256 valueShift,
        uint256 valueMax
    ) private pure returns (uint256, bool inPosition) {
        uint256 bit = 1 << (maskShift + reserve);
        uint256 current = (header >> valueShift) & valueMax;
        bool isInline = current != 0 && (header >> reserveShift) & 0xff == reserve;
        bool fits = amount <= valueMax;
        if (isInline || (fits && current == 0 && header & bit == 0)) {
            header &= ~((valueMax << valueShift) | (0xff << reserveShift));
            if (fits) header |= (amount << valueShift) | (amount != 0 ? reserve << reserveShift : 0);
            else inPosition = true; // outgrown: the balance moves to the position
        } else {
            inPosition = true;
        }
        return (amount == 0 ? header & ~bit : header | bit, inPosition);
    }

    // ----- internal: interest -----

    /// @dev Brings a reserve's totals to now. The rate model sees the totals before this accrual, and is
    /// called even when nothing is owed: a model with a clock (AdaptiveRateModel) must see the idle time.
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
        // A reserve without debt accrues nothing: only its clock moves, and no event says so.
        if (borrowAssets != 0) emit AccrueInterest(poolId, reserve, rate, interest, feeShares);
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
