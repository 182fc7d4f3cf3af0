// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {CollateralParams, TYPE_SHUTDOWN} from "../../src/interfaces/CdpTypes.sol";
import {CdpUnitBaseTest} from "../utils/CdpUnitBaseTest.sol";

/// @notice K1 and S1 as one economic property. An attacker holds many vaults over many governance
/// windows and uses every lever the engine offers it: it mints to the edge of the oracle, liquidates
/// its own vaults as their keeper, resets its own auctions for the tip, settles after a shutdown,
/// while governance moves every parameter within its bounds. The market price stays at 3,000 USD;
/// the oracle wanders up to 3% around it from one window to the next, so the attacker can always
/// act on a price that flatters it. (Governance keeps the minimum ratio and the penalty above that
/// error, as any risk review would: a vault minted at the edge of a high oracle stays worth its debt
/// at the market, so no vault is underwater and no owner gains by walking away.) Takers compete: an auction sells as soon as its price is at or
/// below the market. Whatever the sequence, the attacker ends with no more than it started with,
/// valued at the market.
contract K1S1AttackerNeverGainsTest is CdpUnitBaseTest {
    uint256 internal constant MARKET = 3_000;
    uint256 internal constant VAULTS = 6;
    uint256 internal constant START_WETH = 60e18;

    address internal attacker = makeAddr("attacker");
    address internal taker = makeAddr("taker");
    uint256[] internal ids;

    function setUp() public override {
        super.setUp();
        psm.setCap(type(uint128).max);
        weth.mint(attacker, START_WETH);
        vm.prank(attacker);
        weth.approve(address(engine), type(uint256).max);
        vm.prank(taker);
        usdc.approve(address(psm), type(uint256).max);
    }

    function testFuzz_Attack_NoSequenceOfLeversPays(uint256[16] memory moves, uint256 seed) public {
        for (uint256 i; i < VAULTS; ++i) {
            // Small vaults (150 kUSD, under a floor governance may raise later) and large ones.
            uint256 collateral = i % 2 == 0 ? 0.1e18 : 10e18;
            vm.prank(attacker);
            ids.push(engine.open(ETH, attacker, collateral, 0, attacker));
            mintToTheEdge(ids[i], i % 2 == 0 ? 150e18 : 0);
        }
        for (uint256 step; step < moves.length; ++step) {
            uint256 move = moves[step];
            uint256 vaultId = ids[(move >> 8) % VAULTS];
            uint256 action = move % 8;
            if (action == 0) governanceWindow(move >> 16);
            else if (action == 1) mintToTheEdge(vaultId, 0);
            else if (action == 2) selfLiquidate(vaultId);
            else if (action == 3) resetOwnAuction(vaultId);
            else if (action == 4) marketTakes(vaultId, move >> 16);
            else if (action == 5) shutdownAndSettle(vaultId, seed);
            else if (action == 6) wanderOracle(move >> 16);
            else skipAndRefresh(bound(move >> 16, 1, 2 hours));
        }
        windDown();
        assertLe(attackerValue(), START_WETH * MARKET, "the attacker gained");
        assertEq(booksImbalance(), 0);
    }

    // ----- levers -----

    /// @dev A timelock window: two days pass, the oracle moves, and governance sets any in-bounds
    /// parameters (floor and tip raised or lowered, keeper fee, penalty, curve).
    function governanceWindow(uint256 seed) internal {
        skipAndRefresh(2 days);
        wanderOracle(seed);
        if (engine.collateralType(ETH).flags & TYPE_SHUTDOWN != 0) return;
        CollateralParams memory p = ethParamsCopy();
        p.liquidationPenaltyBps = uint16(bound(seed, 500, 2_500));
        p.minRatioBps = uint16(10_000 + p.liquidationPenaltyBps + bound(seed >> 16, 0, 3_000));
        p.keeperFeeBps = uint16(
            bound(seed >> 32, 0, 100 < p.liquidationPenaltyBps / 2 ? 100 : p.liquidationPenaltyBps / 2)
        );
        p.debtFloor = uint128(bound(seed >> 48, 0, 5_000e18));
        uint256 room =
            uint256(p.liquidationPenaltyBps) * 1e4 - uint256(p.keeperFeeBps) * (1e4 + p.liquidationPenaltyBps);
        p.keeperTip = uint128((uint256(p.debtFloor) * room) / 1e8);
        p.auctionStartBufferBps = uint16(bound(seed >> 64, 10_000, 15_000));
        p.auctionFloorBps = uint16(bound(seed >> 80, 1_000, (9_900 * 1e4) / p.auctionStartBufferBps));
        if (p.auctionFloorBps > 9_500) p.auctionFloorBps = 9_500;
        p.auctionHalfLife = uint32(bound(seed >> 96, 1 minutes, 2 hours));
        p.auctionMaxDuration = uint32(p.auctionHalfLife * 3 < 10 minutes ? 10 minutes : p.auctionHalfLife * 3);
        setEthParams(p);
    }

    /// @dev The oracle moves to within 3% of the market, either way.
    function wanderOracle(uint256 seed) internal {
        setEthPrice((MARKET * bound(seed, 9_700, 10_300)) / 10_000);
    }

    /// @dev Mints as much as the oracle allows, at least `atLeast`.
    function mintToTheEdge(uint256 id, uint256 atLeast) internal {
        uint256 price = oraclePrice();
        uint256 room = (((engine.vault(id).collateral * price) / 1e18) * 1e4) / engine.collateralType(ETH).minRatioBps;
        uint256 debt = engine.debtOf(id);
        if (room <= debt + 1e18) return;
        uint256 amount = room - debt - 1e18;
        if (amount < atLeast) amount = atLeast;
        vm.prank(attacker);
        try engine.mint(id, amount, attacker) {} catch {}
    }

    function selfLiquidate(uint256 id) internal {
        vm.prank(attacker);
        try engine.startAuction(id, attacker) {} catch {}
    }

    function resetOwnAuction(uint256 id) internal {
        vm.prank(attacker);
        try engine.resetAuction(id, attacker) {} catch {}
    }

    /// @dev Competing takers wait up to `wait` seconds and buy the whole lot as soon as the price is at
    /// or below the market.
    function marketTakes(uint256 id, uint256 wait) internal {
        wait = bound(wait, 0, 3 hours);
        for (uint256 waited; waited <= wait; waited += 60) {
            if (engine.auction(id).tab == 0) return;
            (uint256 price, bool stale) = engine.auctionPrice(id);
            if (stale) return;
            if (price <= MARKET * 1e18) {
                fundKusd(taker, (uint256(engine.auction(id).tab) / 1e12 + 1) * 1e12);
                vm.prank(taker);
                engine.take(id, type(uint256).max, price, taker, "");
                return;
            }
            skipAndRefresh(60);
        }
    }

    function shutdownAndSettle(uint256 id, uint256 seed) internal {
        if (engine.collateralType(ETH).flags & TYPE_SHUTDOWN == 0) {
            if (seed % 3 != 0) return; // most sequences keep the type live
            engine.shutdown(ETH);
        }
        vm.prank(attacker);
        try engine.settle(id) {} catch {}
    }

    // ----- accounting -----

    /// @dev Every auction runs to its end at the market (the oracle back at the market), and the
    /// attacker repays and closes what it can.
    function windDown() internal {
        setEthPrice(MARKET);
        for (uint256 i; i < VAULTS; ++i) {
            uint256 id = ids[i];
            for (uint256 round; round < 50 && engine.auction(id).tab != 0; ++round) {
                (, bool stale) = engine.auctionPrice(id);
                if (stale) engine.resetAuction(id, taker);
                marketTakes(id, 3 hours);
            }
            assertEq(engine.auction(id).tab, 0, "an auction never cleared at the market");
        }
    }

    /// @dev kUSD and WETH held, plus each vault's equity at the market (an owner can walk away from a
    /// vault worth less than its debt, so equity is never negative).
    function attackerValue() internal view returns (uint256 value) {
        value = kusd.balanceOf(attacker) + weth.balanceOf(attacker) * MARKET;
        for (uint256 i; i < VAULTS; ++i) {
            uint256 collateral = uint256(engine.vault(ids[i]).collateral) * MARKET;
            uint256 debt = engine.debtOf(ids[i]);
            if (collateral > debt) value += collateral - debt;
        }
    }

    function oraclePrice() internal view returns (uint256) {
        return engine.collateralType(ETH).oracle.price();
    }
}
