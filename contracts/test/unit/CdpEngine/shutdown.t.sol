// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {DevPriceFeed} from "../../../src/devnet/DevPriceFeed.sol";
import {DevToken} from "../../../src/devnet/DevToken.sol";
import {CollateralType, TYPE_SHUTDOWN} from "../../../src/interfaces/CdpTypes.sol";
import {ICdpEngine} from "../../../src/interfaces/ICdpEngine.sol";
import {ICdpErrors} from "../../../src/interfaces/ICdpErrors.sol";
import {IPriceOracle} from "../../../src/interfaces/IPriceOracle.sol";
import {CdpUnitBaseTest} from "../../utils/CdpUnitBaseTest.sol";

contract ShutdownTest is CdpUnitBaseTest {
    function test_Shutdown_AtTheOraclePrice() public {
        setEthPrice(2_500);
        vm.expectEmit(address(engine));
        emit ICdpEngine.Shutdown(ETH, 2_500e18);
        engine.shutdown(ETH);
        CollateralType memory t = engine.collateralType(ETH);
        assertEq(t.shutdownPrice, 2_500e18);
        assertEq(t.flags & TYPE_SHUTDOWN, TYPE_SHUTDOWN);
        assertEq(t.feeExcess, 0, "the fee stops");
    }

    function test_Shutdown_FallsBackToTheListingPrice_WhenTheOracleReverts() public {
        ethFeed.setAnswer(-1);
        vm.expectEmit(address(engine));
        emit ICdpEngine.Shutdown(ETH, 3_000e18);
        engine.shutdown(ETH);
        assertEq(engine.collateralType(ETH).shutdownPrice, 3_000e18);
    }

    function test_Shutdown_FallsBackToThePriceLastSeenByAnAuction() public {
        startAuctionAsKeeper(openUnsafeVault()); // reads 2000
        skip(1 days + 1); // the feed goes stale
        engine.shutdown(ETH);
        assertEq(engine.collateralType(ETH).shutdownPrice, 2_000e18);
    }

    function test_Shutdown_RevertWhen_NoShutdownPrice() public {
        vm.mockCall(address(ethOracle), abi.encodeWithSelector(IPriceOracle.price.selector), abi.encode(uint256(0)));
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.NoShutdownPrice.selector, ETH));
        engine.shutdown(ETH);
    }

    function test_Shutdown_RevertWhen_AlreadyShutdown() public {
        engine.shutdown(ETH);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.TypeIsShutdown.selector, ETH));
        engine.shutdown(ETH);
    }

    function test_Shutdown_RevertWhen_NotOwner() public {
        vm.prank(guardian);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, guardian));
        engine.shutdown(ETH);
    }

    function test_Shutdown_RevertWhen_UnknownType() public {
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.UnknownCollateralType.selector, 1));
        engine.shutdown(1);
    }

    function test_Shutdown_BlocksNewDebtAndParameterChanges() public {
        uint256 id = openVault(alice, 10e18, 1_000e18);
        engine.shutdown(ETH);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.TypeIsShutdown.selector, ETH));
        engine.mint(id, 100e18, alice);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.TypeIsShutdown.selector, ETH));
        engine.setCollateralParams(ETH, ethParams);
    }

    function test_Shutdown_RepayWithdrawAndCloseKeepWorking() public {
        uint256 id = openVault(alice, 10e18, 1_000e18);
        engine.shutdown(ETH);
        vm.startPrank(alice);
        engine.repay(id, 500e18);
        engine.withdraw(id, 5e18, alice);
        (uint256 repaid, uint256 collateral) = engine.close(id, alice);
        vm.stopPrank();
        assertEq(repaid, 500e18);
        assertEq(collateral, 5e18);
        assertEq(weth.balanceOf(alice), 10e18);
        assertEq(booksImbalance(), 0);
    }

    function test_Shutdown_LeavesOtherTypesLive() public {
        DevToken wbtc = new DevToken("Wrapped Bitcoin", "WBTC", 8);
        DevPriceFeed btcFeed = new DevPriceFeed(8, "BTC / USD", 60_000e8);
        uint256 btc = engine.addCollateralType(address(wbtc), defaultParams(adapter(btcFeed, 8)));
        engine.shutdown(ETH);
        wbtc.mint(bob, 1e8);
        vm.startPrank(bob);
        wbtc.approve(address(engine), 1e8);
        uint256 id = engine.open(btc, bob, 1e8, 1_000e18, bob);
        vm.stopPrank();
        assertEq(debtOf(id), 1_000e18);
    }
}
