// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC3156FlashBorrower} from "@openzeppelin/contracts/interfaces/IERC3156FlashBorrower.sol";
import {OperatorApproval} from "./CdpTypes.sol";
import {IKeelErrors} from "./IKeelErrors.sol";
import {IPeripheryErrors} from "./IPeripheryErrors.sol";
import {Authorization} from "./PoolTypes.sol";
import {IAaveV3Pool} from "./external/IAaveV3Pool.sol";
import {IMorphoBlue, MorphoAuthorization, MorphoMarketParams, MorphoSignature} from "./external/IMorphoBlue.sol";

/// @title IBundler
/// @notice Runs a list of steps atomically for its caller, the initiator: pool and kUSD operations,
/// permits, transfers, swaps through allowlisted adapters, peg-module swaps, and flash loans whose
/// callback runs nested steps. Post-conditions placed last (health, debt, ratio, amount received)
/// revert the whole bundle when they fail.
/// @dev How it is used: `multicall` takes the ABI-encoded calls of this interface's step functions.
/// Each step runs as a call of the bundler to itself, and a step function accepts only the exact
/// calldata the bundler is dispatching at that moment, so nobody can call one directly, nor re-enter
/// one from a token, an adapter or a lender.
///
/// What one authorization of the bundler lets it do (`setAuthorization` on the pool, `setOperator` on
/// the kUSD engine): act on the account that authorized it only inside a bundle started by that account
/// itself, or by an account it has authorized on the same contract. It never acts on anyone else's
/// positions, never sends assets to anyone but the initiator or itself (except by an explicit `transfer`
/// step, or a supply, collateral, repay or deposit step on an account that authorized the initiator,
/// which the initiator manages), never pulls from anyone but the initiator, and keeps nothing:
/// at the end of every bundle it sends the initiator its whole balance of every token a step touched,
/// and every allowance it gave is back to zero after each step.
///
/// Amounts: `type(uint256).max` means "the bundler's whole balance" for amounts the bundler pays
/// (supply, collateral, repay, swap, peg module, transfer), so a step can spend what an earlier one
/// produced. Vault id 0 means "the vault this bundle opened".
interface IBundler is IKeelErrors, IPeripheryErrors, IERC3156FlashBorrower {
    /// @notice Thrown when `multicall` is called while a bundle is running (re-entry).
    error BundleInProgress();
    /// @notice Thrown when a step function is called other than as the step the bundler is dispatching.
    error NotDispatched();
    /// @notice Thrown when `account` is neither the initiator nor an account that authorized the
    /// initiator on the contract the step acts on.
    error UnauthorizedAccount(address account, address initiator);
    /// @notice Thrown when assets would go to `receiver`, which is neither the initiator nor the bundler.
    error UnsafeReceiver(address receiver);
    /// @notice Thrown when a post-condition finds the health factor below its minimum.
    error HealthFactorTooLow(uint256 healthFactor, uint256 minHealthFactor);
    /// @notice Thrown when a post-condition finds more debt than allowed.
    error DebtTooHigh(uint256 debt, uint256 maxDebt);
    /// @notice Thrown when a post-condition finds a vault's collateral ratio below its minimum.
    error VaultRatioTooLow(uint256 ratio, uint256 minRatio);
    /// @notice Thrown when a sweep would send the initiator less than its minimum.
    error ReceivedTooLittle(address token, uint256 amount, uint256 minAmount);
    /// @notice Thrown when buying gem from the peg module would cost more kUSD than allowed.
    error PegSwapTooExpensive(uint256 kusdIn, uint256 maxKusdIn);
    /// @notice Thrown when a step names vault 0 and the bundle has opened no vault.
    error NoVaultOpened();

    // ----- entry point -----

    /// @notice Runs `steps` in order for the caller, then sends the caller the bundler's whole balance
    /// of every token a step touched. Reverts as a whole if any step or post-condition fails.
    /// @param steps ABI-encoded calls of this interface's step functions.
    function multicall(bytes[] calldata steps) external;

    /// @notice The account whose bundle is running; zero outside a bundle.
    /// @return The initiator.
    function initiator() external view returns (address);

    // ----- tokens -----

    /// @notice Submits the initiator's EIP-2612 permit for the bundler. A permit already used (for example
    /// submitted by someone who saw it first) is skipped when the allowance it granted is still there.
    /// @param token The token.
    /// @param value The allowance the permit grants.
    /// @param deadline The permit's deadline.
    /// @param v The signature's v.
    /// @param r The signature's r.
    /// @param s The signature's s.
    function permit(address token, uint256 value, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external;

    /// @notice Pulls `amount` of `token` from the initiator (who approved the bundler) into the bundler.
    /// @param token The token.
    /// @param amount The amount; type(uint256).max for the initiator's whole balance.
    function pull(address token, uint256 amount) external;

    /// @notice Sends `amount` of `token` from the bundler to `recipient`, the initiator's explicit choice.
    /// @param token The token.
    /// @param recipient The recipient; neither zero nor the bundler.
    /// @param amount The amount; type(uint256).max for the bundler's whole balance.
    function transfer(address token, address recipient, uint256 amount) external;

    /// @notice Sends the bundler's whole balance of `token` to the initiator, at least `minAmount` (a
    /// post-condition on what the bundle delivers). The end of the bundle sweeps every token anyway.
    /// @param token The token.
    /// @param minAmount The least the initiator must receive.
    function sweep(address token, uint256 minAmount) external;

    /// @notice Sells `amountIn` of `tokenIn` for `tokenOut` through an allowlisted adapter. The bundler
    /// measures what it received: at least `minAmountOut`, and, valued at the registry's oracles, not
    /// below the value sold by more than `maxDeviationBps`.
    /// @dev Rounding: the value bought rounds down and the value sold rounds up, against the swap.
    /// A bound of 10_000 (100%) accepts any price and is the only bound allowed for a token without
    /// an oracle: the SDK sets it only on the user's explicit request.
    /// @param adapter The swap adapter; governance must allow it.
    /// @param tokenIn The token sold.
    /// @param tokenOut The token bought.
    /// @param amountIn The amount sold; type(uint256).max for the bundler's whole balance.
    /// @param minAmountOut The least amount bought.
    /// @param maxDeviationBps The largest shortfall of the value bought against the value sold, in BPS.
    /// @param data The adapter's route.
    function swap(
        address adapter,
        address tokenIn,
        address tokenOut,
        uint256 amountIn,
        uint256 minAmountOut,
        uint256 maxDeviationBps,
        bytes calldata data
    ) external;

    // ----- money market -----

    /// @notice Supplies the bundler's assets to earn interest for `onBehalf`.
    /// @param poolId The pool.
    /// @param reserve The reserve.
    /// @param assets The assets; type(uint256).max for the bundler's whole balance.
    /// @param onBehalf The initiator, or an account that authorized it on the pool.
    function poolSupply(uint256 poolId, uint256 reserve, uint256 assets, address onBehalf) external;

    /// @notice Withdraws supply of `onBehalf` (which authorized the bundler on the pool) to `receiver`.
    /// @param poolId The pool.
    /// @param reserve The reserve.
    /// @param assets The assets; 0 to withdraw by `shares`.
    /// @param shares The supply shares; type(uint256).max for all of `onBehalf`'s shares.
    /// @param onBehalf The initiator, or an account that authorized it on the pool.
    /// @param receiver The initiator or the bundler.
    function poolWithdraw(
        uint256 poolId,
        uint256 reserve,
        uint256 assets,
        uint256 shares,
        address onBehalf,
        address receiver
    ) external;

    /// @notice Adds the bundler's assets as collateral of `onBehalf`.
    /// @param poolId The pool.
    /// @param reserve The reserve.
    /// @param assets The collateral; type(uint256).max for the bundler's whole balance.
    /// @param onBehalf The initiator, or an account that authorized it on the pool.
    function poolSupplyCollateral(uint256 poolId, uint256 reserve, uint256 assets, address onBehalf) external;

    /// @notice Withdraws collateral of `onBehalf` (which authorized the bundler) to `receiver`.
    /// @param poolId The pool.
    /// @param reserve The reserve.
    /// @param assets The collateral; type(uint256).max for all of `onBehalf`'s collateral there.
    /// @param onBehalf The initiator, or an account that authorized it on the pool.
    /// @param receiver The initiator or the bundler.
    function poolWithdrawCollateral(
        uint256 poolId,
        uint256 reserve,
        uint256 assets,
        address onBehalf,
        address receiver
    ) external;

    /// @notice Borrows for `onBehalf` (which authorized the bundler) to `receiver`.
    /// @param poolId The pool.
    /// @param reserve The reserve.
    /// @param assets The assets; 0 to borrow by `shares`.
    /// @param shares The debt shares; 0 to borrow by `assets`.
    /// @param onBehalf The initiator, or an account that authorized it on the pool.
    /// @param receiver The initiator or the bundler.
    function poolBorrow(
        uint256 poolId,
        uint256 reserve,
        uint256 assets,
        uint256 shares,
        address onBehalf,
        address receiver
    ) external;

    /// @notice Repays debt of `onBehalf` with the bundler's assets.
    /// @dev By assets, more than the debt repays all of it and spends only what is owed. By shares,
    /// type(uint256).max repays all of `onBehalf`'s debt shares, leaving exactly zero.
    /// @param poolId The pool.
    /// @param reserve The reserve.
    /// @param assets The assets; type(uint256).max for the bundler's whole balance (nothing happens when it
    /// is zero); 0 to repay by `shares`.
    /// @param shares The debt shares; 0 to repay by `assets`; type(uint256).max for all of `onBehalf`'s debt
    /// (nothing happens when it has none).
    /// @param onBehalf The initiator, or an account that authorized it on the pool.
    function poolRepay(uint256 poolId, uint256 reserve, uint256 assets, uint256 shares, address onBehalf) external;

    /// @notice Submits a signed pool authorization (for example the initiator's grant to the bundler, and
    /// its revoke at the end of the same bundle). A signature someone else submitted first is skipped: its
    /// effect is in place and its nonce is used.
    /// @param authorization The signed message.
    /// @param signature The authorizer's signature.
    function poolSetAuthorizationWithSig(Authorization calldata authorization, bytes calldata signature) external;

    /// @notice Flash-borrows `amount` of `token` from the pool and runs `steps` in the callback; the loan and
    /// its fee are repaid from the bundler's balance when the steps end.
    /// @param token The token.
    /// @param amount The amount lent.
    /// @param steps The nested steps, ABI-encoded like `multicall`'s.
    function poolFlashLoan(address token, uint256 amount, bytes[] calldata steps) external;

    // ----- kUSD -----

    /// @notice Opens a vault owned by the initiator, depositing the bundler's collateral and minting kUSD to
    /// `receiver`. Later steps name this vault as vault 0.
    /// @param typeId The collateral type.
    /// @param collateral The collateral; type(uint256).max for the bundler's whole balance; 0 for none.
    /// @param debt The kUSD to mint; 0 for none (minting needs the bundler as the initiator's operator).
    /// @param receiver The initiator or the bundler.
    function cdpOpen(uint256 typeId, uint256 collateral, uint256 debt, address receiver) external;

    /// @notice Deposits the bundler's collateral into a vault of the initiator (or of an account that made
    /// the initiator its operator).
    /// @param vaultId The vault; 0 for the one this bundle opened.
    /// @param amount The collateral; type(uint256).max for the bundler's whole balance.
    function cdpDeposit(uint256 vaultId, uint256 amount) external;

    /// @notice Withdraws collateral from a vault of the initiator (or of an account that made it its operator).
    /// @param vaultId The vault; 0 for the one this bundle opened.
    /// @param amount The collateral; type(uint256).max for all of it.
    /// @param receiver The initiator or the bundler.
    function cdpWithdraw(uint256 vaultId, uint256 amount, address receiver) external;

    /// @notice Mints kUSD against a vault of the initiator (or of an account that made it its operator).
    /// @param vaultId The vault; 0 for the one this bundle opened.
    /// @param amount The kUSD to mint.
    /// @param receiver The initiator or the bundler.
    function cdpMint(uint256 vaultId, uint256 amount, address receiver) external;

    /// @notice Repays a vault's debt with the bundler's kUSD.
    /// @param vaultId The vault; 0 for the one this bundle opened.
    /// @param amount The kUSD; type(uint256).max repays as much as the bundler's balance covers: the whole
    /// debt, leaving exactly zero, when it covers it, else as much as keeps the debt at or above the type's
    /// floor; nothing happens when the balance, the debt or that amount is zero.
    function cdpRepay(uint256 vaultId, uint256 amount) external;

    /// @notice Repays a vault's whole debt with the bundler's kUSD and sends all its collateral to `receiver`.
    /// @param vaultId The vault; 0 for the one this bundle opened.
    /// @param receiver The initiator or the bundler.
    function cdpClose(uint256 vaultId, address receiver) external;

    /// @notice Submits a signed kUSD-engine operator approval; skipped, like a pool authorization, when
    /// someone else submitted it first.
    /// @param approval The signed message.
    /// @param signature The owner's signature.
    function cdpSetOperatorWithSig(OperatorApproval calldata approval, bytes calldata signature) external;

    /// @notice Flash-mints `amount` kUSD and runs `steps` in the callback; the kUSD and the fee are paid back
    /// from the bundler's balance when the steps end.
    /// @param amount The kUSD flash-minted.
    /// @param steps The nested steps.
    function kusdFlashMint(uint256 amount, bytes[] calldata steps) external;

    /// @notice Sells the bundler's gem (USDC) to the peg module for kUSD, at par less its fee.
    /// @param gemAmount The gem sold; type(uint256).max for the bundler's whole balance.
    function psmSellGem(uint256 gemAmount) external;

    /// @notice Buys gem from the peg module with the bundler's kUSD, at par plus its fee.
    /// @param gemAmount The gem bought.
    /// @param maxKusdIn The most kUSD it may cost.
    function psmBuyGem(uint256 gemAmount, uint256 maxKusdIn) external;

    // ----- migration sources: each acts on the initiator's own position only -----

    /// @notice Repays the initiator's variable debt on an Aave v3 pool with the bundler's tokens.
    /// @param aavePool The Aave pool.
    /// @param asset The borrowed asset.
    /// @param amount The amount; type(uint256).max for the whole debt as it stands in this block (nothing
    /// when there is none).
    function aaveRepay(IAaveV3Pool aavePool, address asset, uint256 amount) external;

    /// @notice Withdraws the underlying of the aTokens the bundler holds (pulled from the initiator first,
    /// at their live balance) to the initiator or the bundler.
    /// @param aavePool The Aave pool.
    /// @param asset The supplied asset.
    /// @param amount The amount; type(uint256).max for all the bundler's aTokens.
    /// @param receiver The initiator or the bundler.
    function aaveWithdraw(IAaveV3Pool aavePool, address asset, uint256 amount, address receiver) external;

    /// @notice Submits the initiator's signed Morpho Blue authorization of the bundler (or its revocation);
    /// skipped when someone already submitted it.
    /// @param morpho The Morpho Blue contract.
    /// @param authorization The message; its authorizer is the initiator and its authorized the bundler.
    /// @param signature The initiator's signature.
    function morphoSetAuthorizationWithSig(
        IMorphoBlue morpho,
        MorphoAuthorization calldata authorization,
        MorphoSignature calldata signature
    ) external;

    /// @notice Repays the initiator's debt on a Morpho Blue market with the bundler's tokens.
    /// @param morpho The Morpho Blue contract.
    /// @param marketParams The market.
    /// @param assets The assets to repay (type(uint256).max for the bundler's balance), or zero.
    /// @param shares The shares to burn (type(uint256).max for all of them: nothing when there are none), or
    /// zero.
    function morphoRepay(
        IMorphoBlue morpho,
        MorphoMarketParams calldata marketParams,
        uint256 assets,
        uint256 shares
    ) external;

    /// @notice Withdraws the initiator's collateral from a Morpho Blue market (the initiator authorized the
    /// bundler there) to the initiator or the bundler.
    /// @param morpho The Morpho Blue contract.
    /// @param marketParams The market.
    /// @param assets The collateral; type(uint256).max for all of it.
    /// @param receiver The initiator or the bundler.
    function morphoWithdrawCollateral(
        IMorphoBlue morpho,
        MorphoMarketParams calldata marketParams,
        uint256 assets,
        address receiver
    ) external;

    // ----- post-conditions -----

    /// @notice Reverts unless `account`'s health factor in the pool is at least `minHealthFactor`.
    /// @param poolId The pool.
    /// @param account The account.
    /// @param minHealthFactor The minimum, in WAD.
    function requireHealthFactor(uint256 poolId, address account, uint256 minHealthFactor) external view;

    /// @notice Reverts unless `account` owes at most `maxDebt` of the reserve, interest to now included.
    /// @param poolId The pool.
    /// @param reserve The reserve.
    /// @param account The account.
    /// @param maxDebt The most debt, in token units (rounded up).
    function requireDebtAtMost(uint256 poolId, uint256 reserve, address account, uint256 maxDebt) external view;

    /// @notice Reverts unless the vault's collateral value over its debt is at least `minRatio`.
    /// @param vaultId The vault; 0 for the one this bundle opened.
    /// @param minRatio The minimum, in WAD (1.5e18 is 150%).
    function requireVaultRatio(uint256 vaultId, uint256 minRatio) external view;
}
