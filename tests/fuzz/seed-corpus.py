#!/usr/bin/env python3
"""Writes the seed corpus of one fuzz target into a folder, from the test
fixtures (tests/data, resources/graphql) and a few hand-written shapes the
fixtures lack: seed-corpus.py NAME OUT_DIR."""
import glob
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DATA = os.path.join(ROOT, "tests", "data")


def fixture_orders():
    """Every order of the fixtures, as its JSON text."""
    orders = []
    with open(os.path.join(DATA, "bakery-example.jsonl"), encoding="utf-8") as f:
        orders += [line.strip() for line in f if line.strip()]
    with open(os.path.join(DATA, "orders-page.json"), encoding="utf-8") as f:
        page = json.load(f)
    orders += [json.dumps(n) for n in page["data"]["orders"]["nodes"]]
    return orders


def fixture_page():
    with open(os.path.join(DATA, "orders-page.json"), encoding="utf-8") as f:
        return f.read()


def pickup_values():
    values = set()
    for text in fixture_orders():
        order = json.loads(text)
        for key in ("pickup", "pickupDate", "pickup_date"):
            node = order.get(key)
            if isinstance(node, dict) and isinstance(node.get("value"), str):
                values.add(node["value"])
        for m in (order.get("metafields") or {}).get("nodes", []):
            if isinstance(m, dict) and isinstance(m.get("value"), str) and m.get("value")[:1].isdigit():
                values.add(m["value"])
    values |= {"2026-06-29", "2026-06-29T15:00:00Z", "2026-06-29T15:00:00-05:00",
               "2026-03-08T02:30:00", "2026-11-01T01:30:00", "2026-06-29 15:00",
               "2026-06-29T15:00:00.123456+05:45", "0001-01-01", "9999-12-31T23:59:59Z",
               "2024-02-29", "2026-02-30", ""}
    return sorted(values)


def seeds(name):
    if name == "json-doc":
        return fixture_orders() + [fixture_page(), "[1, -2, 3.5e10, true, null, \"\\u00e9\\ud83c\\udf82\"]",
                                   "{\"a\": 1, \"a\": {\"b\": []}}"]
    if name == "order":
        return fixture_orders()
    if name == "pickup":
        return pickup_values()
    if name == "shopify-response":
        # Two bytes pick the HTTP status and the Retry-After (see the target).
        ok = "\x00\x00"
        return [ok + fixture_page(),
                ok + '{"data":null,"errors":[{"message":"Throttled","extensions":{"code":"THROTTLED"}}],'
                     '"extensions":{"cost":{"requestedQueryCost":502,"actualQueryCost":null,'
                     '"throttleStatus":{"maximumAvailable":1000,"currentlyAvailable":10,"restoreRate":50}}}}',
                "\x0a\x01" + '{"errors":"Exceeded 2 calls per second for api client."}',
                "\x05\x00" + '{"errors":"[API] Invalid API key or access token (unrecognized login or wrong password)"}',
                "\x07\x00" + '{"errors":"[API] This action requires merchant approval for read_orders scope."}',
                ok + '{"data":{"orderCreate":{"order":null,"userErrors":[{"field":["order"],'
                     '"message":"Too many orders created. Try again later."}]}}}',
                "\x0c\x04" + "<html>Bad gateway</html>",
                "\x0f\x00" + "https://bakery.myshopify.com"]
    if name == "s3":
        # One byte picks the status (see the target).
        return ["\x00<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SignatureDoesNotMatch</Code>"
                "<Message>The request signature we calculated does not match</Message></Error>",
                "\x01<Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>1</RequestId></Error>",
                "\x02<Error><Code>NoSuchKey</Code><Key>orders/a.jsonl</Key></Error>",
                "\x05<Error><Code>InternalError</Code></Error>",
                "\x00<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>bakery</Name>"
                "<IsTruncated>true</IsTruncated><NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/"
                "wm36Hy4vbOwM=</NextContinuationToken><Contents><Key>orders/2026/06/a.jsonl</Key>"
                "<LastModified>2026-06-29T15:00:00.000Z</LastModified><ETag>&quot;9b2cf535f27731c974343645a3985328"
                "&quot;</ETag><Size>1234</Size></Contents></ListBucketResult>"]
    if name == "settings":
        return ["[BakeMyDay]\nshop='bakery'\nrefresh-on-start=true\ns3-bucket='bakery-lake'\ns3-prefix=''\n"
                "queue-window='calendar-week'\nwarehouse-conninfo='host=db port=5439 dbname=dev user=admin'\n",
                "# comment\n[BakeMyDay]\nshop=\"it's\"\naws-region='us-east-1'\nrefresh-on-start=yes\n",
                "host=db.example.com port=5439 dbname='my db' user=admin sslmode=require",
                "postgresql://admin@db.example.com:5439/dev?sslmode=require"]
    if name == "secrets":
        return ["[secrets]\nshopify-token=shpat_123\naws-secret-access-key=abc/def+ghi\n",
                "[secrets]\nwarehouse-password=pa ss\\nword\nshopify-client-secret=\n",
                "# written by the app\n[secrets]\nshopify-token=x\n[Other]\nkey=value\n"]
    if name == "sim-graphql":
        docs = {}
        for path in sorted(glob.glob(os.path.join(ROOT, "resources", "graphql", "*.graphql"))):
            with open(path, encoding="utf-8") as f:
                docs[os.path.basename(path)] = f.read()
        fragments = docs.get("order-fields.graphql", "")
        out = [text + "\n" + fragments for text in docs.values()]
        out.append('query Q($n: Int = 5, $q: String!) { orders(first: $n, query: $q, sortKey: CREATED_AT) '
                   '{ nodes { id ... on Order { name } } } } # comment\n{ shop { name } }')
        out.append('mutation { metafieldsSet(metafields: [{ownerId: "gid://x", key: "k", value: """a\n"b"""", '
                   'type: "single_line_text_field", n: -1.5e3, b: true, z: null}]) { userErrors { message } } }')
        return out
    if name == "delta-log":
        v0 = "\n".join([
            '{"protocol":{"minReaderVersion":1,"minWriterVersion":2}}',
            '{"metaData":{"id":"5b1f0e6e-1d4a-4b5e-9a53-0f3c2a6b7c8d","format":{"provider":"parquet","options":{}},'
            '"schemaString":"{\\"type\\":\\"struct\\",\\"fields\\":[{\\"name\\":\\"order_id\\",'
            '\\"type\\":\\"string\\",\\"nullable\\":false,\\"metadata\\":{}}]}",'
            '"partitionColumns":[],"configuration":{},"createdTime":1780000000000}}',
            '{"add":{"path":"part-00000-a.zstd.parquet","partitionValues":{},"size":1234,'
            '"modificationTime":1780000000000,"dataChange":true,"stats":"{\\"numRecords\\":2}"}}',
            '{"commitInfo":{"timestamp":1780000000000,"operation":"WRITE","bakemyday":{"runId":"r","contentHash":"h"}}}'])
        v1 = "\n".join([
            '{"remove":{"path":"part-00000-a.zstd.parquet","deletionTimestamp":1780000100000,"dataChange":true,"size":1234}}',
            '{"add":{"path":"part-00001-b.zstd.parquet","partitionValues":{},"size":99,'
            '"modificationTime":1780000100000,"dataChange":true}}',
            '{"commitInfo":{"timestamp":1780000100000,"operation":"WRITE"}}'])
        return [v0, v0 + "\0" + v1, v0 + "\0" + v0, "{}", '{"protocol":{"minReaderVersion":3,"minWriterVersion":7}}']
    if name == "glue":
        return ['{"__type":"com.amazonaws.glue#EntityNotFoundException","message":"Table orders not found"}',
                '{"__type":"AlreadyExistsException","Message":"Database bakemyday already exists"}',
                '{"message":"no type"}', "<html>502 Bad Gateway</html>", ""]
    if name == "bulk-jsonl":
        # The first byte picks the chunk size (see the target). A bulk file:
        # the fixture orders as top-level lines, their line items as lines
        # of their own with __parentId, children before and after parents.
        out = []
        lines, children = [], []
        for text in fixture_orders()[:20]:
            order = json.loads(text)
            if not isinstance(order.get("id"), str):
                continue
            items = order.pop("lineItems", None) or {}
            for item in items.get("nodes", []) if isinstance(items, dict) else []:
                if isinstance(item, dict):
                    children.append(json.dumps(dict(item, __parentId=order["id"])))
            lines.append(json.dumps(order))
        mixed = children[: len(children) // 2] + lines + children[len(children) // 2:]
        out.append("\x07" + "\n".join(mixed) + "\n")
        out.append("\x00" + "\r\n".join(lines[:3]))
        out.append("\x03" + '{"id":"gid://shopify/LineItem/2","__parentId":"gid://shopify/Order/1"}\n'
                   '{"id":"gid://shopify/Order/1"}\n'
                   '{"id":"gid://shopify/LineItem/1","__parentId":"gid://shopify/Order/1"}\n'
                   '{"key":"flavor","__typename":"Metafield","__parentId":"gid://shopify/Order/1"}\n')
        out.append("\x01" + '{"id":"gid://shopify/Order/1"}\n{"name":"x","__parentId":"gid://shopify/Order/2"}\n')
        out.append("\x02" + "\n\n")
        return out
    sys.exit(f"seed-corpus.py: no seeds for {name}")


def main():
    name, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    for i, text in enumerate(seeds(name)):
        with open(os.path.join(out, f"seed-{i:03d}"), "wb") as f:
            f.write(text.encode("utf-8"))


main()
