#!/usr/bin/env bash
# Installs the Debian 12 packages PixelScope builds, runs and tests with. Does nothing (and needs
# no network) when they are all present already. Run as root, or with sudo available.
set -euo pipefail

packages=(
    build-essential cmake ninja-build pkg-config
    xtensor-dev libxtensor-blas-dev libxsimd-dev libopenblas-dev
    libimgui-dev libfreetype-dev libglfw3-dev libgl-dev libgl1-mesa-dri
    doctest-dev libstb-dev libcli11-dev nlohmann-json3-dev zlib1g-dev
    xvfb xauth xdotool
    dataset-fashion-mnist fonts-dejavu-core fonts-noto-cjk
    python3-torch python3-numpy
)

missing=()
for p in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
    exit 0
fi

echo "deps: installing ${missing[*]}"
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
