// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {CdpEngine} from "../../../src/cdp/CdpEngine.sol";
import {OperatorApproval} from "../../../src/interfaces/CdpTypes.sol";
import {ICdpEngine} from "../../../src/interfaces/ICdpEngine.sol";
import {ICdpErrors} from "../../../src/interfaces/ICdpErrors.sol";
import {ISignedGrants} from "../../../src/interfaces/ISignedGrants.sol";
import {CdpUnitBaseTest} from "../../utils/CdpUnitBaseTest.sol";

/// @dev A contract wallet that accepts one digest, whatever the signature bytes.
contract ApprovingWallet is IERC1271 {
    bytes32 public approvedDigest;

    function approve(bytes32 digest) external {
        approvedDigest = digest;
    }

    function isValidSignature(bytes32 digest, bytes memory) external view returns (bytes4) {
        return digest == approvedDigest ? IERC1271.isValidSignature.selector : bytes4(0xffffffff);
    }
}

contract OperatorsTest is CdpUnitBaseTest {
    bytes32 internal constant DOMAIN_TYPEHASH = keccak256(
        "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
    );
    bytes32 internal constant APPROVAL_TYPEHASH = keccak256(
        "OperatorApproval(address owner,address operator,bool approved,uint256 nonce,uint256 deadline)"
    );

    address internal signer;
    uint256 internal signerKey;

    function setUp() public override {
        super.setUp();
        (signer, signerKey) = makeAddrAndKey("signer");
    }

    // ----- helpers -----

    function domainSeparator(uint256 chainId, address verifyingContract) internal pure returns (bytes32) {
        return
            keccak256(abi.encode(DOMAIN_TYPEHASH, keccak256("Keel CDP"), keccak256("1"), chainId, verifyingContract));
    }

    function digestOf(OperatorApproval memory a, bytes32 domain) internal pure returns (bytes32) {
        bytes32 structHash = keccak256(
            abi.encode(APPROVAL_TYPEHASH, a.owner, a.operator, a.approved, a.nonce, a.deadline)
        );
        return keccak256(abi.encodePacked("\x19\x01", domain, structHash));
    }

    function sign(uint256 key, OperatorApproval memory a, bytes32 domain) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digestOf(a, domain));
        return abi.encodePacked(r, s, v);
    }

    function approval(bool approved, uint256 nonce) internal view returns (OperatorApproval memory) {
        return
            OperatorApproval({
                owner: signer,
                operator: bob,
                approved: approved,
                nonce: nonce,
                deadline: vm.getBlockTimestamp() + 1 hours
            });
    }

    function engineDomain() internal view returns (bytes32) {
        return domainSeparator(block.chainid, address(engine));
    }

    // ----- setOperator -----

    function test_DomainSeparator_BindsChainAndContract() public view {
        assertEq(engine.DOMAIN_SEPARATOR(), engineDomain());
    }

    function test_SetOperator_ApprovesAndRevokes() public {
        vm.expectEmit(address(engine));
        emit ICdpEngine.SetOperator(alice, bob, true);
        vm.prank(alice);
        engine.setOperator(bob, true);
        assertTrue(engine.isOperator(alice, bob));

        vm.expectEmit(address(engine));
        emit ICdpEngine.SetOperator(alice, bob, false);
        vm.prank(alice);
        engine.setOperator(bob, false);
        assertFalse(engine.isOperator(alice, bob));
    }

    function test_SetOperator_ActsOnEveryVaultOfThatOwnerOnly() public {
        uint256 first = openVault(alice, 10e18, 0);
        uint256 second = openVault(alice, 10e18, 0);
        uint256 keepers = openVault(keeper, 10e18, 0);
        vm.prank(alice);
        engine.setOperator(bob, true);
        vm.startPrank(bob);
        engine.mint(first, 1_000e18, bob);
        engine.withdraw(second, 1e18, bob);
        engine.close(second, bob);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.NotVaultOwner.selector, bob, keeper));
        engine.withdraw(keepers, 1e18, bob);
        vm.stopPrank();
        assertEq(weth.balanceOf(bob), 10e18);
        assertEq(kusd.balanceOf(bob), 1_000e18);
    }

    // ----- setOperatorWithSig -----

    function test_SetOperatorWithSig_GoodSignature_SubmittedByAnyone() public {
        OperatorApproval memory a = approval(true, 0);
        bytes memory signature = sign(signerKey, a, engineDomain());
        vm.expectEmit(address(engine));
        emit ICdpEngine.SetOperator(signer, bob, true);
        vm.prank(carol);
        engine.setOperatorWithSig(a, signature);
        assertTrue(engine.isOperator(signer, bob));
        assertEq(engine.nonces(signer), 1);
    }

    function test_SetOperatorWithSig_RevokesWithNextNonce() public {
        OperatorApproval memory a = approval(true, 0);
        engine.setOperatorWithSig(a, sign(signerKey, a, engineDomain()));
        a = approval(false, 1);
        engine.setOperatorWithSig(a, sign(signerKey, a, engineDomain()));
        assertFalse(engine.isOperator(signer, bob));
        assertEq(engine.nonces(signer), 2);
    }

    function test_SetOperatorWithSig_AtDeadline() public {
        OperatorApproval memory a = approval(true, 0);
        a.deadline = vm.getBlockTimestamp();
        engine.setOperatorWithSig(a, sign(signerKey, a, engineDomain()));
        assertTrue(engine.isOperator(signer, bob));
    }

    function test_SetOperatorWithSig_ContractWallet() public {
        ApprovingWallet wallet = new ApprovingWallet();
        OperatorApproval memory a = approval(true, 0);
        a.owner = address(wallet);
        wallet.approve(digestOf(a, engineDomain()));
        engine.setOperatorWithSig(a, hex"01");
        assertTrue(engine.isOperator(address(wallet), bob));

        a = approval(true, 1);
        a.owner = address(wallet); // the wallet approved nonce 0's digest only
        vm.expectRevert(ISignedGrants.InvalidSignature.selector);
        engine.setOperatorWithSig(a, hex"01");
    }

    function test_SetOperatorWithSig_RevertWhen_Expired() public {
        OperatorApproval memory a = approval(true, 0);
        bytes memory signature = sign(signerKey, a, engineDomain());
        skip(1 hours + 1);
        vm.expectRevert(abi.encodeWithSelector(ISignedGrants.SignatureExpired.selector, a.deadline));
        engine.setOperatorWithSig(a, signature);
    }

    function test_SetOperatorWithSig_RevertWhen_WrongNonce() public {
        OperatorApproval memory a = approval(true, 1);
        bytes memory signature = sign(signerKey, a, engineDomain());
        vm.expectRevert(abi.encodeWithSelector(ISignedGrants.InvalidNonce.selector, 0, 1));
        engine.setOperatorWithSig(a, signature);
    }

    function test_SetOperatorWithSig_RevertWhen_WrongSigner() public {
        (, uint256 otherKey) = makeAddrAndKey("other");
        OperatorApproval memory a = approval(true, 0);
        bytes memory signature = sign(otherKey, a, engineDomain());
        vm.expectRevert(ISignedGrants.InvalidSignature.selector);
        engine.setOperatorWithSig(a, signature);
    }

    function test_SetOperatorWithSig_RevertWhen_FieldChanged() public {
        OperatorApproval memory a = approval(true, 0);
        bytes memory signature = sign(signerKey, a, engineDomain());
        a.operator = carol;
        vm.expectRevert(ISignedGrants.InvalidSignature.selector);
        engine.setOperatorWithSig(a, signature);
    }

    function test_SetOperatorWithSig_RevertWhen_Replayed() public {
        OperatorApproval memory a = approval(true, 0);
        bytes memory signature = sign(signerKey, a, engineDomain());
        engine.setOperatorWithSig(a, signature);
        vm.prank(signer);
        engine.setOperator(bob, false);
        // The revoke moved the nonce to the next epoch (2^64): the used signature is dead twice over.
        vm.expectRevert(abi.encodeWithSelector(ISignedGrants.InvalidNonce.selector, 1 << 64, 0));
        engine.setOperatorWithSig(a, signature);
        assertFalse(engine.isOperator(signer, bob));
    }

    function test_SetOperatorWithSig_RevertWhen_SignedForOtherChain() public {
        OperatorApproval memory a = approval(true, 0);
        bytes memory signature = sign(signerKey, a, domainSeparator(block.chainid + 1, address(engine)));
        vm.expectRevert(ISignedGrants.InvalidSignature.selector);
        engine.setOperatorWithSig(a, signature);
    }

    function test_SetOperatorWithSig_RevertWhen_ChainForked() public {
        OperatorApproval memory a = approval(true, 0);
        bytes memory signature = sign(signerKey, a, engineDomain());
        vm.chainId(block.chainid + 1); // the engine rebuilds its domain for the new chain id
        vm.expectRevert(ISignedGrants.InvalidSignature.selector);
        engine.setOperatorWithSig(a, signature);
    }

    function test_SetOperatorWithSig_RevertWhen_SignedForOtherEngine() public {
        CdpEngine other = new CdpEngine(address(kusd), address(this), guardian);
        OperatorApproval memory a = approval(true, 0);
        bytes memory signature = sign(signerKey, a, domainSeparator(block.chainid, address(other)));
        other.setOperatorWithSig(a, signature); // valid where it was meant
        vm.expectRevert(ISignedGrants.InvalidSignature.selector);
        engine.setOperatorWithSig(a, signature);
    }

    function test_SetOperatorWithSig_RevertWhen_MalformedSignature() public {
        OperatorApproval memory a = approval(true, 0);
        (, bytes32 r, bytes32 s) = vm.sign(signerKey, digestOf(a, engineDomain()));
        vm.expectRevert(ISignedGrants.InvalidSignature.selector);
        engine.setOperatorWithSig(a, abi.encodePacked(r, s)); // no v
    }

    function test_SetOperatorWithSig_RevertWhen_OwnerIsZero() public {
        OperatorApproval memory a = approval(true, 0);
        a.owner = address(0);
        bytes memory signature = sign(signerKey, a, engineDomain());
        vm.expectRevert(ISignedGrants.InvalidSignature.selector);
        engine.setOperatorWithSig(a, signature);
    }
}
