// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title ISignedGrants
/// @notice Grants (operators, credit delegation) that a user may give by an EIP-712 signature, and the
/// nonces that bound those signatures. The pool and the kUSD engine share this surface and its rules.
/// @dev Each signer has one nonce sequence. A signature is valid only for the signer's current nonce,
/// before its deadline, on this chain and this contract (the EIP-712 domain). Using a signature moves
/// the nonce on by one. A direct revoke (withdrawing or lowering a grant without a signature) moves it
/// to the start of the next epoch of 2^64 nonces, so every signature the signer gave out is dead, even
/// one signed ahead of the current nonce. `invalidateNonces` moves it to any higher value.
interface ISignedGrants {
    /// @notice Every nonce of `signer` up to and including `nonce` is used: signatures carrying one of
    /// them no longer work. The signer's next nonce is `nonce + 1`.
    /// @param signer The account whose nonce moved.
    /// @param nonce The highest nonce now used: the one a signature carried, or the one before the
    /// new start after a revoke or `invalidateNonces`.
    event UseNonce(address indexed signer, uint256 nonce);

    /// @notice Thrown when a signature's deadline has passed.
    error SignatureExpired(uint256 deadline);
    /// @notice Thrown when a signature's nonce is not the signer's current nonce, or when
    /// `invalidateNonces` would not move the signer's nonce forward.
    error InvalidNonce(uint256 expected, uint256 provided);
    /// @notice Thrown when a signature does not recover to (or validate for) the signer.
    error InvalidSignature();

    /// @notice Kills every signature the caller gave out with a nonce below `newNonce`: the caller's
    /// next nonce becomes `newNonce`.
    /// @dev Warning: a nonce moved far ahead cannot be moved back; signatures for it must be made anew.
    /// @param newNonce The caller's next nonce; must be above the current one.
    function invalidateNonces(uint256 newNonce) external;

    /// @notice The nonce the signer's next signature must carry.
    /// @param signer The account that signs grants.
    /// @return The signer's current nonce.
    function nonces(address signer) external view returns (uint256);

    // solhint-disable-next-line func-name-mixedcase
    /// @notice The EIP-712 domain separator: this contract's name, version, chain id and address.
    /// @return The separator every signed grant is hashed under.
    function DOMAIN_SEPARATOR() external view returns (bytes32);
}
