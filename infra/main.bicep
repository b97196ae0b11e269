// Switchboard on Azure: one resource group holding the bot and scheduled jobs (Container Apps), the
// store (PostgreSQL Flexible Server), secrets (Key Vault), a user-assigned managed identity and logs.
// Deploy twice: first with deployApps=false (creates the vault), import the certificate and the bot
// secret, then with deployApps=true. docs/deploy.md walks through it.
targetScope = 'resourceGroup'

@description('Azure region for everything except the bot registration (global).')
param location string = resourceGroup().location

@description('Short name prefix, lower case, e.g. swb-county.')
@minLength(3)
@maxLength(16)
param prefix string

@description('Entra app registration Switchboard uses for Graph and PowerShell (client id).')
param graphClientId string

@description('Entra app registration of the bot (Microsoft App ID; may equal graphClientId).')
param botAppId string

@description('Container image, e.g. myregistry.azurecr.io/switchboard:0.1.0.')
param image string

@description('Registry to pull from with the managed identity (grant it AcrPull); empty for a public image.')
param registryServer string = ''

@description('Name of the certificate in Key Vault (imported by the admin).')
param certificateName string = 'switchboard-graph'

@description('Public CIDR ranges allowed to reach Key Vault (the office that imports the certificate).')
param allowedIpRanges array = []

@secure()
@description('PostgreSQL administrator password; pass it from the environment, never from a file.')
param postgresPassword string

@description('IANA time zone of the tenant; reports are in local time.')
param timezone string = 'America/New_York'

@description('Weekly report, cron in UTC. Default: Mondays 11:00 UTC (06:00 or 07:00 Eastern).')
param reportCron string = '0 11 * * 1'

@description('Pop-up line expiry, cron in UTC. Default: every 15 minutes.')
param popupExpiryCron string = '*/15 * * * *'

@description('Second phase: create the bot, the jobs and the Azure Bot once the vault holds the secrets.')
param deployApps bool = false

param tags object = {
  application: 'switchboard'
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${prefix}-id'
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    prefix: prefix
    tags: tags
  }
}

module network 'modules/network.bicep' = {
  name: 'network'
  params: {
    location: location
    prefix: prefix
    tags: tags
  }
}

module postgres 'modules/postgres.bicep' = {
  name: 'postgres'
  params: {
    location: location
    prefix: prefix
    tags: tags
    subnetId: network.outputs.postgresSubnetId
    privateDnsZoneId: network.outputs.postgresDnsZoneId
    workspaceId: monitoring.outputs.workspaceId
    administratorPassword: postgresPassword
  }
}

module vault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    location: location
    prefix: prefix
    tags: tags
    readerPrincipalId: identity.properties.principalId
    endpointsSubnetId: network.outputs.endpointsSubnetId
    vaultDnsZoneId: network.outputs.vaultDnsZoneId
    allowedIpRanges: allowedIpRanges
    workspaceId: monitoring.outputs.workspaceId
    databaseUrl: 'postgresql://switchboard:${uriComponent(postgresPassword)}@${postgres.outputs.fqdn}:5432/${postgres.outputs.databaseName}?ssl=require'
  }
}

module apps 'modules/containerapps.bicep' = if (deployApps) {
  name: 'containerapps'
  params: {
    location: location
    prefix: prefix
    tags: tags
    image: image
    registryServer: registryServer
    identityId: identity.id
    identityClientId: identity.properties.clientId
    appsSubnetId: network.outputs.appsSubnetId
    workspaceName: monitoring.outputs.workspaceName
    vaultUri: vault.outputs.vaultUri
    certificateName: certificateName
    tenantId: tenant().tenantId
    graphClientId: graphClientId
    botAppId: botAppId
    timezone: timezone
    reportCron: reportCron
    popupExpiryCron: popupExpiryCron
  }
}

module bot 'modules/bot.bicep' = if (deployApps) {
  name: 'bot'
  params: {
    prefix: prefix
    tags: tags
    botAppId: botAppId
    botFqdn: deployApps ? apps.outputs.botFqdn : ''
  }
}

output vaultName string = vault.outputs.vaultName
output identityClientId string = identity.properties.clientId
output botEndpoint string = deployApps ? 'https://${apps.outputs.botFqdn}/api/messages' : ''
