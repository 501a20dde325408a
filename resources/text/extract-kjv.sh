#!/usr/bin/env bash
# Reproduces kjv-genesis-kings.txt (training text of the demo model) and
# calibration.txt (the built-in calibration text) from Debian's King James
# Version of the Bible (packages bible-kjv and bible-kjv-text; the 1611
# translation's copyright has expired). Verse numbers are dropped; each
# chapter becomes one paragraph.
set -euo pipefail
cd "$(dirname "$0")"
command -v bible >/dev/null || { echo "needs Debian's bible-kjv package" >&2; exit 1; }
chapters() { # $1 = range
  bible -f "$1" | awk '
    { ref=$1; sub(/^[^ ]+ /, ""); split(ref, p, ":"); ch=p[1];
      if (ch != prev && NR > 1) printf "\n\n";
      else if (NR > 1) printf " ";
      printf "%s", $0; prev=ch }
    END { printf "\n" }'
}
chapters "Gen1:1-2Ki25:30" > kjv-genesis-kings.txt
chapters "Ps1:1-Ps41:13" > calibration.txt
wc -c kjv-genesis-kings.txt calibration.txt
