// SPDX-License-Identifier: GPL-2.0
/* An svc thread: started by svc_create_pooled(), loops on svc_thread_should_stop(). */
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
