// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC3156FlashBorrower} from "@openzeppelin/contracts/interfaces/IERC3156FlashBorrower.sol";
import {IERC3156FlashLender} from "@openzeppelin/contracts/interfaces/IERC3156FlashLender.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

/// @title FlashBorrowerExample
/// @notice The smallest correct ERC-3156 receiver for KeelPool, for integrators to start from:
/// it accepts callbacks only from its lender, only for loans it started, and approves repayment.
contract FlashBorrowerExample is IERC3156FlashBorrower {
    using SafeERC20 for IERC20;

    /// @notice Thrown when a callback does not come from the lender or was not started by this contract.
    error UntrustedCallback(address lender, address initiator);

    /// @notice Emitted inside the callback, while the borrowed funds are held.
    event Borrowed(address indexed token, uint256 amount, uint256 fee);

    IERC3156FlashLender public immutable lender;

    constructor(IERC3156FlashLender lender_) {
        lender = lender_;
    }

    /// @notice Borrows `amount` of `token` and pays it back (plus the fee) in the same transaction.
    function borrow(address token, uint256 amount) external {
        uint256 fee = lender.flashFee(token, amount);
        if (fee != 0) IERC20(token).safeTransferFrom(msg.sender, address(this), fee);
        lender.flashLoan(this, token, amount, "");
    }

    /// @inheritdoc IERC3156FlashBorrower
    function onFlashLoan(
        address initiator,
        address token,
        uint256 amount,
        uint256 fee,
        bytes calldata
    ) external returns (bytes32) {
        require(msg.sender == address(lender) && initiator == address(this), UntrustedCallback(msg.sender, initiator));
        emit Borrowed(token, amount, fee);
        IERC20(token).forceApprove(address(lender), amount + fee);
        return keccak256("ERC3156FlashBorrower.onFlashLoan");
    }
}
