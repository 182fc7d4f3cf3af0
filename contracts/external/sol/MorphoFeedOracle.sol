// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

import {IOracle} from "@morpho-org/morpho-blue/src/interfaces/IOracle.sol";
import {IRoundFeed} from "./FeedReader.sol";

/// @title MorphoFeedOracle
/// @notice Oracle for a Morpho Blue market (gas bench and devnet): the collateral's USD feed over the loan
/// token's USD feed, as the loan-token units one collateral unit is worth, scaled by 1e36.
/// Reads the same two feeds the other protocols read; no staleness check (as Morpho's own
/// Chainlink oracle).
contract MorphoFeedOracle is IOracle {
    IRoundFeed public immutable collateralFeed;
    IRoundFeed public immutable loanFeed;
    uint256 public immutable scale;

    /// @param scaleExponent 36 + loan decimals − collateral decimals + loan feed decimals − collateral feed decimals.
    constructor(IRoundFeed collateralFeed_, IRoundFeed loanFeed_, uint256 scaleExponent) {
        collateralFeed = collateralFeed_;
        loanFeed = loanFeed_;
        scale = 10 ** scaleExponent;
    }

    function price() external view returns (uint256) {
        (, int256 collateralAnswer,,,) = collateralFeed.latestRoundData();
        (, int256 loanAnswer,,,) = loanFeed.latestRoundData();
        require(collateralAnswer > 0 && loanAnswer > 0, "bad answer");
        return uint256(collateralAnswer) * scale / uint256(loanAnswer);
    }
}
