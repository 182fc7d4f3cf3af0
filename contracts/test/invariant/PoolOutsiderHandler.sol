// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {DevPriceFeed} from "../../src/devnet/DevPriceFeed.sol";
import {DevToken} from "../../src/devnet/DevToken.sol";
import {IKeelPoolErrors} from "../../src/interfaces/IKeelPoolErrors.sol";
import {KeelPool} from "../../src/pool/KeelPool.sol";

import {PoolHandlerBase} from "./PoolHandlerBase.sol";

/// @dev What third parties and crashes do to the cross-collateral pool: outsiders post 1 wei of
/// collateral or repay 1 wei on someone else's account (INV-B1-1), and every collateral of an account
/// crashes while one of its feeds dies (INV-O4-1), after which an insolvent account is liquidated to
/// the end (INV-B1-2).
contract PoolOutsiderHandler is PoolHandlerBase {
    constructor(
        KeelPool pool_,
        DevToken[5] memory tokens_,
        DevPriceFeed[5] memory feeds_,
        address liquidator_
    ) PoolHandlerBase(pool_, tokens_, feeds_, liquidator_) {}

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
        if (repayDebt) {
            if (debtMask & (1 << reserve) == 0) return;
            vm.prank(outsider);
            pool.repay(POOL_ID, reserve, 1, 0, victim);
        } else {
            if (pool.reserveConfig(POOL_ID, reserve).flags & 1 == 0) return;
            if (collateralMask & (1 << reserve) == 0) {
                vm.expectRevert(abi.encodeWithSelector(IKeelPoolErrors.Unauthorized.selector, outsider, victim));
            }
            vm.prank(outsider);
            pool.supplyCollateral(POOL_ID, reserve, 1, victim);
        }
        assertGe(pool.healthFactor(POOL_ID, victim), before, "INV-B1-1 an outsider lowered a health");
    }

    /// @dev A crash of every collateral the account holds, by 30% to 90%; when it holds two collaterals,
    /// the feed of one it does not owe dies first (INV-O4-1); the account is then liquidated, and
    /// if insolvent, liquidated to the end (INV-B1-2).
    function crashAll(uint256 actorSeed, uint256 depth, uint256 deadSeed) external {
        address borrower = actors[actorSeed % 3];
        (uint16 collateralMask, uint16 debtMask) = pool.accountMasks(POOL_ID, borrower);
        if (collateralMask == 0 || debtMask == 0) return;
        uint256 keep = 100 - bound(depth, 30, 90);
        for (uint256 i; i < RESERVES; ++i) {
            if (collateralMask & (1 << i) == 0) continue;
            (, int256 answer, , , ) = feeds[i].latestRoundData();
            int256 crashed = (answer * int256(keep)) / 100;
            feeds[i].setAnswer(crashed > 1e6 ? crashed : int256(1e6));
        }
        uint256 unowed = collateralMask & ~debtMask;
        uint256 dead = RESERVES;
        int256 deadAnswer;
        if (unowed != 0 && _popCount(collateralMask) >= 2) {
            dead = _nthBit(uint16(unowed), deadSeed);
            (, deadAnswer, , , ) = feeds[dead].latestRoundData();
            feeds[dead].setAnswer(0);
            ++shieldAttempts;
            _liquidateOnce(
                borrower,
                _nthBit(uint16(collateralMask & ~uint16(1 << dead)), deadSeed),
                _nthBit(debtMask, deadSeed)
            );
            feeds[dead].setAnswer(deadAnswer);
        }
        _clearIfInsolvent(borrower);
    }
}
