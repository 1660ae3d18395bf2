#!/usr/bin/env bash
# Prints the path of the build machine's libz.so.1 (shipped in the zip as lib/libz.so.1: provided.al2023 puts
# $LAMBDA_TASK_ROOT/lib on LD_LIBRARY_PATH, and whether its base image has libz is not documented).
set -euo pipefail
path=$(ldconfig -p | awk '/libz\.so\.1 .*x86-64|libz\.so\.1 .*AArch64/ {print $NF; exit}')
if [ -z "$path" ]; then
  path=$(ldconfig -p | awk '/libz\.so\.1 / {print $NF; exit}')
fi
[ -n "$path" ] && [ -e "$path" ] || { echo "libz.so.1 not found (apt-get install zlib1g)" >&2; exit 1; }
echo "$path"
