// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Auction, CollateralParams, CollateralType, OperatorApproval, Vault} from "./CdpTypes.sol";
import {ICdpErrors} from "./ICdpErrors.sol";
import {IPriceOracle} from "./IPriceOracle.sol";
import {ISignedGrants} from "./ISignedGrants.sol";

/// @title ICdpEngine
/// @notice The kUSD engine: vaults lock one collateral type each and mint kUSD against it.
/// Debt is stored normalized by a per-type rate accumulator that compounds the stability fee
/// every second. A vault below its type's minimum collateral ratio can be sent to a Dutch
/// auction by anyone; takers buy its collateral for kUSD, with a callback so they need no capital.
/// @dev Units: kUSD amounts in wei (18 decimals, 1 kUSD = 1 USD); collateral in the token's own
/// decimals; prices at PRICE_SCALE (value in kUSD wei = amount × price / 1e18); ratios returned in
/// WAD; configured percentages in BPS; the rate accumulator and per-second fee in RAY; the engine's
/// internal books (total debt, surplus) in RAD = kUSD wei × RAY, so they stay exact.
/// Books (checked by the invariant suite): kUSD supply × RAY + surplus = total vault debt (RAD)
/// + debt in auction × RAY + kUSD minted by peg modules × RAY, outside a flash mint.
/// Reentrancy: every state-changing function holds one transient lock; views read settled state,
/// except that during a `take` callback kUSD's total supply still includes the unpaid price.
interface ICdpEngine is ICdpErrors, ISignedGrants {
    /// @notice Governance listed a collateral type.
    /// @param typeId The new type's id; ids count up from 0.
    /// @param token The collateral token.
    /// @param params The type's parameters.
    event AddCollateralType(uint256 indexed typeId, address indexed token, CollateralParams params);
    /// @notice Governance changed a live type's parameters.
    /// @param typeId The collateral type.
    /// @param params The type's parameters from now on.
    event SetCollateralParams(uint256 indexed typeId, CollateralParams params);
    /// @notice Governance set the ceiling on the debt of all types together.
    /// @param ceiling The ceiling, in kUSD wei.
    event SetGlobalDebtCeiling(uint256 ceiling);
    /// @notice Governance set the guardian.
    /// @param guardian The new guardian, who may pause new debt.
    event SetGuardian(address indexed guardian);
    /// @notice New debt against a type was paused or resumed.
    /// @param typeId The collateral type.
    /// @param paused True if new debt is now paused, false if it was resumed.
    event SetMintPaused(uint256 indexed typeId, bool paused);
    /// @notice Governance shut a type down for good.
    /// @param typeId The collateral type.
    /// @param price The shutdown price, at PRICE_SCALE: the oracle's then, or the last good price if it failed.
    event Shutdown(uint256 indexed typeId, uint256 price);
    /// @notice Governance replaced the oracle of a shut-down type; `price` is its answer at the time.
    /// @param typeId The shut-down collateral type.
    /// @param oracle The replacement oracle.
    /// @param price The replacement's price when it was set, at PRICE_SCALE.
    event SetShutdownOracle(uint256 indexed typeId, address indexed oracle, uint256 price);
    /// @notice A type's stability fee was accrued up to now.
    /// @param typeId The collateral type.
    /// @param rate The type's new rate accumulator, in RAY.
    /// @param feeRad The fee added to the total debt and to the surplus, in RAD (kUSD wei × RAY).
    event Accrue(uint256 indexed typeId, uint256 rate, uint256 feeRad);

    /// @notice A vault was opened.
    /// @param vaultId The new vault's id; ids count up from 1.
    /// @param owner The vault's owner.
    /// @param typeId The vault's collateral type.
    event Open(uint256 indexed vaultId, address indexed owner, uint256 indexed typeId);
    /// @notice Collateral was added to a vault.
    /// @param vaultId The vault.
    /// @param caller The account the collateral was pulled from.
    /// @param amount The collateral added, in the token's units.
    event Deposit(uint256 indexed vaultId, address indexed caller, uint256 amount);
    /// @notice Collateral left a vault, by `withdraw` or `close`.
    /// @param vaultId The vault.
    /// @param caller The owner or operator who withdrew.
    /// @param receiver The recipient of the collateral.
    /// @param amount The collateral sent, in the token's units.
    event Withdraw(uint256 indexed vaultId, address indexed caller, address receiver, uint256 amount);
    /// @notice New debt was minted against a vault.
    /// @param vaultId The vault.
    /// @param caller The owner or operator who minted.
    /// @param receiver The recipient of the kUSD.
    /// @param amount The kUSD minted, in wei.
    /// @param normalized The normalized debt added to the vault (amount × RAY / rate, rounded up).
    event Mint(uint256 indexed vaultId, address indexed caller, address receiver, uint256 amount, uint256 normalized);
    /// @notice A vault's debt was repaid.
    /// @param vaultId The vault.
    /// @param caller The account whose kUSD was burned.
    /// @param amount The kUSD repaid, in wei.
    /// @param normalized The normalized debt removed from the vault.
    event Repay(uint256 indexed vaultId, address indexed caller, uint256 amount, uint256 normalized);
    /// @notice A vault changed owner.
    /// @param vaultId The vault.
    /// @param from The previous owner.
    /// @param to The new owner.
    event TransferVault(uint256 indexed vaultId, address indexed from, address indexed to);
    /// @notice An operator was approved or revoked, directly or by signature.
    /// @param owner The vault owner who granted or revoked.
    /// @param operator The account that may, or may no longer, act on the owner's vaults.
    /// @param approved True if `operator` is now approved, false if it was revoked.
    event SetOperator(address indexed owner, address indexed operator, bool approved);

    /// @notice A vault, or part of it, was sent to a Dutch auction.
    /// @param vaultId The vault, whose id is also the auction's.
    /// @param keeper The account paid the keeper reward.
    /// @param collateral The collateral moved into the auction, in the token's units.
    /// @param debt The debt moved out of the vault, in kUSD wei (rounded up).
    /// @param tab The kUSD the auction must raise: `debt` plus the penalty.
    /// @param topPrice The auction's start price (oracle price × start buffer), at PRICE_SCALE; 0 when the
    /// debt had no collateral behind it and was booked as a loss at once.
    /// @param keeperReward The kUSD minted to `keeper`, in wei.
    event StartAuction(
        uint256 indexed vaultId,
        address indexed keeper,
        uint256 collateral,
        uint256 debt,
        uint256 tab,
        uint256 topPrice,
        uint256 keeperReward
    );
    /// @notice A stale auction was restarted.
    /// @param vaultId The auction's vault.
    /// @param keeper The account paid the keeper reward.
    /// @param topPrice The new start price (reference price × start buffer), at PRICE_SCALE.
    /// @param keeperReward The kUSD minted to `keeper`, in wei; 0 for a dust lot, or once the auction's
    /// rewards have reached its penalty.
    event ResetAuction(uint256 indexed vaultId, address indexed keeper, uint256 topPrice, uint256 keeperReward);
    /// @notice Collateral was bought from an auction.
    /// @param vaultId The auction's vault.
    /// @param taker The caller, whose kUSD was burned.
    /// @param receiver The recipient of the collateral.
    /// @param collateral The collateral bought, in the token's units.
    /// @param paid The kUSD burned from `taker`, in wei.
    /// @param price The auction's price at the time, at PRICE_SCALE.
    event Take(
        uint256 indexed vaultId,
        address indexed taker,
        address receiver,
        uint256 collateral,
        uint256 paid,
        uint256 price
    );
    /// @notice An auction ended: its tab was met or its collateral ran out; or debt sent to auction had
    /// no collateral to sell and was a loss at once.
    /// @param vaultId The auction's vault.
    /// @param collateralReturned The collateral left over and returned to the vault, in the token's units.
    /// @param badDebt The debt (keeper rewards advanced included) the auction did not recover, in kUSD wei,
    /// booked as a loss (see AbsorbLoss).
    event EndAuction(uint256 indexed vaultId, uint256 collateralReturned, uint256 badDebt);
    /// @notice A vault of a shut-down type was settled by `caller` at `price` (the lower of the shutdown
    /// price and the oracle's); `tab` is `debt` plus the penalty when the vault was below its minimum ratio.
    /// @param vaultId The vault settled.
    /// @param caller The account that settled it.
    /// @param debt The vault's debt moved into the auction, in kUSD wei (rounded up).
    /// @param tab The kUSD the auction must raise.
    /// @param collateralSeized The collateral moved into the auction, in the token's units.
    /// @param price The settlement price, at PRICE_SCALE.
    event Settle(
        uint256 indexed vaultId,
        address indexed caller,
        uint256 debt,
        uint256 tab,
        uint256 collateralSeized,
        uint256 price
    );

    /// @notice kUSD the engine held was burned into the surplus buffer.
    /// @param caller The account that called `absorbSurplus`.
    /// @param amount The kUSD burned, in wei.
    event AbsorbSurplus(address indexed caller, uint256 amount);
    /// @notice Governance withdrew part of the surplus buffer as newly minted kUSD.
    /// @param to The recipient.
    /// @param amount The kUSD minted, in wei.
    event WithdrawSurplus(address indexed to, uint256 amount);
    /// @notice A loss (bad debt) met by the surplus buffer first; `toSystemDebt` is the part it could not cover.
    /// @param vaultId The vault whose auction (or collateral-less debt) made the loss.
    /// @param loss The loss, in kUSD wei.
    /// @param fromSurplus The part the surplus buffer covered, in kUSD wei.
    /// @param toSystemDebt The part left as system debt (a negative surplus), in kUSD wei.
    event AbsorbLoss(uint256 indexed vaultId, uint256 loss, uint256 fromSurplus, uint256 toSystemDebt);

    // ----- governance (the owner is a timelock) -----

    /// @notice Lists a collateral type. Reads its oracle once, so a type never starts without a price.
    /// Owner (governance) only.
    /// @dev Warning: the token must be a plain ERC-20 (no fee on transfer, no rebasing).
    /// The parameters are checked against the engine's hard bounds; the type starts with a rate of RAY.
    /// @param token The collateral token.
    /// @param params The type's oracle, fee, ratios, auction curve and amounts.
    /// @return typeId The new type's id.
    function addCollateralType(address token, CollateralParams calldata params) external returns (uint256 typeId);

    /// @notice Changes a live type's parameters, within the engine's bounds. Accrues the old fee first.
    /// Owner (governance) only; a shut-down type cannot be changed.
    /// @param typeId The collateral type.
    /// @param params The type's new parameters (its oracle included).
    function setCollateralParams(uint256 typeId, CollateralParams calldata params) external;

    /// @notice Sets the ceiling on the debt of all types together, in kUSD. Owner (governance) only.
    /// @dev Checked only when debt is minted, against the total debt rounded up; debt in auctions is
    /// not counted.
    /// @param ceiling The ceiling, in kUSD wei.
    function setGlobalDebtCeiling(uint256 ceiling) external;

    /// @notice Replaces the guardian, who may pause new debt. Owner (governance) only.
    /// @param guardian The new guardian; zero leaves pausing to governance alone.
    function setGuardian(address guardian) external;

    /// @notice Pauses or resumes new debt against a type. The guardian or the owner may pause; only the
    /// owner (governance) may resume, so the guardian cannot undo a pause governance decided. Nothing
    /// else is paused: deposit, repay, withdraw, close, auctions and takes keep working.
    /// @param typeId The collateral type.
    /// @param paused True to pause new debt, false to resume it.
    function setMintPaused(uint256 typeId, bool paused) external;

    /// @notice Shuts a type down for good: the fee stops, new debt stops, and anyone may settle its
    /// vaults at the lower of the shutdown price and the oracle's. The shutdown price is the oracle's
    /// price now or, if the oracle fails, the last good price. Owner (governance) only.
    /// @dev Accrues the fee up to now first. Reverts when the type has no price at all.
    /// @param typeId The collateral type to shut down.
    function shutdown(uint256 typeId) external;

    /// @notice Replaces the oracle of a shut-down type, for when its oracle died: settlements and
    /// auction resets then price from the new one. Owner (governance, behind its timelock) only.
    /// @dev The new oracle must answer now. Live types change their oracle with `setCollateralParams`.
    /// @param typeId The shut-down collateral type.
    /// @param oracle The replacement price oracle of the type's token.
    function setShutdownOracle(uint256 typeId, IPriceOracle oracle) external;

    /// @notice Mints `amount` of the surplus buffer to `to` as kUSD. Owner only.
    /// @param to The recipient of the kUSD.
    /// @param amount The kUSD to mint, in wei; at most the surplus buffer.
    function withdrawSurplus(address to, uint256 amount) external;

    // ----- vaults -----

    /// @notice Opens a vault of `typeId` for `owner`, and optionally deposits and mints in the same call.
    /// @dev Deposit pulls from the caller; minting to `receiver` requires the caller to be `owner`
    /// or one of its operators, and checks ratio, floor and ceilings. Anyone may open a vault without debt
    /// for any owner.
    /// @param typeId The vault's collateral type.
    /// @param owner The vault's owner.
    /// @param collateral The collateral to deposit, in the token's units; 0 for none.
    /// @param debt The kUSD to mint, in wei; 0 for none.
    /// @param receiver The recipient of the minted kUSD; unused when `debt` is 0.
    /// @return vaultId The new vault's id; ids count up from 1, so vault 0 never exists.
    function open(
        uint256 typeId,
        address owner,
        uint256 collateral,
        uint256 debt,
        address receiver
    ) external returns (uint256 vaultId);

    /// @notice Adds collateral pulled from the caller. Anyone may add; no price is read.
    /// @param vaultId The vault.
    /// @param amount The collateral to add, in the token's units.
    function deposit(uint256 vaultId, uint256 amount) external;

    /// @notice Removes collateral to `receiver`. Owner or operator; checks the ratio if the vault has debt.
    /// @dev The ratio check accrues the fee and reads the oracle; a failing oracle blocks it.
    /// @param vaultId The vault.
    /// @param amount The collateral to remove, in the token's units.
    /// @param receiver The recipient of the collateral.
    function withdraw(uint256 vaultId, uint256 amount, address receiver) external;

    /// @notice Mints `amount` kUSD of new debt to `receiver`. Owner or operator.
    /// Rounding: the vault's normalized debt grows by amount × RAY / rate rounded up, so it owes at least `amount`.
    /// @dev Blocked while the type is paused or shut down, and when the vault would fall below its
    /// minimum ratio or the debt floor, or a debt ceiling would be exceeded.
    /// @param vaultId The vault.
    /// @param amount The kUSD to mint, in wei.
    /// @param receiver The recipient of the kUSD.
    function mint(uint256 vaultId, uint256 amount, address receiver) external;

    /// @notice Burns kUSD from the caller against the vault's debt; type(uint256).max repays all of it,
    /// leaving exactly zero. Anyone may repay; no price is read.
    /// Rounding: normalized debt falls by amount × RAY / rate rounded down, so the payer never gets
    /// more than it paid; repaying all burns normalized × rate / RAY rounded up.
    /// @dev A partial repayment may not leave a debt below the type's debt floor.
    /// @param vaultId The vault.
    /// @param amount The kUSD to repay, in wei, at most the debt; type(uint256).max for all of it.
    /// @return repaid The kUSD burned.
    function repay(uint256 vaultId, uint256 amount) external returns (uint256 repaid);

    /// @notice Repays all debt (burning kUSD from the caller) and sends all collateral to `receiver`.
    /// Owner or operator. Reads no price.
    /// @param vaultId The vault.
    /// @param receiver The recipient of the collateral.
    /// @return repaid The kUSD burned from the caller, in wei; 0 for a vault without debt.
    /// @return collateral The collateral sent to `receiver`, in the token's units.
    function close(uint256 vaultId, address receiver) external returns (uint256 repaid, uint256 collateral);

    /// @notice Gives the vault to `newOwner`. Owner only (not operators).
    /// @dev Operators are approved per owner, so the previous owner's operators lose access to the vault.
    /// @param vaultId The vault.
    /// @param newOwner The new owner; must not be zero.
    function transferVault(uint256 vaultId, address newOwner) external;

    /// @notice Lets `operator` act on all of the caller's vaults (withdraw, mint, close), or revokes it.
    /// A revoke also uses up the caller's nonce (`UseNonce`), so no approval it signed earlier and has
    /// not seen submitted can restore the operator.
    /// @param operator The account that may act on the caller's vaults.
    /// @param approved True to approve, false to revoke.
    function setOperator(address operator, bool approved) external;

    /// @notice Same as `setOperator`, authorized by the owner's EIP-712 signature; anyone may submit it.
    /// The domain binds chain id and this contract; the nonce is consumed and the deadline enforced.
    /// @param approval The signed message: owner, operator, grant, nonce and deadline.
    /// @param signature The owner's signature (65-byte ECDSA, or anything its ERC-1271 wallet accepts).
    function setOperatorWithSig(OperatorApproval calldata approval, bytes calldata signature) external;

    /// @notice After a shutdown, anyone may settle any vault of the type: its debt leaves the vault for
    /// an auction priced from the lower of the shutdown price and the oracle's (the shutdown price if
    /// the oracle fails). A vault at or above its minimum ratio at that price sends collateral worth its
    /// debt plus the penalty, for a tab of the debt alone (no penalty; what is not needed comes back);
    /// a vault below it is settled as it would be liquidated: all its collateral, for debt plus penalty.
    /// No keeper reward is paid.
    /// @dev Rounding: the collateral sent rounds up, in the system's favour, capped at the vault's.
    /// @param vaultId The vault to settle.
    /// @return tab The kUSD its auction must raise.
    function settle(uint256 vaultId) external returns (uint256 tab);

    // ----- liquidation -----

    /// @notice Sends an unsafe vault to a Dutch auction; `keeper` is paid the keeper tip plus the keeper
    /// fee on the tab, at most the penalty that tab carries. The reward is advanced against the auction
    /// and recovered first from its proceeds; if the auction cannot recover it, it is part of the loss.
    /// Liquidates all of the vault, or the part that fits under the type's auction limit; a part that
    /// would leave less than the debt floor takes the whole vault.
    /// @dev Anyone may call it. Accrues the fee and needs a live oracle price; the vault must be below
    /// its minimum ratio at that price, and not already in an auction.
    /// @param vaultId The vault to liquidate.
    /// @param keeper The recipient of the keeper reward.
    /// @return tab The kUSD the auction must raise: the debt taken plus the penalty.
    function startAuction(uint256 vaultId, address keeper) external returns (uint256 tab);

    /// @notice Restarts a stale auction (price decayed to its floor, or time ran out) from the current
    /// oracle price × buffer; `keeper` is paid the keeper tip if the lot is worth at least the debt
    /// floor at that oracle price (a dust lot may be restarted by anyone, for nothing), and only as far
    /// as the rewards of this auction together stay within its penalty (tab − debt).
    /// @dev Anyone may call it. After a shutdown the restart prices from the oracle if it answers, else
    /// from the shutdown price.
    /// @param vaultId The auction's vault.
    /// @param keeper The recipient of the keeper tip.
    function resetAuction(uint256 vaultId, address keeper) external;

    /// @notice Buys up to `maxCollateral` of an auction's collateral at the current price, if it is at
    /// most `maxPrice`. Collateral goes to `receiver` first; if `data` is not empty, the receiver's
    /// `onAuctionTake` is called; then the price is burned from the caller's kUSD.
    /// Rounding: the payment is collateral × price rounded up; when the payment is capped at the tab,
    /// the collateral is tab / price rounded down.
    /// @dev Warning: a partial take may not leave a tab below the debt floor; the take is trimmed to leave exactly it.
    /// Anyone may take; the auction must be live (not stale). Proceeds recover the auction's debt first;
    /// the rest is penalty, for the surplus. When the tab is met, leftover collateral returns to the
    /// vault; when the collateral runs out first, the debt not recovered is a loss.
    /// @param vaultId The auction's vault.
    /// @param maxCollateral The most collateral to buy, in the token's units.
    /// @param maxPrice The highest price the caller accepts, at PRICE_SCALE.
    /// @param receiver The recipient of the collateral, and of the `onAuctionTake` callback.
    /// @param data Passed to the receiver's `onAuctionTake`; empty for no callback.
    /// @return collateral The collateral sent to `receiver`, in the token's units.
    /// @return paid The kUSD burned from the caller, in wei.
    function take(
        uint256 vaultId,
        uint256 maxCollateral,
        uint256 maxPrice,
        address receiver,
        bytes calldata data
    ) external returns (uint256 collateral, uint256 paid);

    // ----- surplus -----

    /// @notice Burns the kUSD the engine holds (fees paid to it by peg modules and flash mints) into the
    /// surplus buffer. Anyone may call it.
    /// @return amount The kUSD burned, in wei; 0 when the engine held none.
    function absorbSurplus() external returns (uint256 amount);

    // ----- views -----

    /// @notice The kUSD token, which the engine mints and burns.
    /// @return The kUSD token's address, fixed at deployment.
    function kusd() external view returns (address);
    /// @notice The account that may pause new debt (but not resume it).
    /// @return The guardian's address.
    function guardian() external view returns (address);
    /// @notice How many collateral types exist; type ids run from 0 to the count − 1.
    /// @return The number of types listed.
    function collateralTypeCount() external view returns (uint256);
    /// @notice How many vaults were opened; vault ids run from 1 to the count.
    /// @return The number of vaults opened, which is also the latest vault's id.
    function vaultCount() external view returns (uint256);
    /// @notice The ceiling on the debt of all types together, checked when debt is minted.
    /// @return The ceiling, in kUSD wei.
    function globalDebtCeiling() external view returns (uint256);
    /// @notice Total debt of all vaults in RAD (kUSD wei × RAY), as of each type's last accrual.
    /// @return The total, in RAD; debt moved into auctions is not included.
    function totalDebtRad() external view returns (uint256);
    /// @notice Debt in auctions still to recover, keeper rewards advanced included, in kUSD wei.
    /// @return The amount, in kUSD wei.
    function auctionDebt() external view returns (uint256);
    /// @notice Surplus buffer in RAD; negative means system debt (losses the surplus could not cover).
    /// @return The surplus, in RAD (kUSD wei × RAY).
    function surplusRad() external view returns (int256);
    /// @notice Whether `operator` may act on all of `owner`'s vaults (withdraw, mint, close).
    /// @param owner The vault owner.
    /// @param operator The account that acts.
    /// @return True while the approval stands.
    function isOperator(address owner, address operator) external view returns (bool);

    /// @notice A collateral type's stored state and parameters. Reverts with UnknownCollateralType for an
    /// id not listed.
    /// @param typeId The collateral type.
    /// @return The type as stored: the rate as of its last accrual, totals, parameters and prices.
    function collateralType(uint256 typeId) external view returns (CollateralType memory);
    /// @notice A vault's owner, type, collateral and normalized debt.
    /// @param vaultId The vault.
    /// @return The vault as stored; all zero for a vault never opened.
    function vault(uint256 vaultId) external view returns (Vault memory);
    /// @notice The auction of a vault's seized collateral.
    /// @param vaultId The vault, whose id is also the auction's.
    /// @return The auction as stored; all zero when the vault has no auction.
    function auction(uint256 vaultId) external view returns (Auction memory);

    /// @notice The type's rate accumulator as it would be after accruing now.
    /// @param typeId The collateral type; reverts with UnknownCollateralType for an id not listed.
    /// @return The rate accumulator, in RAY (rounded down).
    function currentRate(uint256 typeId) external view returns (uint256);
    /// @notice The vault's debt in kUSD, with the fee accrued to now, rounded up.
    /// @param vaultId The vault.
    /// @return The debt, in kUSD wei: what repaying all of it would burn now; 0 without debt.
    function debtOf(uint256 vaultId) external view returns (uint256);
    /// @notice The auction's price now and whether it is stale (must be reset before anyone can take).
    /// @dev The price decays from the start price with the type's half-life, rounded up; the auction is
    /// stale once the price is below the type's floor share of the start price or its maximum duration
    /// has passed.
    /// @param vaultId The auction's vault.
    /// @return price The price of one collateral unit, at PRICE_SCALE; 0 when there is no auction.
    /// @return stale True when the auction must be reset before anyone can take; false when there is none.
    function auctionPrice(uint256 vaultId) external view returns (uint256 price, bool stale);
}
