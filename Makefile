# SPDX-License-Identifier: GPL-2.0
#
# kthread-iterant: front door.  `make report` scans a kernel tree, `make check` tests everything.

PYTHON    := /usr/bin/python3
BUILD     := $(CURDIR)/build
TREE_DIR  := $(BUILD)/linux-6.12
KSRC      ?= $(TREE_DIR)
# Reports of a tree go to a folder named after it (reports/linux-6.12 for the default).
REPORTS   ?= reports/$(notdir $(abspath $(KSRC)))
# The core series BASE is made of (make convert); any folder with a series file.
SERIES    ?= kernel-patches
TARBALL   := /usr/src/linux-source-6.12.tar.xz

DEB_PACKAGES := coccinelle linux-source-6.12 qemu-system-x86 busybox-static \
		flex bison bc libelf-dev libssl-dev cpio kmod rpcbind netbase xz-utils \
		nfs-common nfs-kernel-server util-linux git perl make gcc \
		ccache sparse gcc-aarch64-linux-gnu gcc-arm-linux-gnueabihf \
		gcc-powerpc64le-linux-gnu gcc-s390x-linux-gnu

export PYTHONDONTWRITEBYTECODE := 1
# spatch and checkpatch.pl start "python3" from PATH: make it Debian's, which has their modules.
export PATH := /usr/bin:$(PATH)

.PHONY: all deps tree report convert check test-cocci test-python test-coccicheck boot-test \
	boot-test-baseline test-convert-sample \
	bench-scan bench-core bench-convert clean

all: report

# Install the Debian packages the targets use, only when one is missing.
deps:
	@missing=$$(for p in $(DEB_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed$$' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
		echo "Installing:" $$missing; \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -q --no-install-recommends $$missing; \
	fi

# Unpack Debian's linux-source-6.12 with a git baseline commit (only when KSRC is ours).
tree: deps
ifeq ($(KSRC),$(TREE_DIR))
	@scripts/prepare-tree $(TARBALL) $(TREE_DIR)
else
	@git -C $(KSRC) rev-parse --git-dir >/dev/null 2>&1 || \
		{ echo "KSRC=$(KSRC) is not a git work tree" >&2; exit 1; }
endif

report: tree
	$(PYTHON) scripts/kti-scan --tree $(KSRC) --out $(REPORTS)

# Convert every kthread the converter can: branch kti/convert of KSRC's repository (in a
# worktree under build/convert/), reports conversions.json and conversions.md in $(REPORTS).
convert: tree
	$(PYTHON) scripts/kti-convert-tree --tree "$(KSRC)" --series "$(SERIES)" --out "$(REPORTS)"

check: test-cocci test-python test-coccicheck test-convert-sample boot-test boot-test-baseline

test-cocci: deps
	$(PYTHON) tests/run_cocci_golden.py

test-python: tree
	$(PYTHON) -m unittest discover -s tests -t . -v

test-coccicheck: tree
	$(PYTHON) tests/run_coccicheck.py --tree $(KSRC)

# The five checks of the converter on real files: W=1/sparse builds in x86_64 and arm64
# allmodconfig of hand-written broken patches and of a sample of real conversions.
test-convert-sample: tree
	$(PYTHON) tests/run_convert_sample.py --tree "$(KSRC)" --series "$(SERIES)"

boot-test: tree
	$(PYTHON) scripts/kti-boot test --tree $(KSRC)

# The conversion scenarios on the unconverted tree (build/boot-baseline), for comparison.
boot-test-baseline: tree
	$(PYTHON) scripts/kti-boot test --baseline --tree $(KSRC)

bench-scan: tree
	$(PYTHON) scripts/kti-bench-scan --tree $(KSRC)

bench-convert: tree
	$(PYTHON) scripts/kti-bench-convert --tree "$(KSRC)" --series "$(SERIES)"

bench-core: tree
	$(PYTHON) scripts/kti-boot bench --tree $(KSRC)

clean:
	rm -rf $(BUILD)/scan-cache $(BUILD)/boot $(BUILD)/boot-baseline $(BUILD)/bench
	@for wt in $(BUILD)/convert/*/base $(BUILD)/convert/*/scratch $(BUILD)/convert/*/converted \
		$(BUILD)/bench-convert/*/base $(BUILD)/bench-convert/*/scratch \
		$(BUILD)/bench-convert/*/converted; do \
		[ -e "$$wt/.git" ] && git -C "$$wt" worktree remove --force "$$wt" || true; \
	done
	rm -rf $(BUILD)/convert $(BUILD)/bench-convert
