// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IKeelPoolErrors} from "../../src/interfaces/IKeelPoolErrors.sol";
import {CrossPoolTest} from "../utils/CrossPoolTest.sol";

/// @notice L2 (design): a liquidation that leaves the position worse, or leaves dust no one can
/// liquidate. Fuzzed over prices, amounts and the pair chosen in a cross-collateral account.
contract L2LiquidationOutcomeAttack is CrossPoolTest {
    function setUp() public override {
        super.setUp();
        crossSupply(lender, C_USDC, 10_000_000e6);
        crossSupply(lender, C_DAI, 10_000_000e18);
        usdc.mint(liquidator, 10_000_000e6);
        dai.mint(liquidator, 10_000_000e18);
    }

    function debtLeft(uint256 reserve) internal view returns (uint256) {
        return pool.position(CROSS, borrower, reserve).debtShares;
    }

    function testFuzz_Attack_LiquidationImprovesHealthOrCloses(
        uint256 ethPrice,
        uint256 btcPrice,
        uint256 maxRepay,
        bool seizeBtc,
        bool repayDai
    ) public {
        crossCollateral(borrower, C_WETH, 10e18);
        crossCollateral(borrower, C_WBTC, 0.5e8);
        crossBorrow(borrower, C_USDC, 20_000e6);
        crossBorrow(borrower, C_DAI, 25_000e18);
        ethFeed.setAnswer(int256(bound(ethPrice, 300e8, 3000e8)));
        btcFeed.setAnswer(int256(bound(btcPrice, 5000e8, 60_000e8)));
        uint256 before = pool.healthFactor(CROSS, borrower);
        vm.assume(before < 1e18);
        uint256 collateral = seizeBtc ? C_WBTC : C_WETH;
        uint256 debt = repayDai ? C_DAI : C_USDC;
        maxRepay = repayDai ? bound(maxRepay, 1e18, 50_000e18) : bound(maxRepay, 1e6, 50_000e6);
        uint256 collateralBefore = pool.position(CROSS, borrower, collateral).collateral;
        uint256 debtBefore = debtLeft(debt);
        vm.prank(liquidator);
        try pool.liquidate(CROSS, borrower, collateral, debt, maxRepay, liquidator) {
            (uint16 collateralMask, uint16 debtMask) = pool.accountMasks(CROSS, borrower);
            bool closed = debtLeft(debt) == 0 || pool.position(CROSS, borrower, collateral).collateral == 0;
            if (!closed)
                assertGt(pool.healthFactor(CROSS, borrower), before, "a partial liquidation must improve health");
            if (collateralMask == 0) assertEq(debtMask, 0, "no collateral left means the debt was realized");
            assertLt(pool.position(CROSS, borrower, collateral).collateral, collateralBefore);
            assertLt(debtLeft(debt), debtBefore);
            uint256 leftValue = pool.accountHealth(CROSS, borrower).debtValue;
            assertTrue(debtLeft(debt) == 0 || leftValue >= 10e18, "no unliquidatable dust");
        } catch (bytes memory reason) {
            assertEq(
                bytes4(reason),
                IKeelPoolErrors.LiquidationMustClose.selector,
                "only a too-small deep liquidation may be refused"
            );
        }
    }
}
