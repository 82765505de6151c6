// The Telegram session listener (`pipster listen`): a Container Apps job, not a Function. It holds
// long-lived MTProto connections, which a Function cannot. The job runs on a schedule, each execution
// listening for a bounded time (`--for`), and executions overlap: a new one starts while the previous
// still runs, waits on the Blob lease of each session, and takes each over the moment the old one
// releases it. So there is always a listener, never two on one session, and the checkpoints close
// any gap. Its identity gets the Function App's data-plane roles (roles.bicep) and its settings are the
// app's own non-secret settings: the listener reads SQL, blobs, queues, the events store and the key.

@description('Azure region.')
param location string

@description('Name prefix, e.g. pipster-dev.')
param prefix string

@description('Container image holding Pipster with the listener extra (see infra/listener/Dockerfile).')
param image string

@description('Settings (name -> value) passed as environment variables; no secrets among them.')
param settings object

@description('Log Analytics workspace that receives the environment\'s logs.')
param workspaceId string

@description('Minutes between executions (each listens for twice as long, so they overlap).')
@minValue(5)
@maxValue(30)
param everyMinutes int = 5

@description('Tags for every resource.')
param tags object = {}

var listenSeconds = everyMinutes * 60 * 2 - 60

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: 'cae-${prefix}'
  location: location
  tags: tags
  properties: {
    // Logs go through diagnostic settings (below): no workspace shared key in the template.
    appLogsConfiguration: {
      destination: 'azure-monitor'
    }
  }
}

resource environmentLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: environment
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
  }
}

resource job 'Microsoft.App/jobs@2024-03-01' = {
  name: 'caj-${prefix}-listen'
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    environmentId: environment.id
    configuration: {
      triggerType: 'Schedule'
      scheduleTriggerConfig: {
        cronExpression: '*/${everyMinutes} * * * *'
        parallelism: 1
        replicaCompletionCount: 1
      }
      replicaTimeout: listenSeconds + 300
      replicaRetryLimit: 1
    }
    template: {
      containers: [
        {
          name: 'listener'
          image: image
          command: [
            'pipster'
            'listen'
            '--for'
            string(listenSeconds)
          ]
          env: [for item in items(settings): {
            name: item.key
            value: item.value
          }]
          resources: {
            cpu: json('0.5')
            memory: '1Gi'
          }
        }
      ]
    }
  }
}

output principalId string = job.identity.principalId
output jobName string = job.name
