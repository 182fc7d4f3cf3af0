// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IAuctionTaker} from "../interfaces/IAuctionTaker.sol";
import {Auction, CollateralType, TYPE_SHUTDOWN, Vault} from "../interfaces/CdpTypes.sol";
import {ICdpEngine} from "../interfaces/ICdpEngine.sol";
import {IKusd} from "../interfaces/IKusd.sol";
import {MathLib} from "../libraries/MathLib.sol";
import {CdpState} from "./CdpState.sol";
import {BPS, PRICE_SCALE, RAY, WAD} from "../libraries/Constants.sol";

/// @title CdpAuctions
/// @notice Liquidation of unsafe vaults by Dutch auction, and settlement of vaults of a shut-down type.
/// @dev Each auction holds part or all of one vault's collateral and debt. Proceeds recover the
/// debt first, then the penalty (to the surplus); collateral left once the tab is met goes back to
/// the vault; debt left once the collateral is gone is a loss (surplus first, then system debt).
abstract contract CdpAuctions is CdpState, ReentrancyGuardTransient {
    using MathLib for uint256;
    using SafeCast for uint256;
    using SafeERC20 for IERC20;

    /// @inheritdoc ICdpEngine
    function startAuction(uint256 vaultId, address keeper) external nonReentrant returns (uint256 tab) {
        Vault storage v = _vault(vaultId);
        require(_auctions[vaultId].tab == 0, AuctionActive(vaultId));
        uint256 typeId = v.typeId;
        CollateralType storage t = _types[typeId];
        uint256 rate = _accrue(typeId, t);
        uint256 normalized = v.normalizedDebt;
        require(normalized != 0, NoDebt(vaultId));
        uint256 price = _price(t);
        t.lastGoodPrice = price.toUint128();
        uint256 collateral = v.collateral;
        {
            uint256 debt = normalized.mulDivUp(rate, RAY);
            uint256 value = collateral.mulDivDown(price, PRICE_SCALE);
            require(
                value * BPS < debt * t.minRatioBps,
                VaultIsSafe(value.wDivDown(debt), uint256(t.minRatioBps) * (WAD / BPS))
            );
        }
        uint256 seized = _seizableNormalized(t, normalized, rate);
        uint256 seizedCollateral = seized == normalized ? collateral : collateral.mulDivUp(seized, normalized);
        uint256 debtSeized;
        (debtSeized, tab) = _openAuction(vaultId, v, t, seized, seizedCollateral, rate, t.liquidationPenaltyBps, price);
        // The keeper reward rounds down (it is paid out) and never exceeds the penalty this auction's
        // own tab carries, whatever the parameters were when the vault was opened: liquidating one's
        // own vault never pays. Debt with no collateral behind it is a loss at once and earns nothing.
        uint256 reward;
        if (seizedCollateral != 0) {
            reward = MathLib.min(t.keeperTip + tab.mulDivDown(t.keeperFeeBps, BPS), tab - debtSeized);
            _advanceReward(_auctions[vaultId], reward);
        }
        emit StartAuction(vaultId, keeper, seizedCollateral, debtSeized, tab, _auctions[vaultId].topPrice, reward);
        if (reward != 0) IKusd(kusd).mint(keeper, reward);
    }

    /// @inheritdoc ICdpEngine
    function resetAuction(uint256 vaultId, address keeper) external nonReentrant {
        Auction storage a = _auctions[vaultId];
        require(a.tab != 0, AuctionNotActive(vaultId));
        (, bool stale) = auctionPrice(vaultId);
        require(stale, AuctionNotStale(vaultId));
        CollateralType storage t = _types[_vaults[vaultId].typeId];
        uint256 referencePrice = _referencePrice(t);
        uint256 topPrice = referencePrice.mulDivUp(t.auctionStartBufferBps, BPS);
        a.topPrice = topPrice.toUint128();
        a.startedAt = uint40(block.timestamp);
        // Only a lot worth at least the debt floor (valued rounding down, against the keeper) earns
        // the tip: anyone may restart dust, but resetting it each time it goes stale pays nothing. And
        // all the rewards of one auction together stay within its penalty (tab − debt, as debt grows
        // with every reward advanced), however often it is reset.
        uint256 lotValue = uint256(a.collateral).mulDivDown(referencePrice, PRICE_SCALE);
        uint256 reward = lotValue >= t.debtFloor ? MathLib.min(t.keeperTip, uint256(a.tab) - a.debt) : 0;
        _advanceReward(a, reward);
        emit ResetAuction(vaultId, keeper, topPrice, reward);
        if (reward != 0) IKusd(kusd).mint(keeper, reward);
    }

    /// @inheritdoc ICdpEngine
    function take(
        uint256 vaultId,
        uint256 maxCollateral,
        uint256 maxPrice,
        address receiver,
        bytes calldata data
    ) external nonReentrant returns (uint256 slice, uint256 paid) {
        Auction storage a = _auctions[vaultId];
        uint256 tab = a.tab;
        require(tab != 0, AuctionNotActive(vaultId));
        require(receiver != address(0), ZeroAddress());
        (uint256 price, bool stale) = auctionPrice(vaultId);
        require(!stale, AuctionStale(vaultId));
        require(price <= maxPrice, PriceAboveMax(price, maxPrice));
        Vault storage v = _vaults[vaultId];
        CollateralType storage t = _types[v.typeId];
        uint256 lot = a.collateral;
        (slice, paid) = _sizeTake(tab, lot, maxCollateral.min(lot), price, t.debtFloor);

        // Proceeds recover the debt first; what exceeds it is penalty, earned by the surplus.
        uint256 recovered = paid.min(a.debt);
        auctionDebt -= recovered;
        surplusRad += ((paid - recovered) * RAY).toInt256();
        t.inAuction -= uint128(paid); // paid ≤ tab ≤ inAuction
        tab -= paid;
        lot -= slice;
        if (tab == 0) {
            // Tab met: the collateral left goes back to the vault.
            v.collateral += uint128(lot); // lot came out of this vault
            delete _auctions[vaultId];
            emit EndAuction(vaultId, lot, 0);
        } else if (lot == 0) {
            // Collateral gone, tab unmet: the debt not recovered is a loss.
            uint256 loss = a.debt - recovered;
            auctionDebt -= loss;
            t.inAuction -= uint128(tab);
            delete _auctions[vaultId];
            emit EndAuction(vaultId, 0, loss);
            _absorbLoss(vaultId, loss);
        } else {
            a.collateral = uint128(lot);
            a.tab = uint128(tab);
            a.debt -= uint128(recovered);
        }
        emit Take(vaultId, msg.sender, receiver, slice, paid, price);

        IERC20(t.token).safeTransfer(receiver, slice);
        if (data.length != 0) IAuctionTaker(receiver).onAuctionTake(msg.sender, vaultId, slice, paid, data);
        IKusd(kusd).burn(msg.sender, paid);
    }

    /// @inheritdoc ICdpEngine
    function settle(uint256 vaultId) external nonReentrant returns (uint256 tab) {
        Vault storage v = _vault(vaultId);
        uint256 typeId = v.typeId;
        CollateralType storage t = _types[typeId];
        require(_isFlagSet(t, TYPE_SHUTDOWN), TypeNotShutdown(typeId));
        require(_auctions[vaultId].tab == 0, AuctionActive(vaultId));
        uint256 normalized = v.normalizedDebt;
        require(normalized != 0, NoDebt(vaultId));
        uint256 rate = _accrue(typeId, t);
        uint256 price = _settlePrice(t);
        uint256 debt = normalized.mulDivUp(rate, RAY);
        uint256 collateral = v.collateral;
        uint256 penaltyBps = t.liquidationPenaltyBps;
        // Below its minimum ratio at the settle price, the vault is settled as it would be liquidated:
        // all its collateral, and the penalty. Otherwise collateral worth the debt plus the penalty
        // (rounded up, in the system's favour) backs a tab of the debt alone; what the auction does not
        // need comes back to the vault.
        uint256 seized = collateral;
        if (collateral.mulDivDown(price, PRICE_SCALE) * BPS >= debt * t.minRatioBps) {
            seized = collateral.min((debt + debt.mulDivUp(penaltyBps, BPS)).mulDivUp(PRICE_SCALE, price));
            penaltyBps = 0;
        }
        (, tab) = _openAuction(vaultId, v, t, normalized, seized, rate, penaltyBps, price);
        emit Settle(vaultId, msg.sender, debt, tab, seized, price);
    }

    // ----- internal -----

    /// @dev How much normalized debt an auction may take: all of it, or the part whose tab fits the
    /// room left under the type's auction limit. A part that would leave a remnant below the debt
    /// floor takes the whole vault instead, so the limit can be exceeded by less than one floor's tab.
    function _seizableNormalized(
        CollateralType storage t,
        uint256 normalized,
        uint256 rate
    ) internal view returns (uint256) {
        uint256 inAuction = t.inAuction;
        uint256 room = uint256(t.auctionLimit).zeroFloorSub(inAuction);
        require(room != 0, AuctionLimitReached(inAuction, t.auctionLimit));
        uint256 debt = normalized.mulDivUp(rate, RAY);
        if (debt + debt.mulDivUp(t.liquidationPenaltyBps, BPS) <= room) return normalized;
        // The debt whose tab fits the room, rounded down so the tab stays within it.
        uint256 part = room.mulDivDown(BPS, BPS + t.liquidationPenaltyBps).mulDivDown(RAY, rate);
        if ((normalized - part).mulDivUp(rate, RAY) < t.debtFloor) return normalized;
        require(part != 0 && part.mulDivDown(rate, RAY) >= t.debtFloor, AuctionLimitReached(inAuction, t.auctionLimit));
        return part;
    }

    /// @dev Moves `normalized` debt and `collateral` from the vault into its auction. The debt leaves
    /// the vault books (exact, in RAD) and enters the auction books in wei rounded up; the rounding
    /// is a gain for the surplus. Collateral-less debt cannot be sold and is a loss at once.
    function _openAuction(
        uint256 vaultId,
        Vault storage v,
        CollateralType storage t,
        uint256 normalized,
        uint256 collateral,
        uint256 rate,
        uint256 penaltyBps,
        uint256 referencePrice
    ) internal returns (uint256 debt, uint256 tab) {
        uint256 debtRad = normalized * rate;
        debt = normalized.mulDivUp(rate, RAY);
        tab = debt + debt.mulDivUp(penaltyBps, BPS);
        v.normalizedDebt -= uint128(normalized); // normalized ≤ the vault's
        v.collateral -= uint128(collateral); // collateral ≤ the vault's
        t.totalNormalizedDebt -= uint128(normalized);
        totalDebtRad -= debtRad;
        surplusRad += (debt * RAY - debtRad).toInt256();
        if (collateral == 0) {
            emit EndAuction(vaultId, 0, debt);
            _absorbLoss(vaultId, debt);
            return (debt, tab);
        }
        auctionDebt += debt;
        t.inAuction = (t.inAuction + tab).toUint128();
        _auctions[vaultId] = Auction({
            collateral: collateral.toUint128(),
            tab: tab.toUint128(),
            debt: debt.toUint128(),
            topPrice: referencePrice.mulDivUp(t.auctionStartBufferBps, BPS).toUint128(),
            startedAt: uint40(block.timestamp)
        });
    }

    /// @dev Sizes a take of at most `wanted` collateral at `price`. The payment rounds up. When it
    /// would meet the tab, it is the tab and the collateral is what the tab buys, rounded down.
    /// A partial take may not strand a tab below the floor: it is trimmed to leave exactly the floor.
    function _sizeTake(
        uint256 tab,
        uint256 lot,
        uint256 wanted,
        uint256 price,
        uint256 floor
    ) internal pure returns (uint256 slice, uint256 paid) {
        require(wanted != 0, ZeroAmount());
        slice = wanted;
        paid = slice.mulDivUp(price, PRICE_SCALE);
        if (paid >= tab) {
            paid = tab;
            slice = tab.mulDivDown(PRICE_SCALE, price).min(wanted);
        } else if (slice < lot && tab - paid < floor) {
            require(tab > floor, TakeLeavesDust(tab - paid, floor));
            slice = (tab - floor).mulDivDown(PRICE_SCALE, price);
            require(slice != 0, TakeLeavesDust(tab - paid, floor));
            paid = slice.mulDivUp(price, PRICE_SCALE);
        }
    }

    /// @dev Books a keeper reward as part of what the auction must recover first: the system advances
    /// it (the caller mints it to the keeper), and the auction's proceeds pay it back before any
    /// penalty reaches the surplus. If the collateral runs out first, it is part of the reported loss.
    function _advanceReward(Auction storage a, uint256 reward) internal {
        if (reward == 0) return;
        a.debt += uint128(reward); // reward ≤ tab − debt, so debt stays ≤ tab
        auctionDebt += reward;
    }

    /// @dev The price a vault of a shut-down type settles at: the lower of the shutdown price and the
    /// oracle's, if the oracle still answers. Waiting after a shutdown thus never buys a better price
    /// than the market's.
    function _settlePrice(CollateralType storage t) internal view returns (uint256) {
        try t.oracle.price() returns (uint256 oraclePrice) {
            return MathLib.min(oraclePrice, t.shutdownPrice);
        } catch {
            return t.shutdownPrice;
        }
    }

    /// @dev The price an auction (re)starts from: the oracle's; after a shutdown, the oracle's if it
    /// still answers, else the shutdown price.
    function _referencePrice(CollateralType storage t) internal returns (uint256 price) {
        if (!_isFlagSet(t, TYPE_SHUTDOWN)) {
            price = _price(t);
            t.lastGoodPrice = price.toUint128();
            return price;
        }
        try t.oracle.price() returns (uint256 oraclePrice) {
            return oraclePrice;
        } catch {
            return t.shutdownPrice;
        }
    }
}
