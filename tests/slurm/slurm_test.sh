#!/usr/bin/env bash
# The Slurm scripts of tools/scripts/slurm on a real single-node Slurm: munged, slurmctld and
# slurmd started here on localhost with their own key, config and state in a temporary folder
# (SLURM_CONF points at it; /etc is untouched), stopped by PID when the test ends. The shipped
# scripts are submitted unchanged, as docs/BATCH.md tells a user, and every merged results.csv is
# compared row for row with a local `smearpress batch` of the same folder.
# Exits 77 (skipped) when not root, when slurmctld, slurmd or munged are not installed, or without
# cgroups; with SMEARPRESS_REQUIRE_SLURM=1 (as in CI) it fails instead. It installs nothing
# (tools/scripts/quickstart.sh test does: Debian packages slurm-wlm, munge).
# Usage: slurm_test.sh SMEARPRESS_BINARY SOURCE_DIR
set -u
bin=$1
src=$2

# skip REASON: exits 77, or fails where the test must run (SMEARPRESS_REQUIRE_SLURM=1, as in CI).
skip() {
  if [ "${SMEARPRESS_REQUIRE_SLURM:-0}" = 1 ]; then
    echo "FAIL: cannot run, and SMEARPRESS_REQUIRE_SLURM=1: $*"
    exit 1
  fi
  echo "SKIP: $*"
  exit 77
}
[ "$(id -u)" = 0 ] || skip "needs root (the Slurm daemons run as root here)"
# The daemons live in /usr/sbin, which a non-login root shell may lack in PATH.
export PATH=$PATH:/usr/sbin:/usr/bin
for tool in munged slurmctld slurmd sbatch squeue scontrol scancel sinfo; do
  command -v "$tool" >/dev/null || skip "$tool is not installed (Debian: apt-get install slurm-wlm munge)"
done

# slurmd 22.05 initialises its cgroup plugin even with proctrack/linuxproc and task/none, and
# stops when /sys/fs/cgroup holds no cgroup file system (a bare chroot, say).
case $(stat -f -c %T /sys/fs/cgroup 2>/dev/null) in
  cgroup2fs | tmpfs) ;;
  *) skip "no cgroup file system at /sys/fs/cgroup, which slurmd needs to start" ;;
esac

tmp=$(mktemp -d /tmp/smearpress-slurm.XXXXXX)
chmod 700 "$tmp"  # munged refuses a socket folder others can write to
pids=()
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
note() { echo "[$(date -u +%T)] $*"; }

# Stops what this test started: the jobs first (their processes belong to slurmstepd, not to
# the daemons), then the daemons by PID, newest first.
cleanup() {
  if [ -n "${SLURM_CONF:-}" ] && [ -S "$tmp/munge.sock" ]; then
    scancel --quiet --user=root 2>/dev/null
    for _ in $(seq 50); do [ -z "$(squeue -h 2>/dev/null)" ] && break; sleep 0.2; done
  fi
  local i
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[i]}" 2>/dev/null; done
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    for _ in $(seq 50); do kill -0 "${pids[i]}" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "${pids[i]}" 2>/dev/null
  done
  [ "$failures" = 0 ] || { echo "--- logs kept in $tmp"; return; }
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# until SECONDS_MAX COMMAND...: polls every 0.2 s until the command succeeds; fails at timeout.
until_ok() {
  local limit=$1 start=$SECONDS
  shift
  until "$@" >/dev/null 2>&1; do
    [ $((SECONDS - start)) -lt "$limit" ] || return 1
    sleep 0.2
  done
}

# --- munge with its own key and socket --------------------------------------------------------
dd if=/dev/urandom of="$tmp/munge.key" bs=1024 count=1 status=none
chmod 400 "$tmp/munge.key"
# --force: munged would rather not run as root; it is only this test's authentication.
munged --foreground --force --key-file="$tmp/munge.key" --socket="$tmp/munge.sock" \
  --pid-file="$tmp/munged.pid" --log-file="$tmp/munged.log" --seed-file="$tmp/munge.seed" \
  >"$tmp/munged.out" 2>&1 &
pids+=($!)
until_ok 10 test -S "$tmp/munge.sock" || { fail "munged did not start: $(tail -n 3 "$tmp/munged.log")"; exit 1; }

# --- slurm.conf: one node, no cgroups, no accounting ------------------------------------------
# Addresses are given as 127.0.0.1: a container or chroot may not resolve its own host name.
host=$(hostname -s)
mem_mb=$(awk '/^MemTotal:/ {print int($2 / 1024 * 0.9)}' /proc/meminfo)
# Four CPUs at least, so that two tasks of the scripts' default --cpus-per-task=2 run at once
# (the throttle case needs that); config_overrides lets slurmd accept more than the machine has.
cpus=$(nproc)
[ "$cpus" -ge 4 ] || cpus=4
mkdir -p "$tmp/state" "$tmp/spool" "$tmp/submit"
export SLURM_CONF=$tmp/slurm.conf
cat >"$SLURM_CONF" <<EOF
ClusterName=smearpresstest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
# cred_expire: how long a requeued job waits before it runs again (default 120 s).
AuthInfo=socket=$tmp/munge.sock,cred_expire=10
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SlurmdParameters=config_overrides
MpiDefault=none
ReturnToService=2
KillWait=10
MinJobAge=600
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
slurmctld -D -i -f "$SLURM_CONF" >"$tmp/slurmctld.out" 2>&1 &
pids+=($!)
slurmd -D -f "$SLURM_CONF" >"$tmp/slurmd.out" 2>&1 &
pids+=($!)
node_idle() { sinfo -h -n "$host" -o %T | grep -qx idle; }
if ! until_ok 60 node_idle; then
  fail "the node did not become idle: $(sinfo 2>&1 | tail -2); $(tail -n 3 "$tmp/slurmctld.log" "$tmp/slurmd.log")"
  exit 1
fi
note "slurm up: $(sinfo -h -o '%P %D %T %c CPUs' | head -1)"

# --- data ---------------------------------------------------------------------------------------
# samples/ (19 images) plus a truncated JPEG, which lands in one shard as a failed row.
data=$tmp/submit/data
mkdir -p "$data/broken"
cp -r "$src/samples/." "$data/"
find "$data" -type f ! -iname '*.jpg' -delete
head -c 4000 "$src/samples/pbc/basophil/BA_147282.jpg" >"$data/broken/truncated.jpg"
n_images=$(find "$data" -type f | wc -l)

# The local reference: the array script's default is no --config, i.e. the built-in defaults.
"$bin" batch --input "$data" --output "$tmp/local" --jobs 2 --no-dumps 2>"$tmp/local.err"
[ $? = 3 ] || fail "local batch: expected exit 3 (one broken file): $(tail -2 "$tmp/local.err")"

# Columns that do not depend on timing, by name.
columns() { awk -F, 'NR == 1 {for (i = 1; i <= NF; i++) c[$i] = i}
                     {print $c["image"] "," $c["status"] "," $c["file_bytes"] "," $c["psnr"]}' "$1"; }
same_as_local() {
  local merged=$1/merged/results.csv
  [ -s "$merged" ] || { fail "$2: no $merged"; return; }
  cmp -s <(columns "$merged") <(columns "$tmp/local/results.csv") ||
    fail "$2: merged results differ from the local batch: $(diff <(columns "$merged") <(columns "$tmp/local/results.csv") | head -5)"
}

array=$src/tools/scripts/slurm/smearpress-array.sbatch
merge=$src/tools/scripts/slurm/smearpress-merge.sbatch
cd "$tmp/submit" || exit 1

# submit ARGS...: sbatch from the submit folder, printing the command; sets jid.
submit() {
  echo "\$ sbatch $*" | sed "s|$src/||g; s|$tmp/||g"
  jid=$(sbatch --parsable "$@") || { fail "sbatch $* failed"; jid=; return 1; }
  jid=${jid%%;*}
  echo "$jid"
}
# finished JOB [SECONDS]: waits until no task of the job is pending, running or completing.
gone() { [ -z "$(squeue -h -j "$1" -t PD,R,CG,CF,S,RQ,SE 2>/dev/null)" ]; }
finished() {
  until_ok "${2:-90}" gone "$1" ||
    fail "job $1 still not finished after ${2:-90} s: $(squeue -j "$1" 2>&1 | tail -3)"
}
# states JOB: "task state exitcode" per array task (or the job), from scontrol (no accounting).
states() {
  scontrol -o show job "$1" | sed -E 's/.*ArrayTaskId=([^ ]*).* JobState=([^ ]*).* ExitCode=([^ ]*).*/\1 \2 \3/;
                                       s/^JobId=.* JobState=([^ ]*).* ExitCode=([^ ]*).*/- \1 \2/' | sort -n
}
# run_array NAME ARRAY [sbatch options...]: array + merge with the recommended dependency, waited for.
run_array() {
  local name=$1 spec=$2
  shift 2
  submit --array="$spec" "$@" --export=ALL,INPUT=data,OUTPUT="$name",SMEARPRESS="$bin" "$array" || return
  array_jid=$jid
  submit --dependency=afterany:"$array_jid" --export=ALL,OUTPUT="$name",SMEARPRESS="$bin" "$merge" || return
  merge_jid=$jid
  finished "$array_jid" 120
  finished "$merge_jid" 60
  states "$array_jid"
  states "$merge_jid"
}

# --- 0-based, strided and throttled arrays ----------------------------------------------------
note "case: --array=0-3"
t0=$SECONDS
run_array out0 0-3
note "took $((SECONDS - t0)) s"
same_as_local out0 "--array=0-3"
[ -d out0/shard-1-of-4 ] && [ -d out0/shard-4-of-4 ] || fail "--array=0-3 did not write shards 1..4 of 4: $(ls out0)"
# The broken file failed in its shard, which still counts as done, and the merge reports it.
[ "$(states "$array_jid" | grep -c ' COMPLETED 0:0')" = 4 ] || fail "--array=0-3: not every task completed: $(states "$array_jid")"
grep -q "broken/truncated.jpg" "smearpress-merge-$merge_jid.log" || fail "merge log does not report the broken image"
grep -l "finished with failed images" smearpress-"$array_jid"_*.log >/dev/null || fail "no task log reports the failed image"
[ "$(($(wc -l <out0/merged/results.csv) - 1))" = "$n_images" ] || fail "--array=0-3: rows != $n_images images"
sed 's/^/  | /' "smearpress-merge-$merge_jid.log"

note "case: --array=1-7:2"
run_array outstep 1-7:2
same_as_local outstep "--array=1-7:2"
[ -d outstep/shard-4-of-4 ] || fail "--array=1-7:2 did not write shard 4 of 4: $(ls outstep)"

note "case: --array=1-4%2, task 3 cancelled before it starts, then rerun alone with SHARDS=4"
submit --array=1-4%2 --hold --export=ALL,INPUT=data,OUTPUT=outthr,SMEARPRESS="$bin" "$array"
thr_jid=$jid
scancel "${thr_jid}_3"
scontrol release "$thr_jid"
submit --dependency=afterany:"$thr_jid" --export=ALL,OUTPUT=outthr,SMEARPRESS="$bin" "$merge"
merge_jid=$jid
# The throttle: never more than 2 tasks running at once.
most=0
start=$SECONDS
while [ -n "$(squeue -h -j "$thr_jid" 2>/dev/null)" ] && [ $((SECONDS - start)) -lt 120 ]; do
  r=$(squeue -h -j "$thr_jid" -t R | wc -l)
  [ "$r" -gt "$most" ] && most=$r
  sleep 0.2
done
[ "$most" -le 2 ] || fail "--array=1-4%2 ran $most tasks at once"
finished "$merge_jid" 60
states "$thr_jid"
states "$merge_jid"
[ ! -e outthr/merged/results.csv ] || fail "merge ran with shard 3 missing"
grep -q "shard-3-of-4/run.json: missing" "smearpress-merge-$merge_jid.log" ||
  fail "merge log does not name the missing shard: $(cat "smearpress-merge-$merge_jid.log")"
sed 's/^/  | /' "smearpress-merge-$merge_jid.log"
# The recovery recipe of docs/BATCH.md: rerun the task alone, then the merge.
submit --array=3 --export=ALL,SHARDS=4,INPUT=data,OUTPUT=outthr,SMEARPRESS="$bin" "$array"
rerun_jid=$jid
submit --dependency=afterany:"$rerun_jid" --export=ALL,OUTPUT=outthr,SMEARPRESS="$bin" "$merge"
merge_jid=$jid
finished "$rerun_jid" 60
finished "$merge_jid" 60
states "$rerun_jid"
same_as_local outthr "--array=1-4%2 with task 3 rerun"

# --- requeue mid-run, and SIGUSR1 for the batch shell ----------------------------------------
# Each task is frozen (SIGSTOP) once it has journaled an image, and the signal is sent while it
# is stopped: a process-directed signal stays pending until SIGCONT, so every case sees smearpress
# mid-run, however fast or loaded the machine (the shards of the samples take a second or two).
# freeze DIR: stops the smearpress that writes into DIR, once it has journaled an image; sets pid.
freeze() {
  pid=
  until_ok 60 test -s "$1/progress.journal" || { fail "$1: the shard never got going"; return 1; }
  pid=$(pgrep -f -- "--output $PWD/$1 ") || { fail "$1: no smearpress process"; return 1; }
  kill -STOP "$pid"
}
# term_pending PID: SIGTERM (15, bit 14 of the masks) is pending for the process.
term_pending() {
  local masks m
  masks=$(sed -n 's/^\(SigPnd\|ShdPnd\):[[:space:]]*//p' "/proc/$1/status" 2>/dev/null) || return 1
  for m in $masks; do (((16#$m >> 14) & 1)) && return 0; done
  return 1
}
# signalled PID: SIGTERM is pending for the stopped PID, or Slurm has continued it (when it ends
# a job, as for a requeue, it sends SIGCONT before its SIGTERM).
signalled() { term_pending "$1" || ! grep -q '^State:[[:space:]]*T' "/proc/$1/status" 2>/dev/null; }
# thaw PID [CONDITION...]: continues PID once the condition holds (at most 30 s).
thaw() {
  local p=$1
  shift
  [ -n "$p" ] || return
  [ $# = 0 ] || until_ok 30 "$@" || fail "thaw $p: '$*' did not happen"
  kill -CONT "$p" 2>/dev/null
}

note "case: requeue mid-run; scancel --batch --signal=USR1 mid-run"
# A larger folder (the samples ten times), so that a resumed shard has work left.
big=$tmp/submit/big
for c in $(seq 10); do mkdir -p "$big/c$c" && cp -r "$data/." "$big/c$c/"; done
"$bin" batch --input "$big" --output "$tmp/localbig" --jobs 2 --no-dumps 2>/dev/null
submit --array=1-2 --export=ALL,INPUT=big,OUTPUT=outrq,SMEARPRESS="$bin" "$array"
rq_jid=$jid
freeze outrq/shard-1-of-2; pid1=$pid
freeze outrq/shard-2-of-2; pid2=$pid
scontrol requeue "${rq_jid}_1" && echo "\$ scontrol requeue ${rq_jid}_1"
scancel --batch --signal=USR1 "${rq_jid}_2" && echo "\$ scancel --batch --signal=USR1 ${rq_jid}_2"
thaw "$pid1" signalled "$pid1"
thaw "$pid2" term_pending "$pid2"
# Slurm holds a requeued job back until the credential of its last run has expired (cred_expire:
# 120 s by default, 10 s in this test's slurm.conf); starting it earlier fails the task.
finished "$rq_jid" 150
states "$rq_jid"
log1=smearpress-${rq_jid}_1.log log2=smearpress-${rq_jid}_2.log
sed 's/^/  | /' "$log1"
grep -q "attempt 2" "$log1" || fail "the requeued task did not run again (or its log was truncated)"
grep -q "interrupted" "$log1" || fail "the requeue did not stop smearpress cleanly: $(cat "$log1")"
grep -q "already done" "$log1" || fail "the requeued task did not resume"
grep -q "SIGUSR1" "$log2" && grep -q "stopped by a signal" "$log2" ||
  fail "SIGUSR1 to the batch shell did not stop smearpress: $(cat "$log2")"
[ ! -e outrq/shard-2-of-2/results.csv ] || fail "shard 2 finished although stopped"
submit --array=2 --export=ALL,SHARDS=2,INPUT=big,OUTPUT=outrq,SMEARPRESS="$bin" "$array"
re_jid=$jid
finished "$re_jid" 90
submit --export=ALL,OUTPUT=outrq,SMEARPRESS="$bin" "$merge"
finished "$jid" 60
[ -s outrq/merged/results.csv ] && cmp -s <(columns outrq/merged/results.csv) <(columns "$tmp/localbig/results.csv") ||
  fail "requeued and resumed run differs from the local batch: $(tail -3 "smearpress-merge-$jid.log")"

# What reaches smearpress, as docs/BATCH.md says: --full TERM stops it cleanly (once: a second
# SIGTERM would skip the "interrupted with" line); --batch TERM and TERM without a flag do not.
note "case: scancel --signal=TERM with --full, --batch and neither"
submit --array=1-3 --cpus-per-task=1 --export=ALL,INPUT=big,OUTPUT=outsig,SMEARPRESS="$bin" "$array"
sig_jid=$jid
freeze outsig/shard-1-of-3; pid1=$pid
freeze outsig/shard-2-of-3; pid2=$pid
freeze outsig/shard-3-of-3; pid3=$pid
scancel --full --signal=TERM "${sig_jid}_1"
scancel --batch --signal=TERM "${sig_jid}_2"
scancel --signal=TERM "${sig_jid}_3"
thaw "$pid1" term_pending "$pid1"
thaw "$pid2" grep -q "SIGTERM" "smearpress-${sig_jid}_2.log"
sleep 2  # nothing to wait for: this signal reaches no process of task 3
thaw "$pid3"
finished "$sig_jid" 90
states "$sig_jid"
[ "$(states "$sig_jid" | tr '\n' ' ')" = "1 FAILED 130:0 2 COMPLETED 0:0 3 COMPLETED 0:0 " ] ||
  fail "scancel --signal=TERM: unexpected states: $(states "$sig_jid" | tr '\n' ' ')"
grep -q "batch: interrupted with" "smearpress-${sig_jid}_1.log" || fail "--full TERM did not stop smearpress cleanly"
grep -q "SIGTERM" "smearpress-${sig_jid}_2.log" || fail "--batch TERM did not reach the batch shell"

# --- a bad input path ---------------------------------------------------------------------------
note "case: a bad INPUT"
submit --array=1-2 --export=ALL,INPUT=no/such/folder,OUTPUT=outbad,SMEARPRESS="$bin" "$array"
bad_jid=$jid
finished "$bad_jid" 60
states "$bad_jid"
[ "$(states "$bad_jid" | grep -c ' FAILED 1:0')" = 2 ] || fail "bad INPUT: tasks did not fail with exit 1"
for t in 1 2; do
  grep -q "INPUT: $tmp/submit/no/such/folder is not a folder" "smearpress-${bad_jid}_$t.log" ||
    fail "bad INPUT: task $t's log lacks a clear message: $(cat "smearpress-${bad_jid}_$t.log")"
done
cat "smearpress-${bad_jid}_1.log"

note "done in $SECONDS s, $failures failure(s)"
[ "$failures" = 0 ]
