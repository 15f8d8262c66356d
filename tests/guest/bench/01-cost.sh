# SPDX-License-Identifier: GPL-2.0
#
# Benchmark: per-iteration cost of an iterant kthread against the equivalent hand-written
# loop, in this boot, on the same CPU.  The test module times both kinds alternately and
# prints raw `kti_bench: cost ...` lines; the host computes the ratio.  Two bodies: empty
# (work=0, the loop is all there is) and a small fixed amount of arithmetic (work=200).
. /scenarios/lib.sh

plan 2
for work in 0 200; do
	check "timed runs with work=$work" \
		sh -c "insmod $KTI_TEST_MODULE bench=1 bench_work=$work bench_rounds=15 bench_ms=200 \
			nr_iterant=0 nr_legacy=0 nr_nofreeze=0 && rmmod test_kthread_iterant"
done
