// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IKeelConfigurator, ReserveParams, RiskBounds} from "../../../src/interfaces/IKeelConfigurator.sol";
import {IKeelPoolErrors} from "../../../src/interfaces/IKeelPoolErrors.sol";
import {EModeCategory, ReserveConfig} from "../../../src/interfaces/PoolTypes.sol";
import {KeelConfigurator} from "../../../src/pool/KeelConfigurator.sol";
import {KeelPool} from "../../../src/pool/KeelPool.sol";
import {BaseTest} from "../../utils/BaseTest.sol";
import {IKeelErrors} from "../../../src/interfaces/IKeelErrors.sol";

contract ConfiguratorTest is BaseTest {
    function newParams() internal view returns (ReserveParams[] memory reserves) {
        reserves = new ReserveParams[](2);
        reserves[0] = collateralParams(address(weth), address(ethOracle));
        reserves[1] = loanParams(address(usdc), address(usdcOracle));
    }

    function test_CreatePool_IsPermissionlessAndSeeded() public {
        address stranger = makeAddr("stranger");
        ReserveParams[] memory reserves = newParams();
        uint256[] memory seeds = new uint256[](2);
        seeds[0] = 1e15;
        seeds[1] = 1e6;
        weth.mint(stranger, 1e15);
        usdc.mint(stranger, 1e6);
        vm.startPrank(stranger);
        weth.approve(address(configurator), 1e15);
        usdc.approve(address(configurator), 1e6);
        uint256 id = configurator.createPool(stranger, reserves, seeds);
        vm.stopPrank();
        assertEq(id, 1);
        assertEq(pool.reserveCount(id), 2);
        assertEq(pool.position(id, address(0xdEaD), 0).supplyShares, 1e15 * 1e6, "seed held by a dead address");
        assertEq(configurator.riskAdmin(id), stranger);
    }

    function test_CreatePool_RevertWhen_SeedTooSmall() public {
        uint256[] memory seeds = new uint256[](2);
        vm.expectRevert(abi.encodeWithSelector(IKeelConfigurator.SeedTooSmall.selector, 0, 1000));
        configurator.createPool(riskAdmin, newParams(), seeds);
    }

    function test_CreatePool_RevertWhen_BoundsBroken() public {
        ReserveParams[] memory reserves = newParams();
        uint256[] memory seeds = new uint256[](2);
        seeds[0] = seeds[1] = 1000;
        reserves[0].liquidationThresholdBps = 9600;
        vm.expectRevert(abi.encodeWithSelector(IKeelErrors.OutOfBounds.selector, "threshold"));
        configurator.createPool(riskAdmin, reserves, seeds);
        reserves[0].liquidationThresholdBps = 8500;
        reserves[0].ltvBps = 9000;
        vm.expectRevert(abi.encodeWithSelector(IKeelErrors.OutOfBounds.selector, "ltv"));
        configurator.createPool(riskAdmin, reserves, seeds);
        reserves[0].ltvBps = 8000;
        reserves[0].maxLiquidationBonusBps = 1600;
        vm.expectRevert(abi.encodeWithSelector(IKeelErrors.OutOfBounds.selector, "bonus"));
        configurator.createPool(riskAdmin, reserves, seeds);
        reserves[0].liquidationThresholdBps = 9500;
        reserves[0].maxLiquidationBonusBps = 600; // 0.95 × 1.06 ≥ 1
        vm.expectRevert(abi.encodeWithSelector(IKeelErrors.OutOfBounds.selector, "threshold*bonus"));
        configurator.createPool(riskAdmin, reserves, seeds);
    }

    function test_CreatePool_RevertWhen_RateModelNotEnabled() public {
        ReserveParams[] memory reserves = newParams();
        reserves[1].irm = address(0x1234);
        uint256[] memory seeds = new uint256[](2);
        seeds[0] = seeds[1] = 1000;
        weth.mint(address(this), 1000);
        weth.approve(address(configurator), 1000);
        vm.expectRevert(abi.encodeWithSelector(IKeelConfigurator.RateModelNotEnabled.selector, address(0x1234)));
        configurator.createPool(riskAdmin, reserves, seeds);
    }

    function test_CreatePool_RevertWhen_OracleFails() public {
        setEthPrice(0);
        uint256[] memory seeds = new uint256[](2);
        seeds[0] = seeds[1] = 1000;
        vm.expectRevert();
        configurator.createPool(riskAdmin, newParams(), seeds);
    }

    function test_CreatePool_RevertWhen_Empty() public {
        vm.expectRevert(IKeelConfigurator.NoReserves.selector);
        configurator.createPool(riskAdmin, new ReserveParams[](0), new uint256[](0));
    }

    function test_ListReserve_RiskAdminOnly() public {
        ReserveParams memory p = loanParams(address(weth), address(ethOracle));
        vm.expectRevert(abi.encodeWithSelector(IKeelConfigurator.NotRiskAdmin.selector, POOL, address(this)));
        configurator.listReserve(POOL, p, 1000);
        weth.mint(riskAdmin, 1000);
        vm.startPrank(riskAdmin);
        weth.approve(address(configurator), 1000);
        uint256 index = configurator.listReserve(POOL, p, 1000);
        vm.stopPrank();
        assertEq(index, 2);
    }

    function test_SetRiskAdmin_RenounceMakesPoolImmutable() public {
        vm.prank(riskAdmin);
        configurator.setRiskAdmin(POOL, address(0));
        vm.prank(riskAdmin);
        vm.expectRevert(abi.encodeWithSelector(IKeelConfigurator.NotRiskAdmin.selector, POOL, riskAdmin));
        configurator.updateReserve(POOL, USDC_R, usdcParams);
        vm.expectRevert(abi.encodeWithSelector(IKeelConfigurator.NotRiskAdmin.selector, POOL, address(this)));
        configurator.setFrozen(POOL, USDC_R, true);
    }

    function test_UpdateReserve_KeepsAssetAndPause() public {
        vm.prank(guardian);
        configurator.setPaused(POOL, USDC_R, true);
        usdcParams.reserveFactorBps = 2000;
        updateReserve(USDC_R, usdcParams);
        ReserveConfig memory c = pool.reserveConfig(POOL, USDC_R);
        assertEq(c.reserveFactorBps, 2000);
        assertEq(c.flags & 8, 8, "still paused");
        usdcParams.asset = address(weth);
        vm.prank(riskAdmin);
        vm.expectRevert(IKeelPoolErrors.AssetMismatch.selector);
        configurator.updateReserve(POOL, USDC_R, usdcParams);
    }

    function test_SetPaused_RevertWhen_Stranger() public {
        address stranger = makeAddr("stranger");
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IKeelErrors.NotGuardian.selector, stranger));
        configurator.setPaused(POOL, USDC_R, true);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IKeelConfigurator.NotRiskAdmin.selector, POOL, stranger));
        configurator.setPaused(POOL, USDC_R, false);
    }

    function test_SetEMode_Bounds() public {
        vm.startPrank(riskAdmin);
        vm.expectRevert(abi.encodeWithSelector(IKeelErrors.OutOfBounds.selector, "category"));
        configurator.setEMode(POOL, 0, EModeCategory(9000, 9300, 200));
        vm.expectRevert(abi.encodeWithSelector(IKeelErrors.OutOfBounds.selector, "threshold"));
        configurator.setEMode(POOL, 1, EModeCategory(9000, 9900, 50));
        configurator.setEMode(POOL, 1, EModeCategory(9000, 9300, 200));
        vm.stopPrank();
        assertEq(pool.eMode(POOL, 1).ltvBps, 9000);
    }

    function test_Governance_OwnerOnly() public {
        address stranger = makeAddr("stranger");
        vm.startPrank(stranger);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        configurator.setGuardian(stranger);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        configurator.setRateModelEnabled(address(1), true);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        configurator.setTreasury(stranger);
        vm.stopPrank();
        vm.expectRevert(abi.encodeWithSelector(IKeelErrors.OutOfBounds.selector, "flashFee"));
        configurator.setFlashFee(101);
    }

    function test_Pool_ConfigEntryPointsRefuseEveryoneButConfigurator() public {
        vm.expectRevert(abi.encodeWithSelector(IKeelPoolErrors.NotConfigurator.selector, address(this)));
        pool.createPool();
        ReserveConfig memory c;
        vm.expectRevert(abi.encodeWithSelector(IKeelPoolErrors.NotConfigurator.selector, address(this)));
        pool.setReserve(POOL, 0, c);
        vm.expectRevert(abi.encodeWithSelector(IKeelPoolErrors.NotConfigurator.selector, address(this)));
        pool.setTreasury(address(this));
    }

    function test_BindPool_OnlyOnce() public {
        vm.expectRevert(IKeelConfigurator.PoolAlreadyBound.selector);
        configurator.bindPool(pool);
        KeelConfigurator fresh = new KeelConfigurator(address(this), guardian, defaultBounds());
        KeelPool wrong = new KeelPool(address(configurator));
        vm.expectRevert(IKeelConfigurator.PoolAlreadyBound.selector);
        fresh.bindPool(wrong);
    }

    function test_SetRiskBounds_Validated() public {
        RiskBounds memory b = defaultBounds();
        b.maxLiquidationThresholdBps = 10_000;
        vm.expectRevert(abi.encodeWithSelector(IKeelErrors.OutOfBounds.selector, "bounds"));
        configurator.setRiskBounds(b);
    }
}
