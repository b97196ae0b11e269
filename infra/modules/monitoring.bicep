// Log Analytics: container logs, Key Vault audit events and PostgreSQL logs land here.
@description('Azure region.')
param location string

@description('Name prefix, e.g. swb-county.')
param prefix string

@description('Days to keep logs; counties often must keep audit trails 90 days or more.')
@minValue(30)
param retentionInDays int = 90

param tags object = {}

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${prefix}-logs'
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

output workspaceId string = workspace.id
output workspaceName string = workspace.name
