/* A client wired to the fault transport; see ft_rig.h. */
#include "ft_rig.h"

#include <string.h>

void ft_rig_wire(ft_platform_t *fp, rmqdr_platform_t *p, ft_transport_t *ft, rmqdr_transport_t *t)
{
    ft_platform_init(fp, p);
    ft_init(ft, &fp->now_ms);
    ft_transport(t, ft);
}

void ft_rig_config(rmqdr_client_config_t *cfg, const rmqdr_transport_t *t, const rmqdr_platform_t *p,
                   char *buf, size_t size)
{
    rmqdr_client_config_defaults(cfg);
    cfg->config.region_id = FT_RIG_REGION;
    cfg->transport = t;
    cfg->transport_is_tls = true;
    cfg->platform = p;
    cfg->request_buf = buf;
    cfg->request_buf_size = size;
}

rmqdr_status_t ft_seen_record(void *ctx, const rmqdr_checkpoint_t *cp)
{
    ft_seen_t *seen = ctx;

    if (seen->calls < FT_SEEN_IDS) {
        seen->ids[seen->calls] = cp->checkpoint_id;
    }
    seen->calls++;
    return RMQDR_OK;
}

rmqdr_request_t ft_rig_page_request(void)
{
    rmqdr_request_t r;

    memset(&r, 0, sizeof r);
    r.plan_id = "1300000016";
    r.item_id = "100070284";
    r.instance_id = "rmq-cn-src";
    r.page_size_set = true;
    r.page_size = 10;
    return r;
}

bool ft_sent_contains(const ft_transport_t *ft, const char *text)
{
    const size_t n = strlen(text);
    size_t i;

    for (i = 0U; (n <= ft->sent_len) && (i <= ft->sent_len - n); i++) {
        if (memcmp(&ft->sent[i], text, n) == 0) {
            return true;
        }
    }
    return false;
}

void ft_rig_init(ft_rig_t *r)
{
    ft_rig_wire(&r->fp, &r->platform, &r->ft, &r->transport);
    ft_rig_config(&r->cfg, &r->transport, &r->platform, r->request_buf, sizeof r->request_buf);
}
