// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IKeelConfigurator, ReserveParams, RiskBounds} from "../interfaces/IKeelConfigurator.sol";
import {IKeelPool} from "../interfaces/IKeelPool.sol";
import {IPriceOracle} from "../interfaces/IPriceOracle.sol";
import {
    EModeCategory,
    FLAG_BORROWABLE,
    FLAG_COLLATERAL,
    FLAG_FROZEN,
    FLAG_PAUSED,
    ReserveConfig
} from "../interfaces/PoolTypes.sol";
import {BPS} from "../libraries/MathLib.sol";

/// @title KeelConfigurator
/// @notice Pool creation, listing and risk administration for KeelPool, kept out of the core's hot path.
/// @dev Its owner is governance (a TimelockController). The owner sets bounds, rate models, the
/// guardian, the treasury and the flash fee; it cannot move users' funds, and neither can anyone else.
contract KeelConfigurator is IKeelConfigurator, Ownable2Step {
    using SafeERC20 for IERC20;

    /// @inheritdoc IKeelConfigurator
    uint256 public constant MIN_SEED = 1000;
    /// @dev Holder of listing seeds; no key is known for it.
    address internal constant DEAD = 0x000000000000000000000000000000000000dEaD;

    address internal immutable deployer;
    IKeelPool public pool;
    /// @inheritdoc IKeelConfigurator
    address public guardian;
    RiskBounds internal _bounds;
    /// @inheritdoc IKeelConfigurator
    mapping(address irm => bool) public isRateModelEnabled;
    /// @inheritdoc IKeelConfigurator
    mapping(uint256 poolId => address) public riskAdmin;

    constructor(address owner_, address guardian_, RiskBounds memory bounds_) Ownable(owner_) {
        deployer = msg.sender;
        guardian = guardian_;
        _setBounds(bounds_);
    }

    modifier onlyRiskAdmin(uint256 poolId) {
        require(msg.sender == riskAdmin[poolId], NotRiskAdmin(poolId, msg.sender));
        _;
    }

    // ----- governance -----

    /// @notice Binds the core once, right after both are deployed. Deployer only.
    function bindPool(IKeelPool pool_) external {
        require(msg.sender == deployer && address(pool) == address(0), PoolAlreadyBound());
        require(pool_.configurator() == address(this), PoolAlreadyBound());
        pool = pool_;
        emit BindPool(address(pool_));
    }

    function setGuardian(address guardian_) external onlyOwner {
        guardian = guardian_;
        emit SetGuardian(guardian_);
    }

    function setRiskBounds(RiskBounds calldata bounds_) external onlyOwner {
        _setBounds(bounds_);
    }

    function setRateModelEnabled(address irm, bool enabled) external onlyOwner {
        isRateModelEnabled[irm] = enabled;
        emit SetRateModelEnabled(irm, enabled);
    }

    function setTreasury(address treasury) external onlyOwner {
        pool.setTreasury(treasury);
    }

    function setFlashFee(uint256 feeBps) external onlyOwner {
        require(feeBps <= _bounds.maxFlashFeeBps, OutOfBounds("flashFee"));
        pool.setFlashFee(feeBps);
    }

    // ----- permissionless creation -----

    /// @inheritdoc IKeelConfigurator
    function createPool(address riskAdmin_, ReserveParams[] calldata reserves, uint256[] calldata seeds)
        external
        returns (uint256 poolId)
    {
        require(reserves.length != 0, NoReserves());
        require(reserves.length == seeds.length, OutOfBounds("seeds"));
        poolId = pool.createPool();
        riskAdmin[poolId] = riskAdmin_;
        emit SetRiskAdmin(poolId, riskAdmin_);
        for (uint256 i; i < reserves.length; ++i) {
            _list(poolId, i, reserves[i], seeds[i]);
        }
    }

    // ----- risk admin -----

    /// @inheritdoc IKeelConfigurator
    function listReserve(uint256 poolId, ReserveParams calldata params, uint256 seed)
        external
        onlyRiskAdmin(poolId)
        returns (uint256 reserve)
    {
        reserve = pool.reserveCount(poolId);
        _list(poolId, reserve, params, seed);
    }

    /// @inheritdoc IKeelConfigurator
    function updateReserve(uint256 poolId, uint256 reserve, ReserveParams calldata params)
        external
        onlyRiskAdmin(poolId)
    {
        uint8 keptFlags = pool.reserveConfig(poolId, reserve).flags & (FLAG_FROZEN | FLAG_PAUSED);
        pool.setReserve(poolId, reserve, _toConfig(params, keptFlags));
    }

    /// @inheritdoc IKeelConfigurator
    function setFrozen(uint256 poolId, uint256 reserve, bool frozen) external onlyRiskAdmin(poolId) {
        _setFlag(poolId, reserve, FLAG_FROZEN, frozen);
    }

    /// @inheritdoc IKeelConfigurator
    function setEMode(uint256 poolId, uint8 category, EModeCategory calldata params)
        external
        onlyRiskAdmin(poolId)
    {
        require(category != 0, OutOfBounds("category"));
        _checkRisk(params.ltvBps, params.liquidationThresholdBps, params.maxLiquidationBonusBps);
        pool.setEMode(poolId, category, params);
    }

    /// @inheritdoc IKeelConfigurator
    function setRiskAdmin(uint256 poolId, address riskAdmin_) external onlyRiskAdmin(poolId) {
        riskAdmin[poolId] = riskAdmin_;
        emit SetRiskAdmin(poolId, riskAdmin_);
    }

    // ----- guardian -----

    /// @inheritdoc IKeelConfigurator
    function setPaused(uint256 poolId, uint256 reserve, bool paused) external {
        require(msg.sender == guardian, NotGuardian(msg.sender));
        _setFlag(poolId, reserve, FLAG_PAUSED, paused);
        emit SetPaused(poolId, reserve, paused);
    }

    // ----- views -----

    /// @inheritdoc IKeelConfigurator
    function riskBounds() external view returns (RiskBounds memory) {
        return _bounds;
    }

    /// @inheritdoc IKeelConfigurator
    function toReserveConfig(ReserveParams calldata params, uint8 flags) external view returns (ReserveConfig memory) {
        return _toConfig(params, flags);
    }

    // ----- internal -----

    /// @dev Lists and seeds in one step (no window in which a reserve exists empty). The seed is
    /// supplied for a dead address and the received amount is checked, refusing fee-on-transfer tokens.
    function _list(uint256 poolId, uint256 reserve, ReserveParams calldata params, uint256 seed) internal {
        require(seed >= MIN_SEED, SeedTooSmall(seed, MIN_SEED));
        pool.setReserve(poolId, reserve, _toConfig(params, 0));
        IERC20 token = IERC20(params.asset);
        uint256 ownBalanceBefore = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), seed);
        uint256 received = token.balanceOf(address(this)) - ownBalanceBefore;
        require(received == seed, FeeOnTransferToken(seed, received));
        uint256 poolBalanceBefore = token.balanceOf(address(pool));
        token.forceApprove(address(pool), seed);
        pool.supply(poolId, reserve, seed, 0, DEAD);
        uint256 poolReceived = token.balanceOf(address(pool)) - poolBalanceBefore;
        require(poolReceived == seed, FeeOnTransferToken(seed, poolReceived));
        emit ListReserve(poolId, reserve, params.asset, msg.sender, seed);
    }

    function _setFlag(uint256 poolId, uint256 reserve, uint8 flag, bool on) internal {
        ReserveConfig memory config = pool.reserveConfig(poolId, reserve);
        config.flags = on ? config.flags | flag : config.flags & ~flag;
        pool.setReserve(poolId, reserve, config);
    }

    function _toConfig(ReserveParams calldata p, uint8 flags) internal view returns (ReserveConfig memory c) {
        require(p.asset != address(0) && p.oracle != address(0), OutOfBounds("address"));
        require(isRateModelEnabled[p.irm], RateModelNotEnabled(p.irm));
        require(p.reserveFactorBps <= _bounds.maxReserveFactorBps, OutOfBounds("reserveFactor"));
        require(p.liquidationFeeBps <= _bounds.maxLiquidationFeeBps, OutOfBounds("liquidationFee"));
        // Disabling collateral stops new deposits only; existing collateral keeps its threshold.
        if (p.collateralEnabled || p.liquidationThresholdBps != 0) _checkRisk(p.ltvBps, p.liquidationThresholdBps, p.maxLiquidationBonusBps);
        // A listed oracle must price the asset now; a zero price is refused by the adapters.
        require(IPriceOracle(p.oracle).price() != 0, OutOfBounds("oracle"));
        uint8 decimals = IERC20Metadata(p.asset).decimals();
        require(decimals <= 36, OutOfBounds("decimals"));
        c = ReserveConfig({
            asset: p.asset,
            decimals: decimals,
            flags: flags | (p.collateralEnabled ? FLAG_COLLATERAL : 0) | (p.borrowEnabled ? FLAG_BORROWABLE : 0),
            eModeCategory: p.eModeCategory,
            reserveFactorBps: p.reserveFactorBps,
            liquidationFeeBps: p.liquidationFeeBps,
            irm: p.irm,
            supplyCap: p.supplyCap,
            borrowCap: p.borrowCap,
            oracle: p.oracle,
            ltvBps: p.ltvBps,
            liquidationThresholdBps: p.liquidationThresholdBps,
            maxLiquidationBonusBps: p.maxLiquidationBonusBps
        });
    }

    /// @dev LTV ≤ threshold ≤ bound, bonus ≤ bound, and threshold × (1 + bonus) < 1: seizing
    /// collateral with its bonus must lower debt faster than it lowers the weighted collateral,
    /// or no liquidation could ever restore health.
    function _checkRisk(uint256 ltvBps, uint256 thresholdBps, uint256 bonusBps) internal view {
        require(ltvBps <= thresholdBps, OutOfBounds("ltv"));
        require(thresholdBps != 0 && thresholdBps <= _bounds.maxLiquidationThresholdBps, OutOfBounds("threshold"));
        require(ltvBps <= _bounds.maxLtvBps, OutOfBounds("ltv"));
        require(bonusBps != 0 && bonusBps <= _bounds.maxLiquidationBonusBps, OutOfBounds("bonus"));
        require(thresholdBps * (BPS + bonusBps) < BPS * BPS, OutOfBounds("threshold*bonus"));
    }

    function _setBounds(RiskBounds memory bounds_) internal {
        require(bounds_.maxLiquidationThresholdBps < BPS && bounds_.maxLtvBps <= bounds_.maxLiquidationThresholdBps,
            OutOfBounds("bounds"));
        require(bounds_.maxReserveFactorBps <= BPS && bounds_.maxLiquidationFeeBps <= BPS, OutOfBounds("bounds"));
        _bounds = bounds_;
        emit SetRiskBounds(bounds_);
    }
}
