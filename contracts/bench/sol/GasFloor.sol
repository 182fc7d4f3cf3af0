// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

interface IFloorToken {
    function transfer(address to, uint256 amount) external returns (bool);

    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

interface IFloorFlashBorrower {
    function onFlashLoan(address initiator, address token, uint256 amount, uint256 fee, bytes calldata data)
        external
        returns (bytes32);
}

/// @title GasFloor
/// @notice The physical floor of the benchmark's operations: one market (a collateral token, a loan
/// token) that makes only the token transfers and the storage writes an operation cannot avoid, in
/// the most compact layout: an account's supply in one slot, its collateral and debt together in
/// another, the market's two totals in a third. No checks, no prices, no interest, no events, no
/// access control: nothing a real pool could do without. It starts as Keel's pools do after their
/// listing seed (the contract holds 1,000 units of each token, the supply total is 1,000), so each
/// operation meets the same slots, zero or not, as Keel's does.
contract GasFloor {
    struct Position {
        uint128 collateral;
        uint128 debt;
    }

    IFloorToken public immutable loanToken;
    IFloorToken public immutable collateralToken;

    uint128 public totalSupplied;
    uint128 public totalBorrowed;
    mapping(address => uint256) public supplied;
    mapping(address => Position) public positions;

    constructor(IFloorToken loanToken_, IFloorToken collateralToken_, uint128 seed) {
        loanToken = loanToken_;
        collateralToken = collateralToken_;
        totalSupplied = seed;
    }

    function supply(uint256 amount) external {
        unchecked {
            supplied[msg.sender] += amount;
            totalSupplied += uint128(amount);
        }
        require(loanToken.transferFrom(msg.sender, address(this), amount));
    }

    function withdrawAll() external {
        uint256 amount = supplied[msg.sender];
        unchecked {
            supplied[msg.sender] = 0;
            totalSupplied -= uint128(amount);
        }
        require(loanToken.transfer(msg.sender, amount));
    }

    function supplyCollateral(uint256 amount) external {
        unchecked {
            positions[msg.sender].collateral += uint128(amount);
        }
        require(collateralToken.transferFrom(msg.sender, address(this), amount));
    }

    function withdrawCollateral(uint256 amount) external {
        unchecked {
            positions[msg.sender].collateral -= uint128(amount);
        }
        require(collateralToken.transfer(msg.sender, amount));
    }

    function borrow(uint256 amount) external {
        unchecked {
            positions[msg.sender].debt += uint128(amount);
            totalBorrowed += uint128(amount);
        }
        require(loanToken.transfer(msg.sender, amount));
    }

    function repay(uint256 amount) external {
        unchecked {
            positions[msg.sender].debt -= uint128(amount);
            totalBorrowed -= uint128(amount);
        }
        require(loanToken.transferFrom(msg.sender, address(this), amount));
    }

    /// @dev The amounts come from the caller: the floor prices nothing.
    function liquidate(address borrower, uint256 repaid, uint256 seized) external {
        Position storage p = positions[borrower];
        unchecked {
            (p.debt, p.collateral) = (p.debt - uint128(repaid), p.collateral - uint128(seized));
            totalBorrowed -= uint128(repaid);
        }
        require(loanToken.transferFrom(msg.sender, address(this), repaid));
        require(collateralToken.transfer(msg.sender, seized));
    }

    /// @dev ERC-3156's flashLoan, without fee: lend, call back, take back.
    function flashLoan(address receiver, address token, uint256 amount, bytes calldata data) external returns (bool) {
        require(IFloorToken(token).transfer(receiver, amount));
        IFloorFlashBorrower(receiver).onFlashLoan(msg.sender, token, amount, 0, data);
        require(IFloorToken(token).transferFrom(receiver, address(this), amount));
        return true;
    }
}
