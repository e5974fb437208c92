#!/usr/bin/env bash
# A personal-data key certificate (PersonalData:KeyCertificatePath) for scripts that run the published service, which runs in
# Production and refuses to start without one: a self-signed RSA certificate with its key, PKCS#12 without a password, mode
# 0600, made once at the path given (default bench/.data/personal-data-keys.pfx). Prints its absolute path.
set -euo pipefail
cd "$(dirname "$0")/.."
path=$(realpath -m "${1:-bench/.data/personal-data-keys.pfx}")
if [ ! -f "$path" ]; then
  mkdir -p "$(dirname "$path")"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  umask 077
  openssl req -x509 -newkey rsa:3072 -nodes -keyout "$tmp/key.pem" -out "$tmp/cert.pem" -days 36500 -subj "/CN=CaseTracker personal-data keys" 2>/dev/null
  openssl pkcs12 -export -inkey "$tmp/key.pem" -in "$tmp/cert.pem" -out "$tmp/keys.pfx" -passout pass:
  mv -n "$tmp/keys.pfx" "$path"
fi
echo "$path"
