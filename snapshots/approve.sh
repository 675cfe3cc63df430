#!/usr/bin/env bash
# Approves every pending snapshot: moves approved/<chart>.received.yaml over <chart>.approved.yaml.
# Review first: `git diff --no-index snapshots/approved/X.approved.yaml snapshots/approved/X.received.yaml`.
set -euo pipefail
cd "$(dirname "$0")/approved"
shopt -s nullglob
received=(*.received.yaml)
if [ ${#received[@]} -eq 0 ]; then
  echo "nothing to approve: run 'mvn -B verify' first; a changed manifest leaves a .received.yaml here"
  exit 0
fi
for f in "${received[@]}"; do
  mv "$f" "${f%.received.yaml}.approved.yaml"
  echo "approved ${f%.received.yaml}"
done
