// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC3156FlashLender} from "@openzeppelin/contracts/interfaces/IERC3156FlashLender.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";

/// @title IKusd
/// @notice Keel's stablecoin: an ERC-20 with EIP-2612 permit and an ERC-3156 flash mint.
/// Only minters (the engine and the peg modules, set by governance) can mint or burn.
interface IKusd is IERC20, IERC20Permit, IERC3156FlashLender {
    event SetMinter(address indexed minter, bool allowed);
    event SetFlashParams(uint256 feeBps, uint256 cap, address feeRecipient);

    /// @notice Thrown when a non-minter mints or burns.
    error NotMinter(address caller);
    /// @notice Thrown when a flash-mint parameter is outside its bounds.
    error FlashParamsOutOfBounds();

    /// @notice The most a flash-mint fee may be: 1%.
    function MAX_FLASH_FEE_BPS() external view returns (uint256);

    function isMinter(address account) external view returns (bool);
    function flashFeeBps() external view returns (uint256);
    function flashMintCap() external view returns (uint256);
    function flashFeeRecipient() external view returns (address);
    /// @notice kUSD flash-minted in this transaction and not yet returned: the part of the cap in use.
    /// @return The outstanding amount, in kUSD wei; zero outside a flash mint.
    function flashMinted() external view returns (uint256);

    function mint(address to, uint256 amount) external;

    /// @notice Burns from `from` without an allowance.
    /// @dev Warning: minters must only ever pass their own caller or themselves as `from`.
    function burn(address from, uint256 amount) external;

    function setMinter(address minter, bool allowed) external;

    /// @notice Sets the flash-mint fee (BPS of the amount, at most MAX_FLASH_FEE_BPS), the cap on what
    /// may be flash-minted and outstanding at once in one transaction (nested flash mints share it), and
    /// who receives the fee (the engine, which absorbs it into the surplus buffer).
    function setFlashParams(uint256 feeBps, uint256 cap, address feeRecipient) external;
}
