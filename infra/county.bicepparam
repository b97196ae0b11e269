// The county example (Palm Shores County IT): `az deployment group create --parameters infra/county.bicepparam`.
// Secrets come from the deployer's environment, never from this file.
using './main.bicep'

param prefix = 'swb-county'
param location = 'eastus2'
param graphClientId = '3f9c2a1e-7b4d-4c8e-9a6f-1d2e3c4b5a69'
param botAppId = '3f9c2a1e-7b4d-4c8e-9a6f-1d2e3c4b5a69'
param image = 'swbcounty.azurecr.io/switchboard:0.1.0'
param registryServer = 'swbcounty.azurecr.io'
param allowedIpRanges = [
  '203.0.113.0/28' // county IT office (documentation range: replace with yours)
]
param postgresPassword = readEnvironmentVariable('SWITCHBOARD_PG_PASSWORD')
param timezone = 'America/New_York'
param deployApps = bool(readEnvironmentVariable('SWITCHBOARD_DEPLOY_APPS', 'false'))
param tags = {
  application: 'switchboard'
  owner: 'county-it'
  costCenter: 'IT-TELECOM'
}
