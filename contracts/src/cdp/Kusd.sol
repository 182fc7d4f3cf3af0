// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20FlashMint} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20FlashMint.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {IERC3156FlashBorrower} from "@openzeppelin/contracts/interfaces/IERC3156FlashBorrower.sol";
import {IERC3156FlashLender} from "@openzeppelin/contracts/interfaces/IERC3156FlashLender.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {TransientSlot} from "@openzeppelin/contracts/utils/TransientSlot.sol";
import {IKusd} from "../interfaces/IKusd.sol";
import {MathLib} from "../libraries/MathLib.sol";
import {BPS} from "../libraries/Constants.sol";

/// @title Kusd
/// @notice Keel's stablecoin. See IKusd.
/// @dev The owner (governance) chooses the minters and the flash-mint parameters; it cannot mint.
/// The flash mint follows OpenZeppelin's ERC20FlashMint (its fee, receiver and errors): the receiver
/// must approve this token for amount + fee, the amount is burned back, and the fee is sent to
/// `flashFeeRecipient`. One change: the cap bounds what is flash-minted and not yet returned in the
/// whole transaction, counted in transient storage, so loans nested in each other's callbacks share it.
contract Kusd is IKusd, ERC20Permit, ERC20FlashMint, Ownable2Step {
    using MathLib for uint256;
    using TransientSlot for *;

    bytes32 internal constant FLASH_CALLBACK_SUCCESS = keccak256("ERC3156FlashBorrower.onFlashLoan");
    /// @dev keccak256(abi.encode(uint256(keccak256("keel.kusd.flashMinted")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 internal constant FLASH_MINTED_SLOT = 0xc13649dc9909661cd6a9feabc1dabc3c8b762b0b87d04619880b368f42115700;

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

    constructor(
        address owner_,
        uint256 flashMintCap_
    ) ERC20("Keel USD", "kUSD") ERC20Permit("Keel USD") Ownable(owner_) {
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
        require(feeBps <= MAX_FLASH_FEE_BPS, OutOfBounds("flashFee"));
        require(feeBps == 0 || feeRecipient != address(0), ZeroAddress());
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

    /// @notice The most a flash mint may create now: what the cap leaves beside the flash mints still
    /// outstanding in this transaction, and never beyond what the supply can hold.
    function maxFlashLoan(address token) public view override(ERC20FlashMint, IERC3156FlashLender) returns (uint256) {
        return MathLib.min(super.maxFlashLoan(token), flashMintCap.zeroFloorSub(flashMinted()));
    }

    /// @inheritdoc IKusd
    function flashMinted() public view returns (uint256) {
        return FLASH_MINTED_SLOT.asUint256().tload();
    }

    /// @notice ERC-3156 flash mint of `value` kUSD to `receiver`, returned with the fee by the end of its callback.
    /// @dev OpenZeppelin's sequence (check, mint, callback, pull amount + fee), with the amount counted as
    /// outstanding from the mint until it is burned back, so a nested flash mint sees the room left.
    function flashLoan(
        IERC3156FlashBorrower receiver,
        address token,
        uint256 value,
        bytes calldata data
    ) public override(ERC20FlashMint, IERC3156FlashLender) returns (bool) {
        uint256 maxLoan = maxFlashLoan(token);
        require(value <= maxLoan, ERC3156ExceededMaxLoan(maxLoan));
        uint256 fee = flashFee(token, value);
        uint256 outstanding = flashMinted();
        FLASH_MINTED_SLOT.asUint256().tstore(outstanding + value);
        _mint(address(receiver), value);
        require(
            receiver.onFlashLoan(_msgSender(), token, value, fee, data) == FLASH_CALLBACK_SUCCESS,
            ERC3156InvalidReceiver(address(receiver))
        );
        address feeReceiver = _flashFeeReceiver();
        _spendAllowance(address(receiver), address(this), value + fee);
        if (fee == 0 || feeReceiver == address(0)) {
            _burn(address(receiver), value + fee);
        } else {
            _burn(address(receiver), value);
            _transfer(address(receiver), feeReceiver, fee);
        }
        FLASH_MINTED_SLOT.asUint256().tstore(outstanding);
        return true;
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
