// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {OperatorApproval} from "../interfaces/CdpTypes.sol";
import {ICdpEngine} from "../interfaces/ICdpEngine.sol";
import {ISignedGrants} from "../interfaces/ISignedGrants.sol";
import {SignatureLib} from "../libraries/SignatureLib.sol";
import {CdpState} from "./CdpState.sol";

/// @title CdpAuthorization
/// @notice Vault operators, approved directly or by the owner's EIP-712 signature.
/// @dev Signatures follow SignatureLib, as the pool's do: the domain binds chain id and this
/// contract, a nonce per owner is consumed on use, a deadline bounds it in time, and a direct revoke
/// uses up the owner's nonce so that no approval it signed earlier can be submitted afterwards.
abstract contract CdpAuthorization is CdpState, EIP712 {
    using SignatureLib for mapping(address => uint256);

    bytes32 internal constant OPERATOR_APPROVAL_TYPEHASH = keccak256(
        "OperatorApproval(address owner,address operator,bool approved,uint256 nonce,uint256 deadline)"
    );

    /// @inheritdoc ICdpEngine
    mapping(address owner => mapping(address operator => bool)) public isOperator;
    /// @inheritdoc ISignedGrants
    mapping(address signer => uint256) public nonces;

    /// @inheritdoc ICdpEngine
    function setOperator(address operator, bool approved) external {
        isOperator[msg.sender][operator] = approved;
        emit SetOperator(msg.sender, operator, approved);
        if (!approved) nonces.revoke(msg.sender);
    }

    /// @inheritdoc ICdpEngine
    function setOperatorWithSig(OperatorApproval calldata approval, bytes calldata signature) external {
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
        nonces.consume(approval.owner, approval.nonce, approval.deadline, _hashTypedDataV4(structHash), signature);
        isOperator[approval.owner][approval.operator] = approval.approved;
        emit SetOperator(approval.owner, approval.operator, approval.approved);
    }

    /// @inheritdoc ISignedGrants
    function invalidateNonces(uint256 newNonce) external {
        nonces.invalidate(msg.sender, newNonce);
    }

    /// @inheritdoc ISignedGrants
    // solhint-disable-next-line func-name-mixedcase
    function DOMAIN_SEPARATOR() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    function _requireOwnerOrOperator(address owner) internal view override {
        require(msg.sender == owner || isOperator[owner][msg.sender], NotVaultOwner(msg.sender, owner));
    }
}
