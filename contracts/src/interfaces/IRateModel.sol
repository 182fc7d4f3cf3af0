// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title IRateModel
/// @notice An interest-rate model: the per-second borrow rate of a reserve, in WAD.
/// @dev The pool calls `borrowRate` once per accrual, with the totals before the accrual.
/// A stateful model keys its state by (msg.sender, poolId, reserve), so no one can move
/// another caller's state.
interface IRateModel {
    /// @notice Returns the borrow rate per second (WAD) and updates the model's state, if any.
    /// @dev Called by the pool when it accrues a reserve, with its totals before the accrual; the rate
    /// applies to the whole period since the reserve's last accrual (a model whose rate drifts with
    /// time returns its average over that period). The caller (msg.sender) keys a stateful model's state.
    /// @param poolId The pool of the reserve.
    /// @param reserve The reserve's index in its pool.
    /// @param totalSupplyAssets The reserve's total supply, in token units.
    /// @param totalBorrowAssets The reserve's total debt, in token units.
    /// @return ratePerSecond The borrow rate per second, in WAD (1e18 = 100% per second).
    function borrowRate(
        uint256 poolId,
        uint256 reserve,
        uint256 totalSupplyAssets,
        uint256 totalBorrowAssets
    ) external returns (uint256 ratePerSecond);

    /// @notice Returns what `borrowRate` would return now, without updating anything.
    /// @dev The pool's views use it to simulate an accrual to now.
    /// @param caller The account whose state to read: the pool that would call `borrowRate`.
    /// @param poolId The pool of the reserve.
    /// @param reserve The reserve's index in its pool.
    /// @param totalSupplyAssets The reserve's total supply, in token units.
    /// @param totalBorrowAssets The reserve's total debt, in token units.
    /// @return ratePerSecond The borrow rate per second, in WAD.
    function borrowRateView(
        address caller,
        uint256 poolId,
        uint256 reserve,
        uint256 totalSupplyAssets,
        uint256 totalBorrowAssets
    ) external view returns (uint256 ratePerSecond);
}
