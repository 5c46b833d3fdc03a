"""Estates of other shapes than portolan-bench's generator, for the compiler
benchmark: the same hub-and-spoke estate written four ways, so that a figure
that holds only on one way of writing YAML shows up as such.

- flow: hubs (one per 50 servers) and spokes of seven lines each, ports in
  flow mappings such as `tcp: { port: 26, mode: enabled }`, users (one per ten
  servers) sharing one password hash;
- block: the same estate with every key on its own line and a comment before
  every server;
- files: the flow estate in 1,000 files (the header and the hubs in one, the
  spokes and users spread over the others);
- anchors: the flow estate where a spoke takes its settings from the first
  spoke of its hub through an anchor, an alias and a merge key, and the hubs'
  inbound settings through aliases.

Every shape checks without errors (users are never used: warnings only).

usage: python3 Benchmarks/shapes.py SHAPE SERVERS PATH
"""

import os
import sys

HASH = "$pbkdf2-sha256$210000$AWBMqXXunXNO6b231lqr1Q$6uT3VSnk7HCFrhkA0V6sNd00qs9rddxeI/GtDCqZv/A"
HEAD = "portolan: 1\norganization: Acme\ninternet_domains: [acme.example]\n"
SHAPES = ("flow", "block", "files", "anchors")


def counts(servers):
    hubs = max(2, servers // 50)
    return hubs, servers - hubs, max(1, servers // 10)


def hub_flow(h):
    name = f"hub{h:05d}"
    return (f"  {name}:\n    host: {name}.acme.example\n    addresses: [172.16.{h >> 8 & 255}.{h & 255}]\n"
            f"    smtp:\n      listener: true\n      inbound:\n        tcp: {{ port: 26, enabled: true }}\n"
            f"        auth:\n          tcp: {{ name_password: false, anonymous: true }}\n"
            f"      outbound:\n        tcp: {{ port: 25, mode: enabled }}\n")


def spoke_flow(i, hubs):
    name = f"srv{i:07d}"
    return (f"  {name}:\n    host: {name}.acme.example\n    addresses: [10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}]\n"
            f"    smtp:\n      outbound:\n        tcp: {{ port: 26, mode: enabled }}\n        relay: hub{i % hubs:05d}\n")


def user_flow(u):
    return f"  user{u:06d}: {{ internet_address: user{u:06d}@acme.example, password: \"{HASH}\" }}\n"


def hub_block(h):
    name = f"hub{h:05d}"
    return (f"  # Hub {h}: takes its region's mail on port 26 and sends on to the Internet.\n"
            f"  {name}:\n    host: {name}.acme.example\n    addresses:\n      - 172.16.{h >> 8 & 255}.{h & 255}\n"
            f"    smtp:\n      listener: true\n      inbound:\n        tcp:\n          port: 26\n          enabled: true\n"
            f"        auth:\n          tcp:\n            name_password: false\n            anonymous: true\n"
            f"      outbound:\n        tcp:\n          port: 25\n          mode: enabled\n")


def spoke_block(i, hubs):
    name = f"srv{i:07d}"
    return (f"  # Spoke {i}: relays everything through hub{i % hubs:05d}.\n"
            f"  {name}:\n    host: {name}.acme.example\n    addresses:\n      - 10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}\n"
            f"    smtp:\n      outbound:\n        tcp:\n          port: 26\n          mode: enabled\n"
            f"        relay: hub{i % hubs:05d}\n")


def user_block(u):
    return (f"  # User {u}.\n  user{u:06d}:\n    internet_address: user{u:06d}@acme.example\n"
            f"    password: \"{HASH}\"\n")


def hub_anchors(h):
    name = f"hub{h:05d}"
    if h == 0:
        inbound = ("      inbound: &hubinbound\n        tcp: { port: 26, enabled: true }\n"
                   "        auth:\n          tcp: { name_password: false, anonymous: true }\n"
                   "      outbound: &huboutbound\n        tcp: { port: 25, mode: enabled }\n")
    else:
        inbound = "      inbound: *hubinbound\n      outbound: *huboutbound\n"
    return (f"  {name}:\n    host: {name}.acme.example\n    addresses: [172.16.{h >> 8 & 255}.{h & 255}]\n"
            f"    smtp:\n      listener: true\n" + inbound)


def spoke_anchors(i, hubs):
    name = f"srv{i:07d}"
    hub = i % hubs
    address = f"[10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}]"
    if i < hubs:
        return (f"  {name}: &spoke{hub}\n    host: {name}.acme.example\n    addresses: {address}\n"
                f"    smtp:\n      outbound:\n        tcp: {{ port: 26, mode: enabled }}\n        relay: hub{hub:05d}\n")
    return f"  {name}:\n    <<: *spoke{hub}\n    host: {name}.acme.example\n    addresses: {address}\n"


def write(shape, servers, path):
    hubs, spokes, users = counts(servers)
    if shape == "files":
        os.makedirs(path, exist_ok=True)
        parts = 999
        with open(os.path.join(path, "hubs.yaml"), "w") as out:
            out.write(HEAD + "servers:\n" + "".join(hub_flow(h) for h in range(hubs)))
        for part in range(parts):
            first, last = part * spokes // parts, (part + 1) * spokes // parts
            users_first, users_last = part * users // parts, (part + 1) * users // parts
            text = "portolan: 1\n"
            if last > first:
                text += "servers:\n" + "".join(spoke_flow(i, hubs) for i in range(first, last))
            if users_last > users_first:
                text += "users:\n" + "".join(user_flow(u) for u in range(users_first, users_last))
            with open(os.path.join(path, f"part{part:03d}.yaml"), "w") as out:
                out.write(text)
        return
    hub, spoke, user = {
        "flow": (hub_flow, spoke_flow, user_flow),
        "block": (hub_block, spoke_block, user_block),
        "anchors": (hub_anchors, spoke_anchors, user_flow),
    }[shape]
    with open(path, "w") as out:
        if shape == "block":
            out.write("# A hub-and-spoke estate written out in full, a key to a line.\n")
        out.write(HEAD + "servers:\n")
        for h in range(hubs):
            out.write(hub(h))
        for i in range(spokes):
            out.write(spoke(i, hubs))
        out.write("users:\n")
        for u in range(users):
            out.write(user(u))


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in SHAPES:
        raise SystemExit(__doc__)
    write(sys.argv[1], int(sys.argv[2]), sys.argv[3])
