// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC3156FlashBorrower} from "@openzeppelin/contracts/interfaces/IERC3156FlashBorrower.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IKeelPool} from "../interfaces/IKeelPool.sol";
import {
    AccountHealth,
    EModeCategory,
    FLAG_BORROWABLE,
    FLAG_COLLATERAL,
    FLAG_FROZEN,
    FLAG_PAUSED,
    MAX_RESERVES,
    Position,
    ReserveConfig,
    ReserveState
} from "../interfaces/PoolTypes.sol";
import {LiquidationLib} from "../libraries/LiquidationLib.sol";
import {MathLib} from "../libraries/MathLib.sol";
import {SharesMathLib} from "../libraries/SharesMathLib.sol";
import {PoolAuthorization} from "./PoolAuthorization.sol";
import {PoolHealth} from "./PoolHealth.sol";
import {PoolState} from "./PoolState.sol";
import {BPS, PRICE_SCALE, WAD} from "../libraries/Constants.sol";

/// @title KeelPool
/// @notice The money-market core. See IKeelPool for the documentation of every function.
/// @dev Functions that move value follow one order: checks → accrue → update state → emit →
/// transfer out → callback → pull in, under a transient reentrancy lock.
contract KeelPool is PoolHealth, PoolAuthorization, ReentrancyGuardTransient {
    using MathLib for uint256;
    using SharesMathLib for uint256;
    using SafeCast for uint256;
    using SafeERC20 for IERC20;

    bytes32 internal constant FLASH_CALLBACK_SUCCESS = keccak256("ERC3156FlashBorrower.onFlashLoan");
    /// @dev Supply shares per asset unit beyond which a reserve counts as collapsed: 1,000 × the offset's.
    uint256 internal constant COLLAPSED_SHARES_PER_UNIT = 1e9;

    constructor(address configurator_) PoolState(configurator_) EIP712("Keel Pool", "1") {}

    modifier onlyConfigurator() {
        require(msg.sender == configurator, NotConfigurator(msg.sender));
        _;
    }

    // ----- admin (configurator) -----

    /// @inheritdoc IKeelPool
    function createPool() external onlyConfigurator returns (uint256 poolId) {
        poolId = poolCount++;
        emit CreatePool(poolId);
    }

    /// @inheritdoc IKeelPool
    function setReserve(uint256 poolId, uint256 reserve, ReserveConfig calldata config) external onlyConfigurator {
        require(poolId < poolCount, UnknownPool(poolId));
        PoolData storage pool = _pools[poolId];
        uint256 count = pool.reserveCount;
        Reserve storage r = pool.reserves[reserve < MAX_RESERVES ? reserve : 0];
        if (reserve < count) {
            require(config.asset == r.config.asset, AssetMismatch());
            require(config.flags & FLAG_FROZEN != 0 || !_isCollapsed(r.state), CollapsedReserve(poolId, reserve));
            _accrue(poolId, reserve, r);
        } else {
            require(reserve == count, UnknownReserve(poolId, reserve));
            require(count < MAX_RESERVES, TooManyReserves());
            pool.reserveCount = count + 1;
            r.state.lastUpdate = uint40(block.timestamp);
            r.state.listed = true;
            _flashTokens[config.asset].listed = true;
        }
        _storeConfig(r.config, config);
        emit SetReserve(poolId, reserve, config);
    }

    /// @inheritdoc IKeelPool
    function setEMode(uint256 poolId, uint8 category, EModeCategory calldata params) external onlyConfigurator {
        require(poolId < poolCount, UnknownPool(poolId));
        _pools[poolId].eModes[category] = params;
        emit SetEMode(poolId, category, params);
    }

    /// @inheritdoc IKeelPool
    function setTreasury(address newTreasury) external onlyConfigurator {
        require(newTreasury != address(0), ZeroAddress());
        treasury = newTreasury;
        emit SetTreasury(newTreasury);
    }

    /// @inheritdoc IKeelPool
    function setFlashFee(uint256 feeBps) external onlyConfigurator {
        flashFeeBps = feeBps;
        emit SetFlashFee(feeBps);
    }

    // ----- lending -----

    /// @inheritdoc IKeelPool
    function supply(
        uint256 poolId,
        uint256 reserve,
        uint256 assets,
        uint256 shares,
        address onBehalf
    ) external nonReentrant returns (uint256, uint256) {
        Reserve storage r = _reserve(poolId, reserve);
        require((assets == 0) != (shares == 0), InconsistentInput());
        require(onBehalf != address(0), ZeroAddress());
        _requireOpen(poolId, reserve, r.config.flags);
        _accrue(poolId, reserve, r);

        ReserveState storage s = r.state;
        // Rounding: fewer shares for given assets, more assets for given shares — the supplier pays the dust.
        if (assets != 0) shares = assets.toSharesDown(s.totalSupplyAssets, s.totalSupplyShares);
        else assets = shares.toAssetsUp(s.totalSupplyAssets, s.totalSupplyShares);
        require(shares != 0, ZeroAmount());
        _requireSupplyCap(r, assets);

        s.totalSupplyAssets = (s.totalSupplyAssets + assets).toUint128();
        s.totalSupplyShares += shares.toUint128();
        _accounts[poolId][onBehalf].positions[reserve].supplyShares += shares.toUint128();

        emit Supply(poolId, reserve, msg.sender, onBehalf, assets, shares);
        IERC20(r.config.asset).safeTransferFrom(msg.sender, address(this), assets);
        return (assets, shares);
    }

    /// @inheritdoc IKeelPool
    function withdraw(
        uint256 poolId,
        uint256 reserve,
        uint256 assets,
        uint256 shares,
        address onBehalf,
        address receiver
    ) external nonReentrant returns (uint256, uint256) {
        Reserve storage r = _reserve(poolId, reserve);
        require((assets == 0) != (shares == 0), InconsistentInput());
        require(receiver != address(0), ZeroAddress());
        require(_isSenderAuthorized(onBehalf), Unauthorized(msg.sender, onBehalf));
        _accrue(poolId, reserve, r);

        ReserveState storage s = r.state;
        // Rounding: more shares burned for given assets, fewer assets paid for given shares.
        if (assets != 0) shares = assets.toSharesUp(s.totalSupplyAssets, s.totalSupplyShares);
        else assets = shares.toAssetsDown(s.totalSupplyAssets, s.totalSupplyShares);
        require(assets != 0, ZeroAmount());
        Position storage p = _accounts[poolId][onBehalf].positions[reserve];
        require(shares <= p.supplyShares, InsufficientBalance(p.supplyShares, shares));
        uint256 available = s.totalSupplyAssets - s.totalBorrowAssets;
        require(assets <= available, InsufficientLiquidity(available, assets));

        p.supplyShares -= shares.toUint128();
        s.totalSupplyShares -= shares.toUint128();
        s.totalSupplyAssets -= assets.toUint128();

        emit Withdraw(poolId, reserve, msg.sender, onBehalf, receiver, assets, shares);
        IERC20(r.config.asset).safeTransfer(receiver, assets);
        return (assets, shares);
    }

    // ----- borrowing -----

    /// @inheritdoc IKeelPool
    function supplyCollateral(uint256 poolId, uint256 reserve, uint256 assets, address onBehalf) external nonReentrant {
        Reserve storage r = _reserve(poolId, reserve);
        require(assets != 0, ZeroAmount());
        require(onBehalf != address(0), ZeroAddress());
        require(r.config.flags & FLAG_COLLATERAL != 0, NotCollateral(poolId, reserve));
        _requireSupplyCap(r, assets);
        Account storage acct = _accounts[poolId][onBehalf];
        uint16 bit = uint16(1 << reserve);
        // Anyone may top up a collateral an account already holds (a rescue), but only the account and
        // its operators choose which reserves back it: an unwanted reserve (dust, a failing feed) must
        // never be forced on it (security catalog B1).
        require(_collateralMask(acct) & bit != 0 || _isSenderAuthorized(onBehalf), Unauthorized(msg.sender, onBehalf));

        _setCollateral(acct, reserve, _collateralOf(acct, reserve) + assets);
        r.state.totalCollateral += assets.toUint128();

        emit SupplyCollateral(poolId, reserve, msg.sender, onBehalf, assets);
        IERC20(r.config.asset).safeTransferFrom(msg.sender, address(this), assets);
    }

    /// @inheritdoc IKeelPool
    function withdrawCollateral(
        uint256 poolId,
        uint256 reserve,
        uint256 assets,
        address onBehalf,
        address receiver
    ) external nonReentrant {
        Reserve storage r = _reserve(poolId, reserve);
        require(assets != 0, ZeroAmount());
        require(receiver != address(0), ZeroAddress());
        require(_isSenderAuthorized(onBehalf), Unauthorized(msg.sender, onBehalf));

        Account storage acct = _accounts[poolId][onBehalf];
        uint256 balance = _collateralOf(acct, reserve);
        require(assets <= balance, InsufficientBalance(balance, assets));
        _setCollateral(acct, reserve, balance - assets);
        r.state.totalCollateral -= uint128(assets);
        // Withdrawing a frozen or paused collateral lowers the exposure the freeze is about, so its own
        // LTV still counts for what remains.
        _requireBorrowPower(poolId, onBehalf, reserve);

        emit WithdrawCollateral(poolId, reserve, msg.sender, onBehalf, receiver, assets);
        IERC20(r.config.asset).safeTransfer(receiver, assets);
    }

    /// @inheritdoc IKeelPool
    function borrow(
        uint256 poolId,
        uint256 reserve,
        uint256 assets,
        uint256 shares,
        address onBehalf,
        address receiver
    ) external nonReentrant returns (uint256, uint256) {
        Reserve storage r = _reserve(poolId, reserve);
        require((assets == 0) != (shares == 0), InconsistentInput());
        require(receiver != address(0), ZeroAddress());
        uint256 flags = r.config.flags;
        require(flags & FLAG_BORROWABLE != 0, NotBorrowable(poolId, reserve));
        _requireOpen(poolId, reserve, flags);
        _accrue(poolId, reserve, r);

        ReserveState storage s = r.state;
        // Rounding: more debt shares for given assets, fewer assets lent for given shares.
        if (assets != 0) shares = assets.toSharesUp(s.totalBorrowAssets, s.totalBorrowShares);
        else assets = shares.toAssetsDown(s.totalBorrowAssets, s.totalBorrowShares);
        require(assets != 0, ZeroAmount());
        _spendBorrowAuthorization(poolId, reserve, onBehalf, assets);
        uint256 totalAfter = s.totalBorrowAssets + assets;
        uint256 available = s.totalSupplyAssets - s.totalBorrowAssets;
        require(assets <= available, InsufficientLiquidity(available, assets));
        uint256 cap = uint256(r.config.borrowCap) * 10 ** r.config.decimals;
        require(cap == 0 || totalAfter <= cap, BorrowCapExceeded(cap, totalAfter));

        s.totalBorrowAssets = totalAfter.toUint128();
        s.totalBorrowShares += shares.toUint128();
        Account storage acct = _accounts[poolId][onBehalf];
        _setDebtShares(acct, reserve, _debtSharesOf(acct, reserve) + shares);
        _requireBorrowPower(poolId, onBehalf, MAX_RESERVES);

        emit Borrow(poolId, reserve, msg.sender, onBehalf, receiver, assets, shares);
        IERC20(r.config.asset).safeTransfer(receiver, assets);
        return (assets, shares);
    }

    /// @inheritdoc IKeelPool
    function repay(
        uint256 poolId,
        uint256 reserve,
        uint256 assets,
        uint256 shares,
        address onBehalf
    ) external nonReentrant returns (uint256, uint256) {
        Reserve storage r = _reserve(poolId, reserve);
        require((assets == 0) != (shares == 0), InconsistentInput());
        _accrue(poolId, reserve, r);

        ReserveState storage s = r.state;
        // Rounding: fewer debt shares burned for given assets, more assets pulled for given shares.
        if (assets != 0) shares = assets.toSharesDown(s.totalBorrowAssets, s.totalBorrowShares);
        require(shares != 0, ZeroAmount());
        Account storage acct = _accounts[poolId][onBehalf];
        uint256 debtShares = _debtSharesOf(acct, reserve);
        // Repaying more assets than owed repays everything and pulls only what is owed.
        if (assets != 0 && shares > debtShares) (shares, assets) = (debtShares, 0);
        require(shares <= debtShares, RepayExceedsDebt(debtShares, shares));
        // Pulled: the shares' value rounded up (and the last dust of the reserve with its last shares).
        assets = MathLib.max(assets, _repayAssets(s, shares));

        _setDebtShares(acct, reserve, debtShares - shares);
        _repayDebt(s, shares, assets);

        emit Repay(poolId, reserve, msg.sender, onBehalf, assets, shares);
        IERC20(r.config.asset).safeTransferFrom(msg.sender, address(this), assets);
        return (assets, shares);
    }

    /// @inheritdoc IKeelPool
    function liquidate(
        uint256 poolId,
        address borrower,
        uint256 collateralReserve,
        uint256 debtReserve,
        uint256 maxRepayAssets,
        address receiver
    ) external nonReentrant returns (uint256 repaidAssets, uint256 seizedAssets) {
        Reserve storage rc = _reserve(poolId, collateralReserve);
        Reserve storage rd = _reserve(poolId, debtReserve);
        require(receiver != address(0), ZeroAddress());
        require(maxRepayAssets != 0, ZeroAmount());
        Account storage acct = _accounts[poolId][borrower];
        require(
            _collateralOf(acct, collateralReserve) != 0 && _debtSharesOf(acct, debtReserve) != 0,
            NothingToLiquidate()
        );
        _accrueDebts(poolId, _debtMask(acct));

        uint256 repaidShares;
        uint256 protocolFee;
        (repaidAssets, repaidShares, seizedAssets, protocolFee) = _liquidationAmounts(
            poolId,
            borrower,
            collateralReserve,
            debtReserve,
            maxRepayAssets
        );

        _applyLiquidation(
            poolId,
            acct,
            collateralReserve,
            debtReserve,
            repaidAssets,
            repaidShares,
            seizedAssets,
            protocolFee
        );
        emit Liquidate(
            poolId,
            borrower,
            msg.sender,
            collateralReserve,
            debtReserve,
            repaidAssets,
            repaidShares,
            seizedAssets,
            protocolFee
        );
        if (_collateralMask(acct) == 0 && _debtMask(acct) != 0) _realizeBadDebt(poolId, borrower, acct);

        IERC20(rc.config.asset).safeTransfer(receiver, seizedAssets - protocolFee);
        IERC20(rd.config.asset).safeTransferFrom(msg.sender, address(this), repaidAssets);
    }

    /// @inheritdoc IKeelPool
    function accrueInterest(uint256 poolId, uint256 reserve) external {
        _accrue(poolId, reserve, _reserve(poolId, reserve));
    }

    /// @inheritdoc IKeelPool
    function collectTreasury(uint256 poolId, uint256 reserve) external nonReentrant {
        Reserve storage r = _reserve(poolId, reserve);
        address to = treasury;
        require(to != address(0), ZeroAddress());
        ReserveState storage s = r.state;
        uint128 shares = s.treasuryShares;
        uint120 collateral = s.treasuryCollateral;
        s.treasuryShares = 0;
        s.treasuryCollateral = 0;
        Account storage acct = _accounts[poolId][to];
        acct.positions[reserve].supplyShares += shares;
        if (collateral != 0) _setCollateral(acct, reserve, _collateralOf(acct, reserve) + collateral);
        emit CollectTreasury(poolId, reserve, to, shares, collateral);
    }

    // ----- flash loans (ERC-3156) -----

    /// @inheritdoc IKeelPool
    function collectFlashFees(address token) external nonReentrant {
        address to = treasury;
        require(to != address(0), ZeroAddress());
        uint256 fees = _flashTokens[token].feesAccrued;
        _flashTokens[token].feesAccrued = 0;
        emit CollectFlashFees(token, to, fees);
        IERC20(token).safeTransfer(to, fees);
    }

    /// @notice Flash-lends any token a pool lists, up to the contract's whole balance of it.
    function maxFlashLoan(address token) external view returns (uint256) {
        return _flashTokens[token].listed ? IERC20(token).balanceOf(address(this)) : 0;
    }

    /// @notice The fee for a flash loan; rounds up, against the borrower.
    function flashFee(address token, uint256 amount) public view returns (uint256) {
        require(_flashTokens[token].listed, UnsupportedFlashToken(token));
        return amount.mulDivUp(flashFeeBps, BPS);
    }

    /// @inheritdoc IKeelPool
    function flashFeesAccrued(address token) external view returns (uint256) {
        return _flashTokens[token].feesAccrued;
    }

    /// @notice ERC-3156 flash loan. Holds no lock, so the receiver may use every operation; the
    /// loan touches no accounting, and repayment plus fee is pulled from the receiver at the end.
    function flashLoan(
        IERC3156FlashBorrower receiver,
        address token,
        uint256 amount,
        bytes calldata data
    ) external returns (bool) {
        uint256 fee = flashFee(token, amount);
        uint256 available = IERC20(token).balanceOf(address(this));
        require(amount <= available, FlashLoanTooLarge(available, amount));
        if (fee != 0) _flashTokens[token].feesAccrued += fee.toUint248();

        emit FlashLoan(msg.sender, address(receiver), token, amount, fee);
        IERC20(token).safeTransfer(address(receiver), amount);
        require(
            receiver.onFlashLoan(msg.sender, token, amount, fee, data) == FLASH_CALLBACK_SUCCESS,
            FlashLoanCallbackFailed()
        );
        IERC20(token).safeTransferFrom(address(receiver), address(this), amount + fee);
        return true;
    }

    // ----- internal -----

    /// @dev The supply cap bounds the pool's exposure to the asset: lent supply plus collateral.
    function _requireSupplyCap(Reserve storage r, uint256 assets) internal view {
        uint256 capTokens = r.config.supplyCap;
        if (capTokens == 0) return;
        uint256 cap = capTokens * 10 ** r.config.decimals;
        uint256 totalAfter = r.state.totalSupplyAssets + r.state.totalCollateral + assets;
        require(totalAfter <= cap, SupplyCapExceeded(cap, totalAfter));
    }

    /// @dev New supply and new borrowing stop while a reserve is frozen or paused.
    function _requireOpen(uint256 poolId, uint256 reserve, uint256 flags) internal pure {
        require(flags & FLAG_FROZEN == 0, ReserveFrozen(poolId, reserve));
        require(flags & FLAG_PAUSED == 0, ReservePaused(poolId, reserve));
    }

    /// @dev Sizes a liquidation. Debt repaid rounds up and collateral seized rounds down, against
    /// the liquidator; the repay is capped so that health is restored to the target and no more.
    // One sizing rule read top to bottom; the formatter spreads its calls over more lines than the limit.
    // solhint-disable-next-line function-max-lines
    function _liquidationAmounts(
        uint256 poolId,
        address borrower,
        uint256 collateralReserve,
        uint256 debtReserve,
        uint256 maxRepayAssets
    ) internal view returns (uint256 repaidAssets, uint256 repaidShares, uint256 seizedAssets, uint256 protocolFee) {
        PoolData storage pool = _pools[poolId];
        (AccountHealth memory h, uint256 priceCollateral, uint256 priceDebt) = _liquidationValue(
            poolId,
            borrower,
            collateralReserve,
            debtReserve
        );
        uint256 currentHealth = _healthFactor(h);
        require(currentHealth < WAD, HealthyPosition(currentHealth));

        Reserve storage rc = pool.reserves[collateralReserve];
        Reserve storage rd = pool.reserves[debtReserve];
        uint256 collateral = _collateralOf(_accounts[poolId][borrower], collateralReserve);
        uint256 debtShares = _debtSharesOf(_accounts[poolId][borrower], debtReserve);
        uint256 debtAssets = _repayAssets(rd.state, debtShares);

        (, uint256 thresholdBps, uint256 maxBonusBps) = _collateralParams(
            pool,
            rc.config,
            _accountCategory(pool, _debtMask(_accounts[poolId][borrower]))
        );
        (uint256 bonus, bool atMargin) = LiquidationLib.incentive(
            currentHealth,
            maxBonusBps * (WAD / BPS),
            h.collateralValue,
            h.debtValue
        );
        uint256 reserveDebtValue = debtAssets.mulDivUp(priceDebt, PRICE_SCALE);
        (uint256 maxRepayValue, bool mustClose) = LiquidationLib.maxRepay(
            h.liquidationValue,
            h.debtValue,
            reserveDebtValue,
            thresholdBps * (WAD / BPS),
            bonus
        );
        if (atMargin) (maxRepayValue, mustClose) = (reserveDebtValue, true);

        // The most this liquidation may repay: the target amount, and no more than the seizable collateral buys.
        // A lot worth less than one unit of debt buys nothing and is seized for nothing, so dust can
        // always be cleared and an insolvent account's debt reach its write-off (security catalog B1).
        repaidAssets = MathLib.min(debtAssets, maxRepayValue.mulDivUp(PRICE_SCALE, priceDebt));
        uint256 collateralBuys = collateral.mulDivDown(priceCollateral * WAD, priceDebt * (WAD + bonus));
        if (repaidAssets >= collateralBuys) {
            repaidAssets = collateralBuys;
            seizedAssets = collateral;
        }
        if (maxRepayAssets < repaidAssets) {
            // A smaller liquidation is fine unless it would lower health or leave unliquidatable dust.
            uint256 leftValue = (debtAssets - maxRepayAssets).mulDivUp(priceDebt, PRICE_SCALE);
            require(!mustClose && leftValue >= LiquidationLib.MIN_DEBT_VALUE, LiquidationMustClose(repaidAssets));
            repaidAssets = maxRepayAssets;
            seizedAssets = 0;
        }
        require(repaidAssets != 0 || seizedAssets != 0, ZeroAmount());
        if (seizedAssets == 0) {
            seizedAssets = repaidAssets.mulDivDown(priceDebt * (WAD + bonus), priceCollateral * WAD);
        }
        // A repay of the whole debt burns every share, so no dust of debt is ever left.
        repaidShares = repaidAssets.toSharesDown(rd.state.totalBorrowAssets, rd.state.totalBorrowShares);
        if (repaidAssets >= debtAssets || repaidShares >= debtShares)
            (repaidShares, repaidAssets) = (debtShares, debtAssets);
        uint256 bonusAssets = seizedAssets - seizedAssets.mulDivUp(WAD, WAD + bonus);
        protocolFee = bonusAssets.mulDivDown(rc.config.liquidationFeeBps, BPS);
        // The treasury's collateral is a uint120 (it shares a slot): a fee beyond that room stays with the
        // liquidator, so the fee can never make a liquidation revert.
        protocolFee = MathLib.min(protocolFee, type(uint120).max - rc.state.treasuryCollateral);
    }

    function _applyLiquidation(
        uint256 poolId,
        Account storage acct,
        uint256 collateralReserve,
        uint256 debtReserve,
        uint256 repaidAssets,
        uint256 repaidShares,
        uint256 seizedAssets,
        uint256 protocolFee
    ) internal {
        PoolData storage pool = _pools[poolId];
        _setDebtShares(acct, debtReserve, _debtSharesOf(acct, debtReserve) - repaidShares);
        _repayDebt(pool.reserves[debtReserve].state, repaidShares, repaidAssets);

        _setCollateral(acct, collateralReserve, _collateralOf(acct, collateralReserve) - seizedAssets);
        ReserveState storage sc = pool.reserves[collateralReserve].state;
        // The protocol's fee stays in the contract as treasury collateral; the rest leaves.
        sc.totalCollateral -= (seizedAssets - protocolFee).toUint128();
        sc.treasuryCollateral += uint120(protocolFee); // fits: capped in _liquidationAmounts
    }

    /// @dev Writes off the debt of an account left with no collateral: first against the treasury's
    /// uncollected supply shares of each reserve, then pro rata against that reserve's suppliers.
    function _realizeBadDebt(uint256 poolId, address borrower, Account storage acct) internal {
        uint256 debtMask = _debtMask(acct);
        for (uint256 i; debtMask >> i != 0; ++i) {
            if ((debtMask >> i) & 1 == 0) continue;
            ReserveState storage s = _pools[poolId].reserves[i].state;
            uint256 shares = _debtSharesOf(acct, i);
            _setDebtShares(acct, i, 0);
            uint256 assets = _removeDebt(s, shares, shares.toAssetsUp(s.totalBorrowAssets, s.totalBorrowShares));

            uint256 treasuryAssets = uint256(s.treasuryShares).toAssetsDown(s.totalSupplyAssets, s.totalSupplyShares);
            uint256 covered = MathLib.min(assets, treasuryAssets);
            // Burning the treasury's shares rounds up (more shares burned), capped at what it holds;
            // when the loss takes all of it, every share goes, with no dust kept back.
            uint256 burned =
                covered == treasuryAssets
                    ? s.treasuryShares
                    : MathLib.min(covered.toSharesUp(s.totalSupplyAssets, s.totalSupplyShares), s.treasuryShares);
            s.treasuryShares -= burned.toUint128();
            s.totalSupplyShares -= burned.toUint128();
            s.totalSupplyAssets = uint256(s.totalSupplyAssets).zeroFloorSub(assets).toUint128();
            emit RealizeBadDebt(poolId, i, borrower, shares, covered, assets - covered);
            _freezeIfCollapsed(poolId, i);
        }
    }

    /// @dev A reserve whose suppliers were written off nearly to nothing keeps shares worth almost
    /// nothing, and new supply would mint shares past their 128-bit range. Such a reserve is frozen for
    /// good: its remaining suppliers withdraw what is left, its borrowers repay, and the asset is
    /// listed again as a fresh reserve (docs/money-market.md, "After a write-off").
    function _freezeIfCollapsed(uint256 poolId, uint256 reserve) internal {
        Reserve storage r = _pools[poolId].reserves[reserve];
        if (r.config.flags & FLAG_FROZEN != 0 || !_isCollapsed(r.state)) return;
        r.config.flags |= FLAG_FROZEN;
        r.config.valuationFlags |= FLAG_FROZEN;
        emit FreezeCollapsedReserve(poolId, reserve, r.state.totalSupplyAssets, r.state.totalSupplyShares);
    }

    /// @dev Collapsed: a supply share is worth less than a thousandth of what it was at listing
    /// (SharesMathLib's offset starts at VIRTUAL_SHARES shares per unit, and interest only lowers that).
    function _isCollapsed(ReserveState storage s) internal view returns (bool) {
        return
            uint256(s.totalSupplyShares) + SharesMathLib.VIRTUAL_SHARES >
            (uint256(s.totalSupplyAssets) + SharesMathLib.VIRTUAL_ASSETS) * COLLAPSED_SHARES_PER_UNIT;
    }

    // ----- views -----

    /// @inheritdoc IKeelPool
    function reserveCount(uint256 poolId) external view returns (uint256) {
        return _pools[poolId].reserveCount;
    }

    /// @inheritdoc IKeelPool
    function reserveConfig(uint256 poolId, uint256 reserve) external view returns (ReserveConfig memory) {
        return _loadConfig(_reserve(poolId, reserve).config);
    }

    /// @inheritdoc IKeelPool
    function reserveState(uint256 poolId, uint256 reserve) external view returns (ReserveState memory) {
        return _reserve(poolId, reserve).state;
    }

    /// @inheritdoc IKeelPool
    function expectedReserveState(uint256 poolId, uint256 reserve) external view returns (ReserveState memory) {
        return _expectedState(poolId, reserve, _reserve(poolId, reserve));
    }

    /// @inheritdoc IKeelPool
    function eMode(uint256 poolId, uint8 category) external view returns (EModeCategory memory) {
        return _pools[poolId].eModes[category];
    }

    /// @inheritdoc IKeelPool
    function position(uint256 poolId, address account, uint256 reserve) external view returns (Position memory) {
        Account storage acct = _accounts[poolId][account];
        Position memory p = acct.positions[reserve];
        p.collateral = uint128(_collateralOf(acct, reserve));
        p.debtShares = uint128(_debtSharesOf(acct, reserve));
        return p;
    }

    /// @inheritdoc IKeelPool
    function accountMasks(uint256 poolId, address account) external view returns (uint16, uint16) {
        Account storage acct = _accounts[poolId][account];
        return (_collateralMask(acct), _debtMask(acct));
    }

    /// @inheritdoc IKeelPool
    function accountHealth(uint256 poolId, address account) external view returns (AccountHealth memory) {
        return _accountHealth(poolId, account);
    }

    /// @inheritdoc IKeelPool
    function healthFactor(uint256 poolId, address account) external view returns (uint256) {
        if (_debtMask(_accounts[poolId][account]) == 0) return type(uint256).max;
        return _healthFactor(_accountHealth(poolId, account));
    }
}
