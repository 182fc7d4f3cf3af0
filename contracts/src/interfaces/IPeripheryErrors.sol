// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title IPeripheryErrors
/// @notice The errors the periphery's swap legs and flash-loan callbacks share (bundler, protection
/// policies), so that an integrator decodes each of them once.
interface IPeripheryErrors {
    /// @notice Thrown when a swap names an adapter governance has not allowed.
    error AdapterNotAllowed(address adapter);
    /// @notice Thrown when a swap leg delivered less than its minimum.
    error SwapOutputTooLow(uint256 amountOut, uint256 minAmountOut);
    /// @notice Thrown when a swap leg's value bought is below its value sold, at oracle prices, by more
    /// than allowed.
    error PriceDeviationTooHigh(uint256 deviationBps, uint256 maxDeviationBps);
    /// @notice Thrown when a swap needs an oracle for `token` and governance has set none.
    error NoPriceOracle(address token);
    /// @notice Thrown when a flash-loan callback does not come from a lender the contract called.
    error UntrustedLender(address caller);
    /// @notice Thrown when a flash loan was initiated by someone other than the contract itself.
    error UntrustedInitiator(address initiator);
    /// @notice Thrown when a callback does not match the flash loan the contract is executing.
    error UnexpectedCallback();
}
