#!/usr/bin/env bash
# A short live tour of bpftool-cpp against the running kernel: load a sample
# object with bpftool itself (programs of three types, a hash map, an array map,
# a link), show it in plain text and JSON, read and write maps, dump and run a
# program, pin things, run a batch, then remove everything.
# Usage: examples/tour.sh [path/to/bpftool]   (as root)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
bpftool=$(realpath "${1:-$here/../build/bpftool}")
build=$(dirname "$bpftool")
object="$build/examples/tour.bpf.o"

if [ "$(id -u)" -ne 0 ]; then
  echo "tour: needs root (it loads BPF programs)" >&2
  exit 1
fi
for f in "$bpftool" "$object"; do
  [ -e "$f" ] || { echo "tour: $f is missing; build first (make tour)" >&2; exit 1; }
done

dir=$(mktemp -d /tmp/bpftool-tour-XXXXXX)
cleanup() {
  # Removing the pins unloads the programs, frees the maps and detaches the link.
  find "$dir" -mindepth 1 -depth \( -type f -exec rm -f {} + \) , \( -type d -exec rmdir {} + \) 2>/dev/null || true
  while umount "$dir" 2>/dev/null; do :; done
  rmdir "$dir" 2>/dev/null || true
}
trap cleanup EXIT INT TERM

say() { printf '\n\033[1m# %s\033[0m\n' "$*"; }
run() {
  printf '\033[36m$ bpftool %s\033[0m\n' "$*"
  "$bpftool" "$@" 2>&1 || printf '(exit status %d)\n' "$?"
}

mount -t bpf bpf "$dir"
say "Loading the sample object: programs pinned (the raw tracepoint attached, its link pinned), maps pinned"
run prog loadall "$object" "$dir/progs" pinmaps "$dir/maps" autoattach
ls "$dir/progs" "$dir/maps"

say "Which bpftool is this?"
run version
run -j version

say "Programs: the xdp program's name is longer than the kernel's 15 characters; we show the full one"
run prog show name tour_xdp_count_packets
run prog show pinned "$dir/progs/tour_socket"
run -p prog show pinned "$dir/progs/tour_socket"

say "Keywords match by prefix, as upstream: 'p s n' is 'prog show name'"
run p s n tour_sys_enter

say "Maps: the hash and array maps, and the object's .rodata holding the metadata"
run map show name conns
run -j map show name syscalls_seen
run -f map show pinned "$dir/maps/conns"
run map show name tour.rodata

say "The raw tracepoint link"
run link show pinned "$dir/progs/tour_sys_enter"
run -j link show pinned "$dir/progs/tour_sys_enter"

say "Map contents: write an entry, read it back with its BTF types, dump a map the raw tracepoint fills"
run map update pinned "$dir/maps/conns" key 10 0 0 1  10 0 0 2  0x1f 0x90 0 80 value 3 0 0 0 0 0 0 0  180 0 0 0 0 0 0 0
run map lookup pinned "$dir/maps/conns" key 10 0 0 1  10 0 0 2  0x1f 0x90 0 80
run -j map dump pinned "$dir/maps/conns"
run map dump pinned "$dir/maps/syscalls_seen"

say "The program's instructions as the verifier rewrote them, and a test run"
run prog dump xlated pinned "$dir/progs/tour_socket"
printf 'a 20-byte packet....' > "$dir.pkt"
run prog run pinned "$dir/progs/tour_socket" data_in "$dir.pkt" repeat 100
rm -f "$dir.pkt"

say "BTF: the object's BTF and the programs and maps that use it"
btf_id=$("$bpftool" -j prog show pinned "$dir/progs/tour_socket" | sed -n 's/.*"btf_id":\([0-9]*\).*/\1/p')
run btf show id "$btf_id"

say "Pinning: one more pin for a program, a map and the link, then -f shows every path"
prog_id=$("$bpftool" -j prog show pinned "$dir/progs/tour_socket" | sed -n 's/^{"id":\([0-9]*\).*/\1/p')
run prog pin id "$prog_id" "$dir/socket_again"
run map pin name conns "$dir/conns_again"
run link pin pinned "$dir/progs/tour_sys_enter" "$dir/link_again"
run -f prog show id "$prog_id"

say "Batch mode: several commands from one file, with a comment and a continuation line"
batch=$(mktemp /tmp/bpftool-tour-batch-XXXXXX)
cat > "$batch" <<BATCH
# what the tour loaded
prog show pinned $dir/progs/tour_socket
map show \\
    pinned $dir/maps/syscalls_seen
BATCH
run batch file "$batch"
rm -f "$batch"

say "Errors are one clear line (and one JSON document under -j)"
run prog show id 4294967295
run -j map show name no_such_map
run prog pin id "$prog_id" "$dir/socket_again"

say "Removing everything the tour created"
cleanup
trap - EXIT INT TERM
run prog show id "$prog_id"
echo
echo "tour: done, nothing left behind."
