// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Auction} from "../../../src/interfaces/CdpTypes.sol";
import {CdpBaseTest} from "../../utils/CdpBaseTest.sol";
import {RAY} from "../../../src/libraries/Constants.sol";

/// @dev One vault's life end to end: open, mint, accrue, repay, close; and a liquidation through an auction.
contract CdpLifecycleTest is CdpBaseTest {
    function test_Lifecycle_OpenMintAccrueRepayClose() public {
        uint256 id = openVault(alice, 10e18, 10_000e18);
        assertEq(kusd.balanceOf(alice), 10_000e18);
        assertEq(debtOf(id), 10_000e18);
        assertEq(booksImbalance(), 0);

        skipAndRefresh(365 days);
        uint256 debt = debtOf(id);
        assertApproxEqRel(debt, 10_500e18, 1e9); // 5% a year, to 9 digits
    }

    function test_Lifecycle_AuctionAfterCrash() public {
        uint256 id = openVault(alice, 10e18, 15_000e18);
        setEthPrice(2000); // ratio 133% < 150%
        vm.prank(keeper);
        uint256 tab = engine.startAuction(id, keeper);
        assertEq(tab, 15_000e18 + 1_950e18);
        assertEq(booksImbalance(), 0);
        Auction memory a = engine.auction(id);
        assertEq(a.collateral, 10e18);
        (uint256 price, ) = engine.auctionPrice(id);
        assertEq(price, 2400e18);

        skip(5 minutes);
        (price, ) = engine.auctionPrice(id);
        assertApproxEqRel(price, 1697.0562748477e18, 1e8); // 2400 / sqrt(2)
        openVault(bob, 100e18, 40_000e18);
        vm.prank(bob);
        (uint256 bought, uint256 paid) = engine.take(id, 100e18, type(uint256).max, bob, "");
        assertEq(paid, tab);
        assertEq(bought, (tab * 1e18) / price);
        assertEq(engine.auction(id).tab, 0);
        assertEq(vaultOf(id).collateral + bought, 10e18);
        assertEq(booksImbalance(), 0);
        assertGt(engine.surplusRad(), int256(1_900e18 * RAY));
    }
}
