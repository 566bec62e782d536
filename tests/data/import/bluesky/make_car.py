#!/usr/bin/env python3
"""make_car.py - write the Bluesky repository fixtures (CAR v1 of DAG-CBOR blocks) of this folder,
encoding DAG-CBOR by hand (no CBOR module needed). Run from anywhere: python3 make_car.py
  repo.car       did:plc:testuser1: 3 posts (one a reply to self, one a reply to another
                 account), a repost, a like, and a post record outside the MST (not a post)
  truncated.car  repo.car cut short in its last block
  bigblock.car   a valid header, then a block length of 3 MiB (over the bound)
  garbage.car    text, not a CAR"""
import hashlib
import os
import struct

DID = "did:plc:testuser1"
OTHER = "did:plc:someoneelse"


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def head(major, n):
    if n < 24:
        return bytes([major << 5 | n])
    for info, fmt, lim in ((24, ">B", 1 << 8), (25, ">H", 1 << 16), (26, ">I", 1 << 32), (27, ">Q", 1 << 64)):
        if n < lim:
            return bytes([major << 5 | info]) + struct.pack(fmt, n)
    raise ValueError(n)


class Link:
    def __init__(self, cid):
        self.cid = cid


def enc(v):
    if v is None:
        return b"\xf6"
    if isinstance(v, bool):
        return b"\xf5" if v else b"\xf4"
    if isinstance(v, int):
        return head(0, v) if v >= 0 else head(1, -1 - v)
    if isinstance(v, bytes):
        return head(2, len(v)) + v
    if isinstance(v, str):
        b = v.encode()
        return head(3, len(b)) + b
    if isinstance(v, list):
        return head(4, len(v)) + b"".join(enc(x) for x in v)
    if isinstance(v, dict):  # DAG-CBOR key order: shorter first, then bytewise
        keys = sorted(v, key=lambda k: (len(k.encode()), k.encode()))
        return head(5, len(v)) + b"".join(enc(k) + enc(v[k]) for k in keys)
    if isinstance(v, Link):
        return b"\xd8\x2a" + enc(b"\x00" + v.cid)
    raise TypeError(v)


def cid(block, codec=0x71):
    return varint(1) + varint(codec) + varint(0x12) + varint(32) + hashlib.sha256(block).digest()


class Car:
    def __init__(self):
        self.blocks = []

    def put(self, value):
        b = enc(value)
        c = cid(b)
        self.blocks.append((c, b))
        return Link(c)

    def write(self, root):
        h = enc({"version": 1, "roots": [root]})
        out = varint(len(h)) + h
        for c, b in self.blocks:
            out += varint(len(c) + len(b)) + c + b
        return out


def mst(entries, left=None):
    """An MST node of (key, record link, subtree link) triples, keys prefix-compressed."""
    e, prev = [], b""
    for key, val, sub in entries:
        k = key.encode()
        p = 0
        while p < min(len(k), len(prev)) and k[p] == prev[p]:
            p += 1
        e.append({"p": p, "k": k[p:], "v": val, "t": sub})
        prev = k
    return {"l": left, "e": e}


def strong(uri):
    return {"uri": uri, "cid": "bafyreifakefakefakefakefakefakefakefakefakefakefake"}


def repo():
    car = Car()
    p1 = car.put({"$type": "app.bsky.feed.post", "text": "Hello from Bluesky & friends",
                  "createdAt": "2024-03-01T10:00:00.000Z", "langs": ["en"]})
    first = "at://%s/app.bsky.feed.post/3kabc0000001" % DID
    p2 = car.put({"$type": "app.bsky.feed.post", "text": "A thread: part two",
                  "createdAt": "2024-03-01T10:05:00.000Z",
                  "reply": {"root": strong(first), "parent": strong(first)}})
    theirs = "at://%s/app.bsky.feed.post/3kzzz0000009" % OTHER
    p3 = car.put({"$type": "app.bsky.feed.post", "text": "Café au lait? Agreed 😀",
                  "createdAt": "2024-03-02T08:30:00Z",
                  "reply": {"root": strong(theirs), "parent": strong(theirs)},
                  "facets": [], "embed": {"$type": "app.bsky.embed.images", "images": []}})
    rp = car.put({"$type": "app.bsky.feed.repost", "subject": strong(theirs),
                  "createdAt": "2024-03-03T00:00:00Z"})
    lk = car.put({"$type": "app.bsky.feed.like", "subject": strong(theirs),
                  "createdAt": "2024-03-03T00:01:00Z"})
    car.put({"$type": "app.bsky.feed.post", "text": "not in the tree", "createdAt": "2024-03-04T00:00:00Z"})
    prof = car.put({"$type": "app.bsky.actor.profile", "displayName": "Test User"})
    # A root node with a left subtree and a subtree after its first entry.
    left = car.put(mst([("app.bsky.actor.profile/self", prof, None),
                        ("app.bsky.feed.like/3klike000001", lk, None)]))
    right = car.put(mst([("app.bsky.feed.post/3kabc0000002", p2, None),
                         ("app.bsky.feed.post/3kabc0000003", p3, None)]))
    top = car.put(mst([("app.bsky.feed.post/3kabc0000001", p1, right),
                       ("app.bsky.feed.repost/3krep0000001", rp, None)], left))
    commit = car.put({"did": DID, "version": 3, "data": top, "rev": "3kabc0000009",
                      "prev": None, "sig": b"\x01" * 64})
    return car.write(commit)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    good = repo()
    h = enc({"version": 1, "roots": [Link(cid(b"x"))]})
    files = {
        "repo.car": good,
        "truncated.car": good[:-7],
        "bigblock.car": varint(len(h)) + h + varint(3 * 1024 * 1024) + cid(b"y") + b"\xa0",
        "garbage.car": b"this is not a repository export\n",
    }
    for name, data in files.items():
        with open(os.path.join(here, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
