#!/usr/bin/env bash
# Map-dump benchmark: ours against a reference bpftool on the same maps, in the same run.
#
#   sudo bench/map_dump.sh [REF_BPFTOOL] [OUR_BPFTOOL]
#
# Creates (bench/map_dump_fixture.cpp), in a private bpffs under a fresh /tmp/bt-mapbench.XXXXXX:
#   hash_<N>  a hash map of N u32 -> u64 entries without BTF       (N = HASH, default 1000000)
#   btf_<M>   a hash map of M u32 -> struct entries (48 B) with BTF (M = BTF, default 100000)
# and smaller ones for the memory check. Then:
#   1. checks that both binaries print byte-identical dumps of them (plain and -j);
#   2. times `map dump` and `-j map dump` of each, interleaved, REPS times after WARMUP runs,
#      and prints medians of wall and CPU time, the ratio ref/ours, and the peak RSS
#      (wait4's ru_maxrss, as /usr/bin/time -v reports it);
#   3. prints our peak RSS (and the reference's) for maps of growing size: it must stay flat.
# Everything it created is removed at the end, also on Ctrl-C or failure.
#
# Environment:
#   HASH=1000000 BTF=100000   fixture sizes
#   SIZES="10000 100000"      extra hash sizes for the memory check (plus HASH)
#   REPS=5 WARMUP=1           timed runs per command and binary, untimed runs before
#   PIPE=0                    1: stdout into a pipe the timer drains, instead of /dev/null
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
REF=$(readlink -f "${1:-/opt/bpftool-ref/bpftool}")
OURS=$(readlink -f "${2:-$root/build/bpftool}")
HASH=${HASH:-1000000}
BTF=${BTF:-100000}
SIZES=${SIZES:-10000 100000}
REPS=${REPS:-5}
WARMUP=${WARMUP:-1}
PIPE=${PIPE:-0}
FIXTURE_BUILD=${FIXTURE_BUILD:-$root/build-bench}
FIXTURE=$FIXTURE_BUILD/bt_map_dump_fixture

die() { echo "bench/map_dump.sh: $*" >&2; exit 1; }

[[ $(id -u) -eq 0 ]] || die "needs root (creates maps, mounts a bpffs): sudo $0 $*"
[[ -x $REF ]] || die "reference bpftool '$REF' not found"

# A private mount namespace: if the script dies without running its trap, the namespace goes
# with its last process, unmounting our bpffs and so freeing the maps pinned there.
if [[ -z ${BT_MAPBENCH_IN_NS:-} ]] && command -v unshare >/dev/null; then
  export BT_MAPBENCH_IN_NS=1
  exec unshare --mount --propagation private "$0" "$@"
fi

if [[ ! -x $OURS ]]; then
  echo "# building our bpftool ($OURS missing)"
  (cd "$root" && cmake -S . -B build -G Ninja >/dev/null && ninja -C build bpftool >/dev/null)
  OURS=$root/build/bpftool
fi
if [[ ! -x $FIXTURE || $here/map_dump_fixture.cpp -nt $FIXTURE ]]; then
  echo "# building the fixture in $FIXTURE_BUILD"
  cmake -S "$here" -B "$FIXTURE_BUILD" -G Ninja >/dev/null
  ninja -C "$FIXTURE_BUILD" bt_map_dump_fixture >/dev/null
fi

tmp=""
fs=""
child=""
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
  if [[ -n $fs ]] && mountpoint -q "$fs"; then
    umount "$fs" 2>/dev/null || umount -l "$fs"
  fi
  if [[ -n $tmp ]]; then
    [[ -n $fs && -d $fs ]] && rmdir "$fs"
    rm -f "$tmp/ref.out" "$tmp/ours.out"
    rmdir "$tmp"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

tmp=$(mktemp -d /tmp/bt-mapbench.XXXXXX)
fs=$tmp/fs
mkdir "$fs"
mount -t bpf bpf "$fs"

echo "## Machine"
echo "- kernel: $(uname -r), $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM"
echo "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- ref:  $REF ($("$REF" version 2>/dev/null | head -1))"
echo "- ours: $OURS ($("$OURS" version 2>/dev/null | head -1), $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$root" diff --quiet -- src 2>/dev/null || echo '+dirty src'))"
echo "- stdout: $([[ $PIPE == 1 ]] && echo "a pipe drained by the timer" || echo /dev/null)"
echo

sizes=$(printf '%s\n' $SIZES "$HASH" | sort -nu | paste -sd, -)
echo "## Fixture"
run "$FIXTURE" create "$fs" --hash "$sizes" --btf "$BTF"
echo

echo "## Same output"
for m in "hash_$HASH" "btf_$BTF"; do
  for j in "" "-j"; do
    "$REF" $j map dump pinned "$fs/$m" >"$tmp/ref.out"
    "$OURS" $j map dump pinned "$fs/$m" >"$tmp/ours.out"
    if cmp -s "$tmp/ref.out" "$tmp/ours.out"; then
      echo "- \`${j:+$j }map dump\` of $m: identical ($(wc -c <"$tmp/ours.out") bytes)"
    else
      echo "- \`${j:+$j }map dump\` of $m: DIFFERENT (first difference: $(cmp "$tmp/ref.out" "$tmp/ours.out" | head -1))"
    fi
  done
done
rm -f "$tmp/ref.out" "$tmp/ours.out"
echo

pipe_opt=()
[[ $PIPE == 1 ]] && pipe_opt=(--pipe)
echo "## Dump times"
echo "$REPS timed runs + $WARMUP warm-up per command and binary, interleaved; medians; peak RSS is the largest seen."
echo
run "$FIXTURE" time --ref "$REF" --ours "$OURS" --reps "$REPS" --warmup "$WARMUP" "${pipe_opt[@]}" \
  "map dump pinned $fs/hash_$HASH" "-j map dump pinned $fs/hash_$HASH" \
  "map dump pinned $fs/btf_$BTF" "-j map dump pinned $fs/btf_$BTF"
echo

echo "## Peak memory against map size (max RSS, MiB, one run each)"
echo
echo "| map | entries | ref plain | ours plain | ref -j | ours -j |"
echo "|---|---:|---:|---:|---:|---:|"
rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1 | awk '{printf "%.1f", $1 / 1024}'; }
for n in ${sizes//,/ }; do
  m=$fs/hash_$n
  echo "| hash_$n | $n | $(rss "$REF" map dump pinned "$m") | $(rss "$OURS" map dump pinned "$m") |" \
    "$(rss "$REF" -j map dump pinned "$m") | $(rss "$OURS" -j map dump pinned "$m") |"
done
echo
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
