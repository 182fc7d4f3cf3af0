// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {BaseTest} from "../utils/BaseTest.sol";

/// @notice H2 (Aave GHO dust, Abracadabra 2024): debt rounding left inconsistent state — debt with
/// the borrowing flag off, or zero assets with shares outstanding. Keel keeps the flag and the debt in
/// step and a full repay always ends at exactly zero.
contract H2DebtRoundingAttack is BaseTest {
    function assertConsistent(address who) internal view {
        (uint16 collateralMask, uint16 debtMask) = pool.accountMasks(POOL, who);
        assertEq(debtMask & (1 << USDC_R) != 0, pos(who, USDC_R).debtShares != 0, "borrowing flag <=> debt");
        assertEq(
            collateralMask & (1 << WETH_R) != 0,
            pos(who, WETH_R).collateral != 0,
            "collateral flag <=> collateral"
        );
        assertEq(state(USDC_R).totalBorrowShares == 0, state(USDC_R).totalBorrowAssets == 0, "shares 0 <=> assets 0");
    }

    /// @dev Many tiny borrows and repays over long periods, by assets and by shares.
    function testFuzz_Attack_DustBorrowRepayKeepsBooksConsistent(uint256[10] memory steps) public {
        openPosition(0);
        usdc.mint(borrower, 1_000_000e6);
        for (uint256 i; i < steps.length; ++i) {
            uint256 amount = bound(steps[i], 1, 1000e6);
            skipTime(bound(steps[i] >> 64, 0, 90 days));
            vm.startPrank(borrower);
            if (steps[i] % 3 == 0 || pos(borrower, USDC_R).debtShares == 0) {
                pool.borrow(POOL, USDC_R, amount, 0, borrower, borrower);
            } else if (steps[i] % 3 == 1) {
                uint256 shares = bound(amount, 1, pos(borrower, USDC_R).debtShares);
                pool.repay(POOL, USDC_R, 0, shares, borrower);
            } else {
                uint256 debt = debtOf(borrower, USDC_R);
                uint256 repayAssets = bound(amount, 1, debt);
                try pool.repay(POOL, USDC_R, repayAssets, 0, borrower) {} catch {}
            }
            vm.stopPrank();
            assertConsistent(borrower);
        }
        uint256 rest = pos(borrower, USDC_R).debtShares;
        if (rest != 0) {
            vm.prank(borrower);
            pool.repay(POOL, USDC_R, 0, rest, borrower);
        }
        assertEq(pos(borrower, USDC_R).debtShares, 0);
        assertEq(state(USDC_R).totalBorrowAssets, 0, "full repay of the only borrower leaves zero total debt");
        assertConsistent(borrower);
    }
}
