// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @dev Reserve flags, bits of `ReserveConfig.flags`.
uint8 constant FLAG_COLLATERAL = 1; // the asset may be supplied as collateral
uint8 constant FLAG_BORROWABLE = 2; // the asset may be borrowed
uint8 constant FLAG_FROZEN = 4; // risk admin: no new supply, no new borrow
uint8 constant FLAG_PAUSED = 8; // guardian: no new supply, no new borrow

/// @dev A pool holds at most this many reserves; account bitmaps are 16 bits wide.
uint256 constant MAX_RESERVES = 16;

/// @notice Risk and wiring parameters of one reserve. Percentages are in basis points (BPS).
/// @dev The pool stores it in three slots, laid out for what each operation reads (PoolState.StoredConfig).
struct ReserveConfig {
    address asset;
    uint8 decimals;
    uint8 flags;
    uint8 eModeCategory; // 0 = none
    uint16 reserveFactorBps; // share of borrow interest paid to the treasury
    uint16 liquidationFeeBps; // share of the liquidation bonus paid to the treasury
    uint40 supplyCap; // whole tokens of supply plus collateral, 0 = uncapped
    address irm;
    uint40 borrowCap; // whole tokens, 0 = uncapped
    address oracle;
    uint16 ltvBps; // borrowing power per unit of collateral value
    uint16 liquidationThresholdBps; // health-factor weight of collateral value
    uint16 maxLiquidationBonusBps; // upper bound of the liquidation incentive
}

/// @notice Accounting totals of one reserve. All totals are internal: donations change nothing.
/// @dev Packed into four slots:
///   slot 3: totalSupplyAssets (128) | totalSupplyShares (128)
///   slot 4: totalBorrowAssets (128) | totalBorrowShares (128)
///   slot 5: totalCollateral (128) | treasuryCollateral (120) | listed (8)
///   slot 6: treasuryShares (128) | lastUpdate (40) | interestRemainder (64)
/// `listed` is set when the reserve is listed and never cleared. It keeps slot 5 non-zero, so the
/// first collateral a reserve receives updates a slot instead of creating one (20,000 gas less for
/// that depositor; the last withdrawal gets no refund for clearing the slot). 120 bits of treasury
/// collateral are 1.3e36 units, 1.3e18 tokens of 18 decimals.
struct ReserveState {
    uint128 totalSupplyAssets;
    uint128 totalSupplyShares; // includes treasuryShares
    uint128 totalBorrowAssets;
    uint128 totalBorrowShares;
    uint128 totalCollateral; // includes treasuryCollateral
    uint120 treasuryCollateral; // liquidation fees not yet collected
    bool listed; // true from the listing on
    uint128 treasuryShares; // reserve-factor supply shares not yet collected
    uint40 lastUpdate;
    uint64 interestRemainder; // interest owed below one token unit, in WAD of a unit, carried to the next accrual
}

/// @notice One account's balances in one reserve.
/// @dev slot 0: supplyShares (128) | collateral (128); slot 1: debtShares (128).
struct Position {
    uint128 supplyShares;
    uint128 collateral;
    uint128 debtShares;
}

/// @notice Higher limits for correlated assets; they apply to a collateral of the category when
/// every borrowed reserve of the account belongs to the same category. Packed in one slot.
struct EModeCategory {
    uint16 ltvBps;
    uint16 liquidationThresholdBps;
    uint16 maxLiquidationBonusBps;
}

/// @notice An account's value summary in a pool, in WAD of the oracles' quote currency (USD).
struct AccountHealth {
    uint256 collateralValue; // Σ collateral value
    uint256 borrowPower; // Σ collateral value × LTV
    uint256 liquidationValue; // Σ collateral value × liquidation threshold
    uint256 debtValue; // Σ debt value, rounded up
}

/// @notice EIP-712 message: `authorizer` lets `operator` act for it in every pool (or revokes it).
struct Authorization {
    address authorizer;
    address operator;
    bool isAuthorized;
    uint256 nonce;
    uint256 deadline;
}

/// @notice EIP-712 message: `owner` lets `delegate` borrow up to `amount` of a reserve against its collateral.
struct Delegation {
    address owner;
    address delegate;
    uint256 poolId;
    uint256 reserve;
    uint256 amount;
    uint256 nonce;
    uint256 deadline;
}
