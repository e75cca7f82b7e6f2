# lit configuration: each test's RUN line is the command a person would type, piped into filecheck.
import os
import shutil
import sys

import lit.formats

config.name = "castiron"
config.test_format = lit.formats.ShTest()
config.suffixes = [".mlir"]
config.test_source_root = os.path.dirname(__file__)
config.excludes = ["Inputs"]

bindir = os.path.dirname(sys.executable)


def tool(name):
    path = os.path.join(bindir, name)
    return path if os.path.exists(path) else (shutil.which(name) or name)


for name in ("castiron-opt", "castiron-compile", "castiron-run-module", "filecheck"):
    config.substitutions.append((name, tool(name)))
config.substitutions.append(("%python", sys.executable))
config.environment["PATH"] = bindir + os.pathsep + os.environ.get("PATH", "")
