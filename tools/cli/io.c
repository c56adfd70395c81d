/* Held descriptors, checked stdout writes and whole documents. */
#include "io.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "options.h"
#include "rmqdr/calendar.h"
#include "rmqdr/port_posix.h"

/* One jsonl page (100 items of about 600 bytes) fits, so a page is one write(2). */
#define STDOUT_BUFFER_SIZE (256U * 1024U)

static char stdout_buffer[STDOUT_BUFFER_SIZE];
static char stderr_buffer[4096];
static bool stdout_was_closed;
static int stdout_errno;

static void note_errno(void)
{
    if (stdout_errno == 0) {
        stdout_errno = errno;
    }
}

bool cli_io_init(void)
{
    int fd;

    for (fd = 0; fd <= 2; fd++) {
        if ((fcntl(fd, F_GETFD) == -1) && (errno == EBADF)) {
            /* open() returns the lowest free descriptor: this one */
            int got = open("/dev/null", O_RDONLY);

            if (got != fd) {
                return false;
            }
            if (fd == 1) {
                stdout_was_closed = true;
            }
        }
    }
    (void)setvbuf(stdout, stdout_buffer, _IOFBF, sizeof stdout_buffer);
    /* one write(2) per stderr line, never one per escaped character */
    (void)setvbuf(stderr, stderr_buffer, _IOLBF, sizeof stderr_buffer);
    return true;
}

bool cli_stdout_failed(void)
{
    return ferror(stdout) != 0;
}

bool cli_stdout_flush(void)
{
    if (fflush(stdout) != 0) {
        note_errno();
        return false;
    }
    return !cli_stdout_failed();
}

int cli_io_finish(int rc)
{
    bool ok = cli_stdout_flush();

    if (fclose(stdout) != 0) {
        note_errno();
        ok = false;
    }
    if (ok) {
        return rc;
    }
    /* a descriptor closed at start was held read-only: writes failed with EBADF */
    (void)fprintf(stderr, "rmqdr: write error on standard output: %s%s\n",
                  (stdout_errno != 0) ? strerror(stdout_errno) : "output lost",
                  stdout_was_closed ? " (stdout was closed)" : "");
    return (rc == EXIT_OK) ? EXIT_OUTPUT : rc;
}

FILE *cli_doc_open(void)
{
    FILE *doc = tmpfile();

    if (doc == NULL) {
        (void)fprintf(stderr, "rmqdr: cannot create a temporary file for the output document: %s\n",
                      strerror(errno));
    }
    return doc;
}

bool cli_doc_commit(FILE *doc)
{
    char buf[8192];
    size_t n;
    bool ok = (fflush(doc) == 0) && (ferror(doc) == 0) && (fseek(doc, 0L, SEEK_SET) == 0);

    if (!ok) {
        (void)fprintf(stderr, "rmqdr: cannot write the output document to a temporary file: %s\n",
                      strerror(errno));
    }
    while (ok && ((n = fread(buf, 1U, sizeof buf, doc)) > 0U)) {
        ok = fwrite(buf, 1U, n, stdout) == n;
        if (!ok) {
            note_errno();
        }
    }
    (void)fclose(doc);
    return ok && cli_stdout_flush();
}

void cli_doc_discard(FILE *doc)
{
    if (doc != NULL) {
        (void)fclose(doc);
    }
}

FILE *cli_fopen_regular(const char *path, const char **why)
{
    struct stat st;
    FILE *f = NULL;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);

    if (fd < 0) {
        *why = strerror(errno);
        return NULL;
    }
    if (fstat(fd, &st) != 0) {
        *why = strerror(errno);
    } else if (S_ISDIR(st.st_mode)) {
        *why = "is a directory";
    } else if (!S_ISREG(st.st_mode)) {
        *why = "is not a regular file (a FIFO, socket or device such as /dev/stdin is not read)";
    } else if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0) {
        *why = strerror(errno);
    } else {
        f = fdopen(fd, "rb");
        *why = (f == NULL) ? strerror(errno) : NULL;
    }
    if (f == NULL) {
        (void)close(fd);
    }
    return f;
}

void cli_put_stamp(FILE *f)
{
    rmqdr_platform_t platform;
    int64_t now = 0;
    char date[RMQDR_DATE_SIZE];

    rmqdr_posix_platform_init(&platform);
    if ((platform.now_ms(platform.ctx, &now) != RMQDR_OK) || (rmqdr_format_date(now, date) != RMQDR_OK)) {
        (void)fputs("- ", f);
        return;
    }
    (void)fprintf(f, "%s ", date);
}
