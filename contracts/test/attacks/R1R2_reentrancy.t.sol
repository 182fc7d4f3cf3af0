// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC3156FlashBorrower} from "@openzeppelin/contracts/interfaces/IERC3156FlashBorrower.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {DevPriceFeed} from "../../src/devnet/DevPriceFeed.sol";
import {ReserveParams} from "../../src/interfaces/IKeelConfigurator.sol";
import {AccountHealth, Position, ReserveState} from "../../src/interfaces/PoolTypes.sol";
import {KeelPool} from "../../src/pool/KeelPool.sol";
import {BaseTest} from "../utils/BaseTest.sol";
import {HookToken, ITransferHook} from "../utils/HookToken.sol";

/// @dev Re-enters the pool from a token hook with whichever operation it is told to try, and
/// records what Keel's views said while it was inside.
contract Reenterer is ITransferHook, IERC3156FlashBorrower {
    enum Move {
        None,
        Supply,
        Withdraw,
        Borrow,
        Liquidate,
        FlashLoan,
        ReadViews
    }

    KeelPool internal immutable pool;
    HookToken internal immutable token;
    uint256 internal immutable poolId;
    Move public move;
    bool internal inside;
    uint256 public seenSupplyShares;
    uint256 public seenTotalSupply;

    constructor(KeelPool pool_, HookToken token_, uint256 poolId_) {
        pool = pool_;
        token = token_;
        poolId = poolId_;
        token.setHook(address(this));
        token.approve(address(pool_), type(uint256).max);
    }

    function setMove(Move m) external {
        move = m;
    }

    function supply(uint256 amount) external {
        pool.supply(poolId, 0, amount, 0, address(this));
    }

    function withdrawAll() external {
        pool.withdraw(poolId, 0, 0, pool.position(poolId, address(this), 0).supplyShares, address(this), address(this));
    }

    function onTokenTransfer(address, address, uint256) external {
        if (msg.sender != address(token) || inside) return;
        inside = true;
        Move m = move;
        if (m == Move.Supply) pool.supply(poolId, 0, 1e18, 0, address(this));
        else if (m == Move.Withdraw) pool.withdraw(poolId, 0, 1e18, 0, address(this), address(this));
        else if (m == Move.Borrow) pool.borrow(poolId, 0, 1e18, 0, address(this), address(this));
        else if (m == Move.Liquidate) pool.liquidate(poolId, address(this), 0, 0, 1e18, address(this));
        else if (m == Move.FlashLoan) pool.flashLoan(this, address(token), 500, "");
        else if (m == Move.ReadViews) {
            seenSupplyShares = pool.position(poolId, address(this), 0).supplyShares;
            seenTotalSupply = pool.reserveState(poolId, 0).totalSupplyAssets;
        }
        inside = false;
    }

    function onFlashLoan(address, address, uint256, uint256, bytes calldata) external returns (bytes32) {
        return keccak256("ERC3156FlashBorrower.onFlashLoan");
    }
}

/// @notice R1 (Agave, Hundred, Rari Fuse 2022): a token callback re-entered before accounting
/// finished. R2 (Curve read-only reentrancy): a view read mid-update. Keel writes state before
/// moving tokens and holds a transient lock across every operation's transfers.
contract R1R2ReentrancyAttack is BaseTest {
    HookToken internal hook;
    Reenterer internal attacker;
    uint256 internal hookPool;

    function setUp() public override {
        super.setUp();
        hook = new HookToken();
        DevPriceFeed feed = new DevPriceFeed(8, "HOOK / USD", 10e8);
        ReserveParams[] memory reserves = new ReserveParams[](1);
        reserves[0] = collateralParams(address(hook), address(adapter(feed, 18)));
        reserves[0].borrowEnabled = true;
        hook.mint(address(this), 1000);
        hook.approve(address(configurator), 1000);
        uint256[] memory seeds = new uint256[](1);
        seeds[0] = 1000;
        hookPool = configurator.createPool(riskAdmin, reserves, seeds);
        attacker = new Reenterer(pool, hook, hookPool);
        hook.mint(address(attacker), 100e18);
        attacker.supply(50e18);
    }

    function test_Attack_ReenteringFromTokenHookReverts() public {
        Reenterer.Move[5] memory moves = [
            Reenterer.Move.Supply,
            Reenterer.Move.Withdraw,
            Reenterer.Move.Borrow,
            Reenterer.Move.Liquidate,
            Reenterer.Move.FlashLoan
        ];
        for (uint256 i; i < moves.length; ++i) {
            attacker.setMove(moves[i]);
            if (moves[i] == Reenterer.Move.FlashLoan) {
                // flashLoan holds no lock and touches no accounting: re-entering it gains nothing.
                uint256 before = hook.balanceOf(address(attacker));
                attacker.withdrawAll();
                assertEq(hook.balanceOf(address(attacker)), before + 50e18, "only its own supply came back");
                attacker.supply(50e18);
                continue;
            }
            vm.expectRevert(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
            attacker.withdrawAll();
        }
    }

    function test_Attack_ViewsAreSettledDuringTokenHooks() public {
        attacker.setMove(Reenterer.Move.ReadViews);
        uint256 sharesBefore = pool.position(hookPool, address(attacker), 0).supplyShares;
        attacker.supply(10e18); // the pull (and the hook) comes after the books are written
        assertEq(attacker.seenSupplyShares(), pool.position(hookPool, address(attacker), 0).supplyShares);
        assertGt(attacker.seenSupplyShares(), sharesBefore);
        assertEq(attacker.seenTotalSupply(), pool.reserveState(hookPool, 0).totalSupplyAssets);
    }

    function test_Attack_ViewsAreSettledDuringFlashLoan() public {
        openPosition(10_000e6);
        ViewReader reader = new ViewReader(pool);
        ReserveState memory before = pool.reserveState(POOL, USDC_R);
        uint256 health = pool.healthFactor(POOL, borrower);
        reader.borrowAndRead(address(usdc), 500_000e6, borrower);
        assertEq(abi.encode(reader.seenState()), abi.encode(before));
        assertEq(reader.seenHealth(), health);
    }
}

contract ViewReader is IERC3156FlashBorrower {
    KeelPool internal immutable pool;
    ReserveState internal _seen;
    uint256 public seenHealth;
    address internal watched;

    constructor(KeelPool pool_) {
        pool = pool_;
    }

    function seenState() external view returns (ReserveState memory) {
        return _seen;
    }

    function borrowAndRead(address token, uint256 amount, address who) external {
        watched = who;
        pool.flashLoan(this, token, amount, "");
    }

    function onFlashLoan(address, address token, uint256 amount, uint256, bytes calldata) external returns (bytes32) {
        _seen = pool.reserveState(0, 1);
        seenHealth = pool.healthFactor(0, watched);
        HookToken(token).approve(address(pool), amount);
        return keccak256("ERC3156FlashBorrower.onFlashLoan");
    }
}
