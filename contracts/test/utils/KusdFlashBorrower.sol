// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC3156FlashBorrower} from "@openzeppelin/contracts/interfaces/IERC3156FlashBorrower.sol";
import {IERC3156FlashLender} from "@openzeppelin/contracts/interfaces/IERC3156FlashLender.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @dev A kUSD flash borrower for tests: records what it held during the loan, approves the
/// repayment unless told not to, and returns the ERC-3156 magic value unless told not to.
contract KusdFlashBorrower is IERC3156FlashBorrower {
    bytes32 internal constant CALLBACK_SUCCESS = keccak256("ERC3156FlashBorrower.onFlashLoan");

    bool public approveRepayment = true;
    bool public returnMagic = true;
    uint256 public balanceDuringLoan;
    uint256 public feeSeen;
    address public initiatorSeen;

    function configure(bool approveRepayment_, bool returnMagic_) external {
        approveRepayment = approveRepayment_;
        returnMagic = returnMagic_;
    }

    function borrow(IERC3156FlashLender lender, uint256 amount) external {
        lender.flashLoan(this, address(lender), amount, "");
    }

    function onFlashLoan(
        address initiator,
        address token,
        uint256 amount,
        uint256 fee,
        bytes calldata
    ) external returns (bytes32) {
        initiatorSeen = initiator;
        feeSeen = fee;
        balanceDuringLoan = IERC20(token).balanceOf(address(this));
        if (approveRepayment) IERC20(token).approve(msg.sender, amount + fee);
        return returnMagic ? CALLBACK_SUCCESS : bytes32(0);
    }
}
