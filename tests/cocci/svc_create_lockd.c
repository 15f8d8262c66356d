// SPDX-License-Identifier: GPL-2.0
/* lockd-like svc thread started by svc_create() (three arguments). */
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
