// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IBundler} from "../../src/interfaces/IBundler.sol";
import {IPeripheryErrors} from "../../src/interfaces/IPeripheryErrors.sol";
import {BundlerBaseTest} from "../utils/BundlerBaseTest.sol";

/// @notice F1 (Prisma 2024) for the bundler: a forged or replayed flash-loan callback carrying steps that
/// would withdraw Alice's collateral (she authorized the bundler) is refused.
contract F1BundlerCallbackAttack is BundlerBaseTest {
    address internal mallory = makeAddr("mallory");

    function setUp() public override {
        super.setUp();
        openLoan(alice, 10e18, 5_000e6);
    }

    function forgedSteps() internal view returns (bytes memory) {
        return
            abi.encode(
                steps1(abi.encodeCall(IBundler.poolWithdrawCollateral, (P, R_WETH, 5e18, alice, address(bundler))))
            );
    }

    function test_Attack_DirectCallbackRefused() public {
        vm.prank(mallory);
        vm.expectRevert(abi.encodeWithSelector(IPeripheryErrors.UntrustedLender.selector, mallory));
        bundler.onFlashLoan(address(bundler), address(usdc), 1_000e6, 0, forgedSteps());
    }

    function test_Attack_PoolLoanInitiatedByOthersRefused() public {
        vm.prank(mallory);
        vm.expectRevert(abi.encodeWithSelector(IPeripheryErrors.UntrustedInitiator.selector, mallory));
        pool.flashLoan(bundler, address(usdc), 1_000e6, forgedSteps());
    }

    function test_Attack_FlashMintInitiatedByOthersRefused() public {
        vm.prank(mallory);
        vm.expectRevert(abi.encodeWithSelector(IPeripheryErrors.UntrustedInitiator.selector, mallory));
        kusd.flashLoan(bundler, address(kusd), 1_000e18, forgedSteps());
    }

    /// @dev With no loan of the bundler's own under way, even the real lender naming the bundler as the
    /// initiator is refused: the callback must match the exact loan the bundler started.
    function test_Attack_CallbackWithoutPendingLoanRefused() public {
        vm.prank(address(pool));
        vm.expectRevert(IPeripheryErrors.UnexpectedCallback.selector);
        bundler.onFlashLoan(address(bundler), address(usdc), 1_000e6, 0, forgedSteps());
    }

    /// @dev Alice's loan ran; the lender's exact callback replayed afterwards is refused.
    function test_Attack_ReplayedCallbackRefused() public {
        bytes[] memory inner = steps1(abi.encodeCall(IBundler.requireHealthFactor, (P, alice, 1e18)));
        uint256 fee = pool.flashFee(address(usdc), 1_000e6);
        run(
            alice,
            steps2(
                abi.encodeCall(IBundler.pull, (address(usdc), fee)),
                abi.encodeCall(IBundler.poolFlashLoan, (address(usdc), 1_000e6, inner))
            )
        );

        vm.prank(address(pool));
        vm.expectRevert(IPeripheryErrors.UnexpectedCallback.selector);
        bundler.onFlashLoan(address(bundler), address(usdc), 1_000e6, fee, abi.encode(inner));
    }
}
