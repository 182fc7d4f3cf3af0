// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title IRateModel
/// @notice An interest-rate model: the per-second borrow rate of a reserve, in WAD.
/// @dev The pool calls `borrowRate` once per accrual, with the totals before the accrual.
/// A stateful model keys its state by (msg.sender, poolId, reserve), so no one can move
/// another caller's state.
interface IRateModel {
    /// @notice Returns the borrow rate per second (WAD) and updates the model's state, if any.
    function borrowRate(uint256 poolId, uint256 reserve, uint256 totalSupplyAssets, uint256 totalBorrowAssets)
        external
        returns (uint256 ratePerSecond);

    /// @notice Returns what `borrowRate` would return now, without updating anything.
    function borrowRateView(
        address caller,
        uint256 poolId,
        uint256 reserve,
        uint256 totalSupplyAssets,
        uint256 totalBorrowAssets
    ) external view returns (uint256 ratePerSecond);
}
