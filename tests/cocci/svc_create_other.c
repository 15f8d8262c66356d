// SPDX-License-Identifier: GPL-2.0
/*
 * A different svc_create() (four arguments, like net/atm): not an svc thread.
 *
 * Expected, written from the code (tests/run_cocci_golden.py checks it):
 * expect nothing
 */
#include <linux/net.h>

static int svc_create(struct net *net, struct socket *sock, int protocol,
		      int kern)
{
	return svc_sock_init(net, sock, protocol, kern);
}

static int svc_accept_one(struct net *net, struct socket *newsock, int kern)
{
	return svc_create(net, newsock, 0, kern);
}
