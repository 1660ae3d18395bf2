#!/usr/bin/env bash
# Prints the path of the build machine's libz.so.1 (shipped in the zip as lib/libz.so.1: provided.al2023 puts
# $LAMBDA_TASK_ROOT/lib on LD_LIBRARY_PATH, and whether its base image has libz is not documented).
# Looks in the loader cache first, then the usual multiarch folders, then asks the compiler: a CI image may have no
# ldconfig on PATH (it lives in /sbin) or an empty cache.
set -uo pipefail
arch=$(uname -m)
candidates=()
for ldconfig in "$(command -v ldconfig 2>/dev/null)" /sbin/ldconfig /usr/sbin/ldconfig; do
  [ -n "$ldconfig" ] && [ -x "$ldconfig" ] || continue
  while read -r path; do candidates+=("$path"); done < <("$ldconfig" -p 2>/dev/null | awk '/libz\.so\.1 / {print $NF}')
  break
done
candidates+=(
  "/lib/$arch-linux-gnu/libz.so.1" "/usr/lib/$arch-linux-gnu/libz.so.1"
  /lib64/libz.so.1 /usr/lib64/libz.so.1 /lib/libz.so.1 /usr/lib/libz.so.1
)
for cc in cc gcc clang; do
  command -v "$cc" >/dev/null 2>&1 || continue
  found=$("$cc" -print-file-name=libz.so.1 2>/dev/null) && [ "$found" != libz.so.1 ] && candidates+=("$found")
done
for path in "${candidates[@]}"; do
  # The loader cache can list other architectures first (i386, x32): keep the one for this machine.
  if [ -e "$path" ] && file -L "$path" 2>/dev/null | grep -q "$(case "$arch" in x86_64) echo x86-64 ;; aarch64) echo aarch64 ;; *) echo . ;; esac)"; then
    echo "$path"
    exit 0
  fi
done
for path in "${candidates[@]}"; do
  [ -e "$path" ] && { echo "$path"; exit 0; }
done
echo "libz.so.1 not found in the loader cache or the usual folders (apt-get install zlib1g)" >&2
exit 1
