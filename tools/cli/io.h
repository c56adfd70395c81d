/* Output integrity of the rmqdr command: held descriptors, checked writes,
 * whole documents. */
#ifndef RMQDR_CLI_IO_H
#define RMQDR_CLI_IO_H

#include <stdbool.h>
#include <stdio.h>

/* Makes sure descriptors 0, 1 and 2 are open before anything else can
 * take them (a socket on fd 1 would receive the listing in clear). A closed
 * one is reopened on /dev/null, read-only, so a write to it still fails
 * (EBADF) as it would on the closed descriptor, and is remembered. Also
 * gives stdout a buffer large enough for a whole page of jsonl. Returns
 * false if a descriptor could not be held (then nothing must run). */
bool cli_io_init(void);

/* Flushes and closes stdout and reports a write error (one line on stderr)
 * if any write failed or stdout was closed at start while output was due.
 * Returns rc, or EXIT_OUTPUT when rc was EXIT_OK and the output was lost. */
int cli_io_finish(int rc);

/* True after a write error on stdout (checked with ferror and fflush). */
bool cli_stdout_failed(void);

/* Flushes stdout now (one write(2) per jsonl page); false on a write error. */
bool cli_stdout_flush(void);

/* A document that is printed whole or not at all (json, table): written to
 * an unlinked temporary file (memory stays bounded for --all), copied to
 * stdout by cli_doc_commit() only after the call succeeded. NULL and one
 * stderr line if no temporary file can be made. */
FILE *cli_doc_open(void);

/* Copies the document to stdout and closes it; false on a write error. */
bool cli_doc_commit(FILE *doc);

/* Drops the document unprinted. */
void cli_doc_discard(FILE *doc);

/* Opens an input file the operator named (profile, --ca-file) for reading,
 * without ever blocking in open(2): O_NONBLOCK, then fstat(2), and only a
 * regular file is accepted (a FIFO, /dev/stdin on a pipe, a socket or a
 * device is refused, since reading one could wait forever or never end).
 * Returns the stream, or NULL with *why set to the reason as text
 * (strerror, "is a directory", "is not a regular file..."). */
FILE *cli_fopen_regular(const char *path, const char **why);

/* Writes the RFC 3339 UTC time of the local clock and a space to f ("- "
 * if the clock fails): how every watch line, stdout or stderr, begins. */
void cli_put_stamp(FILE *f);

#endif
