// The Function App on the Flex Consumption plan (Linux, Python 3.11) with a system-assigned managed
// identity. Flex Consumption is the current serverless Linux plan (Linux Consumption takes no new
// features and is being retired): scale to zero and per-second billing like Consumption, plus
// identity-based deployment storage, optional always-ready instances against cold starts and VNet
// integration; queue and timer triggers work through the extension bundle that host.json pins
// ([4.*, 5.0.0), which Flex requires). Premium (EP1) would add deployment slots but bills at least one
// instance around the clock; nothing here needs slots.

@description('Azure region (must offer Flex Consumption: `az functionapp list-flexconsumption-locations`).')
param location string

@description('Name prefix, e.g. pipster-dev.')
param prefix string

@description('Globally unique Function App name.')
param appName string

@description('Blob container URL that holds the deployment package.')
param deploymentContainerUrl string

@description('App settings (name -> value); the runtime itself is set in functionAppConfig, not here.')
param appSettings object

@description('Upper bound on instances; each holds PIPSTER_SQL_POOL_SIZE + PIPSTER_SQL_MAX_OVERFLOW SQL sessions.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Instance size in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Always-ready instances, e.g. [{ name: \'http\', instanceCount: 1 }] to keep the API warm.')
param alwaysReady array = []

@description('Log Analytics workspace that receives the platform logs.')
param workspaceId string

@description('Tags for every resource.')
param tags object = {}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  //checkov:skip=CKV_AZURE_225:Zone redundancy on Flex Consumption keeps two always-ready instances per function group billed around the clock; not worth it at this stage.
  name: 'plan-${prefix}'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  //checkov:skip=CKV_AZURE_222:The HTTP API and the Telegram ingest are public by nature; every route checks a function key plus an admin or tenant bearer key.
  //checkov:skip=CKV_AZURE_17:Callers (Telegram webhooks, tenants' tools) cannot present client certificates; they authenticate with bearer keys.
  //checkov:skip=CKV_AZURE_212:Flex Consumption manages instances itself (scale from zero); minimum instances are the alwaysReady parameter.
  //checkov:skip=CKV_AZURE_213:Flex Consumption does not support the platform health check; /api/v1/health is probed by an availability test instead.
  name: appName
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientCertEnabled: false
    keyVaultReferenceIdentity: 'SystemAssigned'
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      appSettings: [for setting in items(appSettings): {
        name: setting.key
        value: setting.value
      }]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        alwaysReady: alwaysReady
      }
      runtime: {
        name: 'python'
        version: '3.11'
      }
    }
  }
}

// Publishing goes through Entra ID (az / func CLI), never through FTP or basic-auth SCM credentials.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

resource platformLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: site
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'FunctionAppLogs'
        enabled: true
      }
    ]
  }
}

output appName string = site.name
output principalId string = site.identity.principalId
output defaultHostName string = site.properties.defaultHostName
