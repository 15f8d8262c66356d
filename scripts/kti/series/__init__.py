# SPDX-License-Identifier: GPL-2.0
"""make patches: verified conversions -> per-subsystem git format-patch series.

Modules, in the order the pipeline uses them (scripts/kti/README.md has the data flow):
conversions (read conversions.json and each unit's diff), identity (who signs), gitrepo
(scratch repository: BASE with the core series, one commit per unit), recipients
(get_maintainer.pl: MAINTAINERS entry, To and Cc), prefix (subject prefixes), changelog and
cover (the texts), mails (format-patch output made deterministic and addressed), checks
(git am, checkpatch, b4), outdir (the output folder, only ever replacing what it wrote),
pipeline and cli.
"""
