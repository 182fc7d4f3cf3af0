// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC3156FlashBorrower} from "@openzeppelin/contracts/interfaces/IERC3156FlashBorrower.sol";
import {IERC3156FlashLender} from "@openzeppelin/contracts/interfaces/IERC3156FlashLender.sol";
import {ERC20FlashMint} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20FlashMint.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {CdpBaseTest} from "../utils/CdpBaseTest.sol";

/// @dev Borrows `amounts[depth]` and, inside each callback, the next amount: nested flash mints.
contract NestingFlashBorrower is IERC3156FlashBorrower {
    IERC3156FlashLender internal immutable lender;
    uint256[] internal amounts;
    uint256 public peakHeld;

    constructor(IERC3156FlashLender lender_) {
        lender = lender_;
    }

    function borrow(uint256[] calldata amounts_) external {
        amounts = amounts_;
        lender.flashLoan(this, address(lender), amounts[0], abi.encode(uint256(0)));
    }

    function onFlashLoan(
        address,
        address token,
        uint256 amount,
        uint256 fee,
        bytes calldata data
    ) external returns (bytes32) {
        uint256 depth = abi.decode(data, (uint256));
        uint256 held = IERC20(token).balanceOf(address(this));
        if (held > peakHeld) peakHeld = held;
        if (depth + 1 < amounts.length) {
            lender.flashLoan(this, token, amounts[depth + 1], abi.encode(depth + 1));
        }
        IERC20(token).approve(msg.sender, IERC20(token).allowance(address(this), msg.sender) + amount + fee);
        return keccak256("ERC3156FlashBorrower.onFlashLoan");
    }
}

/// @notice F2: caps that do not hold per transaction. kUSD's flash mint is capped at 10M; a borrower
/// that takes a new flash mint inside each callback would hold 10M per level at once, 30M with
/// three levels. The cap must bound what is flash-minted and outstanding in the whole transaction.
contract F2FlashMintCapAttack is CdpBaseTest {
    NestingFlashBorrower internal borrower;

    function setUp() public override {
        super.setUp();
        borrower = new NestingFlashBorrower(IERC3156FlashLender(address(kusd)));
    }

    /// @dev The measured case: three nested 10M flash mints under a 10M cap.
    function test_Attack_NestedFlashMintsCannotExceedTheCap() public {
        uint256[] memory amounts = new uint256[](3);
        amounts[0] = amounts[1] = amounts[2] = 10_000_000e18;
        vm.expectRevert(abi.encodeWithSelector(ERC20FlashMint.ERC3156ExceededMaxLoan.selector, 0));
        borrower.borrow(amounts);
    }

    /// @dev Nested loans that add up to the cap go through; one wei more does not.
    function testFuzz_Attack_NestedFlashMintsHoldTheCapInTotal(uint256 first, uint256 second) public {
        uint256 cap = kusd.flashMintCap();
        first = bound(first, 1, cap);
        second = bound(second, 1, cap);
        uint256[] memory amounts = new uint256[](2);
        amounts[0] = first;
        amounts[1] = second;
        if (first + second > cap) {
            vm.expectRevert(abi.encodeWithSelector(ERC20FlashMint.ERC3156ExceededMaxLoan.selector, cap - first));
            borrower.borrow(amounts);
        } else {
            borrower.borrow(amounts);
            assertEq(borrower.peakHeld(), first + second);
            assertLe(borrower.peakHeld(), cap);
        }
        assertEq(kusd.balanceOf(address(borrower)), 0);
    }
}
