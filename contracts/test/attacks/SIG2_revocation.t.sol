// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {OperatorApproval} from "../../src/interfaces/CdpTypes.sol";
import {ICdpErrors} from "../../src/interfaces/ICdpErrors.sol";
import {ISignedGrants} from "../../src/interfaces/ISignedGrants.sol";
import {Authorization, Delegation} from "../../src/interfaces/PoolTypes.sol";
import {BaseTest} from "../utils/BaseTest.sol";
import {CdpUnitBaseTest} from "../utils/CdpUnitBaseTest.sol";

/// @dev The first nonce of a signer's next revocation epoch (SignatureLib: 2^64 nonces per epoch).
uint256 constant NEXT_EPOCH = 1 << 64;

/// @notice SIG2: revocation that does not revoke. A user signs a grant (an operator, a credit
/// delegation) and hands it to someone; before it is submitted, the user changes their mind and
/// revokes on chain. The holder of the signature submits it anyway. A revoke must kill every
/// outstanding signature of that signer, in the kUSD engine and in the pool alike, including those
/// signed ahead of the current nonce; and a user can invalidate its nonces without revoking anything.
contract SIG2CdpRevocationAttack is CdpUnitBaseTest {
    bytes32 internal constant APPROVAL_TYPEHASH = keccak256(
        "OperatorApproval(address owner,address operator,bool approved,uint256 nonce,uint256 deadline)"
    );

    address internal victim;
    uint256 internal victimKey;
    address internal mallory = makeAddr("mallory");

    function setUp() public override {
        super.setUp();
        (victim, victimKey) = makeAddrAndKey("victim");
        vm.prank(victim);
        weth.approve(address(engine), type(uint256).max);
    }

    function signApproval(uint256 nonce) internal view returns (OperatorApproval memory a, bytes memory signature) {
        a = OperatorApproval(victim, mallory, true, nonce, vm.getBlockTimestamp() + 1 days);
        bytes32 structHash = keccak256(
            abi.encode(APPROVAL_TYPEHASH, a.owner, a.operator, a.approved, a.nonce, a.deadline)
        );
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(
            victimKey,
            keccak256(abi.encodePacked("\x19\x01", engine.DOMAIN_SEPARATOR(), structHash))
        );
        signature = abi.encodePacked(r, s, v);
    }

    /// @dev The measured case: the "revoked" operator submits the approval and mints to itself.
    function test_Attack_SignedApprovalDiesWithADirectRevoke() public {
        uint256 id = openVault(victim, 10e18, 0);
        (OperatorApproval memory a, bytes memory signature) = signApproval(0);
        vm.expectEmit(address(engine));
        emit ISignedGrants.UseNonce(victim, NEXT_EPOCH - 1);
        vm.prank(victim);
        engine.setOperator(mallory, false);

        vm.expectRevert(abi.encodeWithSelector(ISignedGrants.InvalidNonce.selector, NEXT_EPOCH, 0));
        engine.setOperatorWithSig(a, signature);
        vm.prank(mallory);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.NotVaultOwner.selector, mallory, victim));
        engine.mint(id, 9_980e18, mallory);
    }

    /// @dev Revoking after the operator was approved on chain also kills a second approval signed ahead.
    function test_Attack_RevokeKillsApprovalsSignedAhead() public {
        (OperatorApproval memory first, bytes memory firstSig) = signApproval(0);
        (OperatorApproval memory second, bytes memory secondSig) = signApproval(1);
        engine.setOperatorWithSig(first, firstSig);
        vm.prank(victim);
        engine.setOperator(mallory, false);
        vm.expectRevert(abi.encodeWithSelector(ISignedGrants.InvalidNonce.selector, NEXT_EPOCH, 1));
        engine.setOperatorWithSig(second, secondSig);
        assertFalse(engine.isOperator(victim, mallory));
    }

    /// @dev Three approvals signed ahead, none submitted: one revoke kills them all, not just the first.
    function test_Attack_RevokeKillsEveryApprovalSignedAhead() public {
        OperatorApproval[] memory approvals = new OperatorApproval[](3);
        bytes[] memory signatures = new bytes[](3);
        for (uint256 i; i < 3; ++i) {
            (approvals[i], signatures[i]) = signApproval(i);
        }
        vm.prank(victim);
        engine.setOperator(mallory, false);
        for (uint256 i; i < 3; ++i) {
            vm.expectRevert(abi.encodeWithSelector(ISignedGrants.InvalidNonce.selector, NEXT_EPOCH, i));
            engine.setOperatorWithSig(approvals[i], signatures[i]);
        }
        assertEq(engine.nonces(victim), NEXT_EPOCH);
    }

    /// @dev Without revoking anything, the victim kills what it signed by moving its nonce on.
    function test_InvalidateNonces_KillsSignaturesBelowTheNewNonce() public {
        (OperatorApproval memory a, bytes memory signature) = signApproval(0);
        (OperatorApproval memory ahead, bytes memory aheadSig) = signApproval(5);
        vm.expectEmit(address(engine));
        emit ISignedGrants.UseNonce(victim, 4);
        vm.prank(victim);
        engine.invalidateNonces(5);
        assertEq(engine.nonces(victim), 5);
        vm.expectRevert(abi.encodeWithSelector(ISignedGrants.InvalidNonce.selector, 5, 0));
        engine.setOperatorWithSig(a, signature);
        engine.setOperatorWithSig(ahead, aheadSig); // a nonce at or above the new one still works
        assertTrue(engine.isOperator(victim, mallory));
    }

    function test_InvalidateNonces_RevertWhen_NotForward() public {
        vm.prank(victim);
        engine.invalidateNonces(3);
        vm.prank(victim);
        vm.expectRevert(abi.encodeWithSelector(ISignedGrants.InvalidNonce.selector, 3, 3));
        engine.invalidateNonces(3);
    }

    /// @dev Approving directly leaves outstanding signatures alone: only a revoke moves the nonce.
    function test_SetOperator_ApprovalKeepsTheNonce() public {
        vm.prank(victim);
        engine.setOperator(mallory, true);
        assertEq(engine.nonces(victim), 0);
    }
}

contract SIG2PoolRevocationAttack is BaseTest {
    bytes32 internal constant AUTHORIZATION_TYPEHASH = keccak256(
        "Authorization(address authorizer,address operator,bool isAuthorized,uint256 nonce,uint256 deadline)"
    );
    bytes32 internal constant DELEGATION_TYPEHASH = keccak256(
        "Delegation(address owner,address delegate,uint256 poolId,uint256 reserve,uint256 amount,uint256 nonce,uint256 deadline)"
    );

    address internal victim;
    uint256 internal victimKey;
    address internal mallory = makeAddr("mallory");

    function setUp() public override {
        super.setUp();
        (victim, victimKey) = makeAddrAndKey("victim");
    }

    function digest(bytes32 structHash) internal view returns (bytes32) {
        return keccak256(abi.encodePacked("\x19\x01", pool.DOMAIN_SEPARATOR(), structHash));
    }

    function signed(bytes32 structHash) internal view returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(victimKey, digest(structHash));
        return abi.encodePacked(r, s, v);
    }

    /// @dev MM-04: a signed authorization survives `setAuthorization(operator, false)`.
    function test_Attack_SignedAuthorizationDiesWithADirectRevoke() public {
        Authorization memory a = Authorization(victim, mallory, true, 0, vm.getBlockTimestamp() + 1 days);
        bytes memory signature = signed(
            keccak256(abi.encode(AUTHORIZATION_TYPEHASH, a.authorizer, a.operator, a.isAuthorized, a.nonce, a.deadline))
        );
        vm.expectEmit(address(pool));
        emit ISignedGrants.UseNonce(victim, NEXT_EPOCH - 1);
        vm.prank(victim);
        pool.setAuthorization(mallory, false);
        vm.expectRevert(abi.encodeWithSelector(ISignedGrants.InvalidNonce.selector, NEXT_EPOCH, 0));
        pool.setAuthorizationWithSig(a, signature);
        assertFalse(pool.isAuthorized(victim, mallory));
    }

    /// @dev MM-04: a signed credit delegation survives `approveDelegation(..., 0)`.
    function test_Attack_SignedDelegationDiesWithADirectRevoke() public {
        Delegation memory d = Delegation(victim, mallory, POOL, USDC_R, 5_000e6, 0, vm.getBlockTimestamp() + 1 days);
        bytes memory signature = signed(
            keccak256(
                abi.encode(DELEGATION_TYPEHASH, d.owner, d.delegate, d.poolId, d.reserve, d.amount, d.nonce, d.deadline)
            )
        );
        vm.prank(victim);
        pool.approveDelegation(POOL, USDC_R, mallory, 0);
        vm.expectRevert(abi.encodeWithSelector(ISignedGrants.InvalidNonce.selector, NEXT_EPOCH, 0));
        pool.approveDelegationWithSig(d, signature);
        assertEq(pool.borrowAllowance(POOL, victim, USDC_R, mallory), 0);
    }

    /// @dev Lowering a delegation is a revoke of the difference: a larger one signed earlier dies too.
    function test_Attack_LoweringADelegationKillsALargerSignedOne() public {
        vm.prank(victim);
        pool.approveDelegation(POOL, USDC_R, mallory, 10_000e6);
        assertEq(pool.nonces(victim), 0, "raising a grant keeps the nonce");
        Delegation memory d = Delegation(victim, mallory, POOL, USDC_R, 10_000e6, 0, vm.getBlockTimestamp() + 1 days);
        bytes memory signature = signed(
            keccak256(
                abi.encode(DELEGATION_TYPEHASH, d.owner, d.delegate, d.poolId, d.reserve, d.amount, d.nonce, d.deadline)
            )
        );
        vm.prank(victim);
        pool.approveDelegation(POOL, USDC_R, mallory, 1_000e6);
        vm.expectRevert(abi.encodeWithSelector(ISignedGrants.InvalidNonce.selector, NEXT_EPOCH, 0));
        pool.approveDelegationWithSig(d, signature);
        assertEq(pool.borrowAllowance(POOL, victim, USDC_R, mallory), 1_000e6);
    }

    /// @dev The pool's nonces are invalidated the same way as the engine's, with the same event.
    function test_InvalidateNonces_KillsSignaturesBelowTheNewNonce() public {
        Authorization memory a = Authorization(victim, mallory, true, 1, vm.getBlockTimestamp() + 1 days);
        bytes memory signature = signed(
            keccak256(abi.encode(AUTHORIZATION_TYPEHASH, a.authorizer, a.operator, a.isAuthorized, a.nonce, a.deadline))
        );
        vm.expectEmit(address(pool));
        emit ISignedGrants.UseNonce(victim, 1);
        vm.prank(victim);
        pool.invalidateNonces(2);
        vm.expectRevert(abi.encodeWithSelector(ISignedGrants.InvalidNonce.selector, 2, 1));
        pool.setAuthorizationWithSig(a, signature);
        vm.prank(victim);
        vm.expectRevert(abi.encodeWithSelector(ISignedGrants.InvalidNonce.selector, 2, 1));
        pool.invalidateNonces(1);
    }
}
