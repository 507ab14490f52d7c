#!/usr/bin/env python3
"""Rewrites the paths of this machine in a model file's header (provenance) to portable ones.

A trained model records the commands that made it (`provenance.command`, the profile folders it
was trained on), with the paths as they were given: on the training machine often absolute
(`$HOME/.cache/ssrnn/...`, `/tmp/...`). Before a model is shipped those become the names the
training scripts use (e.g. `$SSRNN_CACHE_DIR/msas/netsurfp2_train`). Only the JSON header's text
changes; the tensors are copied byte for byte (their checksum is in the header and unchanged), and
the result is written atomically.

Usage: portable-provenance.py MODEL [FROM=TO ...]
  Each FROM is replaced by TO in the header text; then every absolute path left in it is listed
  and the exit code is 1 if there is one (0 otherwise), so with no FROM=TO it is a check.
The container layout: lib/ssrnn/nn/container.hpp (docs/model-format.md).
"""
import json
import os
import re
import struct
import sys

MAGIC = b"SSRNNMDL"
PREAMBLE = 24
ALIGN = 64


def pad_to(n):
    return (n + ALIGN - 1) // ALIGN * ALIGN


def main(argv):
    if len(argv) < 2 or any("=" not in a for a in argv[2:]):
        print("usage: portable-provenance.py MODEL [FROM=TO ...]", file=sys.stderr)
        return 2
    path = argv[1]
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != MAGIC or len(data) < PREAMBLE:
        print(f"{path}: not an ssrnn model file", file=sys.stderr)
        return 2
    hlen = struct.unpack("<Q", data[16:24])[0]
    text = data[PREAMBLE:PREAMBLE + hlen].decode("utf-8")
    tensors = data[pad_to(PREAMBLE + hlen):]
    new = text
    for rule in argv[2:]:
        old, to = rule.split("=", 1)
        new = new.replace(old, to)
    json.loads(new)  # still a JSON header
    if new != text:
        body = new.encode("utf-8")
        out = data[:16] + struct.pack("<Q", len(body)) + body
        out += b"\0" * (pad_to(len(out)) - len(out)) + tensors
        tmp = path + ".tmp"
        with open(tmp, "wb") as f:
            f.write(out)
        os.replace(tmp, path)
    left = sorted(set(re.findall(r'(?<![\w.$}])/[A-Za-z][\w./+-]*', new)))
    for p in left:
        print(f"{path}: absolute path left in the header: {p}", file=sys.stderr)
    return 1 if left else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
