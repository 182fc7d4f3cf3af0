// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ICdpErrors} from "../../src/interfaces/ICdpErrors.sol";
import {CdpBaseTest} from "../utils/CdpBaseTest.sol";

/// @notice H1 (Euler 2023) for the kUSD engine: a path lowered collateral or raised debt without a
/// health check, so the attacker made its own position unsafe and liquidated itself at a profit.
/// Every engine path that raises a vault's debt or lowers its collateral ends with the ratio check;
/// transferring a vault changes neither; and once a price move makes it unsafe, liquidating it
/// oneself, keeper reward included, costs the penalty.
contract H1CdpSelfLiquidationAttack is CdpBaseTest {
    address internal attacker = makeAddr("attacker");
    address internal accomplice = makeAddr("accomplice");

    function setUp() public override {
        super.setUp();
        psm.setCap(type(uint128).max);
        vm.prank(attacker);
        weth.approve(address(engine), type(uint256).max);
        vm.prank(attacker);
        usdc.approve(address(psm), type(uint256).max);
    }

    /// @dev At exactly the minimum ratio, no single action of the owner, an operator or a new owner
    /// can go one wei further.
    function test_Attack_NoActionPushesTheVaultBelowMinimum() public {
        uint256 id = openVault(attacker, 10e18, 20_000e18); // 30,000 USD at exactly 150%
        vm.startPrank(attacker);
        vm.expectPartialRevert(ICdpErrors.RatioBelowMinimum.selector);
        engine.mint(id, 1, attacker);
        vm.expectPartialRevert(ICdpErrors.RatioBelowMinimum.selector);
        engine.withdraw(id, 1, attacker);
        weth.mint(attacker, 10e18);
        vm.expectPartialRevert(ICdpErrors.RatioBelowMinimum.selector);
        engine.open(ETH, attacker, 10e18, 20_000e18 + 1, attacker);
        engine.setOperator(accomplice, true);
        vm.stopPrank();

        vm.startPrank(accomplice);
        vm.expectPartialRevert(ICdpErrors.RatioBelowMinimum.selector);
        engine.mint(id, 1, accomplice);
        vm.expectPartialRevert(ICdpErrors.RatioBelowMinimum.selector);
        engine.withdraw(id, 1, accomplice);
        vm.stopPrank();

        // Handing the vault over changes nothing: the new owner faces the same check, and the vault
        // is still safe, so nobody can send it to auction.
        vm.prank(attacker);
        engine.transferVault(id, accomplice);
        vm.startPrank(accomplice);
        vm.expectPartialRevert(ICdpErrors.RatioBelowMinimum.selector);
        engine.mint(id, 1, accomplice);
        vm.expectPartialRevert(ICdpErrors.RatioBelowMinimum.selector);
        engine.withdraw(id, 1, accomplice);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.VaultIsSafe.selector, 1.5e18, 1.5e18));
        engine.startAuction(id, accomplice);
        vm.stopPrank();
        assertEq(engine.vault(id).collateral, 10e18);
        assertEq(engine.debtOf(id), 20_000e18);
    }

    /// @dev Whatever mint or withdrawal the owner tries, it either leaves the vault at or above the
    /// minimum ratio or reverts with RatioBelowMinimum.
    function testFuzz_Attack_MintsAndWithdrawalsKeepTheRatio(uint256 collateral, uint256[6] memory tries) public {
        collateral = bound(collateral, 1e15, 1_000e18);
        uint256 id = openVault(attacker, collateral, 0);
        for (uint256 i; i < tries.length; ++i) {
            uint256 held = engine.vault(id).collateral;
            uint256 room = ((held * 3000) / 3) * 2; // collateral value / 1.5, in kUSD wei
            if (i % 2 == 0) {
                uint256 amount = bound(tries[i], 100e18, room + 100e18 + 1);
                vm.prank(attacker);
                try engine.mint(id, amount, attacker) {} catch (bytes memory reason) {
                    _expectRefusal(reason);
                }
            } else if (held != 0) {
                uint256 amount = bound(tries[i], 1, held);
                vm.prank(attacker);
                try engine.withdraw(id, amount, attacker) {} catch (bytes memory reason) {
                    _expectRefusal(reason);
                }
            }
            _assertAtOrAboveMinimum(id);
        }
    }

    /// @dev After a price fall makes the vault unsafe (while it still covers debt and penalty), the
    /// owner starts its auction as the keeper and buys its own collateral back at any price the
    /// market would leave to it (at or above the oracle's). It ends with less than it started with.
    function testFuzz_Attack_SelfLiquidationIsNotProfitable(uint256 debt, uint256 ratioBps, uint256 delay) public {
        debt = bound(debt, 100e18, 1_000_000e18);
        ratioBps = bound(ratioBps, 11_350, 14_990);
        delay = bound(delay, 0, 150); // 120% × 2^(−150 / 600) ≥ 100%: still at or above the oracle
        uint256 id = openVault(attacker, debt / 2_000 + 1, debt); // just above 150% at 3,000 USD
        uint256 priceE8 = (3000e8 * ratioBps) / 15_000;
        ethFeed.setAnswer(int256(priceE8));
        usdc.mint(attacker, (debt * 12) / 10 / 1e12); // enough to buy the tab at par
        uint256 before = wealth(id, priceE8);

        vm.prank(attacker);
        engine.startAuction(id, attacker);
        skip(delay);
        vm.startPrank(attacker);
        psm.sellGem(usdc.balanceOf(attacker), attacker);
        engine.take(id, type(uint256).max, type(uint256).max, attacker, "");
        uint256 rest = engine.vault(id).collateral;
        if (rest != 0) engine.withdraw(id, rest, attacker);
        vm.stopPrank();

        assertEq(engine.auction(id).tab, 0, "bought it all back");
        assertLt(wealth(id, priceE8), before, "self-liquidation paid");
        assertEq(booksImbalance(), 0);
    }

    /// @dev The attacker's WETH (in and out of its vault), kUSD and USDC minus its vault debt, in kUSD
    /// wei at the oracle price (8 decimals).
    function wealth(uint256 id, uint256 priceE8) internal view returns (uint256) {
        uint256 eth = weth.balanceOf(attacker) + engine.vault(id).collateral;
        return (eth * priceE8) / 1e8 + kusd.balanceOf(attacker) + usdc.balanceOf(attacker) * 1e12 - engine.debtOf(id);
    }

    function _expectRefusal(bytes memory reason) internal pure {
        bytes4 selector = bytes4(reason);
        require(
            selector == ICdpErrors.RatioBelowMinimum.selector || selector == ICdpErrors.DebtBelowFloor.selector,
            "unexpected revert"
        );
    }

    function _assertAtOrAboveMinimum(uint256 id) internal view {
        uint256 debt = engine.debtOf(id);
        if (debt == 0) return;
        uint256 value = uint256(engine.vault(id).collateral) * 3000;
        assertGe(value * 10_000, debt * 15_000, "below the minimum ratio");
    }
}
