#!/usr/bin/env bash
# The dependency direction of docs/ARCHITECTURE.md, checked on the sources:
# every quoted include of a folder must be one the including folder may use,
# and renderers (commands/*_render.*) see only records (model/), the writers
# (output/), the kernel-free disassembler (disasm/), core/ and other renderers. The build enforces the folder edges
# too (each library exports only its own folder); this test names the line.
set -euo pipefail
src=${1:?usage: check_layers.sh SRC_DIR}

declare -A allowed=(
  [core]="core"
  [sys]="sys core"
  [output]="output core"
  [cli]="cli core"
  [btf]="btf output core"
  [disasm]="disasm core"
  [embedded]="embedded"
  [model]="model btf embedded sys output cli core"
  [commands]="commands model disasm btf cli sys output core"
  [app]="app commands model disasm sys output cli core"
)

bad=0
for dir in "$src"/*/; do
  folder=$(basename "$dir")
  ok=${allowed[$folder]:-}
  if [ -z "$ok" ]; then
    echo "layers: src/$folder has no entry in the layer table (tests/layers/check_layers.sh)"
    bad=1
    continue
  fi
  while IFS=: read -r file line text; do
    inc=$(sed -E 's/^[[:space:]]*#[[:space:]]*include[[:space:]]+"([^"]+)".*/\1/' <<<"$text")
    [[ $inc == */* ]] || continue
    top=${inc%%/*}
    rel=${file#"$src"/}
    if [[ " $ok " != *" $top "* ]]; then
      echo "layers: $rel:$line includes $inc: $folder may not use $top/"
      bad=1
    fi
    if [[ $rel == commands/*_render.* ]]; then
      case $inc in
        model/*|output/*|core/*|disasm/*|commands/*_render.h|commands/render_common.h) ;;
        *) echo "layers: $rel:$line includes $inc: a renderer sees records (model/), writers (output/) and the kernel-free disassembler (disasm/) only"; bad=1 ;;
      esac
    fi
  done < <(grep -Hn -E '^[[:space:]]*#[[:space:]]*include[[:space:]]+"' "$dir"* 2>/dev/null || true)
done
if [ $bad -ne 0 ]; then exit 1; fi
echo "layers: every include follows the layer table"
