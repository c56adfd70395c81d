"""Checkpoint data set: loading, relative-time resolution, lookup, filter, paging.

File format (JSON; see README.md):

    {"instances": [
      {"instanceId": "rmq-cn-...", "regionId": "cn-hangzhou",
       "instanceType": "ALIYUN_ROCKETMQ",
       "plans": [
         {"planId": 1300000016,
          "items": [
            {"itemId": 100070284,
             "target": {"regionId": "...", "instanceId": "...", "instanceType": "..."},
             "checkpoints": [
               {"checkpointId": 1, "lastSyncTime": "now-3s",
                "topicName": "T", "consumerGroupId": "G",
                "sourceProgress": {"lastFetchTime": "now-1s",
                                   "progressData": {"consumeTimestamp": "now-2s"}},
                "targetProgress": {...}}],
             "generate": {"count": 0}}]}]}]}

An optional top-level "plans" array describes plans and items for
ListDisasterRecoveryPlans / ListDisasterRecoveryItems (API field names):

    {"plans": [{"planId": 1300000016, "planName": "...", "planStatus": "RUNNING",
                "instances": [{"instanceId": "...", "instanceRole": "ACTIVE", ...},
                              {"instanceType": "EXTERNAL_ROCKETMQ", "username": "u",
                               "password": "p", ...}],
                "items": [{"itemId": 100070284, "itemStatus": "RUNNING",
                           "topics": [{"topicName": "T", ...}]}]}]}

A plan of the "instances" tree without such an entry is described from the
tree (planStatus RUNNING, its instance and the items' targets, items
RUNNING).  Plan and item statuses can be changed at run time
(Dataset.set_status, /_emu/status) to emulate MANUAL_STOPPED and friends.

Time fields (lastSyncTime, lastFetchTime, consumeTimestamp) are epoch ms
integers, null, or strings "now", "now-5s", "now+1m", "now-2h30m",
"now-1500ms" (units ms s m h d) resolved against the emulator clock at
request time.  topicName/consumerGroupId at checkpoint level fill both sides;
regionId/instanceId/instanceType default from the instance (source) and the
item's "target" (target).  Anything given inside a progress object wins.
"""

from __future__ import annotations

import json
import re

TIME_FIELDS = frozenset({"lastSyncTime", "lastFetchTime", "consumeTimestamp"})
SIDE_SHORTHAND = ("consumerGroupId", "topicName")
SIDE_IDENTITY = ("regionId", "instanceId", "instanceType")
UNIT_MS = {"ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000}
_REL_RE = re.compile(r"^now((?:[+-](?:\d+(?:ms|s|m|h|d))+)*)$")
_SIGNED_RE = re.compile(r"([+-])((?:\d+(?:ms|s|m|h|d))+)")
_TERM_RE = re.compile(r"(\d+)(ms|s|m|h|d)")


class DataError(ValueError):
    """The data file is not in the expected format."""


class NotFound(LookupError):
    """An instance, plan or item is unknown; args = (what, id)."""


# --------------------------------------------------------------------------
# Relative times
# --------------------------------------------------------------------------

def resolve_time(value, now_ms: int):
    """Turn "now-5s"-style strings into epoch ms; other values pass through."""
    if not isinstance(value, str):
        return value
    m = _REL_RE.match(value.strip())
    if not m:
        if value.strip().isdigit():
            return int(value.strip())
        raise DataError(f"bad time value {value!r}")
    total = now_ms
    for sign, terms in _SIGNED_RE.findall(m.group(1)):
        delta = sum(int(num) * UNIT_MS[unit] for num, unit in _TERM_RE.findall(terms))
        total += delta if sign == "+" else -delta
    return total


def resolve_times(obj, now_ms: int):
    """Deep copy of obj with every time field resolved."""
    if isinstance(obj, dict):
        return {k: (resolve_time(v, now_ms) if k in TIME_FIELDS else resolve_times(v, now_ms))
                for k, v in obj.items()}
    if isinstance(obj, list):
        return [resolve_times(v, now_ms) for v in obj]
    return obj


def validate_times(obj) -> None:
    """Raise DataError early if a time field cannot be resolved."""
    resolve_times(obj, 0)


# --------------------------------------------------------------------------
# Normalization
# --------------------------------------------------------------------------

def _side(cp: dict, key: str, identity: dict) -> dict:
    """Build sourceProgress/targetProgress with defaults in API field order."""
    given = cp.get(key) or {}
    out = {name: given.get(name, identity.get(name)) for name in SIDE_IDENTITY}
    for name in SIDE_SHORTHAND:
        out[name] = given.get(name, cp.get(name))
    out["lastFetchTime"] = given.get("lastFetchTime")
    out["progressData"] = given.get("progressData", {"consumeTimestamp": None})
    for name, value in given.items():   # keep extra fields the file adds
        out.setdefault(name, value)
    return out


def normalize_checkpoint(cp: dict, plan_id, item_id, source_id: dict, target_id: dict) -> dict:
    """One checkpoint in API shape: planId, itemId, checkpointId, lastSyncTime, progresses."""
    return {
        "planId": cp.get("planId", plan_id),
        "itemId": cp.get("itemId", item_id),
        "checkpointId": cp.get("checkpointId"),
        "lastSyncTime": cp.get("lastSyncTime"),
        "sourceProgress": _side(cp, "sourceProgress", source_id),
        "targetProgress": _side(cp, "targetProgress", target_id),
    }


def generated_checkpoints(spec: dict) -> list[dict]:
    """Synthetic checkpoints for bulk paging: {"count", "idStart", "topicPrefix",
    "groupPrefix", "lagSeconds": [..]} (lag cycles through the list)."""
    count = int(spec.get("count", 0))
    start = int(spec.get("idStart", 2_000_000_001))
    lags = spec.get("lagSeconds") or [0, 1, 3, 10, 45]
    out = []
    for i in range(count):
        lag = int(lags[i % len(lags)])
        out.append({
            "checkpointId": start + i,
            "lastSyncTime": f"now-{1 + i % 7}s",
            "topicName": f"{spec.get('topicPrefix', 'bulk_topic_')}{i:04d}",
            "consumerGroupId": f"{spec.get('groupPrefix', 'GID_bulk_')}{i:04d}",
            "sourceProgress": {"lastFetchTime": "now-1s",
                               "progressData": {"consumeTimestamp": "now-1s"}},
            "targetProgress": {"lastFetchTime": f"now-{1 + lag}s",
                               "progressData": {"consumeTimestamp": f"now-{1 + lag}s"}},
        })
    return out


# --------------------------------------------------------------------------
# Data set
# --------------------------------------------------------------------------

class Dataset:
    """Instances -> plans -> items -> normalized checkpoint templates."""

    def __init__(self, doc: dict):
        self._items: dict[tuple[str, str, str], list[dict]] = {}
        self._instances: set[str] = set()
        self._plans: set[tuple[str, str]] = set()
        self._plan_docs: dict[str, dict] = {}
        self._load(doc)
        self._load_plan_docs(doc)

    @classmethod
    def from_file(cls, path: str) -> "Dataset":
        """Load a data file; DataError on any format problem."""
        try:
            with open(path, encoding="utf-8") as f:
                doc = json.load(f)
        except (OSError, json.JSONDecodeError) as exc:
            raise DataError(f"{path}: {exc}") from exc
        return cls(doc)

    def _load(self, doc: dict) -> None:
        """Walk instances/plans/items and store normalized checkpoints."""
        if not isinstance(doc, dict) or not isinstance(doc.get("instances"), list):
            raise DataError('top level must be an object with an "instances" array')
        for inst in doc["instances"]:
            iid = str(_require(inst, "instanceId"))
            self._instances.add(iid)
            source_id = {"regionId": inst.get("regionId", "cn-hangzhou"), "instanceId": iid,
                         "instanceType": inst.get("instanceType", "ALIYUN_ROCKETMQ")}
            for plan in inst.get("plans", []):
                pid = _require(plan, "planId")
                self._plans.add((iid, str(pid)))
                for item in plan.get("items", []):
                    self._load_item(iid, pid, item, source_id)

    def _load_item(self, iid: str, pid, item: dict, source_id: dict) -> None:
        """Normalize one item's explicit and generated checkpoints."""
        tid = _require(item, "itemId")
        target_id = dict(source_id, **(item.get("target") or {}))
        raw = list(item.get("checkpoints", [])) + generated_checkpoints(item.get("generate") or {})
        cps = [normalize_checkpoint(cp, _num(pid), _num(tid), source_id, target_id) for cp in raw]
        validate_times(cps)
        self._items[(iid, str(pid), str(tid))] = cps

    def _load_plan_docs(self, doc: dict) -> None:
        """Plan/item descriptions: the file's "plans", else made from the tree."""
        given = doc.get("plans", [])
        if not isinstance(given, list):
            raise DataError('"plans" must be an array')
        for plan in given:
            pid = str(_require(plan, "planId"))
            self._plan_docs[pid] = json.loads(json.dumps(plan))
        for (iid, pid) in sorted(self._plans):
            if pid in self._plan_docs:
                continue
            items = sorted(t for (i, p, t) in self._items if (i, p) == (iid, pid))
            targets = []
            for (i, p, t), cps in self._items.items():
                if (i, p) == (iid, pid) and cps:
                    tp = cps[0]["targetProgress"]
                    targets.append({"instanceId": tp.get("instanceId"), "regionId": tp.get("regionId"),
                                    "instanceType": tp.get("instanceType"), "instanceRole": "PASSIVE"})
            self._plan_docs[pid] = {
                "planId": _num(pid), "planName": f"plan-{pid}", "planType": "ACTIVE_PASSIVE",
                "planStatus": "RUNNING",
                "instances": [{"instanceId": iid, "instanceRole": "ACTIVE"}] + targets[:1],
                "items": [{"itemId": _num(t), "planId": _num(pid), "itemStatus": "RUNNING",
                           "topics": []} for t in items]}

    def plans(self, instance_id: str = "") -> list[dict]:
        """Plan descriptions (API shape, items left out), optionally of one instance."""
        out = []
        for pid, plan in self._plan_docs.items():
            members = {str(i.get("instanceId")) for i in plan.get("instances", [])}
            members |= {i for (i, p) in self._plans if p == pid}
            if instance_id and instance_id not in members:
                continue
            out.append({k: v for k, v in plan.items() if k != "items"})
        return out

    def items(self, plan_id: str) -> list[dict]:
        """Item descriptions of one plan; NotFound for an unknown plan."""
        plan = self._plan_docs.get(plan_id)
        if plan is None:
            raise NotFound("plan", plan_id)
        return [dict(it, planId=it.get("planId", plan.get("planId"))) for it in plan.get("items", [])]

    def set_status(self, plan_id: str, item_id: str | None, status: str) -> None:
        """Change planStatus (item_id None) or an item's itemStatus."""
        plan = self._plan_docs.get(str(plan_id))
        if plan is None:
            raise NotFound("plan", str(plan_id))
        if item_id is None:
            plan["planStatus"] = status
            return
        for it in plan.get("items", []):
            if str(it.get("itemId")) == str(item_id):
                it["itemStatus"] = status
                return
        raise NotFound("item", str(item_id))

    def lookup(self, instance_id: str, plan_id: str, item_id: str) -> list[dict]:
        """Checkpoint templates of one item; NotFound names the missing level."""
        if instance_id not in self._instances:
            raise NotFound("instance", instance_id)
        if (instance_id, plan_id) not in self._plans:
            raise NotFound("plan", plan_id)
        cps = self._items.get((instance_id, plan_id, item_id))
        if cps is None:
            raise NotFound("item", item_id)
        return cps

    def summary(self) -> dict:
        """Counts for logs and /_emu/stats."""
        return {"instances": len(self._instances), "plans": len(self._plan_docs),
                "items": len(self._items),
                "checkpoints": sum(len(v) for v in self._items.values())}


def matches(cp: dict, needle: str) -> bool:
    """Filter: substring of topicName or consumerGroupId on either side."""
    if not needle:
        return True
    for side in ("sourceProgress", "targetProgress"):
        for name in SIDE_SHORTHAND:
            value = (cp.get(side) or {}).get(name)
            if isinstance(value, str) and needle in value:
                return True
    return False


def plan_matches(plan: dict, needle: str) -> bool:
    """Plans filter: substring of planName or planDesc."""
    return not needle or any(isinstance(plan.get(k), str) and needle in plan[k]
                             for k in ("planName", "planDesc"))


def item_matches(item: dict, topic: str, needle: str) -> bool:
    """Items: topicName equal to a topic's name; filter a substring of one."""
    names = [t.get("topicName") for t in item.get("topics", []) if isinstance(t, dict)]
    if topic and topic not in names:
        return False
    return not needle or any(isinstance(n, str) and needle in n for n in names)


def page_of(rows: list[dict], page_number: int, page_size: int) -> tuple[int, list[dict]]:
    """(total, rows of the requested page)."""
    start = (page_number - 1) * page_size
    return len(rows), rows[start:start + page_size]


def page(cps: list[dict], needle: str, page_number: int, page_size: int,
         now_ms: int) -> tuple[int, list[dict]]:
    """(totalCount of matches, resolved checkpoints of the requested page)."""
    hits = [cp for cp in cps if matches(cp, needle)]
    start = (page_number - 1) * page_size
    return len(hits), resolve_times(hits[start:start + page_size], now_ms)


def _require(obj: dict, key: str):
    """obj[key] or DataError."""
    if not isinstance(obj, dict) or obj.get(key) in (None, ""):
        raise DataError(f"missing {key!r} in {json.dumps(obj)[:80]}")
    return obj[key]


def _num(value):
    """Numeric ids stay numbers in responses (planId/itemId are long in the API)."""
    return int(value) if isinstance(value, str) and value.isdigit() else value
