// Key Vault for Switchboard's secrets: the Graph/PowerShell certificate (imported by the admin), the bot's
// client secret and the database URL. RBAC only; reached from the apps through a private endpoint.
param location string
param prefix string
param tags object = {}

@description('Object id of the managed identity that reads secrets at run time.')
param readerPrincipalId string

@description('Subnet for the private endpoint.')
param endpointsSubnetId string

@description('Private DNS zone privatelink.vaultcore.azure.net.')
param vaultDnsZoneId string

@description('Public IP ranges (CIDR) allowed to reach the vault, e.g. the IT office that imports the certificate.')
param allowedIpRanges array = []

param workspaceId string

@secure()
@description('postgresql://… URL with the password, stored as the secret database-url.')
param databaseUrl string

// Key Vault Secrets User: read secret values (certificates are read through their secret).
var secretsUserRole = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: take('${replace(prefix, '-', '')}kv${uniqueString(resourceGroup().id)}', 24)
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    // checkov:skip=CKV_AZURE_189: the public endpoint stays behind a deny-by-default firewall so the IT office (allowedIpRanges) can import the certificate; the apps use the private endpoint
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Deny'
      bypass: 'AzureServices'
      ipRules: [for range in allowedIpRanges: {
        value: range
      }]
    }
  }
}

resource databaseUrlSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'database-url'
  properties: {
    value: databaseUrl
    contentType: 'text/plain'
    attributes: {
      // Rotate with the PostgreSQL password; a year is the longest a county policy usually allows.
      exp: dateTimeToEpoch(dateTimeAdd(utcNow(), 'P1Y'))
    }
  }
}

resource readerRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, readerPrincipalId, secretsUserRole)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsUserRole)
    principalId: readerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource endpoint 'Microsoft.Network/privateEndpoints@2024-01-01' = {
  name: '${prefix}-kv-pe'
  location: location
  tags: tags
  properties: {
    subnet: {
      id: endpointsSubnetId
    }
    privateLinkServiceConnections: [
      {
        name: 'vault'
        properties: {
          privateLinkServiceId: vault.id
          groupIds: [
            'vault'
          ]
        }
      }
    ]
  }
}

resource endpointDns 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2024-01-01' = {
  parent: endpoint
  name: 'vault'
  properties: {
    privateDnsZoneConfigs: [
      {
        name: 'vault'
        properties: {
          privateDnsZoneId: vaultDnsZoneId
        }
      }
    ]
  }
}

resource audit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: vault
  name: 'audit'
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

output vaultName string = vault.name
output vaultUri string = vault.properties.vaultUri
