// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Auction, CollateralParams, CollateralType, Vault} from "../../../src/interfaces/CdpTypes.sol";
import {ICdpEngine} from "../../../src/interfaces/ICdpEngine.sol";
import {ICdpErrors} from "../../../src/interfaces/ICdpErrors.sol";
import {IOracleErrors} from "../../../src/interfaces/IOracleErrors.sol";
import {CdpUnitBaseTest} from "../../utils/CdpUnitBaseTest.sol";
import {RAY} from "../../../src/libraries/Constants.sol";

contract StartAuctionTest is CdpUnitBaseTest {
    /// @dev 10 kUSD tip + 0.1% of the 16_950 tab.
    uint256 internal constant UNSAFE_REWARD = 26.95e18;

    function setAuctionLimit(uint256 limit) internal {
        CollateralParams memory p = ethParamsCopy();
        p.auctionLimit = uint128(limit);
        setEthParams(p);
    }

    function test_StartAuction_SeizesTheWholeVault() public {
        uint256 id = openUnsafeVault();
        vm.expectEmit(address(engine));
        emit ICdpEngine.StartAuction(id, keeper, 10e18, 15_000e18, UNSAFE_TAB, 2_400e18, UNSAFE_REWARD);
        vm.prank(bob); // anyone may start it; the reward goes to the keeper named
        uint256 tab = engine.startAuction(id, keeper);

        assertEq(tab, UNSAFE_TAB);
        Vault memory v = vaultOf(id);
        assertEq(v.collateral, 0);
        assertEq(v.normalizedDebt, 0);
        Auction memory a = engine.auction(id);
        assertEq(a.collateral, 10e18);
        assertEq(a.tab, UNSAFE_TAB);
        assertEq(a.debt, 15_000e18 + UNSAFE_REWARD, "the reward is recovered first, with the debt");
        assertEq(a.topPrice, 2_400e18, "oracle x 120%");
        assertEq(a.startedAt, vm.getBlockTimestamp());
        CollateralType memory t = engine.collateralType(ETH);
        assertEq(t.inAuction, UNSAFE_TAB);
        assertEq(t.totalNormalizedDebt, 0);
        assertEq(t.lastGoodPrice, 2_000e18);
        assertEq(engine.auctionDebt(), 15_000e18 + UNSAFE_REWARD);
        assertEq(engine.totalDebtRad(), 0);
        assertEq(kusd.balanceOf(keeper), UNSAFE_REWARD);
        assertEq(kusd.balanceOf(bob), 0);
        assertEq(engine.surplusRad(), 0, "the reward is advanced against the auction, not spent");
        assertEq(booksImbalance(), 0);
    }

    function test_StartAuction_KeeperRewardIsRecoveredBeforeThePenalty() public {
        uint256 id = openUnsafeVault();
        startAuctionAsKeeper(id);
        assertEq(engine.surplusRad(), 0);
        fundKusd(bob, 17_000e18);
        vm.prank(bob);
        engine.take(id, 10e18, type(uint256).max, bob, "");
        assertEq(engine.auctionDebt(), 0);
        assertEq(engine.surplusRad(), int256((UNSAFE_TAB - 15_000e18 - UNSAFE_REWARD) * RAY), "penalty less reward");
        assertEq(booksImbalance(), 0);
    }

    /// @dev A vault opened under a 100-kUSD floor, after the floor and the tip were raised: its
    /// reward is capped at the penalty its own tab carries (13% of 150 kUSD).
    function test_StartAuction_RewardAtMostThisAuctionsPenalty() public {
        uint256 id = openVault(alice, 0.075e18, 150e18);
        CollateralParams memory p = ethParamsCopy();
        p.debtFloor = 2_000e18;
        p.keeperTip = 250e18;
        setEthParams(p);
        setEthPrice(2_990);
        vm.expectEmit(address(engine));
        emit ICdpEngine.StartAuction(id, keeper, 0.075e18, 150e18, 169.5e18, 3_588e18, 19.5e18);
        startAuctionAsKeeper(id);
        assertEq(kusd.balanceOf(keeper), 19.5e18);
        assertEq(engine.auction(id).debt, 169.5e18, "debt and reward fill the tab: no penalty left");
    }

    function test_StartAuction_RewardIsTipPlusFeeOnTab() public {
        CollateralParams memory p = ethParamsCopy();
        p.keeperTip = 0;
        p.keeperFeeBps = 100;
        setEthParams(p);
        uint256 other = openVault(bob, 10e18, 15_000e18);
        startAuctionAsKeeper(openUnsafeVault());
        assertEq(kusd.balanceOf(keeper), 169.5e18, "1% of the tab alone");

        p.keeperTip = 12e18;
        p.keeperFeeBps = 0;
        setEthParams(p);
        startAuctionAsKeeper(other);
        assertEq(kusd.balanceOf(keeper), 169.5e18 + 12e18, "the tip alone");
        assertEq(booksImbalance(), 0);
    }

    function test_StartAuction_AccruesBeforeTheCheck() public {
        uint256 id = openVault(alice, 10e18, 20_000e18); // exactly 150%
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.VaultIsSafe.selector, MIN_RATIO, MIN_RATIO));
        engine.startAuction(id, keeper);
        skipAndRefresh(1 hours);
        uint256 debt = debtOf(id);
        assertGt(debt, 20_000e18);
        uint256 tab = startAuctionAsKeeper(id);
        assertEq(tab, debt + (debt * 1_300 + 9_999) / 10_000, "penalty rounded up");
        assertEq(
            engine.auction(id).debt,
            debt + 10e18 + tab / 1_000,
            "the debt and the reward (tip + 0.1% of the tab)"
        );
        assertEq(booksImbalance(), 0);
    }

    function test_StartAuction_PartialUnderTheLimit() public {
        setAuctionLimit(11_300e18); // a tab of 10_000 debt + 13%
        uint256 id = openUnsafeVault();
        uint256 seized = 6_666_666_666_666_666_667; // 10 ETH × 10_000 / 15_000, rounded up
        vm.expectEmit(address(engine));
        emit ICdpEngine.StartAuction(id, keeper, seized, 10_000e18, 11_300e18, 2_400e18, 21.3e18);
        uint256 tab = startAuctionAsKeeper(id);
        assertEq(tab, 11_300e18);
        Vault memory v = vaultOf(id);
        assertEq(v.collateral, 10e18 - seized);
        assertEq(v.normalizedDebt, 5_000e18);
        assertEq(engine.collateralType(ETH).inAuction, 11_300e18);
        assertEq(engine.auctionDebt(), 10_000e18 + 21.3e18);
        assertEq(booksImbalance(), 0);
        // The rest is still unsafe, but one vault has one auction at a time.
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.AuctionActive.selector, id));
        engine.startAuction(id, keeper);
    }

    function test_StartAuction_RemnantAtTheFloorStaysInTheVault() public {
        setAuctionLimit(16_837e18); // 14_900 × 1.13: leaves exactly the 100 floor
        uint256 id = openUnsafeVault();
        uint256 tab = startAuctionAsKeeper(id);
        assertEq(tab, 16_837e18);
        assertEq(engine.auction(id).debt, 14_900e18 + 26.837e18, "the debt and the reward");
        assertEq(vaultOf(id).normalizedDebt, 100e18);
        assertEq(booksImbalance(), 0);
    }

    function test_StartAuction_RemnantBelowFloorTakesTheWholeVault() public {
        setAuctionLimit(16_900e18); // would leave about 44 kUSD, below the 100 floor
        uint256 id = openUnsafeVault();
        uint256 tab = startAuctionAsKeeper(id);
        assertEq(tab, UNSAFE_TAB, "the limit is exceeded by less than one floor's tab");
        assertEq(vaultOf(id).normalizedDebt, 0);
        assertEq(vaultOf(id).collateral, 0);
        assertEq(engine.collateralType(ETH).inAuction, UNSAFE_TAB);
        assertEq(booksImbalance(), 0);
    }

    function test_StartAuction_RevertWhen_LimitReached() public {
        setAuctionLimit(UNSAFE_TAB);
        uint256 other = openVault(bob, 10e18, 15_000e18);
        startAuctionAsKeeper(openUnsafeVault());
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.AuctionLimitReached.selector, UNSAFE_TAB, UNSAFE_TAB));
        engine.startAuction(other, keeper);
    }

    function test_StartAuction_RevertWhen_RoomLeftIsBelowTheFloor() public {
        setAuctionLimit(UNSAFE_TAB + 50e18); // 50 of room: a part of 44 debt, below the floor
        uint256 other = openVault(bob, 10e18, 15_000e18);
        startAuctionAsKeeper(openUnsafeVault());
        vm.expectRevert(
            abi.encodeWithSelector(ICdpErrors.AuctionLimitReached.selector, UNSAFE_TAB, UNSAFE_TAB + 50e18)
        );
        engine.startAuction(other, keeper);
    }

    function test_StartAuction_RevertWhen_VaultIsSafe() public {
        uint256 id = openVault(alice, 10e18, 15_000e18);
        setEthPrice(2_250); // 22_500 / 15_000: exactly the minimum
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.VaultIsSafe.selector, MIN_RATIO, MIN_RATIO));
        engine.startAuction(id, keeper);
    }

    function test_StartAuction_RevertWhen_NoDebt() public {
        uint256 id = openVault(alice, 10e18, 0);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.NoDebt.selector, id));
        engine.startAuction(id, keeper);
    }

    function test_StartAuction_RevertWhen_UnknownVault() public {
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.UnknownVault.selector, 1));
        engine.startAuction(1, keeper);
    }

    function test_StartAuction_RevertWhen_AuctionActive() public {
        uint256 id = openUnsafeVault();
        startAuctionAsKeeper(id);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.AuctionActive.selector, id));
        engine.startAuction(id, keeper);
    }

    function test_StartAuction_RevertWhen_OracleFails() public {
        uint256 id = openUnsafeVault();
        skip(1 days + 1);
        vm.expectRevert(abi.encodeWithSelector(IOracleErrors.StalePrice.selector, 1_700_000_000, 1 days));
        engine.startAuction(id, keeper);
    }

    function test_StartAuction_DebtWithoutCollateralIsALossAndPaysNoReward() public {
        CollateralParams memory p = ethParamsCopy();
        p.debtFloor = 0;
        p.keeperTip = 0;
        p.keeperFeeBps = 100;
        p.auctionLimit = 1_130; // room for the tab of 1,000 wei of debt: a partial auction
        setEthParams(p);
        uint256 id = openVault(alice, 1, 2_000); // 1 wei of WETH (3,000 wei of kUSD) at exactly 150%
        openVault(bob, 10e18, 1_000e18);
        setEthPrice(2000);
        startAuctionAsKeeper(id);
        assertEq(vaultOf(id).collateral, 0, "the partial auction rounded the only wei of collateral up");
        assertGt(vaultOf(id).normalizedDebt, 0);

        // 12 minutes on, the lot is worth less than the tab: taking it ends the auction with a loss.
        skip(12 minutes);
        vm.prank(bob);
        engine.take(id, 1, type(uint256).max, bob, "");
        assertEq(engine.auction(id).tab, 0);

        // The vault owes debt with nothing behind it: a loss at once, no auction, no keeper reward.
        p.auctionLimit = 1_000_000; // room for all of it this time
        setEthParams(p);
        uint256 debt = engine.debtOf(id);
        uint256 keeperBefore = kusd.balanceOf(keeper);
        vm.expectEmit(address(engine));
        emit ICdpEngine.EndAuction(id, 0, debt);
        vm.prank(keeper);
        engine.startAuction(id, keeper);
        assertEq(kusd.balanceOf(keeper), keeperBefore, "no auction opened, no reward");
        assertEq(vaultOf(id).normalizedDebt, 0);
        assertEq(engine.auction(id).tab, 0);
        assertEq(booksImbalance(), 0);
    }
}
