// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title IAuctionTaker
/// @notice The callback a `take` receiver implements when it wants to turn the collateral into
/// kUSD before paying (for example by selling it on a DEX).
interface IAuctionTaker {
    /// @notice Called by the engine after `collateral` reached the receiver and before `paid` kUSD
    /// is burned from `taker` (the caller of `take`).
    /// @dev Warning: anyone can call this function; a receiver must check that msg.sender is the
    /// engine and that `taker` is an address it trusts (usually itself).
    function onAuctionTake(address taker, uint256 vaultId, uint256 collateral, uint256 paid, bytes calldata data)
        external;
}
