// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC3156FlashBorrower} from "@openzeppelin/contracts/interfaces/IERC3156FlashBorrower.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IKeelPoolErrors} from "../../src/interfaces/IKeelPoolErrors.sol";
import {KeelPool} from "../../src/pool/KeelPool.sol";
import {BaseTest} from "../utils/BaseTest.sol";

/// @dev A constant-product spot market, the kind of price source bZx, Mango and UwU Lend trusted.
contract SpotMarket {
    IERC20 public immutable base;
    IERC20 public immutable quote;

    constructor(IERC20 base_, IERC20 quote_) {
        base = base_;
        quote = quote_;
    }

    /// @notice Spot quote units per whole base token (18 decimals), the manipulable number.
    function spotPrice() external view returns (uint256) {
        return (quote.balanceOf(address(this)) * 1e18) / base.balanceOf(address(this));
    }

    function sellQuote(uint256 amountIn) external returns (uint256 out) {
        uint256 b = base.balanceOf(address(this));
        uint256 q = quote.balanceOf(address(this));
        out = (b * amountIn) / (q + amountIn);
        quote.transferFrom(msg.sender, address(this), amountIn);
        base.transfer(msg.sender, out);
    }
}

/// @dev The attacker flash-borrows USDC from Keel itself, pumps WETH on the spot market 50×, and
/// tries to borrow against the pumped collateral inside the same transaction.
contract SpotPumper is IERC3156FlashBorrower {
    KeelPool internal immutable pool;
    SpotMarket internal immutable market;
    IERC20 internal immutable usdc;
    uint256 public pumpedSpot;
    uint256 public powerDuringPump;

    constructor(KeelPool pool_, SpotMarket market_, IERC20 usdc_) {
        pool = pool_;
        market = market_;
        usdc = usdc_;
    }

    function attack(uint256 loan) external {
        pool.flashLoan(this, address(usdc), loan, "");
    }

    function onFlashLoan(address, address, uint256 amount, uint256, bytes calldata) external returns (bytes32) {
        usdc.approve(address(market), amount);
        market.sellQuote((amount * 98) / 100);
        pumpedSpot = market.spotPrice();
        powerDuringPump = pool.accountHealth(0, address(this)).borrowPower;
        try pool.borrow(0, 1, 50_000e6, 0, address(this), address(this)) {
            revert("borrowed against a pumped price");
        } catch {}
        // It cannot repay: unwind by failing the loan is not an option, so it pays back what it can.
        usdc.approve(address(pool), amount);
        return keccak256("ERC3156FlashBorrower.onFlashLoan");
    }
}

/// @notice O1 (bZx, Inverse, Mango, UwU Lend): a price read from a DEX spot moved by a flash loan.
/// No Keel adapter reads a DEX; caps bound exposure to any one asset.
contract O1SpotPriceManipulationAttack is BaseTest {
    function test_Attack_PumpedSpotDoesNotMoveKeelPrice() public {
        supply(lender, USDC_R, 5_000_000e6);
        SpotMarket market = new SpotMarket(IERC20(address(weth)), IERC20(address(usdc)));
        weth.mint(address(market), 100e18);
        usdc.mint(address(market), 300_000e6); // spot 3000
        SpotPumper attacker = new SpotPumper(pool, market, IERC20(address(usdc)));
        weth.mint(address(attacker), 1e18);
        vm.startPrank(address(attacker));
        weth.approve(address(pool), 1e18);
        pool.supplyCollateral(POOL, WETH_R, 1e18, address(attacker));
        vm.stopPrank();
        uint256 priceBefore = ethOracle.price();
        uint256 powerBefore = pool.accountHealth(POOL, address(attacker)).borrowPower;

        // 2,000,000 USDC moves the spot about 50× (quote reserves ×~7.5, base reserves ÷~7.5).
        usdc.mint(address(attacker), 2_000_000e6);
        attacker.attack(2_000_000e6);

        assertGt(attacker.pumpedSpot(), (40 * 3000e18) / 1e12, "the spot market was pumped ~50x");
        assertEq(attacker.powerDuringPump(), powerBefore, "borrowing power unchanged during the pump");
        assertEq(ethOracle.price(), priceBefore, "Keel's price unchanged");
    }

    function test_Attack_CapBoundsExposure() public {
        wethParams.supplyCap = 1000;
        updateReserve(WETH_R, wethParams);
        weth.mint(borrower, 2000e18);
        vm.prank(borrower);
        vm.expectPartialRevert(IKeelPoolErrors.SupplyCapExceeded.selector);
        pool.supplyCollateral(POOL, WETH_R, 2000e18, borrower);
    }
}
