// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Vm} from "forge-std/Vm.sol";
import {CollateralParams} from "../../src/interfaces/CdpTypes.sol";
import {ICdpEngine} from "../../src/interfaces/ICdpEngine.sol";
import {ICdpErrors} from "../../src/interfaces/ICdpErrors.sol";
import {IOracleErrors} from "../../src/interfaces/IOracleErrors.sol";
import {CdpUnitBaseTest} from "../utils/CdpUnitBaseTest.sol";

/// @notice K1: keeper-reward farming. Keepers are paid for starting and resetting auctions; if what
/// one auction pays can exceed the penalty it collects, liquidating one's own vault (or resetting an
/// auction that never sells) prints money out of the surplus. The attacker here uses vaults opened
/// under an older, lower debt floor after governance raised the floor and the tip within bounds, and
/// a shut-down type whose oracle died, where the shutdown price keeps every reset "worth" a tip.
contract K1KeeperRewardsAttack is CdpUnitBaseTest {
    address internal attacker = makeAddr("attacker");

    function setUp() public override {
        super.setUp();
        psm.setCap(type(uint128).max);
        vm.prank(attacker);
        weth.approve(address(engine), type(uint256).max);
        vm.prank(attacker);
        usdc.approve(address(psm), type(uint256).max);
    }

    /// @dev The measured case: five 150-kUSD vaults opened under the 100-kUSD floor; governance then
    /// raises the floor to 2,000 kUSD and the tip to 250 kUSD (within the old bound). The attacker
    /// liquidates its own vaults and buys the collateral back at the market: it must not gain.
    function test_Attack_SelfLiquidatingVaultsBelowANewFloorDoesNotPay() public {
        uint256[] memory ids = new uint256[](5);
        for (uint256 i; i < ids.length; ++i) {
            ids[i] = openVault(attacker, 0.075e18, 150e18); // exactly 150% at 3,000
        }
        CollateralParams memory p = ethParamsCopy();
        p.debtFloor = 2_000e18;
        p.keeperTip = 250e18;
        setEthParams(p);
        setEthPrice(2_990);
        uint256 before = attackerValue(ids, 2_990);

        for (uint256 i; i < ids.length; ++i) {
            vm.prank(attacker);
            engine.startAuction(ids[i], attacker);
            buyBackAtMarket(ids[i], 2_990);
        }
        assertLe(attackerValue(ids, 2_990), before, "self-liquidation paid");
    }

    /// @dev Whatever in-bounds parameters governance sets after a vault was opened, starting that
    /// vault's auction pays the keeper at most the penalty its own tab carries.
    function testFuzz_Attack_RewardNeverExceedsTheAuctionsPenalty(
        uint256 debt,
        uint256 floor,
        uint256 penaltyBps,
        uint256 feeBps,
        uint256 tipShare
    ) public {
        debt = bound(debt, 100e18, 1_000_000e18);
        uint256 id = openVault(attacker, debt / 2_000 + 1, debt); // just above 150% at 3,000
        CollateralParams memory p = ethParamsCopy();
        p.debtFloor = uint128(bound(floor, 1e18, 10_000_000e18));
        p.liquidationPenaltyBps = uint16(bound(penaltyBps, 0, 2_500));
        p.keeperFeeBps = uint16(bound(feeBps, 0, 100));
        uint256 net = uint256(p.liquidationPenaltyBps) * 1e4;
        uint256 feeShare = uint256(p.keeperFeeBps) * (1e4 + p.liquidationPenaltyBps);
        vm.assume(net >= feeShare);
        p.keeperTip = uint128((((uint256(p.debtFloor) * (net - feeShare)) / 1e8) * bound(tipShare, 0, 100)) / 100);
        p.auctionLimit = uint128(p.debtFloor > 5_000_000e18 ? p.debtFloor : 5_000_000e18);
        setEthParams(p);
        setEthPrice(2_900);

        vm.recordLogs();
        vm.prank(attacker);
        engine.startAuction(id, attacker);
        (uint256 debtSeized, uint256 tab, uint256 reward) = startAuctionLog();
        assertLe(reward, tab - debtSeized, "reward above the penalty this auction collects");
    }

    /// @dev The measured case: an auction on a shut-down type whose oracle died restarts from the
    /// shutdown price, above a market that will not buy, so it goes stale again and again. Resetting
    /// it 250 times must not pay more, in all, than the auction's penalty, and the surplus may not fall
    /// without a reported loss.
    function test_Attack_ResetTipsOnADeadOracleAreBounded() public {
        uint256 id = openUnsafeVault();
        vm.recordLogs();
        startAuctionAsKeeper(id);
        (uint256 debt, uint256 tab, uint256 paid) = startAuctionLog();
        engine.shutdown(ETH);
        ethFeed.setAnswer(-1);
        int256 surplusBefore = engine.surplusRad();

        for (uint256 i; i < 250; ++i) {
            skip(6 hours + 1);
            vm.prank(attacker);
            engine.resetAuction(id, attacker);
        }
        paid += kusd.balanceOf(attacker);
        assertLe(paid, tab - debt, "rewards beyond the penalty");
        assertEq(engine.surplusRad(), surplusBefore, "the surplus fell with no loss reported");
        assertEq(booksImbalance(), 0);
    }

    /// @dev The farmed auction's rewards are advanced against it: when it finally ends with its
    /// collateral sold below its debt, the loss reported by AbsorbLoss includes every reward it did
    /// not recover, and the books still balance.
    function test_Attack_UnrecoveredRewardsAreAReportedLoss() public {
        uint256 id = openUnsafeVault();
        startAuctionAsKeeper(id);
        engine.shutdown(ETH);
        ethFeed.setAnswer(-1);
        for (uint256 i; i < 10; ++i) {
            skip(6 hours + 1);
            vm.prank(attacker);
            engine.resetAuction(id, attacker);
        }
        uint256 owed = engine.auction(id).debt;
        assertEq(owed, 15_000e18 + 26.95e18 + 10 * 10e18, "the debt and every reward advanced");
        // Governance's way out: a working oracle for the shut-down type; the next reset prices from it.
        setEthPrice(800);
        engine.setShutdownOracle(ETH, ethOracle);
        skip(6 hours + 1);
        setEthPrice(800);
        engine.resetAuction(id, keeper);
        assertEq(engine.auction(id).topPrice, 960e18);
        usdcFeed.setAnswer(1e8); // the peg module's oracle, stale after the farm
        fundKusd(bob, 10_000e18);
        int256 surplusBefore = engine.surplusRad();
        vm.expectEmit(address(engine));
        emit ICdpEngine.AbsorbLoss(id, owed + 10e18 - 9_600e18, 0, owed + 10e18 - 9_600e18);
        vm.prank(bob);
        engine.take(id, type(uint256).max, type(uint256).max, bob, "");
        assertEq(engine.surplusRad(), surplusBefore - int256((owed + 10e18 - 9_600e18) * 1e27));
        assertEq(booksImbalance(), 0);
    }

    /// @dev Only governance may replace a shut-down type's oracle, only after a shutdown, and only with
    /// one that answers.
    function test_SetShutdownOracle_RevertWhen_LiveTypeOrStranger() public {
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.TypeNotShutdown.selector, ETH));
        engine.setShutdownOracle(ETH, ethOracle);
        engine.shutdown(ETH);
        vm.prank(attacker);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, attacker));
        engine.setShutdownOracle(ETH, ethOracle);
        ethFeed.setAnswer(-1);
        vm.expectRevert(abi.encodeWithSelector(IOracleErrors.NonPositivePrice.selector, int256(-1)));
        engine.setShutdownOracle(ETH, ethOracle);
    }

    // ----- helpers -----

    function startAuctionLog() internal returns (uint256 debt, uint256 tab, uint256 reward) {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics[0] == ICdpEngine.StartAuction.selector) {
                (, debt, tab, , reward) = abi.decode(logs[i].data, (uint256, uint256, uint256, uint256, uint256));
            }
        }
    }

    /// @dev Waits until the auction is at or below the market, then the attacker pays the tab itself,
    /// and takes back what is left in the vault.
    function buyBackAtMarket(uint256 id, uint256 priceUsd) internal {
        while (engine.auction(id).tab != 0) {
            (uint256 price, bool stale) = engine.auctionPrice(id);
            if (stale) {
                engine.resetAuction(id, keeper);
            } else if (price <= priceUsd * 1e18) {
                uint256 tab = engine.auction(id).tab;
                if (kusd.balanceOf(attacker) < tab) fundKusd(attacker, (tab / 1e12 + 1) * 1e12);
                vm.prank(attacker);
                engine.take(id, type(uint256).max, price, attacker, "");
            } else {
                skipAndRefresh(5);
            }
        }
    }

    /// @dev kUSD and WETH held, plus the equity of the attacker's vaults, at `priceUsd`, less the
    /// kUSD it bought from the peg module (USDC spent).
    function attackerValue(uint256[] memory ids, uint256 priceUsd) internal view returns (uint256 value) {
        value = kusd.balanceOf(attacker) + weth.balanceOf(attacker) * priceUsd;
        for (uint256 i; i < ids.length; ++i) {
            uint256 collateral = engine.vault(ids[i]).collateral * priceUsd;
            uint256 debt = debtOf(ids[i]);
            value += collateral > debt ? collateral - debt : 0;
        }
        value -= psm.minted();
    }
}
