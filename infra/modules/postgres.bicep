// PostgreSQL Flexible Server: the store when the bot runs as several replicas (journal, audit, pop-up
// lines, call-log history). Private access only (delegated subnet + private DNS), geo-redundant backups.
param location string
param prefix string
param tags object = {}

param subnetId string
param privateDnsZoneId string
param workspaceId string

@description('Administrator login name.')
param administratorLogin string = 'switchboard'

@secure()
@description('Administrator password (from the deployer\'s environment; never in a parameters file).')
param administratorPassword string

@description('Compute tier; Burstable B1ms carries a county of a few thousand staff.')
param skuName string = 'Standard_B1ms'
param skuTier string = 'Burstable'

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: '${prefix}-pg-${uniqueString(resourceGroup().id)}'
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: skuTier
  }
  properties: {
    version: '16'
    administratorLogin: administratorLogin
    administratorLoginPassword: administratorPassword
    authConfig: {
      passwordAuth: 'Enabled'
      activeDirectoryAuth: 'Enabled'
      tenantId: tenant().tenantId
    }
    storage: {
      storageSizeGB: 32
      autoGrow: 'Enabled'
    }
    backup: {
      backupRetentionDays: 35
      geoRedundantBackup: 'Enabled'
    }
    network: {
      delegatedSubnetResourceId: subnetId
      privateDnsZoneArmResourceId: privateDnsZoneId
      publicNetworkAccess: 'Disabled'
    }
    highAvailability: {
      mode: 'Disabled' // Burstable has no HA; choose GeneralPurpose + ZoneRedundant for a zone-redundant store
    }
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: server
  name: 'switchboard'
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
}

resource logs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: server
  name: 'logs'
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

output fqdn string = server.properties.fullyQualifiedDomainName
output databaseName string = database.name
