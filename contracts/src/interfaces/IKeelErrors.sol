// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title IKeelErrors
/// @notice The errors the money market, its configurator, the kUSD engine, kUSD and the peg stability
/// module share, so that an integrator decodes each of them once. The signature errors are
/// ISignedGrants'.
interface IKeelErrors {
    /// @notice Thrown when an address that must be set (an account, receiver, oracle or token) is zero.
    error ZeroAddress();
    /// @notice Thrown when an operation would move nothing: the amount is zero, or rounds to zero.
    error ZeroAmount();
    /// @notice Thrown when a parameter is outside its bounds; `parameter` names it (for example
    /// "stabilityFee", "ltv" or "feeIn").
    error OutOfBounds(string parameter);
    /// @notice Thrown when someone other than the guardian (or those who may also pause) pauses or freezes.
    error NotGuardian(address caller);
}
