// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {DevToken} from "../../src/devnet/DevToken.sol";
import {ReserveParams} from "../../src/interfaces/IKeelConfigurator.sol";
import {BaseTest} from "../utils/BaseTest.sol";

/// @notice A1: the account header keeps one collateral and one debt inline (decision 0034), so a
/// balance lives either in the header or in its position. An attacker who can move a victim's balance
/// between the two, or who can make governance's writes grow, must gain nothing:
/// - a stranger's top-up (allowed for a reserve the victim already holds) that pushes the victim's
///   inline collateral past its 96 bits only moves it to the position: counted once, withdrawable;
/// - anyone may create pools and list tokens, and that must not make `setFlashFee` costlier, or a
///   long enough list would freeze the fee (the per-token fee copy a review rejected).
contract A1AccountHeaderAttack is BaseTest {
    address internal stranger = makeAddr("stranger");

    function test_Attack_TopUpPastTheInlineFieldIsCountedOnce() public {
        supply(lender, USDC_R, 1_000_000e6);
        supplyCollateral(borrower, WETH_R, 10e18); // inline
        borrow(borrower, USDC_R, 20_000e6);
        uint256 gift = type(uint96).max;
        weth.mint(stranger, gift);
        vm.startPrank(stranger);
        weth.approve(address(pool), gift);
        pool.supplyCollateral(POOL, WETH_R, gift, borrower); // 10e18 + gift no longer fits: moves
        vm.stopPrank();

        uint256 total = 10e18 + gift;
        assertEq(pos(borrower, WETH_R).collateral, total);
        assertEq(state(WETH_R).totalCollateral, total);
        assertEq(pool.accountHealth(POOL, borrower).collateralValue, total * 3000);

        // The victim owns the gift and repays and leaves with all of it; nothing stays behind.
        usdc.mint(borrower, 1);
        vm.startPrank(borrower);
        pool.repay(POOL, USDC_R, 0, pos(borrower, USDC_R).debtShares, borrower);
        pool.withdrawCollateral(POOL, WETH_R, total, borrower, borrower);
        vm.stopPrank();
        (uint16 collateralMask, uint16 debtMask) = pool.accountMasks(POOL, borrower);
        assertEq(collateralMask, 0);
        assertEq(debtMask, 0);
        assertEq(state(WETH_R).totalCollateral, 0);
        assertEq(weth.balanceOf(borrower), total);
    }

    function test_Attack_MassListingDoesNotMakeTheFlashFeeCostlier() public {
        assertEq(poolWritesOfSetFlashFee(5), 1);

        // The attacker lists twenty fresh tokens through ten permissionless pools.
        vm.startPrank(stranger);
        for (uint256 i; i < 10; ++i) {
            ReserveParams[] memory reserves = new ReserveParams[](2);
            uint256[] memory seeds = new uint256[](2);
            for (uint256 j; j < 2; ++j) {
                DevToken token = new DevToken("Junk", "JNK", 18);
                reserves[j] = collateralParams(address(token), address(ethOracle));
                reserves[j].borrowEnabled = true;
                seeds[j] = configurator.MIN_SEED();
                token.mint(stranger, seeds[j]);
                token.approve(address(configurator), seeds[j]);
            }
            configurator.createPool(stranger, reserves, seeds);
        }
        vm.stopPrank();

        assertEq(poolWritesOfSetFlashFee(6), 1, "governance's write does not grow with the listings");
        assertEq(pool.flashFee(address(weth), 10_000), 6);
    }

    /// @dev The storage slots of the pool that a change of the flash fee writes.
    function poolWritesOfSetFlashFee(uint256 feeBps) internal returns (uint256) {
        vm.record();
        configurator.setFlashFee(feeBps);
        (, bytes32[] memory writes) = vm.accesses(address(pool));
        return writes.length;
    }
}
