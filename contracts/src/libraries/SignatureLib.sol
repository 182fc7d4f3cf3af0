// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {ISignedGrants} from "../interfaces/ISignedGrants.sol";

/// @title SignatureLib
/// @notice The one set of rules for signed grants, used by the pool and the kUSD engine: a deadline,
/// one nonce sequence per signer consumed on use, and revocation that kills signatures given out.
/// @dev The caller hashes the message under its own EIP-712 domain (chain id and verifying contract).
/// SignatureChecker verifies EOA signatures through OpenZeppelin's ECDSA, which refuses malleable
/// signatures, and contract wallets through ERC-1271. Every nonce move emits `UseNonce`.
library SignatureLib {
    /// @dev The width of the sequence within one revocation epoch (see `revoke`).
    uint256 internal constant EPOCH_BITS = 64;

    /// @notice Checks deadline, nonce and signature of a grant signed by `signer`, then uses the nonce.
    function consume(
        mapping(address => uint256) storage nonces,
        address signer,
        uint256 nonce,
        uint256 deadline,
        bytes32 digest,
        bytes calldata signature
    ) internal {
        require(block.timestamp <= deadline, ISignedGrants.SignatureExpired(deadline));
        uint256 expected = nonces[signer];
        require(nonce == expected, ISignedGrants.InvalidNonce(expected, nonce));
        require(
            SignatureChecker.isValidSignatureNowCalldata(signer, digest, signature),
            ISignedGrants.InvalidSignature()
        );
        nonces[signer] = expected + 1;
        emit ISignedGrants.UseNonce(signer, expected);
    }

    /// @notice Called when `signer` revokes or lowers a grant directly: moves it to the first nonce of
    /// its next epoch, so that every signature it gave out dies, including any signed ahead of its
    /// current nonce.
    /// @dev A nonce's high 192 bits count revocation epochs, its low 64 bits the signatures within one;
    /// nobody signs 2^64 messages ahead, and 2^192 revocations cannot happen.
    function revoke(mapping(address => uint256) storage nonces, address signer) internal {
        uint256 next = ((nonces[signer] >> EPOCH_BITS) + 1) << EPOCH_BITS;
        nonces[signer] = next;
        emit ISignedGrants.UseNonce(signer, next - 1);
    }

    /// @notice Moves `signer`'s next nonce to `newNonce`, which must be ahead of the current one.
    function invalidate(mapping(address => uint256) storage nonces, address signer, uint256 newNonce) internal {
        uint256 current = nonces[signer];
        require(newNonce > current, ISignedGrants.InvalidNonce(current, newNonce));
        nonces[signer] = newNonce;
        emit ISignedGrants.UseNonce(signer, newNonce - 1);
    }
}
