// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Vm} from "forge-std/Vm.sol";
import {DevPriceFeed} from "../../src/devnet/DevPriceFeed.sol";
import {ICdpEngine} from "../../src/interfaces/ICdpEngine.sol";
import {CdpUnitBaseTest} from "../utils/CdpUnitBaseTest.sol";

/// @notice S1: shutdown as an option. A type is shut down at a fixed price; if only the owner could
/// settle, at that price, whenever it liked, a fall of the market after the shutdown would be a put
/// option paid by kUSD holders: the vault hands over collateral worth less than its debt and keeps
/// the rest. The attacker here waits after a shutdown and then settles at the best moment for it,
/// before or instead of a liquidation. It must end no richer than if it had settled at once, and the
/// system must lose nothing beyond what an underwater vault loses in any liquidation.
contract S1ShutdownSettleAttack is CdpUnitBaseTest {
    address internal attacker = makeAddr("attacker");
    address internal settler = makeAddr("settler");

    uint256 internal id;

    function setUp() public override {
        super.setUp();
        psm.setCap(type(uint128).max);
        vm.prank(attacker);
        weth.approve(address(engine), type(uint256).max);
        id = openVault(attacker, 10e18, 10_000e18); // 30,000 USD of WETH against 10,000 kUSD
    }

    /// @dev The measured case: ETH falls from 3,000 to 1,600 after the shutdown and the owner settles.
    /// The collateral sent to auction must be worth the debt at the live price, so the auction that
    /// takes at that price recovers all of it: no loss, and the owner is not richer than by repaying.
    function test_Attack_SettleAfterAFallRecoversTheDebt() public {
        engine.shutdown(ETH);
        setEthPrice(1_600);
        uint256 valueBefore = ownerValue(1_600);

        vm.recordLogs();
        vm.prank(attacker);
        engine.settle(id);
        takeAllAtMarket(1_600);

        assertEq(lossesReported(), 0, "the settle auction recovered the whole debt");
        assertGe(engine.surplusRad(), 0);
        assertLe(ownerValue(1_600), valueBefore, "settling after the fall gives the owner nothing");
        assertEq(booksImbalance(), 0);
    }

    /// @dev The owner tries to settle penalty-free just before keepers liquidate its unsafe vault
    /// (ETH at 1,400: 140% < 150%). The settle must cost it the same penalty as the liquidation.
    function test_Attack_SettleDoesNotDodgeTheLiquidationPenalty() public {
        engine.shutdown(ETH);
        setEthPrice(1_400);
        vm.prank(attacker);
        engine.settle(id);
        assertEq(engine.auction(id).tab, 11_300e18, "the settle of an unsafe vault carries the 13% penalty");
        assertEq(engine.auction(id).collateral, 10e18, "and sends all its collateral, as a liquidation would");
    }

    /// @dev Anyone may settle: the owner cannot keep the option open by simply not calling.
    function test_Attack_AnyoneCanSettleAfterAShutdown() public {
        engine.shutdown(ETH);
        setEthPrice(2_000);
        vm.prank(settler);
        engine.settle(id);
        assertEq(engine.vault(id).normalizedDebt, 0);
        assertGt(engine.auction(id).tab, 0);
    }

    /// @dev Whatever the price after the shutdown and however long the owner waits, settling and
    /// selling at the market loses kUSD holders no more than the vault's shortfall at that price
    /// (debt beyond its collateral's value), which any liquidation would lose too.
    function testFuzz_Attack_WaitingNeverTurnsIntoALoss(uint256 priceAfter, uint256 wait, bool ownerSettles) public {
        priceAfter = bound(priceAfter, 500, 6_000);
        wait = bound(wait, 0, 365 days);
        engine.shutdown(ETH);
        skip(wait);
        setEthPrice(priceAfter);
        usdcFeed.setAnswer(1e8); // takers buy kUSD through the peg module
        uint256 debt = debtOf(id);
        uint256 shortfall = debt > 10 * priceAfter * 1e18 ? debt - 10 * priceAfter * 1e18 : 0;
        uint256 valueBefore = ownerValue(priceAfter);

        vm.recordLogs();
        vm.prank(ownerSettles ? attacker : settler);
        engine.settle(id);
        takeAllAtMarket(priceAfter);

        // A take lands within one 5-second step of the curve under the market (0.6%).
        assertLe(lossesReported(), shortfall + debt / 100, "no loss beyond the shortfall");
        assertLe(ownerValue(priceAfter), valueBefore + 1e18, "waiting gave the owner nothing");
        assertEq(booksImbalance(), 0);
    }

    /// @dev The oracle dies after the shutdown: the settle price falls back to the shutdown price, and
    /// the collateral sent carries the penalty as a cushion. Governance replaces the oracle, and from
    /// then on settlements price from the market again.
    function test_Attack_DeadOracleThenReplaced() public {
        uint256 second = openVault(attacker, 10e18, 10_000e18);
        engine.shutdown(ETH);
        ethFeed.setAnswer(-1);
        vm.prank(settler);
        engine.settle(id);
        assertEq(engine.auction(id).collateral, 3_766_666_666_666_666_667, "debt and penalty at 3,000");

        DevPriceFeed backup = new DevPriceFeed(8, "ETH / USD backup", 1_600e8);
        engine.setShutdownOracle(ETH, adapter(backup, 18));
        vm.expectEmit(address(engine));
        emit ICdpEngine.Settle(second, settler, 10_000e18, 10_000e18, 7.0625e18, 1_600e18);
        vm.prank(settler);
        engine.settle(second);
    }

    // ----- helpers -----

    /// @dev What the attacker owns at `priceUsd`: kUSD, WETH, and its vault's equity.
    function ownerValue(uint256 priceUsd) internal view returns (uint256) {
        uint256 collateral = engine.vault(id).collateral;
        uint256 equity = collateral * priceUsd;
        uint256 debt = debtOf(id);
        equity = equity > debt ? equity - debt : 0;
        return kusd.balanceOf(attacker) + weth.balanceOf(attacker) * priceUsd + equity;
    }

    /// @dev A taker waits until the auction's price is at or below the market, then buys all it can.
    function takeAllAtMarket(uint256 priceUsd) internal {
        uint256 market = priceUsd * 1e18;
        for (uint256 i; i < 600; ++i) {
            (uint256 price, bool stale) = engine.auctionPrice(id);
            if (engine.auction(id).tab == 0) return;
            if (stale) {
                engine.resetAuction(id, keeper);
                continue;
            }
            if (price <= market) {
                fundKusd(bob, (engine.auction(id).tab / 1e12 + 1) * 1e12);
                vm.prank(bob);
                engine.take(id, type(uint256).max, price, bob, "");
                continue;
            }
            skipAndRefresh(5);
        }
        revert("the auction never cleared");
    }

    /// @dev The sum of the losses the engine reported since `vm.recordLogs`.
    function lossesReported() internal returns (uint256 total) {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics[0] == ICdpEngine.AbsorbLoss.selector) {
                (uint256 loss, , ) = abi.decode(logs[i].data, (uint256, uint256, uint256));
                total += loss;
            }
        }
    }
}
