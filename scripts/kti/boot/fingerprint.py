# SPDX-License-Identifier: GPL-2.0
"""Content hashes that decide whether the worktree and the kernel build can be reused."""
import hashlib
import subprocess
from pathlib import Path
from typing import Sequence

# Bump when the rig changes how it configures or builds, to force one rebuild.
RIG_BUILD_VERSION = "1"


def _hash_files(digest: "hashlib._Hash", label: str, files: Sequence[Path]) -> None:
    for path in files:
        digest.update(f"{label} {path.name}\n".encode())
        digest.update(path.read_bytes())
        digest.update(b"\n")


def source_fingerprint(baseline: str, patches: Sequence[Path]) -> str:
    """Identifies the patched tree: the baseline commit and the bytes of every patch."""
    digest = hashlib.sha256(f"baseline {baseline}\n".encode())
    _hash_files(digest, "patch", patches)
    return digest.hexdigest()


def compiler_version() -> str:
    """First line of `gcc --version`: a compiler upgrade must rebuild the kernel."""
    proc = subprocess.run(["gcc", "--version"], capture_output=True, text=True)
    return proc.stdout.splitlines()[0] if proc.returncode == 0 and proc.stdout else "unknown"


def build_fingerprint(source: str, fragments: Sequence[Path], compiler: str) -> str:
    """Identifies the kernel build: patched tree, config fragments, compiler, rig version."""
    digest = hashlib.sha256(f"rig {RIG_BUILD_VERSION}\nsource {source}\n"
                            f"compiler {compiler}\n".encode())
    _hash_files(digest, "fragment", fragments)
    return digest.hexdigest()
