#!/usr/bin/env bash
# Installs the Debian 12 packages bpftool-cpp needs to build, test and run its tour.
# Idempotent: packages already present are not touched, and apt is not called at all
# when nothing is missing. Needs root when something must be installed.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  clang llvm-14-dev
  libbpf-dev libelf-dev zlib1g-dev libfmt-dev rapidjson-dev libmnl-dev
  libgtest-dev libbenchmark-dev
  iproute2 util-linux graphviz
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "setup: missing packages: ${missing[*]}; run as root to install them" >&2
  exit 1
fi

echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq </dev/null
apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
