// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IKeelPoolErrors} from "../../../src/interfaces/IKeelPoolErrors.sol";
import {ISignedGrants} from "../../../src/interfaces/ISignedGrants.sol";
import {Authorization, Delegation} from "../../../src/interfaces/PoolTypes.sol";
import {KeelPool} from "../../../src/pool/KeelPool.sol";
import {BaseTest} from "../../utils/BaseTest.sol";

contract AuthorizationTest is BaseTest {
    uint256 internal ownerKey = 0xA11CE;
    address internal owner = vm.addr(ownerKey);
    address internal operator = makeAddr("operator");

    bytes32 internal constant AUTHORIZATION_TYPEHASH = keccak256(
        "Authorization(address authorizer,address operator,bool isAuthorized,uint256 nonce,uint256 deadline)"
    );
    bytes32 internal constant DELEGATION_TYPEHASH = keccak256(
        "Delegation(address owner,address delegate,uint256 poolId,uint256 reserve,uint256 amount,uint256 nonce,uint256 deadline)"
    );

    function sign(KeelPool target, Authorization memory a) internal view returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = signParts(target, a);
        return abi.encodePacked(r, s, v);
    }

    function signParts(KeelPool target, Authorization memory a) internal view returns (uint8, bytes32, bytes32) {
        bytes32 structHash = keccak256(
            abi.encode(AUTHORIZATION_TYPEHASH, a.authorizer, a.operator, a.isAuthorized, a.nonce, a.deadline)
        );
        return vm.sign(ownerKey, keccak256(abi.encodePacked("\x19\x01", target.DOMAIN_SEPARATOR(), structHash)));
    }

    function authorization(uint256 nonce) internal view returns (Authorization memory) {
        return Authorization(owner, operator, true, nonce, block.timestamp + 1 hours);
    }

    function test_SetAuthorization_Direct() public {
        vm.prank(owner);
        pool.setAuthorization(operator, true);
        assertTrue(pool.isAuthorized(owner, operator));
        vm.prank(owner);
        pool.setAuthorization(operator, false);
        assertFalse(pool.isAuthorized(owner, operator));
    }

    function test_SetAuthorizationWithSig_ConsumesNonce() public {
        Authorization memory a = authorization(0);
        pool.setAuthorizationWithSig(a, sign(pool, a));
        assertTrue(pool.isAuthorized(owner, operator));
        assertEq(pool.nonces(owner), 1);
    }

    function test_SetAuthorizationWithSig_RevertWhen_Replayed() public {
        Authorization memory a = authorization(0);
        bytes memory sig = sign(pool, a);
        pool.setAuthorizationWithSig(a, sig);
        vm.expectRevert(abi.encodeWithSelector(ISignedGrants.InvalidNonce.selector, 1, 0));
        pool.setAuthorizationWithSig(a, sig);
    }

    function test_SetAuthorizationWithSig_RevertWhen_Expired() public {
        Authorization memory a = authorization(0);
        bytes memory sig = sign(pool, a);
        vm.warp(a.deadline + 1);
        vm.expectRevert(abi.encodeWithSelector(ISignedGrants.SignatureExpired.selector, a.deadline));
        pool.setAuthorizationWithSig(a, sig);
    }

    function test_SetAuthorizationWithSig_RevertWhen_OtherContract() public {
        KeelPool other = new KeelPool(address(configurator));
        Authorization memory a = authorization(0);
        bytes memory sig = sign(other, a);
        vm.expectRevert(ISignedGrants.InvalidSignature.selector);
        pool.setAuthorizationWithSig(a, sig);
    }

    function test_SetAuthorizationWithSig_RevertWhen_OtherChain() public {
        Authorization memory a = authorization(0);
        bytes memory sig = sign(pool, a);
        vm.chainId(10);
        vm.expectRevert(ISignedGrants.InvalidSignature.selector);
        pool.setAuthorizationWithSig(a, sig);
    }

    function test_SetAuthorizationWithSig_RevertWhen_TamperedOrWrongSigner() public {
        Authorization memory a = authorization(0);
        bytes memory sig = sign(pool, a);
        a.operator = lender;
        vm.expectRevert(ISignedGrants.InvalidSignature.selector);
        pool.setAuthorizationWithSig(a, sig);
    }

    function test_SetAuthorizationWithSig_RevertWhen_Malleable() public {
        Authorization memory a = authorization(0);
        (uint8 v, bytes32 r, bytes32 s) = signParts(pool, a);
        // The twin signature (r, n − s, v ^ 1) recovers the same signer; ECDSA must refuse it.
        bytes32 highS = bytes32(0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141 - uint256(s));
        bytes memory twin = abi.encodePacked(r, highS, v == 27 ? uint8(28) : uint8(27));
        vm.expectRevert(ISignedGrants.InvalidSignature.selector);
        pool.setAuthorizationWithSig(a, twin);
    }

    function test_ApproveDelegationWithSig_LetsDelegateBorrow() public {
        supply(lender, USDC_R, 100_000e6);
        vm.prank(owner);
        weth.approve(address(pool), type(uint256).max);
        supplyCollateral(owner, WETH_R, 10e18);
        Delegation memory d = Delegation(owner, operator, POOL, USDC_R, 1000e6, 0, block.timestamp + 1 hours);
        bytes32 structHash = keccak256(
            abi.encode(DELEGATION_TYPEHASH, d.owner, d.delegate, d.poolId, d.reserve, d.amount, d.nonce, d.deadline)
        );
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(
            ownerKey,
            keccak256(abi.encodePacked("\x19\x01", pool.DOMAIN_SEPARATOR(), structHash))
        );
        pool.approveDelegationWithSig(d, abi.encodePacked(r, s, v));
        assertEq(pool.borrowAllowance(POOL, owner, USDC_R, operator), 1000e6);
        vm.prank(operator);
        pool.borrow(POOL, USDC_R, 1000e6, 0, owner, operator);
        assertEq(usdc.balanceOf(operator), 1000e6);
        assertEq(pool.borrowAllowance(POOL, owner, USDC_R, operator), 0);
        // Delegation does not let the delegate withdraw the owner's collateral.
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(IKeelPoolErrors.Unauthorized.selector, operator, owner));
        pool.withdrawCollateral(POOL, WETH_R, 1, owner, operator);
    }
}
