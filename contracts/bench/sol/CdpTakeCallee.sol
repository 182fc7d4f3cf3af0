// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

/// @dev The part of Keel's CdpEngine the callee calls.
interface ICdpTake {
    function take(uint256 vaultId, uint256 maxCollateral, uint256 maxPrice, address receiver, bytes calldata data)
        external
        returns (uint256, uint256);
}

/// @title CdpTakeCallee
/// @notice A taker that holds kUSD already and takes with a callback that only checks its caller,
/// so the benchmark measures the engine's take-with-callback path and nothing else.
contract CdpTakeCallee {
    ICdpTake public immutable engine;

    constructor(ICdpTake engine_) {
        engine = engine_;
    }

    function take(uint256 vaultId, uint256 maxCollateral, uint256 maxPrice) external {
        engine.take(vaultId, maxCollateral, maxPrice, address(this), hex"01");
    }

    function onAuctionTake(address taker, uint256, uint256, uint256, bytes calldata) external view {
        require(msg.sender == address(engine) && taker == address(this), "untrusted callback");
    }
}
