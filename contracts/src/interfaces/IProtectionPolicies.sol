// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC3156FlashBorrower} from "@openzeppelin/contracts/interfaces/IERC3156FlashBorrower.sol";
import {IKeelErrors} from "./IKeelErrors.sol";
import {IPeripheryErrors} from "./IPeripheryErrors.sol";

/// @notice What makes a policy executable.
enum Trigger {
    HealthBelow, // the account's health factor is below `triggerValue` (WAD)
    PriceBelow, // the oracle price of `priceReserve` is below `triggerValue` (oracle scale)
    PriceAbove // the oracle price of `priceReserve` is above `triggerValue` (oracle scale)
}

/// @notice What an executor may do once the trigger holds.
enum Action {
    Deleverage, // sell collateral for debt through the policy's adapter (flash loan first), to the target band
    RepayFromWallet, // pull the debt asset from the owner's wallet, up to `repayAllowance` in all, to the target band
    Close, // repay the whole debt with collateral sold; the rest of the collateral stays posted
    SoftLiquidation, // the executor repays debt and takes collateral at the policy's incentive curve
    VaultRepay // sell a kUSD vault's collateral for kUSD (flash mint first) to repay it, to the target band
}

/// @notice A protection policy a borrower signs (EIP-712) or posts on chain; any executor may carry it out.
/// @dev Bounds in BPS are of the amount of debt repaid; health values are WAD; prices at oracle scale. For a
/// VaultRepay the position is the vault `vaultId` (the pool fields are unused), "health" is the vault's
/// collateral ratio (collateral value / debt, WAD: 1.5e18 is 150%) and the price triggers read the oracle of
/// the vault's collateral type.
struct Policy {
    address owner;
    uint256 poolId;
    uint256 vaultId;
    Trigger trigger;
    uint256 triggerValue;
    uint8 priceReserve;
    Action action;
    uint8 collateralReserve;
    uint8 debtReserve;
    /// Deleverage, RepayFromWallet and VaultRepay: the health (or ratio) to reach, and how far above it the
    /// result may land; each at most MAX_HEALTH_BAND.
    uint256 targetHealth;
    uint256 healthTolerance;
    /// RepayFromWallet: the most the policy may pull from the owner's wallet, over all its executions.
    uint256 repayAllowance;
    /// Deleverage, Close and VaultRepay: the only swap adapter the executor may use; the route it must pass
    /// (keccak256 of the adapter's data; zero lets the executor choose, and then the price bound is a price
    /// the executor may take in full); for VaultRepay, whether the adapter sells for the peg module's gem,
    /// which the module turns into kUSD; and the largest shortfall of a sale against the registry's oracles,
    /// at most MAX_DEVIATION_BPS. A sale may use at most the collateral whose oracle value, less that bound,
    /// covers what the sale must raise.
    address adapter;
    bytes32 route;
    bool throughPegModule;
    uint16 maxDeviationBps;
    /// The executor's fee: a share of the debt repaid, in BPS, and at most `maxFee` (debt asset units).
    uint16 feeBps;
    uint256 maxFee;
    /// SoftLiquidation: the incentive at the trigger (`triggerValue`) and at health 1, linear in between, in BPS
    /// (never above what the pool's own liquidation pays at health 1); the most of the debt one execution may
    /// repay, in BPS; each execution repays at least half of that most.
    uint16 incentiveStartBps;
    uint16 incentiveEndBps;
    uint16 closeFactorBps;
    /// Seconds between two executions; the moment after which it is dead; how many executions at most.
    uint32 cooldown;
    uint64 expiry;
    uint32 maxExecutions;
    /// The owner's policy nonce when signing; `cancelAll` moves it past every policy signed before.
    uint256 nonce;
}

/// @notice What the executor chooses for one execution; the policy bounds every choice.
struct Execution {
    /// The debt to repay, in the debt asset's units (Deleverage, RepayFromWallet, SoftLiquidation).
    uint256 repayAssets;
    /// The collateral to sell (Deleverage, Close).
    uint256 sellCollateral;
    /// The least the sale must deliver, and the adapter's route.
    uint256 minAmountOut;
    bytes swapData;
}

/// @title IProtectionPolicies
/// @notice Executes the protection policies borrowers sign: a trigger checked before, an action bounded by the
/// policy, and the outcome checked after. The executor chooses amounts (and the route when the policy commits
/// none); it can do nothing the policy does not allow, and is paid the policy's capped fee.
/// @dev The owner authorizes this contract on the pool once (`setAuthorization`), or for a vault makes it an
/// operator on the kUSD engine (`setOperator`); for RepayFromWallet it also approves the debt asset. Policies are signed under this contract's EIP-712 domain (chain id and address), or
/// posted on chain (`post`), in which case the stored hash stands for the signature.
interface IProtectionPolicies is IKeelErrors, IPeripheryErrors, IERC3156FlashBorrower {
    /// @notice A policy was posted on chain; the event carries it whole, so any keeper can find it.
    /// @param policyHash The policy's EIP-712 hash, stored in place of a signature.
    /// @param owner The borrower who posted it.
    /// @param policy The policy.
    event PostPolicy(bytes32 indexed policyHash, address indexed owner, Policy policy);
    /// @notice A policy was carried out.
    /// @param policyHash The policy's EIP-712 hash.
    /// @param owner The borrower.
    /// @param executor The keeper that executed it and received the fee.
    /// @param repaidAssets The debt repaid, in the debt asset's units.
    /// @param soldCollateral The collateral sold (or, for a soft liquidation, seized), in its units.
    /// @param fee The executor's fee, in the debt asset's units.
    /// @param healthBefore The health factor before, in WAD.
    /// @param healthAfter The health factor after, in WAD.
    event ExecutePolicy(
        bytes32 indexed policyHash,
        address indexed owner,
        address indexed executor,
        uint256 repaidAssets,
        uint256 soldCollateral,
        uint256 fee,
        uint256 healthBefore,
        uint256 healthAfter
    );
    /// @notice One policy was cancelled by its owner.
    /// @param policyHash The policy's EIP-712 hash.
    /// @param owner The borrower.
    event CancelPolicy(bytes32 indexed policyHash, address indexed owner);
    /// @notice Every policy the owner signed with a nonce other than `newNonce` is dead.
    /// @param owner The borrower.
    /// @param newNonce The nonce policies must carry from now on.
    event CancelAllPolicies(address indexed owner, uint256 newNonce);

    /// @notice Thrown when the signature is not the owner's and the policy was not posted.
    error InvalidPolicySignature();
    /// @notice Thrown when the policy was cancelled, by itself or by `cancelAll`.
    error PolicyCancelled(bytes32 policyHash);
    /// @notice Thrown after the policy's expiry.
    error PolicyExpired(uint256 expiry);
    /// @notice Thrown when the policy has used all its executions.
    error PolicyExhausted(uint256 maxExecutions);
    /// @notice Thrown during the policy's cooldown.
    error PolicyCoolingDown(uint256 readyAt);
    /// @notice Thrown when the trigger does not hold now.
    error TriggerNotMet(uint256 observed, uint256 triggerValue);
    /// @notice Thrown when the result is outside the policy's band: below the target or above target + tolerance.
    error OutcomeOutOfBand(uint256 healthAfter, uint256 targetHealth, uint256 healthTolerance);
    /// @notice Thrown when the execution would pull more from the wallet than the policy's allowance left.
    error RepayAllowanceExceeded(uint256 requested, uint256 remaining);
    /// @notice Thrown when a policy's parameters are inconsistent (named like OutOfBounds).
    error InvalidPolicy(string parameter);
    /// @notice Thrown when a soft liquidation would repay more than the policy's close factor allows.
    error CloseFactorExceeded(uint256 repayAssets, uint256 maxRepay);
    /// @notice Thrown when a close leaves debt (the sale did not cover it).
    error DebtLeft(uint256 debtShares);
    /// @notice Thrown when an execution leaves the health factor (or the vault's ratio) no higher than before.
    error HealthNotImproved(uint256 healthAfter, uint256 healthBefore);
    /// @notice Thrown when a sale would use more collateral than the debt it must cover needs.
    error SaleTooLarge(uint256 sold, uint256 maxSold);
    /// @notice Thrown when the executor's route is not the one the policy commits to.
    error UnexpectedRoute(bytes32 route);
    /// @notice Thrown when a soft liquidation repays less than half of what the close factor allows.
    error RepaymentTooSmall(uint256 repayAssets, uint256 minRepay);
    /// @notice Thrown when `cancelAll` would not move the nonce forward.
    error NonceNotAhead(uint256 newNonce, uint256 nonce);
    /// @notice Reported by `check` when the call reverted without a reason (for example a failing oracle).
    error UnexplainedRevert();
    /// @notice Reported by `check` when the policy contract may not act on the position (pool authorization or
    /// engine operator missing).
    error PolicyNotAuthorized(address owner);

    /// @notice Carries out `policy` with the executor's choices, after checking signature, bounds and trigger,
    /// and checks the outcome.
    /// @param policy The policy.
    /// @param signature The owner's EIP-712 signature; empty for a posted policy.
    /// @param execution The amounts the executor chose.
    /// @return fee The fee paid to the executor, in the debt asset's units.
    function execute(
        Policy calldata policy,
        bytes calldata signature,
        Execution calldata execution
    ) external returns (uint256 fee);

    /// @notice Posts the caller's own policy on chain: its hash is stored and the event carries it whole.
    /// @param policy The policy; its owner must be the caller.
    /// @return policyHash The policy's EIP-712 hash.
    function post(Policy calldata policy) external returns (bytes32 policyHash);

    /// @notice Cancels one of the caller's policies.
    /// @param policy The policy; its owner must be the caller.
    function cancel(Policy calldata policy) external;

    /// @notice Cancels every policy the caller signed until now, by moving its nonce to `newNonce`. A jump of
    /// more than one keeps policies pre-signed with the next nonces dead too (tools jump by a random amount).
    /// @param newNonce The nonce policies must carry from now on; above the current one.
    function cancelAll(uint256 newNonce) external;

    /// @notice A policy's EIP-712 hash (the digest the owner signs).
    /// @param policy The policy.
    /// @return The digest.
    function hashPolicy(Policy calldata policy) external view returns (bytes32);

    /// @notice Whether the policy could be executed now, and if not, why (an error's selector).
    /// @param policy The policy.
    /// @return ready True when, signature aside, every bound, the trigger, the authorization and the adapter hold.
    /// @return reason The selector of the first error `execute` would raise, or zero.
    function check(Policy calldata policy) external view returns (bool ready, bytes4 reason);
}
