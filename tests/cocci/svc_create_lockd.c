// SPDX-License-Identifier: GPL-2.0
/*
 * lockd-like svc thread started by svc_create() (three arguments).
 *
 * Expected, written from the code (tests/run_cocci_golden.py checks it):
 * expect demo_lockd: verdict manual; loop custom-stop-predicate; line 20
 * expect demo_lockd: stop svc_thread_should_stop; exit none; locals rqstp; freezer set_freezable
 * expect demo_lockd: parking none; signals none; sleep none
 * expect demo_lockd: reason svc thread: the sunrpc svc layer runs its loop
 * expect demo_lockd: reason stops on custom predicate 'svc_thread_should_stop'
 * expect create 31: svc_create demo_lockd function svc
 */
#include <linux/sunrpc/svc.h>

static int demo_lockd(void *vrqstp)
{
	struct svc_rqst *rqstp = vrqstp;

	set_freezable();
	while (!svc_thread_should_stop(rqstp)) {
		demo_lockd_retry(rqstp);
		svc_recv(rqstp);
	}
	return 0;
}

static int demo_lockd_create(void)
{
	struct svc_serv *serv;

	serv = svc_create(&demo_lockd_program, DEMO_BUFSIZE, demo_lockd);
	return serv ? 0 : -ENOMEM;
}
