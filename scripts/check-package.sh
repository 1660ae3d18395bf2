#!/usr/bin/env bash
# The provided.al2023 gate: glibc there is 2.34 and its libstdc++ has GLIBCXX up to 3.4.29.
# Fails when the zipped bootstrap needs a newer symbol version, links a library the runtime may not have,
# is not an executable named `bootstrap` at the zip root, or cannot start at all.
set -euo pipefail
zip_path=${1:?usage: check-package.sh path/to/bootstrap.zip}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
unzip -q "$zip_path" -d "$work"
bin="$work/bootstrap"
fail() { echo "package check FAILED: $*" >&2; exit 1; }

[ -f "$bin" ] || fail "no file named bootstrap at the zip root"
mode=$(zipinfo "$zip_path" | awk '$NF == "bootstrap" {print $1}')
[[ "$mode" == -rwxr-xr-x* ]] || fail "bootstrap has mode $mode in the zip, expected -rwxr-xr-x"
[ -f "$work/lib/libz.so.1" ] || fail "lib/libz.so.1 is missing from the zip"

too_new=$(objdump -T "$bin" | grep -oE 'GLIBC_2\.(3[5-9]|[4-9][0-9])|GLIBCXX_3\.4\.(3[0-9])' | sort -u || true)
[ -z "$too_new" ] || fail "symbols newer than provided.al2023 offers: $(echo $too_new) — $(objdump -T "$bin" | grep -E 'GLIBC_2\.(3[5-9]|[4-9][0-9])|GLIBCXX_3\.4\.(3[0-9])' | awk '{print $NF}' | sort -u | tr '\n' ' ')"

allowed='^(libc\.so\.6|libm\.so\.6|libstdc\+\+\.so\.6|libgcc_s\.so\.1|libz\.so\.1|ld-linux-x86-64\.so\.2|ld-linux-aarch64\.so\.1|libpthread\.so\.0|libdl\.so\.2|librt\.so\.1|libutil\.so\.1)$'
needed=$(readelf -d "$bin" | awk '/NEEDED/ {gsub(/[\[\]]/, "", $NF); print $NF}')
for lib in $needed; do
  [[ "$lib" =~ $allowed ]] || fail "bootstrap links $lib, which provided.al2023 does not promise"
done

max=$(objdump -T "$bin" | grep -oE 'GLIBC_2\.[0-9]+' | sort -t. -k2 -n -u | tail -1)
# The binary must start: with no AWS_LAMBDA_RUNTIME_API it reports a configuration error and exits non-zero,
# proving the dynamic loader resolved every symbol (a missing version would abort before main).
set +e
out=$(env -i "$bin" 2>&1)
status=$?
set -e
[ $status -ne 127 ] && [ $status -lt 128 ] || fail "bootstrap did not start (status $status): $out"
echo "$out" | grep -q 'AWS_LAMBDA_RUNTIME_API' || fail "bootstrap started but did not name AWS_LAMBDA_RUNTIME_API: $out"
size=$(stat -c %s "$zip_path")
echo "package check passed: $(echo $needed | tr '\n' ' '); highest glibc symbol $max; zip $size bytes"
