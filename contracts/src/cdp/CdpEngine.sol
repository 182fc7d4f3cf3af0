// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {CollateralParams, CollateralType, TYPE_MINT_PAUSED, TYPE_SHUTDOWN, Vault} from "../interfaces/CdpTypes.sol";
import {ICdpEngine} from "../interfaces/ICdpEngine.sol";
import {IKusd} from "../interfaces/IKusd.sol";
import {IPriceOracle} from "../interfaces/IPriceOracle.sol";
import {AuctionLib} from "../libraries/AuctionLib.sol";
import {MathLib} from "../libraries/MathLib.sol";
import {CdpAuctions} from "./CdpAuctions.sol";
import {CdpAuthorization} from "./CdpAuthorization.sol";
import {CdpState} from "./CdpState.sol";
import {BPS, RAY, WAD} from "../libraries/Constants.sol";

/// @title CdpEngine
/// @notice The kUSD engine: collateral types, vaults, fee accrual, auctions and the surplus books.
/// See ICdpEngine for the documentation of every function.
/// @dev Functions that move value follow one order: checks → accrue → update state → emit →
/// transfer out → callback → pull in, under one transient reentrancy lock. The owner is
/// governance (a TimelockController); every parameter it sets is checked against the hard bounds
/// below, and it cannot move anyone's collateral or kUSD.
contract CdpEngine is CdpAuctions, CdpAuthorization, Ownable2Step {
    using MathLib for uint256;
    using SafeCast for uint256;
    using SafeERC20 for IERC20;

    /// @notice The highest stability fee, per second in RAY: the largest whose compounding over a
    /// 365-day year, as RateLib computes it, stays at or below 50%.
    uint256 public constant MAX_STABILITY_FEE = RAY + 12_857_214_317_438_491_660;
    uint256 public constant MIN_RATIO_BPS_LOWER = 10_100;
    uint256 public constant MIN_RATIO_BPS_UPPER = 50_000;
    uint256 public constant MAX_PENALTY_BPS = 2_500;
    uint256 public constant MAX_START_BUFFER_BPS = 20_000;
    /// @dev The floor must be positive (collateral is never sold for nothing) and below the start.
    uint256 public constant MIN_FLOOR_BPS = 1_000;
    uint256 public constant MAX_FLOOR_BPS = 9_500;
    uint256 public constant MAX_KEEPER_FEE_BPS = 100;
    uint256 public constant MIN_HALF_LIFE = 60;
    uint256 public constant MAX_HALF_LIFE = 1 days;
    uint256 public constant MIN_AUCTION_DURATION = 10 minutes;
    uint256 public constant MAX_AUCTION_DURATION = 7 days;
    /// @notice How far below the oracle price every auction must be able to go before it is stale, in
    /// BPS of the oracle price: a taker whose market is at the oracle is always offered a margin.
    uint256 public constant MIN_AUCTION_DISCOUNT_BPS = 100;

    constructor(
        address kusd_,
        address owner_,
        address guardian_
    ) CdpState(kusd_, guardian_) EIP712("Keel CDP", "1") Ownable(owner_) {}

    // ----- governance -----

    /// @inheritdoc ICdpEngine
    function addCollateralType(
        address token,
        CollateralParams calldata params
    ) external onlyOwner returns (uint256 typeId) {
        require(token != address(0), ZeroAddress());
        typeId = collateralTypeCount++;
        CollateralType storage t = _types[typeId];
        t.token = token;
        t.rate = uint128(RAY);
        t.lastAccrual = uint40(block.timestamp);
        _setParams(t, params);
        t.lastGoodPrice = _price(t).toUint128();
        emit AddCollateralType(typeId, token, params);
    }

    /// @inheritdoc ICdpEngine
    function setCollateralParams(uint256 typeId, CollateralParams calldata params) external onlyOwner {
        CollateralType storage t = _type(typeId);
        require(!_isFlagSet(t, TYPE_SHUTDOWN), TypeIsShutdown(typeId));
        _accrue(typeId, t);
        _setParams(t, params);
        emit SetCollateralParams(typeId, params);
    }

    /// @inheritdoc ICdpEngine
    function setGlobalDebtCeiling(uint256 ceiling) external onlyOwner {
        globalDebtCeiling = ceiling;
        emit SetGlobalDebtCeiling(ceiling);
    }

    /// @inheritdoc ICdpEngine
    function setGuardian(address newGuardian) external onlyOwner {
        guardian = newGuardian;
        emit SetGuardian(newGuardian);
    }

    /// @inheritdoc ICdpEngine
    function setMintPaused(uint256 typeId, bool paused) external {
        // One-way: the guardian may pause; only governance may lift a pause.
        if (paused) require(msg.sender == guardian || msg.sender == owner(), NotGuardian(msg.sender));
        else _checkOwner();
        CollateralType storage t = _type(typeId);
        t.flags = paused ? t.flags | TYPE_MINT_PAUSED : t.flags & ~TYPE_MINT_PAUSED;
        emit SetMintPaused(typeId, paused);
    }

    /// @inheritdoc ICdpEngine
    function shutdown(uint256 typeId) external onlyOwner {
        CollateralType storage t = _type(typeId);
        require(!_isFlagSet(t, TYPE_SHUTDOWN), TypeIsShutdown(typeId));
        _accrue(typeId, t);
        uint256 price;
        try t.oracle.price() returns (uint256 oraclePrice) {
            price = oraclePrice;
        } catch {
            price = t.lastGoodPrice;
        }
        require(price != 0, NoShutdownPrice(typeId));
        t.shutdownPrice = price.toUint128();
        t.feeExcess = 0;
        t.flags |= TYPE_SHUTDOWN;
        emit Shutdown(typeId, price);
    }

    /// @inheritdoc ICdpEngine
    function setShutdownOracle(uint256 typeId, IPriceOracle oracle) external onlyOwner {
        CollateralType storage t = _type(typeId);
        require(_isFlagSet(t, TYPE_SHUTDOWN), TypeNotShutdown(typeId));
        require(address(oracle) != address(0), ZeroAddress());
        uint256 price = oracle.price(); // a replacement must answer now
        t.oracle = oracle;
        emit SetShutdownOracle(typeId, address(oracle), price);
    }

    /// @inheritdoc ICdpEngine
    function withdrawSurplus(address to, uint256 amount) external onlyOwner nonReentrant {
        require(to != address(0), ZeroAddress());
        int256 surplus = surplusRad;
        require(
            surplus >= (amount * RAY).toInt256(),
            InsufficientSurplus(surplus <= 0 ? 0 : uint256(surplus) / RAY, amount)
        );
        emit WithdrawSurplus(to, amount);
        _payFromSurplus(to, amount);
    }

    // ----- vaults -----

    /// @inheritdoc ICdpEngine
    function open(
        uint256 typeId,
        address owner_,
        uint256 collateral,
        uint256 debt,
        address receiver
    ) external nonReentrant returns (uint256 vaultId) {
        require(owner_ != address(0), ZeroAddress());
        CollateralType storage t = _type(typeId);
        vaultId = ++vaultCount; // ids start at 1: vault 0 never exists
        Vault storage v = _vaults[vaultId];
        v.owner = owner_;
        v.typeId = typeId.toUint32();
        emit Open(vaultId, owner_, typeId);
        if (collateral != 0) {
            v.collateral = collateral.toUint128();
            emit Deposit(vaultId, msg.sender, collateral);
        }
        if (debt != 0) {
            _requireOwnerOrOperator(owner_);
            _mint(vaultId, v, t, typeId, debt, receiver);
        }
        if (collateral != 0) IERC20(t.token).safeTransferFrom(msg.sender, address(this), collateral);
    }

    /// @inheritdoc ICdpEngine
    function deposit(uint256 vaultId, uint256 amount) external nonReentrant {
        require(amount != 0, ZeroAmount());
        Vault storage v = _vault(vaultId);
        v.collateral = (v.collateral + amount).toUint128();
        emit Deposit(vaultId, msg.sender, amount);
        IERC20(_types[v.typeId].token).safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc ICdpEngine
    function withdraw(uint256 vaultId, uint256 amount, address receiver) external nonReentrant {
        require(amount != 0, ZeroAmount());
        require(receiver != address(0), ZeroAddress());
        Vault storage v = _vault(vaultId);
        _requireOwnerOrOperator(v.owner);
        uint256 collateral = v.collateral;
        require(amount <= collateral, WithdrawExceedsCollateral(collateral, amount));
        uint256 typeId = v.typeId;
        CollateralType storage t = _types[typeId];
        collateral -= amount;
        v.collateral = uint128(collateral);
        uint256 normalized = v.normalizedDebt;
        if (normalized != 0) _requireRatio(t, collateral, normalized.mulDivUp(_accrue(typeId, t), RAY));
        emit Withdraw(vaultId, msg.sender, receiver, amount);
        IERC20(t.token).safeTransfer(receiver, amount);
    }

    /// @inheritdoc ICdpEngine
    function mint(uint256 vaultId, uint256 amount, address receiver) external nonReentrant {
        Vault storage v = _vault(vaultId);
        _requireOwnerOrOperator(v.owner);
        uint256 typeId = v.typeId;
        _mint(vaultId, v, _types[typeId], typeId, amount, receiver);
    }

    /// @inheritdoc ICdpEngine
    function repay(uint256 vaultId, uint256 amount) external nonReentrant returns (uint256 repaid) {
        Vault storage v = _vault(vaultId);
        repaid = _repay(vaultId, v, amount);
        IKusd(kusd).burn(msg.sender, repaid);
    }

    /// @inheritdoc ICdpEngine
    function close(
        uint256 vaultId,
        address receiver
    ) external nonReentrant returns (uint256 repaid, uint256 collateral) {
        require(receiver != address(0), ZeroAddress());
        Vault storage v = _vault(vaultId);
        _requireOwnerOrOperator(v.owner);
        if (v.normalizedDebt != 0) repaid = _repay(vaultId, v, type(uint256).max);
        collateral = v.collateral;
        v.collateral = 0;
        emit Withdraw(vaultId, msg.sender, receiver, collateral);
        if (collateral != 0) IERC20(_types[v.typeId].token).safeTransfer(receiver, collateral);
        if (repaid != 0) IKusd(kusd).burn(msg.sender, repaid);
    }

    /// @inheritdoc ICdpEngine
    function transferVault(uint256 vaultId, address newOwner) external {
        require(newOwner != address(0), ZeroAddress());
        Vault storage v = _vault(vaultId);
        address owner_ = v.owner;
        require(msg.sender == owner_, NotVaultOwner(msg.sender, owner_));
        v.owner = newOwner;
        emit TransferVault(vaultId, owner_, newOwner);
    }

    // ----- surplus -----

    /// @inheritdoc ICdpEngine
    function absorbSurplus() external nonReentrant returns (uint256 amount) {
        amount = IKusd(kusd).balanceOf(address(this));
        if (amount == 0) return 0;
        surplusRad += (amount * RAY).toInt256();
        emit AbsorbSurplus(msg.sender, amount);
        IKusd(kusd).burn(address(this), amount);
    }

    // ----- internal -----

    /// @dev New debt: the vault's normalized debt grows by amount × RAY / rate rounded up, so it owes
    /// at least `amount`; that rounding is booked to the surplus. Then floor, ceilings and ratio are
    /// checked on the new state, and the kUSD is minted last.
    function _mint(
        uint256 vaultId,
        Vault storage v,
        CollateralType storage t,
        uint256 typeId,
        uint256 amount,
        address receiver
    ) internal {
        require(amount != 0, ZeroAmount());
        require(receiver != address(0), ZeroAddress());
        uint8 flags = t.flags;
        require(flags & TYPE_SHUTDOWN == 0, TypeIsShutdown(typeId));
        require(flags & TYPE_MINT_PAUSED == 0, MintPaused(typeId));
        uint256 rate = _accrue(typeId, t);

        uint256 normalized = amount.mulDivUp(RAY, rate);
        uint256 vaultNormalized = v.normalizedDebt + normalized;
        uint256 typeNormalized = t.totalNormalizedDebt + normalized;
        v.normalizedDebt = vaultNormalized.toUint128();
        t.totalNormalizedDebt = typeNormalized.toUint128();
        uint256 addedRad = normalized * rate;
        uint256 total = totalDebtRad + addedRad;
        totalDebtRad = total;
        surplusRad += (addedRad - amount * RAY).toInt256();

        uint256 debt = vaultNormalized.mulDivUp(rate, RAY);
        _requireFloor(t, debt);
        uint256 ceiling = t.debtCeiling;
        require(
            typeNormalized * rate <= ceiling * RAY,
            DebtCeilingExceeded(typeNormalized.mulDivUp(rate, RAY), ceiling)
        );
        // In kUSD rounded up, the same test as total ≤ ceiling × RAY without the product, which would
        // overflow for a ceiling set to type(uint256).max.
        uint256 totalDebt = total.mulDivUp(1, RAY);
        require(totalDebt <= globalDebtCeiling, GlobalDebtCeilingExceeded(totalDebt, globalDebtCeiling));
        _requireRatio(t, v.collateral, debt);

        emit Mint(vaultId, msg.sender, receiver, amount, normalized);
        IKusd(kusd).mint(receiver, amount);
    }

    /// @dev Repayment: normalized debt falls by amount × RAY / rate rounded down, so the payer never
    /// gets more than it paid; all of it (type(uint256).max, or exactly the debt) clears the vault to
    /// zero for normalized × rate / RAY rounded up. The surplus books the rounding. The caller burns.
    function _repay(uint256 vaultId, Vault storage v, uint256 amount) internal returns (uint256) {
        uint256 typeId = v.typeId;
        CollateralType storage t = _types[typeId];
        uint256 rate = _accrue(typeId, t);
        uint256 vaultNormalized = v.normalizedDebt;
        uint256 debt = vaultNormalized.mulDivUp(rate, RAY);
        if (amount == type(uint256).max) amount = debt;
        require(amount != 0, ZeroAmount());
        require(amount <= debt, RepayExceedsVaultDebt(debt, amount));
        uint256 normalized = amount == debt ? vaultNormalized : amount.mulDivDown(RAY, rate);

        vaultNormalized -= normalized;
        v.normalizedDebt = uint128(vaultNormalized);
        t.totalNormalizedDebt -= uint128(normalized);
        uint256 removedRad = normalized * rate;
        totalDebtRad -= removedRad;
        surplusRad += (amount * RAY - removedRad).toInt256();
        _requireFloor(t, vaultNormalized.mulDivUp(rate, RAY));

        emit Repay(vaultId, msg.sender, amount, normalized);
        return amount;
    }

    function _setParams(CollateralType storage t, CollateralParams calldata p) internal {
        require(address(p.oracle) != address(0), ZeroAddress());
        require(p.stabilityFee >= RAY && p.stabilityFee <= MAX_STABILITY_FEE, OutOfBounds("stabilityFee"));
        require(p.minRatioBps >= MIN_RATIO_BPS_LOWER && p.minRatioBps <= MIN_RATIO_BPS_UPPER, OutOfBounds("minRatio"));
        require(p.liquidationPenaltyBps <= MAX_PENALTY_BPS, OutOfBounds("liquidationPenalty"));
        // At the trigger ratio, the collateral covers debt and penalty at the oracle price.
        require(p.minRatioBps >= BPS + p.liquidationPenaltyBps, OutOfBounds("minRatioBelowPenalty"));
        require(
            p.auctionStartBufferBps >= BPS && p.auctionStartBufferBps <= MAX_START_BUFFER_BPS,
            OutOfBounds("auctionStartBuffer")
        );
        require(p.auctionFloorBps >= MIN_FLOOR_BPS && p.auctionFloorBps <= MAX_FLOOR_BPS, OutOfBounds("auctionFloor"));
        require(p.keeperFeeBps <= MAX_KEEPER_FEE_BPS, OutOfBounds("keeperFee"));
        require(
            p.auctionHalfLife >= MIN_HALF_LIFE && p.auctionHalfLife <= MAX_HALF_LIFE,
            OutOfBounds("auctionHalfLife")
        );
        require(
            p.auctionMaxDuration >= MIN_AUCTION_DURATION && p.auctionMaxDuration <= MAX_AUCTION_DURATION,
            OutOfBounds("auctionMaxDuration")
        );
        _requireCurveClears(p);
        // The keeper reward on the smallest auction (tip + fee × tab, tab = floor × (1 + penalty)) may
        // not exceed the penalty that auction collects, so liquidating one's own vault for the reward
        // never pays: tip ≤ floor × (penalty − fee × (1 + penalty)).
        uint256 penaltyNet = uint256(p.liquidationPenaltyBps) * BPS;
        uint256 feeShare = uint256(p.keeperFeeBps) * (BPS + p.liquidationPenaltyBps);
        require(penaltyNet >= feeShare, OutOfBounds("keeperFee"));
        require(
            uint256(p.keeperTip) * BPS * BPS <= uint256(p.debtFloor) * (penaltyNet - feeShare),
            OutOfBounds("keeperTip")
        );
        require(p.auctionLimit != 0 && p.auctionLimit >= p.debtFloor, OutOfBounds("auctionLimit"));
        t.oracle = p.oracle;
        t.feeExcess = uint64(p.stabilityFee - RAY); // ≤ MAX_STABILITY_FEE − RAY < 2^64
        t.minRatioBps = p.minRatioBps;
        t.liquidationPenaltyBps = p.liquidationPenaltyBps;
        t.auctionStartBufferBps = p.auctionStartBufferBps;
        t.auctionFloorBps = p.auctionFloorBps;
        t.keeperFeeBps = p.keeperFeeBps;
        t.auctionHalfLife = p.auctionHalfLife;
        t.auctionMaxDuration = p.auctionMaxDuration;
        t.debtCeiling = p.debtCeiling;
        t.debtFloor = p.debtFloor;
        t.keeperTip = p.keeperTip;
        t.auctionLimit = p.auctionLimit;
    }

    /// @dev Every auction must offer its collateral at or below `clearing` = oracle × (1 − discount)
    /// while it can still be taken. An auction is live while elapsed ≤ maxDuration and
    /// price × BPS ≥ top × floor, with top = oracle × buffer and price(t) = top × 2^(−t / halfLife)
    /// falling (AuctionLib). So it is live when its price reaches `clearing` if and only if
    ///   (1) clearing ≥ top × floor: buffer × floor ≤ (BPS − discount) × BPS, and
    ///   (2) the curve is at or below `clearing` by maxDuration: price(maxDuration) ≤ clearing,
    /// checked with AuctionLib itself on a top of `buffer` (in WAD, for an oracle of 1), so with the
    /// curve's own rounding (up, against this check).
    function _requireCurveClears(CollateralParams calldata p) internal pure {
        uint256 clearingBps = BPS - MIN_AUCTION_DISCOUNT_BPS;
        require(uint256(p.auctionStartBufferBps) * p.auctionFloorBps <= clearingBps * BPS, OutOfBounds("auctionCurve"));
        uint256 topWad = uint256(p.auctionStartBufferBps) * (WAD / BPS);
        require(
            AuctionLib.price(topWad, p.auctionMaxDuration, p.auctionHalfLife) <= clearingBps * (WAD / BPS),
            OutOfBounds("auctionCurve")
        );
    }
}
