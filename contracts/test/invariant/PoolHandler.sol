// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {DevPriceFeed} from "../../src/devnet/DevPriceFeed.sol";
import {DevToken} from "../../src/devnet/DevToken.sol";
import {IKeelPoolErrors} from "../../src/interfaces/IKeelPoolErrors.sol";
import {IPriceOracle} from "../../src/interfaces/IPriceOracle.sol";
import {AccountHealth, Position, ReserveState} from "../../src/interfaces/PoolTypes.sol";
import {KeelPool} from "../../src/pool/KeelPool.sol";
import {PoolHandlerBase} from "./PoolHandlerBase.sol";
import {PoolOutsiderHandler} from "./PoolOutsiderHandler.sol";

/// @dev Drives the cross-collateral pool with bounded, valid actions from a few actors, and checks
/// the per-action properties of the spec (INV-RISK-1, INV-REPAY-1, INV-LIQ-1, INV-BAD-1,
/// INV-INT-1, INV-INT-2, INV-B1-2) as it goes. Only the documented refusals (not enough collateral or
/// liquidity, a liquidation that must close) are tolerated; any other revert fails the run.
/// PoolOutsiderHandler drives what third parties and crashes do.
contract PoolHandler is PoolHandlerBase {
    // ghosts
    mapping(uint256 reserve => uint256) public lastBorrowIndexNum;
    mapping(uint256 reserve => uint256) public lastBorrowIndexDen;
    mapping(uint256 reserve => uint256) public lastSupplyPriceNum;
    mapping(uint256 reserve => uint256) public lastSupplyPriceDen;
    mapping(bytes4 selector => uint256) public calls;
    /// @dev Acts on the same pool between this handler's calls; its write-offs may lower share prices.
    PoolOutsiderHandler public immutable outsider;

    constructor(
        KeelPool pool_,
        DevToken[5] memory tokens_,
        DevPriceFeed[5] memory feeds_,
        address liquidator_,
        PoolOutsiderHandler outsider_
    ) PoolHandlerBase(pool_, tokens_, feeds_, liquidator_) {
        outsider = outsider_;
        _recordIndexes();
    }

    // ----- actions -----

    function supply(uint256 actorSeed, uint256 reserveSeed, uint256 amount) external {
        (address actor, uint256 reserve) = _pick(actorSeed, reserveSeed);
        amount = bound(amount, _unit(reserve), 1_000_000 * _unit(reserve));
        tokens[reserve].mint(actor, amount);
        vm.prank(actor);
        pool.supply(POOL_ID, reserve, amount, 0, actor);
        _after(this.supply.selector);
    }

    function withdraw(uint256 actorSeed, uint256 reserveSeed, uint256 part) external {
        (address actor, uint256 reserve) = _pick(actorSeed, reserveSeed);
        uint256 shares = pool.position(POOL_ID, actor, reserve).supplyShares;
        if (shares < 1e6) return;
        shares = bound(part, 1e6, shares);
        ReserveState memory s = pool.expectedReserveState(POOL_ID, reserve);
        uint256 assets = (shares * (uint256(s.totalSupplyAssets) + 1)) / (uint256(s.totalSupplyShares) + 1e6);
        if (assets == 0 || assets > s.totalSupplyAssets - s.totalBorrowAssets) return;
        vm.prank(actor);
        pool.withdraw(POOL_ID, reserve, 0, shares, actor, actor);
        _after(this.withdraw.selector);
    }

    function supplyCollateral(uint256 actorSeed, uint256 reserveSeed, uint256 amount) external {
        (address actor, uint256 reserve) = _pick(actorSeed, reserveSeed);
        if (pool.reserveConfig(POOL_ID, reserve).flags & 1 == 0) reserve = 0; // WETH is collateral
        amount = bound(amount, _unit(reserve) / 100, 100 * _unit(reserve));
        tokens[reserve].mint(actor, amount);
        vm.prank(actor);
        pool.supplyCollateral(POOL_ID, reserve, amount, actor);
        _after(this.supplyCollateral.selector);
    }

    function withdrawCollateral(uint256 actorSeed, uint256 reserveSeed, uint256 amount) external {
        (address actor, uint256 reserve) = _pick(actorSeed, reserveSeed);
        uint256 balance = pool.position(POOL_ID, actor, reserve).collateral;
        if (balance == 0) return;
        amount = bound(amount, 1, balance);
        vm.prank(actor);
        try pool.withdrawCollateral(POOL_ID, reserve, amount, actor, actor) {
            _assertWithinBorrowPower(actor);
        } catch (bytes memory reason) {
            _expect(reason, IKeelPoolErrors.InsufficientCollateral.selector);
        }
        _after(this.withdrawCollateral.selector);
    }

    function borrow(uint256 actorSeed, uint256 reserveSeed, uint256 amount) external {
        (address actor, uint256 reserve) = _pick(actorSeed, reserveSeed);
        if (pool.reserveConfig(POOL_ID, reserve).flags & 2 == 0) reserve = 1; // USDC is borrowable
        // Mostly within the borrowing power left (so positions get close to the edge), sometimes beyond.
        AccountHealth memory h = pool.accountHealth(POOL_ID, actor);
        uint256 slack = h.borrowPower > h.debtValue ? h.borrowPower - h.debtValue : 0;
        uint256 price = IPriceOracle(pool.reserveConfig(POOL_ID, reserve).oracle).price();
        amount = (((slack * 1e18) / price) * bound(amount, 50, 101)) / 100;
        if (amount == 0) amount = 1;
        vm.prank(actor);
        try pool.borrow(POOL_ID, reserve, amount, 0, actor, actor) {
            _assertWithinBorrowPower(actor);
        } catch (bytes memory reason) {
            bytes4 selector = bytes4(reason);
            if (selector != IKeelPoolErrors.InsufficientLiquidity.selector) {
                _expect(reason, IKeelPoolErrors.InsufficientCollateral.selector);
            }
        }
        _after(this.borrow.selector);
    }

    function repay(uint256 actorSeed, uint256 reserveSeed, uint256 part, bool all) external {
        (address actor, uint256 reserve) = _pick(actorSeed, reserveSeed);
        uint256 debtShares = pool.position(POOL_ID, actor, reserve).debtShares;
        if (debtShares == 0) return;
        uint256 shares = all ? debtShares : bound(part, 1, debtShares);
        tokens[reserve].mint(actor, 10_000_000 * _unit(reserve));
        vm.prank(actor);
        pool.repay(POOL_ID, reserve, 0, shares, actor);
        // INV-REPAY-1: a full repay leaves exactly zero debt and clears the borrowing flag.
        if (all) {
            assertEq(pool.position(POOL_ID, actor, reserve).debtShares, 0, "INV-REPAY-1");
            (, uint16 debtMask) = pool.accountMasks(POOL_ID, actor);
            assertEq(debtMask & (1 << reserve), 0, "INV-REPAY-1 flag");
        }
        _after(this.repay.selector);
    }

    /// @dev The chosen collateral's price first falls by up to 40% (a crash), then a liquidator acts;
    /// an insolvent account is then liquidated to the end (INV-B1-2).
    function liquidate(uint256 actorSeed, uint256 collateralSeed, uint256 debtSeed, uint256 fall) external {
        address borrower = actors[actorSeed % 3];
        (uint16 collateralMask, uint16 debtMask) = pool.accountMasks(POOL_ID, borrower);
        if (collateralMask == 0 || debtMask == 0) return;
        uint256 c = _nthBit(collateralMask, collateralSeed);
        (, int256 answer, , , ) = feeds[c].latestRoundData();
        int256 crashed = (answer * int256(100 - bound(fall, 0, 40))) / 100;
        feeds[c].setAnswer(crashed > 1e6 ? crashed : int256(1e6));
        _liquidateOnce(borrower, c, _nthBit(debtMask, debtSeed));
        _clearIfInsolvent(borrower);
        _after(this.liquidate.selector);
    }

    function movePrice(uint256 reserveSeed, uint256 percent) external {
        uint256 reserve = reserveSeed % RESERVES;
        (, int256 answer, , , ) = feeds[reserve].latestRoundData();
        int256 moved = (answer * int256(bound(percent, 80, 120))) / 100;
        if (moved < 1e6) moved = 1e6;
        feeds[reserve].setAnswer(moved);
        _after(this.movePrice.selector);
    }

    function passTime(uint256 seconds_) external {
        clock += bound(seconds_, 1, 10 days);
        vm.warp(clock);
        for (uint256 i; i < RESERVES; ++i) {
            (, int256 answer, , , ) = feeds[i].latestRoundData();
            feeds[i].setAnswer(answer);
        }
        _after(this.passTime.selector);
    }

    /// @dev INV-RISK-1: no action of a user leaves its own position beyond its borrowing power.
    function _assertWithinBorrowPower(address actor) internal view {
        (, uint16 debtMask) = pool.accountMasks(POOL_ID, actor);
        if (debtMask == 0) return;
        assertGe(pool.healthFactor(POOL_ID, actor), 1e18, "INV-RISK-1");
    }

    function _after(bytes4 selector) internal {
        ++calls[selector];
        _checkIndexes();
        _recordIndexes();
    }

    /// @dev INV-INT-1: the borrow index never decreases. INV-INT-2: the supply share price never
    /// decreases, except when bad debt is realized.
    function _checkIndexes() internal view {
        for (uint256 i; i < RESERVES; ++i) {
            ReserveState memory s = pool.reserveState(POOL_ID, i);
            if (s.totalBorrowShares != 0 && lastBorrowIndexDen[i] != 0) {
                assertGe(
                    uint256(s.totalBorrowAssets) * lastBorrowIndexDen[i] + lastBorrowIndexDen[i],
                    lastBorrowIndexNum[i] * s.totalBorrowShares,
                    "INV-INT-1"
                );
            }
            if (badDebtEvents + outsider.badDebtEvents() == 0) {
                assertGe(
                    (uint256(s.totalSupplyAssets) + 1) * lastSupplyPriceDen[i],
                    lastSupplyPriceNum[i] * (uint256(s.totalSupplyShares) + 1e6),
                    "INV-INT-2"
                );
            }
        }
    }

    function _recordIndexes() internal {
        for (uint256 i; i < RESERVES; ++i) {
            ReserveState memory s = pool.reserveState(POOL_ID, i);
            lastBorrowIndexNum[i] = s.totalBorrowAssets;
            lastBorrowIndexDen[i] = s.totalBorrowShares;
            lastSupplyPriceNum[i] = uint256(s.totalSupplyAssets) + 1;
            lastSupplyPriceDen[i] = uint256(s.totalSupplyShares) + 1e6;
        }
    }

    /// @dev Every account that can hold a position in the pool.
    function holders() external view returns (address[] memory list) {
        list = new address[](5);
        list[0] = actors[0];
        list[1] = actors[1];
        list[2] = actors[2];
        list[3] = liquidator;
        list[4] = address(0xdEaD);
    }

    function position(address who, uint256 reserve) external view returns (Position memory) {
        return pool.position(POOL_ID, who, reserve);
    }
}
