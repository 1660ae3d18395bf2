#!/usr/bin/env bash
# libFuzzer targets (sources in Tests/Fuzz), built with swiftc straight from the leaf modules' sources, so the
# debug .build is never touched and nothing of gRPC/NIO is compiled. The targets:
#   json             JSON parser + writer (round trips)             modules: JSON
#   events           classification + record planning + dispatch    modules: JSON, LambdaEvents, EventDispatch (+ swift-log)
#   cbor             CBOR decoder + CBOR → JSON → CBOR              modules: JSON, CBOR
#   json-cbor        JSON → CBOR → JSON                             modules: JSON, CBOR
#   runtime-headers  /next response headers → Invocation          modules: JSON, RuntimeAPI's NIO-free files
# All but json also link Primitives (base64, hex, civil time, trimming, clock): CBOR, EventDispatch and RuntimeAPI
# import.
#
#   scripts/fuzz.sh build                      build every target into $FUZZ_DIR/bin
#   scripts/fuzz.sh run SECONDS [TARGET...]    build, then fuzz each target SECONDS seconds (default: all targets)
#
# Corpora live in $FUZZ_DIR/corpus/TARGET (kept between runs, seeded from events/ and Tests/Fuzz/*/seeds); a crash,
# a timeout (an input slower than FUZZ_TIMEOUT seconds, so algorithmic blow-ups count) or running out of memory
# (FUZZ_RSS_MB) stops the run with a reproducer in $FUZZ_DIR/artifacts and a non-zero exit. Replay one with
# `$FUZZ_DIR/bin/fuzz-TARGET FILE`.
set -euo pipefail
cd "$(dirname "$0")/.."

FUZZ_DIR=${FUZZ_DIR:-.build-fuzz}
FUZZ_TIMEOUT=${FUZZ_TIMEOUT:-5}
FUZZ_RSS_MB=${FUZZ_RSS_MB:-2048}
SWIFTC=${SWIFTC:-swiftc}
TARGETS=(json events cbor json-cbor runtime-headers)
BIN="$FUZZ_DIR/bin"
MODULES="$FUZZ_DIR/modules"

COMMON=(-swift-version 6 -package-name modal_bridge -parse-as-library -O -g
  -enable-upcoming-feature ExistentialAny -enable-upcoming-feature InternalImportsByDefault
  -enable-upcoming-feature MemberImportVisibility -I "$MODULES" -warnings-as-errors)
INSTRUMENT=(-sanitize=fuzzer,address)

# module NAME [extra flags...] -- sources...: a static library + module, rebuilt when a source is newer.
module() {
  local name=$1; shift
  local flags=()
  while [[ $1 != -- ]]; do flags+=("$1"); shift; done
  shift
  local library="$MODULES/lib$name.a"
  if [[ -f $library ]] && [[ -z $(find "$@" -newer "$library" -print -quit) ]]; then return; fi
  echo "fuzz: compiling module $name" >&2
  "$SWIFTC" "${COMMON[@]}" "${flags[@]}" -module-name "$name" -emit-module -emit-module-path "$MODULES/$name.swiftmodule" \
    -emit-library -static -o "$library" "$@"
}

# target NAME LIBRARIES... -- sources...: one fuzzer executable.
target() {
  local name=$1; shift
  local libraries=()
  while [[ $1 != -- ]]; do libraries+=("$MODULES/lib$1.a"); shift; done
  shift
  local output="$BIN/fuzz-$name"
  if [[ -f $output ]] && [[ -z $(find "$@" "${libraries[@]}" -newer "$output" -print -quit) ]]; then return; fi
  echo "fuzz: linking fuzz-$name" >&2
  "$SWIFTC" "${COMMON[@]}" "${INSTRUMENT[@]}" -use-ld=lld -o "$output" Tests/Fuzz/FuzzSupport.swift "$@" "${libraries[@]}"
}

swift_log_sources() {
  local checkout
  checkout=$(ls -d .build/checkouts/swift-log 2>/dev/null || true)
  if [[ -z $checkout ]]; then
    swift package resolve >&2
    checkout=.build/checkouts/swift-log
  fi
  find "$checkout/Sources/Logging" -name '*.swift'
}

build() {
  mkdir -p "$BIN" "$MODULES"
  module Primitives "${INSTRUMENT[@]}" -- Sources/Primitives/*.swift
  module JSON "${INSTRUMENT[@]}" -- Sources/JSON/*.swift
  module LambdaEvents "${INSTRUMENT[@]}" -- Sources/LambdaEvents/*.swift
  module CBOR "${INSTRUMENT[@]}" -- Sources/CBOR/*.swift
  # shellcheck disable=SC2046
  module Logging -- $(swift_log_sources)
  module EventDispatch "${INSTRUMENT[@]}" -enable-testing -- Sources/EventDispatch/*.swift
  module RuntimeAPI "${INSTRUMENT[@]}" -- Sources/RuntimeAPI/Invocation.swift \
    Sources/RuntimeAPI/Invocation+HeaderFields.swift Sources/RuntimeAPI/RuntimeAPIError.swift \
    Sources/RuntimeAPI/RuntimeAPIEndpoint.swift Sources/RuntimeAPI/RuntimeAPIError+Body.swift
  target json JSON -- Tests/Fuzz/JSON/FuzzJSON.swift
  target events Primitives JSON LambdaEvents Logging EventDispatch -- Tests/Fuzz/Events/FuzzEvents.swift
  target cbor Primitives JSON CBOR -- Tests/Fuzz/CBOR/FuzzCBOR.swift
  target json-cbor Primitives JSON CBOR -- Tests/Fuzz/JSONCBOR/FuzzJSONCBOR.swift Tests/TestSupport/JSONSemantics.swift
  target runtime-headers Primitives JSON RuntimeAPI -- Tests/Fuzz/RuntimeHeaders/FuzzRuntimeHeaders.swift
}

# Seed folders and options per target.
seeds() {
  case $1 in
    json | events | json-cbor) echo "events events/invalid Tests/Fuzz/JSON/seeds" ;;
    cbor) echo "Tests/Fuzz/CBOR/seeds" ;;
    runtime-headers) echo "Tests/Fuzz/RuntimeHeaders/seeds" ;;
  esac
}

options() {
  case $1 in
    json | events) echo "-max_len=131072 -dict=Tests/Fuzz/JSON/json.dict" ;;
    json-cbor) echo "-max_len=65536 -dict=Tests/Fuzz/JSON/json.dict" ;;
    cbor) echo "-max_len=65536" ;;
    runtime-headers) echo "-max_len=8192" ;;
  esac
}

run() {
  local seconds=$1; shift
  local selected=("$@")
  [[ ${#selected[@]} -gt 0 ]] || selected=("${TARGETS[@]}")
  build
  mkdir -p "$FUZZ_DIR/artifacts"
  local failed=()
  for name in "${selected[@]}"; do
    local corpus="$FUZZ_DIR/corpus/$name"
    mkdir -p "$corpus"
    local log="$FUZZ_DIR/fuzz-$name.log"
    echo "== fuzz-$name: ${seconds}s (timeout ${FUZZ_TIMEOUT}s per input, rss ${FUZZ_RSS_MB} MB); log $log"
    # shellcheck disable=SC2046
    if "$BIN/fuzz-$name" "$corpus" $(seeds "$name") $(options "$name") \
      -max_total_time="$seconds" -timeout="$FUZZ_TIMEOUT" -rss_limit_mb="$FUZZ_RSS_MB" \
      -artifact_prefix="$FUZZ_DIR/artifacts/$name-" -print_final_stats=1 -close_fd_mask=1 >"$log" 2>&1; then
      summary "$log"
    else
      summary "$log"
      tail -n 40 "$log"
      echo "!! fuzz-$name found a problem; reproducer in $FUZZ_DIR/artifacts/$name-*" >&2
      failed+=("$name")
    fi
  done
  if [[ ${#failed[@]} -gt 0 ]]; then
    echo "fuzzing failed: ${failed[*]}" >&2
    exit 1
  fi
}

# One line per run: executions, speed, coverage, corpus size.
summary() {
  local runs speed coverage features corpus
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$1" | grep -o '[0-9]*$' || echo "?")
  speed=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$1" | grep -o '[0-9]*$' || echo "?")
  coverage=$(grep -o 'cov: [0-9]*' "$1" | tail -n 1 | grep -o '[0-9]*$' || echo "?")
  features=$(grep -o 'ft: [0-9]*' "$1" | tail -n 1 | grep -o '[0-9]*$' || echo "?")
  corpus=$(grep -o 'corp: [0-9]*' "$1" | tail -n 1 | grep -o '[0-9]*$' || echo "?")
  echo "   $runs runs, $speed exec/s, coverage $coverage edges, $features features, corpus $corpus"
}

case ${1:-} in
  build) build ;;
  run) shift; run "$@" ;;
  *) echo "usage: scripts/fuzz.sh build | run SECONDS [TARGET...]" >&2; exit 2 ;;
esac
