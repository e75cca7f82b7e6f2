# The plugin's own lit suite: the same tools, with the plugin installed (or on PYTHONPATH).
import os
import shutil
import sys

import lit.formats

config.name = "castiron-example-passes"
config.test_format = lit.formats.ShTest()
config.suffixes = [".mlir"]
config.test_source_root = os.path.dirname(__file__)
bindir = os.path.dirname(sys.executable)
for name in ("castiron-opt", "castiron-compile", "filecheck"):
    path = os.path.join(bindir, name)
    config.substitutions.append((name, path if os.path.exists(path) else (shutil.which(name) or name)))
for var in ("PYTHONPATH", "HOME", "CASTIRON_PLUGINS"):
    if var in os.environ:
        config.environment[var] = os.environ[var]
