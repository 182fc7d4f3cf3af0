// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IBundler} from "../../../src/interfaces/IBundler.sol";
import {Authorization} from "../../../src/interfaces/PoolTypes.sol";
import {BundlerBaseTest} from "../../utils/BundlerBaseTest.sol";

/// @dev Step conventions: a grant that lasts one bundle (and survives a front-runner), "all" of a debt
/// already gone, and a kUSD repayment by the whole balance that respects the debt floor.
contract BundlerStepsTest is BundlerBaseTest {
    bytes32 internal constant AUTHORIZATION_TYPEHASH = keccak256(
        "Authorization(address authorizer,address operator,bool isAuthorized,uint256 nonce,uint256 deadline)"
    );

    uint256 internal bobKey = 0xB0B;
    address internal bob = vm.addr(bobKey);

    function signed(bool isAuthorized, uint256 nonce) internal view returns (bytes memory) {
        Authorization memory a = Authorization(bob, address(bundler), isAuthorized, nonce, block.timestamp + 1 hours);
        bytes32 structHash = keccak256(
            abi.encode(AUTHORIZATION_TYPEHASH, a.authorizer, a.operator, a.isAuthorized, a.nonce, a.deadline)
        );
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(
            bobKey,
            keccak256(abi.encodePacked("\x19\x01", pool.DOMAIN_SEPARATOR(), structHash))
        );
        return abi.encodeCall(IBundler.poolSetAuthorizationWithSig, (a, abi.encodePacked(r, s, v)));
    }

    /// @dev Bob never authorized the bundler: he signs a grant and its revoke, and borrows in one bundle.
    function oneTimeBorrow() internal view returns (bytes[] memory) {
        return
            steps3(
                signed(true, 0),
                abi.encodeCall(IBundler.poolBorrow, (P, R_USDC, 1_000e6, 0, bob, bob)),
                signed(false, 1)
            );
    }

    function permitStep(uint256 value, uint256 nonce) internal view returns (bytes memory) {
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"),
                bob,
                address(bundler),
                value,
                nonce,
                block.timestamp + 1 hours
            )
        );
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(
            bobKey,
            keccak256(abi.encodePacked("\x19\x01", usdc.DOMAIN_SEPARATOR(), structHash))
        );
        return abi.encodeCall(IBundler.permit, (address(usdc), value, block.timestamp + 1 hours, v, r, s));
    }

    /// @dev A migration permits a little more than its live balance needs, and revokes the rest with a second
    /// permit of zero in the same bundle: no allowance outlives it.
    function test_PermitOfZeroRevokesWhatIsLeft() public {
        usdc.mint(bob, 1_000e6);
        bytes memory pullSome = abi.encodeCall(IBundler.pull, (address(usdc), 600e6));
        bytes memory giveBack = abi.encodeCall(IBundler.transfer, (address(usdc), bob, type(uint256).max));
        run(bob, steps4(permitStep(1_000e6, 0), pullSome, giveBack, permitStep(0, 1)));
        assertEq(usdc.allowance(bob, address(bundler)), 0, "the permit's rest was revoked");
        assertEq(usdc.balanceOf(bob), 1_000e6);
    }

    function test_SignedGrantLastsOneBundle() public {
        openLoan(bob, 10e18, 0);
        run(bob, oneTimeBorrow());
        assertEq(debtIn(bob, R_USDC), 1_000e6, "bob borrowed through the bundler");
        assertFalse(pool.isAuthorized(bob, address(bundler)), "the grant ended with the bundle");
    }

    /// @dev Mallory submits Bob's grant from the mempool first: Bob's bundle skips it, and still ends revoked.
    function test_FrontRunGrantIsSkipped() public {
        openLoan(bob, 10e18, 0);
        bytes[] memory steps = oneTimeBorrow();
        (, bytes memory args) = _split(steps[0]);
        (Authorization memory grant, bytes memory signature) = abi.decode(args, (Authorization, bytes));
        vm.prank(makeAddr("mallory"));
        pool.setAuthorizationWithSig(grant, signature);

        run(bob, steps);
        assertEq(debtIn(bob, R_USDC), 1_000e6, "the bundle went through");
        assertFalse(pool.isAuthorized(bob, address(bundler)), "and still ended revoked");
    }

    function test_RepayAllOfNoDebtDoesNothing() public {
        openLoan(alice, 10e18, 0);
        run(alice, steps1(abi.encodeCall(IBundler.poolRepay, (P, R_USDC, 0, type(uint256).max, alice))));
        assertEq(pool.position(P, alice, R_USDC).debtShares, 0);
    }

    /// @dev Debt 1,000 kUSD, floor 100, balance 950: the whole balance would leave 50, below the floor, so the
    /// step repays 900 and returns the other 50.
    function test_CdpRepayAllKeepsTheFloor() public {
        weth.mint(alice, 10e18);
        vm.startPrank(alice);
        weth.approve(address(engine), 10e18);
        uint256 vaultId = engine.open(ETH_TYPE, alice, 10e18, 1_000e18, alice);
        kusd.transfer(address(0xdead), 50e18);
        vm.stopPrank();

        run(
            alice,
            steps2(
                abi.encodeCall(IBundler.pull, (address(kusd), 950e18)),
                abi.encodeCall(IBundler.cdpRepay, (vaultId, type(uint256).max))
            )
        );
        assertApproxEqAbs(engine.debtOf(vaultId), 100e18, 1, "the debt stopped at the floor");
        assertApproxEqAbs(kusd.balanceOf(alice), 50e18, 1, "the rest came back");
        assertBundlerEmpty();
    }

    function _split(bytes memory call) private pure returns (bytes4 selector, bytes memory args) {
        selector = bytes4(call);
        args = new bytes(call.length - 4);
        for (uint256 i; i < args.length; ++i) args[i] = call[i + 4];
    }
}
