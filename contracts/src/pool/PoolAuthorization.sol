// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {IKeelPool} from "../interfaces/IKeelPool.sol";
import {ISignedGrants} from "../interfaces/ISignedGrants.sol";
import {Authorization, Delegation} from "../interfaces/PoolTypes.sol";
import {SignatureLib} from "../libraries/SignatureLib.sol";

/// @title PoolAuthorization
/// @notice Operators and credit delegation, directly or by EIP-712 signature.
/// @dev Signatures follow SignatureLib, as the kUSD engine's do: the EIP-712 domain binds chain id
/// and this contract, a nonce per signer is consumed on use, a deadline bounds it in time, and a
/// direct revoke (an authorization withdrawn, a delegation lowered) uses up the signer's nonce so that
/// no grant it signed earlier can be submitted afterwards.
abstract contract PoolAuthorization is IKeelPool, EIP712 {
    using SignatureLib for mapping(address => uint256);

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
    /// @inheritdoc ISignedGrants
    mapping(address signer => uint256) public nonces;

    /// @inheritdoc IKeelPool
    function setAuthorization(address operator, bool authorized) external {
        isAuthorized[msg.sender][operator] = authorized;
        emit SetAuthorization(msg.sender, msg.sender, operator, authorized);
        if (!authorized) nonces.revoke(msg.sender);
    }

    /// @inheritdoc IKeelPool
    function setAuthorizationWithSig(Authorization calldata a, bytes calldata signature) external {
        bytes32 structHash = keccak256(
            abi.encode(AUTHORIZATION_TYPEHASH, a.authorizer, a.operator, a.isAuthorized, a.nonce, a.deadline)
        );
        nonces.consume(a.authorizer, a.nonce, a.deadline, _hashTypedDataV4(structHash), signature);
        isAuthorized[a.authorizer][a.operator] = a.isAuthorized;
        emit SetAuthorization(msg.sender, a.authorizer, a.operator, a.isAuthorized);
    }

    /// @inheritdoc IKeelPool
    function approveDelegation(uint256 poolId, uint256 reserve, address delegate, uint256 amount) external {
        uint256 previous = _borrowAllowance[poolId][msg.sender][reserve][delegate];
        _borrowAllowance[poolId][msg.sender][reserve][delegate] = amount;
        emit ApproveDelegation(msg.sender, delegate, poolId, reserve, amount);
        if (amount < previous || amount == 0) nonces.revoke(msg.sender);
    }

    /// @inheritdoc IKeelPool
    function approveDelegationWithSig(Delegation calldata d, bytes calldata signature) external {
        bytes32 structHash = keccak256(
            abi.encode(DELEGATION_TYPEHASH, d.owner, d.delegate, d.poolId, d.reserve, d.amount, d.nonce, d.deadline)
        );
        nonces.consume(d.owner, d.nonce, d.deadline, _hashTypedDataV4(structHash), signature);
        _borrowAllowance[d.poolId][d.owner][d.reserve][d.delegate] = d.amount;
        emit ApproveDelegation(d.owner, d.delegate, d.poolId, d.reserve, d.amount);
    }

    /// @inheritdoc IKeelPool
    function borrowAllowance(
        uint256 poolId,
        address owner,
        uint256 reserve,
        address delegate
    ) external view returns (uint256) {
        return _borrowAllowance[poolId][owner][reserve][delegate];
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
        if (allowance != type(uint256).max)
            _borrowAllowance[poolId][onBehalf][reserve][msg.sender] = allowance - assets;
    }
}
