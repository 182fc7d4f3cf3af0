// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

import {IERC20Approve} from "./TokenApprove.sol";

/// @dev ERC-3156 lender, as KeelPool implements it.
interface IErc3156Lender {
    function flashLoan(address receiver, address token, uint256 amount, bytes calldata data) external returns (bool);
}

/// @title Erc3156LeanReceiver
/// @notice The same minimal receiver as MorphoFlashReceiver and AaveFlashReceiver, for an
/// ERC-3156 lender with no fee: borrows, and in the callback approves the repayment. Used to
/// compare the protocols' flash-loan paths with identical receiver work.
contract Erc3156LeanReceiver {
    IErc3156Lender public immutable lender;

    constructor(IErc3156Lender lender_) {
        lender = lender_;
    }

    function borrow(address token, uint256 amount) external {
        lender.flashLoan(address(this), token, amount, "");
    }

    function onFlashLoan(address initiator, address token, uint256 amount, uint256 fee, bytes calldata)
        external
        returns (bytes32)
    {
        require(msg.sender == address(lender) && initiator == address(this), "untrusted callback");
        IERC20Approve(token).approve(address(lender), amount + fee);
        return keccak256("ERC3156FlashBorrower.onFlashLoan");
    }
}
