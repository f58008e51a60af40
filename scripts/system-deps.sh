#!/usr/bin/env bash
# System packages the tests need, from Debian's apt when missing (the npm packages come from `npm install`):
#   bubblewrap    the process sandbox's namespaces (no network, read-only system, private /tmp); it refuses to run without
#   redis-server  the scale-out tests (test/scale) start their own throwaway server on a free loopback port
#   chromium      the dashboard's end-to-end tests (test/ui) drive Debian's headless Chromium through playwright-core
#   postgresql    the Postgres store tests (test/store-pg) start their own server from its binaries
#   g++           C++ contest solvers: the sandbox compiles them (compile step of a command candidate, test/sandbox/compile.test.ts)
#   texlive-latex-base  pdflatex for `kaizen paper`'s PDF (test/research/paper.test.ts); without it the PDF is skipped
#   poppler-utils       pdftotext, to check the PDF's numbers (paper and review tests)
set -euo pipefail
missing=()
command -v bwrap >/dev/null || missing+=(bubblewrap)
command -v redis-server >/dev/null || missing+=(redis-server)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/lib/postgresql/15/bin/initdb ] || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v g++ >/dev/null || missing+=(g++)
command -v pdflatex >/dev/null || missing+=(texlive-latex-base)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
