/*
 * Replays fuzz inputs through a libFuzzer target without libFuzzer, so the
 * corpora can run under any compiler and instrumentation (tools/coverage.sh
 * builds each target with gcc --coverage and this main).
 *
 *   replay FILE_OR_DIR...   every regular file given, or inside a directory
 *
 * A target reports a bug by crashing or aborting, so surviving every input
 * is success. Last line: "N inputs replayed".
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned long replayed;

static int replay_file(const char *path)
{
    static uint8_t buf[1U << 20];
    FILE *f = fopen(path, "rb");
    size_t n;

    if (f == NULL) {
        perror(path);
        return 1;
    }
    n = fread(buf, 1U, sizeof buf, f);
    (void)fclose(f);
    /* a fresh heap copy of exactly the input, as libFuzzer gives it */
    {
        uint8_t *copy = malloc((n > 0U) ? n : 1U);

        if (copy == NULL) {
            return 1;
        }
        memcpy(copy, buf, n);
        (void)LLVMFuzzerTestOneInput(copy, n);
        free(copy);
    }
    replayed++;
    return 0;
}

static int replay(const char *path)
{
    struct stat st;
    DIR *d;
    struct dirent *e;
    int rc = 0;

    if (stat(path, &st) != 0) {
        perror(path);
        return 1;
    }
    if (!S_ISDIR(st.st_mode)) {
        return replay_file(path);
    }
    d = opendir(path);
    if (d == NULL) {
        perror(path);
        return 1;
    }
    while ((e = readdir(d)) != NULL) {
        char child[4096];

        if (e->d_name[0] == '.') {
            continue;
        }
        (void)snprintf(child, sizeof child, "%s/%s", path, e->d_name);
        if ((stat(child, &st) == 0) && S_ISREG(st.st_mode)) {
            rc |= replay_file(child);
        }
    }
    (void)closedir(d);
    return rc;
}

int main(int argc, char **argv)
{
    int rc = 0;
    int i;

    for (i = 1; i < argc; i++) {
        rc |= replay(argv[i]);
    }
    printf("%lu inputs replayed\n", replayed);
    return rc;
}
