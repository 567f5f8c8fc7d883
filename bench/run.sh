#!/usr/bin/env bash
# Show-command benchmark: ours against a reference bpftool, side by side on the same objects.
#
#   sudo bench/run.sh [REF_BPFTOOL] [OUR_BPFTOOL]
#
# Creates PROGS programs and MAPS maps (bench/fixture.cpp), pinned in a private bpffs under a
# fresh /tmp/bt-bench.XXXXXX, times each command for both binaries interleaved, prints medians
# and ref/ours ratios, then removes everything it created, also on Ctrl-C or failure. It only
# touches its own mount and the objects pinned there.
#
# Environment:
#   PROGS=1000 MAPS=5000   fixture size
#   REPS=15 WARMUP=2       timed repetitions per command and binary, and untimed ones before
#   MODES="pinned held"    pinned: objects live only through their pins (no process holds them)
#                          held:   a holder process also keeps an fd to every object open, so
#                                  the "pids" lookups of both tools find something
#   CMDS="..."             ';'-separated commands (default: see DEFAULT_CMDS below)
#   TSV=FILE               append raw figures (medians and every sample) to FILE
#   HYPERFINE=1            also run hyperfine (apt-get installs it if missing) as a cross-check
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
REF=$(readlink -f "${1:-/opt/bpftool-ref/bpftool}")
OURS=$(readlink -f "${2:-$root/build/bpftool}")
PROGS=${PROGS:-1000}
MAPS=${MAPS:-5000}
REPS=${REPS:-15}
WARMUP=${WARMUP:-2}
MODES=${MODES:-pinned held}
DEFAULT_CMDS="prog show;-j prog show;map show;-j map show;link show;btf show;version;-f prog show;-f map show"
CMDS=${CMDS:-$DEFAULT_CMDS}
FIXTURE_BUILD=${FIXTURE_BUILD:-$root/build-bench}
FIXTURE=$FIXTURE_BUILD/bt_bench_fixture

die() { echo "bench/run.sh: $*" >&2; exit 1; }

[[ $(id -u) -eq 0 ]] || die "needs root (loads programs, mounts a bpffs): sudo $0 $*"
[[ -x $REF ]] || die "reference bpftool '$REF' not found"

# A private mount namespace: if this script is killed with SIGKILL and the trap cannot run,
# the namespace dies with its last process, which unmounts our bpffs and so frees every object
# we pinned there. Skipped when unshare is missing (the trap below still cleans up).
if [[ -z ${BT_BENCH_IN_NS:-} ]] && command -v unshare >/dev/null; then
  export BT_BENCH_IN_NS=1
  exec unshare --mount --propagation private "$0" "$@"
fi

if [[ ! -x $OURS ]]; then
  echo "# building our bpftool ($OURS missing)"
  (cd "$root" && cmake -S . -B build -G Ninja >/dev/null && ninja -C build bpftool >/dev/null)
  OURS=$root/build/bpftool
fi
# The fixture is built on its own (bench/CMakeLists.txt works standalone), never rebuilding src/.
if [[ ! -x $FIXTURE || $here/fixture.cpp -nt $FIXTURE ]]; then
  echo "# building the fixture in $FIXTURE_BUILD"
  cmake -S "$here" -B "$FIXTURE_BUILD" -G Ninja >/dev/null
  ninja -C "$FIXTURE_BUILD" bt_bench_fixture >/dev/null
fi

tmp=""
fs=""
holder=""
child=""
# Long steps run in the background and are waited for, so that a signal runs the trap at once
# instead of after the step (bash defers traps while a foreground command runs).
run() {
  "$@" &
  child=$!
  local rc=0
  wait "$child" || rc=$?
  child=""
  return "$rc"
}
cleanup() {
  local rc=$?
  trap - EXIT INT TERM HUP
  if [[ -n $child ]]; then
    kill "$child" 2>/dev/null || true
    wait "$child" 2>/dev/null || true
  fi
  if [[ -n $holder ]]; then
    kill "$holder" 2>/dev/null || true
    wait "$holder" 2>/dev/null || true
  fi
  if [[ -n $fs ]] && mountpoint -q "$fs"; then
    # Unmounting drops our pins; with no fd left the kernel frees the objects.
    umount "$fs" 2>/dev/null || umount -l "$fs"
  fi
  if [[ -n $tmp ]]; then
    [[ -n $fs && -d $fs ]] && rmdir "$fs"
    rm -f "$tmp/ready" "$tmp/hf.md"
    rmdir "$tmp"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

tmp=$(mktemp -d /tmp/bt-bench.XXXXXX)
fs=$tmp/fs
mkdir "$fs"
mount -t bpf bpf "$fs"

echo "## Machine"
echo "- kernel: $(uname -r), $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM"
echo "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- ref:  $REF ($("$REF" version 2>/dev/null | head -1))"
ours_src=""
if [[ $OURS == "$root"/* ]] && git -C "$root" rev-parse --git-dir >/dev/null 2>&1; then
  ours_src=", tree $(git -C "$root" rev-parse --short HEAD)"
  git -C "$root" diff --quiet HEAD -- src CMakeLists.txt || ours_src+=" with uncommitted changes in src/"
fi
echo "- ours: $OURS ($("$OURS" version 2>/dev/null | head -1)$ours_src)"
echo "- bpf_stats_enabled: $(cat /proc/sys/kernel/bpf_stats_enabled 2>/dev/null || echo ?)"
echo

echo "## Fixture"
run "$FIXTURE" create "$fs" --progs "$PROGS" --maps "$MAPS"
# Both tools must list the same objects; other tests on the host may add or remove a few
# between the two calls, so this only prints the totals and our share of them.
if command -v jq >/dev/null; then
  for b in "$REF" "$OURS"; do
    echo "- $b: $("$b" -j prog show | jq length) progs, $("$b" -j map show | jq length) maps," \
      "$("$b" -j btf show | jq length) BTF objects listed; of ours:" \
      "$("$b" -j prog show | jq '[.[] | select(.name // "" | test("^(bp_|bench_socket_filter_)"))] | length') progs," \
      "$("$b" -j map show | jq '[.[] | select(.name // "" | test("^(bm[0-9]|bench_map_|b[0-9]+\\.rodata)"))] | length') maps"
  done
else
  echo "(jq missing: listing check skipped)"
fi
echo

IFS=';' read -r -a cmds <<<"$CMDS"

run_hyperfine() {
  if ! command -v hyperfine >/dev/null; then
    echo "# installing hyperfine"
    apt-get install -y hyperfine >/dev/null 2>&1 || { echo "# hyperfine unavailable, skipped"; return 0; }
  fi
  local c
  echo "hyperfine cross-check (not interleaved: each pair runs back to back):"
  for c in "${cmds[@]}"; do
    hyperfine -N --style none --warmup "$WARMUP" --runs "$REPS" --export-markdown "$tmp/hf.md" \
      -n "ref $c" "$REF $c" -n "ours $c" "$OURS $c" >/dev/null 2>&1
    tail -n +3 "$tmp/hf.md"
  done
  rm -f "$tmp/hf.md"
  echo
}

for mode in $MODES; do
  case $mode in
    pinned) echo "## Objects held by pins only" ;;
    held)
      echo "## Objects also held open by a process"
      rm -f "$tmp/ready"
      "$FIXTURE" hold "$fs" --ready "$tmp/ready" &
      holder=$!
      for _ in $(seq 100); do [[ -s $tmp/ready ]] && break; sleep 0.1; done
      [[ -s $tmp/ready ]] || die "holder did not start"
      echo "holder pid $(cut -d' ' -f1 "$tmp/ready") holds $(cut -d' ' -f2 "$tmp/ready") fds"
      ;;
    *) die "unknown mode '$mode'" ;;
  esac
  echo "$REPS timed runs + $WARMUP warm-up per command and binary, interleaved; medians."
  echo
  [[ -n ${TSV:-} ]] && printf '# mode %s\n' "$mode" >>"$TSV"
  run "$FIXTURE" time --ref "$REF" --ours "$OURS" --reps "$REPS" --warmup "$WARMUP" \
    ${TSV:+--tsv "$TSV"} "${cmds[@]}"
  echo
  [[ ${HYPERFINE:-0} == 1 ]] && run_hyperfine
  if [[ -n $holder ]]; then
    kill "$holder"
    wait "$holder" 2>/dev/null || true
    holder=""
  fi
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
