// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC3156FlashBorrower} from "@openzeppelin/contracts/interfaces/IERC3156FlashBorrower.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IKeelPoolErrors} from "../../../src/interfaces/IKeelPoolErrors.sol";
import {FlashBorrowerExample} from "../../../src/periphery/FlashBorrowerExample.sol";
import {DevToken} from "../../../src/devnet/DevToken.sol";
import {ReserveParams} from "../../../src/interfaces/IKeelConfigurator.sol";
import {BaseTest} from "../../utils/BaseTest.sol";

/// @dev A receiver that returns a wrong value, or keeps the money.
contract BadReceiver is IERC3156FlashBorrower {
    bool internal immutable approveRepay;

    constructor(bool approveRepay_) {
        approveRepay = approveRepay_;
    }

    function onFlashLoan(
        address,
        address token,
        uint256 amount,
        uint256 fee,
        bytes calldata
    ) external returns (bytes32) {
        if (approveRepay) {
            IERC20(token).approve(msg.sender, amount + fee);
            return keccak256("ERC3156FlashBorrower.onFlashLoan");
        }
        return bytes32(0);
    }
}

contract FlashLoanTest is BaseTest {
    FlashBorrowerExample internal receiver;

    function setUp() public override {
        super.setUp();
        receiver = new FlashBorrowerExample(pool);
        supply(lender, USDC_R, 1_000_000e6);
    }

    function test_FlashLoan_WholeBalance_NoFeeByDefault() public {
        uint256 max = pool.maxFlashLoan(address(usdc));
        assertEq(max, 1_000_000e6 + configurator.MIN_SEED());
        assertEq(pool.flashFee(address(usdc), max), 0);
        vm.expectEmit(address(receiver));
        emit FlashBorrowerExample.Borrowed(address(usdc), max, 0);
        receiver.borrow(address(usdc), max);
        assertEq(usdc.balanceOf(address(pool)), max);
    }

    function test_FlashLoan_FeeAccruesToTreasury() public {
        configurator.setFlashFee(9); // 0.09%
        uint256 fee = pool.flashFee(address(usdc), 1_000_000e6);
        assertEq(fee, 900e6);
        usdc.mint(address(this), fee);
        usdc.approve(address(receiver), fee);
        receiver.borrow(address(usdc), 1_000_000e6);
        assertEq(pool.flashFeesAccrued(address(usdc)), fee);
        pool.collectFlashFees(address(usdc));
        assertEq(usdc.balanceOf(treasury), fee);
        assertEq(pool.flashFeesAccrued(address(usdc)), 0);
    }

    /// Each token keeps the fee next to its listing flag; a change reaches every token listed before
    /// it, and a token listed after it starts at the current fee.
    function test_FlashFee_ReachesEveryTokenListedBeforeOrAfterAChange() public {
        configurator.setFlashFee(9);
        assertEq(pool.flashFee(address(usdc), 1_000_000e6), 900e6);
        assertEq(pool.flashFee(address(weth), 1e18), 0.0009e18);

        DevToken dai = new DevToken("Dai", "DAI", 18);
        ReserveParams[] memory reserves = new ReserveParams[](2);
        reserves[0] = collateralParams(address(weth), address(ethOracle));
        reserves[1] = loanParams(address(dai), address(usdcOracle));
        createPool(riskAdmin, reserves);
        assertEq(pool.flashFee(address(dai), 1e18), 0.0009e18);

        configurator.setFlashFee(0);
        assertEq(pool.flashFee(address(usdc), 1_000_000e6), 0);
        assertEq(pool.flashFee(address(dai), 1e18), 0);
        assertEq(pool.flashFeeBps(), 0);
    }

    function test_FlashLoan_FeeRoundsUp() public {
        configurator.setFlashFee(1);
        assertEq(pool.flashFee(address(usdc), 1), 1);
    }

    function test_FlashLoan_RevertWhen_UnlistedToken() public {
        assertEq(pool.maxFlashLoan(address(0xBEEF)), 0);
        vm.expectRevert(abi.encodeWithSelector(IKeelPoolErrors.UnsupportedFlashToken.selector, address(0xBEEF)));
        pool.flashLoan(receiver, address(0xBEEF), 1, "");
    }

    function test_FlashLoan_RevertWhen_TooLarge() public {
        uint256 max = pool.maxFlashLoan(address(usdc));
        vm.expectRevert(abi.encodeWithSelector(IKeelPoolErrors.FlashLoanTooLarge.selector, max, max + 1));
        pool.flashLoan(receiver, address(usdc), max + 1, "");
    }

    function test_FlashLoan_RevertWhen_BadCallbackValue() public {
        BadReceiver bad = new BadReceiver(false);
        vm.expectRevert(IKeelPoolErrors.FlashLoanCallbackFailed.selector);
        pool.flashLoan(bad, address(usdc), 1e6, "");
    }

    function test_FlashLoan_RevertWhen_NotRepaid() public {
        BadReceiver keeps = new BadReceiver(true);
        // It approves but never had the money to return beyond the loan: burn part of it first.
        vm.mockCallRevert(address(usdc), abi.encodeWithSelector(IERC20.transferFrom.selector), "no funds");
        vm.expectRevert();
        pool.flashLoan(keeps, address(usdc), 1e6, "");
    }

    function test_FlashFee_RevertWhen_Unlisted() public {
        vm.expectRevert(abi.encodeWithSelector(IKeelPoolErrors.UnsupportedFlashToken.selector, address(1)));
        pool.flashFee(address(1), 1);
    }
}
