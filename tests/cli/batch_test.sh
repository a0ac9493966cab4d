#!/usr/bin/env bash
# Lab workflows end to end: --jobs, --resume, interruption, --shard + merge, sweeps.
# Usage: batch_test.sh SMEARPRESS_BINARY SOURCE_DIR
bin=$1
src=$2
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

cfg=$src/configs/seed.json
in=$work/in
mkdir -p "$in"
cp -r "$src/samples/pbc/." "$in/"
mkdir -p "$in/broken"
: >"$in/broken/empty.jpg"
head -c 4000 "$src/samples/pbc/basophil/BA_147282.jpg" >"$in/broken/truncated.jpg"
n_files=$(find "$in" -type f | wc -l)

# --jobs: identical results apart from timings.
expect 3 "batch --jobs 1" -- "$bin" batch --config "$cfg" --input "$in" --output "$work/j1" --jobs 1 --no-dumps
expect 3 "batch --jobs 2" -- "$bin" batch --config "$cfg" --input "$in" --output "$work/j2" --jobs 2 --no-dumps
[ "$(($(wc -l <"$work/j1/results.csv") - 1))" = "$n_files" ] || fail "results.csv rows != $n_files files"
cmp -s <(untimed "$work/j1/results.csv") <(untimed "$work/j2/results.csv") || fail "--jobs 1 and 2 differ"
cmp -s <(untimed "$work/j1/summary.csv") <(untimed "$work/j2/summary.csv") || fail "summaries differ"
grep -q "^broken/truncated.jpg,broken,error,truncated JPEG" "$work/j1/results.csv" || fail "truncated JPEG not an error row"
for f in report.html summary.md run.json progress.journal; do [ -s "$work/j1/$f" ] || fail "batch wrote no $f"; done
[ -z "$(find "$work/j1" -name '*.tmp-*')" ] || fail "temporary files left behind"

# --resume: everything finished is reused (timings included, since rows come from the journal).
rm "$work/j1/results.csv" "$work/j1/summary.csv"
expect 3 "batch --resume" -- "$bin" batch --config "$cfg" --input "$in" --output "$work/j1" --jobs 2 --resume --no-dumps
stderr_has "$n_files already done"
[ -s "$work/j1/results.csv" ] || fail "resume wrote no results.csv"
# A changed file is processed again; the others are not.

cp "$in/platelet/PLATELET_104489.jpg" "$work/copy.jpg" && cat "$work/copy.jpg" >"$in/platelet/PLATELET_104489.jpg"
touch -d '2001-01-01 00:00' "$in/platelet/PLATELET_104489.jpg"
expect 3 "batch --resume after a change" -- "$bin" batch --config "$cfg" --input "$in" --output "$work/j1" --resume --no-dumps
stderr_has "$((n_files - 1)) already done"
# A different config refuses to resume.
echo '{"codec": {"quant_step": 30}}' >"$work/other.json"
expect 2 "resume with another config" -- "$bin" batch --config "$work/other.json" --input "$in" --output "$work/j1" --resume
stderr_has "different config"

# Interruption: SIGINT stops cleanly (exit 130, no results.csv, no temporaries), --resume finishes.
big=$work/big
for k in 1 2 3 4 5 6; do mkdir -p "$big/copy$k" && cp -r "$src/samples/pbc/." "$big/copy$k/"; done
"$bin" batch --config "$cfg" --input "$big" --output "$work/int" --jobs 1 --no-dumps 2>"$work/int.err" &
pid=$!
# Signal only once the batch is under way: a background job starts with SIGINT ignored until
# smearpress installs its handler, so a signal sent earlier (a loaded machine) would be lost.
for _ in $(seq 300); do
  [ -n "$(find "$work/int" -name '*.smz' 2>/dev/null | head -1)" ] && break
  sleep 0.1
done
kill -INT "$pid"
wait "$pid"
status=$?
[ "$status" = 130 ] || fail "interrupted batch exited $status, expected 130 (log: $(tail -2 "$work/int.err"))"
[ ! -e "$work/int/results.csv" ] || fail "an interrupted batch wrote results.csv"
[ -z "$(find "$work/int" -name '*.tmp-*')" ] || fail "an interrupted batch left temporary files"
grep -q -- "--resume" "$work/int.err" || fail "no hint to resume after interruption"
# What a killed run (a second Ctrl-C, SIGKILL) leaves mid-write is removed on the next run; the
# pid is above Linux's pid_max, so no such process runs.
mkdir -p "$work/int/smz" && echo partial >"$work/int/smz/x.jpg.smz.tmp-4194999-0"
expect 0 "resume after interruption" -- "$bin" batch --config "$cfg" --input "$big" --output "$work/int" --resume --no-dumps
grep -q "already done" "$work/err" || fail "resume after interruption reused nothing"
[ ! -e "$work/int/smz/x.jpg.smz.tmp-4194999-0" ] || fail "a stale temporary survived the next run"
grep -q "removed 1 unfinished file" "$work/err" || fail "removing a stale temporary was not reported"
[ "$(($(wc -l <"$work/int/results.csv") - 1))" = "$(find "$big" -type f | wc -l)" ] || fail "resumed results incomplete"

# Shards and merge: identical to the unsharded run, timings aside.
for k in 1 2 3; do
  # 0 or 3: a shard may or may not hold one of the broken files.
  "$bin" batch --config "$cfg" --input "$in" --output "$work/s$k" --shard "$k/3" --jobs 1 2>"$work/err"
  status=$?
  [ "$status" = 0 ] || [ "$status" = 3 ] || fail "shard $k/3 exited $status: $(tail -2 "$work/err")"
done
total=0
for k in 1 2 3; do total=$((total + $(wc -l <"$work/s$k/results.csv") - 1)); done
[ "$total" = "$(($(wc -l <"$work/j2/results.csv") - 1))" ] || fail "shards hold $total rows"
expect 0 "merge" -- "$bin" merge "$work/s1" "$work/s2" "$work/s3" --output "$work/merged"
cmp -s <(untimed "$work/merged/results.csv") <(untimed "$work/j2/results.csv") || fail "merged results.csv differs"
cmp -s <(untimed "$work/merged/summary.csv") <(untimed "$work/j2/summary.csv") || fail "merged summary.csv differs"
[ -s "$work/merged/report.html" ] || fail "merge wrote no report"
expect 1 "merge with a shard missing" -- "$bin" merge "$work/s1" "$work/s3" --output "$work/m2"
stderr_has "shard 2/3 is missing"
expect 1 "merge with a shard twice" -- "$bin" merge "$work/s1" "$work/s1" "$work/s2" --output "$work/m3"
expect 2 "bad --shard" -- "$bin" batch --config "$cfg" --input "$in" --output "$work/x" --shard 4/3

# The Slurm example scripts, run as plain bash with the variables Slurm would set (a real Slurm
# runs them in tests/slurm/slurm_test.sh).
for k in 1 2 3; do
  SLURM_ARRAY_TASK_ID=$k SLURM_ARRAY_TASK_MIN=1 SLURM_ARRAY_TASK_MAX=3 SLURM_ARRAY_TASK_STEP=1 \
    SLURM_ARRAY_TASK_COUNT=3 SLURM_CPUS_PER_TASK=1 SMEARPRESS=$bin CONFIG=$cfg \
    INPUT=$in OUTPUT=$work/slurm bash "$src/tools/scripts/slurm/smearpress-array.sbatch" 2>"$work/err"
  status=$?
  [ "$status" = 0 ] || [ "$status" = 3 ] || fail "sbatch array task $k exited $status: $(tail -2 "$work/err")"
done
SMEARPRESS=$bin OUTPUT=$work/slurm bash "$src/tools/scripts/slurm/smearpress-merge.sbatch" 2>"$work/err" ||
  fail "sbatch merge failed: $(tail -2 "$work/err")"
cmp -s <(untimed "$work/slurm/merged/results.csv") <(untimed "$work/j2/results.csv") || fail "Slurm run differs"

# Sweeps.
cat >"$work/sweep.json" <<'JSON'
{"name": "steps", "sweep": {"codec.quant_step": [30, 90], "roi.dilate_px": [5, 15]}}
JSON
mkdir -p "$work/sin/lymphocyte"
cp "$src/samples/pbc/lymphocyte/"*.jpg "$work/sin/lymphocyte/"
expect 0 "sweep" -- "$bin" sweep --config "$work/sweep.json" --input "$work/sin" --output "$work/sweep"
head -1 "$work/sweep/sweep.csv" | grep -q "^combination,codec.quant_step,roi.dilate_px,image,class,status" ||
  fail "sweep.csv header: $(head -1 "$work/sweep/sweep.csv")"
[ "$(($(wc -l <"$work/sweep/sweep.csv") - 1))" = 8 ] || fail "sweep.csv should have 2 images x 4 combinations"
grep -q "^4,90,15,lymphocyte/" "$work/sweep/sweep.csv" || fail "sweep.csv lacks combination 4"
grep -q "^1,30,5,ALL,2,0," "$work/sweep/sweep_summary.csv" || fail "sweep_summary.csv lacks combination 1 ALL"
[ -s "$work/sweep/report.html" ] || fail "sweep wrote no report"
echo '{"sweep": {"codec.quantstep": [30, 60]}}' >"$work/badsweep.json"
expect 2 "sweep with an unknown key" -- "$bin" sweep --config "$work/badsweep.json" --input "$work/sin" --output "$work/bs"
stderr_has "codec.quantstep"
expect 2 "sweep without a sweep" -- "$bin" sweep --config "$cfg" --input "$work/sin" --output "$work/bs"

finish
