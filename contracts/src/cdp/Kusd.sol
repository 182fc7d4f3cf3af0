// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20FlashMint} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20FlashMint.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {IERC3156FlashLender} from "@openzeppelin/contracts/interfaces/IERC3156FlashLender.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {IKusd} from "../interfaces/IKusd.sol";
import {BPS, MathLib} from "../libraries/MathLib.sol";

/// @title Kusd
/// @notice Keel's stablecoin. See IKusd.
/// @dev The owner (governance) chooses the minters and the flash-mint parameters; it cannot mint.
/// The flash mint is OpenZeppelin's: the receiver must approve this token for amount + fee, the
/// amount is burned back, and the fee is sent to `flashFeeRecipient`.
contract Kusd is IKusd, ERC20Permit, ERC20FlashMint, Ownable2Step {
    using MathLib for uint256;

    /// @inheritdoc IKusd
    uint256 public constant MAX_FLASH_FEE_BPS = 100;

    /// @inheritdoc IKusd
    mapping(address account => bool) public isMinter;
    /// @inheritdoc IKusd
    uint256 public flashFeeBps;
    /// @inheritdoc IKusd
    uint256 public flashMintCap;
    /// @inheritdoc IKusd
    address public flashFeeRecipient;

    constructor(address owner_, uint256 flashMintCap_) ERC20("Keel USD", "kUSD") ERC20Permit("Keel USD") Ownable(owner_) {
        flashMintCap = flashMintCap_;
    }

    modifier onlyMinter() {
        require(isMinter[msg.sender], NotMinter(msg.sender));
        _;
    }

    // ----- admin -----

    /// @inheritdoc IKusd
    function setMinter(address minter, bool allowed) external onlyOwner {
        isMinter[minter] = allowed;
        emit SetMinter(minter, allowed);
    }

    /// @inheritdoc IKusd
    function setFlashParams(uint256 feeBps, uint256 cap, address feeRecipient) external onlyOwner {
        require(feeBps <= MAX_FLASH_FEE_BPS, FlashParamsOutOfBounds());
        require(feeBps == 0 || feeRecipient != address(0), FlashParamsOutOfBounds());
        flashFeeBps = feeBps;
        flashMintCap = cap;
        flashFeeRecipient = feeRecipient;
        emit SetFlashParams(feeBps, cap, feeRecipient);
    }

    // ----- minters -----

    /// @inheritdoc IKusd
    function mint(address to, uint256 amount) external onlyMinter {
        _mint(to, amount);
    }

    /// @inheritdoc IKusd
    function burn(address from, uint256 amount) external onlyMinter {
        _burn(from, amount);
    }

    // ----- flash mint -----

    /// @notice The most one flash mint may create: the cap, and never beyond what the supply can hold.
    function maxFlashLoan(address token)
        public
        view
        override(ERC20FlashMint, IERC3156FlashLender)
        returns (uint256) {
        return MathLib.min(super.maxFlashLoan(token), flashMintCap);
    }

    /// @dev Rounds up, so a flash mint never pays less than the configured fee.
    function _flashFee(address, uint256 value) internal view override returns (uint256) {
        return value.mulDivUp(flashFeeBps, BPS);
    }

    function _flashFeeReceiver() internal view override returns (address) {
        return flashFeeRecipient;
    }

    // ----- views -----

    function nonces(address owner) public view override(ERC20Permit, IERC20Permit) returns (uint256) {
        return super.nonces(owner);
    }
}
