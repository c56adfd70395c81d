"""The unsigned control plane under /_emu/ (loopback peers only).

`emu` is the emulator.Emulator shared state: stats, data, faults queue,
sticky fault, clock, nonces, args.
"""

from __future__ import annotations

import ipaddress
import json

import api
import dataset as ds
import faults as fl
import httpio


def handle(emu, conn: httpio.Conn, req: httpio.Request, info) -> str:
    """Unsigned local control requests; JSON in, JSON out."""
    emu.stats.request(info, True, None)
    rid = api.new_request_id()
    if not ipaddress.ip_address(conn.peer.split("%")[0]).is_loopback:
        status, body = 403, {"error": "control plane is loopback only"}
    else:
        try:
            status, body = control_dispatch(emu, req)
        except (ValueError, KeyError, TypeError) as exc:
            status, body = 400, {"error": str(exc)}
    resp = emu.json_response(status, body, rid)
    resp.close = req.wants_close
    return fl.deliver_content_length(conn, resp)


def _json_body(req: httpio.Request) -> dict:
    """Request body as a JSON object ({} when empty)."""
    if not req.body.strip():
        return {}
    doc = json.loads(req.body)
    if not isinstance(doc, dict):
        raise ValueError("body must be a JSON object")
    return doc


def control_dispatch(emu, req: httpio.Request) -> tuple[int, dict]:
    """Route a control request to its handler."""
    routes = {
        ("GET", "/_emu/health"): lambda: {"ok": True},
        ("GET", "/_emu/stats"): lambda: stats_view(emu),
        ("POST", "/_emu/reset-stats"): lambda: (emu.stats.reset(), stats_view(emu))[1],
        ("GET", "/_emu/faults"): lambda: faults_view(emu),
        ("POST", "/_emu/faults"): lambda: set_faults(emu, _json_body(req)),
        ("GET", "/_emu/clock"): lambda: clock_view(emu),
        ("POST", "/_emu/clock"): lambda: set_clock(emu, _json_body(req)),
        ("POST", "/_emu/data"): lambda: set_data(emu, _json_body(req)),
        ("GET", "/_emu/data"): lambda: emu.data.summary(),
        ("POST", "/_emu/status"): lambda: set_status(emu, _json_body(req)),
        ("POST", "/_emu/reset"): lambda: reset_all(emu),
        ("GET", "/_emu/credentials"): lambda: emu.issuer.view(),
        ("POST", "/_emu/credentials"): lambda: set_credentials(emu, _json_body(req)),
    }
    handler = routes.get((req.method, req.path))
    if handler is None:
        return 404, {"error": f"no control endpoint {req.method} {req.path}",
                     "endpoints": [f"{m} {p}" for m, p in routes]}
    return 200, handler()


def set_credentials(emu, body: dict) -> dict:
    """{"fault": one of creds.FAULTS} and/or {"expire": true} (every issued token expires now)."""
    import creds
    if "fault" in body:
        if body["fault"] not in creds.FAULTS:
            raise ValueError(f"fault must be one of {creds.FAULTS}")
        emu.issuer.fault = body["fault"]
    if body.get("expire"):
        emu.issuer.expire_all()
    return emu.issuer.view()


def stats_view(emu) -> dict:
    """Counters plus current settings."""
    out = emu.stats.snapshot()
    out.update(faults_view(emu))
    out["clock_offset_s"] = emu.clock.offset_s
    out["nonces_remembered"] = len(emu.nonces)
    out["dataset"] = emu.data.summary()
    return out


def faults_view(emu) -> dict:
    """Queued and sticky faults."""
    with emu.lock:
        return {"faults_pending": [f.describe() for f in emu.queue],
                "sticky_fault": emu.sticky.describe() if emu.sticky else None}


def set_faults(emu, body: dict) -> dict:
    """{"faults": [...], "replace": bool, "sticky": spec|null}; all validated first."""
    unknown = set(body) - {"faults", "replace", "sticky"}
    if unknown:
        raise ValueError(f"unknown keys {sorted(unknown)}")
    queued = [fl.parse_fault(spec) for spec in body.get("faults", [])]
    sticky = fl.parse_fault(body["sticky"]) if body.get("sticky") else None
    with emu.lock:
        if body.get("replace"):
            emu.queue.clear()
        emu.queue.extend(queued)
        if "sticky" in body:
            emu.sticky = sticky
    return faults_view(emu)


def clock_view(emu) -> dict:
    """Current clock offset and time."""
    return {"offset_s": emu.clock.offset_s, "now_ms": int(emu.clock.now() * 1000)}


def set_clock(emu, body: dict) -> dict:
    """{"offset_s": N} shifts the emulator clock."""
    emu.clock.offset_s = float(body["offset_s"])
    return clock_view(emu)


def set_data(emu, body: dict) -> dict:
    """Replace the data set with the posted document."""
    try:
        emu.data = ds.Dataset(body)
    except ds.DataError as exc:
        raise ValueError(f"bad data set: {exc}") from exc
    return emu.data.summary()


def set_status(emu, body: dict) -> dict:
    """{"planId": P, "itemId": I (optional), "status": S}: change a plan's
    planStatus or an item's itemStatus (e.g. MANUAL_STOPPED) at run time."""
    unknown = set(body) - {"planId", "itemId", "status"}
    if unknown or "planId" not in body or not isinstance(body.get("status"), str):
        raise ValueError('want {"planId", "status"[, "itemId"]}')
    item = body.get("itemId")
    try:
        emu.data.set_status(str(body["planId"]), None if item is None else str(item), body["status"])
    except ds.NotFound as exc:
        raise ValueError(f"unknown {exc.args[0]} {exc.args[1]}") from exc
    return {"ok": True}


def reset_all(emu) -> dict:
    """Stats, faults, clock offset and nonces back to the start-up state."""
    emu.stats.reset()
    emu.nonces.clear()
    emu.clock.offset_s = emu.args.clock_offset
    with emu.lock:
        emu.queue.clear()
        emu.sticky = fl.parse_fault(emu.args.fault) if emu.args.fault else None
    return stats_view(emu)
