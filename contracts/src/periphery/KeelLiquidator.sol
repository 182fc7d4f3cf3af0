// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC3156FlashBorrower} from "@openzeppelin/contracts/interfaces/IERC3156FlashBorrower.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IKeelPool} from "../interfaces/IKeelPool.sol";
import {IUniswapV2Router} from "../interfaces/IUniswapV2Router.sol";

/// @title KeelLiquidator
/// @notice Liquidates without capital: flash-borrows the debt asset from KeelPool, liquidates,
/// sells the seized collateral on a Uniswap V2 router, repays the loan and pays the caller the rest.
/// @dev The flash-loan callback is accepted only from the pool, only with this contract as the
/// initiator, and only for the exact loan this contract is executing (its hash sits in transient
/// storage for the duration of the call). Calldata from anyone else is never trusted.
contract KeelLiquidator is IERC3156FlashBorrower {
    using SafeERC20 for IERC20;

    /// @notice Thrown when a callback does not come from the pool.
    error UntrustedLender(address caller);
    /// @notice Thrown when a flash loan was initiated by someone else.
    error UntrustedInitiator(address initiator);
    /// @notice Thrown when a callback does not match the loan this contract is executing.
    error UnexpectedCallback();
    /// @notice Thrown when the liquidation would pay the caller less than it asked for.
    error InsufficientProfit(uint256 profit, uint256 minProfit);

    struct Order {
        uint256 poolId;
        address borrower;
        uint256 collateralReserve;
        uint256 debtReserve;
        address collateralAsset;
        address debtAsset;
        uint256 deadline;
    }

    bytes32 internal constant FLASH_CALLBACK_SUCCESS = keccak256("ERC3156FlashBorrower.onFlashLoan");

    IKeelPool public immutable pool;
    IUniswapV2Router public immutable router;

    bytes32 private transient _pendingLoan;

    constructor(IKeelPool pool_, IUniswapV2Router router_) {
        pool = pool_;
        router = router_;
    }

    /// @notice Liquidates `borrower` by up to `maxRepayAssets` of its debt and sends the profit, in
    /// the debt asset, to the caller. Reverts unless the profit is at least `minProfit`.
    function liquidate(
        uint256 poolId,
        address borrower,
        uint256 collateralReserve,
        uint256 debtReserve,
        uint256 maxRepayAssets,
        uint256 minProfit
    ) external returns (uint256 profit) {
        Order memory order = Order({
            poolId: poolId,
            borrower: borrower,
            collateralReserve: collateralReserve,
            debtReserve: debtReserve,
            collateralAsset: pool.reserveConfig(poolId, collateralReserve).asset,
            debtAsset: pool.reserveConfig(poolId, debtReserve).asset,
            deadline: block.timestamp
        });
        bytes memory data = abi.encode(order);
        _pendingLoan = keccak256(data);
        pool.flashLoan(this, order.debtAsset, maxRepayAssets, data);
        _pendingLoan = bytes32(0);

        profit = IERC20(order.debtAsset).balanceOf(address(this));
        require(profit >= minProfit, InsufficientProfit(profit, minProfit));
        IERC20(order.debtAsset).safeTransfer(msg.sender, profit);
    }

    /// @inheritdoc IERC3156FlashBorrower
    function onFlashLoan(address initiator, address token, uint256 amount, uint256 fee, bytes calldata data)
        external
        returns (bytes32)
    {
        require(msg.sender == address(pool), UntrustedLender(msg.sender));
        require(initiator == address(this), UntrustedInitiator(initiator));
        require(_pendingLoan != bytes32(0) && keccak256(data) == _pendingLoan, UnexpectedCallback());
        Order memory order = abi.decode(data, (Order));

        IERC20(token).forceApprove(address(pool), type(uint256).max);
        pool.liquidate(order.poolId, order.borrower, order.collateralReserve, order.debtReserve, amount, address(this));
        // What arrived is the seized collateral less the protocol's fee.
        uint256 seized = IERC20(order.collateralAsset).balanceOf(address(this));
        address[] memory path = new address[](2);
        path[0] = order.collateralAsset;
        path[1] = order.debtAsset;
        IERC20(order.collateralAsset).forceApprove(address(router), seized);
        // The sale must at least repay the flash loan; anything less reverts the whole liquidation.
        router.swapExactTokensForTokens(seized, 0, path, address(this), order.deadline);
        require(IERC20(token).balanceOf(address(this)) >= amount + fee, InsufficientProfit(0, amount + fee));
        IERC20(token).forceApprove(address(pool), amount + fee);
        return FLASH_CALLBACK_SUCCESS;
    }
}
