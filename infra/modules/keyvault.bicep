// Key Vault with Azure RBAC (no access policies), soft delete and purge protection. Holds the
// data-encryption key (PIPSTER_KEY_SECRET_NAME), the admin API key and the Redis URL.
//
// Secret values are never redeployed: every ARM write of a secret makes a new *current* version,
// so re-running a template that declares a fixed value would replace a rotated key. Both seeds are
// therefore conditional and used on the first deployment only (docs/deploy.md "First deployment").

@description('Azure region.')
param location string

@description('Globally unique vault name (3-24 characters).')
@minLength(3)
@maxLength(24)
param vaultName string

@description('Name of the data-encryption key secret (PIPSTER_KEY_SECRET_NAME).')
param encryptionKeySecretName string = 'pipster-data-key'

@description('First deployment only: create the encryption-key secret as a disabled placeholder, so the secret (and the role scoped to it) exists before `pipster keys rotate --force` writes the first real key.')
param seedEncryptionKeyPlaceholder bool = false

@description('Name of the admin API key secret (PIPSTER_ADMIN_KEY is a Key Vault reference to it).')
param adminKeySecretName string = 'pipster-admin-key'

@description('First deployment only: the admin API key to store. Empty leaves the secret as it is.')
@secure()
param adminKey string = ''

@description('Log Analytics workspace that receives the vault audit log.')
param workspaceId string

@description('Tags for every resource.')
param tags object = {}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  //checkov:skip=CKV_AZURE_109:Public endpoint by design, see docs/deploy.md "Checkov: skipped checks" (no VNet/private endpoints yet); access needs Entra ID and TLS 1.2.
  //checkov:skip=CKV_AZURE_189:Public endpoint by design, see docs/deploy.md "Checkov: skipped checks" (no VNet/private endpoints yet); access needs Entra ID and TLS 1.2.
  name: vaultName
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

// Disabled: reading a disabled version fails (403), so the placeholder can never be used as a key;
// the app starts encrypting only after `pipster keys rotate --force` has written an enabled version.
module encryptionKeyPlaceholder 'secret.bicep' = if (seedEncryptionKeyPlaceholder) {
  name: 'secret-encryption-key-placeholder'
  params: {
    vaultName: vault.name
    secretName: encryptionKeySecretName
    value: 'placeholder'
    contentType: 'placeholder'
    enabled: false
    tags: {
      placeholder: 'run pipster keys rotate --force'
    }
  }
}

module adminKeySecret 'secret.bicep' = if (!empty(adminKey)) {
  name: 'secret-admin-key'
  params: {
    vaultName: vault.name
    secretName: adminKeySecretName
    value: adminKey
    contentType: 'text/plain'
  }
}

resource auditLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'audit-to-log-analytics'
  scope: vault
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

output vaultId string = vault.id
output vaultName string = vault.name
output vaultUri string = vault.properties.vaultUri
// Outputs (not the parameters) so that dependants wait for the seeds above.
output encryptionKeySecretName string = seedEncryptionKeyPlaceholder ? encryptionKeyPlaceholder.outputs.name : encryptionKeySecretName
output adminKeySecretName string = empty(adminKey) ? adminKeySecretName : adminKeySecret.outputs.name
