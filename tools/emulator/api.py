"""The emulated endpoint: gateway checks (signature, key, time stamp, nonce,
STS token) and the ListDisasterRecoveryCheckpoints product logic, plus the
JSON bodies both produce.
"""

from __future__ import annotations

import re
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

import acs3
import dataset as ds

ACTION = "ListDisasterRecoveryCheckpoints"
VERSION = "2022-08-01"
ROUTE_RE = re.compile(r"^/disaster_recovery/([^/]+)/items/([^/]+)/checkpoints$")
PLANS_RE = re.compile(r"^/disaster_recovery$")
ITEMS_RE = re.compile(r"^/disaster_recovery/([^/]+)/items$")
# (path pattern, x-acs-action it must carry)
ROUTES = ((ROUTE_RE, ACTION), (PLANS_RE, "ListDisasterRecoveryPlans"),
          (ITEMS_RE, "ListDisasterRecoveryItems"))


def route_action(path: str) -> str | None:
    """The action a path belongs to, None when no route matches."""
    for pattern, action in ROUTES:
        if pattern.match(path):
            return action
    return None
MAX_SKEW_S = 15 * 60
NONCE_TTL_S = 20 * 60
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX = 10, 100


# --------------------------------------------------------------------------
# Bodies
# --------------------------------------------------------------------------

def new_request_id() -> str:
    """Upper-case UUID, like the cloud's request ids."""
    return str(uuid.uuid4()).upper()


def gateway_body(request_id: str, host_id: str, code: str, message: str) -> dict:
    """PascalCase gateway error body."""
    return {"RequestId": request_id, "HostId": host_id, "Code": code, "Message": message,
            "Recommend": f"https://api.aliyun.com/troubleshoot?q={code}&product=RocketMQ"
                         f"&requestId={request_id}"}


def product_error_body(request_id: str, status: int, code: str, message: str,
                       dynamic_code: str = "", dynamic_message: str = "") -> dict:
    """camelCase product error envelope."""
    return {"requestId": request_id, "success": False, "code": code, "message": message,
            "httpStatusCode": status, "dynamicCode": dynamic_code,
            "dynamicMessage": dynamic_message}


def success_body(request_id: str, page_number: int, page_size: int, total: int,
                 items: list[dict]) -> dict:
    """Success envelope as in the API sample."""
    return {"requestId": request_id, "success": True,
            "data": {"pageNumber": page_number, "pageSize": page_size,
                     "totalCount": total, "list": items},
            "code": 200, "message": "operation success.", "httpStatusCode": 200}


# --------------------------------------------------------------------------
# Gateway
# --------------------------------------------------------------------------

@dataclass
class Rejection:
    """A gateway error: HTTP status, Code, Message, and what it counts as."""
    status: int
    code: str
    message: str
    counts_as: str = "auth"      # 'auth' | 'signature' | 'route'


class Clock:
    """The emulator's clock: real time plus an adjustable offset, optionally
    running `rate` times faster than real time from start-up (long-running
    checks compress hours of emulated time into minutes)."""

    def __init__(self, offset_s: float = 0.0, rate: float = 1.0):
        self.offset_s = offset_s
        self.rate = rate
        self._start = time.time()

    def now(self) -> float:
        """Seconds since the epoch, as the emulator sees it."""
        real = time.time()
        return real + (real - self._start) * (self.rate - 1.0) + self.offset_s


class NonceCache:
    """Remembers nonces of accepted requests for NONCE_TTL_S (monotonic time)."""

    def __init__(self, ttl_s: float = NONCE_TTL_S):
        self._ttl = ttl_s
        self._seen: dict[str, float] = {}
        self._lock = threading.Lock()

    def use(self, nonce: str) -> bool:
        """Record the nonce; False when it was already used within the TTL."""
        now = time.monotonic()
        with self._lock:
            if len(self._seen) > 10000:
                self._seen = {n: t for n, t in self._seen.items() if t > now}
            if self._seen.get(nonce, 0) > now:
                return False
            self._seen[nonce] = now + self._ttl
            return True

    def clear(self) -> None:
        """Forget every nonce."""
        with self._lock:
            self._seen.clear()

    def __len__(self) -> int:
        return len(self._seen)


def parse_acs_date(value: str | None) -> float | None:
    """'YYYY-MM-DDTHH:MM:SSZ' -> epoch seconds, None when malformed."""
    if not value or not DATE_RE.match(value):
        return None
    try:
        dt = datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        return None
    return dt.replace(tzinfo=timezone.utc).timestamp()


class Gateway:
    """Authenticates requests the way the cloud gateway does."""

    def __init__(self, key_id: str, key_secret: str, sts_token: str | None,
                 clock: Clock, nonces: NonceCache, issuer=None):
        self._key_id = key_id
        self._secret = key_secret
        self._sts = sts_token
        self.clock = clock
        self.nonces = nonces
        self.issuer = issuer  # creds.Issuer: short-lived STS keys it handed out

    def _secret_for(self, key_id: str) -> str | None:
        """Secret of a known key id."""
        if key_id == self._key_id:
            return self._secret
        return self.issuer.secret_for(key_id) if self.issuer else None

    def check(self, method: str, target: str, headers: list[tuple[str, str]],
              body: bytes, action: str | None = None,
              version: str = VERSION) -> tuple[Rejection | None, acs3.Verification]:
        """None when the request may proceed, else the Rejection to send.
        action/version: what the route expects (STS AssumeRole: its own)."""
        v = acs3.verify_request(method, target, headers, body, self._secret_for)
        merged = acs3.merge_headers(headers)
        merged["_route_action"] = action or route_action(target.partition("?")[0]) or ACTION
        merged["_route_version"] = version
        for step in (self._incomplete, self._api, self._key, self._date, self._token,
                     self._signature, self._nonce):
            rejection = step(v, merged)
            if rejection:
                return rejection, v
        return None, v

    def _incomplete(self, v, merged):
        """Authorization missing/garbled or a required header unsigned."""
        if v.kind == "incomplete":
            return Rejection(400, "IncompleteSignature",
                             f"The request signature does not conform to Aliyun standards. ({v.problem})")
        return None

    def _api(self, v, merged):
        """x-acs-action / x-acs-version must name this API."""
        if merged.get("x-acs-action") != merged.get("_route_action", ACTION):
            return Rejection(404, "InvalidAction.NotFound",
                             f"Specified api is not found, please check your url and method. "
                             f"(x-acs-action {merged.get('x-acs-action')!r})")
        if merged.get("x-acs-version") != merged.get("_route_version", VERSION):
            return Rejection(400, "InvalidVersion",
                             f"Specified parameter Version is not valid. "
                             f"(x-acs-version {merged.get('x-acs-version')!r})")
        return None

    def _key(self, v, merged):
        """Unknown AccessKeyId."""
        if v.kind == "unknown-key":
            return Rejection(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
        return None

    def _date(self, v, merged):
        """x-acs-date well formed and within MAX_SKEW_S of the emulator clock."""
        when = parse_acs_date(merged.get("x-acs-date"))
        if when is None:
            return Rejection(400, "InvalidTimeStamp.Format",
                             "Specified time stamp or date value is not well formatted.")
        skew = when - self.clock.now()
        if abs(skew) > MAX_SKEW_S:
            return Rejection(400, "InvalidTimeStamp.Expired",
                             f"Specified time stamp or date value is expired. "
                             f"(request is {skew:+.0f} s from server time)")
        return None

    def _token(self, v, merged):
        """x-acs-security-token must equal the configured STS token (if any)."""
        sent = merged.get("x-acs-security-token")
        key_id = v.auth.key_id if v.auth else ""
        if self.issuer and key_id != self._key_id:
            why = self.issuer.check_token(key_id, sent)
            if why == "expired":
                return Rejection(400, "InvalidSecurityToken.Expired", "Specified SecurityToken is expired.")
            if why is None:
                return None
            return Rejection(400, "InvalidSecurityToken.MismatchWithAccessKey",
                             "The SecurityToken does not match the AccessKeyId. (issued key)")
        if sent == self._sts:
            return None
        why = ("no security token was sent" if sent is None else
               "a security token was sent but this key is not an STS key" if self._sts is None else
               "the security token does not match")
        return Rejection(400, "InvalidSecurityToken.MismatchWithAccessKey",
                         f"The SecurityToken does not match the AccessKeyId. ({why})")

    def _signature(self, v, merged):
        """Signature (and x-acs-content-sha256) must match."""
        if v.kind == "signature":
            return Rejection(400, "SignatureDoesNotMatch",
                             "Specified signature does not match our calculation. "
                             f"server string to sign is:{v.string_to_sign} ({v.problem})",
                             counts_as="signature")
        return None

    def _nonce(self, v, merged):
        """A nonce may be used once."""
        if not self.nonces.use(merged.get("x-acs-signature-nonce", "")):
            return Rejection(400, "SignatureNonceUsed", "Specified signature nonce was used already.")
        return None


# --------------------------------------------------------------------------
# Product: ListDisasterRecoveryCheckpoints
# --------------------------------------------------------------------------

@dataclass
class ProductError:
    """A camelCase product error."""
    status: int
    code: str
    message: str
    dynamic_code: str = ""
    dynamic_message: str = ""


NOT_FOUND = {
    "instance": ("Instance.NotFound", "The instance cannot be found.", "InstanceId"),
    "plan": ("DisasterRecoveryPlan.NotFound", "The disaster recovery plan cannot be found.", "PlanId"),
    "item": ("DisasterRecoveryItem.NotFound", "The disaster recovery item cannot be found.", "ItemId"),
}


def decode_query(raw_query: str) -> dict[str, str]:
    """Decoded query parameters; the first occurrence of a name wins."""
    out: dict[str, str] = {}
    for name, value in acs3.split_query(raw_query):
        key = acs3.percent_decode(name).decode("utf-8", "replace")
        out.setdefault(key, acs3.percent_decode(value).decode("utf-8", "replace"))
    return out


def _int_param(params: dict, name: str, default: int, low: int, high: int) -> int | ProductError:
    """Integer parameter in [low, high] or a ProductError."""
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    if not re.fullmatch(r"\d{1,9}", raw) or not low <= int(raw) <= high:
        return ProductError(400, f"InvalidParameter.{name[0].upper()}{name[1:]}",
                            f"The specified parameter {name} is not valid: must be an integer"
                            f" in [{low}, {high}].", name, raw)
    return int(raw)


def _paging(params: dict) -> tuple[int, int] | ProductError:
    """(pageNumber, pageSize) or the ProductError for a bad one."""
    page_number = _int_param(params, "pageNumber", 1, 1, 100_000_000)
    if isinstance(page_number, ProductError):
        return page_number
    page_size = _int_param(params, "pageSize", PAGE_SIZE_DEFAULT, 1, PAGE_SIZE_MAX)
    if isinstance(page_size, ProductError):
        return page_size
    return page_number, page_size


def list_plans(data: ds.Dataset, raw_path: str, raw_query: str, request_id: str,
               now_ms: int) -> dict | ProductError:
    """ListDisasterRecoveryPlans: instanceId and filter narrow, paged."""
    params = decode_query(raw_query)
    paging = _paging(params)
    if isinstance(paging, ProductError):
        return paging
    rows = [p for p in data.plans(params.get("instanceId", ""))
            if ds.plan_matches(p, params.get("filter", ""))]
    total, rows = ds.page_of(rows, *paging)
    return success_body(request_id, paging[0], paging[1], total, rows)


def list_items(data: ds.Dataset, raw_path: str, raw_query: str, request_id: str,
               now_ms: int) -> dict | ProductError:
    """ListDisasterRecoveryItems of the plan in the path; topicName and filter narrow."""
    plan_id = acs3.percent_decode(ITEMS_RE.match(raw_path).group(1)).decode("utf-8", "replace")
    params = decode_query(raw_query)
    paging = _paging(params)
    if isinstance(paging, ProductError):
        return paging
    try:
        items = data.items(plan_id)
    except ds.NotFound as exc:
        code, message, dyn = NOT_FOUND["plan"]
        return ProductError(404, code, message, dyn, exc.args[1])
    rows = [it for it in items
            if ds.item_matches(it, params.get("topicName", ""), params.get("filter", ""))]
    total, rows = ds.page_of(rows, *paging)
    return success_body(request_id, paging[0], paging[1], total, rows)


def answer(data: ds.Dataset, raw_path: str, raw_query: str, request_id: str,
           now_ms: int) -> dict | ProductError:
    """The product answer of whichever operation the path names."""
    handler = {ACTION: list_checkpoints, "ListDisasterRecoveryPlans": list_plans,
               "ListDisasterRecoveryItems": list_items}[route_action(raw_path) or ACTION]
    return handler(data, raw_path, raw_query, request_id, now_ms)


def list_checkpoints(data: ds.Dataset, raw_path: str, raw_query: str, request_id: str,
                     now_ms: int) -> dict | ProductError:
    """Success body, or the ProductError to send."""
    m = ROUTE_RE.match(raw_path)
    plan_id = acs3.percent_decode(m.group(1)).decode("utf-8", "replace")
    item_id = acs3.percent_decode(m.group(2)).decode("utf-8", "replace")
    params = decode_query(raw_query)
    instance_id = params.get("instanceId", "")
    if not instance_id:
        return ProductError(400, "MissingInstanceId", "instanceId is mandatory for this action.",
                            "InstanceId", "instanceId")
    page_number = _int_param(params, "pageNumber", 1, 1, 100_000_000)
    if isinstance(page_number, ProductError):
        return page_number
    page_size = _int_param(params, "pageSize", PAGE_SIZE_DEFAULT, 1, PAGE_SIZE_MAX)
    if isinstance(page_size, ProductError):
        return page_size
    try:
        cps = data.lookup(instance_id, plan_id, item_id)
    except ds.NotFound as exc:
        what, ident = exc.args
        code, message, dyn = NOT_FOUND[what]
        return ProductError(404, code, message, dyn, ident)
    total, items = ds.page(cps, params.get("filter", ""), page_number, page_size, now_ms)
    return success_body(request_id, page_number, page_size, total, items)
