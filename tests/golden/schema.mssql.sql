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
	CONSTRAINT [PK_ChannelConfigurations] PRIMARY KEY ([Id]),
	CONSTRAINT [UQ_ChannelConfigurations_TenantId_ChannelId] UNIQUE ([TenantId], [ChannelId]),
	CONSTRAINT [FK_ChannelConfigurations_TenantId] FOREIGN KEY([TenantId]) REFERENCES [Tenants] ([Id])
);

CREATE INDEX [IX_Channels_Enabled] ON [ChannelConfigurations] ([TenantId], [IsEnabled]) WHERE IsEnabled = 1;

CREATE UNIQUE INDEX [IX_Channels_TenantChannel] ON [ChannelConfigurations] ([TenantId], [ChannelId]);

CREATE INDEX [IX_Channels_TenantId] ON [ChannelConfigurations] ([TenantId]);

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

CREATE TABLE [TradingConfigurations] (
	[Id] VARCHAR(50) NOT NULL,
	[TenantId] VARCHAR(50) NOT NULL,
	[SizingMode] INT NOT NULL,
	[FixedUnits] INT NULL,
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

CREATE TABLE [PaperOrders] (
	[Id] VARCHAR(50) NOT NULL,
	[BrokerConnectionId] VARCHAR(50) NOT NULL,
	[TenantId] VARCHAR(50) NOT NULL,
	[ClientOrderId] VARCHAR(100) NOT NULL,
	[Symbol] VARCHAR(30) NOT NULL,
	[Side] VARCHAR(4) NOT NULL,
	[OrderType] VARCHAR(10) NOT NULL,
	[Units] BIGINT NOT NULL,
	[Price] DECIMAL(20, 8) NULL,
	[StopLoss] DECIMAL(20, 8) NULL,
	[TakeProfits] NVARCHAR(MAX) NOT NULL,
	[Status] VARCHAR(20) NOT NULL,
	[FillPrice] DECIMAL(20, 8) NULL,
	[CreatedAt] DATETIMEOFFSET NOT NULL,
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
