// Cosmos DB for NoSQL: the append-only event store. Entra ID only (local/key auth disabled), one
// database and one container partitioned on /tenantId so each tenant's events live apart, with the
// spec's 90-day default TTL.

@description('Azure region.')
param location string

@description('Globally unique account name (lowercase).')
param accountName string

@description('Database name (PIPSTER_COSMOS_DATABASE).')
param databaseName string = 'pipster'

@description('Container name (PIPSTER_COSMOS_CONTAINER).')
param containerName string = 'events'

@description('Serverless bills per request (dev, spiky traffic); false = provisioned autoscale throughput.')
param serverless bool = false

@description('Autoscale ceiling in RU/s when not serverless (the floor is a tenth of it).')
@minValue(1000)
param autoscaleMaxThroughput int = 1000

@description('Tags for every resource.')
param tags object = {}

var ninetyDaysInSeconds = 7776000

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-05-15' = {
  //checkov:skip=CKV_AZURE_99:Public endpoint by design, see docs/deploy.md "Checkov: skipped checks" (no VNet/private endpoints yet); access needs Entra ID and TLS 1.2.
  //checkov:skip=CKV_AZURE_101:Public endpoint by design, see docs/deploy.md "Checkov: skipped checks" (no VNet/private endpoints yet); access needs Entra ID and TLS 1.2.
  name: accountName
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: 'Enabled'
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    capabilities: serverless ? [
      {
        name: 'EnableServerless'
      }
    ] : []
    backupPolicy: {
      type: 'Continuous'
      continuousModeProperties: {
        tier: 'Continuous7Days'
      }
    }
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-05-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: {
      id: databaseName
    }
  }
}

resource container 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-05-15' = {
  parent: database
  name: containerName
  properties: {
    resource: {
      id: containerName
      partitionKey: {
        paths: [
          '/tenantId'
        ]
        kind: 'Hash'
      }
      defaultTtl: ninetyDaysInSeconds
    }
    options: serverless ? {} : {
      autoscaleSettings: {
        maxThroughput: autoscaleMaxThroughput
      }
    }
  }
}

output accountId string = account.id
output accountName string = account.name
output endpoint string = account.properties.documentEndpoint
output databaseName string = database.name
output containerName string = container.name
