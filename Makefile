# SPDX-License-Identifier: GPL-2.0
#
# kthread-iterant: front door.  `make report` scans a kernel tree, `make check` tests everything.

PYTHON    := /usr/bin/python3
BUILD     := $(CURDIR)/build
TREE_DIR  := $(BUILD)/linux-6.12
KSRC      ?= $(TREE_DIR)
# make patches writes here (one folder per MAINTAINERS entry); never inside KSRC.
PATCHES   ?= $(BUILD)/patches/$(notdir $(abspath $(KSRC)))
FIXTURE   := tests/patches/fixture
# The core series BASE is made of (make convert); any folder with a series file.
SERIES    ?= kernel-patches
TARBALL   := /usr/src/linux-source-6.12.tar.xz
SCAN_CACHE ?= $(BUILD)/scan-cache
# Reports of the default tree are committed in reports/linux-6.12; another tree's go to
# build/reports/<its folder name> (git-ignored) unless REPORTS= names a folder.
ifeq ($(KSRC),$(TREE_DIR))
REPORTS   ?= reports/linux-6.12
else
REPORTS   ?= build/reports/$(shell basename "$(KSRC)")
endif

# `make report` needs only the scanner's packages; `make check` also builds and boots kernels;
# `make convert` also compiles for other architectures and runs sparse.
SCAN_PACKAGES  := coccinelle git linux-source-6.12 xz-utils python3
CHECK_PACKAGES := $(SCAN_PACKAGES) qemu-system-x86 busybox-static \
		flex bison bc libelf-dev libssl-dev cpio kmod rpcbind netbase \
		nfs-common nfs-kernel-server util-linux perl make gcc ccache \
		chromium chromium-driver fonts-dejavu-core b4 python3-pyflakes sparse \
		dmsetup v4l-utils auditd
CONVERT_PACKAGES := $(CHECK_PACKAGES) gcc-aarch64-linux-gnu gcc-arm-linux-gnueabihf \
		gcc-powerpc64le-linux-gnu gcc-s390x-linux-gnu

export PYTHONDONTWRITEBYTECODE := 1
# spatch and checkpatch.pl start "python3" from PATH: make it Debian's, which has their modules.
export PATH := /usr/bin:$(PATH)

.PHONY: all deps deps-scan deps-convert tree report check test-cocci test-python test-harness \
	test-harness-engine test-coccicheck boot-test boot-test-baseline boot-test-converted \
	stress-converted stress-baseline bench-scan bench-core \
	patches patches-fixture export-series convert test-convert test-convert-sample \
	test-convert-compile \
	bench-convert clean

all: report

# Install Debian packages, only when one is missing.
define install_missing
	@missing=$$(for p in $(1); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed$$' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
		echo "Installing:" $$missing; \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -q --no-install-recommends $$missing; \
	fi
endef

deps-scan:
	$(call install_missing,$(SCAN_PACKAGES))

deps:
	$(call install_missing,$(CHECK_PACKAGES))

deps-convert:
	$(call install_missing,$(CONVERT_PACKAGES))

# Unpack Debian's linux-source-6.12 with a git baseline commit (only when KSRC is ours).
tree: deps-scan
ifeq ($(KSRC),$(TREE_DIR))
	@scripts/prepare-tree "$(TARBALL)" "$(TREE_DIR)"
else
	@git -C "$(KSRC)" rev-parse --git-dir >/dev/null 2>&1 || \
		{ echo "KSRC=$(KSRC) is not a git work tree" >&2; exit 1; }
endif

report: tree
	$(PYTHON) scripts/kti-scan --tree "$(KSRC)" --out "$(REPORTS)" --cache "$(SCAN_CACHE)"

# Convert every kthread the converter can: branch kti/convert of KSRC's repository (in a
# worktree under build/convert/), reports conversions.json and conversions.md in $(REPORTS).
convert: deps-convert tree
	$(PYTHON) scripts/kti-convert-tree --tree "$(KSRC)" --series "$(SERIES)" --out "$(REPORTS)"

# make convert's verified units as one git format-patch series per MAINTAINERS entry,
# signed with your git identity (CORE_LINK=URL of the posted core series adds a Link:),
# and the review pages in $(REPORTS)/series/.
patches: tree
	$(PYTHON) scripts/kti-patches --tree "$(KSRC)" --reports "$(REPORTS)" --out "$(PATCHES)" \
		$(if $(CORE_LINK),--core-link $(CORE_LINK))

# The same on the hand-written fixture (three real kthreads), beside the inventory's copy.
patches-fixture: tree
	mkdir -p $(BUILD)/patches-fixture/reports
	cp "$(REPORTS)/inventory.json" $(BUILD)/patches-fixture/reports/
	$(PYTHON) scripts/kti-patches --tree "$(KSRC)" --conversions $(FIXTURE)/conversions.json \
		--unit-patches $(FIXTURE)/units --cocci-root $(FIXTURE) \
		--reports $(BUILD)/patches-fixture/reports --out $(BUILD)/patches-fixture/patches

check: test-cocci test-python test-convert test-harness test-coccicheck test-convert-compile \
	boot-test boot-test-converted boot-test-baseline

test-cocci: deps-scan
	$(PYTHON) tests/run_cocci_golden.py

# The tests read the same tree as the other targets ($$KSRC); skipped tests are named last.
test-python: deps tree
	KSRC="$(KSRC)" $(PYTHON) tests/run_python_tests.py

# The semantic harness (tests/harness/README.md): seed fixtures with their hand-written
# conversions, the wrong conversions it must catch, and the converter's fixtures
# (tests/convert/) with the converter's own output.
test-harness: deps
	$(PYTHON) tests/run_harness.py --mutants tests/harness/mutants
	@if [ -d tests/convert ]; then $(MAKE) --no-print-directory test-harness-engine; \
	else echo "test-harness: no tests/convert/ (converter fixtures) in this tree"; fi

# Converter fixtures: tests/convert/NAME.c against their hand-written expectations.
test-convert: deps
	$(PYTHON) tests/run_convert_fixtures.py

# make check's share of it: the x86_64 cases and three real conversions (a simple loop,
# carried state, a creation site in another file) in x86_64 allnoconfig plus
# tests/verify/small.config (one small make prepare: about 3 minutes cold).
test-convert-compile: deps tree
	$(PYTHON) tests/run_convert_sample.py --small --tree "$(KSRC)" --series "$(SERIES)" \
		--build-dir $(BUILD)/convert-small

# The five checks of the converter on real files: W=1/sparse builds in x86_64 and arm64
# allmodconfig of hand-written broken patches and of a sample of real conversions.  Not
# part of make check: two allmodconfig preparations take 20 to 55 minutes on 2 cores.
test-convert-sample: deps-convert tree
	$(PYTHON) tests/run_convert_sample.py --tree "$(KSRC)" --series "$(SERIES)"

test-harness-engine: deps
	$(PYTHON) tests/run_harness.py --fixtures tests/convert --source engine

test-coccicheck: deps tree
	$(PYTHON) tests/run_coccicheck.py --tree "$(KSRC)"

boot-test: deps tree
	$(PYTHON) scripts/kti-boot test --tree "$(KSRC)"

# The conversion scenarios on the unconverted tree (build/boot-baseline), for comparison.
boot-test-baseline: deps tree
	$(PYTHON) scripts/kti-boot test --baseline --tree "$(KSRC)"

# The generated conversions (tests/guest/generated/) on boot-test's kernel, which carries the
# converter's patches for them from $(REPORTS)/conversions.json.
boot-test-converted: deps tree
	$(PYTHON) scripts/kti-boot converted --tree "$(KSRC)" --report "$(REPORTS)/conversions.json"

# Their stress pass (tests/guest/stress/): all at once, 50 freezer cycles, 20 stop/start
# cycles each.  Not part of make check: it takes longer than check's time budget allows.
stress-converted: deps tree
	$(PYTHON) scripts/kti-boot stress --tree "$(KSRC)" --report "$(REPORTS)/conversions.json"

# The same stress pass on the unconverted kernel (build/boot-baseline), for comparison.
stress-baseline: deps tree
	$(PYTHON) scripts/kti-boot stress --baseline --tree "$(KSRC)" \
		--report "$(REPORTS)/conversions.json"

bench-scan: deps tree
	$(PYTHON) scripts/kti-bench-scan --tree "$(KSRC)"

bench-core: deps tree
	$(PYTHON) scripts/kti-boot bench --tree "$(KSRC)"

bench-convert: deps-convert tree
	$(PYTHON) scripts/kti-bench-convert --tree "$(KSRC)" --series "$(SERIES)"

# kernel-patches/ as a numbered series with a cover letter, From: and Signed-off-by from
# your git user.name/user.email (the repository copy carries no person).
export-series:
ifeq ($(OUT),)
	@echo "usage: make export-series OUT=directory" >&2; exit 2
else
	$(PYTHON) scripts/kti-export-series --out "$(OUT)"
endif

clean:
	rm -rf "$(BUILD)/scan-cache" "$(BUILD)/boot" "$(BUILD)/boot-baseline" "$(BUILD)/boot-ccache" \
		"$(BUILD)/bench" \
		"$(BUILD)/patches-work" "$(BUILD)/patches-fixture"
	@for wt in "$(BUILD)"/convert/*/base "$(BUILD)"/convert/*/scratch \
		"$(BUILD)"/convert/*/converted "$(BUILD)"/bench-convert/*/base \
		"$(BUILD)"/bench-convert/*/scratch "$(BUILD)"/bench-convert/*/converted; do \
		[ -e "$$wt/.git" ] && git -C "$$wt" worktree remove --force "$$wt" || true; \
	done
	rm -rf "$(BUILD)/convert" "$(BUILD)/bench-convert"
