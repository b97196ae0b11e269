// Azure Bot (Bot Service registration) with the Microsoft Teams channel, pointing at the bot's ingress.
param prefix string
param tags object = {}

@description('Microsoft App ID of the bot (its Entra app registration, single tenant).')
param botAppId string

@description('Public host name of the bot container app.')
param botFqdn string

@allowed([
  'F0'
  'S1'
])
@description('F0 is free for Teams-only bots (standard channels such as Teams are not metered).')
param sku string = 'F0'

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: '${prefix}-bot'
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: {
    name: sku
  }
  properties: {
    displayName: 'Switchboard'
    endpoint: 'https://${botFqdn}/api/messages'
    msaAppId: botAppId
    msaAppType: 'SingleTenant'
    msaAppTenantId: tenant().tenantId
    // Only Bot Framework tokens reach the bot; no Direct Line secret or local auth keys.
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled' // the Teams service must reach the messaging endpoint
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
      acceptedTerms: true
    }
  }
}

output botName string = bot.name
