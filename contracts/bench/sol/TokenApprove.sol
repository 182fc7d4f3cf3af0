// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

/// @dev The one ERC-20 function the flash receivers call.
interface IERC20Approve {
    function approve(address spender, uint256 amount) external returns (bool);
}
