// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IBundler} from "../../src/interfaces/IBundler.sol";
import {IMorphoBlue, MorphoAuthorization, MorphoSignature} from "../../src/interfaces/external/IMorphoBlue.sol";
import {BundlerBaseTest} from "../utils/BundlerBaseTest.sol";
import {HookToken, ITransferHook} from "../utils/HookToken.sol";

/// @notice P1 (Liquity v2 zappers, 2025): a periphery contract acted on positions its caller did not own.
/// Alice has authorized the bundler on the pool and the engine and approved it for every token; Mallory
/// tries every way to make the bundler act on Alice's account for her.
contract P1BundlerActsOnOthersAttack is BundlerBaseTest {
    address internal mallory = makeAddr("mallory");
    uint256 internal aliceVault;

    function setUp() public override {
        super.setUp();
        openLoan(alice, 10e18, 5_000e6);
        supplyTo(alice, R_USDC, 20_000e6);
        weth.mint(alice, 10e18);
        vm.startPrank(alice);
        weth.approve(address(engine), 10e18);
        aliceVault = engine.open(ETH_TYPE, alice, 10e18, 5_000e18, alice);
        vm.stopPrank();
        usdc.mint(alice, 50_000e6);
    }

    function unauthorized(address account) internal view returns (bytes memory) {
        return abi.encodeWithSelector(IBundler.UnauthorizedAccount.selector, account, mallory);
    }

    function test_Attack_BorrowAgainstVictimRefused() public {
        vm.expectRevert(unauthorized(alice));
        run(mallory, steps1(abi.encodeCall(IBundler.poolBorrow, (P, R_USDC, 1_000e6, 0, alice, address(bundler)))));
    }

    function test_Attack_WithdrawVictimCollateralRefused() public {
        vm.expectRevert(unauthorized(alice));
        run(
            mallory,
            steps1(abi.encodeCall(IBundler.poolWithdrawCollateral, (P, R_WETH, 1e18, alice, address(bundler))))
        );
    }

    function test_Attack_WithdrawVictimSupplyRefused() public {
        vm.expectRevert(unauthorized(alice));
        run(
            mallory,
            steps1(abi.encodeCall(IBundler.poolWithdraw, (P, R_USDC, 0, type(uint256).max, alice, address(bundler))))
        );
    }

    function test_Attack_VictimVaultRefused() public {
        vm.expectRevert(unauthorized(alice));
        run(mallory, steps1(abi.encodeCall(IBundler.cdpWithdraw, (aliceVault, 1e18, address(bundler)))));
        vm.expectRevert(unauthorized(alice));
        run(mallory, steps1(abi.encodeCall(IBundler.cdpMint, (aliceVault, 100e18, address(bundler)))));
        vm.expectRevert(unauthorized(alice));
        run(mallory, steps1(abi.encodeCall(IBundler.cdpClose, (aliceVault, address(bundler)))));
    }

    /// @dev Alice's standing approval of the bundler is spent only in Alice's own bundles: `pull` names no
    /// source, and Mallory's bundle pulls from Mallory.
    function test_Attack_VictimAllowanceNotSpendable() public {
        uint256 before = usdc.balanceOf(alice);
        vm.expectRevert();
        run(mallory, steps1(abi.encodeCall(IBundler.pull, (address(usdc), 50_000e6))));
        assertEq(usdc.balanceOf(alice), before, "alice's wallet is untouched");
    }

    function test_Attack_StepCalledDirectlyRefused() public {
        vm.prank(mallory);
        vm.expectRevert(IBundler.NotDispatched.selector);
        bundler.poolWithdrawCollateral(P, R_WETH, 1e18, alice, mallory);
        vm.prank(alice);
        vm.expectRevert(IBundler.NotDispatched.selector);
        bundler.pull(address(usdc), 1e6);
    }

    /// @dev Mid-bundle, a token hook Mallory controls tries to re-enter a step (to withdraw Alice's
    /// collateral) and to start a bundle of its own. Both are refused, and Alice's bundle is unharmed.
    function test_Attack_ReentryFromTokenHookRefused() public {
        HookToken hook = new HookToken();
        ReentryHook attacker = new ReentryHook(bundler, alice);
        hook.mint(alice, 1e18);
        vm.prank(alice);
        hook.approve(address(bundler), 1e18);
        vm.prank(address(attacker));
        hook.setHook(address(attacker));

        run(
            alice,
            steps2(
                abi.encodeCall(IBundler.pull, (address(hook), 1e18)),
                abi.encodeCall(IBundler.transfer, (address(hook), address(attacker), 1e18))
            )
        );

        assertEq(attacker.stepError(), IBundler.NotDispatched.selector, "re-entered step refused");
        assertEq(attacker.bundleError(), IBundler.BundleInProgress.selector, "nested bundle refused");
        assertEq(collateralIn(alice, R_WETH), 10e18, "alice's collateral stayed");
        assertBundlerEmpty();
    }

    /// @dev A front end that slips its own address in as the receiver of Alice's own borrow is refused.
    function test_Attack_ForeignReceiverRefused() public {
        vm.expectRevert(abi.encodeWithSelector(IBundler.UnsafeReceiver.selector, mallory));
        run(alice, steps1(abi.encodeCall(IBundler.poolBorrow, (P, R_USDC, 1_000e6, 0, alice, mallory))));
        vm.expectRevert(abi.encodeWithSelector(IBundler.UnsafeReceiver.selector, mallory));
        run(alice, steps1(abi.encodeCall(IBundler.cdpMint, (aliceVault, 100e18, mallory))));
    }

    /// @dev The one way to act for another account: it authorized the initiator on the pool itself.
    function test_AuthorizedAccountMayBeActedOn() public {
        address bob = makeAddr("bob");
        openLoan(bob, 10e18, 0);
        vm.startPrank(bob);
        pool.setAuthorization(address(bundler), true);
        pool.setAuthorization(alice, true);
        vm.stopPrank();

        uint256 before = usdc.balanceOf(alice);
        run(alice, steps1(abi.encodeCall(IBundler.poolBorrow, (P, R_USDC, 1_000e6, 0, bob, alice))));

        assertEq(debtIn(bob, R_USDC), 1_000e6, "bob owes what his operator borrowed");
        assertEq(usdc.balanceOf(alice), before + 1_000e6, "alice received it");
    }

    /// @dev Mallory found Alice's signed Morpho authorization of the bundler (made for Alice's own migration)
    /// and submits it in her own bundle, to then withdraw Alice's Morpho collateral: refused before Morpho is
    /// called, since the authorizer must be the initiator. (The migration steps take no account at all: they
    /// act on the initiator's position.)
    function test_Attack_VictimMorphoAuthorizationRefused() public {
        MorphoAuthorization memory grant = MorphoAuthorization(alice, address(bundler), true, 0, block.timestamp);
        MorphoSignature memory signature = MorphoSignature(27, bytes32(uint256(1)), bytes32(uint256(2)));
        IMorphoBlue morpho = IMorphoBlue(makeAddr("morpho"));
        vm.expectRevert(unauthorized(alice));
        run(mallory, steps1(abi.encodeCall(IBundler.morphoSetAuthorizationWithSig, (morpho, grant, signature))));
    }

    /// @dev Nor may Mallory's bundle submit an authorization of another operator in Alice's name.
    function test_Attack_MorphoAuthorizationOfAnotherOperatorRefused() public {
        MorphoAuthorization memory grant = MorphoAuthorization(mallory, mallory, true, 0, block.timestamp);
        MorphoSignature memory signature = MorphoSignature(27, bytes32(uint256(1)), bytes32(uint256(2)));
        IMorphoBlue morpho = IMorphoBlue(makeAddr("morpho"));
        vm.expectRevert(abi.encodeWithSelector(IBundler.UnauthorizedAccount.selector, mallory, mallory));
        run(mallory, steps1(abi.encodeCall(IBundler.morphoSetAuthorizationWithSig, (morpho, grant, signature))));
    }
}

/// @dev Records the errors its re-entry attempts met, so that the victim's bundle itself goes through.
contract ReentryHook is ITransferHook {
    IBundler internal immutable bundler;
    address internal immutable victim;
    bytes4 public stepError;
    bytes4 public bundleError;

    constructor(IBundler bundler_, address victim_) {
        bundler = bundler_;
        victim = victim_;
    }

    function onTokenTransfer(address, address, uint256) external {
        try bundler.poolWithdrawCollateral(1, 0, 10e18, victim, address(this)) {} catch (bytes memory reason) {
            stepError = bytes4(reason);
        }
        bytes[] memory steps = new bytes[](1);
        steps[0] = abi.encodeCall(IBundler.poolWithdrawCollateral, (1, 0, 10e18, victim, address(bundler)));
        try bundler.multicall(steps) {} catch (bytes memory reason) {
            bundleError = bytes4(reason);
        }
    }
}
