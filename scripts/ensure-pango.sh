#!/usr/bin/env bash
# The plan PDF (WeasyPrint) needs Pango. Install Debian's libraries only when they are missing.
set -euo pipefail
if ldconfig -p | grep -q 'libpango-1.0.so.0' && ldconfig -p | grep -q 'libpangoft2-1.0.so.0'; then exit 0; fi
echo "Pango is missing (WeasyPrint needs it for the plan PDF): installing Debian's libpango-1.0-0 and libpangoft2-1.0-0"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 >/dev/null
