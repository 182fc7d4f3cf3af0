// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Auction, CollateralType, Vault} from "../../../src/interfaces/CdpTypes.sol";
import {ICdpEngine} from "../../../src/interfaces/ICdpEngine.sol";
import {ICdpErrors} from "../../../src/interfaces/ICdpErrors.sol";
import {CdpUnitBaseTest} from "../../utils/CdpUnitBaseTest.sol";

contract SettleTest is CdpUnitBaseTest {
    /// @dev 10_000 kUSD of debt plus the 13% penalty as a cushion, at 3000: 3.7666… WETH, rounded up.
    uint256 internal constant SEIZED = 3_766_666_666_666_666_667;

    uint256 internal id;

    function setUp() public override {
        super.setUp();
        id = openVault(alice, 10e18, 10_000e18);
    }

    function settleAs(address caller) internal returns (uint256 tab) {
        vm.prank(caller);
        tab = engine.settle(id);
    }

    function test_Settle_SeizesCollateralWorthTheDebtAndPenalty_RestStaysInTheVault() public {
        engine.shutdown(ETH);
        vm.expectEmit(address(engine));
        emit ICdpEngine.Settle(id, alice, 10_000e18, 10_000e18, SEIZED, 3_000e18);
        assertEq(settleAs(alice), 10_000e18);

        Vault memory v = vaultOf(id);
        assertEq(v.collateral, 10e18 - SEIZED);
        assertEq(v.normalizedDebt, 0);
        Auction memory a = engine.auction(id);
        assertEq(a.collateral, SEIZED);
        assertEq(a.tab, 10_000e18, "no penalty for a safe vault");
        assertEq(a.debt, 10_000e18);
        assertEq(a.topPrice, 3_600e18);
        CollateralType memory t = engine.collateralType(ETH);
        assertEq(t.inAuction, 10_000e18);
        assertEq(t.totalNormalizedDebt, 0);
        assertEq(engine.auctionDebt(), 10_000e18);
        assertEq(engine.totalDebtRad(), 0);
        assertEq(engine.surplusRad(), 0, "no keeper reward");
        assertEq(kusd.balanceOf(alice), 10_000e18, "the owner keeps the kUSD it minted");
        assertEq(booksImbalance(), 0);

        ethFeed.setAnswer(-1); // without debt, the rest leaves without a price
        vm.prank(alice);
        engine.withdraw(id, 10e18 - SEIZED, alice);
        assertEq(weth.balanceOf(alice), 10e18 - SEIZED);
    }

    function test_Settle_AuctionRecoversTheDebt_TheCushionComesBack() public {
        engine.shutdown(ETH);
        settleAs(alice);
        fundKusd(bob, 10_000e18);
        vm.prank(bob);
        (uint256 collateral, uint256 paid) = engine.take(id, SEIZED, type(uint256).max, bob, "");
        assertEq(paid, 10_000e18);
        assertEq(collateral, (uint256(10_000e18) * 1e18) / 3_600e18);
        assertEq(vaultOf(id).collateral, 10e18 - collateral, "the unsold part comes back");
        assertEq(engine.surplusRad(), 0);
        assertEq(engine.auctionDebt(), 0);
        assertEq(booksImbalance(), 0);
    }

    function test_Settle_ByAnyone() public {
        engine.shutdown(ETH);
        vm.expectEmit(address(engine));
        emit ICdpEngine.Settle(id, carol, 10_000e18, 10_000e18, SEIZED, 3_000e18);
        settleAs(carol);
        assertEq(vaultOf(id).normalizedDebt, 0);
        assertEq(kusd.balanceOf(carol), 0, "no reward");
    }

    function test_Settle_AtTheShutdownPriceWhenTheOracleIsHigher() public {
        engine.shutdown(ETH);
        setEthPrice(4_000);
        vm.expectEmit(address(engine));
        emit ICdpEngine.Settle(id, alice, 10_000e18, 10_000e18, SEIZED, 3_000e18);
        settleAs(alice);
    }

    function test_Settle_AtTheOraclePriceWhenItIsLower() public {
        engine.shutdown(ETH);
        setEthPrice(2_000);
        vm.expectEmit(address(engine));
        emit ICdpEngine.Settle(id, alice, 10_000e18, 10_000e18, 5.65e18, 2_000e18);
        settleAs(alice);
        assertEq(engine.auction(id).topPrice, 2_400e18);
    }

    function test_Settle_BelowTheMinimumRatio_IsALiquidation() public {
        engine.shutdown(ETH);
        setEthPrice(1_400); // 14,000 against 10,000: 140% < 150%
        vm.expectEmit(address(engine));
        emit ICdpEngine.Settle(id, bob, 10_000e18, 11_300e18, 10e18, 1_400e18);
        assertEq(settleAs(bob), 11_300e18);
        assertEq(vaultOf(id).collateral, 0);
        assertEq(engine.collateralType(ETH).inAuction, 11_300e18);
        assertEq(booksImbalance(), 0);
    }

    function test_Settle_FallsBackToTheShutdownPriceWhenTheOracleFails() public {
        engine.shutdown(ETH);
        ethFeed.setAnswer(-1);
        settleAs(alice);
        assertEq(engine.auction(id).collateral, SEIZED);
    }

    function test_Settle_DebtIncludesFeesUntilTheShutdownOnly() public {
        skipAndRefresh(365 days);
        uint256 debt = debtOf(id);
        engine.shutdown(ETH);
        skip(365 days);
        settleAs(alice);
        assertEq(engine.auction(id).debt, debt);
        uint256 cushioned = debt + (debt * 1_300 + 9_999) / 10_000;
        assertEq(engine.auction(id).collateral, (cushioned * 1e18 + 3_000e18 - 1) / 3_000e18);
        assertEq(booksImbalance(), 0);
    }

    function test_Settle_UnderwaterVaultGivesAllItsCollateralAndPaysThePenalty() public {
        setEthPrice(900); // 9_000 of collateral for 10_000 of debt
        engine.shutdown(ETH);
        settleAs(alice);
        assertEq(vaultOf(id).collateral, 0);
        assertEq(engine.auction(id).collateral, 10e18);
        assertEq(engine.auction(id).tab, 11_300e18);
        assertEq(booksImbalance(), 0);
    }

    function test_Settle_RevertWhen_TypeNotShutdown() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.TypeNotShutdown.selector, ETH));
        engine.settle(id);
    }

    function test_Settle_RevertWhen_UnknownVault() public {
        engine.shutdown(ETH);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.UnknownVault.selector, 9));
        engine.settle(9);
    }

    function test_Settle_RevertWhen_NoDebt() public {
        uint256 empty = openVault(alice, 1e18, 0);
        engine.shutdown(ETH);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.NoDebt.selector, empty));
        engine.settle(empty);
    }

    function test_Settle_RevertWhen_AuctionActive() public {
        uint256 unsafe = openUnsafeVault();
        startAuctionAsKeeper(unsafe);
        engine.shutdown(ETH);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.AuctionActive.selector, unsafe));
        engine.settle(unsafe);
    }

    function test_Settle_RevertWhen_AlreadySettled() public {
        engine.shutdown(ETH);
        settleAs(alice);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.AuctionActive.selector, id));
        engine.settle(id);
    }
}
