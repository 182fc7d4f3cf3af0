// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IKeelErrors} from "./IKeelErrors.sol";

/// @title ICdpErrors
/// @notice Errors raised by the kUSD engine, beside the shared ones of IKeelErrors (ZeroAddress,
/// ZeroAmount, OutOfBounds, NotGuardian) and the signature errors of ISignedGrants.
interface ICdpErrors is IKeelErrors {
    /// @notice Thrown when a collateral type id has not been listed.
    error UnknownCollateralType(uint256 typeId);
    /// @notice Thrown when a vault id has not been opened.
    error UnknownVault(uint256 vaultId);
    /// @notice Thrown when the caller is neither the vault's owner nor one of the owner's operators.
    error NotVaultOwner(address caller, address owner);
    /// @notice Thrown when a withdrawal asks for more collateral than the vault holds.
    error WithdrawExceedsCollateral(uint256 available, uint256 requested);
    /// @notice Thrown when a repayment exceeds the vault's debt (pass type(uint256).max to repay it all).
    error RepayExceedsVaultDebt(uint256 debt, uint256 amount);
    /// @notice Thrown when an action that adds risk would leave the vault's collateral ratio (WAD) below the minimum (WAD).
    error RatioBelowMinimum(uint256 ratio, uint256 minRatio);
    /// @notice Thrown when an action would leave a debt that is neither zero nor at least the type's debt floor.
    error DebtBelowFloor(uint256 debt, uint256 floor);
    /// @notice Thrown when a mint would take the type's total debt above its ceiling.
    error DebtCeilingExceeded(uint256 debt, uint256 ceiling);
    /// @notice Thrown when a mint would take the total debt of all types above the global ceiling.
    error GlobalDebtCeilingExceeded(uint256 debt, uint256 ceiling);
    /// @notice Thrown when minting against a type whose new debt the guardian has paused.
    error MintPaused(uint256 typeId);
    /// @notice Thrown when minting against, or re-parameterizing, a type that has been shut down.
    error TypeIsShutdown(uint256 typeId);
    /// @notice Thrown when settling a vault of, or replacing the shutdown oracle of, a type that is still live.
    error TypeNotShutdown(uint256 typeId);
    /// @notice Thrown when an auction is asked for a vault whose collateral ratio (WAD) is at or above the minimum (WAD).
    error VaultIsSafe(uint256 ratio, uint256 minRatio);
    /// @notice Thrown when sending to auction, or settling, a vault that has no debt.
    error NoDebt(uint256 vaultId);
    /// @notice Thrown when a vault already has an auction running.
    error AuctionActive(uint256 vaultId);
    /// @notice Thrown when taking from, or resetting, an auction that is not running.
    error AuctionNotActive(uint256 vaultId);
    /// @notice Thrown when the type's collateral in auction is already at its limit (kUSD of tab).
    error AuctionLimitReached(uint256 inAuction, uint256 limit);
    /// @notice Thrown when taking from an auction whose price has decayed to its floor or whose time ran out: reset it first.
    error AuctionStale(uint256 vaultId);
    /// @notice Thrown when resetting an auction that is still running normally.
    error AuctionNotStale(uint256 vaultId);
    /// @notice Thrown when the auction's current price is above the taker's limit.
    error PriceAboveMax(uint256 price, uint256 maxPrice);
    /// @notice Thrown when a partial take would leave a tab that is positive but below the type's debt floor.
    error TakeLeavesDust(uint256 remainingTab, uint256 floor);
    /// @notice Thrown when governance withdraws more than the surplus buffer holds.
    error InsufficientSurplus(uint256 surplus, uint256 amount);
    /// @notice Thrown when no usable price exists for a shutdown.
    error NoShutdownPrice(uint256 typeId);
}
