#!/usr/bin/env bash
# Install the built .deb with the dependencies it declares, run it from /usr/bin (offscreen and on
# a real X display under Xvfb, which proves the xcb libraries it depends on), then remove it and
# check that nothing is left. Needs root and apt (CI and the development machines have both).
set -euo pipefail
cd "$(dirname "$0")/.."

deb=$(ls dist/clausewright_*.deb 2>/dev/null | head -n 1 || true)
if [ -z "$deb" ]; then
  echo "check_deb: no dist/clausewright_*.deb; run make package first" >&2
  exit 1
fi
if dpkg -s clausewright >/dev/null 2>&1; then
  if [ "${CI:-}" != true ]; then
    echo "check_deb: clausewright is already installed; remove it first (dpkg -r clausewright)" >&2
    exit 1
  fi
  dpkg -r clausewright >/dev/null  # left by an interrupted run on this CI machine
fi

export DEBIAN_FRONTEND=noninteractive
# Xvfb for the real-display check; the package's own Depends come in through apt-get below.
apt-get install -y -qq --no-install-recommends xvfb xauth >/dev/null
apt-get install -y -qq --no-install-recommends "./$deb" >/dev/null
trap 'dpkg -r clausewright >/dev/null 2>&1 || true' EXIT

test "$(readlink -f /usr/bin/clausewright)" = /opt/clausewright/clausewright
clausewright --version
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate /usr/share/applications/org.clausewright.Clausewright.desktop
fi
python3 packaging/smoke.py --executable /usr/bin/clausewright --xcb

dpkg -r clausewright >/dev/null
trap - EXIT
for left in /usr/bin/clausewright /opt/clausewright \
  /usr/share/applications/org.clausewright.Clausewright.desktop \
  /usr/share/metainfo/org.clausewright.Clausewright.metainfo.xml \
  /usr/share/icons/hicolor/scalable/apps/org.clausewright.Clausewright.svg; do
  if [ -e "$left" ] || [ -L "$left" ]; then
    echo "check_deb: $left is still there after dpkg -r" >&2
    exit 1
  fi
done
echo "check_deb: installed, ran and removed $(basename "$deb") cleanly"
