// Azure Cache for Redis: cache-aside entries and the idempotency keys of the signal pipeline.
// TLS only (port 6380), TLS 1.2 minimum. The connection URL, which carries the access key, is written
// straight into Key Vault here so the key never leaves this module; the app setting is a Key Vault
// reference to it.

@description('Azure region.')
param location string

@description('Globally unique cache name.')
param cacheName string

@description('Basic has no replica and no SLA (dev); Standard adds a replica with failover (prod).')
@allowed([
  'Basic'
  'Standard'
  'Premium'
])
param skuName string = 'Standard'

@description('Size within the SKU family (C0 = 250 MB, C1 = 1 GB, ...).')
@minValue(0)
@maxValue(6)
param capacity int = 1

@description('Key Vault that receives the redis-url secret.')
param keyVaultName string

@description('Name of that secret (the PIPSTER_REDIS_URL Key Vault reference points at it).')
param urlSecretName string = 'redis-url'

@description('Tags for every resource.')
param tags object = {}

resource cache 'Microsoft.Cache/redis@2024-03-01' = {
  //checkov:skip=CKV_AZURE_89:Public endpoint by design, see docs/deploy.md "Checkov: skipped checks" (no VNet/private endpoints yet); access needs Entra ID and TLS 1.2.
  name: cacheName
  location: location
  tags: tags
  properties: {
    sku: {
      name: skuName
      family: (skuName == 'Premium') ? 'P' : 'C'
      capacity: capacity
    }
    enableNonSslPort: false
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
    redisConfiguration: {
      // Idempotency keys carry a TTL like every cache entry, so a volatile-* policy could evict one
      // and let a redelivered message place a second order. noeviction makes a full cache refuse
      // writes instead: cache writes degrade to the database, an idempotency claim fails and the
      // queue retries the message later. Memory is watched by an alert, not by eviction.
      'maxmemory-policy': 'noeviction'
      'maxmemory-reserved': '30'
      'maxfragmentationmemory-reserved': '30'
    }
  }
}

// Rewritten on every deployment with the current primary key (regenerating the key = redeploy).
module urlSecret 'secret.bicep' = {
  name: 'secret-redis-url'
  params: {
    vaultName: keyVaultName
    secretName: urlSecretName
    value: 'rediss://:${cache.listKeys().primaryKey}@${cache.properties.hostName}:${cache.properties.sslPort}/0'
    contentType: 'text/uri'
  }
}

output cacheId string = cache.id
output hostName string = cache.properties.hostName
output urlSecretName string = urlSecret.outputs.name
