#!/usr/bin/env bash
# A self-signed certificate for development (never for production: use your CA's or Let's Encrypt's,
# see docs/operations.md, "Gateway"). Valid for localhost, 127.0.0.1 and the names given as arguments.
#   ops/nginx/make-dev-cert.sh [output-dir] [extra-name ...]
# Writes economy-dev.crt and economy-dev.key (default output-dir: ops/nginx/certs, git-ignored).
set -euo pipefail
out="${1:-$(dirname "$0")/certs}"
shift || true
mkdir -p "$out"
san="DNS:localhost,IP:127.0.0.1"
for name in "$@"; do san="$san,DNS:$name"; done
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 825 \
  -subj "/CN=localhost/O=economy development" \
  -addext "subjectAltName=$san" \
  -addext "basicConstraints=critical,CA:FALSE" \
  -addext "keyUsage=critical,digitalSignature" \
  -addext "extendedKeyUsage=serverAuth" \
  -keyout "$out/economy-dev.key" -out "$out/economy-dev.crt" 2>/dev/null
chmod 600 "$out/economy-dev.key"
echo "wrote $out/economy-dev.crt and $out/economy-dev.key ($san)"
