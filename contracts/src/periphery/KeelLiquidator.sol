// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC3156FlashBorrower} from "@openzeppelin/contracts/interfaces/IERC3156FlashBorrower.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IKeelPool} from "../interfaces/IKeelPool.sol";
import {IUniswapV2Router} from "../interfaces/IUniswapV2Router.sol";

/// @title KeelLiquidator
/// @notice Liquidates without capital: flash-borrows the debt asset from KeelPool, liquidates,
/// sells the seized collateral on a Uniswap V2 router (directly or through intermediate tokens), repays
/// the loan and pays the caller the rest.
/// @dev The flash-loan callback is accepted only from the pool, only with this contract as the
/// initiator, and only for the exact loan this contract is executing (its hash sits in transient
/// storage for the duration of the call). Calldata from anyone else is never trusted.
/// Each call works only with what it brings in itself: it sells the collateral this liquidation
/// seized, pays the caller the debt asset this call gained, and ends with no allowance to the pool or
/// the router, so tokens anyone left in the contract are neither sold, nor spent, nor paid out.
contract KeelLiquidator is IERC3156FlashBorrower {
    using SafeERC20 for IERC20;

    /// @notice Thrown when a callback does not come from the pool.
    error UntrustedLender(address caller);
    /// @notice Thrown when a flash loan was initiated by someone else.
    error UntrustedInitiator(address initiator);
    /// @notice Thrown when a callback does not match the loan this contract is executing.
    error UnexpectedCallback();
    /// @notice Thrown when the liquidation would pay the caller less than it asked for, or (with a
    /// profit of 0) when the sale of the seized collateral cannot repay the flash loan.
    error InsufficientProfit(uint256 profit, uint256 minProfit);
    /// @notice Thrown when the sale of the seized collateral returned less than the caller's minimum.
    error InsufficientSwapOutput(uint256 amountOut, uint256 minAmountOut);
    /// @notice Thrown when the swap path does not start at the collateral asset and end at the debt asset.
    error InvalidPath();

    struct Order {
        uint256 poolId;
        address borrower;
        uint256 collateralReserve;
        uint256 debtReserve;
        address collateralAsset;
        address debtAsset;
        address[] path;
        uint256 minAmountOut;
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

    /// @notice Liquidates `borrower` by up to `maxRepayAssets` of its debt, sells the collateral seized
    /// along `path` for at least `minAmountOut` of the debt asset, and sends the profit, in the debt
    /// asset, to the caller. Reverts unless the profit is at least `minProfit`.
    /// @dev Quote `minAmountOut` from a simulation of the same call, less the slippage you accept: it
    /// bounds what a sandwich around the sale can take. The profit is this call's gain only.
    /// @param poolId The pool.
    /// @param borrower The account to liquidate.
    /// @param collateralReserve The reserve whose collateral is seized and sold.
    /// @param debtReserve The reserve whose debt is repaid; its asset is flash-borrowed.
    /// @param maxRepayAssets The most debt to repay, in debt-asset units; the pool may take less.
    /// @param path The Uniswap V2 path of the sale: the collateral asset first, the debt asset last, and
    /// any tokens between (e.g. [WBTC, USDC, DAI] where no WBTC/DAI pair exists).
    /// @param minAmountOut The least debt asset the sale of the seized collateral must return.
    /// @param minProfit The least profit, in debt-asset units, the caller accepts.
    /// @return profit What the caller received, in debt-asset units.
    function liquidate(
        uint256 poolId,
        address borrower,
        uint256 collateralReserve,
        uint256 debtReserve,
        uint256 maxRepayAssets,
        address[] calldata path,
        uint256 minAmountOut,
        uint256 minProfit
    ) external returns (uint256 profit) {
        Order memory order = Order({
            poolId: poolId,
            borrower: borrower,
            collateralReserve: collateralReserve,
            debtReserve: debtReserve,
            collateralAsset: pool.reserveConfig(poolId, collateralReserve).asset,
            debtAsset: pool.reserveConfig(poolId, debtReserve).asset,
            path: path,
            minAmountOut: minAmountOut,
            deadline: block.timestamp
        });
        require(
            path.length >= 2 && path[0] == order.collateralAsset && path[path.length - 1] == order.debtAsset,
            InvalidPath()
        );
        IERC20 debtToken = IERC20(order.debtAsset);
        uint256 balanceBefore = debtToken.balanceOf(address(this));
        bytes memory data = abi.encode(order);
        _pendingLoan = keccak256(data);
        pool.flashLoan(this, order.debtAsset, maxRepayAssets, data);
        _pendingLoan = bytes32(0);

        // The callback ended with at least the loan, its fee and the balance held before; the pool
        // has pulled the loan and fee back, so this difference is this call's gain and nothing else.
        profit = debtToken.balanceOf(address(this)) - balanceBefore;
        require(profit >= minProfit, InsufficientProfit(profit, minProfit));
        debtToken.safeTransfer(msg.sender, profit);
    }

    /// @inheritdoc IERC3156FlashBorrower
    function onFlashLoan(
        address initiator,
        address token,
        uint256 amount,
        uint256 fee,
        bytes calldata data
    ) external returns (bytes32) {
        require(msg.sender == address(pool), UntrustedLender(msg.sender));
        require(initiator == address(this), UntrustedInitiator(initiator));
        require(_pendingLoan != bytes32(0) && keccak256(data) == _pendingLoan, UnexpectedCallback());
        Order memory order = abi.decode(data, (Order));
        IERC20 debtToken = IERC20(token);
        IERC20 collateralToken = IERC20(order.collateralAsset);
        // The loan has arrived: to repay it and its fee from this call's own proceeds, the callback must
        // end with at least this balance.
        uint256 repayableBalance = debtToken.balanceOf(address(this)) + fee;
        uint256 collateralBefore = collateralToken.balanceOf(address(this));

        debtToken.forceApprove(address(pool), amount);
        pool.liquidate(order.poolId, order.borrower, order.collateralReserve, order.debtReserve, amount, address(this));
        // What arrived is the seized collateral less the protocol's fee.
        uint256 seized = collateralToken.balanceOf(address(this)) - collateralBefore;
        uint256 debtBeforeSale = debtToken.balanceOf(address(this));
        // Along a longer path the router moves each hop's output pair to pair: no intermediate token stays here.
        collateralToken.forceApprove(address(router), seized);
        router.swapExactTokensForTokens(seized, order.minAmountOut, order.path, address(this), order.deadline);
        collateralToken.forceApprove(address(router), 0);
        // Checked here too, so that a router ignoring its minimum cannot sell below it.
        uint256 amountOut = debtToken.balanceOf(address(this)) - debtBeforeSale;
        require(amountOut >= order.minAmountOut, InsufficientSwapOutput(amountOut, order.minAmountOut));
        // The sale must at least repay the flash loan; anything less reverts the whole liquidation.
        require(debtToken.balanceOf(address(this)) >= repayableBalance, InsufficientProfit(0, amount + fee));
        // Exactly what the pool pulls next (this also replaces what the liquidation left unused), so the
        // call ends with no allowance.
        debtToken.forceApprove(address(pool), amount + fee);
        return FLASH_CALLBACK_SUCCESS;
    }
}
