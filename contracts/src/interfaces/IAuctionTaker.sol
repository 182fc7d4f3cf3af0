// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title IAuctionTaker
/// @notice The callback a `take` receiver implements when it wants to turn the collateral into
/// kUSD before paying (for example by selling it on a DEX).
interface IAuctionTaker {
    /// @notice Called by the engine after `collateral` reached the receiver and before `paid` kUSD
    /// is burned from `taker` (the caller of `take`).
    /// @dev Warning: anyone can call this function; a receiver must check that msg.sender is the
    /// engine and that `taker` is an address it trusts (usually itself). The engine calls it only when
    /// the `data` passed to `take` is not empty, and the whole take reverts if it reverts, or if
    /// `taker` does not hold `paid` kUSD when it returns.
    /// @param taker The caller of `take`, from whom `paid` kUSD is burned once this call returns.
    /// @param vaultId The vault whose auction was taken from (an auction's id is its vault's id).
    /// @param collateral The collateral this receiver was sent, in the collateral token's units.
    /// @param paid The price of that collateral, in kUSD wei, still to be burned from `taker`.
    /// @param data The non-empty bytes the taker passed to `take`, forwarded unchanged.
    function onAuctionTake(
        address taker,
        uint256 vaultId,
        uint256 collateral,
        uint256 paid,
        bytes calldata data
    ) external;
}
