// The one storage account: the Functions host's own storage (leases, queues, the deployment package)
// and Pipster's data (Telegram session files, the events archive, database backups). Identity only:
// shared-key access is disabled, so no account key or connection string exists for anyone to leak.

@description('Azure region.')
param location string

@description('Environment name (dev, prod): part of the account name.')
param environmentName string

@description('Short unique suffix that makes the account name global.')
param nameSuffix string

@description('Log Analytics workspace that receives the storage access logs.')
param workspaceId string

@description('Tags for every resource.')
param tags object = {}

// Queues between the functions; the host creates their "-poison" twins on first failure.
var queueNames = [
  'telegram-messages'
  'trade-commands'
]

// deployments: the Flex Consumption app package (written by `func azure functionapp publish`).
var containerNames = [
  'telegram-sessions'
  'events-archive'
  'backups'
  'deployments'
]

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  //checkov:skip=CKV_AZURE_35:Public endpoint by design, see docs/deploy.md "Checkov: skipped checks" (no VNet/private endpoints yet); access needs Entra ID and TLS 1.2.
  //checkov:skip=CKV_AZURE_59:Public endpoint by design, see docs/deploy.md "Checkov: skipped checks" (no VNet/private endpoints yet); access needs Entra ID and TLS 1.2.
  name: 'stpipster${environmentName}${nameSuffix}'
  location: location
  tags: tags
  kind: 'StorageV2'
  // Geo-redundant (spec: session files on GRS). Not GZRS: the Archive tier that events-archive
  // moves to is not offered on zone-redundant accounts.
  sku: {
    name: 'Standard_GRS'
  }
  properties: {
    accessTier: 'Hot'
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowCrossTenantReplication: false
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
    encryption: {
      keySource: 'Microsoft.Storage'
      requireInfrastructureEncryption: true
      services: {
        blob: {
          enabled: true
          keyType: 'Account'
        }
        file: {
          enabled: true
          keyType: 'Account'
        }
        queue: {
          enabled: true
          keyType: 'Account'
        }
        table: {
          enabled: true
          keyType: 'Account'
        }
      }
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    isVersioningEnabled: true
    deleteRetentionPolicy: {
      enabled: true
      days: 14
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: 14
    }
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [for name in containerNames: {
  parent: blobService
  name: name
  properties: {
    publicAccess: 'None'
  }
}]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [for name in queueNames: {
  parent: queueService
  name: name
}]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: account
  name: 'default'
}

// Versioning keeps a previous version of every overwritten or deleted blob, so each rule also
// removes previous versions: otherwise a lifecycle "delete" would leave the data in a version.
resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'events-archive-archive-tier-then-delete-after-7-years'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                'events-archive/'
              ]
            }
            actions: {
              baseBlob: {
                tierToArchive: {
                  daysAfterModificationGreaterThan: 1
                }
                // 7 years of 365 days plus the two leap days they contain.
                delete: {
                  daysAfterModificationGreaterThan: 2557
                }
              }
              version: {
                delete: {
                  daysAfterCreationGreaterThan: 14
                }
              }
            }
          }
        }
        {
          name: 'backups-cool-then-delete-after-35-days'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                'backups/'
              ]
            }
            actions: {
              baseBlob: {
                tierToCool: {
                  daysAfterModificationGreaterThan: 7
                }
                delete: {
                  daysAfterModificationGreaterThan: 35
                }
              }
              version: {
                delete: {
                  daysAfterCreationGreaterThan: 7
                }
              }
            }
          }
        }
        {
          name: 'telegram-sessions-expire-previous-versions'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                'telegram-sessions/'
              ]
            }
            actions: {
              version: {
                delete: {
                  daysAfterCreationGreaterThan: 30
                }
              }
            }
          }
        }
      ]
    }
  }
}

resource blobLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: blobService
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        categoryGroup: 'audit'
        enabled: true
      }
    ]
  }
}

resource queueLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: queueService
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        categoryGroup: 'audit'
        enabled: true
      }
    ]
  }
}

output accountId string = account.id
output accountName string = account.name
output blobEndpoint string = account.properties.primaryEndpoints.blob
output deploymentContainerUrl string = '${account.properties.primaryEndpoints.blob}deployments'
