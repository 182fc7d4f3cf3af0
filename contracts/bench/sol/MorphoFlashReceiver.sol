// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

import {IMorphoFlashLoanCallback} from "@morpho-org/morpho-blue/src/interfaces/IMorphoCallbacks.sol";
import {IMorphoBase} from "@morpho-org/morpho-blue/src/interfaces/IMorpho.sol";
import {IERC20Approve} from "./TokenApprove.sol";

/// @title MorphoFlashReceiver
/// @notice Minimal Morpho Blue flash-loan user: borrows, and in the callback approves the repayment.
contract MorphoFlashReceiver is IMorphoFlashLoanCallback {
    IMorphoBase public immutable morpho;

    constructor(IMorphoBase morpho_) {
        morpho = morpho_;
    }

    function borrow(address token, uint256 amount) external {
        morpho.flashLoan(token, amount, abi.encode(token));
    }

    function onMorphoFlashLoan(uint256 assets, bytes calldata data) external {
        require(msg.sender == address(morpho), "untrusted lender");
        address token = abi.decode(data, (address));
        IERC20Approve(token).approve(address(morpho), assets);
    }
}
