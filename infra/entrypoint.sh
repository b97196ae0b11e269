#!/bin/sh
# Container entry point: turn the Key Vault certificate into a file the app and PowerShell can open, then
# run the given command (the bot by default; `switchboard report weekly` etc. for the scheduled jobs).
#
# Azure Container Apps mounts a Key Vault certificate, referenced as a secret, as a file holding the
# base64 of its PFX. SWITCHBOARD_CERTIFICATE_BASE64_FILE names that file; the decoded PFX goes to a
# private temporary file and SWITCHBOARD_CERTIFICATE_PATH points at it. The certificate is never logged.
set -eu
if [ -n "${SWITCHBOARD_CERTIFICATE_BASE64_FILE:-}" ]; then
  umask 077
  pfx="$(mktemp -d)/graph-certificate.pfx"
  base64 -d "$SWITCHBOARD_CERTIFICATE_BASE64_FILE" > "$pfx"
  export SWITCHBOARD_CERTIFICATE_PATH="$pfx"
fi
exec "$@"
