// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IKeelErrors} from "./IKeelErrors.sol";

/// @title IKeelPoolErrors
/// @notice The custom errors the money-market core raises, beside the shared ones of IKeelErrors
/// (ZeroAddress, ZeroAmount, OutOfBounds, NotGuardian) and the signature errors of ISignedGrants.
interface IKeelPoolErrors is IKeelErrors {
    /// @notice Thrown when exactly one of `assets` and `shares` must be non-zero and that is not the case.
    error InconsistentInput();
    /// @notice Thrown when a pool id was never created.
    error UnknownPool(uint256 poolId);
    /// @notice Thrown when a reserve index is not listed in the pool.
    error UnknownReserve(uint256 poolId, uint256 reserve);
    /// @notice Thrown when a configuration entry point is called by anyone but the configurator.
    error NotConfigurator(address caller);
    /// @notice Thrown when the caller may not act for `onBehalf`.
    error Unauthorized(address caller, address onBehalf);
    /// @notice Thrown when a delegate borrows more than its remaining credit delegation.
    error InsufficientDelegation(uint256 allowance, uint256 requested);
    /// @notice Thrown when new supply or borrow hits a reserve its risk admin froze.
    error ReserveFrozen(uint256 poolId, uint256 reserve);
    /// @notice Thrown when new supply or borrow hits a reserve the guardian paused.
    error ReservePaused(uint256 poolId, uint256 reserve);
    /// @notice Thrown when collateral is supplied to a reserve not enabled as collateral.
    error NotCollateral(uint256 poolId, uint256 reserve);
    /// @notice Thrown when a reserve not enabled for borrowing is borrowed.
    error NotBorrowable(uint256 poolId, uint256 reserve);
    /// @notice Thrown when a supply or collateral deposit would take the reserve's supply plus collateral above its cap.
    error SupplyCapExceeded(uint256 cap, uint256 totalAfter);
    /// @notice Thrown when a borrow would take the reserve's total debt above its cap.
    error BorrowCapExceeded(uint256 cap, uint256 totalAfter);
    /// @notice Thrown when a withdraw or borrow asks for more than the reserve's idle liquidity.
    error InsufficientLiquidity(uint256 available, uint256 requested);
    /// @notice Thrown when an account withdraws more supply or collateral than it holds.
    error InsufficientBalance(uint256 balance, uint256 requested);
    /// @notice Thrown when a repay exceeds the account's debt.
    error RepayExceedsDebt(uint256 debt, uint256 requested);
    /// @notice Thrown when a borrow or collateral withdrawal would leave debt above borrowing power.
    /// @dev Both values are in WAD of the oracles' quote currency.
    error InsufficientCollateral(uint256 debtValue, uint256 borrowPower);
    /// @notice Thrown when a borrow or collateral withdrawal would need the borrowing power of a
    /// collateral whose price the oracle cannot vouch for now (stale, at a bound, or missing).
    error UnpricedCollateral(uint256 poolId, uint256 reserve);
    /// @notice Thrown when a liquidation targets an account whose health factor is at least 1.
    error HealthyPosition(uint256 healthFactor);
    /// @notice Thrown when a liquidation names a collateral or debt the account does not hold.
    error NothingToLiquidate();
    /// @notice Thrown when a liquidation smaller than `requiredAssets` would lower the account's health
    /// (below (1 + incentive) × threshold it must repay the reserve's whole debt or take the whole
    /// collateral), or would leave less than the minimum debt value behind.
    error LiquidationMustClose(uint256 requiredAssets);
    /// @notice Thrown when a flash loan names a token that no pool lists.
    error UnsupportedFlashToken(address token);
    /// @notice Thrown when a flash loan exceeds the contract's balance of the token.
    error FlashLoanTooLarge(uint256 available, uint256 requested);
    /// @notice Thrown when a flash-loan receiver does not return the ERC-3156 success value.
    error FlashLoanCallbackFailed();
    /// @notice Thrown when a pool already holds the maximum number of reserves.
    error TooManyReserves();
    /// @notice Thrown when a reserve's asset changes after listing.
    error AssetMismatch();
    /// @notice Thrown when a reserve frozen after a near-total write-off would be unfrozen.
    error CollapsedReserve(uint256 poolId, uint256 reserve);
}
