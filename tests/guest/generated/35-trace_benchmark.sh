#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# kti-unit: kernel/trace/trace_benchmark.c:benchmark_event_kthread
#
# event_benchmark (kernel/trace/trace_benchmark.c): trace_benchmark_reg() creates it when
# the benchmark:benchmark_event trace event is enabled and kthread_stop()s it when the event
# is disabled; the thread returns 0.  Not freezable; it never sleeps (it only calls
# cond_resched() between benchmark rounds), so it runs while everything else is frozen.

. "$(dirname "$0")/conv-lib.sh"
. "$(dirname "$0")/gen-lib.sh"

BENCH_EVENT=$GEN_TRACE_ROOT/events/benchmark/benchmark_event/enable
trace_benchmark_comms=event_benchmark
trace_benchmark_freezable=0
trace_benchmark_exits=1
trace_benchmark_stop_ret=0
trace_benchmark_frozen_work=1

# The benchmark writes its events to the top-level buffer, which an earlier scenario's
# freezer trace may have left off (boot-test-baseline runs conversions/ first).
trace_benchmark_setup() {
	echo 1 > "$GEN_TRACE_ROOT/tracing_on"
}

trace_benchmark_start() {
	echo 1 > "$BENCH_EVENT"
}

trace_benchmark_stop() {
	echo 0 > "$BENCH_EVENT"
}

# Events the benchmark wrote to the top-level trace buffer (kept or overwritten).
trace_benchmark_progress() {
	cat "$GEN_TRACE_ROOT"/per_cpu/cpu*/stats |
		awk '$1 == "entries:" || $1 == "overrun:" { n += $2 } END { print n + 0 }'
}

[ -n "$GEN_DEFINE_ONLY" ] || gen_scenario trace_benchmark
