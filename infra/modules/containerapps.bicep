// Azure Container Apps: the bot (2+ replicas behind HTTPS ingress on port 3978) and two scheduled jobs
// (weekly usage report; pop-up line expiry), all from the one Switchboard image, sharing settings.
param location string
param prefix string
param tags object = {}

@description('Container image, e.g. myregistry.azurecr.io/switchboard:0.1.0.')
param image string

@description('Registry server to pull from with the managed identity (empty for a public image).')
param registryServer string = ''

param identityId string
param identityClientId string
param appsSubnetId string
param workspaceName string
param vaultUri string

@description('Key Vault certificate name holding the Graph/PowerShell certificate.')
param certificateName string

param tenantId string
param graphClientId string
param botAppId string
param timezone string

@description('Weekly report schedule, cron in UTC (Container Apps has no time zones).')
param reportCron string

@description('Pop-up line expiry schedule, cron in UTC.')
param popupExpiryCron string

@minValue(2)
param minReplicas int = 2
param maxReplicas int = 6

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: workspaceName
}

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: '${prefix}-env'
  location: location
  tags: tags
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: workspace.properties.customerId
        sharedKey: workspace.listKeys().primarySharedKey
      }
    }
    vnetConfiguration: {
      infrastructureSubnetId: appsSubnetId
      internal: false
    }
    workloadProfiles: [
      {
        name: 'Consumption'
        workloadProfileType: 'Consumption'
      }
    ]
  }
}

var secrets = [
  {
    name: 'database-url'
    keyVaultUrl: '${vaultUri}secrets/database-url'
    identity: identityId
  }
  {
    name: 'bot-app-password'
    keyVaultUrl: '${vaultUri}secrets/bot-app-password'
    identity: identityId
  }
  {
    // A Key Vault certificate read as a secret is the base64 of its PFX; the entry point decodes it.
    name: 'graph-certificate'
    keyVaultUrl: '${vaultUri}secrets/${certificateName}'
    identity: identityId
  }
]
var registries = empty(registryServer) ? [] : [
  {
    server: registryServer
    identity: identityId
  }
]
var env = [
  { name: 'SWITCHBOARD_AUTH', value: 'certificate' }
  { name: 'SWITCHBOARD_TENANT_ID', value: tenantId }
  { name: 'SWITCHBOARD_CLIENT_ID', value: graphClientId }
  { name: 'SWITCHBOARD_CERTIFICATE_BASE64_FILE', value: '/mnt/secrets/graph-certificate' }
  { name: 'SWITCHBOARD_BOT_APP_ID', value: botAppId }
  { name: 'SWITCHBOARD_BOT_APP_PASSWORD', secretRef: 'bot-app-password' }
  { name: 'SWITCHBOARD_BOT_TENANT_ID', value: tenantId }
  { name: 'SWITCHBOARD_TIMEZONE', value: timezone }
  { name: 'DATABASE_URL', secretRef: 'database-url' }
  { name: 'AZURE_CLIENT_ID', value: identityClientId }
]
var volumes = [
  {
    name: 'secrets'
    storageType: 'Secret'
    secrets: [
      {
        secretRef: 'graph-certificate'
        path: 'graph-certificate'
      }
    ]
  }
]
var mounts = [
  {
    volumeName: 'secrets'
    mountPath: '/mnt/secrets'
  }
]

resource bot 'Microsoft.App/containerApps@2024-03-01' = {
  name: '${prefix}-bot'
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    environmentId: environment.id
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: 3978
        transport: 'http'
        allowInsecure: false
      }
      secrets: secrets
      registries: registries
    }
    template: {
      containers: [
        {
          name: 'bot'
          image: image
          env: env
          volumeMounts: mounts
          resources: {
            cpu: json('0.5')
            memory: '1Gi'
          }
          probes: [
            {
              type: 'Liveness'
              httpGet: {
                path: '/healthz'
                port: 3978
              }
              periodSeconds: 30
            }
            {
              type: 'Readiness'
              httpGet: {
                path: '/readyz'
                port: 3978
              }
              periodSeconds: 10
            }
          ]
        }
      ]
      volumes: volumes
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
        rules: [
          {
            name: 'http'
            http: {
              metadata: {
                concurrentRequests: '50'
              }
            }
          }
        ]
      }
    }
  }
}

var jobs = [
  {
    name: 'report-weekly'
    cron: reportCron
    args: ['switchboard', 'report', 'weekly']
    timeout: 3600
  }
  {
    name: 'popup-expire'
    cron: popupExpiryCron
    args: ['switchboard', 'popup', 'expire']
    timeout: 600
  }
]

resource scheduled 'Microsoft.App/jobs@2024-03-01' = [for job in jobs: {
  name: '${prefix}-${job.name}'
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    environmentId: environment.id
    workloadProfileName: 'Consumption'
    configuration: {
      triggerType: 'Schedule'
      replicaTimeout: job.timeout
      replicaRetryLimit: 1
      scheduleTriggerConfig: {
        cronExpression: job.cron
        parallelism: 1
        replicaCompletionCount: 1
      }
      secrets: secrets
      registries: registries
    }
    template: {
      containers: [
        {
          name: job.name
          image: image
          args: job.args
          env: env
          volumeMounts: mounts
          resources: {
            cpu: json('0.5')
            memory: '1Gi'
          }
        }
      ]
      volumes: volumes
    }
  }
}]

output botFqdn string = bot.properties.configuration.ingress.fqdn
output environmentName string = environment.name
