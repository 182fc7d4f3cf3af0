// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

import {IERC20Approve} from "./TokenApprove.sol";

/// @dev The part of Aave v3's Pool this receiver calls.
interface IAavePoolFlash {
    function flashLoanSimple(address receiver, address asset, uint256 amount, bytes calldata params, uint16 referral)
        external;
}

/// @title AaveFlashReceiver
/// @notice Minimal Aave v3 `flashLoanSimple` user: borrows, and in the callback approves the
/// repayment plus premium (the premium is pre-funded).
contract AaveFlashReceiver {
    IAavePoolFlash public immutable pool;

    constructor(IAavePoolFlash pool_) {
        pool = pool_;
    }

    function borrow(address token, uint256 amount) external {
        pool.flashLoanSimple(address(this), token, amount, "", 0);
    }

    function executeOperation(address asset, uint256 amount, uint256 premium, address initiator, bytes calldata)
        external
        returns (bool)
    {
        require(msg.sender == address(pool) && initiator == address(this), "untrusted callback");
        IERC20Approve(asset).approve(address(pool), amount + premium);
        return true;
    }
}
