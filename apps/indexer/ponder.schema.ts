// What the indexer stores. Current state (pools, reserves, positions, vaults, auctions, policies)
// sits beside append-only history: every change to a position, reserve, vault or collateral type is
// a row carrying the balances after it, so any past block can be answered ("as of"), and hourly and
// daily snapshots are kept for the time series. Amounts are raw token units (bigint) exactly as the
// contracts store them; USD values are WAD (1e18 = $1). `seq` orders history: block × 1e8 + log index
// × 10 + the row's place among those one log wrote, and is the cursor of every paginated list.
import { index, onchainTable, type PgColumnsBuilders, primaryKey, relations } from "ponder";

// ----- money market -----

export const pool = onchainTable("pool", (t) => ({
  id: t.bigint().primaryKey(),
  reserveCount: t.integer().notNull(),
  riskAdmin: t.hex(),
  createdBlock: t.bigint().notNull(),
  createdAt: t.bigint().notNull(),
}));

/** A reserve: its current configuration and accounting totals, replayed from the pool's events with the SDK's math. */
export const reserve = onchainTable(
  "reserve",
  (t) => ({
    poolId: t.bigint().notNull(),
    index: t.integer().notNull(),
    asset: t.hex().notNull(),
    symbol: t.text(),
    decimals: t.integer().notNull(),
    // configuration (ReserveConfig)
    flags: t.integer().notNull(),
    eModeCategory: t.integer().notNull(),
    reserveFactorBps: t.integer().notNull(),
    liquidationFeeBps: t.integer().notNull(),
    supplyCap: t.bigint().notNull(),
    borrowCap: t.bigint().notNull(),
    irm: t.hex().notNull(),
    oracle: t.hex().notNull(),
    ltvBps: t.integer().notNull(),
    liquidationThresholdBps: t.integer().notNull(),
    maxLiquidationBonusBps: t.integer().notNull(),
    // accounting (ReserveState)
    totalSupplyAssets: t.bigint().notNull(),
    totalSupplyShares: t.bigint().notNull(),
    totalBorrowAssets: t.bigint().notNull(),
    totalBorrowShares: t.bigint().notNull(),
    totalCollateral: t.bigint().notNull(),
    treasuryCollateral: t.bigint().notNull(),
    treasuryShares: t.bigint().notNull(),
    /** Per-second borrow rate (WAD) of the last accrual that found debt. */
    borrowRate: t.bigint().notNull(),
    /** Last price read from the reserve's oracle (WAD USD per whole token), and its block. */
    price: t.bigint(),
    priceBlock: t.bigint(),
    priceAt: t.bigint(),
    // running sums, for revenue and volume
    interestAccrued: t.bigint().notNull(),
    feeSharesMinted: t.bigint().notNull(),
    badDebtSocialized: t.bigint().notNull(),
    collapsed: t.boolean().notNull(),
    listedBlock: t.bigint().notNull(),
    updatedBlock: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.poolId, table.index] }) }),
);

/** The reserve's totals after each event that changed them: the source of as-of-block reserve queries. */
export const reserveStateHistory = onchainTable(
  "reserve_state_history",
  (t) => ({
    id: t.text().primaryKey(),
    seq: t.bigint().notNull(),
    poolId: t.bigint().notNull(),
    reserve: t.integer().notNull(),
    event: t.text().notNull(),
    totalSupplyAssets: t.bigint().notNull(),
    totalSupplyShares: t.bigint().notNull(),
    totalBorrowAssets: t.bigint().notNull(),
    totalBorrowShares: t.bigint().notNull(),
    totalCollateral: t.bigint().notNull(),
    treasuryCollateral: t.bigint().notNull(),
    treasuryShares: t.bigint().notNull(),
    borrowRate: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
  }),
  (table) => ({
    byReserve: index().on(table.poolId, table.reserve, table.seq),
    byTime: index().on(table.poolId, table.reserve, table.timestamp),
  }),
);

/** Every configuration a reserve had: SetReserve events, with the fields that changed. */
export const reserveConfigChange = onchainTable(
  "reserve_config_change",
  (t) => ({
    id: t.text().primaryKey(),
    seq: t.bigint().notNull(),
    poolId: t.bigint().notNull(),
    reserve: t.integer().notNull(),
    /** `field: old → new` for each field that changed; "listed" for the first configuration. */
    changes: t.text().notNull(),
    flags: t.integer().notNull(),
    ltvBps: t.integer().notNull(),
    liquidationThresholdBps: t.integer().notNull(),
    maxLiquidationBonusBps: t.integer().notNull(),
    reserveFactorBps: t.integer().notNull(),
    supplyCap: t.bigint().notNull(),
    borrowCap: t.bigint().notNull(),
    irm: t.hex().notNull(),
    oracle: t.hex().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ byReserve: index().on(table.poolId, table.reserve, table.seq) }),
);

export const eModeCategory = onchainTable(
  "e_mode_category",
  (t) => ({
    poolId: t.bigint().notNull(),
    category: t.integer().notNull(),
    ltvBps: t.integer().notNull(),
    liquidationThresholdBps: t.integer().notNull(),
    maxLiquidationBonusBps: t.integer().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.poolId, table.category] }) }),
);

/** One account's balances in one reserve, as the pool stores them (shares for supply and debt). */
export const position = onchainTable(
  "position",
  (t) => ({
    poolId: t.bigint().notNull(),
    reserve: t.integer().notNull(),
    account: t.hex().notNull(),
    supplyShares: t.bigint().notNull(),
    collateral: t.bigint().notNull(),
    debtShares: t.bigint().notNull(),
    /** Assets supplied less assets withdrawn, for interest earned = value now − net deposits. */
    netSupplied: t.bigint().notNull(),
    /** Assets borrowed less assets repaid (including by liquidators), for interest paid. */
    netBorrowed: t.bigint().notNull(),
    updatedBlock: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.poolId, table.reserve, table.account] }),
    byAccount: index().on(table.account),
  }),
);

/** Every change to a position, with the balances after it: an account's history and as-of-block positions. */
export const positionChange = onchainTable(
  "position_change",
  (t) => ({
    id: t.text().primaryKey(),
    seq: t.bigint().notNull(),
    poolId: t.bigint().notNull(),
    reserve: t.integer().notNull(),
    account: t.hex().notNull(),
    /** supply, withdraw, supply-collateral, withdraw-collateral, borrow, repay, liquidated, seized, bad-debt, treasury */
    kind: t.text().notNull(),
    /** Who sent the call: the account itself, an operator, a liquidator. */
    caller: t.hex().notNull(),
    assets: t.bigint().notNull(),
    shares: t.bigint().notNull(),
    supplyShares: t.bigint().notNull(),
    collateral: t.bigint().notNull(),
    debtShares: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({
    byAccount: index().on(table.account, table.seq),
    byPosition: index().on(table.poolId, table.reserve, table.account, table.seq),
  }),
);

export const liquidation = onchainTable(
  "liquidation",
  (t) => ({
    id: t.text().primaryKey(),
    seq: t.bigint().notNull(),
    poolId: t.bigint().notNull(),
    borrower: t.hex().notNull(),
    liquidator: t.hex().notNull(),
    collateralReserve: t.integer().notNull(),
    debtReserve: t.integer().notNull(),
    repaidAssets: t.bigint().notNull(),
    repaidShares: t.bigint().notNull(),
    seizedAssets: t.bigint().notNull(),
    protocolFee: t.bigint().notNull(),
    /** Oracle prices at the block (WAD USD per whole token); null when the oracle reverted. */
    collateralPrice: t.bigint(),
    debtPrice: t.bigint(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ byBorrower: index().on(table.borrower), bySeq: index().on(table.seq) }),
);

export const badDebt = onchainTable(
  "bad_debt",
  (t) => ({
    id: t.text().primaryKey(),
    seq: t.bigint().notNull(),
    poolId: t.bigint().notNull(),
    reserve: t.integer().notNull(),
    borrower: t.hex().notNull(),
    debtShares: t.bigint().notNull(),
    coveredAssets: t.bigint().notNull(),
    socializedAssets: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ bySeq: index().on(table.seq) }),
);

export const flashLoan = onchainTable(
  "flash_loan",
  (t) => ({
    id: t.text().primaryKey(),
    seq: t.bigint().notNull(),
    caller: t.hex().notNull(),
    receiver: t.hex().notNull(),
    token: t.hex().notNull(),
    assets: t.bigint().notNull(),
    fee: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ bySeq: index().on(table.seq) }),
);

/** Operators an account has authorized (the bundler, a keeper contract), in the pool or the kUSD engine. */
export const authorization = onchainTable(
  "authorization",
  (t) => ({
    /** KeelPool or CdpEngine */
    contract: t.text().notNull(),
    authorizer: t.hex().notNull(),
    operator: t.hex().notNull(),
    isAuthorized: t.boolean().notNull(),
    updatedBlock: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.contract, table.authorizer, table.operator] }) }),
);

// ----- kUSD engine -----

export const collateralType = onchainTable("collateral_type", (t) => ({
  id: t.integer().primaryKey(),
  token: t.hex().notNull(),
  oracle: t.hex().notNull(),
  /** Per-second debt growth factor, RAY. */
  stabilityFee: t.bigint().notNull(),
  minRatioBps: t.integer().notNull(),
  liquidationPenaltyBps: t.integer().notNull(),
  auctionStartBufferBps: t.integer().notNull(),
  auctionLimit: t.bigint().notNull(),
  debtCeiling: t.bigint().notNull(),
  debtFloor: t.bigint().notNull(),
  /** Debt accumulator (RAY): debt = normalized × rate. */
  rate: t.bigint().notNull(),
  totalNormalizedDebt: t.bigint().notNull(),
  /** Collateral the engine holds for the type: in vaults plus in auction lots. */
  totalCollateral: t.bigint().notNull(),
  /** Tabs of the type's open auctions, kUSD wei (the engine's `inAuction`). */
  inAuction: t.bigint().notNull(),
  /** Stability fees accrued since listing, RAD (kUSD wei × RAY). */
  feesRad: t.bigint().notNull(),
  mintPaused: t.boolean().notNull(),
  shutdownPrice: t.bigint(),
  price: t.bigint(),
  priceBlock: t.bigint(),
  priceAt: t.bigint(),
  updatedBlock: t.bigint().notNull(),
}));

export const collateralTypeChange = onchainTable(
  "collateral_type_change",
  (t) => ({
    id: t.text().primaryKey(),
    seq: t.bigint().notNull(),
    typeId: t.integer().notNull(),
    event: t.text().notNull(),
    changes: t.text().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ byType: index().on(table.typeId, table.seq) }),
);

export const vault = onchainTable(
  "vault",
  (t) => ({
    id: t.bigint().primaryKey(),
    owner: t.hex().notNull(),
    typeId: t.integer().notNull(),
    collateral: t.bigint().notNull(),
    normalizedDebt: t.bigint().notNull(),
    /** Set while the vault's collateral is in an auction. */
    auctionId: t.text(),
    openedBlock: t.bigint().notNull(),
    updatedBlock: t.bigint().notNull(),
  }),
  (table) => ({ byOwner: index().on(table.owner), byType: index().on(table.typeId) }),
);

export const vaultChange = onchainTable(
  "vault_change",
  (t) => ({
    id: t.text().primaryKey(),
    seq: t.bigint().notNull(),
    vaultId: t.bigint().notNull(),
    owner: t.hex().notNull(),
    /** open, deposit, withdraw, mint, repay, transfer, auction, auction-end, settle */
    kind: t.text().notNull(),
    caller: t.hex().notNull(),
    amount: t.bigint().notNull(),
    collateral: t.bigint().notNull(),
    normalizedDebt: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ byVault: index().on(table.vaultId, table.seq), byOwner: index().on(table.owner, table.seq) }),
);

/** A Dutch auction of a vault's collateral; `id` is the vault id and the block it started. */
export const auction = onchainTable(
  "auction",
  (t) => ({
    id: t.text().primaryKey(),
    vaultId: t.bigint().notNull(),
    typeId: t.integer().notNull(),
    /** active, ended */
    status: t.text().notNull(),
    collateral: t.bigint().notNull(),
    collateralStart: t.bigint().notNull(),
    tab: t.bigint().notNull(),
    debt: t.bigint().notNull(),
    topPrice: t.bigint().notNull(),
    startedAt: t.bigint().notNull(),
    startedBlock: t.bigint().notNull(),
    keeper: t.hex().notNull(),
    keeperRewards: t.bigint().notNull(),
    resets: t.integer().notNull(),
    raised: t.bigint().notNull(),
    collateralReturned: t.bigint(),
    badDebt: t.bigint(),
    endedBlock: t.bigint(),
  }),
  (table) => ({ byVault: index().on(table.vaultId), byStatus: index().on(table.status) }),
);

export const auctionTake = onchainTable(
  "auction_take",
  (t) => ({
    id: t.text().primaryKey(),
    seq: t.bigint().notNull(),
    auctionId: t.text().notNull(),
    vaultId: t.bigint().notNull(),
    taker: t.hex().notNull(),
    receiver: t.hex().notNull(),
    collateral: t.bigint().notNull(),
    paid: t.bigint().notNull(),
    /** Price of the take, RAY kUSD per collateral unit as the engine reports it. */
    price: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ byAuction: index().on(table.auctionId), bySeq: index().on(table.seq) }),
);

/**
 * kUSD system figures the events report: losses met by the surplus buffer and those beyond it
 * (system debt), surplus paid out, and the global ceiling. The buffer itself also books rounding that
 * no event reports; read `surplusRad` from the engine for its exact level.
 */
export const cdpSystem = onchainTable("cdp_system", (t) => ({
  id: t.integer().primaryKey(),
  lossesFromSurplus: t.bigint().notNull(),
  lossesToSystemDebt: t.bigint().notNull(),
  surplusWithdrawn: t.bigint().notNull(),
  surplusAbsorbed: t.bigint().notNull(),
  feesRad: t.bigint().notNull(),
  globalDebtCeiling: t.bigint().notNull(),
  updatedBlock: t.bigint().notNull(),
}));

export const cdpLoss = onchainTable(
  "cdp_loss",
  (t) => ({
    id: t.text().primaryKey(),
    seq: t.bigint().notNull(),
    vaultId: t.bigint().notNull(),
    loss: t.bigint().notNull(),
    fromSurplus: t.bigint().notNull(),
    toSystemDebt: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ bySeq: index().on(table.seq) }),
);

export const pegModule = onchainTable("peg_module", (t) => ({
  address: t.hex().primaryKey(),
  feeInBps: t.bigint(),
  feeOutBps: t.bigint(),
  cap: t.bigint(),
  frozen: t.boolean().notNull(),
  /** Stablecoin held less stablecoin paid out, in its units. */
  gemBalance: t.bigint().notNull(),
  feesCollected: t.bigint().notNull(),
  updatedBlock: t.bigint().notNull(),
}));

export const pegSwap = onchainTable(
  "peg_swap",
  (t) => ({
    id: t.text().primaryKey(),
    seq: t.bigint().notNull(),
    module: t.hex().notNull(),
    /** sell-gem (stablecoin in, kUSD out) or buy-gem */
    direction: t.text().notNull(),
    caller: t.hex().notNull(),
    receiver: t.hex().notNull(),
    gemAmount: t.bigint().notNull(),
    kusdAmount: t.bigint().notNull(),
    fee: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ bySeq: index().on(table.seq) }),
);

// ----- periphery and governance -----

export const policy = onchainTable(
  "policy",
  (t) => ({
    hash: t.hex().primaryKey(),
    owner: t.hex().notNull(),
    poolId: t.bigint().notNull(),
    vaultId: t.bigint().notNull(),
    trigger: t.integer().notNull(),
    triggerValue: t.bigint().notNull(),
    action: t.integer().notNull(),
    targetHealth: t.bigint().notNull(),
    maxExecutions: t.bigint().notNull(),
    /** Unix seconds after which the policy no longer executes. */
    deadline: t.bigint().notNull(),
    /** The owner's policy nonce it was signed with; void once `policy_nonce` moves past it. */
    nonce: t.bigint().notNull(),
    /** posted, cancelled */
    status: t.text().notNull(),
    executions: t.integer().notNull(),
    postedBlock: t.bigint().notNull(),
  }),
  (table) => ({ byOwner: index().on(table.owner) }),
);

export const policyExecution = onchainTable(
  "policy_execution",
  (t) => ({
    id: t.text().primaryKey(),
    seq: t.bigint().notNull(),
    policyHash: t.hex().notNull(),
    owner: t.hex().notNull(),
    executor: t.hex().notNull(),
    repaidAssets: t.bigint().notNull(),
    soldCollateral: t.bigint().notNull(),
    fee: t.bigint().notNull(),
    healthBefore: t.bigint().notNull(),
    healthAfter: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ byPolicy: index().on(table.policyHash) }),
);

/** Owner-wide policy cancellation: every policy signed with a nonce below `nonce` is void. */
export const policyNonce = onchainTable("policy_nonce", (t) => ({
  owner: t.hex().primaryKey(),
  nonce: t.bigint().notNull(),
}));

/** Parameter changes by governance and admins across the contracts: one row per event, in words. */
export const parameterChange = onchainTable(
  "parameter_change",
  (t) => ({
    id: t.text().primaryKey(),
    seq: t.bigint().notNull(),
    contract: t.text().notNull(),
    event: t.text().notNull(),
    description: t.text().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ bySeq: index().on(table.seq) }),
);

/** A timelock operation: one scheduled batch (its calls in `governance_call`), and what became of it. */
export const governanceOperation = onchainTable("governance_operation", (t) => ({
  id: t.hex().primaryKey(),
  /** queued, executed, cancelled */
  status: t.text().notNull(),
  calls: t.integer().notNull(),
  delay: t.bigint().notNull(),
  /** Earliest timestamp it may execute at. */
  readyAt: t.bigint().notNull(),
  salt: t.hex(),
  queuedBlock: t.bigint().notNull(),
  executedBlock: t.bigint(),
  cancelledBlock: t.bigint(),
}));

export const governanceCall = onchainTable(
  "governance_call",
  (t) => ({
    id: t.text().primaryKey(),
    timelockOperation: t.hex().notNull(),
    index: t.integer().notNull(),
    target: t.hex().notNull(),
    value: t.bigint().notNull(),
    data: t.hex().notNull(),
    /** The call decoded against Keel's ABIs, `contract.function(args)`, or null when unknown. */
    decoded: t.text(),
  }),
  (table) => ({ byOperation: index().on(table.timelockOperation) }),
);

// ----- time series -----

/** One reserve over one hour or day: totals at the close, rates, volumes and revenue within it. */
const reserveBucketColumns = (t: PgColumnsBuilders) => ({
  poolId: t.bigint().notNull(),
  reserve: t.integer().notNull(),
  /** Start of the bucket, unix seconds. */
  start: t.bigint().notNull(),
  totalSupplyAssets: t.bigint().notNull(),
  totalSupplyShares: t.bigint().notNull(),
  totalBorrowAssets: t.bigint().notNull(),
  totalBorrowShares: t.bigint().notNull(),
  totalCollateral: t.bigint().notNull(),
  /** Utilization at the close, WAD. */
  utilization: t.bigint().notNull(),
  borrowRate: t.bigint().notNull(),
  price: t.bigint(),
  supplied: t.bigint().notNull(),
  withdrawn: t.bigint().notNull(),
  borrowed: t.bigint().notNull(),
  repaid: t.bigint().notNull(),
  interest: t.bigint().notNull(),
  feeShares: t.bigint().notNull(),
  liquidated: t.bigint().notNull(),
  events: t.integer().notNull(),
});

export const reserveHourly = onchainTable("reserve_hourly", reserveBucketColumns, (table) => ({
  pk: primaryKey({ columns: [table.poolId, table.reserve, table.start] }),
}));
export const reserveDaily = onchainTable("reserve_daily", reserveBucketColumns, (table) => ({
  pk: primaryKey({ columns: [table.poolId, table.reserve, table.start] }),
}));

const collateralBucketColumns = (t: PgColumnsBuilders) => ({
  typeId: t.integer().notNull(),
  start: t.bigint().notNull(),
  rate: t.bigint().notNull(),
  totalNormalizedDebt: t.bigint().notNull(),
  totalCollateral: t.bigint().notNull(),
  price: t.bigint(),
  minted: t.bigint().notNull(),
  repaid: t.bigint().notNull(),
  feesRad: t.bigint().notNull(),
  auctioned: t.bigint().notNull(),
  events: t.integer().notNull(),
});

export const collateralTypeHourly = onchainTable("collateral_type_hourly", collateralBucketColumns, (table) => ({
  pk: primaryKey({ columns: [table.typeId, table.start] }),
}));
export const collateralTypeDaily = onchainTable("collateral_type_daily", collateralBucketColumns, (table) => ({
  pk: primaryKey({ columns: [table.typeId, table.start] }),
}));

/** Protocol-wide counts per day. Volumes and revenue are per reserve and type (reserve_daily, collateral_type_daily), in their units. */
export const protocolDaily = onchainTable("protocol_daily", (t) => ({
  start: t.bigint().primaryKey(),
  activeAccounts: t.integer().notNull(),
  liquidations: t.integer().notNull(),
  auctionsStarted: t.integer().notNull(),
  flashLoans: t.integer().notNull(),
  pegSwaps: t.integer().notNull(),
}));

/** Accounts seen on a day, so `protocol_daily.activeAccounts` counts each once. */
export const dailyActiveAccount = onchainTable(
  "daily_active_account",
  (t) => ({ start: t.bigint().notNull(), account: t.hex().notNull() }),
  (table) => ({ pk: primaryKey({ columns: [table.start, table.account] }) }),
);

export const reserveRelations = relations(reserve, ({ many }) => ({ positions: many(position) }));
export const positionRelations = relations(position, ({ one }) => ({
  reserveOf: one(reserve, { fields: [position.poolId, position.reserve], references: [reserve.poolId, reserve.index] }),
}));
