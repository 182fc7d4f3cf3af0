// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Test} from "forge-std/Test.sol";
import {DevPriceFeed} from "../../src/devnet/DevPriceFeed.sol";
import {DevToken} from "../../src/devnet/DevToken.sol";
import {IKeelPoolErrors} from "../../src/interfaces/IKeelPoolErrors.sol";
import {AccountHealth} from "../../src/interfaces/PoolTypes.sol";
import {KeelPool} from "../../src/pool/KeelPool.sol";

/// @dev What both pool handlers share: the pool, its tokens and feeds, the actors, the liquidation
/// steps they both take and the counters that show a run reached them.
abstract contract PoolHandlerBase is Test {
    uint256 internal constant POOL_ID = 1;
    uint256 internal constant RESERVES = 5;

    KeelPool internal immutable pool;
    DevToken[5] internal tokens;
    DevPriceFeed[5] internal feeds;
    address[3] public actors;
    address public immutable liquidator;
    uint256 internal clock;

    uint256 public liquidations;
    uint256 public badDebtEvents;
    uint256 public insolventCleared;
    uint256 public shieldAttempts; // crashes where another collateral's feed died first

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
        AccountHealth memory h = pool.accountHealth(POOL_ID, borrower);
        (, uint16 owed) = pool.accountMasks(POOL_ID, borrower);
        if (owed == 0 || h.collateralValue >= h.debtValue) return;
        // Collateral worth less than the debt: each liquidation keeps it so (the incentive only widens
        // the gap), so liquidating goes on until the last collateral is gone and the rest written off.
        for (uint256 round; round < 32; ++round) {
            (uint16 collateralMask, uint16 debtMask) = pool.accountMasks(POOL_ID, borrower);
            if (debtMask == 0) {
                ++insolventCleared;
                return;
            }
            assertTrue(collateralMask != 0, "INV-B1-2 debt without collateral kept on the books");
            uint256 d = _nthBit(debtMask, round);
            tokens[d].mint(liquidator, 100_000_000 * _unit(d));
            vm.prank(liquidator);
            pool.liquidate(POOL_ID, borrower, _nthBit(collateralMask, round), d, type(uint256).max, liquidator);
            ++liquidations;
            (uint16 collateralLeft, ) = pool.accountMasks(POOL_ID, borrower);
            if (collateralLeft == 0) ++badDebtEvents;
        }
        assertTrue(false, "INV-B1-2 insolvent account never cleared");
    }

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

    function _popCount(uint16 mask) internal pure returns (uint256 count) {
        for (uint256 i; i < 16; ++i) if (mask & (1 << i) != 0) ++count;
    }
}
