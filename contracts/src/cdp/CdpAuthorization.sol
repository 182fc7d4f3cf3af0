// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {OperatorApproval} from "../interfaces/CdpTypes.sol";
import {ICdpEngine} from "../interfaces/ICdpEngine.sol";
import {CdpState} from "./CdpState.sol";

/// @title CdpAuthorization
/// @notice Vault operators, approved directly or by the owner's EIP-712 signature.
/// @dev The domain binds every signature to this chain id and this contract; a nonce per owner,
/// consumed on use, and a deadline bind it in time. SignatureChecker accepts EOA signatures (via
/// ECDSA, which rejects malleable ones) and ERC-1271 contract wallets.
abstract contract CdpAuthorization is CdpState, EIP712, Nonces {
    bytes32 internal constant OPERATOR_APPROVAL_TYPEHASH =
        keccak256("OperatorApproval(address owner,address operator,bool approved,uint256 nonce,uint256 deadline)");

    /// @inheritdoc ICdpEngine
    mapping(address owner => mapping(address operator => bool)) public isOperator;

    /// @inheritdoc ICdpEngine
    function setOperator(address operator, bool approved) external {
        isOperator[msg.sender][operator] = approved;
        emit SetOperator(msg.sender, operator, approved);
    }

    /// @inheritdoc ICdpEngine
    function setOperatorWithSig(OperatorApproval calldata approval, bytes calldata signature) external {
        require(block.timestamp <= approval.deadline, SignatureExpired(approval.deadline));
        uint256 expected = nonces(approval.owner);
        require(approval.nonce == expected, InvalidNonce(expected, approval.nonce));
        bytes32 structHash = keccak256(
            abi.encode(
                OPERATOR_APPROVAL_TYPEHASH,
                approval.owner,
                approval.operator,
                approval.approved,
                approval.nonce,
                approval.deadline
            )
        );
        require(
            SignatureChecker.isValidSignatureNowCalldata(approval.owner, _hashTypedDataV4(structHash), signature),
            InvalidSignature()
        );
        _useNonce(approval.owner);
        isOperator[approval.owner][approval.operator] = approval.approved;
        emit SetOperator(approval.owner, approval.operator, approval.approved);
    }

    /// @inheritdoc ICdpEngine
    // solhint-disable-next-line func-name-mixedcase
    function DOMAIN_SEPARATOR() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    function _requireOwnerOrOperator(address owner) internal view override {
        require(msg.sender == owner || isOperator[owner][msg.sender], NotVaultOwner(msg.sender, owner));
    }
}
