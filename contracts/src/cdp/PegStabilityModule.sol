// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IKusd} from "../interfaces/IKusd.sol";
import {IPegStabilityModule} from "../interfaces/IPegStabilityModule.sol";
import {IPriceOracle} from "../interfaces/IPriceOracle.sol";
import {MathLib} from "../libraries/MathLib.sol";
import {BPS} from "../libraries/Constants.sol";

/// @title PegStabilityModule
/// @notice Swaps one stablecoin for kUSD 1:1, less a fee. See IPegStabilityModule.
/// @dev Units: one gem unit is worth `gemToKusd` kUSD wei at par (10^(18 − gem decimals)). The
/// oracle's price of one gem unit at par is `pegPrice` = 10^(36 − gem decimals) (PRICE_SCALE).
/// The owner is governance; fees, cap and tolerance stay within the bounds below.
contract PegStabilityModule is IPegStabilityModule, Ownable2Step, ReentrancyGuardTransient {
    using MathLib for uint256;
    using SafeERC20 for IERC20;

    /// @inheritdoc IPegStabilityModule
    uint256 public constant MAX_FEE_BPS = 500;
    /// @notice The widest depeg tolerance governance may set: 10%.
    uint256 public constant MAX_TOLERANCE_BPS = 1_000;

    /// @inheritdoc IPegStabilityModule
    address public immutable gem;
    /// @inheritdoc IPegStabilityModule
    address public immutable kusd;
    /// @inheritdoc IPegStabilityModule
    address public immutable engine;
    /// @inheritdoc IPegStabilityModule
    address public immutable gemOracle;
    /// @inheritdoc IPegStabilityModule
    uint256 public immutable pegPrice;
    uint256 internal immutable gemToKusd;

    /// @inheritdoc IPegStabilityModule
    uint256 public minted;
    /// @inheritdoc IPegStabilityModule
    uint256 public cap;
    /// @inheritdoc IPegStabilityModule
    uint256 public feeInBps;
    /// @inheritdoc IPegStabilityModule
    uint256 public feeOutBps;
    /// @inheritdoc IPegStabilityModule
    uint256 public depegToleranceBps;
    /// @inheritdoc IPegStabilityModule
    bool public frozen;
    /// @inheritdoc IPegStabilityModule
    address public guardian;

    constructor(
        address gem_,
        address kusd_,
        address engine_,
        address gemOracle_,
        address owner_,
        address guardian_,
        uint256 cap_,
        uint256 toleranceBps_
    ) Ownable(owner_) {
        require(
            gem_ != address(0) && kusd_ != address(0) && engine_ != address(0) && gemOracle_ != address(0),
            ZeroAddress()
        );
        uint8 decimals = IERC20Metadata(gem_).decimals();
        require(decimals <= 18, OutOfBounds("gemDecimals"));
        gem = gem_;
        kusd = kusd_;
        engine = engine_;
        gemOracle = gemOracle_;
        gemToKusd = 10 ** (18 - decimals);
        pegPrice = 10 ** (36 - decimals);
        guardian = guardian_;
        cap = cap_;
        _setDepegTolerance(toleranceBps_);
    }

    // ----- governance -----

    /// @inheritdoc IPegStabilityModule
    function setFees(uint256 feeInBps_, uint256 feeOutBps_) external onlyOwner {
        require(feeInBps_ <= MAX_FEE_BPS, OutOfBounds("feeIn"));
        require(feeOutBps_ <= MAX_FEE_BPS, OutOfBounds("feeOut"));
        feeInBps = feeInBps_;
        feeOutBps = feeOutBps_;
        emit SetFees(feeInBps_, feeOutBps_);
    }

    /// @inheritdoc IPegStabilityModule
    function setCap(uint256 cap_) external onlyOwner {
        cap = cap_;
        emit SetCap(cap_);
    }

    /// @inheritdoc IPegStabilityModule
    function setDepegTolerance(uint256 toleranceBps) external onlyOwner {
        _setDepegTolerance(toleranceBps);
    }

    /// @inheritdoc IPegStabilityModule
    function setGuardian(address guardian_) external onlyOwner {
        guardian = guardian_;
        emit SetGuardian(guardian_);
    }

    /// @inheritdoc IPegStabilityModule
    function setFrozen(bool frozen_) external {
        // One-way: the guardian may freeze; only governance may thaw.
        if (frozen_) require(msg.sender == guardian || msg.sender == owner(), NotGuardian(msg.sender));
        else _checkOwner();
        frozen = frozen_;
        emit SetFrozen(frozen_);
    }

    // ----- swaps -----

    /// @inheritdoc IPegStabilityModule
    function sellGem(uint256 gemAmount, address receiver) external nonReentrant returns (uint256 kusdOut) {
        _requireLive();
        uint256 value = gemAmount * gemToKusd;
        uint256 fee = value.mulDivUp(feeInBps, BPS);
        kusdOut = value - fee;
        require(kusdOut != 0, ZeroAmount());
        uint256 newMinted = minted + value;
        require(newMinted <= cap, PsmCapExceeded(newMinted, cap));
        minted = newMinted;
        emit SellGem(msg.sender, receiver, gemAmount, kusdOut, fee);
        IKusd(kusd).mint(receiver, kusdOut);
        if (fee != 0) IKusd(kusd).mint(engine, fee);
        IERC20(gem).safeTransferFrom(msg.sender, address(this), gemAmount);
    }

    /// @inheritdoc IPegStabilityModule
    function buyGem(uint256 gemAmount, address receiver) external nonReentrant returns (uint256 kusdIn) {
        _requireLive();
        require(gemAmount != 0, ZeroAmount());
        uint256 value = gemAmount * gemToKusd;
        uint256 held = minted;
        require(value <= held, PsmInsufficientGem(held / gemToKusd, gemAmount));
        uint256 fee = value.mulDivUp(feeOutBps, BPS);
        kusdIn = value + fee;
        minted = held - value;
        emit BuyGem(msg.sender, receiver, gemAmount, kusdIn, fee);
        IERC20(gem).safeTransfer(receiver, gemAmount);
        // The fee is burned with the value and re-minted to the engine, so no kUSD allowance is needed.
        IKusd(kusd).burn(msg.sender, kusdIn);
        if (fee != 0) IKusd(kusd).mint(engine, fee);
    }

    // ----- internal -----

    /// @dev Both directions stop while frozen, or while the gem's oracle is more than the tolerance
    /// away from the peg (either way), or cannot vouch for a price (its typed error propagates).
    function _requireLive() internal view {
        require(!frozen, PsmFrozen());
        uint256 price = IPriceOracle(gemOracle).price();
        uint256 distance = price > pegPrice ? price - pegPrice : pegPrice - price;
        require(distance * BPS <= pegPrice * depegToleranceBps, GemDepegged(price, pegPrice));
    }

    function _setDepegTolerance(uint256 toleranceBps) internal {
        require(toleranceBps != 0 && toleranceBps <= MAX_TOLERANCE_BPS, OutOfBounds("depegTolerance"));
        depegToleranceBps = toleranceBps;
        emit SetDepegTolerance(toleranceBps);
    }
}
