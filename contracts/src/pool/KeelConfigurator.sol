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
import {BPS} from "../libraries/Constants.sol";

/// @title KeelConfigurator
/// @notice Pool creation, listing and risk administration for KeelPool, kept out of the core's hot path.
/// @dev Its owner is governance (a TimelockController). The owner sets bounds, rate models, the
/// guardian, the treasury and the flash fee; it cannot move users' funds, and neither can anyone else.
contract KeelConfigurator is IKeelConfigurator, Ownable2Step {
    using SafeERC20 for IERC20;

    /// @inheritdoc IKeelConfigurator
    uint256 public constant MIN_SEED = 1000;
    /// @inheritdoc IKeelConfigurator
    /// @dev Health is linear in the thresholds, so a 5% cut lowers any health factor by 5% at most:
    /// a healthy account lands at 0.95 or above, above the close-factor health of decision 0004,
    /// where a liquidation is partial (back to 1.05) and its incentive at most 6%.
    uint256 public constant THRESHOLD_CUT_MAX_BPS = 500;
    /// @inheritdoc IKeelConfigurator
    /// @dev A day between cuts gives borrowers and their bots time to repay or add collateral.
    uint256 public constant THRESHOLD_CUT_INTERVAL = 1 days;
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
    /// @inheritdoc IKeelConfigurator
    mapping(uint256 poolId => mapping(uint256 reserve => uint256 timestamp)) public lastThresholdCut;
    /// @inheritdoc IKeelConfigurator
    mapping(uint256 poolId => mapping(uint8 category => uint256 timestamp)) public lastEModeThresholdCut;

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
    function createPool(
        address riskAdmin_,
        ReserveParams[] calldata reserves,
        uint256[] calldata seeds
    ) external returns (uint256 poolId) {
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
    function listReserve(
        uint256 poolId,
        ReserveParams calldata params,
        uint256 seed
    ) external onlyRiskAdmin(poolId) returns (uint256 reserve) {
        reserve = pool.reserveCount(poolId);
        _list(poolId, reserve, params, seed);
    }

    /// @inheritdoc IKeelConfigurator
    function updateReserve(
        uint256 poolId,
        uint256 reserve,
        ReserveParams calldata params
    ) external onlyRiskAdmin(poolId) {
        ReserveConfig memory current = pool.reserveConfig(poolId, reserve);
        ReserveConfig memory next = _toConfig(
            params,
            current.flags & (FLAG_FROZEN | FLAG_PAUSED),
            current.liquidationThresholdBps
        );
        _checkEModeMember(poolId, next);
        if (current.eModeCategory != 0 && current.eModeCategory != next.eModeCategory) {
            _checkEModeExit(poolId, reserve, current.eModeCategory, next.liquidationThresholdBps);
        }
        if (next.liquidationThresholdBps < current.liquidationThresholdBps) {
            _checkThresholdCut(
                current.liquidationThresholdBps,
                next.liquidationThresholdBps,
                lastThresholdCut[poolId][reserve]
            );
            lastThresholdCut[poolId][reserve] = block.timestamp;
        }
        pool.setReserve(poolId, reserve, next);
    }

    /// @inheritdoc IKeelConfigurator
    function setFrozen(uint256 poolId, uint256 reserve, bool frozen) external onlyRiskAdmin(poolId) {
        _setFlag(poolId, reserve, FLAG_FROZEN, frozen);
    }

    /// @inheritdoc IKeelConfigurator
    function setEMode(uint256 poolId, uint8 category, EModeCategory calldata params) external onlyRiskAdmin(poolId) {
        require(category != 0, OutOfBounds("category"));
        require(params.liquidationThresholdBps != 0, OutOfBounds("threshold"));
        uint256 currentThreshold = pool.eMode(poolId, category).liquidationThresholdBps;
        _checkRisk(params.ltvBps, params.liquidationThresholdBps, params.maxLiquidationBonusBps, currentThreshold);
        uint256 count = pool.reserveCount(poolId);
        for (uint256 i; i < count; ++i) {
            ReserveConfig memory member = pool.reserveConfig(poolId, i);
            if (member.eModeCategory != category) continue;
            require(
                params.ltvBps >= member.ltvBps && params.liquidationThresholdBps >= member.liquidationThresholdBps,
                OutOfBounds("eMode")
            );
        }
        if (params.liquidationThresholdBps < currentThreshold) {
            _checkThresholdCut(
                currentThreshold,
                params.liquidationThresholdBps,
                lastEModeThresholdCut[poolId][category]
            );
            lastEModeThresholdCut[poolId][category] = block.timestamp;
        }
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
        bool isAdmin = msg.sender == riskAdmin[poolId] || msg.sender == owner();
        // One-way: the guardian may only pause; lifting a pause is a risk decision.
        if (paused) require(isAdmin || msg.sender == guardian, NotGuardian(msg.sender));
        else require(isAdmin, NotRiskAdmin(poolId, msg.sender));
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
        return _toConfig(params, flags, 0);
    }

    // ----- internal -----

    /// @dev Lists and seeds in one step (no window in which a reserve exists empty). The seed is
    /// supplied for a dead address and the received amount is checked, refusing fee-on-transfer tokens.
    function _list(uint256 poolId, uint256 reserve, ReserveParams calldata params, uint256 seed) internal {
        require(seed >= MIN_SEED, SeedTooSmall(seed, MIN_SEED));
        ReserveConfig memory config = _toConfig(params, 0, 0);
        _checkEModeMember(poolId, config);
        pool.setReserve(poolId, reserve, config);
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

    /// @dev `currentThresholdBps` is the listed reserve's threshold (0 for a new one), which it may keep
    /// even above a bound governance has since lowered: it comes down by cuts.
    function _toConfig(
        ReserveParams calldata p,
        uint8 flags,
        uint256 currentThresholdBps
    ) internal view returns (ReserveConfig memory c) {
        require(p.asset != address(0) && p.oracle != address(0), OutOfBounds("address"));
        require(isRateModelEnabled[p.irm], RateModelNotEnabled(p.irm));
        require(p.reserveFactorBps <= _bounds.maxReserveFactorBps, OutOfBounds("reserveFactor"));
        require(p.liquidationFeeBps <= _bounds.maxLiquidationFeeBps, OutOfBounds("liquidationFee"));
        // Always checked: disabling collateral stops new deposits only, existing collateral keeps its
        // LTV and threshold, so a disabled collateral's limits matter as much as an enabled one's.
        _checkRisk(p.ltvBps, p.liquidationThresholdBps, p.maxLiquidationBonusBps, currentThresholdBps);
        require(!p.collateralEnabled || p.liquidationThresholdBps != 0, OutOfBounds("threshold"));
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

    /// @dev LTV ≤ threshold ≤ bound (so a threshold of 0 means an LTV of 0), bonus ≤ bound, and for a
    /// threshold above 0 a bonus above 0 with threshold × (1 + bonus) < 1: seizing collateral with
    /// its bonus must lower debt faster than it lowers the weighted collateral, or no liquidation
    /// could ever restore health. A threshold already above the bound (governance lowered it) may stay
    /// or be cut step by step, so the reserve never becomes impossible to update: otherwise a cut to the
    /// new bound at once would be needed, and the cut limit forbids it.
    function _checkRisk(
        uint256 ltvBps,
        uint256 thresholdBps,
        uint256 bonusBps,
        uint256 currentThresholdBps
    ) internal view {
        require(ltvBps <= thresholdBps && ltvBps <= _bounds.maxLtvBps, OutOfBounds("ltv"));
        require(
            thresholdBps <= _bounds.maxLiquidationThresholdBps || thresholdBps <= currentThresholdBps,
            OutOfBounds("threshold")
        );
        require(bonusBps <= _bounds.maxLiquidationBonusBps, OutOfBounds("bonus"));
        if (thresholdBps == 0) return;
        require(bonusBps != 0, OutOfBounds("bonus"));
        require(thresholdBps * (BPS + bonusBps) < BPS * BPS, OutOfBounds("threshold*bonus"));
    }

    /// @dev A cut may take at most THRESHOLD_CUT_MAX_BPS of the threshold, and only once the interval
    /// since the last cut of the same threshold has passed. Raising is never limited.
    function _checkThresholdCut(uint256 fromBps, uint256 toBps, uint256 lastCut) internal view {
        require(toBps * BPS >= fromBps * (BPS - THRESHOLD_CUT_MAX_BPS), OutOfBounds("thresholdCut"));
        uint256 allowedAt = lastCut + THRESHOLD_CUT_INTERVAL;
        require(block.timestamp >= allowedAt, ThresholdCutTooSoon(allowedAt));
    }

    /// @dev A reserve in a category has LTV and threshold no higher than the category's, so that
    /// entering e-mode (which anyone can cause, by repaying someone's last debt outside it) never
    /// lowers a health factor or a borrowing power.
    function _checkEModeMember(uint256 poolId, ReserveConfig memory config) internal view {
        if (config.eModeCategory == 0) return;
        EModeCategory memory e = pool.eMode(poolId, config.eModeCategory);
        require(
            e.ltvBps >= config.ltvBps && e.liquidationThresholdBps >= config.liquidationThresholdBps,
            OutOfBounds("eMode")
        );
    }

    /// @dev A reserve leaving a category ends e-mode for every account that owes it, and values its
    /// collateral at its own threshold. That changes no health factor only if every member's own
    /// threshold (the leaving reserve's new one included) equals the category's; members are never
    /// above it, so they must not be below it. A risk admin gets there by cutting the category step by
    /// step and raising members' own thresholds, which is never limited.
    function _checkEModeExit(uint256 poolId, uint256 leaving, uint8 category, uint256 newThresholdBps) internal view {
        uint256 categoryThreshold = pool.eMode(poolId, category).liquidationThresholdBps;
        require(newThresholdBps >= categoryThreshold, OutOfBounds("eModeExit"));
        uint256 count = pool.reserveCount(poolId);
        for (uint256 i; i < count; ++i) {
            if (i == leaving) continue;
            ReserveConfig memory member = pool.reserveConfig(poolId, i);
            if (member.eModeCategory != category) continue;
            require(member.liquidationThresholdBps >= categoryThreshold, OutOfBounds("eModeExit"));
        }
    }

    function _setBounds(RiskBounds memory bounds_) internal {
        require(
            bounds_.maxLiquidationThresholdBps < BPS && bounds_.maxLtvBps <= bounds_.maxLiquidationThresholdBps,
            OutOfBounds("bounds")
        );
        require(bounds_.maxReserveFactorBps <= BPS && bounds_.maxLiquidationFeeBps <= BPS, OutOfBounds("bounds"));
        _bounds = bounds_;
        emit SetRiskBounds(bounds_);
    }
}
