// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Auction, CollateralType, Vault} from "../interfaces/CdpTypes.sol";
import {ICdpEngine} from "../interfaces/ICdpEngine.sol";
import {IKusd} from "../interfaces/IKusd.sol";
import {AuctionLib} from "../libraries/AuctionLib.sol";
import {MathLib} from "../libraries/MathLib.sol";
import {RateLib} from "../libraries/RateLib.sol";
import {BPS, PRICE_SCALE, RAY, WAD} from "../libraries/Constants.sol";

/// @title CdpState
/// @notice Storage of the kUSD engine, fee accrual, the surplus books and the ratio checks.
/// Operations live in CdpEngine and CdpAuctions.
abstract contract CdpState is ICdpEngine {
    using MathLib for uint256;
    using SafeCast for uint256;

    /// @inheritdoc ICdpEngine
    address public immutable kusd;

    /// @inheritdoc ICdpEngine
    address public guardian;
    /// @inheritdoc ICdpEngine
    uint256 public collateralTypeCount;
    /// @inheritdoc ICdpEngine
    uint256 public vaultCount;
    /// @inheritdoc ICdpEngine
    uint256 public globalDebtCeiling;
    /// @inheritdoc ICdpEngine
    uint256 public totalDebtRad;
    /// @inheritdoc ICdpEngine
    uint256 public auctionDebt;
    /// @inheritdoc ICdpEngine
    int256 public surplusRad;

    mapping(uint256 typeId => CollateralType) internal _types;
    mapping(uint256 vaultId => Vault) internal _vaults;
    mapping(uint256 vaultId => Auction) internal _auctions;

    constructor(address kusd_, address guardian_) {
        require(kusd_ != address(0), ZeroAddress());
        kusd = kusd_;
        guardian = guardian_;
    }

    // ----- internal: fee accrual and books -----

    /// @dev Brings the type's rate accumulator to now. The fee (Art × Δrate, exact in RAD) is
    /// added to the total debt and to the surplus: the books move together.
    function _accrue(uint256 typeId, CollateralType storage t) internal returns (uint256 rate) {
        rate = t.rate;
        uint256 elapsed = block.timestamp - t.lastAccrual;
        if (elapsed == 0) return rate;
        t.lastAccrual = uint40(block.timestamp);
        if (t.feeExcess == 0) return rate;
        uint256 newRate = RateLib.accrue(rate, RAY + t.feeExcess, elapsed);
        uint256 feeRad = uint256(t.totalNormalizedDebt) * (newRate - rate);
        t.rate = uint128(newRate); // RateLib saturates at type(uint128).max
        totalDebtRad += feeRad;
        surplusRad += feeRad.toInt256();
        emit Accrue(typeId, newRate, feeRad);
        return newRate;
    }

    /// @dev Records a loss: the surplus covers what it can, the rest becomes system debt
    /// (a negative surplus). Both parts are reported.
    function _absorbLoss(uint256 vaultId, uint256 loss) internal {
        int256 surplusBefore = surplusRad;
        uint256 lossRad = loss * RAY;
        surplusRad = surplusBefore - lossRad.toInt256();
        uint256 fromSurplus = surplusBefore <= 0 ? 0 : MathLib.min(uint256(surplusBefore), lossRad) / RAY;
        emit AbsorbLoss(vaultId, loss, fromSurplus, loss - fromSurplus);
    }

    /// @dev Pays `amount` kUSD out of the surplus buffer by minting it (governance's withdrawals).
    /// Keeper rewards do not come from here: they are advanced against their auction (CdpAuctions).
    function _payFromSurplus(address to, uint256 amount) internal {
        if (amount == 0) return;
        surplusRad -= (amount * RAY).toInt256();
        IKusd(kusd).mint(to, amount);
    }

    // ----- internal: prices and ratios -----

    /// @dev The oracle reverts with a typed error when it cannot vouch for a price; that revert
    /// blocks exactly the actions that add risk, since only they read a price.
    function _price(CollateralType storage t) internal view returns (uint256) {
        return t.oracle.price();
    }

    /// @dev Reverts unless collateral × price ≥ debt × minRatio. Value rounds down and debt up,
    /// both against the vault.
    function _requireRatio(CollateralType storage t, uint256 collateral, uint256 debt) internal view {
        if (debt == 0) return;
        uint256 value = collateral.mulDivDown(_price(t), PRICE_SCALE);
        uint256 minRatio = uint256(t.minRatioBps) * (WAD / BPS);
        require(value * BPS >= debt * t.minRatioBps, RatioBelowMinimum(value.wDivDown(debt), minRatio));
    }

    function _requireFloor(CollateralType storage t, uint256 debt) internal view {
        require(debt == 0 || debt >= t.debtFloor, DebtBelowFloor(debt, t.debtFloor));
    }

    /// @dev Reverts unless the caller is `owner` or one of its operators (see CdpAuthorization).
    function _requireOwnerOrOperator(address owner) internal view virtual;

    function _type(uint256 typeId) internal view returns (CollateralType storage t) {
        require(typeId < collateralTypeCount, UnknownCollateralType(typeId));
        return _types[typeId];
    }

    function _vault(uint256 vaultId) internal view returns (Vault storage v) {
        v = _vaults[vaultId];
        require(v.owner != address(0), UnknownVault(vaultId));
    }

    // ----- views -----

    /// @inheritdoc ICdpEngine
    function collateralType(uint256 typeId) external view returns (CollateralType memory) {
        return _type(typeId);
    }

    /// @inheritdoc ICdpEngine
    function vault(uint256 vaultId) external view returns (Vault memory) {
        return _vaults[vaultId];
    }

    /// @inheritdoc ICdpEngine
    function auction(uint256 vaultId) external view returns (Auction memory) {
        return _auctions[vaultId];
    }

    /// @inheritdoc ICdpEngine
    function currentRate(uint256 typeId) public view returns (uint256) {
        CollateralType storage t = _type(typeId);
        return RateLib.accrue(t.rate, RAY + t.feeExcess, block.timestamp - t.lastAccrual);
    }

    /// @inheritdoc ICdpEngine
    function debtOf(uint256 vaultId) external view returns (uint256) {
        Vault storage v = _vaults[vaultId];
        if (v.normalizedDebt == 0) return 0;
        return uint256(v.normalizedDebt).mulDivUp(currentRate(v.typeId), RAY);
    }

    /// @inheritdoc ICdpEngine
    function auctionPrice(uint256 vaultId) public view returns (uint256 price, bool stale) {
        Auction storage a = _auctions[vaultId];
        if (a.tab == 0) return (0, false);
        CollateralType storage t = _types[_vaults[vaultId].typeId];
        uint256 elapsed = block.timestamp - a.startedAt;
        price = AuctionLib.price(a.topPrice, elapsed, t.auctionHalfLife);
        stale = AuctionLib.isStale(a.topPrice, price, t.auctionFloorBps, elapsed, t.auctionMaxDuration);
    }

    function _isFlagSet(CollateralType storage t, uint8 flag) internal view returns (bool) {
        return t.flags & flag != 0;
    }
}
