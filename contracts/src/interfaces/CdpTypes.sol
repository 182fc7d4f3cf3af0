// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IPriceOracle} from "./IPriceOracle.sol";

/// @notice What governance sets for one collateral type. Percentages are in BPS (1e4 = 100%).
/// @dev `stabilityFee` is the per-second growth factor of debt in RAY: RAY means no fee, and
/// RAY × (1 + APY)^(1 / 31_536_000) compounds to that APY over a 365-day year.
/// Amounts (ceiling, floor, tip, auction limit) are in kUSD wei.
struct CollateralParams {
    IPriceOracle oracle;
    uint256 stabilityFee;
    uint16 minRatioBps;
    uint16 liquidationPenaltyBps;
    uint16 auctionStartBufferBps;
    uint16 auctionFloorBps;
    uint16 keeperFeeBps;
    uint32 auctionHalfLife;
    uint32 auctionMaxDuration;
    uint128 debtCeiling;
    uint128 debtFloor;
    uint128 keeperTip;
    uint128 auctionLimit;
}

/// @notice The stored state and parameters of one collateral type, as `collateralType` returns them.
/// @dev Slots: (rate 128 | lastAccrual 40 | feeExcess 64 | flags 8) · (totalNormalizedDebt 128 |
/// debtCeiling 128) · (debtFloor 128 | keeperTip 128) · (auctionLimit 128 | inAuction 128) ·
/// (oracle 160 | five BPS fields 80) · (token 160 | halfLife 32 | maxDuration 32) ·
/// (shutdownPrice 128 | lastGoodPrice 128). The first two are the only slots a mint or repay writes.
/// `feeExcess` is stabilityFee − RAY, which fits 64 bits under the fee bound.
struct CollateralType {
    uint128 rate;
    uint40 lastAccrual;
    uint64 feeExcess;
    uint8 flags;
    uint128 totalNormalizedDebt;
    uint128 debtCeiling;
    uint128 debtFloor;
    uint128 keeperTip;
    uint128 auctionLimit;
    uint128 inAuction;
    IPriceOracle oracle;
    uint16 minRatioBps;
    uint16 liquidationPenaltyBps;
    uint16 auctionStartBufferBps;
    uint16 auctionFloorBps;
    uint16 keeperFeeBps;
    address token;
    uint32 auctionHalfLife;
    uint32 auctionMaxDuration;
    uint128 shutdownPrice;
    uint128 lastGoodPrice;
}

/// @dev Collateral-type flags.
uint8 constant TYPE_MINT_PAUSED = 1;
uint8 constant TYPE_SHUTDOWN = 2;

/// @notice A vault: one owner, one collateral type.
/// @dev Slots: (owner 160 | typeId 32) · (collateral 128 | normalizedDebt 128).
/// Debt in kUSD = normalizedDebt × rate / RAY, rounded up.
struct Vault {
    address owner;
    uint32 typeId;
    uint128 collateral;
    uint128 normalizedDebt;
}

/// @notice A Dutch auction of a vault's seized collateral. An auction's id is its vault's id, so a
/// vault has at most one auction at a time.
/// @dev Slots: (collateral 128 | tab 128) · (debt 128 | topPrice 128) · (startedAt 40).
/// `tab` is the kUSD still to raise (debt + penalty); `debt` is the part of the tab recovered first:
/// the principal and the keeper rewards the system advanced for this auction (never more than the
/// tab, since rewards stay within the penalty); the rest is penalty and goes to the surplus.
struct Auction {
    uint128 collateral;
    uint128 tab;
    uint128 debt;
    uint128 topPrice;
    uint40 startedAt;
}

/// @notice An operator approval signed by a vault owner (EIP-712).
struct OperatorApproval {
    address owner;
    address operator;
    bool approved;
    uint256 nonce;
    uint256 deadline;
}
