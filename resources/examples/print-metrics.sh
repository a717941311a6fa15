#!/usr/bin/env bash
# No client library at all: any program that prints "@@sweeplab <json>" lines on stdout reports
# metrics to Sweeplab, whatever its language. Other lines are kept as the trial's log.
#
# By hand:     bash print-metrics.sh --lr=0.1 --steps=10
# In a sweep:  npx sweeplab run resources/examples/stdout-marker.yaml
set -euo pipefail

lr=0.1
steps=20
for arg in "$@"; do
  case "$arg" in
    --lr=*) lr="${arg#--lr=}" ;;
    --steps=*) steps="${arg#--steps=}" ;;
    *) echo "print-metrics.sh: ignoring argument $arg" >&2 ;;
  esac
done
if ! [[ $lr =~ ^[0-9]*\.?[0-9]+([eE][-+]?[0-9]+)?$ ]] || ! [[ $steps =~ ^[0-9]+$ ]]; then
  echo "print-metrics.sh: expected --lr=<positive number> and --steps=<integer>, got --lr=$lr --steps=$steps" >&2
  exit 2
fi

echo "training with lr=$lr for $steps steps (trial ${SWEEPLAB_TRIAL_ID:-none}, seed ${SWEEPLAB_SEED:-none})"
for ((step = 0; step < steps; step++)); do
  # bash has no floating point: awk does the arithmetic. The best lr is 0.1 for long runs.
  loss=$(awk -v lr="$lr" -v s="$step" 'BEGIN { printf "%.6f", 0.1 + 2 * exp(-lr * (s + 1)) + (lr - 0.1) ^ 2 }')
  echo "@@sweeplab {\"step\":$step,\"loss\":$loss}"
  sleep 0.02
done
echo "done"
