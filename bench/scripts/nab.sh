#!/usr/bin/env bash
# NAB benchmark: replays every series of the Numenta Anomaly Benchmark through ./numbat replay (the
# stream processor's online detector, one JVM) and scores the result with the standalone NAB scorer,
# threshold optimised per profile over the whole corpus (as NAB does for every published detector),
# and cross-validated by leaving one category out (bench/scripts/nab_cv.py): the threshold is chosen
# on the other categories and applied to the held-out one; the held-out raw scores are pooled and
# normalised like the full-corpus score (a per-category average is undefined: artificialNoAnomaly
# has no windows).
# Usage: bench/scripts/nab.sh [--detector transition|seasonal|ensemble] [NAB_DIR [SCORER]]
#   --detector  the anomaly detector to replay (numbat replay --detector; default $NAB_DETECTOR, else
#               seasonal, the processor's default)
#   NAB_DIR  holds data/<category>/<file>.csv and labels/combined_windows.json (default ../shared/nab
#            relative to the repository root)
#   SCORER   nabscore.py (default NAB_DIR/../tools/nab/nabscore.py)
# Prints the scorer's per-profile report, then
#   RESULT nab detector=... standard=... cv_standard=... reward_low_fp=... cv_reward_low_fp=... reward_low_fn=...
#              cv_reward_low_fn=... seconds=... rows_per_s=...
# where seconds is the replay's wall time (JVM start included) and rows_per_s the replay's own rate.
set -euo pipefail
DETECTOR="${NAB_DETECTOR:-seasonal}"
if [[ "${1:-}" == "--detector" ]]; then
  DETECTOR="${2:?nab.sh: --detector needs transition, seasonal or ensemble}"
  shift 2
fi
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
NAB_DIR="$(cd "${1:-$ROOT/../shared/nab}" && pwd)"
SCORER="${2:-$NAB_DIR/../tools/nab/nabscore.py}"
[[ -d "$NAB_DIR/data" && -f "$NAB_DIR/labels/combined_windows.json" ]] \
  || { echo "nab.sh: $NAB_DIR has no data/ or labels/combined_windows.json" >&2; exit 2; }
[[ -f "$SCORER" ]] || { echo "nab.sh: scorer $SCORER not found (pass it as the second argument)" >&2; exit 2; }

OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

"$ROOT/numbat" --version >/dev/null   # builds if needed, so the timing below is the replay only
start=$(date +%s.%N)
"$ROOT/numbat" replay --input "$NAB_DIR/data" --output "$OUT/numbat" --detector "$DETECTOR" | tee "$OUT/replay.txt"
seconds=$(echo "$(date +%s.%N) - $start" | bc)
rows_per_s=$(sed -n 's/.*(\([0-9]*\) rows\/s).*/\1/p' "$OUT/replay.txt")

python3 "$SCORER" --data "$NAB_DIR/data" --labels "$NAB_DIR/labels/combined_windows.json" \
  --results "$OUT/numbat" --profile all --optimize | tee "$OUT/score.txt"

python3 "$ROOT/bench/scripts/nab_cv.py" "$SCORER" "$NAB_DIR" "$OUT/numbat" | tee "$OUT/cv.txt"

score() { sed -n "s/^NAB $1 score: //p" "$OUT/score.txt"; }
cv() { sed -n "s/^CV $1 pooled=\([0-9.-]*\) .*/\1/p" "$OUT/cv.txt"; }
printf 'RESULT nab detector=%s standard=%s cv_standard=%s reward_low_fp=%s cv_reward_low_fp=%s reward_low_fn=%s cv_reward_low_fn=%s seconds=%.2f rows_per_s=%s\n' \
  "$DETECTOR" "$(score standard)" "$(cv standard)" "$(score reward_low_FP_rate)" "$(cv reward_low_FP_rate)" \
  "$(score reward_low_FN_rate)" "$(cv reward_low_FN_rate)" "$seconds" "$rows_per_s"
