// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Test} from "forge-std/Test.sol";
import {DevPriceFeed} from "../../src/devnet/DevPriceFeed.sol";
import {DevToken} from "../../src/devnet/DevToken.sol";
import {IKeelPoolErrors} from "../../src/interfaces/IKeelPoolErrors.sol";
import {IPriceOracle} from "../../src/interfaces/IPriceOracle.sol";
import {AccountHealth, Position, ReserveState} from "../../src/interfaces/PoolTypes.sol";
import {KeelPool} from "../../src/pool/KeelPool.sol";

/// @dev Drives the cross-collateral pool with bounded, valid actions from a few actors, and checks
/// the per-action properties of the spec (INV-RISK-1, INV-REPAY-1, INV-LIQ-1, INV-BAD-1,
/// INV-INT-1, INV-INT-2, INV-B1-1, INV-B1-2, INV-O4-1) as it goes. Only the documented refusals
/// (not enough collateral or liquidity, a liquidation that must close) are tolerated; any other
/// revert fails the run. Besides the account owners, outsiders act on others' accounts (1-wei
/// collateral top-ups and repays) and feeds of unrelated reserves fail during liquidations.
contract PoolHandler is Test {
    uint256 internal constant POOL_ID = 1;
    uint256 internal constant RESERVES = 5;

    KeelPool internal immutable pool;
    DevToken[5] internal tokens;
    DevPriceFeed[5] internal feeds;
    address[3] public actors;
    address public immutable liquidator;
    uint256 internal clock;

    // ghosts
    mapping(uint256 reserve => uint256) public lastBorrowIndexNum;
    mapping(uint256 reserve => uint256) public lastBorrowIndexDen;
    mapping(uint256 reserve => uint256) public lastSupplyPriceNum;
    mapping(uint256 reserve => uint256) public lastSupplyPriceDen;
    uint256 public liquidations;
    uint256 public badDebtEvents;
    uint256 public insolventCleared;
    uint256 public shieldAttempts;
    mapping(bytes4 selector => uint256) public calls;

    constructor(KeelPool pool_, DevToken[5] memory tokens_, DevPriceFeed[5] memory feeds_, address liquidator_) {
        pool = pool_;
        tokens = tokens_;
        feeds = feeds_;
        liquidator = liquidator_;
        actors = [makeAddr("actor0"), makeAddr("actor1"), makeAddr("actor2")];
        for (uint256 a; a < 4; ++a) {
            address who = a < 3 ? actors[a] : liquidator_;
            vm.startPrank(who);
            for (uint256 i; i < RESERVES; ++i) tokens_[i].approve(address(pool_), type(uint256).max);
            vm.stopPrank();
        }
        clock = block.timestamp;
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
        uint256 assets = shares * (uint256(s.totalSupplyAssets) + 1) / (uint256(s.totalSupplyShares) + 1e6);
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
        amount = slack * 1e18 / price * bound(amount, 50, 101) / 100;
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

    /// @dev An outsider posts 1 wei of a collateral the victim holds, or repays 1 wei of its debt
    /// (INV-B1-1: no third-party action lowers anyone's health); posting a reserve the victim does not
    /// hold is refused.
    function thirdPartyDust(uint256 outsiderSeed, uint256 victimSeed, uint256 reserveSeed, bool repayDebt) external {
        address outsider = actors[outsiderSeed % 3];
        address victim = actors[victimSeed % 3];
        if (outsider == victim) return;
        uint256 reserve = reserveSeed % RESERVES;
        (uint16 collateralMask, uint16 debtMask) = pool.accountMasks(POOL_ID, victim);
        uint256 before = pool.healthFactor(POOL_ID, victim);
        tokens[reserve].mint(outsider, 1);
        vm.prank(outsider);
        if (repayDebt) {
            if (debtMask & (1 << reserve) == 0) return;
            pool.repay(POOL_ID, reserve, 1, 0, victim);
        } else {
            if (pool.reserveConfig(POOL_ID, reserve).flags & 1 == 0) return;
            if (collateralMask & (1 << reserve) == 0) {
                vm.expectRevert(abi.encodeWithSelector(IKeelPoolErrors.Unauthorized.selector, outsider, victim));
            }
            pool.supplyCollateral(POOL_ID, reserve, 1, victim);
        }
        assertGe(pool.healthFactor(POOL_ID, victim), before, "INV-B1-1 an outsider lowered a health");
        _after(this.thirdPartyDust.selector);
    }

    /// @dev The chosen collateral's price first falls by up to 40% (a crash), then a liquidator acts.
    /// Sometimes the feed of another collateral of the account dies first (INV-O4-1: a failed price
    /// never shields an unhealthy account); an insolvent account is then liquidated to the end
    /// (INV-B1-2: an insolvent account is always liquidatable until written off).
    function liquidate(uint256 actorSeed, uint256 collateralSeed, uint256 debtSeed, uint256 crash) external {
        address borrower = actors[actorSeed % 3];
        (uint16 collateralMask, uint16 debtMask) = pool.accountMasks(POOL_ID, borrower);
        if (collateralMask == 0 || debtMask == 0) return;
        uint256 c = _nthBit(collateralMask, collateralSeed);
        uint256 d = _nthBit(debtMask, debtSeed);
        (, int256 answer,,,) = feeds[c].latestRoundData();
        int256 crashed = answer * int256(100 - bound(crash, 0, 40)) / 100;
        feeds[c].setAnswer(crashed > 1e6 ? crashed : int256(1e6));
        // A dead feed on another collateral the account holds and does not owe.
        uint256 shieldMask = collateralMask & ~debtMask & ~uint16(1 << c);
        uint256 dead = RESERVES;
        int256 deadAnswer;
        if (crash % 3 == 0 && shieldMask != 0) {
            dead = _nthBit(uint16(shieldMask), crash);
            (, deadAnswer,,,) = feeds[dead].latestRoundData();
            feeds[dead].setAnswer(0);
            ++shieldAttempts;
        }
        _liquidateOnce(borrower, c, d);
        if (dead != RESERVES) feeds[dead].setAnswer(deadAnswer);
        _clearIfInsolvent(borrower);
        _after(this.liquidate.selector);
    }

    function _liquidateOnce(address borrower, uint256 c, uint256 d) internal {
        (uint16 collateralMask, uint16 debtMask) = pool.accountMasks(POOL_ID, borrower);
        uint256 before = pool.healthFactor(POOL_ID, borrower);
        tokens[d].mint(liquidator, 100_000_000 * _unit(d));
        vm.prank(liquidator);
        try pool.liquidate(POOL_ID, borrower, c, d, type(uint256).max, liquidator) {
            // INV-LIQ-1: only below health 1, and it improves health or clears the pair.
            assertLt(before, 1e18, "INV-LIQ-1 liquidated a healthy account");
            (uint16 cm, uint16 dm) = pool.accountMasks(POOL_ID, borrower);
            bool cleared = cm & (1 << c) == 0 || dm & (1 << d) == 0;
            assertTrue(cleared || pool.healthFactor(POOL_ID, borrower) > before, "INV-LIQ-1 health fell");
            // INV-BAD-1: debt is written off only when no collateral is left.
            if (dm == 0 && cm != 0) assertEq(dm & debtMask, 0);
            if (cm == 0) {
                assertEq(dm, 0, "INV-BAD-1 collateral gone but debt kept");
                ++badDebtEvents;
            }
            ++liquidations;
        } catch (bytes memory reason) {
            _expect(reason, IKeelPoolErrors.HealthyPosition.selector);
            assertGe(before, 1e18, "INV-O4-1 refused an unhealthy account");
        }
    }

    /// @dev INV-B1-2: while an account's collateral is worth less than its debt, some liquidation
    /// always goes through, until its debt is gone (repaid, or written off with its last collateral).
    function _clearIfInsolvent(address borrower) internal {
        for (uint256 round; round < 32; ++round) {
            AccountHealth memory h = pool.accountHealth(POOL_ID, borrower);
            (uint16 collateralMask, uint16 debtMask) = pool.accountMasks(POOL_ID, borrower);
            if (debtMask == 0 || h.collateralValue >= h.debtValue) return;
            assertTrue(collateralMask != 0, "INV-B1-2 debt without collateral kept on the books");
            uint256 c = _nthBit(collateralMask, round);
            uint256 d = _nthBit(debtMask, round);
            tokens[d].mint(liquidator, 100_000_000 * _unit(d));
            vm.prank(liquidator);
            pool.liquidate(POOL_ID, borrower, c, d, type(uint256).max, liquidator);
            ++liquidations;
        }
        (, uint16 debtLeft) = pool.accountMasks(POOL_ID, borrower);
        assertEq(debtLeft, 0, "INV-B1-2 insolvent account never cleared");
        ++insolventCleared;
    }

    function movePrice(uint256 reserveSeed, uint256 percent) external {
        uint256 reserve = reserveSeed % RESERVES;
        (, int256 answer,,,) = feeds[reserve].latestRoundData();
        int256 moved = answer * int256(bound(percent, 80, 120)) / 100;
        if (moved < 1e6) moved = 1e6;
        feeds[reserve].setAnswer(moved);
        _after(this.movePrice.selector);
    }

    function passTime(uint256 seconds_) external {
        clock += bound(seconds_, 1, 10 days);
        vm.warp(clock);
        for (uint256 i; i < RESERVES; ++i) {
            (, int256 answer,,,) = feeds[i].latestRoundData();
            feeds[i].setAnswer(answer);
        }
        _after(this.passTime.selector);
    }

    // ----- helpers -----

    function _pick(uint256 actorSeed, uint256 reserveSeed) internal view returns (address, uint256) {
        return (actors[actorSeed % 3], reserveSeed % RESERVES);
    }

    function _unit(uint256 reserve) internal view returns (uint256) {
        return 10 ** tokens[reserve].decimals();
    }

    function _nthBit(uint16 mask, uint256 seed) internal pure returns (uint256) {
        uint256 count;
        for (uint256 i; i < 16; ++i) if (mask & (1 << i) != 0) ++count;
        uint256 pickIndex = seed % count;
        for (uint256 i; i < 16; ++i) {
            if (mask & (1 << i) == 0) continue;
            if (pickIndex == 0) return i;
            --pickIndex;
        }
        return 0;
    }

    function _expect(bytes memory reason, bytes4 expected) internal pure {
        if (bytes4(reason) != expected) {
            // Re-raise anything unexpected: it is a bug.
            assembly ("memory-safe") {
                revert(add(reason, 32), mload(reason))
            }
        }
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
            if (badDebtEvents == 0) {
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
