// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IKeelPoolErrors} from "../../../src/interfaces/IKeelPoolErrors.sol";
import {BaseTest} from "../../utils/BaseTest.sol";
import {IKeelErrors} from "../../../src/interfaces/IKeelErrors.sol";

contract SupplyTest is BaseTest {
    function test_Supply_ByAssets_MintsSharesAndMovesTokens() public {
        uint256 before = usdc.balanceOf(address(pool));
        uint256 shares = supply(lender, USDC_R, 1000e6);
        assertEq(pos(lender, USDC_R).supplyShares, shares);
        assertEq(usdc.balanceOf(address(pool)), before + 1000e6);
        assertEq(state(USDC_R).totalSupplyAssets, 1000e6 + configurator.MIN_SEED());
        assertEq(shares, 1000e6 * 1e6, "1e6 shares per unit at the initial price");
    }

    function test_Supply_ByShares_PullsAssetsRoundedUp() public {
        usdc.mint(lender, 10e6);
        vm.prank(lender);
        (uint256 assets, uint256 shares) = pool.supply(POOL, USDC_R, 0, 1_500_001, lender);
        assertEq(shares, 1_500_001);
        assertEq(assets, 2, "1.5 units of value rounds up to 2");
    }

    function test_Supply_OnBehalf_CreditsBeneficiary() public {
        usdc.mint(lender, 5e6);
        vm.prank(lender);
        pool.supply(POOL, USDC_R, 5e6, 0, borrower);
        assertGt(pos(borrower, USDC_R).supplyShares, 0);
        assertEq(pos(lender, USDC_R).supplyShares, 0);
    }

    function test_Supply_RevertWhen_BothAmounts() public {
        vm.expectRevert(IKeelPoolErrors.InconsistentInput.selector);
        pool.supply(POOL, USDC_R, 1, 1, lender);
    }

    function test_Supply_RevertWhen_NoAmount() public {
        vm.expectRevert(IKeelPoolErrors.InconsistentInput.selector);
        pool.supply(POOL, USDC_R, 0, 0, lender);
    }

    function test_Supply_RevertWhen_UnknownReserve() public {
        vm.expectRevert(abi.encodeWithSelector(IKeelPoolErrors.UnknownReserve.selector, POOL, 2));
        pool.supply(POOL, 2, 1, 0, lender);
    }

    function test_Supply_RevertWhen_ZeroOnBehalf() public {
        vm.expectRevert(IKeelErrors.ZeroAddress.selector);
        pool.supply(POOL, USDC_R, 1, 0, address(0));
    }

    function test_Supply_RevertWhen_Paused() public {
        vm.prank(guardian);
        configurator.setPaused(POOL, USDC_R, true);
        usdc.mint(lender, 1e6);
        vm.prank(lender);
        vm.expectRevert(abi.encodeWithSelector(IKeelPoolErrors.ReservePaused.selector, POOL, USDC_R));
        pool.supply(POOL, USDC_R, 1e6, 0, lender);
    }

    function test_Supply_RevertWhen_Frozen() public {
        vm.prank(riskAdmin);
        configurator.setFrozen(POOL, USDC_R, true);
        vm.expectRevert(abi.encodeWithSelector(IKeelPoolErrors.ReserveFrozen.selector, POOL, USDC_R));
        pool.supply(POOL, USDC_R, 1e6, 0, lender);
    }

    function test_Supply_RevertWhen_CapExceeded() public {
        usdcParams.supplyCap = 1000;
        updateReserve(USDC_R, usdcParams);
        usdc.mint(lender, 1001e6);
        vm.prank(lender);
        vm.expectRevert(
            abi.encodeWithSelector(IKeelPoolErrors.SupplyCapExceeded.selector, 1000e6, 1001e6 + configurator.MIN_SEED())
        );
        pool.supply(POOL, USDC_R, 1001e6, 0, lender);
    }

    function testFuzz_Supply_SharesMatchAssets(uint256 assets) public {
        assets = bound(assets, 1, 1e30);
        uint256 shares = supply(lender, USDC_R, assets);
        assertEq(shares, assets * 1e6, "at the initial price every unit mints 1e6 shares");
    }
}
