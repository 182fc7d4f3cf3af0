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
    event AddCollateralType(uint256 indexed typeId, address indexed token, CollateralParams params);
    event SetCollateralParams(uint256 indexed typeId, CollateralParams params);
    event SetGlobalDebtCeiling(uint256 ceiling);
    event SetGuardian(address indexed guardian);
    event SetMintPaused(uint256 indexed typeId, bool paused);
    event Shutdown(uint256 indexed typeId, uint256 price);
    /// @notice Governance replaced the oracle of a shut-down type; `price` is its answer at the time.
    event SetShutdownOracle(uint256 indexed typeId, address indexed oracle, uint256 price);
    event Accrue(uint256 indexed typeId, uint256 rate, uint256 feeRad);

    event Open(uint256 indexed vaultId, address indexed owner, uint256 indexed typeId);
    event Deposit(uint256 indexed vaultId, address indexed caller, uint256 amount);
    event Withdraw(uint256 indexed vaultId, address indexed caller, address receiver, uint256 amount);
    event Mint(uint256 indexed vaultId, address indexed caller, address receiver, uint256 amount, uint256 normalized);
    event Repay(uint256 indexed vaultId, address indexed caller, uint256 amount, uint256 normalized);
    event TransferVault(uint256 indexed vaultId, address indexed from, address indexed to);
    event SetOperator(address indexed owner, address indexed operator, bool approved);

    event StartAuction(
        uint256 indexed vaultId,
        address indexed keeper,
        uint256 collateral,
        uint256 debt,
        uint256 tab,
        uint256 topPrice,
        uint256 keeperReward
    );
    event ResetAuction(uint256 indexed vaultId, address indexed keeper, uint256 topPrice, uint256 keeperReward);
    event Take(
        uint256 indexed vaultId, address indexed taker, address receiver, uint256 collateral, uint256 paid, uint256 price
    );
    event EndAuction(uint256 indexed vaultId, uint256 collateralReturned, uint256 badDebt);
    /// @notice A vault of a shut-down type was settled by `caller` at `price` (the lower of the shutdown
    /// price and the oracle's); `tab` is `debt` plus the penalty when the vault was below its minimum ratio.
    event Settle(
        uint256 indexed vaultId,
        address indexed caller,
        uint256 debt,
        uint256 tab,
        uint256 collateralSeized,
        uint256 price
    );

    event AbsorbSurplus(address indexed caller, uint256 amount);
    event WithdrawSurplus(address indexed to, uint256 amount);
    /// @notice A loss (bad debt) met by the surplus buffer first; `toSystemDebt` is the part it could not cover.
    event AbsorbLoss(uint256 indexed vaultId, uint256 loss, uint256 fromSurplus, uint256 toSystemDebt);

    // ----- governance (the owner is a timelock) -----

    /// @notice Lists a collateral type. Reads its oracle once, so a type never starts without a price.
    /// @dev Warning: the token must be a plain ERC-20 (no fee on transfer, no rebasing).
    function addCollateralType(address token, CollateralParams calldata params) external returns (uint256 typeId);

    /// @notice Changes a live type's parameters, within the engine's bounds. Accrues the old fee first.
    function setCollateralParams(uint256 typeId, CollateralParams calldata params) external;

    /// @notice Sets the ceiling on the debt of all types together, in kUSD.
    function setGlobalDebtCeiling(uint256 ceiling) external;

    function setGuardian(address guardian) external;

    /// @notice Pauses or resumes new debt against a type. The guardian or the owner may pause; only the
    /// owner (governance) may resume, so the guardian cannot undo a pause governance decided. Nothing
    /// else is paused: deposit, repay, withdraw, close, auctions and takes keep working.
    /// @param typeId The collateral type.
    /// @param paused True to pause new debt, false to resume it.
    function setMintPaused(uint256 typeId, bool paused) external;

    /// @notice Shuts a type down for good: the fee stops, new debt stops, and anyone may settle its
    /// vaults at the lower of the shutdown price and the oracle's. The shutdown price is the oracle's
    /// price now or, if the oracle fails, the last good price.
    function shutdown(uint256 typeId) external;

    /// @notice Replaces the oracle of a shut-down type, for when its oracle died: settlements and
    /// auction resets then price from the new one. Owner (governance, behind its timelock) only.
    /// @dev The new oracle must answer now. Live types change their oracle with `setCollateralParams`.
    /// @param typeId The shut-down collateral type.
    /// @param oracle The replacement price oracle of the type's token.
    function setShutdownOracle(uint256 typeId, IPriceOracle oracle) external;

    /// @notice Mints `amount` of the surplus buffer to `to` as kUSD. Owner only.
    function withdrawSurplus(address to, uint256 amount) external;

    // ----- vaults -----

    /// @notice Opens a vault of `typeId` for `owner`, and optionally deposits and mints in the same call.
    /// @dev Deposit pulls from the caller; minting to `receiver` requires the caller to be `owner`
    /// or one of its operators, and checks ratio, floor and ceilings.
    function open(uint256 typeId, address owner, uint256 collateral, uint256 debt, address receiver)
        external
        returns (uint256 vaultId);

    /// @notice Adds collateral pulled from the caller. Anyone may add; no price is read.
    function deposit(uint256 vaultId, uint256 amount) external;

    /// @notice Removes collateral to `receiver`. Owner or operator; checks the ratio if the vault has debt.
    function withdraw(uint256 vaultId, uint256 amount, address receiver) external;

    /// @notice Mints `amount` kUSD of new debt to `receiver`. Owner or operator.
    /// Rounding: the vault's normalized debt grows by amount × RAY / rate rounded up, so it owes at least `amount`.
    function mint(uint256 vaultId, uint256 amount, address receiver) external;

    /// @notice Burns kUSD from the caller against the vault's debt; type(uint256).max repays all of it,
    /// leaving exactly zero. Anyone may repay; no price is read.
    /// Rounding: normalized debt falls by amount × RAY / rate rounded down, so the payer never gets
    /// more than it paid; repaying all burns normalized × rate / RAY rounded up.
    /// @return repaid The kUSD burned.
    function repay(uint256 vaultId, uint256 amount) external returns (uint256 repaid);

    /// @notice Repays all debt (burning kUSD from the caller) and sends all collateral to `receiver`.
    /// Owner or operator. Reads no price.
    function close(uint256 vaultId, address receiver) external returns (uint256 repaid, uint256 collateral);

    /// @notice Gives the vault to `newOwner`. Owner only (not operators).
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
    function startAuction(uint256 vaultId, address keeper) external returns (uint256 tab);

    /// @notice Restarts a stale auction (price decayed to its floor, or time ran out) from the current
    /// oracle price × buffer; `keeper` is paid the keeper tip if the lot is worth at least the debt
    /// floor at that oracle price (a dust lot may be restarted by anyone, for nothing), and only as far
    /// as the rewards of this auction together stay within its penalty (tab − debt).
    function resetAuction(uint256 vaultId, address keeper) external;

    /// @notice Buys up to `maxCollateral` of an auction's collateral at the current price, if it is at
    /// most `maxPrice`. Collateral goes to `receiver` first; if `data` is not empty, the receiver's
    /// `onAuctionTake` is called; then the price is burned from the caller's kUSD.
    /// Rounding: the payment is collateral × price rounded up; when the payment is capped at the tab,
    /// the collateral is tab / price rounded down.
    /// @dev Warning: a partial take may not leave a tab below the debt floor; the take is trimmed to leave exactly it.
    function take(uint256 vaultId, uint256 maxCollateral, uint256 maxPrice, address receiver, bytes calldata data)
        external
        returns (uint256 collateral, uint256 paid);

    // ----- surplus -----

    /// @notice Burns the kUSD the engine holds (fees paid to it by peg modules and flash mints) into the surplus buffer.
    function absorbSurplus() external returns (uint256 amount);

    // ----- views -----

    function kusd() external view returns (address);
    function guardian() external view returns (address);
    function collateralTypeCount() external view returns (uint256);
    function vaultCount() external view returns (uint256);
    function globalDebtCeiling() external view returns (uint256);
    /// @notice Total debt of all vaults in RAD (kUSD wei × RAY), as of each type's last accrual.
    function totalDebtRad() external view returns (uint256);
    /// @notice Debt in auctions still to recover, keeper rewards advanced included, in kUSD wei.
    function auctionDebt() external view returns (uint256);
    /// @notice Surplus buffer in RAD; negative means system debt (losses the surplus could not cover).
    function surplusRad() external view returns (int256);
    function isOperator(address owner, address operator) external view returns (bool);

    function collateralType(uint256 typeId) external view returns (CollateralType memory);
    function vault(uint256 vaultId) external view returns (Vault memory);
    function auction(uint256 vaultId) external view returns (Auction memory);

    /// @notice The type's rate accumulator as it would be after accruing now.
    function currentRate(uint256 typeId) external view returns (uint256);
    /// @notice The vault's debt in kUSD, with the fee accrued to now, rounded up.
    function debtOf(uint256 vaultId) external view returns (uint256);
    /// @notice The auction's price now and whether it is stale (must be reset before anyone can take).
    function auctionPrice(uint256 vaultId) external view returns (uint256 price, bool stale);
}
