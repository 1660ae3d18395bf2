# modal-bridge — every command a developer or CI needs. `make help` lists them.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

SWIFT ?= swift
PYTHON ?= python3
VENV := .venv
VENV_PY := $(VENV)/bin/python
# Debug builds and tests use .build; the static release build has its own folder so the two never recompile each other.
RELEASE_SCRATCH := .build-release
BUILD_FLAGS := --explicit-target-dependency-import-check error -Xswiftc -warnings-as-errors
LAMBDA_DIR := .build/lambda

.PHONY: help
help: ## list the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-14s %s\n", $$1, $$2}'

.PHONY: deps
deps: ## install the Debian packages the build and tests need (no-op when present)
	@missing=""; \
	for tool in zip:zip unzip:unzip advzip:advancecomp objdump:binutils readelf:binutils file:file; do \
	  command -v $${tool%%:*} >/dev/null 2>&1 || missing="$$missing $${tool##*:}"; \
	done; \
	scripts/find-libz.sh >/dev/null 2>&1 || missing="$$missing zlib1g"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing) >/dev/null; \
	fi

$(VENV_PY): scripts/requirements-test.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV_PY) -m pip install -q --disable-pip-version-check --upgrade pip
	$(VENV_PY) -m pip install -q --disable-pip-version-check -r scripts/requirements-test.txt
	touch $(VENV_PY)

.PHONY: venv
venv: $(VENV_PY) ## create .venv with the pinned Python test peers (awslambdaric, moto, modal, cfn-lint, ...)

.PHONY: build
build: ## debug build of everything, with the import-direction check and warnings as errors
	$(SWIFT) build $(BUILD_FLAGS)

# Tests that keep both cores busy for a while: run after the others, not beside the deadline-ordering tests
# (Swift Testing runs suites in parallel; beside them a tight deadline test can be starved).
ALONE_TESTS := JSONScalingTests|LambdaEventsTests.ScalingTests|aThousandCancelledRecords
# The Modal client's tests hold tight deadlines against one test server; beside ~450 other tests starting Python
# servers at once, their first attempts were starved (a retry, a deadline missed). They get a run of their own.
OWN_RUN_TESTS := ModalClientTests
# Measures this process's anonymous memory: nothing may allocate beside it.
MEMORY_TESTS := cancelledTimersHoldNoMemory

.PHONY: test
test: deps venv ## install what is needed, build, run unit and integration tests
	$(SWIFT) build $(BUILD_FLAGS) --build-tests
	MODAL_BRIDGE_PYTHON=$(abspath $(VENV_PY)) $(SWIFT) test $(BUILD_FLAGS) --skip-build --skip '$(ALONE_TESTS)|$(OWN_RUN_TESTS)|$(MEMORY_TESTS)'
	@echo "== the Modal client's deadline tests in a run of their own"
	MODAL_BRIDGE_PYTHON=$(abspath $(VENV_PY)) $(SWIFT) test $(BUILD_FLAGS) --skip-build --filter '$(OWN_RUN_TESTS)'
	@echo "== tests that load both cores, run alone (scaling ratios, 1,000-record cancellation)"
	MODAL_BRIDGE_PYTHON=$(abspath $(VENV_PY)) $(SWIFT) test $(BUILD_FLAGS) --skip-build --filter '$(ALONE_TESTS)'
	@echo "== memory held by cancelled timers, alone in its process"
	$(SWIFT) test $(BUILD_FLAGS) --skip-build --filter '$(MEMORY_TESTS)'
	@if compgen -G 'Tests/python/test_*.py' >/dev/null; then \
	  echo "== Python-side tests (Tests/python)"; \
	  MODAL_BRIDGE_BIN_DIR=$(abspath .build/debug) $(VENV_PY) -m pytest -q Tests/python; \
	fi
	$(MAKE) fuzz-short

.PHONY: lint
lint: ## swift format lint over tracked Swift sources (generated code excluded)
	git ls-files '*.swift' | grep -v '/Generated/' | xargs $(SWIFT) format lint --strict --parallel

.PHONY: format
format: ## swift format in place over tracked Swift sources (generated code excluded)
	git ls-files '*.swift' | grep -v '/Generated/' | xargs $(SWIFT) format format --in-place --parallel

.PHONY: release-bootstrap
release-bootstrap: ## static release build of bootstrap only ($(RELEASE_SCRATCH)/release/bootstrap; what package, bench and soak use)
	$(SWIFT) build -c release --static-swift-stdlib --scratch-path $(RELEASE_SCRATCH) --product bootstrap \
	  -Xswiftc -warnings-as-errors

.PHONY: package
package: deps release-bootstrap ## static release build → $(LAMBDA_DIR)/bootstrap.zip (bootstrap at the root, mode 755, lib/libz.so.1)
	rm -rf $(LAMBDA_DIR) && mkdir -p $(LAMBDA_DIR)/stage/lib
	cp $(RELEASE_SCRATCH)/release/bootstrap $(LAMBDA_DIR)/stage/bootstrap
	strip $(LAMBDA_DIR)/stage/bootstrap
	chmod 755 $(LAMBDA_DIR)/stage/bootstrap
	libz=$$(scripts/find-libz.sh); cp -L "$$libz" $(LAMBDA_DIR)/stage/lib/libz.so.1
	chmod 644 $(LAMBDA_DIR)/stage/lib/libz.so.1
	cd $(LAMBDA_DIR)/stage && zip -q -9 -X ../bootstrap.zip bootstrap lib/libz.so.1
	# Recompress with 7-Zip's deflate (still plain deflate, any unzip reads it): -0.5 MB, ~40 s.
	advzip -q -z -3 $(LAMBDA_DIR)/bootstrap.zip
	scripts/check-package.sh $(LAMBDA_DIR)/bootstrap.zip

.PHONY: package-check
package-check: ## run the glibc/ldd gate on an existing $(LAMBDA_DIR)/bootstrap.zip
	scripts/check-package.sh $(LAMBDA_DIR)/bootstrap.zip

.PHONY: clean
clean: ## remove build output (keeps .venv)
	rm -rf .build $(RELEASE_SCRATCH)

.PHONY: distclean
distclean: clean ## remove build output and .venv
	rm -rf $(VENV)

# --- aws ---
SEED ?=
.PHONY: signing-vectors
signing-vectors: venv ## write 600 botocore-signed SigV4 cases to .build/sigv4-vectors.json (SEED=n to replay one run)
	mkdir -p .build
	$(VENV_PY) scripts/sigv4_vectors.py --count 600 --output .build/sigv4-vectors.json $(if $(SEED),--seed $(SEED),)

.PHONY: test-aws
test-aws: venv ## build and run only the SigV4 and Secrets Manager tests (botocore differential, moto integration)
	MODAL_BRIDGE_ONLY=SigV4Tests,SecretsManagerTests MODAL_BRIDGE_PYTHON=$(abspath $(VENV_PY)) \
	  $(SWIFT) test $(BUILD_FLAGS)
# --- modal wire ---
# Trimmed Modal protocol (Sources/ModalProto) generated from the descriptor in the pinned modal wheel. The two protoc
# plugins are built once into a gitignored scratch folder (never in CI: the generated code is committed). Point
# PROTOC_GEN_SWIFT / PROTOC_GEN_GRPC_SWIFT at already built plugins to skip that build.
PROTO_SCRATCH := .build-protoc-plugins
SWIFT_PROTOBUF_TAG := 1.39.0
GRPC_SWIFT_PROTOBUF_TAG := 2.4.1
PROTOC_GEN_SWIFT ?= $(abspath $(PROTO_SCRATCH))/swift-protobuf/.build/release/protoc-gen-swift
PROTOC_GEN_GRPC_SWIFT ?= $(abspath $(PROTO_SCRATCH))/grpc-swift-protobuf/.build/release/protoc-gen-grpc-swift-2
MODAL_PROTO_DIR := Sources/ModalProto
MODAL_PROTO_FILE := modal_api_trimmed.proto

$(abspath $(PROTO_SCRATCH))/swift-protobuf/.build/release/protoc-gen-swift:
	rm -rf $(PROTO_SCRATCH)/swift-protobuf
	git clone -q -c advice.detachedHead=false --depth 1 --branch $(SWIFT_PROTOBUF_TAG) \
	  https://github.com/apple/swift-protobuf.git $(PROTO_SCRATCH)/swift-protobuf
	cd $(PROTO_SCRATCH)/swift-protobuf && $(SWIFT) build -c release --product protoc-gen-swift

$(abspath $(PROTO_SCRATCH))/grpc-swift-protobuf/.build/release/protoc-gen-grpc-swift-2:
	rm -rf $(PROTO_SCRATCH)/grpc-swift-protobuf
	git clone -q -c advice.detachedHead=false --depth 1 --branch $(GRPC_SWIFT_PROTOBUF_TAG) \
	  https://github.com/grpc/grpc-swift-protobuf.git $(PROTO_SCRATCH)/grpc-swift-protobuf
	cd $(PROTO_SCRATCH)/grpc-swift-protobuf && $(SWIFT) build -c release --product protoc-gen-grpc-swift-2

.PHONY: protoc
protoc:
	@command -v protoc >/dev/null 2>&1 || { \
	  echo "installing: protobuf-compiler"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq protobuf-compiler) >/dev/null; }

.PHONY: protos
protos: venv protoc $(PROTOC_GEN_SWIFT) $(PROTOC_GEN_GRPC_SWIFT) ## regenerate the trimmed Modal proto and Sources/ModalProto/Generated (deterministic)
	mkdir -p $(MODAL_PROTO_DIR)
	$(VENV_PY) scripts/trim_modal_proto.py --output $(MODAL_PROTO_DIR)/$(MODAL_PROTO_FILE)
	rm -rf $(MODAL_PROTO_DIR)/Generated && mkdir -p $(MODAL_PROTO_DIR)/Generated
	protoc --proto_path=$(MODAL_PROTO_DIR) \
	  --plugin=protoc-gen-swift=$(PROTOC_GEN_SWIFT) \
	  --plugin=protoc-gen-grpc-swift-2=$(PROTOC_GEN_GRPC_SWIFT) \
	  --swift_out=$(MODAL_PROTO_DIR)/Generated \
	  --swift_opt=Visibility=Package,UseAccessLevelOnImports=true \
	  --grpc-swift-2_out=$(MODAL_PROTO_DIR)/Generated \
	  --grpc-swift-2_opt=Visibility=Package,UseAccessLevelOnImports=true,Client=true,Server=true \
	  $(MODAL_PROTO_FILE)

.PHONY: protos-check
protos-check: protos ## regenerate and fail if the committed proto or generated code changed
	git diff --exit-code --stat -- $(MODAL_PROTO_DIR)
	test -z "$$(git status --porcelain -- $(MODAL_PROTO_DIR))"

MODAL_SERVER_ADDRESS ?= .build/modal-server.json
MODAL_SERVER_ARGS ?=

.PHONY: modal-server
modal-server: venv ## run the local Modal test server in the foreground; prints its address JSON (Ctrl-C stops it)
	@mkdir -p $(dir $(MODAL_SERVER_ADDRESS))
	@echo "Modal test server: address also in $(MODAL_SERVER_ADDRESS); control API and log format in docs/modal-wire.md" >&2
	$(VENV_PY) Tests/ModalTestServer/server.py --address-file $(MODAL_SERVER_ADDRESS) $(MODAL_SERVER_ARGS)

.PHONY: test-modal-server
test-modal-server: venv ## official modal client + Modal test server tests (pytest Tests/python)
	$(VENV_PY) -m pytest -q Tests/python
# --- events ---
SAM_EVENTS_DIR := .build/sam-events

.PHONY: sam-events
sam-events: venv ## render AWS's sample events from the aws-sam-cli 1.170.0 wheel into $(SAM_EVENTS_DIR)
	rm -rf $(SAM_EVENTS_DIR)
	$(VENV_PY) scripts/render_sam_events.py $(SAM_EVENTS_DIR)

.PHONY: test-events
test-events: venv ## build and run only the event decoding and dispatch tests (with the SAM samples)
	MODAL_BRIDGE_ONLY=LambdaEventsTests,EventDispatchTests $(SWIFT) build $(BUILD_FLAGS) --build-tests
	MODAL_BRIDGE_ONLY=LambdaEventsTests,EventDispatchTests MODAL_BRIDGE_PYTHON=$(abspath $(VENV_PY)) \
	  $(SWIFT) test $(BUILD_FLAGS) --skip-build --filter 'LambdaEventsTests|EventDispatchTests'

# --- cfn ---
INFRA_CONFIGS := $(wildcard infra/config/*.json)

.PHONY: infra
infra: ## regenerate infra/templates/ from infra/config/ with `modal-bridge cfn` (a test fails when they drift)
	$(SWIFT) build --product modal-bridge
	@cli="$$($(SWIFT) build --show-bin-path)/modal-bridge"; \
	mkdir -p infra/templates; \
	rm -f infra/templates/*.json; \
	"$$cli" cfn oidc-provider --output infra/templates/oidc-provider.json; \
	for config in $(INFRA_CONFIGS); do \
	  name="$$(basename "$$config")"; \
	  case "$$name" in \
	    *.role.json) "$$cli" cfn role --config "$$config" --output "infra/templates/$$name" ;; \
	    *.stack.json) "$$cli" cfn stack --config "$$config" --output "infra/templates/$$name" ;; \
	    *) echo "infra/config/$$name: name it NAME.role.json or NAME.stack.json" >&2; exit 1 ;; \
	  esac; \
	  echo "infra/templates/$$name"; \
	done

# --- modal client ---
.PHONY: test-modal-client
test-modal-client: venv ## build and run only the Swift Modal client tests (ModalClientTests) against the Modal test server
	MODAL_BRIDGE_ONLY=ModalClientTests $(SWIFT) build $(BUILD_FLAGS) --build-tests
	MODAL_BRIDGE_ONLY=ModalClientTests MODAL_BRIDGE_PYTHON=$(abspath $(VENV_PY)) \
	  $(SWIFT) test $(BUILD_FLAGS) --skip-build --filter ModalClientTests

# --- fuzzing and JSON benchmark ---
# libFuzzer targets in Tests/Fuzz, built by scripts/fuzz.sh with swiftc into .build-fuzz (never the debug .build).
FUZZ_SECONDS ?= 60
FUZZ_SHORT_SECONDS ?= 12
FUZZ_TARGETS ?=
BENCH_SCRATCH := .build-bench
JSON_BENCH_ARGS ?=

.PHONY: fuzz
fuzz: ## fuzz each target FUZZ_SECONDS (60) s: json events cbor json-cbor runtime-headers (FUZZ_TARGETS="json cbor")
	scripts/fuzz.sh run $(FUZZ_SECONDS) $(FUZZ_TARGETS)

.PHONY: fuzz-short
fuzz-short: ## the CI fuzz pass (part of make test): every target FUZZ_SHORT_SECONDS (12) s
	scripts/fuzz.sh run $(FUZZ_SHORT_SECONDS) $(FUZZ_TARGETS)

.PHONY: bench-json
bench-json: ## JSON parse/write MB/s per document shape, release build; markdown table (JSON_BENCH_ARGS="--size-mb 6")
	MODAL_BRIDGE_ONLY=JSONBench $(SWIFT) build -c release --scratch-path $(BENCH_SCRATCH) --product json-bench >&2
	$(BENCH_SCRATCH)/release/json-bench $(JSON_BENCH_ARGS)

# --- faults ---
FAULT_TARGETS := Bootstrap,IntegrationTests

.PHONY: test-faults
test-faults: venv ## build and run only the fault suites (every test suite named *Fault*: FaultProxy, Modal faults, …)
	MODAL_BRIDGE_ONLY=$(FAULT_TARGETS) $(SWIFT) build $(BUILD_FLAGS) --build-tests
	MODAL_BRIDGE_ONLY=$(FAULT_TARGETS) MODAL_BRIDGE_PYTHON=$(abspath $(VENV_PY)) \
	  $(SWIFT) test $(BUILD_FLAGS) --skip-build --filter Fault

# --- demo, bench, soak ---
# The local peers (moto, the Modal test server, an asyncio Runtime API) and the scripts live in scripts/ (harness/).
DEMO_BOOTSTRAP ?=
BENCH_README ?=

.PHONY: demo
demo: deps venv ## run the real bootstrap over every events/ fixture (spawn/remote × event/record) against local moto + Modal test server; prints a table
	@if [ -z "$(DEMO_BOOTSTRAP)" ]; then $(SWIFT) build $(BUILD_FLAGS) --product bootstrap; fi
	$(VENV_PY) scripts/demo.py --bootstrap $(if $(DEMO_BOOTSTRAP),$(DEMO_BOOTSTRAP),$(abspath .build/debug/bootstrap))

$(VENV)/.bench-deps: scripts/requirements-bench.txt | $(VENV_PY)
	$(VENV_PY) -m pip install -q --disable-pip-version-check -r scripts/requirements-bench.txt
	touch $@

.PHONY: bench-deps
bench-deps: $(VENV)/.bench-deps ## install the chart dependency of make bench (matplotlib, pinned) into .venv

.PHONY: bench
bench: deps venv bench-deps release-bootstrap ## bootstrap vs the Python handler side by side (BENCH_N, BENCH_REPEATS; BENCH_README=1 updates the table in README.md and docs/demo-and-bench.md)
	$(VENV_PY) scripts/bench.py --bootstrap $(abspath $(RELEASE_SCRATCH))/release/bootstrap \
	  $(if $(BENCH_README),--readme README.md --readme docs/demo-and-bench.md,)
	@if grep -qE '^bench-json:' $(MAKEFILE_LIST); then $(MAKE) --no-print-directory bench-json; \
	else echo "(no bench-json target in this checkout: JSON parser benchmark skipped)"; fi

.PHONY: soak
soak: deps venv release-bootstrap ## 100,000 mixed invocations (SOAK_N) over 4 release bootstraps; fails on anonymous-memory growth >= 2 MB or fd/thread drift
	$(VENV_PY) scripts/soak.py --bootstrap $(abspath $(RELEASE_SCRATCH))/release/bootstrap

PROFILE_BOOTSTRAP ?= $(abspath $(RELEASE_SCRATCH))/release/bootstrap
PROFILE_COMPARE ?=

.PHONY: warm-profile
warm-profile: deps venv release-bootstrap ## per warm invocation: CPU, context switches, CPU per thread, syscalls (strace -c); PROFILE_COMPARE="old/bootstrap" runs it interleaved
	@command -v strace >/dev/null 2>&1 || { echo "installing: strace"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq strace) >/dev/null; }
	$(VENV_PY) scripts/warm_profile.py --bootstrap $(PROFILE_BOOTSTRAP) $(if $(PROFILE_COMPARE),--compare $(PROFILE_COMPARE),)

.PHONY: callgrind-profile
callgrind-profile: deps venv release-bootstrap ## instructions per init and per warm remote/spawn invocation (valgrind callgrind: load-independent), by module and function
	@command -v valgrind >/dev/null 2>&1 || { echo "installing: valgrind"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind) >/dev/null; }
	$(VENV_PY) scripts/callgrind_profile.py --bootstrap $(PROFILE_BOOTSTRAP)

$(VENV)/.cargo-lambda: scripts/requirements-cargo-lambda.txt | $(VENV_PY)
	$(VENV_PY) -m pip install -q --disable-pip-version-check -r scripts/requirements-cargo-lambda.txt
	touch $@

.PHONY: test-cargo-lambda
test-cargo-lambda: deps venv $(VENV)/.cargo-lambda ## bootstrap (echo handler and the bridge) under cargo-lambda's Lambda emulator (downloads ~100 MB once)
	$(SWIFT) build $(BUILD_FLAGS) --product bootstrap
	$(VENV_PY) scripts/cargo_lambda_smoke.py --bootstrap $(abspath .build/debug/bootstrap)
