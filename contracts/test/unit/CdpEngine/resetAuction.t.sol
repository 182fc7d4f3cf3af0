// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Auction, CollateralParams} from "../../../src/interfaces/CdpTypes.sol";
import {ICdpEngine} from "../../../src/interfaces/ICdpEngine.sol";
import {ICdpErrors} from "../../../src/interfaces/ICdpErrors.sol";
import {IOracleErrors} from "../../../src/interfaces/IOracleErrors.sol";
import {CdpUnitBaseTest} from "../../utils/CdpUnitBaseTest.sol";
import {RAY} from "../../../src/libraries/Constants.sol";

contract ResetAuctionTest is CdpUnitBaseTest {
    uint256 internal id;

    function setUp() public override {
        super.setUp();
        id = openUnsafeVault();
    }

    function test_ResetAuction_AfterThePriceReachedItsFloor() public {
        startAuctionAsKeeper(id);
        int256 surplusBefore = engine.surplusRad();
        skip(15 minutes); // 2400 × 2^(−1.5) ≈ 849 < 40% of 2400
        (uint256 price, bool stale) = engine.auctionPrice(id);
        assertTrue(stale);
        assertLt(price, 960e18);

        setEthPrice(1_800);
        vm.expectEmit(address(engine));
        emit ICdpEngine.ResetAuction(id, bob, 2_160e18, 10e18);
        vm.prank(carol); // anyone may reset; the tip goes to the keeper named
        engine.resetAuction(id, bob);

        Auction memory a = engine.auction(id);
        assertEq(a.topPrice, 2_160e18, "the oracle now x 120%");
        assertEq(a.startedAt, vm.getBlockTimestamp());
        assertEq(a.collateral, 10e18, "the lot is unchanged");
        assertEq(a.tab, UNSAFE_TAB);
        assertEq(a.debt, 15_000e18 + 26.95e18 + 10e18, "the debt, the start reward and this tip, recovered first");
        (price, stale) = engine.auctionPrice(id);
        assertEq(price, 2_160e18);
        assertFalse(stale);
        assertEq(engine.collateralType(ETH).lastGoodPrice, 1_800e18);
        assertEq(kusd.balanceOf(bob), 10e18);
        assertEq(kusd.balanceOf(carol), 0);
        assertEq(engine.surplusRad(), surplusBefore, "the tip is advanced against the auction");
        assertEq(booksImbalance(), 0);
    }

    function test_ResetAuction_AfterMaxDuration() public {
        CollateralParams memory p = ethParamsCopy();
        p.auctionHalfLife = 20 minutes; // slow decay: at 10 minutes 71% of the top, above the floor
        p.auctionMaxDuration = 10 minutes;
        setEthParams(p);
        startAuctionAsKeeper(id);
        skip(10 minutes);
        (, bool stale) = engine.auctionPrice(id);
        assertFalse(stale);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.AuctionNotStale.selector, id));
        engine.resetAuction(id, keeper);

        skip(1);
        (uint256 price, bool staleNow) = engine.auctionPrice(id);
        assertTrue(staleNow);
        assertGt(price, 960e18, "above the 40% floor: stale by the clock alone");
        engine.resetAuction(id, keeper);
        assertEq(engine.auction(id).startedAt, vm.getBlockTimestamp());
        assertEq(booksImbalance(), 0);
    }

    function test_ResetAuction_AfterShutdown_UsesTheOracleWhileItAnswers() public {
        startAuctionAsKeeper(id);
        engine.shutdown(ETH);
        skip(15 minutes);
        setEthPrice(1_500);
        engine.resetAuction(id, keeper);
        assertEq(engine.auction(id).topPrice, 1_800e18);
        assertEq(engine.collateralType(ETH).lastGoodPrice, 2_000e18, "a shut-down type keeps its last good price");
    }

    function test_ResetAuction_AfterShutdown_FallsBackToTheShutdownPrice() public {
        startAuctionAsKeeper(id);
        engine.shutdown(ETH); // at 2000
        ethFeed.setAnswer(-1);
        skip(15 minutes);
        engine.resetAuction(id, keeper);
        assertEq(engine.auction(id).topPrice, 2_400e18);
        assertEq(booksImbalance(), 0);
    }

    function test_ResetAuction_RevertWhen_NotStale() public {
        startAuctionAsKeeper(id);
        skip(10 minutes); // half the top price: above the 40% floor
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.AuctionNotStale.selector, id));
        engine.resetAuction(id, keeper);
    }

    function test_ResetAuction_RevertWhen_NoAuction() public {
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.AuctionNotActive.selector, id));
        engine.resetAuction(id, keeper);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.AuctionNotActive.selector, 99));
        engine.resetAuction(99, keeper);
    }

    function test_ResetAuction_RevertWhen_AuctionEnded() public {
        startAuctionAsKeeper(id);
        fundKusd(bob, UNSAFE_TAB);
        vm.prank(bob);
        engine.take(id, 10e18, type(uint256).max, bob, "");
        skip(15 minutes);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.AuctionNotActive.selector, id));
        engine.resetAuction(id, keeper);
    }

    function test_ResetAuction_RevertWhen_OracleFails() public {
        startAuctionAsKeeper(id);
        skip(15 minutes);
        ethFeed.setAnswer(-1);
        vm.expectRevert(abi.encodeWithSelector(IOracleErrors.NonPositivePrice.selector, int256(-1)));
        engine.resetAuction(id, keeper);
    }
}
