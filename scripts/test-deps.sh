#!/usr/bin/env bash
# Installs what the test suite needs from package registries, never copied into the repository:
#  - npm: dictionary-vi and @cspell/dict-vi-vn (real Vietnamese word lists for lantoa-viet's
#    property tests), vietnamese-conversion (independent oracle for the legacy-encoding
#    converter), playwright-core and axe-core (browser tests), exceljs (an independent reader
#    of the exported XLSX in the browser tests);
#  - Debian: chromium (browser tests), libreoffice-writer (opens exported DOCX), libpq-dev.
# Prints the folder to export as LANTOA_TEST_DEPS.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEPS="${LANTOA_TEST_DEPS:-$ROOT/.cache/test-deps}"
mkdir -p "$DEPS"

"$ROOT/scripts/setup.sh" >&2

need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
# LibreOffice opens the exported DOCX/XLSX in the export tests (headless conversion to PDF).
command -v soffice >/dev/null || need_apt+=(libreoffice-writer-nogui libreoffice-calc-nogui)
# pdftotext/pdftoppm check the converted PDF; Liberation fonts stand in for Times New Roman.
command -v pdftotext >/dev/null || need_apt+=(poppler-utils)
[ -d /usr/share/fonts/truetype/liberation2 ] || need_apt+=(fonts-liberation2)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "test-deps: installing Debian packages: ${need_apt[*]}" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

cd "$DEPS"
[ -f package.json ] || echo '{"name":"lantoa-test-deps","private":true}' > package.json
want=(dictionary-vi@3 @cspell/dict-vi-vn@3 vietnamese-conversion@2 playwright-core axe-core exceljs@4)
missing=()
for p in dictionary-vi @cspell/dict-vi-vn vietnamese-conversion playwright-core axe-core exceljs; do
  [ -d "node_modules/$p" ] || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "test-deps: installing npm packages into $DEPS" >&2
  npm install --silent --no-audit --no-fund "${want[@]}" >&2
fi
echo "$DEPS"
