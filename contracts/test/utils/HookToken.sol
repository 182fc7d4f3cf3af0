// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

interface ITransferHook {
    function onTokenTransfer(address from, address to, uint256 amount) external;
}

/// @dev An ERC-777/677-style token: after every transfer it calls a hook registered by the sender
/// or the receiver, as Agave, Hundred and Rari's attackers exploited.
contract HookToken is ERC20 {
    mapping(address account => address) public hookOf;

    constructor() ERC20("Hook Token", "HOOK") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function setHook(address hook) external {
        hookOf[msg.sender] = hook;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (from != address(0) && hookOf[from] != address(0))
            ITransferHook(hookOf[from]).onTokenTransfer(from, to, value);
        if (to != address(0) && hookOf[to] != address(0)) ITransferHook(hookOf[to]).onTokenTransfer(from, to, value);
    }
}
