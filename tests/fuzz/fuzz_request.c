/* libFuzzer: arbitrary parameters into the validator and request builder.
 * Whatever the input, the result is a status; on success the request must
 * fit RMQDR_REQUEST_MAX_SIZE, end with a blank line, and hold no raw
 * control byte from the inputs (no header injection). Bits 2-3 of the
 * first byte choose the operation (checkpoints, plans, items, default). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rmqdr/request.h"

#define FIELDS 10U

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    static char text[8192];
    static char out[RMQDR_REQUEST_MAX_SIZE];
    char *field[FIELDS] = { NULL };
    rmqdr_config_t c;
    rmqdr_request_t r;
    rmqdr_stamp_t s;
    size_t n = (len < sizeof text - 1U) ? len : sizeof text - 1U;
    size_t i;
    size_t k = 0U;
    size_t written = 0U;
    rmqdr_status_t st;

    /* NUL-separated fields: key id, secret, token, region, endpoint, plan, item, instance, filter,
     * topic name */
    memcpy(text, data, n);
    text[n] = '\0';
    field[k++] = text;
    for (i = 0U; (i < n) && (k < FIELDS); i++) {
        if (text[i] == '\0') {
            field[k++] = &text[i + 1U];
        }
    }
    memset(&c, 0, sizeof c);
    memset(&r, 0, sizeof r);
    c.access_key_id = field[0];
    c.access_key_secret = field[1];
    c.security_token = field[2];
    c.region_id = field[3];
    c.endpoint = field[4];
    r.plan_id = field[5];
    r.item_id = field[6];
    r.instance_id = field[7];
    r.filter = field[8];
    r.topic_name = field[9];
    if (n > 0U) {
        static const rmqdr_operation_t *const ops[4] = { &rmqdr_op_list_checkpoints,
                                                         &rmqdr_op_list_plans,
                                                         &rmqdr_op_list_items, NULL };
        r.operation = ops[(data[0] >> 2) & 3U];
    }
    r.page_number_set = (n > 0U) && ((data[0] & 1U) != 0U);
    r.page_number = (n > 1U) ? (int64_t)(int8_t)data[1] * 1000003 : 1;
    r.page_size_set = (n > 0U) && ((data[0] & 2U) != 0U);
    r.page_size = (n > 2U) ? (int64_t)(int8_t)data[2] : 10;
    memcpy(s.date, "2026-01-01T00:00:00Z", RMQDR_DATE_SIZE);
    memcpy(s.nonce, "00ff", 5U);
    st = rmqdr_request_build(&c, &r, &s, out, sizeof out, &written);
    if (st == RMQDR_OK) {
        size_t crlf = 0U;

        if ((written > sizeof out) || (written < 4U) || (memcmp(&out[written - 4U], "\r\n\r\n", 4U) != 0)) {
            abort();
        }
        for (i = 0U; i + 1U < written; i++) {
            if ((out[i] == '\r') != (out[i + 1U] == '\n')) {
                if (out[i] == '\r') {
                    abort(); /* a CR not followed by LF */
                }
            }
            crlf += (out[i] == '\r') ? 1U : 0U;
        }
        if ((crlf < 10U) || (crlf > 13U)) {
            abort(); /* an injected header line */
        }
    }
    return 0;
}
