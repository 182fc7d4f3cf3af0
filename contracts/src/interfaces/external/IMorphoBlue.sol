// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @notice A Morpho Blue market's parameters; its id is keccak256 of their ABI encoding.
struct MorphoMarketParams {
    address loanToken;
    address collateralToken;
    address oracle;
    address irm;
    uint256 lltv;
}

/// @notice Morpho Blue's EIP-712 authorization message.
struct MorphoAuthorization {
    address authorizer;
    address authorized;
    bool isAuthorized;
    uint256 nonce;
    uint256 deadline;
}

/// @notice An ECDSA signature, as Morpho Blue takes it.
struct MorphoSignature {
    uint8 v;
    bytes32 r;
    bytes32 s;
}

/// @title IMorphoBlue
/// @notice The part of Morpho Blue a migration uses: repaying a borrower's debt, withdrawing its collateral
/// as an authorized account, and the signed authorization that allows it.
interface IMorphoBlue {
    /// @notice Repays `onBehalf`'s debt by assets or by shares (exactly one is zero), pulled from the caller.
    /// @param marketParams The market.
    /// @param assets The assets to repay, or zero.
    /// @param shares The borrow shares to burn, or zero.
    /// @param onBehalf The borrower.
    /// @param data Callback data; empty for none.
    /// @return assetsRepaid The assets repaid.
    /// @return sharesRepaid The shares burned.
    function repay(
        MorphoMarketParams memory marketParams,
        uint256 assets,
        uint256 shares,
        address onBehalf,
        bytes memory data
    ) external returns (uint256 assetsRepaid, uint256 sharesRepaid);

    /// @notice Withdraws `onBehalf`'s collateral to `receiver`; the caller must be it or authorized by it.
    /// @param marketParams The market.
    /// @param assets The collateral to withdraw.
    /// @param onBehalf The borrower.
    /// @param receiver The receiver.
    function withdrawCollateral(
        MorphoMarketParams memory marketParams,
        uint256 assets,
        address onBehalf,
        address receiver
    ) external;

    /// @notice Sets an authorization the authorizer signed; anyone may submit it.
    /// @param authorization The message.
    /// @param signature The authorizer's signature.
    function setAuthorizationWithSig(
        MorphoAuthorization calldata authorization,
        MorphoSignature calldata signature
    ) external;

    /// @notice A user's position in a market.
    /// @param id The market's id.
    /// @param user The user.
    /// @return supplyShares Its supply shares.
    /// @return borrowShares Its borrow shares.
    /// @return collateral Its collateral.
    function position(
        bytes32 id,
        address user
    ) external view returns (uint256 supplyShares, uint128 borrowShares, uint128 collateral);

    /// @notice Whether `authorized` may act for `authorizer`.
    /// @param authorizer The account.
    /// @param authorized The operator.
    /// @return Whether it may.
    function isAuthorized(address authorizer, address authorized) external view returns (bool);

    /// @notice The next nonce of `authorizer`'s signed authorizations.
    /// @param authorizer The account.
    /// @return The nonce.
    function nonce(address authorizer) external view returns (uint256);
}
