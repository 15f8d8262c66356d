/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Macro hints for spatch runs of cocci/kthread_iterant_create.cocci: kernel macros that
 * spatch 1.1.1 cannot parse on its own, written as what they are to the parser (a loop).
 * A function holding them would otherwise be skipped and its creation calls missed.
 */
#define scoped_guard(_name, args...) for (;;)
#define scoped_cond_guard(_name, _fail, args...) for (;;)
