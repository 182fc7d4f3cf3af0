// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title IPegStabilityModule
/// @notice Swaps one listed stablecoin (the "gem") for kUSD 1:1 in both directions, less a fee.
/// Fees are paid in kUSD to the engine, which absorbs them into its surplus buffer. The module
/// freezes while the gem's oracle is outside the depeg tolerance, or while the guardian says so.
/// @dev Amounts of gem are in its own decimals; kUSD in wei; fees in BPS.
/// Books: `minted` (kUSD wei) always equals the gem held × 10^(18 − gem decimals), unless someone
/// donates gem.
interface IPegStabilityModule {
    event SellGem(address indexed caller, address indexed receiver, uint256 gemAmount, uint256 kusdOut, uint256 fee);
    event BuyGem(address indexed caller, address indexed receiver, uint256 gemAmount, uint256 kusdIn, uint256 fee);
    event SetFees(uint256 feeInBps, uint256 feeOutBps);
    event SetCap(uint256 cap);
    event SetDepegTolerance(uint256 toleranceBps);
    event SetGuardian(address indexed guardian);
    event SetFrozen(bool frozen);

    /// @notice Thrown when the guardian or governance has frozen the module.
    error PsmFrozen();
    /// @notice Thrown when the gem's oracle price is further from its peg than the tolerance.
    error GemDepegged(uint256 price, uint256 pegPrice);
    /// @notice Thrown when a sale would take the kUSD minted by the module above its cap.
    error PsmCapExceeded(uint256 minted, uint256 cap);
    /// @notice Thrown when a purchase asks for more gem than the module holds.
    error PsmInsufficientGem(uint256 available, uint256 requested);
    /// @notice Thrown when a swap amount is zero or rounds to zero.
    error PsmZeroAmount();
    /// @notice Thrown when a fee or tolerance is outside its bounds.
    error PsmParameterOutOfBounds();
    /// @notice Thrown when a guardian-only function is called by someone else.
    error PsmNotGuardian(address caller);

    function MAX_FEE_BPS() external view returns (uint256);
    function gem() external view returns (address);
    function kusd() external view returns (address);
    function engine() external view returns (address);
    function gemOracle() external view returns (address);
    /// @notice The oracle price of one gem unit at par (1 USD), at PRICE_SCALE.
    function pegPrice() external view returns (uint256);
    function minted() external view returns (uint256);
    function cap() external view returns (uint256);
    function feeInBps() external view returns (uint256);
    function feeOutBps() external view returns (uint256);
    function depegToleranceBps() external view returns (uint256);
    function frozen() external view returns (bool);
    function guardian() external view returns (address);

    /// @notice Pays `gemAmount` of gem and receives its value in kUSD less the in-fee.
    /// Rounding: the fee rounds up, so the module never undercharges.
    function sellGem(uint256 gemAmount, address receiver) external returns (uint256 kusdOut);

    /// @notice Receives `gemAmount` of gem and pays its value in kUSD plus the out-fee, burned from the caller.
    /// Rounding: the fee rounds up.
    function buyGem(uint256 gemAmount, address receiver) external returns (uint256 kusdIn);

    function setFees(uint256 feeInBps, uint256 feeOutBps) external;
    function setCap(uint256 cap) external;
    function setDepegTolerance(uint256 toleranceBps) external;
    function setGuardian(address guardian) external;

    /// @notice Freezes or thaws both directions. The guardian or the owner may freeze; only the owner
    /// (governance) may thaw, so the guardian cannot undo a freeze governance decided.
    /// @param frozen True to freeze, false to thaw.
    function setFrozen(bool frozen) external;
}
