/* Which HTTP proxy the rmqdr command uses: --proxy, or the environment
 * (https_proxy, HTTPS_PROXY, all_proxy, ALL_PROXY), unless NO_PROXY/no_proxy
 * names the endpoint's host. The conventions are curl's and the aliyun
 * CLI's: lower-case names first, scheme-less URLs mean http://, port 1080
 * when none is given, NO_PROXY entries are comma-separated host suffixes
 * ("example.com" and ".example.com" both match example.com and its
 * subdomains), IP addresses, CIDR blocks ("10.0.0.0/8", "fd00::/8") or "*". */
#ifndef RMQDR_CLI_PROXY_H
#define RMQDR_CLI_PROXY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rmqdr/http_proxy.h"

/* The default proxy port (curl's). */
#define CLI_PROXY_DEFAULT_PORT 1080U

typedef struct {
    bool use;                                  /* false: connect directly */
    char host[254];                            /* no brackets */
    uint16_t port;
    bool has_credentials;
    char username[RMQDR_PROXY_CRED_MAX + 1U];  /* percent-decoded */
    char password[RMQDR_PROXY_CRED_MAX + 1U];
    const char *source;                        /* "--proxy", "HTTPS_PROXY", ... */
} cli_proxy_t;

/* getenv, or a test's stand-in. */
typedef const char *(*cli_getenv_fn)(const char *name);

/* Parses "[http://][user[:password]@]host[:port][/]" into out (use = true).
 * On failure writes one line (never the credentials) to err and returns
 * false: other schemes (https://, socks5://), an empty host, a bad port. */
bool cli_proxy_parse_url(const char *url, cli_proxy_t *out, char *err, size_t err_size);

/* Whether the NO_PROXY list no_proxy exempts host (a name or an address). */
bool cli_proxy_bypassed(const char *no_proxy, const char *host);

/* The proxy for a connection to target_host: --proxy (flag, may be NULL)
 * first, then the environment; NO_PROXY applies to both. out->use is false
 * for a direct connection. Returns false, with a line in err, when the
 * chosen URL is invalid. */
bool cli_proxy_select(const char *flag, const char *target_host, cli_getenv_fn get_env,
                      cli_proxy_t *out, char *err, size_t err_size);

/* "http://host:port (from HTTPS_PROXY)" for --verbose; never credentials
 * (a login is shown as "with credentials"). */
size_t cli_proxy_describe(const cli_proxy_t *proxy, char *buf, size_t size);

/* Overwrites the credentials (after the session is closed). */
void cli_proxy_wipe(cli_proxy_t *proxy);

#endif
