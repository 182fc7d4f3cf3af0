// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IKeelErrors} from "../interfaces/IKeelErrors.sol";
import {IPeripheryRegistry} from "../interfaces/IPeripheryRegistry.sol";
import {IPriceOracle} from "../interfaces/IPriceOracle.sol";
import {ISwapAdapter} from "../interfaces/ISwapAdapter.sol";

/// @title PeripheryRegistry
/// @notice Governance's list of swap adapters and swap-check oracles, read by the bundler and the
/// protection policies. Owned by the governance timelock.
contract PeripheryRegistry is IPeripheryRegistry, IKeelErrors, Ownable2Step {
    mapping(address adapter => bool) public isSwapAdapter;
    mapping(address token => IPriceOracle) public priceOracle;

    constructor(address owner_) Ownable(owner_) {}

    /// @inheritdoc IPeripheryRegistry
    function setSwapAdapter(ISwapAdapter adapter, bool allowed) external onlyOwner {
        require(address(adapter) != address(0), ZeroAddress());
        isSwapAdapter[address(adapter)] = allowed;
        emit SetSwapAdapter(address(adapter), allowed);
    }

    /// @inheritdoc IPeripheryRegistry
    function setPriceOracle(address token, IPriceOracle oracle) external onlyOwner {
        require(token != address(0), ZeroAddress());
        priceOracle[token] = oracle;
        emit SetPriceOracle(token, address(oracle));
    }
}
