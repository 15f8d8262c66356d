# SPDX-License-Identifier: GPL-2.0
#
# Benchmark: time to freeze N iterant kthreads against N legacy freezable kthreads, each
# population loaded alone, over several freeze/thaw cycles (pm_test=freezer, no delay).  The
# host reads the kernel's "Freezing remaining freezable tasks completed (elapsed X seconds)"
# lines between the population markers.
. /scenarios/lib.sh

THREADS=16
CYCLES=10
plan 2
freezer_test_setup 0
for population in iterant legacy; do
	if [ $population = iterant ]; then
		params="nr_iterant=$THREADS nr_legacy=0"
	else
		params="nr_iterant=0 nr_legacy=$THREADS"
	fi
	failed=0
	# shellcheck disable=SC2086 # params is a list of module parameters
	insmod "$KTI_TEST_MODULE" $params nr_nofreeze=0 report_threads=0 || failed=1
	sleep 1
	echo "kti_bench: freeze population=$population threads=$THREADS begin" > /dev/kmsg
	i=0
	while [ $i -lt $CYCLES ]; do
		i=$((i + 1))
		freeze_cycle || failed=$((failed + 1))
	done
	echo "kti_bench: freeze population=$population threads=$THREADS end" > /dev/kmsg
	rmmod test_kthread_iterant || failed=$((failed + 1))
	check "$CYCLES freeze cycles with $THREADS $population kthreads" test $failed -eq 0
done
freezer_test_teardown
