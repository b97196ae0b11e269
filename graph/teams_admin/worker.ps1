# Switchboard's Teams admin worker (docs/teams-admin-protocol.md): signs in once, then answers one JSON
# request per stdin line with one JSON line on stdout. Cmdlets run by splatting: no data ever runs as code.
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'
$protocol = [Console]::Out
[Console]::SetOut([Console]::Error)  # host output (banners, Write-Host) must not corrupt the protocol

function Send-Line([string] $Text) { $protocol.WriteLine($Text); $protocol.Flush() }
function ConvertTo-Line($Value) { ConvertTo-Json -InputObject $Value -Depth 10 -Compress -EnumsAsStrings }

function Get-ErrorShape($Record) {
    $status = $null
    $response = $Record.Exception.Response
    if ($null -ne $response -and $null -ne $response.StatusCode) { $status = [int] $response.StatusCode }
    [ordered] @{ fqid = $Record.FullyQualifiedErrorId; category = $Record.CategoryInfo.Category.ToString()
        message = $Record.Exception.Message; exception = $Record.Exception.GetType().FullName; status = $status }
}

function Resolve-Value($Value, [hashtable] $Results) {
    if ($Value -is [System.Collections.IDictionary] -and $Value.Contains('$ref')) {
        if (-not $Results.ContainsKey($Value['$ref'])) { throw "unknown reference $($Value['$ref'])" }
        $target = $Results[$Value['$ref']]
        if ($Value['property']) { return , $target.($Value['property']) }
        return , $target
    }
    if ($Value -is [System.Collections.IDictionary]) {  # a JSON object: a hashtable PowerShell converts on binding
        $copy = @{}
        foreach ($key in $Value.Keys) { $copy[$key] = Resolve-Value $Value[$key] $Results }
        return , $copy
    }
    if ($Value -is [System.Collections.IList]) { return , @(foreach ($item in $Value) { Resolve-Value $item $Results }) }
    return , $Value
}

function Invoke-Step($Step, [hashtable] $Results) {
    $command = Get-Command -Name $Step['cmdlet'] -CommandType @('Cmdlet', 'Function')
    if ($command.ModuleName -notmatch '^(MicrosoftTeams|Microsoft\.Teams\.)') { throw "$($Step['cmdlet']) is not a MicrosoftTeams cmdlet" }
    $params = @{}
    foreach ($key in $Step['params'].Keys) { $params[$key] = Resolve-Value $Step['params'][$key] $Results }
    $output = @(& $command @params)
    $value = if ($output.Count -eq 0) { $null } elseif ($output.Count -eq 1) { $output[0] } else { , $output }
    if ($Step['as']) { $Results[$Step['as']] = $value }
    return ConvertTo-Line $value
}

try {
    $certificate = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new(
        $env:SWITCHBOARD_CERTIFICATE_PATH, $env:SWITCHBOARD_CERTIFICATE_PASSWORD)
    $null = Connect-MicrosoftTeams -TenantId $env:SWITCHBOARD_TENANT_ID -ApplicationId $env:SWITCHBOARD_CLIENT_ID -Certificate $certificate
} catch {
    Send-Line (ConvertTo-Line ([ordered] @{ ready = $false; error = Get-ErrorShape $_ }))
    exit 1
}
$version = (Get-Module -Name MicrosoftTeams).Version.ToString()
Send-Line (ConvertTo-Line ([ordered] @{ ready = $true; module = 'MicrosoftTeams'; version = $version; tenant = $env:SWITCHBOARD_TENANT_ID }))

while ($null -ne ($line = [Console]::In.ReadLine())) {
    $id = $null; $outputs = [System.Collections.Generic.List[string]]::new(); $failure = $null
    try {
        $request = ConvertFrom-Json -InputObject $line -AsHashtable
        $id = $request['id']; $results = @{}
        foreach ($step in $request['steps']) { $outputs.Add((Invoke-Step $step $results)) }
    } catch { $failure = Get-ErrorShape $_ }
    $head = '{"id":' + (ConvertTo-Line $id) + ',"ok":' + ($(if ($failure) { 'false' } else { 'true' }))
    $tail = if ($failure) { ',"step":' + ($outputs.Count + 1) + ',"error":' + (ConvertTo-Line $failure) } else { '' }
    Send-Line ($head + ',"results":[' + ($outputs -join ',') + ']' + $tail + '}')
}
