#!/usr/bin/env bash
# The README's picture of a paper: runs the example study (examples/studies/operators-circle-packing.json, 9 short
# offline runs), writes its paper, checks it (`kaizen paper verify`, `kaizen review`) and renders page 1 of the PDF
# to PNG. Usage: bash scripts/paper-figure.sh OUT.png (CI writes .ci/out/paper-first-page.png; the README's copy is
# docs/paper-first-page.png). Needs pdflatex (texlive-latex-base) and pdftoppm (poppler-utils).
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(realpath -m "${1:-docs/paper-first-page.png}")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
node bin/kaizen.js study examples/studies/operators-circle-packing.json --store "$work/kaizen.db" --json > "$work/study.json"
study="$(node -e 'const s = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8")); console.log(s.runId)' "$work/study.json")"
node bin/kaizen.js paper --study "$study" --store "$work/kaizen.db" --out "$work/paper"
node bin/kaizen.js paper verify "$work/paper"
node bin/kaizen.js review "$work/paper" > "$work/review.txt"
head -1 "$work/review.txt"
mkdir -p "$(dirname "$out")"
pdftoppm -png -r 70 -f 1 -l 1 -singlefile "$work/paper/paper.pdf" "${out%.png}"
echo "first page of the paper: $out"
