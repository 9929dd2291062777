# validate.py: validates memscope reports against the report's JSON Schema
# with python3-jsonschema, an independent validator.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: python3 validate.py SCHEMA REPORT...
# Prints "ok REPORT" or "invalid REPORT: PATH: MESSAGE" for its first
# error; exits 1 when a report does not validate or the schema is not
# a valid 2020-12 schema.
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
failed = 0
for path in sys.argv[2:]:
    report = json.load(open(path))
    errors = sorted(validator.iter_errors(report), key=lambda e: list(e.absolute_path))
    if errors:
        e = errors[0]
        where = "".join("[%d]" % p if isinstance(p, int) else ".%s" % p for p in e.absolute_path)
        print("invalid %s: %s: %s" % (path, where or ".", e.message))
        failed += 1
    else:
        print("ok %s" % path)
sys.exit(1 if failed else 0)
