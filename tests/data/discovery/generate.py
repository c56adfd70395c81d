#!/usr/bin/env python3
"""Fixtures of ListDisasterRecoveryPlans / ListDisasterRecoveryItems bodies.

plans_sample: the emulator's sample data answer for instance
rmq-cn-7e22ody0001 (an external instance with username/password included);
items_sample: the items of plan 1300000016; the others stretch the caps.
Regenerate with: python3 tests/data/discovery/generate.py
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "tools", "emulator"))
import dataset as ds  # noqa: E402


def envelope(rows):
    return {"requestId": "5D2A8C1E-0000-4000-8000-00000000D15C", "success": True,
            "data": {"scrollId": "opaque-cursor", "pageNumber": 1, "pageSize": 10,
                     "totalCount": len(rows), "list": rows},
            "code": 200, "message": "operation success.", "httpStatusCode": 200,
            "accessDeniedDetail": None}


def write(name, doc):
    with open(os.path.join(HERE, name + ".json"), "w", encoding="utf-8") as f:
        f.write(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")


def main():
    data = ds.Dataset.from_file(os.path.join(HERE, "..", "..", "..", "tools", "emulator",
                                             "data", "sample.json"))
    write("plans_sample", envelope(data.plans("rmq-cn-7e22ody0001")))
    write("items_sample", envelope(data.items("1300000016")))
    many = [{"instanceId": f"rmq-many-{i}", "instanceType": "ALIYUN_ROCKETMQ",
             "username": "EMU_EXT_USERNAME_7f3a", "password": "EMU-EXT-PASSWORD-do-not-print-91c2"}
            for i in range(7)]
    write("plans_many_instances", envelope([{"planId": 7, "planName": "x" * 300,
                                             "instances": many}]))
    topics = [{"topicName": f"t{i}", "extra": {"deep": [[{"x": 1}]]}} for i in range(5)]
    write("items_many_topics", envelope([{"itemId": 9, "planId": "7", "topics": topics}]))


if __name__ == "__main__":
    main()
