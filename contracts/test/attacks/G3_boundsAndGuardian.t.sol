// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {CollateralParams} from "../../src/interfaces/CdpTypes.sol";
import {ICdpErrors} from "../../src/interfaces/ICdpErrors.sol";
import {CdpUnitBaseTest} from "../utils/CdpUnitBaseTest.sol";
import {IKeelErrors} from "../../src/interfaces/IKeelErrors.sol";

/// @notice G3: bounds that allow broken mechanisms. Each parameter alone within its bounds, together
/// they may give an auction that goes stale before its price reaches the oracle's, so it never sells
/// and every reset pays a tip. And a guardian who can undo what governance decided is a second
/// governance. The attacker here proposes such curves, and, as the guardian, tries to lift a pause or
/// a freeze that governance set.
contract G3BoundsAndGuardianAttack is CdpUnitBaseTest {
    /// @dev The measured cases: a 130% start with an 80% floor stops at 104% of the oracle; a one-day
    /// half-life with a ten-minute limit stops at 119%. Both are refused.
    function test_Attack_CurvesThatStopAboveTheOracleAreRefused() public {
        CollateralParams memory p = ethParamsCopy();
        p.auctionStartBufferBps = 13_000;
        p.auctionFloorBps = 8_000;
        vm.expectRevert(abi.encodeWithSelector(IKeelErrors.OutOfBounds.selector, "auctionCurve"));
        setEthParams(p);

        p = ethParamsCopy();
        p.auctionHalfLife = 1 days;
        p.auctionMaxDuration = 10 minutes;
        vm.expectRevert(abi.encodeWithSelector(IKeelErrors.OutOfBounds.selector, "auctionCurve"));
        setEthParams(p);
    }

    /// @dev Any curve governance can set gives an auction that, before it goes stale, offers the
    /// collateral at or below the oracle price: the price at which any taker with a market at the
    /// oracle buys.
    function testFuzz_Attack_EveryAcceptedCurveReachesTheOracle(
        uint256 buffer,
        uint256 floor,
        uint256 halfLife,
        uint256 maxDuration,
        uint256 priceUsd
    ) public {
        CollateralParams memory p = ethParamsCopy();
        p.auctionStartBufferBps = uint16(bound(buffer, 10_000, 20_000));
        p.auctionFloorBps = uint16(bound(floor, 1_000, 9_500));
        p.auctionHalfLife = uint32(bound(halfLife, 1 minutes, 1 days));
        p.auctionMaxDuration = uint32(bound(maxDuration, 10 minutes, 7 days));
        try engine.setCollateralParams(ETH, p) {} catch {
            return; // refused: nothing to check
        }
        uint256 id = openVault(alice, 10e18, 15_000e18);
        uint256 oracle = bound(priceUsd, 100, 2_249);
        setEthPrice(oracle);
        startAuctionAsKeeper(id);

        // The earliest second at which the price is at or below the oracle (the price only falls).
        uint256 start = vm.getBlockTimestamp();
        uint256 low;
        uint256 high = p.auctionMaxDuration;
        while (low < high) {
            uint256 mid = (low + high) / 2;
            vm.warp(start + mid);
            (uint256 price, ) = engine.auctionPrice(id);
            if (price <= oracle * 1e18) high = mid;
            else low = mid + 1;
        }
        vm.warp(start + low);
        (uint256 priceThen, bool stale) = engine.auctionPrice(id);
        assertLe(priceThen, oracle * 1e18, "the curve never reached the oracle within its time limit");
        assertFalse(stale, "the auction went stale before reaching the oracle");
    }

    /// @dev Governance paused new debt; the guardian may not lift it. It may still pause.
    function test_Attack_GuardianCannotLiftAGovernancePause() public {
        engine.setMintPaused(ETH, true);
        vm.prank(guardian);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, guardian));
        engine.setMintPaused(ETH, false);
        assertEq(engine.collateralType(ETH).flags & 1, 1, "still paused");

        engine.setMintPaused(ETH, false);
        vm.prank(guardian);
        engine.setMintPaused(ETH, true);
        assertEq(engine.collateralType(ETH).flags & 1, 1);
    }

    /// @dev Governance froze the peg module; the guardian may not thaw it. It may still freeze.
    function test_Attack_GuardianCannotThawAGovernanceFreeze() public {
        psm.setFrozen(true);
        vm.prank(guardian);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, guardian));
        psm.setFrozen(false);
        assertTrue(psm.frozen());

        psm.setFrozen(false);
        vm.prank(guardian);
        psm.setFrozen(true);
        assertTrue(psm.frozen());
    }
}
