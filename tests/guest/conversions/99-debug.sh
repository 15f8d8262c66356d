. /scenarios/conv-lib.sh
tracing_ready
load_module ring_buffer_benchmark
sleep 1
p=$(pid_of_comm rb_producer); c=$(pid_of_comm rb_consumer); echo producer=$p consumer=$c
trace_reset
echo "common_pid == $p || common_pid == $c || common_pid == $$" > $TRACEFS/events/filter 2>/dev/null
echo 1 > $TRACEFS/events/sched/sched_switch/enable
echo 1 > $TRACEFS/events/sched/sched_stat_runtime/enable
echo 1 > $TRACEFS/events/power/suspend_resume/enable
echo 1 > $TRACEFS/tracing_on
echo freezer > /sys/power/pm_test
t0=$(cpu_ticks $p)
echo freeze > /sys/power/state
t1=$(cpu_ticks $p)
echo "ticks across freeze: $t0 -> $t1"
echo 0 > $TRACEFS/tracing_on
grep -v "^#" $TRACEFS/trace | grep "rb_\|suspend_resume" | awk '/freeze_processes\[0\] begin/{f=1} f' | head -40
rmmod ring_buffer_benchmark
