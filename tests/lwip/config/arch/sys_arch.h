/*
 * OS types for the compile-only configuration checks (NO_SYS 0): opaque
 * handles are enough, since nothing is linked.
 */
#ifndef RMQDR_CHECK_ARCH_SYS_ARCH_H
#define RMQDR_CHECK_ARCH_SYS_ARCH_H

typedef struct rmqdr_check_sem *sys_sem_t;
typedef struct rmqdr_check_mutex *sys_mutex_t;
typedef struct rmqdr_check_mbox *sys_mbox_t;
typedef struct rmqdr_check_thread *sys_thread_t;

#endif
