#!/usr/bin/env bash
# Installs everything ShareLens needs to build, test and run on Debian 12.
# Idempotent: when every package is already present it does nothing and
# returns in well under a second.
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config clang libclang-rt-14-dev
  # Qt 6: base, Charts, Svg, Linguist tools
  qt6-base-dev qt6-charts-dev qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools
  qt6-l10n-tools libgl-dev libqt6opengl6-dev
  # Qt's own strings (Save, Cancel, …) in the user's language
  qt6-translations-l10n
  # computation
  libtorch-dev libeigen3-dev libopenblas0-pthread nlohmann-json3-dev libpcre2-dev libicu-dev
  libsentencepiece-dev sentencepiece
  # Gloo's headers, for LibTorch's c10d process groups (distributed runs)
  libgloo-dev
  # GUI checks, packaging checks, fonts for figures
  xvfb xauth appstream desktop-file-utils fonts-dejavu-core
  # reading reports back in tests (pdfinfo, pdftotext) and rendering their pages (pdftoppm)
  poppler-utils
  # reference oracles used only by tests and benchmarks
  python3 python3-torch python3-numpy python3-scipy
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
else
  echo "install-deps: installing ${#missing[@]} packages: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# LibTorch in Debian calls the system BLAS; the reference BLAS is ~10x slower
# than OpenBLAS. Make sure the OpenBLAS alternative is the one selected.
for alt in libblas.so.3-x86_64-linux-gnu liblapack.so.3-x86_64-linux-gnu; do
  cur=$(update-alternatives --query "$alt" 2>/dev/null | awk '/^Value:/{print $2}')
  want=$(update-alternatives --query "$alt" 2>/dev/null | awk '/^Alternative:/{print $2}' | grep openblas-pthread | head -n1 || true)
  if [ -n "$want" ] && [ "$cur" != "$want" ]; then
    ${SUDO:-} update-alternatives --set "$alt" "$want" >/dev/null
    echo "install-deps: $alt -> $want"
  fi
done
