/*
 * The CLI's proxy selection (tools/cli/proxy.c): URL parsing, NO_PROXY
 * matching (domain suffixes, addresses, CIDR blocks, "*"), the order of
 * --proxy and the environment variables, and that descriptions and errors
 * never carry the credentials.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "../../tools/cli/proxy.h"

/* ---- a fake environment ---- */

static const char *fake_env[16][2];

static const char *get_fake(const char *name)
{
    for (size_t i = 0; i < 16U && fake_env[i][0] != NULL; i++) {
        if (strcmp(fake_env[i][0], name) == 0) {
            return fake_env[i][1];
        }
    }
    return NULL;
}

static void set_env(size_t n, ...)
{
    va_list ap;
    memset(fake_env, 0, sizeof fake_env);
    va_start(ap, n);
    for (size_t i = 0; i < n; i++) {
        fake_env[i][0] = va_arg(ap, const char *);
        fake_env[i][1] = va_arg(ap, const char *);
    }
    va_end(ap);
}

/* ---- URLs ---- */

static void test_parse_urls(void **state)
{
    (void)state;
    cli_proxy_t p;
    char err[128];
    assert_true(cli_proxy_parse_url("http://proxy.example:3128", &p, err, sizeof err));
    assert_true(p.use);
    assert_string_equal(p.host, "proxy.example");
    assert_int_equal(p.port, 3128);
    assert_false(p.has_credentials);

    assert_true(cli_proxy_parse_url("proxy.example", &p, err, sizeof err)); /* http:// implied */
    assert_int_equal(p.port, CLI_PROXY_DEFAULT_PORT);
    assert_true(cli_proxy_parse_url("HTTP://10.1.2.3:8080/", &p, err, sizeof err));
    assert_string_equal(p.host, "10.1.2.3");
    assert_int_equal(p.port, 8080);
    assert_true(cli_proxy_parse_url("http://[fd00::1]:3128", &p, err, sizeof err));
    assert_string_equal(p.host, "fd00::1");
    assert_int_equal(p.port, 3128);

    assert_true(cli_proxy_parse_url("http://al%69ce:p%40ss:w@gw:8080", &p, err, sizeof err));
    assert_true(p.has_credentials);
    assert_string_equal(p.username, "alice");
    assert_string_equal(p.password, "p@ss:w"); /* the first ':' splits */
    assert_string_equal(p.host, "gw");
    assert_true(cli_proxy_parse_url("http://bob@gw", &p, err, sizeof err));
    assert_string_equal(p.username, "bob");
    assert_string_equal(p.password, "");
}

static void test_reject_bad_urls(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",                           "https://proxy:443",     "socks5://proxy:1080",
        "http://",                    "http://:8080",          "http://proxy:0",
        "http://proxy:65536",         "http://proxy:80x",      "http://[fd00::1",
        "http://pro xy:80",           "http://user%zz:pw@gw",  "http://%0auser:pw@gw",
        "http://user:pw%0d%0aX:1@gw", "http://:pw@gw",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cli_proxy_t p;
        char err[128] = "";
        if (cli_proxy_parse_url(bad[i], &p, err, sizeof err)) {
            fail_msg("accepted \"%s\"", bad[i]);
        }
        assert_true(err[0] != '\0');
        assert_false(p.use);
        assert_null(strstr(err, "pw")); /* never the password */
    }
}

/* ---- NO_PROXY ---- */

static void test_no_proxy_domains(void **state)
{
    (void)state;
    assert_true(cli_proxy_bypassed("example.com", "example.com"));
    assert_true(cli_proxy_bypassed("example.com", "api.example.com"));
    assert_true(cli_proxy_bypassed(".example.com", "api.example.com"));
    assert_true(cli_proxy_bypassed(".example.com", "example.com"));
    assert_true(cli_proxy_bypassed("EXAMPLE.com", "Api.Example.COM"));
    assert_true(cli_proxy_bypassed("a.test, example.com:443 ,b.test", "x.example.com"));
    assert_false(cli_proxy_bypassed("example.com", "badexample.com"));
    assert_false(cli_proxy_bypassed("example.com", "example.com.evil"));
    assert_false(cli_proxy_bypassed("api.example.com", "example.com"));
    assert_false(cli_proxy_bypassed("", "example.com"));
    assert_false(cli_proxy_bypassed(" , ,", "example.com"));
    assert_false(cli_proxy_bypassed(NULL, "example.com"));
    assert_true(cli_proxy_bypassed("*", "anything.example"));
    assert_true(cli_proxy_bypassed("other,*", "10.0.0.1"));
    assert_false(cli_proxy_bypassed("*.example.com", "example.org"));
}

static void test_no_proxy_addresses(void **state)
{
    (void)state;
    assert_true(cli_proxy_bypassed("127.0.0.1", "127.0.0.1"));
    assert_false(cli_proxy_bypassed("127.0.0.1", "127.0.0.2"));
    assert_true(cli_proxy_bypassed("10.0.0.0/8", "10.200.3.4"));
    assert_false(cli_proxy_bypassed("10.0.0.0/8", "11.0.0.1"));
    assert_true(cli_proxy_bypassed("192.168.1.0/25", "192.168.1.127"));
    assert_false(cli_proxy_bypassed("192.168.1.0/25", "192.168.1.128"));
    assert_true(cli_proxy_bypassed("0.0.0.0/0", "8.8.8.8"));
    assert_true(cli_proxy_bypassed("::1", "::1"));
    assert_true(cli_proxy_bypassed("[::1]", "::1"));
    assert_true(cli_proxy_bypassed("fd00::/8", "fd12:3456::1"));
    assert_false(cli_proxy_bypassed("fd00::/8", "fe80::1"));
    /* families never mix; an address never matches a name entry and back */
    assert_false(cli_proxy_bypassed("10.0.0.0/8", "::ffff:10.0.0.1"));
    assert_false(cli_proxy_bypassed("127.0.0.1", "localhost"));
    assert_false(cli_proxy_bypassed("localhost", "127.0.0.1"));
    assert_false(cli_proxy_bypassed("0.1", "10.0.0.1")); /* not a suffix of an address */
    /* malformed CIDR entries match nothing */
    assert_false(cli_proxy_bypassed("10.0.0.0/33", "10.0.0.1"));
    assert_false(cli_proxy_bypassed("10.0.0.0/", "10.0.0.1"));
    assert_false(cli_proxy_bypassed("10.0.0.0/x", "10.0.0.1"));
    assert_false(cli_proxy_bypassed("fd00::/129", "fd00::1"));
}

/* ---- selection ---- */

static void test_select_order(void **state)
{
    (void)state;
    cli_proxy_t p;
    char err[128];
    set_env(0);
    assert_true(cli_proxy_select(NULL, "api.example.com", get_fake, &p, err, sizeof err));
    assert_false(p.use);

    set_env(4, "ALL_PROXY", "http://all:1", "all_proxy", "http://lower-all:2",
            "HTTPS_PROXY", "http://upper:3", "https_proxy", "http://lower:4");
    assert_true(cli_proxy_select(NULL, "api.example.com", get_fake, &p, err, sizeof err));
    assert_string_equal(p.host, "lower");
    assert_string_equal(p.source, "https_proxy");
    set_env(3, "ALL_PROXY", "http://all:1", "all_proxy", "http://lower-all:2",
            "HTTPS_PROXY", "http://upper:3");
    assert_true(cli_proxy_select(NULL, "api.example.com", get_fake, &p, err, sizeof err));
    assert_string_equal(p.source, "HTTPS_PROXY");
    set_env(2, "ALL_PROXY", "http://all:1", "https_proxy", "");
    assert_true(cli_proxy_select(NULL, "api.example.com", get_fake, &p, err, sizeof err));
    assert_string_equal(p.source, "ALL_PROXY"); /* an empty variable counts as unset */
    assert_true(cli_proxy_select("http://flag:5", "api.example.com", get_fake, &p, err, sizeof err));
    assert_string_equal(p.host, "flag");
    assert_string_equal(p.source, "--proxy");
    /* http_proxy is for plain HTTP and is not used for https endpoints */
    set_env(1, "http_proxy", "http://plain:8");
    assert_true(cli_proxy_select(NULL, "api.example.com", get_fake, &p, err, sizeof err));
    assert_false(p.use);
}

static void test_select_no_proxy(void **state)
{
    (void)state;
    cli_proxy_t p;
    char err[128];
    set_env(2, "HTTPS_PROXY", "http://gw:3128", "NO_PROXY", ".aliyuncs.com");
    assert_true(cli_proxy_select(NULL, "rmq.cn-hangzhou.aliyuncs.com", get_fake, &p, err,
                                 sizeof err));
    assert_false(p.use);
    assert_true(cli_proxy_select(NULL, "example.org", get_fake, &p, err, sizeof err));
    assert_true(p.use);
    /* no_proxy before NO_PROXY; it applies to --proxy as well (as in curl) */
    set_env(3, "HTTPS_PROXY", "http://gw:3128", "NO_PROXY", "example.org", "no_proxy", "other");
    assert_true(cli_proxy_select(NULL, "example.org", get_fake, &p, err, sizeof err));
    assert_true(p.use);
    assert_true(cli_proxy_select("http://flag:1", "x.other", get_fake, &p, err, sizeof err));
    assert_false(p.use);
    /* a bypassed host does not even look at a broken URL */
    set_env(2, "HTTPS_PROXY", "socks5://gw", "NO_PROXY", "*");
    assert_true(cli_proxy_select(NULL, "example.org", get_fake, &p, err, sizeof err));
    assert_false(p.use);
}

static void test_select_bad_url_names_its_source(void **state)
{
    (void)state;
    cli_proxy_t p;
    char err[128];
    set_env(1, "ALL_PROXY", "socks5://u:secretpw@gw:1080");
    assert_false(cli_proxy_select(NULL, "example.org", get_fake, &p, err, sizeof err));
    assert_non_null(strstr(err, "ALL_PROXY"));
    assert_null(strstr(err, "secretpw"));
}

static void test_describe_hides_credentials(void **state)
{
    (void)state;
    cli_proxy_t p;
    char err[128], text[200];
    set_env(1, "HTTPS_PROXY", "http://alice:s3cret@[fd00::7]:3128");
    assert_true(cli_proxy_select(NULL, "example.org", get_fake, &p, err, sizeof err));
    cli_proxy_describe(&p, text, sizeof text);
    assert_string_equal(text, "http://[fd00::7]:3128 (from HTTPS_PROXY, with credentials)");
    assert_null(strstr(text, "s3cret"));
    assert_null(strstr(text, "alice"));
    cli_proxy_wipe(&p);
    assert_false(p.has_credentials);
    assert_int_equal(p.password[0], 0);
    assert_int_equal(p.username[0], 0);
    p.use = false;
    cli_proxy_describe(&p, text, sizeof text);
    assert_string_equal(text, "none (direct)");
    char tiny[8];
    p.use = true;
    assert_int_equal(cli_proxy_describe(&p, tiny, sizeof tiny), sizeof tiny - 1U);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_urls),
        cmocka_unit_test(test_reject_bad_urls),
        cmocka_unit_test(test_no_proxy_domains),
        cmocka_unit_test(test_no_proxy_addresses),
        cmocka_unit_test(test_select_order),
        cmocka_unit_test(test_select_no_proxy),
        cmocka_unit_test(test_select_bad_url_names_its_source),
        cmocka_unit_test(test_describe_hides_credentials),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
