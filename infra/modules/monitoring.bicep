// Log Analytics workspace and the workspace-based Application Insights component the Function App
// reports to. Local (instrumentation-key) ingestion is disabled: telemetry is accepted only from an
// Entra identity holding "Monitoring Metrics Publisher" (granted in roles.bicep).

@description('Azure region.')
param location string

@description('Name prefix, e.g. pipster-dev.')
param prefix string

@description('Days Log Analytics keeps data (30 is free; prod keeps 90 for incident review).')
@minValue(30)
@maxValue(730)
param retentionInDays int = 30

@description('Tags for every resource.')
param tags object = {}

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${prefix}'
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
    features: {
      enableLogAccessUsingOnlyResourcePermissions: true
    }
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${prefix}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true
    RetentionInDays: retentionInDays
  }
}

output workspaceId string = workspace.id
output appInsightsId string = appInsights.id
output appInsightsName string = appInsights.name
// The connection string names the component; with local auth disabled it grants nothing by itself.
output appInsightsConnectionString string = appInsights.properties.ConnectionString
