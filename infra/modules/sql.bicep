// Azure SQL: a logical server that accepts Microsoft Entra ID authentication only (no SQL logins,
// so no password exists), TLS 1.2 minimum, auditing to Log Analytics, and one database with TDE.
// The app's managed identity becomes a database user through T-SQL run by the Entra admin
// (docs/deploy.md "First deployment"): ARM has no resource for a contained database user.

@description('Azure region.')
param location string

@description('Globally unique server name.')
param serverName string

@description('Database name.')
param databaseName string = 'pipster'

@description('Display name of the Entra ID group (or user) that administers the server.')
param adminLogin string

@description('Object id of that Entra ID group (or user).')
param adminObjectId string

@description('Kind of principal the administrator is.')
@allowed([
  'Group'
  'User'
  'Application'
])
param adminPrincipalType string = 'Group'

@description('Database SKU. Serverless General Purpose: GP_S_Gen5_<max vCores>.')
param skuName string = 'GP_S_Gen5_2'

@description('Minutes of inactivity before a serverless database pauses; -1 never pauses (no resume delay).')
param autoPauseDelay int = -1

@description('Minimum vCores of a serverless database, as a string ("0.5", "1", ...).')
param minCapacity string = '0.5'

@description('Point-in-time restore window in days (spec: 7, configurable up to 35).')
@minValue(1)
@maxValue(35)
param backupRetentionDays int = 7

@description('Backup storage redundancy: Geo replicates backups to the paired region (spec: geo-redundant).')
@allowed([
  'Geo'
  'Zone'
  'Local'
])
param backupStorageRedundancy string = 'Geo'

@description('Zone-redundant database (survives the loss of an availability zone; not offered in every region).')
param zoneRedundant bool = false

@description('Who receives Microsoft Defender for SQL alerts (the subscription admins always do).')
param securityAlertEmails array = []

@description('Log Analytics workspace that receives the audit log.')
param workspaceId string

@description('Tags for every resource.')
param tags object = {}

resource server 'Microsoft.Sql/servers@2021-11-01' = {
  //checkov:skip=CKV_AZURE_113:Public endpoint by design, see docs/deploy.md "Checkov: skipped checks" (no VNet/private endpoints yet); access needs Entra ID and TLS 1.2.
  name: serverName
  location: location
  tags: tags
  properties: {
    minimalTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
    administrators: {
      administratorType: 'ActiveDirectory'
      azureADOnlyAuthentication: true
      login: adminLogin
      sid: adminObjectId
      tenantId: subscription().tenantId
      principalType: adminPrincipalType
    }
  }
}

// 0.0.0.0 is ARM's marker for "Azure services" (the Flex Consumption app has no fixed outbound IP);
// it admits connections, not logins: every login still needs an Entra token for a database user.
resource allowAzureServices 'Microsoft.Sql/servers/firewallRules@2021-11-01' = {
  parent: server
  name: 'AllowAllWindowsAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

resource database 'Microsoft.Sql/servers/databases@2021-11-01' = {
  //checkov:skip=CKV_AZURE_26:Alert e-mails are set on the server-level Defender policy.
  //checkov:skip=CKV_AZURE_27:Alert e-mails to admins are set on the server-level Defender policy.
  //checkov:skip=CKV_AZURE_229:zoneRedundant is a parameter (prod: true; dev: false, for cost), which Checkov cannot resolve.
  parent: server
  name: databaseName
  location: location
  tags: tags
  sku: {
    name: skuName
  }
  properties: {
    // UTF-8 collation: VARCHAR(n) then holds any script, counted in bytes as the app validates.
    collation: 'Latin1_General_100_CI_AS_SC_UTF8'
    autoPauseDelay: autoPauseDelay
    minCapacity: json(minCapacity)
    requestedBackupStorageRedundancy: backupStorageRedundancy
    zoneRedundant: zoneRedundant
  }
}

resource tde 'Microsoft.Sql/servers/databases/transparentDataEncryption@2021-11-01' = {
  parent: database
  name: 'current'
  properties: {
    state: 'Enabled'
  }
}

resource backupRetention 'Microsoft.Sql/servers/databases/backupShortTermRetentionPolicies@2021-11-01' = {
  parent: database
  name: 'default'
  properties: {
    retentionDays: backupRetentionDays
  }
}

resource auditing 'Microsoft.Sql/servers/auditingSettings@2021-11-01' = {
  parent: server
  name: 'default'
  properties: {
    state: 'Enabled'
    isAzureMonitorTargetEnabled: true
    // Logins and changes to users, roles, permissions and schema. Not BATCH_COMPLETED_GROUP (the
    // portal default): it would write a record per hot-path query and multiply the ingestion bill.
    auditActionsAndGroups: [
      'SUCCESSFUL_DATABASE_AUTHENTICATION_GROUP'
      'FAILED_DATABASE_AUTHENTICATION_GROUP'
      'DATABASE_PRINCIPAL_CHANGE_GROUP'
      'DATABASE_ROLE_MEMBER_CHANGE_GROUP'
      'DATABASE_PERMISSION_CHANGE_GROUP'
      'SCHEMA_OBJECT_CHANGE_GROUP'
    ]
  }
}

// Microsoft Defender for SQL: threat detection for every database of the server, all alert types.
resource defender 'Microsoft.Sql/servers/securityAlertPolicies@2021-11-01' = {
  parent: server
  name: 'Default'
  properties: {
    state: 'Enabled'
    emailAccountAdmins: true
    emailAddresses: securityAlertEmails
  }
}

// Server audit records flow to Azure Monitor through the master database's diagnostic setting.
resource masterDatabase 'Microsoft.Sql/servers/databases@2021-11-01' existing = {
  parent: server
  name: 'master'
}

resource auditLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'audit-to-log-analytics'
  scope: masterDatabase
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'SQLSecurityAuditEvents'
        enabled: true
      }
    ]
  }
  dependsOn: [
    auditing
  ]
}

output serverName string = server.name
output serverFqdn string = server.properties.fullyQualifiedDomainName
output databaseName string = database.name
