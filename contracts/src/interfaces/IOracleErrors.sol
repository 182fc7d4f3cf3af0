// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title IOracleErrors
/// @notice Errors raised by Keel's price adapters. A reverting price blocks borrowing and
/// withdrawing collateral; repay and adding collateral never read a price.
interface IOracleErrors {
    /// @notice Thrown when a feed answers zero or a negative number.
    error NonPositivePrice(int256 answer);
    /// @notice Thrown when a feed's last update is older than the adapter's maximum age.
    error StalePrice(uint256 updatedAt, uint256 maxAge);
    /// @notice Thrown when a feed answers at or beyond the adapter's bounds (a circuit breaker may be holding it there).
    error PriceOutOfBounds(int256 answer, int256 minAnswer, int256 maxAnswer);
    /// @notice Thrown when the L2 sequencer is reported down.
    error SequencerDown();
    /// @notice Thrown when the L2 sequencer came back up less than the grace period ago.
    error SequencerGracePeriod(uint256 upSince, uint256 gracePeriod);
    /// @notice Thrown when two price sources differ by more than the tolerance.
    error PriceSourcesDisagree(uint256 primary, uint256 secondary);
    /// @notice Thrown when a computed price is zero or does not fit.
    error InvalidPrice();
    /// @notice Thrown when a constructor argument is out of range.
    error InvalidOracleParameter();
}
