/* Emulator helpers for the integration tests; see emu_client.h. */
#include "emu_client.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Room for the longest body a test posts (the soak's fault batches). */
#define EMUCTL_CMD_MAX 9216U

int emuctl(const char *method, const char *path, const char *arg, char *out, size_t cap)
{
    char cmd[EMUCTL_CMD_MAX];
    FILE *p;
    size_t n;
    int len = snprintf(cmd, sizeof cmd, "python3 tests/support/emuctl.py %s %s '%s'", method, path, arg);

    assert_true((len > 0) && ((size_t)len < sizeof cmd));
    assert_true(cap > 0U);
    p = popen(cmd, "r");
    assert_non_null(p);
    n = fread(out, 1U, cap - 1U, p);
    out[n] = '\0';
    while (fgetc(p) != EOF) {
        /* drain: emuctl must not die of a closed pipe */
    }
    return pclose(p);
}

void emuctl_post(const char *path, const char *body)
{
    char out[1024];

    assert_int_equal(emuctl("POST", path, body, out, sizeof out), 0);
}

long emuctl_stat(const char *name)
{
    char out[64];
    char field[64];

    (void)snprintf(field, sizeof field, ".%s", name);
    assert_int_equal(emuctl("GET", "/_emu/stats", field, out, sizeof out), 0);
    return strtol(out, NULL, 10);
}

void emu_client_prepare(emu_client_t *ec, const char *host, rmqdr_client_config_t *cfg)
{
    rmqdr_tls_config_t tls_cfg;

    memset(ec, 0, sizeof *ec);
    rmqdr_posix_platform_init(&ec->platform);
    rmqdr_posix_transport_init(&ec->tcp, &ec->sock);
    memset(&tls_cfg, 0, sizeof tls_cfg);
    tls_cfg.ca_file = getenv("EMU_CA");
    tls_cfg.platform = &ec->platform;
    assert_int_equal(rmqdr_tls_init(&ec->tls, &ec->tcp, &tls_cfg), RMQDR_OK);
    rmqdr_tls_transport_init(&ec->tls_transport, &ec->tls);
    (void)snprintf(ec->endpoint, sizeof ec->endpoint, "%s:%s", host, getenv("EMU_PORT"));
    memset(cfg, 0, sizeof *cfg);
    cfg->config.access_key_id = getenv("EMU_KEY_ID");
    cfg->config.access_key_secret = getenv("EMU_KEY_SECRET");
    cfg->config.endpoint = ec->endpoint;
    cfg->transport = &ec->tls_transport;
    cfg->transport_is_tls = true;
    cfg->platform = &ec->platform;
    cfg->request_buf = ec->request_buf;
    cfg->request_buf_size = sizeof ec->request_buf;
}

void emu_client_close(emu_client_t *ec)
{
    rmqdr_client_close(&ec->client);
    rmqdr_tls_free(&ec->tls);
}

size_t emu_open_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    size_t n = 0U;

    assert_non_null(d);
    while (readdir(d) != NULL) {
        n++;
    }
    closedir(d);
    return n;
}
