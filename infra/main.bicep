// Pipster backbone: every Azure resource of one environment, in one resource group.
//   az deployment group create -g <rg> -f infra/main.bicep -p infra/env/<env>.parameters.json
// See docs/deploy.md for the first deployment and the steps ARM cannot do.

targetScope = 'resourceGroup'

@description('Environment name; becomes PIPSTER_ENVIRONMENT (a deployed environment: not local/test/development).')
@allowed([
  'dev'
  'prod'
])
param environmentName string

@description('Azure region; must offer Flex Consumption.')
param location string = resourceGroup().location

@description('Display name of the Entra ID group that administers Azure SQL (and creates the app\'s database user).')
param sqlAdminLogin string

@description('Object id of that Entra ID group.')
param sqlAdminObjectId string

@description('Kind of principal the SQL administrator is.')
@allowed([
  'Group'
  'User'
  'Application'
])
param sqlAdminPrincipalType string = 'Group'

@description('Azure SQL database SKU (serverless General Purpose).')
param sqlSkuName string = 'GP_S_Gen5_2'

@description('Minutes before the serverless database pauses; -1 = never (no one-minute resume on the hot path).')
param sqlAutoPauseDelay int = -1

@description('Minimum vCores of the serverless database.')
param sqlMinCapacity string = '0.5'

@description('Point-in-time restore window in days (7 to 35).')
@minValue(1)
@maxValue(35)
param sqlBackupRetentionDays int = 7

@description('Backup storage redundancy of the database.')
@allowed([
  'Geo'
  'Zone'
  'Local'
])
param sqlBackupStorageRedundancy string = 'Geo'

@description('Zone-redundant Azure SQL database (not offered in every region).')
param sqlZoneRedundant bool = false

@description('E-mail addresses for Microsoft Defender for SQL alerts.')
param securityAlertEmails array = []

@description('Azure Cache for Redis SKU.')
@allowed([
  'Basic'
  'Standard'
  'Premium'
])
param redisSkuName string = 'Standard'

@description('Azure Cache for Redis size within the SKU family.')
@minValue(0)
@maxValue(6)
param redisCapacity int = 1

@description('Cosmos DB serverless (per-request billing) instead of autoscale throughput.')
param cosmosServerless bool = false

@description('Cosmos DB autoscale ceiling in RU/s (ignored when serverless).')
param cosmosAutoscaleMaxThroughput int = 1000

@description('Days Log Analytics and Application Insights keep data.')
param logRetentionDays int = 30

@description('Upper bound on Function App instances.')
param maximumInstanceCount int = 40

@description('Always-ready Function App instances, e.g. [{ name: \'http\', instanceCount: 1 }].')
param alwaysReady array = []

@description('Name of the data-encryption key secret.')
param encryptionKeySecretName string = 'pipster-data-key'

@description('Name of the admin API key secret.')
param adminKeySecretName string = 'pipster-admin-key'

@description('First deployment only: create the encryption-key secret as a disabled placeholder.')
param seedEncryptionKeyPlaceholder bool = false

@description('First deployment only: the admin API key to store in Key Vault. Empty leaves it unchanged.')
@secure()
param adminKey string = ''

@description('Container image of the Telegram session listener (infra/listener/Dockerfile); empty: no listener job.')
param listenerImage string = ''

@description('Public https base URL of the API (Telegram webhooks); empty: https://<function app>.azurewebsites.net.')
param publicBaseUrl string = ''

@description('Tags for every resource.')
param tags object = {}

var prefix = 'pipster-${environmentName}'
// Global names need uniqueness; six characters of a hash of the resource group keep them short.
var suffix = take(uniqueString(subscription().id, resourceGroup().id, environmentName), 6)
var functionAppName = 'func-${prefix}-${suffix}'
var allTags = union(tags, {
  application: 'pipster'
  environment: environmentName
})

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    prefix: prefix
    retentionInDays: logRetentionDays
    tags: allTags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    environmentName: environmentName
    nameSuffix: suffix
    workspaceId: monitoring.outputs.workspaceId
    tags: allTags
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    location: location
    vaultName: 'kv-${prefix}-${suffix}'
    encryptionKeySecretName: encryptionKeySecretName
    seedEncryptionKeyPlaceholder: seedEncryptionKeyPlaceholder
    adminKeySecretName: adminKeySecretName
    adminKey: adminKey
    workspaceId: monitoring.outputs.workspaceId
    tags: allTags
  }
}

module sql 'modules/sql.bicep' = {
  name: 'sql'
  params: {
    location: location
    serverName: 'sql-${prefix}-${suffix}'
    adminLogin: sqlAdminLogin
    adminObjectId: sqlAdminObjectId
    adminPrincipalType: sqlAdminPrincipalType
    skuName: sqlSkuName
    autoPauseDelay: sqlAutoPauseDelay
    minCapacity: sqlMinCapacity
    backupRetentionDays: sqlBackupRetentionDays
    backupStorageRedundancy: sqlBackupStorageRedundancy
    zoneRedundant: sqlZoneRedundant
    securityAlertEmails: securityAlertEmails
    workspaceId: monitoring.outputs.workspaceId
    tags: allTags
  }
}

module redis 'modules/redis.bicep' = {
  name: 'redis'
  params: {
    location: location
    cacheName: 'redis-${prefix}-${suffix}'
    skuName: redisSkuName
    capacity: redisCapacity
    keyVaultName: keyVault.outputs.vaultName
    tags: allTags
  }
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  params: {
    location: location
    accountName: 'cosmos-${prefix}-${suffix}'
    serverless: cosmosServerless
    autoscaleMaxThroughput: cosmosAutoscaleMaxThroughput
    tags: allTags
  }
}

// The names the app reads (shared/settings.py aliases, local.settings.example.json). No key or
// connection string: storage, SQL, Cosmos DB and Key Vault are reached with the managed identity;
// the two values that are secrets (Redis URL with its key, admin API key) are Key Vault references.
var appSettings = {
  AzureWebJobsStorage__accountName: storage.outputs.accountName
  APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.appInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD'
  PIPSTER_ENVIRONMENT: environmentName
  PIPSTER_SQL_URL: 'mssql+pyodbc://@${sql.outputs.serverFqdn}/${sql.outputs.databaseName}?driver=ODBC+Driver+18+for+SQL+Server&Encrypt=yes'
  PIPSTER_BLOB_ACCOUNT_URL: storage.outputs.blobEndpoint
  PIPSTER_REDIS_URL: '@Microsoft.KeyVault(VaultName=${keyVault.outputs.vaultName};SecretName=${redis.outputs.urlSecretName})'
  PIPSTER_KEYVAULT_URL: keyVault.outputs.vaultUri
  PIPSTER_KEY_SECRET_NAME: encryptionKeySecretName
  PIPSTER_ADMIN_KEY: '@Microsoft.KeyVault(VaultName=${keyVault.outputs.vaultName};SecretName=${keyVault.outputs.adminKeySecretName})'
  PIPSTER_EVENTS_BACKEND: 'cosmos'
  PIPSTER_COSMOS_ENDPOINT: cosmos.outputs.endpoint
  PIPSTER_COSMOS_DATABASE: cosmos.outputs.databaseName
  PIPSTER_COSMOS_CONTAINER: cosmos.outputs.containerName
  PIPSTER_PUBLIC_BASE_URL: empty(publicBaseUrl) ? 'https://${functionAppName}.azurewebsites.net' : publicBaseUrl
  // Maintenance timers read their schedules as %PIPSTER_SCHEDULE_*% (six-field NCRONTAB, UTC).
  PIPSTER_SCHEDULE_TIERING: '0 30 2 * * *'
  PIPSTER_SCHEDULE_TTL_CLEANUP: '0 15 * * * *'
  PIPSTER_SCHEDULE_EVENTS_ARCHIVE: '0 0 3 * * *'
  PIPSTER_SCHEDULE_KEY_ROTATION: '0 0 4 * * *'
  PIPSTER_SCHEDULE_BACKUP: '0 5 * * * *'
  PIPSTER_SCHEDULE_GDPR_PURGE: '0 30 4 * * *'
  PIPSTER_SCHEDULE_TRADE_EXPIRY: '0 */5 * * * *'
  PIPSTER_SCHEDULE_CACHE_REPAIR: '0 * * * * *'
  PIPSTER_SCHEDULE_STATS_FOLD: '*/5 * * * * *'
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    location: location
    prefix: prefix
    appName: functionAppName
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    appSettings: appSettings
    maximumInstanceCount: maximumInstanceCount
    alwaysReady: alwaysReady
    workspaceId: monitoring.outputs.workspaceId
    tags: allTags
  }
}

module roles 'modules/roles.bicep' = {
  name: 'roles'
  params: {
    principalId: functionApp.outputs.principalId
    storageAccountName: storage.outputs.accountName
    vaultName: keyVault.outputs.vaultName
    encryptionKeySecretName: keyVault.outputs.encryptionKeySecretName
    cosmosAccountName: cosmos.outputs.accountName
    cosmosDatabaseName: cosmos.outputs.databaseName
    appInsightsName: monitoring.outputs.appInsightsName
  }
}

// The session listener: the app's settings less the Key Vault references (an App Service feature; the
// listener needs neither the admin key nor Redis) and the Functions-only ones.
var listenerSettings = {
  AzureWebJobsStorage__accountName: storage.outputs.accountName
  APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.appInsightsConnectionString
  PIPSTER_ENVIRONMENT: environmentName
  PIPSTER_SQL_URL: appSettings.PIPSTER_SQL_URL
  PIPSTER_BLOB_ACCOUNT_URL: storage.outputs.blobEndpoint
  PIPSTER_KEYVAULT_URL: keyVault.outputs.vaultUri
  PIPSTER_KEY_SECRET_NAME: encryptionKeySecretName
  PIPSTER_EVENTS_BACKEND: 'cosmos'
  PIPSTER_COSMOS_ENDPOINT: cosmos.outputs.endpoint
  PIPSTER_COSMOS_DATABASE: cosmos.outputs.databaseName
  PIPSTER_COSMOS_CONTAINER: cosmos.outputs.containerName
}

module listener 'modules/listener.bicep' = if (!empty(listenerImage)) {
  name: 'listener'
  params: {
    location: location
    prefix: prefix
    image: listenerImage
    settings: listenerSettings
    workspaceId: monitoring.outputs.workspaceId
    tags: allTags
  }
}

module listenerRoles 'modules/roles.bicep' = if (!empty(listenerImage)) {
  name: 'listener-roles'
  params: {
    principalId: listener.outputs.principalId
    storageAccountName: storage.outputs.accountName
    vaultName: keyVault.outputs.vaultName
    encryptionKeySecretName: keyVault.outputs.encryptionKeySecretName
    cosmosAccountName: cosmos.outputs.accountName
    cosmosDatabaseName: cosmos.outputs.databaseName
    appInsightsName: monitoring.outputs.appInsightsName
  }
}

output functionAppName string = functionApp.outputs.appName
output functionAppUrl string = 'https://${functionApp.outputs.defaultHostName}'
output principalId string = functionApp.outputs.principalId
output sqlServerFqdn string = sql.outputs.serverFqdn
output sqlDatabaseName string = sql.outputs.databaseName
output keyVaultName string = keyVault.outputs.vaultName
output storageAccountName string = storage.outputs.accountName
output cosmosEndpoint string = cosmos.outputs.endpoint
