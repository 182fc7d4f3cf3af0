// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IKeelErrors} from "./IKeelErrors.sol";

/// @title IPegStabilityModule
/// @notice Swaps one listed stablecoin (the "gem") for kUSD 1:1 in both directions, less a fee.
/// Fees are paid in kUSD to the engine, which absorbs them into its surplus buffer. The module
/// freezes while the gem's oracle is outside the depeg tolerance, or while the guardian says so.
/// Beside its own errors it raises IKeelErrors' ZeroAddress, ZeroAmount (a swap that moves nothing),
/// OutOfBounds ("gemDecimals", "feeIn", "feeOut", "depegTolerance") and NotGuardian.
/// @dev Amounts of gem are in its own decimals; kUSD in wei; fees in BPS.
/// Books: `minted` (kUSD wei) always equals the gem held × 10^(18 − gem decimals), unless someone
/// donates gem.
interface IPegStabilityModule is IKeelErrors {
    /// @notice Gem was sold to the module for kUSD.
    /// @param caller The seller, from whom the gem was pulled.
    /// @param receiver The recipient of the kUSD.
    /// @param gemAmount The gem sold, in its own units.
    /// @param kusdOut The kUSD minted to `receiver`, in wei: the gem's value less the fee.
    /// @param fee The in-fee, in kUSD wei, minted to the engine.
    event SellGem(address indexed caller, address indexed receiver, uint256 gemAmount, uint256 kusdOut, uint256 fee);
    /// @notice Gem was bought from the module with kUSD.
    /// @param caller The buyer, whose kUSD was burned.
    /// @param receiver The recipient of the gem.
    /// @param gemAmount The gem bought, in its own units.
    /// @param kusdIn The kUSD burned from `caller`, in wei: the gem's value plus the fee.
    /// @param fee The out-fee, in kUSD wei, minted to the engine.
    event BuyGem(address indexed caller, address indexed receiver, uint256 gemAmount, uint256 kusdIn, uint256 fee);
    /// @notice Governance set the swap fees.
    /// @param feeInBps The fee on selling gem for kUSD, in BPS.
    /// @param feeOutBps The fee on buying gem with kUSD, in BPS.
    event SetFees(uint256 feeInBps, uint256 feeOutBps);
    /// @notice Governance set the cap on the kUSD the module may have minted.
    /// @param cap The cap, in kUSD wei.
    event SetCap(uint256 cap);
    /// @notice The depeg tolerance was set (by the constructor or governance).
    /// @param toleranceBps The widest distance of the gem's price from its peg at which swaps work, in BPS.
    event SetDepegTolerance(uint256 toleranceBps);
    /// @notice Governance set the guardian.
    /// @param guardian The new guardian, who may freeze the module.
    event SetGuardian(address indexed guardian);
    /// @notice The module was frozen or thawed.
    /// @param frozen True if both directions are now stopped, false if they work again.
    event SetFrozen(bool frozen);

    /// @notice Thrown when the guardian or governance has frozen the module.
    error PsmFrozen();
    /// @notice Thrown when the gem's oracle price is further from its peg than the tolerance.
    error GemDepegged(uint256 price, uint256 pegPrice);
    /// @notice Thrown when a sale would take the kUSD minted by the module above its cap.
    error PsmCapExceeded(uint256 minted, uint256 cap);
    /// @notice Thrown when a purchase asks for more gem than the module holds.
    error PsmInsufficientGem(uint256 available, uint256 requested);

    /// @notice The most either swap fee may be: 5%.
    /// @return The bound, in BPS (500).
    function MAX_FEE_BPS() external view returns (uint256);
    /// @notice The stablecoin the module swaps for kUSD.
    /// @return The gem token's address; it has at most 18 decimals.
    function gem() external view returns (address);
    /// @notice The kUSD token, which the module mints and burns as one of its minters.
    /// @return The kUSD token's address.
    function kusd() external view returns (address);
    /// @notice The kUSD engine, which receives the fees.
    /// @return The engine's address.
    function engine() external view returns (address);
    /// @notice The oracle that prices the gem, checked against the peg before every swap.
    /// @return The gem oracle's address.
    function gemOracle() external view returns (address);
    /// @notice The oracle price of one gem unit at par (1 USD), at PRICE_SCALE.
    /// @return The peg price: 10^(36 − gem decimals).
    function pegPrice() external view returns (uint256);
    /// @notice The kUSD value of the gem the module holds, which sales raise and purchases lower.
    /// @return The value, in kUSD wei: the gem sold to it, net of the gem bought back, × 10^(18 − gem decimals).
    function minted() external view returns (uint256);
    /// @notice The most `minted` may reach; a sale above it reverts with PsmCapExceeded.
    /// @return The cap, in kUSD wei.
    function cap() external view returns (uint256);
    /// @notice The fee on selling gem for kUSD (`sellGem`).
    /// @return The fee, in BPS of the gem's value.
    function feeInBps() external view returns (uint256);
    /// @notice The fee on buying gem with kUSD (`buyGem`).
    /// @return The fee, in BPS of the gem's value.
    function feeOutBps() external view returns (uint256);
    /// @notice How far the gem's oracle price may be from `pegPrice`, either way, for swaps to work.
    /// @return The tolerance, in BPS of `pegPrice`.
    function depegToleranceBps() external view returns (uint256);
    /// @notice Whether the guardian or governance has frozen both directions.
    /// @return True while the module is frozen.
    function frozen() external view returns (bool);
    /// @notice The account that may freeze the module (but not thaw it).
    /// @return The guardian's address.
    function guardian() external view returns (address);

    /// @notice Pays `gemAmount` of gem and receives its value in kUSD less the in-fee.
    /// Rounding: the fee rounds up, so the module never undercharges.
    /// @dev Pulls the gem from the caller (approve the module first) and mints the fee to the engine.
    /// Reverts while the module is frozen or the gem is depegged (or its oracle fails), when `minted`
    /// would exceed the cap, and when `kusdOut` would be zero.
    /// @param gemAmount The gem to sell, in its own units.
    /// @param receiver The recipient of the kUSD.
    /// @return kusdOut The kUSD minted to `receiver`, in wei: gemAmount × 10^(18 − gem decimals) less the fee.
    function sellGem(uint256 gemAmount, address receiver) external returns (uint256 kusdOut);

    /// @notice Receives `gemAmount` of gem and pays its value in kUSD plus the out-fee, burned from the caller.
    /// Rounding: the fee rounds up.
    /// @dev The module burns the kUSD itself, as a minter, so no kUSD allowance is needed; the fee is
    /// minted back to the engine. Reverts while the module is frozen or the gem is depegged (or its
    /// oracle fails), for a zero amount, and for more gem than `minted` accounts for.
    /// @param gemAmount The gem to buy, in its own units.
    /// @param receiver The recipient of the gem.
    /// @return kusdIn The kUSD burned from the caller, in wei: gemAmount × 10^(18 − gem decimals) plus the fee.
    function buyGem(uint256 gemAmount, address receiver) external returns (uint256 kusdIn);

    /// @notice Sets both swap fees. Owner (governance) only.
    /// @param feeInBps The fee on selling gem for kUSD, in BPS, at most MAX_FEE_BPS.
    /// @param feeOutBps The fee on buying gem with kUSD, in BPS, at most MAX_FEE_BPS.
    function setFees(uint256 feeInBps, uint256 feeOutBps) external;
    /// @notice Sets the cap on `minted`. Owner (governance) only.
    /// @dev A cap below `minted` blocks sales only; purchases keep working.
    /// @param cap The new cap, in kUSD wei.
    function setCap(uint256 cap) external;
    /// @notice Sets how far from the peg the gem's price may be for swaps to work. Owner (governance) only.
    /// @param toleranceBps The tolerance, in BPS of `pegPrice`: above 0 and at most 1,000 (10%).
    function setDepegTolerance(uint256 toleranceBps) external;
    /// @notice Replaces the guardian. Owner (governance) only.
    /// @param guardian The new guardian; zero leaves freezing to governance alone.
    function setGuardian(address guardian) external;

    /// @notice Freezes or thaws both directions. The guardian or the owner may freeze; only the owner
    /// (governance) may thaw, so the guardian cannot undo a freeze governance decided.
    /// @param frozen True to freeze, false to thaw.
    function setFrozen(bool frozen) external;
}
