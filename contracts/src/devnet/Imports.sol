// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

// Makes Hardhat compile OpenZeppelin's TimelockController, which the Governance Ignition module deploys.
// solhint-disable-next-line no-unused-import
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
