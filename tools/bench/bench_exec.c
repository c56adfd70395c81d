/* Runs a command and reports its CPU time and peak RSS.
 *
 *   bench_exec COMMAND [ARGS...]
 *
 * The last line on stderr is "exec exit=N cpu_s=U+S maxrss_kb=K user_s=U sys_s=S".
 * Why not measure from Python: Linux keeps ru_maxrss across execve, so a
 * child forked from a 14 MB interpreter reports at least 14 MB whatever it
 * runs. Forked from this small program, the floor is this program's RSS. */
#define _DEFAULT_SOURCE /* wait4() */
#include <stdio.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static double seconds(struct timeval tv)
{
    return (double)tv.tv_sec + ((double)tv.tv_usec * 1e-6);
}

int main(int argc, char **argv)
{
    struct rusage ru;
    int status = 0;
    pid_t pid;

    if (argc < 2) {
        (void)fprintf(stderr, "usage: bench_exec COMMAND [ARGS...]\n");
        return 2;
    }
    pid = fork();
    if (pid == 0) {
        (void)execvp(argv[1], &argv[1]);
        perror(argv[1]);
        _exit(127);
    }
    if ((pid < 0) || (wait4(pid, &status, 0, &ru) != pid)) {
        perror("bench_exec");
        return 2;
    }
    (void)fprintf(stderr, "exec exit=%d cpu_s=%.6f maxrss_kb=%ld user_s=%.6f sys_s=%.6f\n",
                  WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status),
                  seconds(ru.ru_utime) + seconds(ru.ru_stime), ru.ru_maxrss,
                  seconds(ru.ru_utime), seconds(ru.ru_stime));
    return 0;
}
