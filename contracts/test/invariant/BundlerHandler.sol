// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Test} from "forge-std/Test.sol";
import {DevToken} from "../../src/devnet/DevToken.sol";
import {IBundler} from "../../src/interfaces/IBundler.sol";
import {IKeelPool} from "../../src/interfaces/IKeelPool.sol";
import {Position, ReserveState} from "../../src/interfaces/PoolTypes.sol";
import {ConstantProductRouter} from "../utils/ConstantProductRouter.sol";

/// @dev Drives the bundler with whole flows (open and borrow-and-swap, leverage up, deleverage, close) for
/// three users with random sizes, and an outsider who calls steps directly and forges callbacks. A
/// flow may be refused by the pool or a post-condition (the whole bundle then reverts, which the handler
/// checks left the user's position as it was); any change to a position the bundle's initiator does
/// not own counts as a breach.
contract BundlerHandler is Test {
    uint256 internal constant P = 1;
    uint256 internal constant R_WETH = 0;
    uint256 internal constant R_USDC = 1;

    IKeelPool internal pool;
    IBundler internal bundler;
    ConstantProductRouter internal router;
    address internal swapAdapter;
    DevToken internal weth;
    DevToken internal usdc;
    DevToken internal dai;
    address[3] internal users;

    uint256 public bundlesRun;
    uint256 public bundlesRefused;
    uint256 public breaches;

    constructor(
        IKeelPool pool_,
        IBundler bundler_,
        ConstantProductRouter router_,
        address swapAdapter_,
        DevToken[3] memory tokens,
        address[3] memory users_
    ) {
        pool = pool_;
        bundler = bundler_;
        router = router_;
        swapAdapter = swapAdapter_;
        (weth, usdc, dai) = (tokens[0], tokens[1], tokens[2]);
        users = users_;
    }

    function openAndSwap(uint256 userSeed, uint256 collateral, uint256 borrowBps) external {
        address user = users[userSeed % 3];
        collateral = bound(collateral, 0.01e18, 50e18);
        uint256 borrowed = (collateral * 3000 * bound(borrowBps, 1, 7_500)) / 1e4 / 1e12;
        if (borrowed == 0) return;
        weth.mint(user, collateral);
        bytes[] memory steps = new bytes[](5);
        steps[0] = abi.encodeCall(IBundler.pull, (address(weth), collateral));
        steps[1] = abi.encodeCall(IBundler.poolSupplyCollateral, (P, R_WETH, type(uint256).max, user));
        steps[2] = abi.encodeCall(IBundler.poolBorrow, (P, R_USDC, borrowed, 0, user, address(bundler)));
        steps[3] = _swap(address(usdc), address(dai), type(uint256).max, 0);
        steps[4] = abi.encodeCall(IBundler.requireHealthFactor, (P, user, 1.05e18));
        // The post-condition holds whenever the bundle went through.
        if (_run(user, steps) && pool.healthFactor(P, user) < 1.05e18) ++breaches;
    }

    function leverageUp(uint256 userSeed, uint256 collateral, uint256 leverageBps) external {
        address user = users[userSeed % 3];
        collateral = bound(collateral, 0.01e18, 50e18);
        uint256 flash = (collateral * 3000 * bound(leverageBps, 1, 30_000)) / 1e4 / 1e12;
        if (flash == 0) return;
        uint256 owed = flash + pool.flashFee(address(usdc), flash);
        weth.mint(user, collateral);
        bytes[] memory inner = new bytes[](3);
        inner[0] = _swap(address(usdc), address(weth), type(uint256).max, 0);
        inner[1] = abi.encodeCall(IBundler.poolSupplyCollateral, (P, R_WETH, type(uint256).max, user));
        inner[2] = abi.encodeCall(IBundler.poolBorrow, (P, R_USDC, owed, 0, user, address(bundler)));
        bytes[] memory steps = new bytes[](4);
        steps[0] = abi.encodeCall(IBundler.pull, (address(weth), collateral));
        steps[1] = abi.encodeCall(IBundler.poolSupplyCollateral, (P, R_WETH, type(uint256).max, user));
        steps[2] = abi.encodeCall(IBundler.poolFlashLoan, (address(usdc), flash, inner));
        steps[3] = abi.encodeCall(IBundler.requireHealthFactor, (P, user, 1.1e18));
        if (_run(user, steps) && pool.healthFactor(P, user) < 1.1e18) ++breaches;
    }

    function deleverage(uint256 userSeed, uint256 repayBps) external {
        address user = users[userSeed % 3];
        uint256 debt = _debt(user);
        uint256 flash = (debt * bound(repayBps, 1, 10_000)) / 1e4;
        if (flash == 0) return;
        uint256 owed = flash + pool.flashFee(address(usdc), flash);
        uint256 sold = (_quoteIn(owed) * 1_005) / 1_000;
        if (sold > pool.position(P, user, R_WETH).collateral) return;
        bytes[] memory inner = new bytes[](3);
        inner[0] = abi.encodeCall(IBundler.poolRepay, (P, R_USDC, flash, 0, user));
        inner[1] = abi.encodeCall(IBundler.poolWithdrawCollateral, (P, R_WETH, sold, user, address(bundler)));
        inner[2] = _swap(address(weth), address(usdc), type(uint256).max, owed);
        bytes[] memory steps = new bytes[](2);
        steps[0] = abi.encodeCall(IBundler.poolFlashLoan, (address(usdc), flash, inner));
        steps[1] = abi.encodeCall(IBundler.poolRepay, (P, R_USDC, type(uint256).max, 0, user));
        _run(user, steps);
    }

    function close(uint256 userSeed) external {
        address user = users[userSeed % 3];
        uint256 flash = _debt(user);
        if (flash == 0) return;
        uint256 owed = flash + pool.flashFee(address(usdc), flash);
        uint256 sold = (_quoteIn(owed) * 1_005) / 1_000;
        bytes[] memory inner = new bytes[](3);
        inner[0] = abi.encodeCall(IBundler.poolRepay, (P, R_USDC, 0, type(uint256).max, user));
        inner[1] = abi.encodeCall(
            IBundler.poolWithdrawCollateral,
            (P, R_WETH, type(uint256).max, user, address(bundler))
        );
        inner[2] = _swap(address(weth), address(usdc), sold, owed);
        bytes[] memory steps = new bytes[](1);
        steps[0] = abi.encodeCall(IBundler.poolFlashLoan, (address(usdc), flash, inner));
        if (_run(user, steps) && pool.position(P, user, R_USDC).debtShares != 0) ++breaches;
    }

    /// @dev An outsider calls a step directly, forges a callback, and starts a bundle naming a victim.
    function outsiderAttacks(uint256 victimSeed) external {
        address victim = users[victimSeed % 3];
        address outsider = address(0xBAD);
        vm.startPrank(outsider);
        try bundler.poolWithdrawCollateral(P, R_WETH, 1, victim, outsider) {
            ++breaches;
        } catch {}
        try bundler.onFlashLoan(address(bundler), address(usdc), 1, 0, "") {
            ++breaches;
        } catch {}
        bytes[] memory steps = new bytes[](1);
        steps[0] = abi.encodeCall(IBundler.poolBorrow, (P, R_USDC, 1e6, 0, victim, address(bundler)));
        try bundler.multicall(steps) {
            ++breaches;
        } catch {}
        vm.stopPrank();
    }

    // ----- helpers -----

    function _run(address user, bytes[] memory steps) internal returns (bool succeeded) {
        Position[3][3] memory before = _positions();
        vm.prank(user);
        try bundler.multicall(steps) {
            succeeded = true;
            ++bundlesRun;
        } catch {
            ++bundlesRefused;
        }
        Position[3][3] memory afterwards = _positions();
        for (uint256 u; u < 3; ++u) {
            // A refused bundle changes nothing; a bundle changes nobody's position but its initiator's.
            bool mayChange = succeeded && users[u] == user;
            for (uint256 r; r < 3; ++r) {
                bytes32 was = keccak256(abi.encode(before[u][r]));
                if (!mayChange && was != keccak256(abi.encode(afterwards[u][r]))) ++breaches;
            }
        }
    }

    function _positions() internal view returns (Position[3][3] memory all) {
        for (uint256 u; u < 3; ++u) {
            for (uint256 r; r < 3; ++r) all[u][r] = pool.position(P, users[u], r);
        }
    }

    function _swap(
        address tokenIn,
        address tokenOut,
        uint256 amountIn,
        uint256 minOut
    ) internal view returns (bytes memory) {
        return abi.encodeCall(IBundler.swap, (swapAdapter, tokenIn, tokenOut, amountIn, minOut, 300, ""));
    }

    function _debt(address user) internal view returns (uint256) {
        uint256 shares = pool.position(P, user, R_USDC).debtShares;
        ReserveState memory state = pool.expectedReserveState(P, R_USDC);
        uint256 assets = uint256(state.totalBorrowAssets) + 1;
        uint256 totalShares = uint256(state.totalBorrowShares) + 1e6;
        return (shares * assets + totalShares - 1) / totalShares;
    }

    function _quoteIn(uint256 amountOut) internal view returns (uint256) {
        uint256 reserveIn = router.reserveOf(address(weth), address(usdc));
        uint256 reserveOut = router.reserveOf(address(usdc), address(weth));
        return (reserveIn * amountOut * 1000) / ((reserveOut - amountOut) * 997) + 1;
    }
}
