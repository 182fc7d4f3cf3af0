// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {IKeelConfigurator} from "../../src/interfaces/IKeelConfigurator.sol";
import {IKeelPoolErrors} from "../../src/interfaces/IKeelPoolErrors.sol";
import {ReserveConfig} from "../../src/interfaces/PoolTypes.sol";
import {BaseTest} from "../utils/BaseTest.sol";

/// @notice G1 (Sonne 2024, Radiant Oct 2024): listing steps that could run separately, and one key
/// that could take over. G2 (Aave 2023 freeze): a pause that traps users.
contract G1G2GovernanceAttack is BaseTest {
    TimelockController internal timelock;

    function setUp() public override {
        super.setUp();
        address[] memory team = new address[](1);
        team[0] = address(this);
        timelock = new TimelockController(2 days, team, team, address(0));
        configurator.transferOwnership(address(timelock));
        timelock.schedule(address(configurator), 0, abi.encodeCall(Ownable2StepLike.acceptOwnership, ()), 0, 0, 2 days);
        skipTime(2 days);
        timelock.execute(address(configurator), 0, abi.encodeCall(Ownable2StepLike.acceptOwnership, ()), 0, 0);
        openPosition(24_000e6);
    }

    function test_Attack_AdminPowersSitBehindTheTimelock() public {
        assertEq(configurator.owner(), address(timelock));
        // A compromised key cannot act directly…
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(this)));
        configurator.setGuardian(address(this));
        // …and a scheduled change waits out the delay, visible to everyone.
        bytes memory call = abi.encodeCall(configurator.setGuardian, (address(this)));
        timelock.schedule(address(configurator), 0, call, 0, bytes32(uint256(1)), 2 days);
        vm.expectRevert();
        timelock.execute(address(configurator), 0, call, 0, bytes32(uint256(1)));
        vm.warp(vm.getBlockTimestamp() + 2 days);
        timelock.execute(address(configurator), 0, call, 0, bytes32(uint256(1)));
        assertEq(configurator.guardian(), address(this));
    }

    function test_Attack_ReserveCannotExistUnseeded() public {
        // The core's listing entry point answers the configurator only, and the configurator seeds in the same call.
        ReserveConfig memory config = pool.reserveConfig(POOL, USDC_R);
        vm.expectRevert(abi.encodeWithSelector(IKeelPoolErrors.NotConfigurator.selector, address(this)));
        pool.setReserve(POOL, 2, config);
        vm.prank(riskAdmin);
        vm.expectRevert(abi.encodeWithSelector(IKeelConfigurator.SeedTooSmall.selector, 999, 1000));
        configurator.listReserve(POOL, usdcParams, 999);
        assertEq(pool.reserveCount(POOL), 2);
    }

    function test_Attack_GuardianCanPauseButNotMoveFunds() public {
        vm.startPrank(guardian);
        configurator.setPaused(POOL, USDC_R, true);
        vm.expectRevert(abi.encodeWithSelector(IKeelPoolErrors.Unauthorized.selector, guardian, lender));
        pool.withdraw(POOL, USDC_R, 1e6, 0, lender, guardian);
        vm.expectRevert(abi.encodeWithSelector(IKeelPoolErrors.Unauthorized.selector, guardian, borrower));
        pool.withdrawCollateral(POOL, WETH_R, 1, borrower, guardian);
        vm.expectRevert(abi.encodeWithSelector(IKeelConfigurator.NotRiskAdmin.selector, POOL, guardian));
        configurator.updateReserve(POOL, USDC_R, usdcParams);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, guardian));
        configurator.setTreasury(guardian);
        vm.stopPrank();
    }

    function test_Attack_PauseNeverTrapsUsers() public {
        vm.startPrank(guardian);
        configurator.setPaused(POOL, USDC_R, true);
        configurator.setPaused(POOL, WETH_R, true);
        vm.stopPrank();
        // Repay, add collateral, withdraw from a healthy position, and liquidation all still work.
        usdc.mint(borrower, 1000e6);
        vm.prank(borrower);
        pool.repay(POOL, USDC_R, 1000e6, 0, borrower);
        supplyCollateral(borrower, WETH_R, 1e18);
        vm.prank(borrower);
        pool.withdrawCollateral(POOL, WETH_R, 0.5e18, borrower, borrower);
        vm.prank(lender);
        pool.withdraw(POOL, USDC_R, 100_000e6, 0, lender, lender);
        setEthPrice(2500e8);
        usdc.mint(liquidator, 100_000e6);
        vm.prank(liquidator);
        (uint256 repaid, ) = pool.liquidate(POOL, borrower, WETH_R, USDC_R, type(uint256).max, liquidator);
        assertGt(repaid, 0);
    }

    /// @dev No contract is upgradeable: none of the deployed code can DELEGATECALL, CALLCODE or SELFDESTRUCT.
    function test_Attack_NoUpgradePath() public view {
        assertNoDangerousOpcodes(address(pool).code);
        assertNoDangerousOpcodes(address(configurator).code);
        assertNoDangerousOpcodes(address(irm).code);
        assertNoDangerousOpcodes(address(ethOracle).code);
    }

    /// @dev Every deployed contract stays under the EIP-170 limit.
    function test_ContractSizesUnderEip170() public view {
        assertLt(address(pool).code.length, 24_576, "KeelPool");
        assertLt(address(configurator).code.length, 24_576, "KeelConfigurator");
        assertLt(address(irm).code.length, 24_576, "KinkedRateModel");
        assertLt(address(ethOracle).code.length, 24_576, "ChainlinkAdapter");
    }

    function assertNoDangerousOpcodes(bytes memory code) internal pure {
        // The compiler's metadata trails the code; its length is in the last two bytes.
        uint256 metadata = ((uint256(uint8(code[code.length - 2])) << 8) | uint8(code[code.length - 1])) + 2;
        for (uint256 i; i < code.length - metadata; ++i) {
            uint8 op = uint8(code[i]);
            if (op >= 0x60 && op <= 0x7f)
                i += op - 0x5f; // skip PUSH data
            else assertTrue(op != 0xf4 && op != 0xf2 && op != 0xff, "dangerous opcode");
        }
    }
}

interface Ownable2StepLike {
    function acceptOwnership() external;
}
