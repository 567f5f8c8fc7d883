#!/usr/bin/env bash
# btf-dump benchmark: ours against a reference bpftool on the same BTF, in the same run.
#
#   bench/btf_dump.sh [REF_BPFTOOL] [OUR_BPFTOOL]
#
# Needs no root and creates nothing: it reads BTF_FILE (default /sys/kernel/btf/vmlinux).
#   1. checks that both binaries print byte-identical raw dumps (plain, -j, -p) and reports
#      whether format c is identical too (it is not across libbpf/bpftool versions: see README);
#   2. times `btf dump file F` in each format, stdout to /dev/null, interleaved (the binary that
#      goes first alternates), REPS times after WARMUP runs; prints medians of wall and CPU
#      time (user+sys), the ratio ref/ours, and the largest peak RSS seen (GNU time's %M).
#
# Environment:
#   BTF_FILE=/sys/kernel/btf/vmlinux   the BTF to dump
#   REPS=11 WARMUP=2                   timed runs per command and binary, untimed runs before
#   FORMATS="raw;-j raw;-p raw;c"      ';'-separated: optional global flags, then the format
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
REF=$(readlink -f "${1:-/opt/bpftool-ref/bpftool}")
OURS=$(readlink -f "${2:-$root/build/bpftool}")
BTF_FILE=${BTF_FILE:-/sys/kernel/btf/vmlinux}
REPS=${REPS:-11}
WARMUP=${WARMUP:-2}
FORMATS=${FORMATS:-raw;-j raw;-p raw;c}
TIME=/usr/bin/time

die() { echo "bench/btf_dump.sh: $*" >&2; exit 1; }
[[ -x $REF ]] || die "reference bpftool '$REF' not found"
[[ -x $OURS ]] || die "our bpftool '$OURS' not found (build it first)"
[[ -x $TIME ]] || die "GNU time ($TIME) is needed (apt-get install time)"
[[ -r $BTF_FILE ]] || die "can't read $BTF_FILE"

tmp=$(mktemp -d /tmp/bt-btfbench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

echo "## Machine"
echo "- kernel: $(uname -r), $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1))"
echo "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- ref:  $REF ($("$REF" version 2>/dev/null | head -1))"
echo "- ours: $OURS ($(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'))"
echo "- input: $BTF_FILE ($(stat -c %s "$BTF_FILE") bytes)"
echo

# args_of "-j raw" → global flags and the words after `btf dump file F`.
split() {
  local spec=$1
  flags=()
  fmt=${spec##* }
  [[ $spec == *" "* ]] && read -r -a flags <<<"${spec% *}"
  words=(btf dump file "$BTF_FILE" format "$fmt")
}

echo "## Same output"
IFS=';' read -r -a specs <<<"$FORMATS"
for spec in "${specs[@]}"; do
  split "$spec"
  "$REF" "${flags[@]}" "${words[@]}" >"$tmp/ref.out"
  "$OURS" "${flags[@]}" "${words[@]}" >"$tmp/ours.out"
  if cmp -s "$tmp/ref.out" "$tmp/ours.out"; then
    echo "- \`$spec\`: identical ($(wc -c <"$tmp/ours.out") bytes)"
  else
    echo "- \`$spec\`: different, $(diff "$tmp/ref.out" "$tmp/ours.out" | grep -c '^[<>]') lines differ ($(wc -c <"$tmp/ref.out") vs $(wc -c <"$tmp/ours.out") bytes)"
  fi
done
rm -f "$tmp/ref.out" "$tmp/ours.out"
echo

# One run: appends "wall cpu rss_kib" to $2.
one() {
  local bin=$1 out=$2
  "$TIME" -f '%e %U %S %M' -o "$tmp/t" "$bin" "${flags[@]}" "${words[@]}" >/dev/null
  awk '{printf "%s %.3f %s\n", $1, $2 + $3, $4}' "$tmp/t" >>"$out"
}
median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

echo "## Dump times"
echo "$REPS timed runs + $WARMUP warm-up per command and binary, interleaved; medians; peak RSS is the largest seen."
echo
echo "| command | ref wall s | ours wall s | wall ratio | ref CPU s | ours CPU s | CPU ratio | ref RSS MiB | ours RSS MiB |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for spec in "${specs[@]}"; do
  split "$spec"
  : >"$tmp/ref"
  : >"$tmp/ours"
  for ((i = 0; i < WARMUP; i++)); do
    "$REF" "${flags[@]}" "${words[@]}" >/dev/null
    "$OURS" "${flags[@]}" "${words[@]}" >/dev/null
  done
  for ((i = 0; i < REPS; i++)); do
    if ((i % 2)); then one "$OURS" "$tmp/ours"; one "$REF" "$tmp/ref"
    else one "$REF" "$tmp/ref"; one "$OURS" "$tmp/ours"; fi
  done
  rw=$(cut -d' ' -f1 "$tmp/ref" | median); ow=$(cut -d' ' -f1 "$tmp/ours" | median)
  rc=$(cut -d' ' -f2 "$tmp/ref" | median); oc=$(cut -d' ' -f2 "$tmp/ours" | median)
  rr=$(cut -d' ' -f3 "$tmp/ref" | sort -n | tail -1); orss=$(cut -d' ' -f3 "$tmp/ours" | sort -n | tail -1)
  label="${flags[*]:+${flags[*]} }btf dump file F format $fmt"
  awk -v s="$label" -v rw="$rw" -v ow="$ow" -v rc="$rc" -v oc="$oc" -v rr="$rr" -v or="$orss" 'BEGIN {
    wr = (ow > 0) ? sprintf("%.2f×", rw / ow) : "∞"
    cr = (oc > 0) ? sprintf("%.2f×", rc / oc) : "∞"
    printf "| `%s` | %.2f | %.2f | %s | %.2f | %.2f | %s | %.1f | %.1f |\n", s, rw, ow, wr, rc, oc, cr, rr / 1024, or / 1024
  }'
done
echo
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
