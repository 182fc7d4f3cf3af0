// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {IKeelPool} from "../interfaces/IKeelPool.sol";
import {Authorization, Delegation} from "../interfaces/PoolTypes.sol";

/// @title PoolAuthorization
/// @notice Operators and credit delegation, directly or by EIP-712 signature.
/// @dev The EIP-712 domain binds every signature to this chain id and this contract; a nonce per
/// signer, consumed on use, and a deadline bind it in time. SignatureChecker accepts EOA signatures
/// (via ECDSA, which rejects malleable ones) and ERC-1271 contract wallets.
abstract contract PoolAuthorization is IKeelPool, EIP712, Nonces {
    bytes32 internal constant AUTHORIZATION_TYPEHASH = keccak256(
        "Authorization(address authorizer,address operator,bool isAuthorized,uint256 nonce,uint256 deadline)"
    );
    bytes32 internal constant DELEGATION_TYPEHASH = keccak256(
        "Delegation(address owner,address delegate,uint256 poolId,uint256 reserve,uint256 amount,uint256 nonce,uint256 deadline)"
    );

    /// @inheritdoc IKeelPool
    mapping(address authorizer => mapping(address operator => bool)) public isAuthorized;
    mapping(uint256 poolId => mapping(address owner => mapping(uint256 reserve => mapping(address delegate => uint256))))
        internal _borrowAllowance;

    /// @inheritdoc IKeelPool
    function setAuthorization(address operator, bool authorized) external {
        isAuthorized[msg.sender][operator] = authorized;
        emit SetAuthorization(msg.sender, msg.sender, operator, authorized);
    }

    /// @inheritdoc IKeelPool
    function setAuthorizationWithSig(Authorization calldata a, bytes calldata signature) external {
        bytes32 structHash =
            keccak256(abi.encode(AUTHORIZATION_TYPEHASH, a.authorizer, a.operator, a.isAuthorized, a.nonce, a.deadline));
        _consumeSignature(a.authorizer, a.nonce, a.deadline, structHash, signature);
        isAuthorized[a.authorizer][a.operator] = a.isAuthorized;
        emit SetAuthorization(msg.sender, a.authorizer, a.operator, a.isAuthorized);
    }

    /// @inheritdoc IKeelPool
    function approveDelegation(uint256 poolId, uint256 reserve, address delegate, uint256 amount) external {
        _borrowAllowance[poolId][msg.sender][reserve][delegate] = amount;
        emit ApproveDelegation(msg.sender, delegate, poolId, reserve, amount);
    }

    /// @inheritdoc IKeelPool
    function approveDelegationWithSig(Delegation calldata d, bytes calldata signature) external {
        bytes32 structHash = keccak256(
            abi.encode(DELEGATION_TYPEHASH, d.owner, d.delegate, d.poolId, d.reserve, d.amount, d.nonce, d.deadline)
        );
        _consumeSignature(d.owner, d.nonce, d.deadline, structHash, signature);
        _borrowAllowance[d.poolId][d.owner][d.reserve][d.delegate] = d.amount;
        emit ApproveDelegation(d.owner, d.delegate, d.poolId, d.reserve, d.amount);
    }

    /// @inheritdoc IKeelPool
    function borrowAllowance(uint256 poolId, address owner, uint256 reserve, address delegate)
        external
        view
        returns (uint256)
    {
        return _borrowAllowance[poolId][owner][reserve][delegate];
    }

    /// @inheritdoc IKeelPool
    // solhint-disable-next-line func-name-mixedcase
    function DOMAIN_SEPARATOR() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    /// @dev Checks deadline, nonce and signature, then consumes the nonce.
    function _consumeSignature(
        address signer,
        uint256 nonce,
        uint256 deadline,
        bytes32 structHash,
        bytes calldata signature
    ) internal {
        require(block.timestamp <= deadline, SignatureExpired(deadline));
        uint256 expected = nonces(signer);
        require(nonce == expected, InvalidNonce(expected, nonce));
        require(
            SignatureChecker.isValidSignatureNowCalldata(signer, _hashTypedDataV4(structHash), signature),
            InvalidSignature()
        );
        _useNonce(signer);
        emit UseNonce(signer, nonce);
    }

    /// @dev The caller may act for `onBehalf`: it is `onBehalf` or one of its operators.
    function _isSenderAuthorized(address onBehalf) internal view returns (bool) {
        return msg.sender == onBehalf || isAuthorized[onBehalf][msg.sender];
    }

    /// @dev Lets the caller borrow `assets` for `onBehalf`: as itself or an operator, or by
    /// spending credit delegation (an allowance of type(uint256).max is never decreased).
    function _spendBorrowAuthorization(uint256 poolId, uint256 reserve, address onBehalf, uint256 assets) internal {
        if (_isSenderAuthorized(onBehalf)) return;
        uint256 allowance = _borrowAllowance[poolId][onBehalf][reserve][msg.sender];
        require(allowance != 0, Unauthorized(msg.sender, onBehalf));
        require(allowance >= assets, InsufficientDelegation(allowance, assets));
        if (allowance != type(uint256).max) _borrowAllowance[poolId][onBehalf][reserve][msg.sender] = allowance - assets;
    }
}
