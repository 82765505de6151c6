// One Key Vault secret. A module of its own so that the callers can create a secret conditionally
// (first deployment only) while the secret's properties stay visible to static analysis.

@description('Existing vault name.')
param vaultName string

@description('Secret name.')
param secretName string

@description('Secret value.')
@secure()
param value string

@description('MIME-like content type, a hint to operators.')
param contentType string

@description('A disabled version cannot be read.')
param enabled bool = true

@description('Tags on the secret.')
param tags object = {}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: vaultName
}

resource secret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  //checkov:skip=CKV_AZURE_41:Rotated by the app (encryption key, every 90 days) or by redeployment (Redis URL); an expiry date would only break the Key Vault references that read them.
  parent: vault
  name: secretName
  tags: tags
  properties: {
    contentType: contentType
    value: value
    attributes: {
      enabled: enabled
    }
  }
}

output name string = secret.name
