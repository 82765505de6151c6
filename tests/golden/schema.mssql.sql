CREATE TABLE [CacheOutbox] (
	[Id] VARCHAR(50) NOT NULL,
	[Entity] VARCHAR(20) NOT NULL,
	[TenantId] VARCHAR(50) NOT NULL,
	[ChannelIds] VARCHAR(1000) NOT NULL,
	[CreatedAt] DATETIMEOFFSET NOT NULL,
	[Attempts] INTEGER NOT NULL,
	CONSTRAINT [PK_CacheOutbox] PRIMARY KEY ([Id])
);

CREATE INDEX [IX_CacheOutbox_CreatedAt] ON [CacheOutbox] ([CreatedAt]);

CREATE TABLE [Tenants] (
	[Id] VARCHAR(50) NOT NULL,
	[Email] VARCHAR(255) NOT NULL,
	[DisplayName] VARCHAR(255) NOT NULL,
	[Status] INT NOT NULL,
	[Plan] INT NOT NULL,
	[TelegramApiId] INT NULL,
	[TelegramApiHash] VARCHAR(255) NULL,
	[TelegramPhoneNumber] VARCHAR(50) NULL,
	[CreatedAt] DATETIMEOFFSET NOT NULL,
	[DeactivatedAt] DATETIMEOFFSET NULL,
	[DeletionRequestedAt] DATETIMEOFFSET NULL,
	[PurgeAfter] DATETIMEOFFSET NULL,
	[LiveTradingEnabled] BIT NOT NULL DEFAULT 0,
	CONSTRAINT [PK_Tenants] PRIMARY KEY ([Id])
);

CREATE UNIQUE INDEX [IX_Tenants_Email] ON [Tenants] ([Email]);

CREATE INDEX [IX_Tenants_Status] ON [Tenants] ([Status]);

CREATE TABLE [BrokerConnections] (
	[Id] VARCHAR(50) NOT NULL,
	[TenantId] VARCHAR(50) NOT NULL,
	[BrokerType] INT NOT NULL,
	[DisplayName] VARCHAR(255) NOT NULL,
	[IsActive] BIT NOT NULL,
	[EncryptedCredentials] NVARCHAR(MAX) NOT NULL,
	[Metadata] NVARCHAR(MAX) NOT NULL,
	[CreatedAt] DATETIMEOFFSET NOT NULL,
	[UpdatedAt] DATETIMEOFFSET NULL,
	[LastUsedAt] DATETIMEOFFSET NULL,
	CONSTRAINT [PK_BrokerConnections] PRIMARY KEY ([Id]),
	CONSTRAINT [FK_BrokerConnections_TenantId] FOREIGN KEY([TenantId]) REFERENCES [Tenants] ([Id])
);

CREATE INDEX [IX_Brokers_TenantActive] ON [BrokerConnections] ([TenantId], [IsActive]) WHERE IsActive = 1;

CREATE INDEX [IX_Brokers_TenantId] ON [BrokerConnections] ([TenantId]);

CREATE INDEX [IX_Brokers_TenantType] ON [BrokerConnections] ([TenantId], [BrokerType]);

CREATE TABLE [ChannelConfigurations] (
	[Id] VARCHAR(50) NOT NULL,
	[TenantId] VARCHAR(50) NOT NULL,
	[ChannelId] BIGINT NOT NULL,
	[ChannelName] VARCHAR(255) NULL,
	[RegexPattern] NVARCHAR(MAX) NOT NULL,
	[IsEnabled] BIT NOT NULL,
	[CreatedAt] DATETIMEOFFSET NOT NULL,
	[UpdatedAt] DATETIMEOFFSET NULL,
	[FollowUpLinking] VARCHAR(20) NOT NULL DEFAULT 'reply',
	[FollowUpWindowHours] INT NOT NULL DEFAULT 24,
	[EditPolicy] VARCHAR(20) NOT NULL DEFAULT 'apply',
	[DeletePolicy] VARCHAR(20) NOT NULL DEFAULT 'cancelPending',
	[AutoExecute] BIT NOT NULL DEFAULT 1,
	[ReviewBelowConfidence] DECIMAL(3, 2) NULL,
	[Vocabulary] NVARCHAR(MAX) NULL,
	CONSTRAINT [PK_ChannelConfigurations] PRIMARY KEY ([Id]),
	CONSTRAINT [UQ_ChannelConfigurations_TenantId_ChannelId] UNIQUE ([TenantId], [ChannelId]),
	CONSTRAINT [FK_ChannelConfigurations_TenantId] FOREIGN KEY([TenantId]) REFERENCES [Tenants] ([Id])
);

CREATE INDEX [IX_Channels_Enabled] ON [ChannelConfigurations] ([TenantId], [IsEnabled]) WHERE IsEnabled = 1;

CREATE UNIQUE INDEX [IX_Channels_TenantChannel] ON [ChannelConfigurations] ([TenantId], [ChannelId]);

CREATE INDEX [IX_Channels_TenantId] ON [ChannelConfigurations] ([TenantId]);

CREATE TABLE [ChannelDailyStats] (
	[TenantId] VARCHAR(50) NOT NULL,
	[ChannelId] BIGINT NOT NULL,
	[Day] DATE NOT NULL,
	[SignalsReceived] INT NOT NULL,
	[SignalsTraded] INT NOT NULL,
	[SignalsRejected] INT NOT NULL,
	[SignalsHeld] INT NOT NULL,
	[NotASignal] INT NOT NULL,
	[TradesOpened] INT NOT NULL,
	[TradesClosed] INT NOT NULL,
	[TradesCancelled] INT NOT NULL,
	[Wins] INT NOT NULL,
	[Losses] INT NOT NULL,
	[RCount] INT NOT NULL,
	[DelayCount] INT NOT NULL,
	[GrossProfit] DECIMAL(20, 8) NOT NULL,
	[GrossLoss] DECIMAL(20, 8) NOT NULL,
	[CurveNet] DECIMAL(20, 8) NOT NULL,
	[CurveHigh] DECIMAL(20, 8) NOT NULL,
	[CurveLow] DECIMAL(20, 8) NOT NULL,
	[MaxDrawdown] DECIMAL(20, 8) NOT NULL,
	[RSum] DECIMAL(20, 4) NOT NULL,
	[DelayMsSum] BIGINT NOT NULL,
	[RejectedByRule] NVARCHAR(MAX) NOT NULL,
	[UpdatedAt] DATETIMEOFFSET NOT NULL,
	CONSTRAINT [PK_ChannelDailyStats] PRIMARY KEY ([TenantId], [ChannelId], [Day]),
	CONSTRAINT [FK_ChannelDailyStats_TenantId] FOREIGN KEY([TenantId]) REFERENCES [Tenants] ([Id]) ON DELETE CASCADE
);

CREATE TABLE [ChannelStatFacts] (
	[TenantId] VARCHAR(50) NOT NULL,
	[EntryId] VARCHAR(120) NOT NULL,
	[ChannelId] BIGINT NOT NULL,
	[Day] DATE NOT NULL,
	[Kind] VARCHAR(20) NOT NULL,
	[At] DATETIMEOFFSET NOT NULL,
	[MessageKey] VARCHAR(150) NULL,
	[Rule] VARCHAR(100) NULL,
	[Traded] BIT NOT NULL DEFAULT 0,
	[Pnl] DECIMAL(20, 8) NULL,
	[Risk] DECIMAL(20, 8) NULL,
	[DelayMs] BIGINT NULL,
	CONSTRAINT [PK_ChannelStatFacts] PRIMARY KEY ([TenantId], [EntryId]),
	CONSTRAINT [FK_ChannelStatFacts_TenantId] FOREIGN KEY([TenantId]) REFERENCES [Tenants] ([Id]) ON DELETE CASCADE
);

CREATE INDEX [IX_ChannelStatFacts_Day] ON [ChannelStatFacts] ([TenantId], [ChannelId], [Day]);

CREATE INDEX [IX_ChannelStatFacts_Message] ON [ChannelStatFacts] ([TenantId], [MessageKey]);

CREATE TABLE [HeldSignals] (
	[Id] VARCHAR(50) NOT NULL,
	[TenantId] VARCHAR(50) NOT NULL,
	[ChannelId] BIGINT NOT NULL,
	[MessageKey] VARCHAR(200) NOT NULL,
	[MessageId] BIGINT NOT NULL,
	[SignalIndex] INT NOT NULL,
	[Signal] NVARCHAR(MAX) NOT NULL,
	[HoldReason] VARCHAR(40) NOT NULL,
	[Status] VARCHAR(20) NOT NULL,
	[MessageAt] DATETIMEOFFSET NOT NULL,
	[CreatedAt] DATETIMEOFFSET NOT NULL,
	[CorrelationId] VARCHAR(64) NOT NULL DEFAULT '',
	[ResolvedAt] DATETIMEOFFSET NULL,
	[ResolvedBy] VARCHAR(100) NULL,
	[RejectionNote] VARCHAR(500) NULL,
	CONSTRAINT [PK_HeldSignals] PRIMARY KEY ([Id]),
	CONSTRAINT [UQ_HeldSignals_TenantId_MessageKey_SignalIndex] UNIQUE ([TenantId], [MessageKey], [SignalIndex]),
	CONSTRAINT [FK_HeldSignals_TenantId] FOREIGN KEY([TenantId]) REFERENCES [Tenants] ([Id])
);

CREATE INDEX [IX_HeldSignals_TenantStatus] ON [HeldSignals] ([TenantId], [Status], [CreatedAt]);

CREATE TABLE [TelegramBots] (
	[TenantId] VARCHAR(50) NOT NULL,
	[BotId] BIGINT NOT NULL,
	[EncryptedBotToken] VARCHAR(500) NOT NULL,
	[WebhookSecretHash] VARCHAR(64) NULL,
	[WebhookSetAt] DATETIMEOFFSET NULL,
	[CreatedAt] DATETIMEOFFSET NOT NULL,
	[UpdatedAt] DATETIMEOFFSET NOT NULL,
	CONSTRAINT [PK_TelegramBots] PRIMARY KEY ([TenantId]),
	CONSTRAINT [FK_TelegramBots_TenantId] FOREIGN KEY([TenantId]) REFERENCES [Tenants] ([Id]) ON DELETE CASCADE
);

CREATE TABLE [TenantApiKeys] (
	[Id] VARCHAR(50) NOT NULL,
	[TenantId] VARCHAR(50) NOT NULL,
	[KeyHash] VARCHAR(64) NOT NULL,
	[CreatedAt] DATETIMEOFFSET NOT NULL,
	[RevokedAt] DATETIMEOFFSET NULL,
	CONSTRAINT [PK_TenantApiKeys] PRIMARY KEY ([Id]),
	CONSTRAINT [FK_TenantApiKeys_TenantId] FOREIGN KEY([TenantId]) REFERENCES [Tenants] ([Id]) ON DELETE CASCADE
);

CREATE INDEX [IX_TenantApiKeys_TenantId] ON [TenantApiKeys] ([TenantId]);

CREATE TABLE [Trades] (
	[Id] VARCHAR(50) NOT NULL,
	[TenantId] VARCHAR(50) NOT NULL,
	[BrokerConnectionId] VARCHAR(50) NOT NULL,
	[ChannelId] BIGINT NOT NULL,
	[MessageKey] VARCHAR(150) NOT NULL,
	[MessageId] BIGINT NOT NULL,
	[Symbol] VARCHAR(30) NOT NULL,
	[Side] VARCHAR(4) NOT NULL,
	[Status] VARCHAR(20) NOT NULL,
	[Version] INT NOT NULL,
	[CreatedAt] DATETIMEOFFSET NOT NULL,
	[UpdatedAt] DATETIMEOFFSET NULL,
	CONSTRAINT [PK_Trades] PRIMARY KEY ([Id]),
	CONSTRAINT [UQ_Trades_TenantId_MessageKey_BrokerConnectionId] UNIQUE ([TenantId], [MessageKey], [BrokerConnectionId]),
	CONSTRAINT [FK_Trades_TenantId] FOREIGN KEY([TenantId]) REFERENCES [Tenants] ([Id]) ON DELETE CASCADE
);

CREATE INDEX [IX_Trades_ChannelSymbol] ON [Trades] ([TenantId], [ChannelId], [Symbol], [CreatedAt]);

CREATE INDEX [IX_Trades_TenantCreated] ON [Trades] ([TenantId], [CreatedAt]);

CREATE INDEX [IX_Trades_TenantStatus] ON [Trades] ([TenantId], [Status]);

CREATE TABLE [TradingConfigurations] (
	[Id] VARCHAR(50) NOT NULL,
	[TenantId] VARCHAR(50) NOT NULL,
	[SizingMode] INT NOT NULL,
	[FixedUnits] DECIMAL(20, 8) NULL,
	[EquityPercentage] DECIMAL(5, 2) NULL,
	[MaxTotalExposurePercent] DECIMAL(5, 2) NOT NULL,
	[MaxSlippagePips] DECIMAL(10, 2) NULL,
	[WhitelistedSymbols] NVARCHAR(MAX) NOT NULL,
	[BlacklistedSymbols] NVARCHAR(MAX) NOT NULL,
	[TradingSessionStart] TIME NULL,
	[TradingSessionEnd] TIME NULL,
	[TradingSessionDays] VARCHAR(100) NULL,
	[AutoExecuteEnabled] BIT NOT NULL,
	[CreatedAt] DATETIMEOFFSET NOT NULL,
	[UpdatedAt] DATETIMEOFFSET NULL,
	[TakeProfitStrategy] VARCHAR(10) NOT NULL DEFAULT 'even',
	[TakeProfitWeights] VARCHAR(100) NULL,
	[BreakevenAfterTp] INT NULL,
	[PendingExpiryMinutes] INT NULL,
	[MaxSignalDelaySeconds] INT NULL,
	[MaxOpenTrades] INT NULL,
	[RequireStopLoss] BIT NOT NULL DEFAULT 0,
	[DailyLossLimitPercent] DECIMAL(5, 2) NULL,
	CONSTRAINT [PK_TradingConfigurations] PRIMARY KEY ([Id]),
	CONSTRAINT [UQ_TradingConfigurations_TenantId] UNIQUE ([TenantId]),
	CONSTRAINT [FK_TradingConfigurations_TenantId] FOREIGN KEY([TenantId]) REFERENCES [Tenants] ([Id])
);

CREATE TABLE [ChannelBrokerMappings] (
	[ChannelConfigurationId] VARCHAR(50) NOT NULL,
	[BrokerConnectionId] VARCHAR(50) NOT NULL,
	CONSTRAINT [PK_ChannelBrokerMappings] PRIMARY KEY ([ChannelConfigurationId], [BrokerConnectionId]),
	CONSTRAINT [FK_ChannelBrokerMappings_ChannelConfigurationId] FOREIGN KEY([ChannelConfigurationId]) REFERENCES [ChannelConfigurations] ([Id]),
	CONSTRAINT [FK_ChannelBrokerMappings_BrokerConnectionId] FOREIGN KEY([BrokerConnectionId]) REFERENCES [BrokerConnections] ([Id])
);

CREATE TABLE [PaperAccounts] (
	[BrokerConnectionId] VARCHAR(50) NOT NULL,
	[TenantId] VARCHAR(50) NOT NULL,
	[Currency] VARCHAR(3) NOT NULL,
	[Balance] DECIMAL(20, 2) NOT NULL,
	[CreatedAt] DATETIMEOFFSET NOT NULL,
	CONSTRAINT [PK_PaperAccounts] PRIMARY KEY ([BrokerConnectionId]),
	CONSTRAINT [FK_PaperAccounts_BrokerConnectionId] FOREIGN KEY([BrokerConnectionId]) REFERENCES [BrokerConnections] ([Id]) ON DELETE CASCADE
);

CREATE TABLE [PaperActions] (
	[BrokerConnectionId] VARCHAR(50) NOT NULL,
	[ActionId] VARCHAR(100) NOT NULL,
	[TenantId] VARCHAR(50) NOT NULL,
	[Kind] VARCHAR(10) NOT NULL,
	[ClientOrderId] VARCHAR(100) NOT NULL,
	[Result] NVARCHAR(MAX) NOT NULL,
	[CreatedAt] DATETIMEOFFSET NOT NULL,
	CONSTRAINT [PK_PaperActions] PRIMARY KEY ([BrokerConnectionId], [ActionId]),
	CONSTRAINT [FK_PaperActions_BrokerConnectionId] FOREIGN KEY([BrokerConnectionId]) REFERENCES [BrokerConnections] ([Id]) ON DELETE CASCADE
);

CREATE TABLE [PaperOrders] (
	[Id] VARCHAR(50) NOT NULL,
	[BrokerConnectionId] VARCHAR(50) NOT NULL,
	[TenantId] VARCHAR(50) NOT NULL,
	[ClientOrderId] VARCHAR(100) NOT NULL,
	[Symbol] VARCHAR(30) NOT NULL,
	[Side] VARCHAR(4) NOT NULL,
	[OrderType] VARCHAR(10) NOT NULL,
	[Units] DECIMAL(20, 8) NOT NULL,
	[Price] DECIMAL(20, 8) NULL,
	[StopLoss] DECIMAL(20, 8) NULL,
	[TakeProfits] NVARCHAR(MAX) NOT NULL,
	[Status] VARCHAR(20) NOT NULL,
	[FillPrice] DECIMAL(20, 8) NULL,
	[CreatedAt] DATETIMEOFFSET NOT NULL,
	[ClosedUnits] DECIMAL(20, 8) NOT NULL DEFAULT 0,
	[ClosePrice] DECIMAL(20, 8) NULL,
	[ClosedAt] DATETIMEOFFSET NULL,
	[CloseReason] VARCHAR(20) NULL,
	[RealizedPnl] DECIMAL(20, 8) NOT NULL DEFAULT 0,
	[FilledAt] DATETIMEOFFSET NULL,
	[ExpiresAt] DATETIMEOFFSET NULL,
	CONSTRAINT [PK_PaperOrders] PRIMARY KEY ([Id]),
	CONSTRAINT [UQ_PaperOrders_BrokerConnectionId_ClientOrderId] UNIQUE ([BrokerConnectionId], [ClientOrderId]),
	CONSTRAINT [FK_PaperOrders_BrokerConnectionId] FOREIGN KEY([BrokerConnectionId]) REFERENCES [BrokerConnections] ([Id]) ON DELETE CASCADE
);

CREATE TABLE [PaperQuotes] (
	[BrokerConnectionId] VARCHAR(50) NOT NULL,
	[Symbol] VARCHAR(30) NOT NULL,
	[Bid] DECIMAL(20, 8) NOT NULL,
	[Ask] DECIMAL(20, 8) NOT NULL,
	[UpdatedAt] DATETIMEOFFSET NOT NULL,
	CONSTRAINT [PK_PaperQuotes] PRIMARY KEY ([BrokerConnectionId], [Symbol]),
	CONSTRAINT [FK_PaperQuotes_BrokerConnectionId] FOREIGN KEY([BrokerConnectionId]) REFERENCES [BrokerConnections] ([Id]) ON DELETE CASCADE
);

CREATE TABLE [TradeChanges] (
	[Id] VARCHAR(50) NOT NULL,
	[TradeId] VARCHAR(50) NOT NULL,
	[Sequence] INT NOT NULL,
	[At] DATETIMEOFFSET NOT NULL,
	[Kind] VARCHAR(30) NOT NULL,
	[LegIndex] INT NULL,
	[ActionId] VARCHAR(100) NULL,
	[RealizedPnl] DECIMAL(20, 8) NULL,
	[Detail] NVARCHAR(MAX) NOT NULL,
	[TenantId] VARCHAR(50) NULL,
	CONSTRAINT [PK_TradeChanges] PRIMARY KEY ([Id]),
	CONSTRAINT [FK_TradeChanges_TradeId] FOREIGN KEY([TradeId]) REFERENCES [Trades] ([Id]) ON DELETE CASCADE
);

CREATE INDEX [IX_TradeChanges_TenantAt] ON [TradeChanges] ([TenantId], [At]);

CREATE INDEX [IX_TradeChanges_TradeSequence] ON [TradeChanges] ([TradeId], [Sequence]);

CREATE TABLE [TradeLegs] (
	[TradeId] VARCHAR(50) NOT NULL,
	[LegIndex] INT NOT NULL,
	[Units] DECIMAL(20, 8) NOT NULL,
	[ClosedUnits] DECIMAL(20, 8) NOT NULL,
	[OrderType] VARCHAR(10) NOT NULL,
	[RequestedEntry] DECIMAL(20, 8) NULL,
	[EntryFill] DECIMAL(20, 8) NULL,
	[StopLoss] DECIMAL(20, 8) NULL,
	[TakeProfit] DECIMAL(20, 8) NULL,
	[Status] VARCHAR(20) NOT NULL,
	[OpenedAt] DATETIMEOFFSET NULL,
	[ClosePrice] DECIMAL(20, 8) NULL,
	[ClosedAt] DATETIMEOFFSET NULL,
	[CloseReason] VARCHAR(20) NULL,
	[RealizedPnl] DECIMAL(20, 8) NOT NULL,
	[ClientOrderId] VARCHAR(100) NOT NULL,
	[BrokerOrderId] VARCHAR(100) NULL,
	[BrokerTradeId] VARCHAR(100) NULL,
	CONSTRAINT [PK_TradeLegs] PRIMARY KEY ([TradeId], [LegIndex]),
	CONSTRAINT [FK_TradeLegs_TradeId] FOREIGN KEY([TradeId]) REFERENCES [Trades] ([Id]) ON DELETE CASCADE
);
