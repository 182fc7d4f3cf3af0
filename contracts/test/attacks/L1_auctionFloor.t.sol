// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Auction, CollateralParams} from "../../src/interfaces/CdpTypes.sol";
import {ICdpErrors} from "../../src/interfaces/ICdpErrors.sol";
import {IOracleErrors} from "../../src/interfaces/IOracleErrors.sol";
import {CdpBaseTest} from "../utils/CdpBaseTest.sol";
import {RAY} from "../../src/libraries/Constants.sol";
import {IKeelErrors} from "../../src/interfaces/IKeelErrors.sol";

/// @notice L1 (Maker Black Thursday 2020): while ETH collapsed and keepers could not act, auctions
/// accepted bids of zero and collateral was sold for nothing. Keel's Dutch auction is stale below a
/// positive floor (or past its time limit) and cannot be taken until someone resets it from the
/// current oracle price; every take pays at least one wei per wei of collateral at that price.
contract L1AuctionFloorAttack is CdpBaseTest {
    address internal attacker = makeAddr("attacker");
    address internal stranger = makeAddr("stranger");
    uint256 internal vaultId;

    /// @dev The 40% floor of the 2400 start price (2000 × 120%).
    uint256 internal constant TOP = 2400e18;
    uint256 internal constant FLOOR_PRICE = 960e18;

    function setUp() public override {
        super.setUp();
        vm.prank(attacker);
        weth.approve(address(engine), type(uint256).max);
        vaultId = openVault(alice, 10e18, 15_000e18);
        // The attacker, a lone bidder, holds plenty of kUSD from a vault of its own.
        openVault(attacker, 1_000e18, 600_000e18);
        setEthPrice(2000); // alice's ratio is 133% < 150%
        vm.prank(keeper);
        engine.startAuction(vaultId, keeper);
    }

    function auctionOf() internal view returns (Auction memory) {
        return engine.auction(vaultId);
    }

    /// @dev Whatever the time since the start and the amount asked for, the auction either refuses
    /// (stale) or sells at no less than the floor, and never hands out collateral for zero kUSD.
    function testFuzz_Attack_NeverSoldBelowFloorOrForZero(uint256 elapsed, uint256 wanted) public {
        elapsed = bound(elapsed, 0, 30 days);
        wanted = bound(wanted, 1, 20e18);
        skip(elapsed); // keepers are absent: nobody refreshes anything
        (uint256 price, bool stale) = engine.auctionPrice(vaultId);
        Auction memory before = auctionOf();
        uint256 balanceBefore = kusd.balanceOf(attacker);

        if (stale) {
            vm.prank(attacker);
            vm.expectRevert(abi.encodeWithSelector(ICdpErrors.AuctionStale.selector, vaultId));
            engine.take(vaultId, wanted, type(uint256).max, attacker, "");
            assertEq(abi.encode(auctionOf()), abi.encode(before), "a stale auction moved");
            assertGe(elapsed, 13 minutes, "stale before the price reached its floor");
            return;
        }
        assertLe(elapsed, 6 hours, "taken past the time limit");
        assertGe(price * 10_000, TOP * 4_000, "price below the floor");
        vm.prank(attacker);
        (uint256 bought, uint256 paid) = engine.take(vaultId, wanted, type(uint256).max, attacker, "");

        assertEq(balanceBefore - kusd.balanceOf(attacker), paid);
        assertGt(paid, 0, "paid nothing");
        // What was paid covers the collateral at the current price, which is at or above the floor.
        assertGe(paid * 1e18, bought * price, "paid less than the price");
        assertGe(paid * 1e18, bought * FLOOR_PRICE, "paid less than the floor");
        assertEq(booksImbalance(), 0);
    }

    /// @dev Many one-wei takes pay at least as much per wei as one big take: rounding favours the auction.
    function testFuzz_Attack_DustTakesPayAtLeastThePrice(uint8 takes, uint256 elapsed) public {
        elapsed = bound(elapsed, 0, 13 minutes);
        skip(elapsed);
        (uint256 price, bool stale) = engine.auctionPrice(vaultId);
        vm.assume(!stale);
        uint256 n = bound(takes, 1, 50);
        uint256 paidTotal;
        for (uint256 i; i < n; ++i) {
            vm.prank(attacker);
            (uint256 bought, uint256 paid) = engine.take(vaultId, 1, type(uint256).max, attacker, "");
            assertEq(bought, 1);
            paidTotal += paid;
        }
        assertGe(paidTotal * 1e18, n * price, "dust takes bought below the price");
        assertGe(paidTotal, n, "some wei of collateral went for nothing");
        assertEq(weth.balanceOf(attacker), n);
        assertEq(booksImbalance(), 0);
    }

    function test_Attack_StaleAtTheFloorCannotBeTaken() public {
        // 2400 × 2^(−t / 10 min) < 960 once t > 10 min × log2(2.5) ≈ 13 min 13.2 s.
        skip(13 minutes + 14 seconds);
        (uint256 price, bool stale) = engine.auctionPrice(vaultId);
        assertTrue(stale);
        assertLt(price, FLOOR_PRICE);
        vm.prank(attacker);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.AuctionStale.selector, vaultId));
        engine.take(vaultId, 10e18, type(uint256).max, attacker, "");

        // A second before, the price was still at or above the floor and the auction was live.
        rewind(1);
        (price, stale) = engine.auctionPrice(vaultId);
        assertFalse(stale);
        assertGe(price, FLOOR_PRICE);
    }

    /// @dev A type whose price decays slowly goes stale on its time limit even above its floor.
    function test_Attack_StaleAfterTheTimeLimit() public {
        CollateralParams memory slow = ethParams;
        slow.auctionHalfLife = 4 hours; // at the 2-hour limit, 71% of the top: above the 40% floor
        slow.auctionMaxDuration = 2 hours;
        uint256 typeId = engine.addCollateralType(address(weth), slow);
        weth.mint(bob, 10e18);
        vm.prank(bob);
        uint256 id = engine.open(typeId, bob, 10e18, 10_000e18, bob);
        setEthPrice(1400);
        engine.startAuction(id, keeper);

        skip(2 hours);
        (, bool stale) = engine.auctionPrice(id);
        assertFalse(stale);
        skip(1);
        (uint256 price, bool staleNow) = engine.auctionPrice(id);
        assertTrue(staleNow);
        assertGt(price * 10_000, uint256(engine.auction(id).topPrice) * 4_000, "still above the floor");
        vm.prank(attacker);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.AuctionStale.selector, id));
        engine.take(id, 1e18, type(uint256).max, attacker, "");
    }

    /// @dev The price kept collapsing while nobody acted. Anyone may reset; the auction restarts from
    /// the oracle's price now × the start buffer, and the resetter earns the keeper tip.
    function testFuzz_Attack_ResetRestartsFromTheCurrentOracle(uint256 crashedUsdE8, uint256 idle) public {
        crashedUsdE8 = bound(crashedUsdE8, 2, 2000e8); // down to the smallest answer the adapter accepts
        idle = bound(idle, 13 minutes + 14 seconds, 20 hours);
        skip(idle);
        ethFeed.setAnswer(int256(crashedUsdE8)); // the feed is still alive; the keepers are not
        (, bool stale) = engine.auctionPrice(vaultId);
        assertTrue(stale);

        uint256 tipBefore = kusd.balanceOf(stranger);
        vm.prank(stranger);
        engine.resetAuction(vaultId, stranger);
        Auction memory a = auctionOf();
        uint256 oraclePrice = crashedUsdE8 * 1e10;
        assertEq(a.topPrice, (oraclePrice * 12_000 + 9_999) / 10_000, "restarted from oracle x buffer");
        assertEq(a.startedAt, block.timestamp);
        // The tip is paid for restarting a lot worth at least one debt floor (100 kUSD), not for dust.
        uint256 tip = (a.collateral * oraclePrice) / 1e18 >= ethParams.debtFloor ? ethParams.keeperTip : 0;
        assertEq(kusd.balanceOf(stranger) - tipBefore, tip);
        (uint256 price, bool staleAfter) = engine.auctionPrice(vaultId);
        assertFalse(staleAfter);
        assertEq(price, a.topPrice);

        // The attacker buys everything it can afford at once: it pays the restarted price, never zero.
        uint256 lot = a.collateral;
        vm.prank(attacker);
        (uint256 bought, uint256 paid) = engine.take(vaultId, lot, type(uint256).max, attacker, "");
        assertGt(paid, 0);
        assertGe(paid * 1e18, bought * price);
        assertEq(booksImbalance(), 0, "books after the loss, if any");
        // Whatever was not bought went back to alice's vault (the tab was met) or is gone (the lot was).
        assertEq(weth.balanceOf(address(engine)), 1_000e18 + engine.vault(vaultId).collateral);
        assertEq(engine.vault(vaultId).collateral, lot - bought);
    }

    function test_Attack_ResetBeforeStaleRefused() public {
        skip(13 minutes);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.AuctionNotStale.selector, vaultId));
        engine.resetAuction(vaultId, stranger);

        // Once reset, the tip cannot be farmed by resetting again before it is stale once more.
        skip(14 seconds);
        vm.prank(stranger);
        engine.resetAuction(vaultId, stranger);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.AuctionNotStale.selector, vaultId));
        engine.resetAuction(vaultId, stranger);
        assertEq(kusd.balanceOf(stranger), ethParams.keeperTip);

        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.AuctionNotActive.selector, 999));
        engine.resetAuction(999, stranger);
    }

    /// @dev The attacker buys all but one wei of an underwater auction, then resets the dust every
    /// time it goes stale, for the keeper tip. Restarting it stays open to anyone, but a lot worth less
    /// than one debt floor earns no tip, so the surplus cannot be drained this way.
    function test_Attack_ResetTipCannotBeFarmedOnADustLot() public {
        skip(14 minutes);
        setEthPrice(1000);
        vm.prank(attacker);
        engine.resetAuction(vaultId, attacker); // 10 ETH at 1,200 = 12,000 < the 16,950 tab
        vm.prank(attacker);
        engine.take(vaultId, 10e18 - 1, type(uint256).max, attacker, "");
        assertEq(auctionOf().collateral, 1);
        assertGt(auctionOf().tab, ethParams.debtFloor);

        uint256 balanceBefore = kusd.balanceOf(attacker);
        int256 surplusBefore = engine.surplusRad();
        for (uint256 i; i < 20; ++i) {
            skip(14 minutes);
            setEthPrice(1000);
            vm.prank(attacker);
            engine.resetAuction(vaultId, attacker);
        }
        assertEq(kusd.balanceOf(attacker), balanceBefore, "farmed the reset tip");
        assertEq(engine.surplusRad(), surplusBefore);

        // Anyone ends it for the price of one wei of collateral; the loss is booked.
        vm.prank(keeper);
        (, uint256 paid) = engine.take(vaultId, 1, type(uint256).max, keeper, "");
        assertEq(paid, 1_200);
        assertEq(auctionOf().tab, 0);
        assertEq(engine.auctionDebt(), 0);
        assertEq(booksImbalance(), 0);
    }

    /// @dev When the feed itself stops (the 2020 congestion), the auction can be neither taken (stale)
    /// nor restarted (no price): the collateral waits instead of going for nothing.
    function test_Attack_NoResetWithoutAPrice() public {
        skip(2 days); // the feed is older than the adapter's one-day limit
        vm.prank(stranger);
        vm.expectPartialRevert(IOracleErrors.StalePrice.selector);
        engine.resetAuction(vaultId, stranger);
        vm.prank(attacker);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.AuctionStale.selector, vaultId));
        engine.take(vaultId, 10e18, type(uint256).max, attacker, "");
        assertEq(auctionOf().collateral, 10e18);

        setEthPrice(900); // the feed comes back
        vm.prank(stranger);
        engine.resetAuction(vaultId, stranger);
        assertEq(auctionOf().topPrice, 1080e18);
    }

    function test_Attack_ZeroBidsGainNothing() public {
        Auction memory before = auctionOf();
        uint256 kusdBefore = kusd.balanceOf(attacker);
        (uint256 price, ) = engine.auctionPrice(vaultId);

        vm.startPrank(attacker);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.PriceAboveMax.selector, price, 0));
        engine.take(vaultId, 10e18, 0, attacker, "");
        vm.expectRevert(IKeelErrors.ZeroAmount.selector);
        engine.take(vaultId, 0, type(uint256).max, attacker, "");
        // Even after the price has decayed to just above the floor, a bid of one wei below it fails.
        skip(13 minutes);
        (price, ) = engine.auctionPrice(vaultId);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.PriceAboveMax.selector, price, price - 1));
        engine.take(vaultId, 10e18, price - 1, attacker, "");
        vm.stopPrank();

        assertEq(abi.encode(auctionOf()), abi.encode(before));
        assertEq(kusd.balanceOf(attacker), kusdBefore);
        assertEq(weth.balanceOf(attacker), 0);
        assertEq(booksImbalance(), 0);
    }

    /// @dev The loss when the price collapses below the debt is booked, not hidden: the books stay exact
    /// and the system debt is what the auction did not recover.
    function test_Attack_CollapseRealizesTheLossInTheBooks() public {
        skip(14 minutes);
        setEthPrice(500);
        vm.prank(stranger);
        engine.resetAuction(vaultId, stranger); // top 600
        int256 surplusBefore = engine.surplusRad();
        uint256 owed = engine.auction(vaultId).debt; // the debt and the keepers' rewards advanced
        assertGt(owed, 15_000e18);
        vm.prank(attacker);
        (uint256 bought, uint256 paid) = engine.take(vaultId, 10e18, type(uint256).max, attacker, "");
        assertEq(bought, 10e18);
        assertEq(paid, 6_000e18);
        assertEq(engine.auction(vaultId).tab, 0);
        assertEq(engine.auctionDebt(), 0);
        assertEq(
            engine.surplusRad(),
            surplusBefore - int256((owed - 6_000e18) * RAY),
            "loss = debt and rewards - proceeds"
        );
        assertEq(booksImbalance(), 0);
    }
}
