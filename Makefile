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
	for tool in zip:zip unzip:unzip objdump:binutils readelf:binutils; do \
	  command -v $${tool%%:*} >/dev/null 2>&1 || missing="$$missing $${tool##*:}"; \
	done; \
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

.PHONY: test
test: deps venv ## install what is needed, build, run unit and integration tests
	$(SWIFT) build $(BUILD_FLAGS) --build-tests
	MODAL_BRIDGE_PYTHON=$(abspath $(VENV_PY)) $(SWIFT) test $(BUILD_FLAGS) --skip-build

.PHONY: lint
lint: ## swift format lint over tracked Swift sources (generated code excluded)
	git ls-files '*.swift' | grep -v '/Generated/' | xargs $(SWIFT) format lint --strict --parallel

.PHONY: format
format: ## swift format in place over tracked Swift sources (generated code excluded)
	git ls-files '*.swift' | grep -v '/Generated/' | xargs $(SWIFT) format format --in-place --parallel

.PHONY: package
package: deps ## static release build → $(LAMBDA_DIR)/bootstrap.zip (bootstrap at the root, mode 755, lib/libz.so.1)
	$(SWIFT) build -c release --static-swift-stdlib --scratch-path $(RELEASE_SCRATCH) --product bootstrap \
	  -Xswiftc -warnings-as-errors
	rm -rf $(LAMBDA_DIR) && mkdir -p $(LAMBDA_DIR)/stage/lib
	cp $(RELEASE_SCRATCH)/release/bootstrap $(LAMBDA_DIR)/stage/bootstrap
	strip $(LAMBDA_DIR)/stage/bootstrap
	chmod 755 $(LAMBDA_DIR)/stage/bootstrap
	cp -L "$$(scripts/find-libz.sh)" $(LAMBDA_DIR)/stage/lib/libz.so.1
	chmod 644 $(LAMBDA_DIR)/stage/lib/libz.so.1
	cd $(LAMBDA_DIR)/stage && zip -q -9 -X ../bootstrap.zip bootstrap lib/libz.so.1
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
