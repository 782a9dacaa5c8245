#!/usr/bin/env bash
# Side by side: `brief render` (Markdown and PDF, from the dataset) against
# pandoc feeding typst on the brief's own Markdown (which does only the
# second half of the job: no loading, computing or tying out). Documentation,
# not a test: docs/performance.md quotes a run.
#
#   bash benches/compare.sh [DATASET] [RUNS]
#
# Needs pandoc and typst; both come from PyPI:
#   python3 -m pip install pypandoc_binary typst
# (pandoc's binary is inside pypandoc_binary; typst is driven from Python,
# so its time includes starting the interpreter and importing typst, about
# 100 ms here; the script prints that start-up alone too.)
set -euo pipefail
cd "$(dirname "$0")/.."
dataset=${1:-examples/icc}
runs=${2:-20}
py=${PYTHON:-python3}

if ! pandoc=$("$py" -c 'import pypandoc; print(pypandoc.get_pandoc_path())' 2>/dev/null); then
  echo "pandoc not found: python3 -m pip install pypandoc_binary" >&2; exit 1
fi
if ! "$py" -c 'import typst' 2>/dev/null; then
  echo "typst not found: python3 -m pip install typst" >&2; exit 1
fi

cargo build --release --quiet
brief=target/release/brief
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$brief" render "$dataset" --out "$work/out" --quiet || true
md=$(find "$work/out" -name '*.md' ! -name index.md | head -n1)
cp "$work/out"/*/*.svg "$work" 2>/dev/null || true

# Median wall time of a command over $runs runs, in milliseconds; the
# command is run once first, and must succeed.
median_ms() {
  if ! "$@" >/dev/null 2>"$work/err"; then
    echo "failed: $*" >&2; cat "$work/err" >&2; exit 1
  fi
  local times=()
  for _ in $(seq "$runs"); do
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1
    t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'
}

cat > "$work/compile_typst.py" <<PY
import sys, typst
typst.compile(sys.argv[1], output=sys.argv[2])
PY

brief_ms=$(median_ms "$brief" render "$dataset" --out "$work/again" --quiet)
pandoc_ms=$(median_ms "$pandoc" "$md" -f gfm -t typst -s -o "$work/brief.typ")
"$pandoc" "$md" -f gfm -t typst -s -o "$work/brief.typ"
typst_ms=$(median_ms "$py" "$work/compile_typst.py" "$work/brief.typ" "$work/brief.pdf")
python_ms=$(median_ms "$py" -c 'import typst')

echo "dataset: $dataset ($runs runs each, median wall time)"
echo "brief render (load, compute, tie out, Markdown, PDF): ${brief_ms} ms"
echo "pandoc Markdown -> typst:                          ${pandoc_ms} ms"
echo "typst -> PDF (from Python):                        ${typst_ms} ms (of which starting Python and importing typst: ${python_ms} ms)"
awk -v b="$brief_ms" -v p="$pandoc_ms" -v t="$typst_ms" -v s="$python_ms" 'BEGIN {
  total = p + t; printf "pandoc + typst: %.1f ms, %.1fx brief; without Python start-up: %.1f ms, %.1fx\n", total, total / b, total - s, (total - s) / b }'
