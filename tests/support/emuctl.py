#!/usr/bin/env python3
"""Talk to the emulator's control plane: emuctl.py METHOD PATH [JSON_BODY].

Reads EMU_PORT and EMU_CA from the environment (tests/support/emulator.sh),
prints the response body, exits 0 on a 2xx. With a third argument of the
form `.key`, prints only that top-level field of the JSON answer.
"""
import http.client
import json
import os
import ssl
import sys


def main(argv):
    method, path = argv[1], argv[2]
    body = argv[3] if len(argv) > 3 and not argv[3].startswith(".") else None
    field = next((a[1:] for a in argv[3:] if a.startswith(".")), None)
    ca = os.environ.get("EMU_CA", "-")
    port = int(os.environ["EMU_PORT"])
    if ca == "-":
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    else:
        conn = http.client.HTTPSConnection("localhost", port, timeout=10,
                                           context=ssl.create_default_context(cafile=ca))
    headers = {"Content-Type": "application/json"} if body is not None else {}
    conn.request(method, path, body=body, headers=headers)
    resp = conn.getresponse()
    data = resp.read().decode()
    conn.close()
    if field is not None:
        value = json.loads(data).get(field)
        print(json.dumps(value) if not isinstance(value, (int, str)) else value)
    else:
        print(data)
    return 0 if 200 <= resp.status < 300 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
