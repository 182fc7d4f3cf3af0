// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Auction, CollateralType, Vault} from "../../../src/interfaces/CdpTypes.sol";
import {ICdpEngine} from "../../../src/interfaces/ICdpEngine.sol";
import {ICdpErrors} from "../../../src/interfaces/ICdpErrors.sol";
import {CdpUnitBaseTest} from "../../utils/CdpUnitBaseTest.sol";

contract SettleTest is CdpUnitBaseTest {
    /// @dev 10_000 kUSD of debt at 3000: 3.333… WETH, rounded up.
    uint256 internal constant SEIZED = 3_333_333_333_333_333_334;

    uint256 internal id;

    function setUp() public override {
        super.setUp();
        id = openVault(alice, 10e18, 10_000e18);
    }

    function settleAsAlice() internal {
        vm.prank(alice);
        engine.settle(id);
    }

    function test_Settle_SeizesCollateralWorthTheDebt_RestStaysInTheVault() public {
        engine.shutdown(ETH);
        vm.expectEmit(address(engine));
        emit ICdpEngine.Settle(id, 10_000e18, SEIZED, 3_000e18);
        settleAsAlice();

        Vault memory v = vaultOf(id);
        assertEq(v.collateral, 10e18 - SEIZED);
        assertEq(v.normalizedDebt, 0);
        Auction memory a = engine.auction(id);
        assertEq(a.collateral, SEIZED);
        assertEq(a.tab, 10_000e18, "no penalty");
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

    function test_Settle_AuctionRecoversTheDebt() public {
        engine.shutdown(ETH);
        settleAsAlice();
        fundKusd(bob, 10_000e18);
        vm.prank(bob);
        (uint256 collateral, uint256 paid) = engine.take(id, SEIZED, type(uint256).max, bob, "");
        assertEq(paid, 10_000e18);
        assertEq(collateral, uint256(10_000e18) * 1e18 / 3_600e18);
        assertEq(vaultOf(id).collateral, 10e18 - collateral, "the unsold part comes back");
        assertEq(engine.surplusRad(), 0);
        assertEq(engine.auctionDebt(), 0);
        assertEq(booksImbalance(), 0);
    }

    function test_Settle_AtTheShutdownPriceNotTheOracle() public {
        engine.shutdown(ETH);
        setEthPrice(1_000);
        vm.expectEmit(address(engine));
        emit ICdpEngine.Settle(id, 10_000e18, SEIZED, 3_000e18);
        settleAsAlice();
    }

    function test_Settle_ReadsNoPrice() public {
        engine.shutdown(ETH);
        ethFeed.setAnswer(-1);
        settleAsAlice();
        assertEq(engine.auction(id).collateral, SEIZED);
    }

    function test_Settle_DebtIncludesFeesUntilTheShutdownOnly() public {
        skipAndRefresh(365 days);
        uint256 debt = debtOf(id);
        engine.shutdown(ETH);
        skip(365 days);
        settleAsAlice();
        assertEq(engine.auction(id).debt, debt);
        assertEq(engine.auction(id).collateral, (debt * 1e18 + 3_000e18 - 1) / 3_000e18);
        assertEq(booksImbalance(), 0);
    }

    function test_Settle_UnderwaterVaultGivesAllItsCollateral() public {
        setEthPrice(900); // 9_000 of collateral for 10_000 of debt
        engine.shutdown(ETH);
        settleAsAlice();
        assertEq(vaultOf(id).collateral, 0);
        assertEq(engine.auction(id).collateral, 10e18);
        assertEq(engine.auction(id).tab, 10_000e18);
        assertEq(booksImbalance(), 0);
    }

    function test_Settle_ByOperator() public {
        vm.prank(alice);
        engine.setOperator(bob, true);
        engine.shutdown(ETH);
        vm.prank(bob);
        engine.settle(id);
        assertEq(vaultOf(id).normalizedDebt, 0);
    }

    function test_Settle_RevertWhen_TypeNotShutdown() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.TypeNotShutdown.selector, ETH));
        engine.settle(id);
    }

    function test_Settle_RevertWhen_NotOwnerNorOperator() public {
        engine.shutdown(ETH);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.NotVaultOwner.selector, bob, alice));
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
        settleAsAlice();
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.AuctionActive.selector, id));
        engine.settle(id);
    }
}
