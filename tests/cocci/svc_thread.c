// SPDX-License-Identifier: GPL-2.0
/*
 * An svc thread: started by svc_create_pooled(), loops on svc_thread_should_stop().
 *
 * Expected, written from the code (tests/run_cocci_golden.py checks it):
 * expect demo_svc_thread: verdict manual; loop custom-stop-predicate; line 20
 * expect demo_svc_thread: stop svc_thread_should_stop; exit none; locals rqstp
 * expect demo_svc_thread: freezer set_freezable; parking none; signals none; sleep none
 * expect demo_svc_thread: reason svc thread: the sunrpc svc layer runs its loop
 * expect demo_svc_thread: reason stops on custom predicate 'svc_thread_should_stop'
 * expect create 28: svc_create_pooled demo_svc_thread function svc
 */
#include <linux/sunrpc/svc.h>

static int demo_svc_thread(void *vrqstp)
{
	struct svc_rqst *rqstp = vrqstp;

	set_freezable();
	while (!svc_thread_should_stop(rqstp))
		svc_recv(rqstp);
	svc_exit_thread(rqstp);
	return 0;
}

int demo_svc_setup(struct demo_net *dn)
{
	dn->serv = svc_create_pooled(demo_programs, 1, &demo_stats,
				     DEMO_MAXBLKSIZE, demo_svc_thread);
	return dn->serv ? 0 : -ENOMEM;
}
