// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IAuctionTaker} from "../../../src/interfaces/IAuctionTaker.sol";
import {Auction, CollateralParams} from "../../../src/interfaces/CdpTypes.sol";
import {ICdpEngine} from "../../../src/interfaces/ICdpEngine.sol";
import {ICdpErrors} from "../../../src/interfaces/ICdpErrors.sol";
import {IPegStabilityModule} from "../../../src/interfaces/IPegStabilityModule.sol";
import {CdpUnitBaseTest} from "../../utils/CdpUnitBaseTest.sol";
import {RAY} from "../../../src/libraries/Constants.sol";
import {IKeelErrors} from "../../../src/interfaces/IKeelErrors.sol";

/// @dev A take receiver that records what it sees in the callback. When it is also the taker, it
/// raises the payment inside the callback by selling the USDC it holds to the peg module, as a
/// capital-free taker would sell the collateral on a DEX.
contract RecordingTaker is IAuctionTaker {
    ICdpEngine internal immutable engine;
    IPegStabilityModule internal immutable psm;
    IERC20 internal immutable weth;
    IERC20 internal immutable kusd;

    address public seenTaker;
    uint256 public seenVaultId;
    uint256 public seenCollateral;
    uint256 public seenPaid;
    bytes public seenData;
    uint256 public collateralHeldInCallback;
    uint256 public takerKusdInCallback;

    constructor(ICdpEngine engine_, IPegStabilityModule psm_, IERC20 weth_, IERC20 usdc) {
        engine = engine_;
        psm = psm_;
        weth = weth_;
        kusd = IERC20(engine_.kusd());
        usdc.approve(address(psm_), type(uint256).max);
    }

    function take(uint256 vaultId, uint256 maxCollateral) external returns (uint256, uint256) {
        return engine.take(vaultId, maxCollateral, type(uint256).max, address(this), "sell");
    }

    function onAuctionTake(
        address taker,
        uint256 vaultId,
        uint256 collateral,
        uint256 paid,
        bytes calldata data
    ) external {
        seenTaker = taker;
        seenVaultId = vaultId;
        seenCollateral = collateral;
        seenPaid = paid;
        seenData = data;
        collateralHeldInCallback = weth.balanceOf(address(this));
        takerKusdInCallback = kusd.balanceOf(taker);
        if (taker == address(this)) psm.sellGem((paid + 1e12 - 1) / 1e12, address(this));
    }
}

contract TakeTest is CdpUnitBaseTest {
    /// @dev The keeper's reward for starting the auction (10 tip + 0.1% of the tab), advanced against
    /// the auction: recovered with its debt, before the penalty.
    uint256 internal constant REWARD = 26.95e18;
    uint256 internal constant TO_RECOVER = 15_000e18 + REWARD;

    uint256 internal id;

    function setUp() public override {
        super.setUp();
        id = openUnsafeVault(); // 10 WETH, 15_000 debt, tab 16_950, top price 2400
        startAuctionAsKeeper(id);
        fundKusd(bob, 30_000e18);
    }

    function takeAsBob(uint256 maxCollateral) internal returns (uint256 collateral, uint256 paid) {
        vm.prank(bob);
        (collateral, paid) = engine.take(id, maxCollateral, type(uint256).max, bob, "");
    }

    /// @dev Gives the surplus `fee` kUSD: a 1% peg-module fee on a sale, absorbed by the engine.
    function addSurplus(uint256 fee) internal {
        psm.setFees(100, 0);
        uint256 gemAmount = (fee * 100) / 1e12;
        usdc.mint(carol, gemAmount);
        vm.startPrank(carol);
        usdc.approve(address(psm), gemAmount);
        psm.sellGem(gemAmount, carol);
        vm.stopPrank();
        engine.absorbSurplus();
    }

    function test_Take_PartialAtTheTopPrice() public {
        int256 surplusBefore = engine.surplusRad();
        vm.expectEmit(address(engine));
        emit ICdpEngine.Take(id, bob, bob, 2e18, 4_800e18, 2_400e18);
        vm.prank(bob);
        (uint256 collateral, uint256 paid) = engine.take(id, 2e18, 2_400e18, bob, "");
        assertEq(collateral, 2e18);
        assertEq(paid, 4_800e18);
        Auction memory a = engine.auction(id);
        assertEq(a.collateral, 8e18);
        assertEq(a.tab, UNSAFE_TAB - 4_800e18);
        assertEq(a.debt, TO_RECOVER - 4_800e18, "proceeds recover the debt first");
        assertEq(engine.auctionDebt(), TO_RECOVER - 4_800e18);
        assertEq(engine.collateralType(ETH).inAuction, UNSAFE_TAB - 4_800e18);
        assertEq(engine.surplusRad(), surplusBefore);
        assertEq(weth.balanceOf(bob), 2e18);
        assertEq(kusd.balanceOf(bob), 30_000e18 - 4_800e18);
        assertEq(booksImbalance(), 0);
    }

    function test_Take_PriceDecaysWithTime() public {
        skip(5 minutes);
        (uint256 price, ) = engine.auctionPrice(id);
        assertApproxEqRel(price, 1_697.0562748477e18, 1e8, "2400 / sqrt(2)");
        skip(5 minutes);
        (price, ) = engine.auctionPrice(id);
        assertEq(price, 1_200e18, "one half-life");
        (uint256 collateral, uint256 paid) = takeAsBob(1e18);
        assertEq(collateral, 1e18);
        assertEq(paid, 1_200e18);
    }

    function test_Take_PenaltyGoesToSurplusOnceTheDebtIsRecovered() public {
        int256 surplusBefore = engine.surplusRad();
        takeAsBob(6.25e18); // 15_000 at 2400: the debt exactly, not yet the keeper's reward
        assertEq(engine.auction(id).debt, REWARD);
        assertEq(engine.auctionDebt(), REWARD);
        assertEq(engine.surplusRad(), surplusBefore);
        takeAsBob(1e18); // 2400 ≥ the 1950 left: pays the tab, the reward back first
        assertEq(engine.auctionDebt(), 0);
        assertEq(engine.surplusRad(), surplusBefore + int256((1_950e18 - REWARD) * RAY));
        assertEq(booksImbalance(), 0);
    }

    function test_Take_FullTabMet_ReturnsTheRestToTheVault() public {
        int256 surplusBefore = engine.surplusRad();
        vm.expectEmit(address(engine));
        emit ICdpEngine.EndAuction(id, 2.9375e18, 0);
        vm.expectEmit(address(engine));
        emit ICdpEngine.Take(id, bob, bob, 7.0625e18, UNSAFE_TAB, 2_400e18);
        (uint256 collateral, uint256 paid) = takeAsBob(10e18);
        assertEq(paid, UNSAFE_TAB);
        assertEq(collateral, 7.0625e18, "16_950 / 2400");
        assertEq(vaultOf(id).collateral, 2.9375e18);
        Auction memory a = engine.auction(id);
        assertEq(a.tab + a.collateral + a.debt + a.topPrice + a.startedAt, 0, "deleted");
        assertEq(engine.collateralType(ETH).inAuction, 0);
        assertEq(engine.auctionDebt(), 0);
        assertEq(engine.surplusRad(), surplusBefore + int256((1_950e18 - REWARD) * RAY), "penalty less the reward");
        assertEq(booksImbalance(), 0);
        vm.prank(alice);
        engine.withdraw(id, 2.9375e18, alice);
        assertEq(weth.balanceOf(alice), 2.9375e18);
    }

    function test_Take_TrimmedToLeaveTheFloor() public {
        // 7.05 WETH would pay 16_920 and leave 30 < 100: trimmed to leave just the floor.
        uint256 slice = ((UNSAFE_TAB - 100e18) * 1e18) / 2_400e18;
        (uint256 collateral, uint256 paid) = takeAsBob(7.05e18);
        assertEq(collateral, slice);
        assertEq(paid, slice * 2_400);
        uint256 tab = engine.auction(id).tab;
        assertEq(tab, UNSAFE_TAB - paid);
        assertGe(tab, 100e18);
        assertLt(tab, 100e18 + 2_400);
        assertEq(booksImbalance(), 0);

        // Nothing can be bought that leaves at least the floor: only the whole tab.
        uint256 remaining = tab - 24e18;
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.TakeLeavesDust.selector, remaining, 100e18));
        engine.take(id, 0.01e18, type(uint256).max, bob, "");
        (, paid) = takeAsBob(10e18);
        assertEq(paid, tab);
    }

    function test_Take_RevertWhen_TabAtOrBelowTheFloor() public {
        CollateralParams memory p = ethParamsCopy();
        p.debtFloor = 20_000e18; // raised above the running tab
        setEthParams(p);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.TakeLeavesDust.selector, UNSAFE_TAB - 2_400e18, 20_000e18));
        engine.take(id, 1e18, type(uint256).max, bob, "");
        (, uint256 paid) = takeAsBob(10e18);
        assertEq(paid, UNSAFE_TAB, "the whole tab can still be bought");
    }

    function test_Take_CollateralExhausted_LossCoveredBySurplus() public {
        addSurplus(5_000e18);
        int256 surplusBefore = engine.surplusRad();
        skip(10 minutes); // 1200: the lot raises 12_000 of the 15_000 debt and the reward advanced
        uint256 loss = TO_RECOVER - 12_000e18;
        vm.expectEmit(address(engine));
        emit ICdpEngine.EndAuction(id, 0, loss);
        vm.expectEmit(address(engine));
        emit ICdpEngine.AbsorbLoss(id, loss, loss, 0);
        (uint256 collateral, uint256 paid) = takeAsBob(10e18);
        assertEq(collateral, 10e18);
        assertEq(paid, 12_000e18);
        assertEq(engine.surplusRad(), surplusBefore - int256(loss * RAY));
        assertEq(engine.auctionDebt(), 0);
        assertEq(engine.collateralType(ETH).inAuction, 0);
        assertEq(engine.auction(id).tab, 0);
        assertEq(vaultOf(id).collateral, 0);
        assertEq(booksImbalance(), 0);
    }

    function test_Take_CollateralExhausted_LossBeyondSurplusBecomesSystemDebt() public {
        addSurplus(2_000e18);
        uint256 surplus = 2_000e18; // the keeper's reward is owed by the auction, not yet lost
        assertEq(engine.surplusRad(), int256(surplus * RAY));
        skip(10 minutes);
        uint256 loss = TO_RECOVER - 12_000e18;
        vm.expectEmit(address(engine));
        emit ICdpEngine.AbsorbLoss(id, loss, surplus, loss - surplus);
        takeAsBob(10e18);
        assertEq(engine.surplusRad(), -int256((loss - surplus) * RAY));
        assertEq(booksImbalance(), 0);
    }

    function test_Take_CollateralExhausted_NoSurplusAllSystemDebt() public {
        skip(10 minutes);
        vm.expectEmit(address(engine));
        emit ICdpEngine.AbsorbLoss(id, TO_RECOVER - 12_000e18, 0, TO_RECOVER - 12_000e18);
        takeAsBob(10e18);
        assertEq(engine.surplusRad(), -int256((3_000e18 + REWARD) * RAY), "the debt and the reward, both reported");
        assertEq(booksImbalance(), 0);
    }

    function test_Take_CallbackRunsBeforePayment() public {
        RecordingTaker taker = new RecordingTaker(engine, psm, weth, usdc);
        usdc.mint(address(taker), 5_000e6);
        (uint256 collateral, uint256 paid) = taker.take(id, 2e18);
        assertEq(taker.seenTaker(), address(taker));
        assertEq(taker.seenVaultId(), id);
        assertEq(taker.seenCollateral(), collateral);
        assertEq(taker.seenPaid(), paid);
        assertEq(taker.seenData(), bytes("sell"));
        assertEq(taker.collateralHeldInCallback(), 2e18, "the collateral arrived first");
        assertEq(taker.takerKusdInCallback(), 0, "no capital before the callback");
        assertEq(kusd.balanceOf(address(taker)), 0, "the price was burned after it");
        assertEq(weth.balanceOf(address(taker)), 2e18);
        assertEq(booksImbalance(), 0);
    }

    function test_Take_PaymentBurnedFromTheCallerNotTheReceiver() public {
        RecordingTaker receiver = new RecordingTaker(engine, psm, weth, usdc);
        fundKusd(address(receiver), 10_000e18);
        uint256 supplyBefore = kusd.totalSupply();
        vm.prank(bob);
        (, uint256 paid) = engine.take(id, 1e18, type(uint256).max, address(receiver), "x");
        assertEq(receiver.seenTaker(), bob);
        assertEq(receiver.takerKusdInCallback(), 30_000e18, "the caller pays after the callback");
        assertEq(kusd.balanceOf(bob), 30_000e18 - paid);
        assertEq(kusd.balanceOf(address(receiver)), 10_000e18);
        assertEq(kusd.totalSupply(), supplyBefore - paid);
        assertEq(weth.balanceOf(address(receiver)), 1e18);
    }

    function test_Take_EmptyData_NoCallback() public {
        RecordingTaker receiver = new RecordingTaker(engine, psm, weth, usdc);
        vm.prank(bob);
        engine.take(id, 1e18, type(uint256).max, address(receiver), "");
        assertEq(receiver.seenTaker(), address(0));
        assertEq(weth.balanceOf(address(receiver)), 1e18);
    }

    function test_Take_RevertWhen_PriceAboveMax() public {
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.PriceAboveMax.selector, 2_400e18, 2_400e18 - 1));
        engine.take(id, 1e18, 2_400e18 - 1, bob, "");
    }

    function test_Take_RevertWhen_Stale() public {
        skip(15 minutes);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.AuctionStale.selector, id));
        engine.take(id, 1e18, type(uint256).max, bob, "");
    }

    function test_Take_RevertWhen_ZeroAmount() public {
        vm.prank(bob);
        vm.expectRevert(IKeelErrors.ZeroAmount.selector);
        engine.take(id, 0, type(uint256).max, bob, "");
    }

    function test_Take_RevertWhen_ReceiverIsZero() public {
        vm.prank(bob);
        vm.expectRevert(IKeelErrors.ZeroAddress.selector);
        engine.take(id, 1e18, type(uint256).max, address(0), "");
    }

    function test_Take_RevertWhen_NoAuction() public {
        uint256 other = openVault(bob, 10e18, 1_000e18);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.AuctionNotActive.selector, other));
        engine.take(other, 1e18, type(uint256).max, bob, "");
    }

    function test_Take_RevertWhen_AuctionEnded() public {
        takeAsBob(10e18);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.AuctionNotActive.selector, id));
        engine.take(id, 1e18, type(uint256).max, bob, "");
    }

    function test_Take_RevertWhen_CallerCannotPay() public {
        vm.prank(carol);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, carol, 0, 4_800e18));
        engine.take(id, 2e18, type(uint256).max, carol, "");
    }

    /// @dev Whatever is asked and whenever, the payment is at least the collateral's worth at the
    /// auction price, and never beyond the tab.
    function testFuzz_Take_NeverPaysLessThanCollateralTimesPrice(uint256 maxCollateral, uint256 elapsed) public {
        maxCollateral = bound(maxCollateral, 1, 12e18);
        elapsed = bound(elapsed, 0, 13 minutes); // the price reaches its floor after about 13.2 minutes
        skip(elapsed);
        (uint256 price, bool stale) = engine.auctionPrice(id);
        assertFalse(stale);
        (uint256 collateral, uint256 paid) = takeAsBob(maxCollateral);
        assertGe(paid * 1e18, collateral * price, "paid less than collateral x price");
        assertLe(paid, UNSAFE_TAB);
        assertLe(collateral, 10e18);
        uint256 tab = engine.auction(id).tab;
        assertTrue(tab == 0 || tab >= 100e18, "a running tab never falls below the floor");
        assertEq(booksImbalance(), 0);
    }
}
