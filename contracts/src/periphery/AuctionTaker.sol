// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IAuctionTaker} from "../interfaces/IAuctionTaker.sol";
import {ICdpEngine} from "../interfaces/ICdpEngine.sol";
import {IPegStabilityModule} from "../interfaces/IPegStabilityModule.sol";
import {IUniswapV2Router} from "../interfaces/IUniswapV2Router.sol";

/// @title AuctionTaker
/// @notice Takes from kUSD auctions without capital: receives the collateral, sells it on a Uniswap V2
/// router along a path, turns the proceeds into kUSD (directly, or through the peg module when the
/// path ends in its stablecoin), lets the engine burn the price, and pays the caller the rest.
/// @dev The callback is accepted only from the engine, only for a take this contract initiated, and
/// only for the exact take it is executing (its hash sits in transient storage during the call).
contract AuctionTaker is IAuctionTaker {
    using SafeERC20 for IERC20;

    /// @notice Thrown when a callback does not come from the engine.
    error UntrustedEngine(address caller);
    /// @notice Thrown when a take was initiated by someone else.
    error UntrustedTaker(address taker);
    /// @notice Thrown when a callback does not match the take this contract is executing.
    error UnexpectedCallback();
    /// @notice Thrown when the sale would pay the caller less than it asked for.
    error InsufficientProfit(uint256 profit, uint256 minProfit);

    ICdpEngine public immutable engine;
    IERC20 public immutable kusd;
    IUniswapV2Router public immutable router;
    /// @notice The peg module used when a path ends in its stablecoin; zero if none.
    IPegStabilityModule public immutable psm;

    bytes32 private transient _pendingTake;
    /// @dev The contract's kUSD when the take began: only what the sale brings in pays the engine and the
    /// caller, so kUSD sent here by anyone else never pays for a take nor counts as a caller's profit.
    uint256 private transient _kusdBefore;

    constructor(ICdpEngine engine_, IUniswapV2Router router_, IPegStabilityModule psm_) {
        engine = engine_;
        kusd = IERC20(engine_.kusd());
        router = router_;
        psm = psm_;
    }

    /// @notice Buys up to `maxCollateral` from the auction of `vaultId` at no more than `maxPrice`,
    /// sells it along `path` (collateral first), and sends the kUSD left after paying to the caller.
    /// @dev Checks: the callback's (engine, own take, exact take), the sale covering the price, and the
    /// profit reaching `minProfit`. Rounding is the engine's and the router's; the profit is this
    /// take's gain in kUSD, measured as a balance difference.
    function takeAndSell(
        uint256 vaultId,
        uint256 maxCollateral,
        uint256 maxPrice,
        address[] calldata path,
        uint256 minProfit
    ) external returns (uint256 profit) {
        bytes memory data = abi.encode(path);
        uint256 before = kusd.balanceOf(address(this));
        _kusdBefore = before;
        _pendingTake = keccak256(abi.encode(vaultId, data));
        engine.take(vaultId, maxCollateral, maxPrice, address(this), data);
        _pendingTake = bytes32(0);
        // The callback made sure the sale brought in at least the price the engine burned.
        profit = kusd.balanceOf(address(this)) - before;
        require(profit >= minProfit, InsufficientProfit(profit, minProfit));
        kusd.safeTransfer(msg.sender, profit);
    }

    /// @inheritdoc IAuctionTaker
    function onAuctionTake(
        address taker,
        uint256 vaultId,
        uint256 collateral,
        uint256 paid,
        bytes calldata data
    ) external {
        require(msg.sender == address(engine), UntrustedEngine(msg.sender));
        require(taker == address(this), UntrustedTaker(taker));
        require(
            _pendingTake != bytes32(0) && keccak256(abi.encode(vaultId, data)) == _pendingTake,
            UnexpectedCallback()
        );
        address[] memory path = abi.decode(data, (address[]));

        IERC20(path[0]).forceApprove(address(router), collateral);
        uint256[] memory amounts = router.swapExactTokensForTokens(collateral, 0, path, address(this), block.timestamp);
        address last = path[path.length - 1];
        if (last != address(kusd)) {
            // The path ends in the peg module's stablecoin: swap it for kUSD at par, less the fee.
            IERC20(last).forceApprove(address(psm), amounts[amounts.length - 1]);
            psm.sellGem(amounts[amounts.length - 1], address(this));
        }
        // The engine burns `paid` from this contract next; a sale that brought in less reverts the whole take.
        uint256 balance = kusd.balanceOf(address(this));
        require(balance >= _kusdBefore + paid, InsufficientProfit(0, paid));
    }
}
