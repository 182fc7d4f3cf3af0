// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC3156FlashLender} from "@openzeppelin/contracts/interfaces/IERC3156FlashLender.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {IKeelErrors} from "./IKeelErrors.sol";

/// @title IKusd
/// @notice Keel's stablecoin: an ERC-20 with EIP-2612 permit and an ERC-3156 flash mint.
/// Only minters (the engine and the peg modules, set by governance) can mint or burn. Flash-mint
/// parameters out of range raise IKeelErrors' OutOfBounds("flashFee") or ZeroAddress (a fee with no
/// recipient).
interface IKusd is IKeelErrors, IERC20, IERC20Permit, IERC3156FlashLender {
    /// @notice Governance granted or withdrew an account's right to mint and burn kUSD.
    /// @param minter The account concerned.
    /// @param allowed True if it may now mint and burn, false if it no longer may.
    event SetMinter(address indexed minter, bool allowed);
    /// @notice Governance set the flash-mint parameters.
    /// @param feeBps The fee, in BPS of the amount flash-minted.
    /// @param cap The most kUSD that may be flash-minted and outstanding at once in one transaction, in wei.
    /// @param feeRecipient The account that receives the fees.
    event SetFlashParams(uint256 feeBps, uint256 cap, address feeRecipient);

    /// @notice Thrown when a non-minter mints or burns.
    error NotMinter(address caller);

    /// @notice The most a flash-mint fee may be: 1%.
    /// @return The bound, in BPS (100).
    function MAX_FLASH_FEE_BPS() external view returns (uint256);

    /// @notice Whether an account may mint and burn kUSD.
    /// @param account The account to check.
    /// @return True for a minter (the engine or a peg module, as governance set them).
    function isMinter(address account) external view returns (bool);
    /// @notice The flash-mint fee, charged on the amount and rounded up.
    /// @return The fee, in BPS of the amount flash-minted.
    function flashFeeBps() external view returns (uint256);
    /// @notice The most kUSD that may be flash-minted and outstanding at once in one transaction.
    /// @return The cap, in kUSD wei.
    function flashMintCap() external view returns (uint256);
    /// @notice Who receives flash-mint fees (the engine, which absorbs them into its surplus buffer).
    /// @return The fee recipient; may be zero only while the fee is zero.
    function flashFeeRecipient() external view returns (address);
    /// @notice kUSD flash-minted in this transaction and not yet returned: the part of the cap in use.
    /// @return The outstanding amount, in kUSD wei; zero outside a flash mint.
    function flashMinted() external view returns (uint256);

    /// @notice Creates `amount` kUSD for `to`. Minters only.
    /// @param to The recipient of the new kUSD.
    /// @param amount The amount to create, in kUSD wei.
    function mint(address to, uint256 amount) external;

    /// @notice Burns from `from` without an allowance. Minters only.
    /// @dev Warning: minters must only ever pass their own caller or themselves as `from`.
    /// @param from The account whose kUSD is destroyed; it must hold at least `amount`.
    /// @param amount The amount to destroy, in kUSD wei.
    function burn(address from, uint256 amount) external;

    /// @notice Grants or withdraws an account's right to mint and burn. Owner (governance) only.
    /// @param minter The account concerned.
    /// @param allowed True to grant the right, false to withdraw it.
    function setMinter(address minter, bool allowed) external;

    /// @notice Sets the flash-mint fee (BPS of the amount, at most MAX_FLASH_FEE_BPS), the cap on what
    /// may be flash-minted and outstanding at once in one transaction (nested flash mints share it), and
    /// who receives the fee (the engine, which absorbs it into the surplus buffer). Owner (governance) only.
    /// @param feeBps The fee, in BPS of the amount; above MAX_FLASH_FEE_BPS reverts with OutOfBounds("flashFee").
    /// @param cap The most kUSD flash-minted and outstanding at once in one transaction, in wei.
    /// @param feeRecipient The account that receives the fees; zero reverts with ZeroAddress unless the fee is zero.
    function setFlashParams(uint256 feeBps, uint256 cap, address feeRecipient) external;
}
