"""castiron-tune on a two-node Ray cluster on 127.0.0.1 (ray.cluster_utils.Cluster; see NOTES.md).

The cluster's processes are started and stopped by their own process ids (never `ray stop`),
and everything stays on loopback (RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0)."""
from __future__ import annotations

import os
import signal
import subprocess
import time

import pytest

ray_cluster_utils = pytest.importorskip("ray.cluster_utils", reason="Ray is in the test extra")


from conftest import tool, tuning_rows, tuning_rows_so_far  # noqa: E402

MATMUL = """
func.func @main(%a: tensor<64x48xf32>, %b: tensor<48x96xf32>) -> tensor<64x96xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<64x96xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<64x96xf32>) -> tensor<64x96xf32>
  %r = linalg.matmul ins(%a, %b : tensor<64x48xf32>, tensor<48x96xf32>) outs(%f : tensor<64x96xf32>) -> tensor<64x96xf32>
  return %r : tensor<64x96xf32>
}
"""


@pytest.fixture(scope="module")
def cluster():
    os.environ["RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"] = "0"
    store = 150 * 1024 * 1024  # small: CI containers may have a small /dev/shm
    c = ray_cluster_utils.Cluster(initialize_head=True, head_node_args={"num_cpus": 1, "object_store_memory": store})
    c.add_node(num_cpus=1, object_store_memory=store)
    c.wait_for_nodes()
    try:
        yield c
    finally:
        c.shutdown()


def _env():
    return {**os.environ, "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0"}


def _measuring_pids() -> list[int]:
    """Process ids of Ray workers running castiron's measuring actors (by their process title)."""
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as f:
                    if b"MeasureActor" in f.read():
                        pids.append(int(entry))
            except OSError:
                pass
    return pids


def test_trials_come_from_both_nodes_and_faults_are_recorded(cluster, tmp_path):
    model = tmp_path / "mm.mlir"
    model.write_text(MATMUL)
    db = str(tmp_path / "ray.sqlite")
    proc = subprocess.run([tool("castiron-tune"), str(model), "--db", db, "--trials", "12", "--timeout", "5",
                           f"--ray-address={cluster.address}", "--config", "fault=crash", "--config", "fault=wrong",
                           "--config", "fault=hang"], capture_output=True, text=True, env=_env(), timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "Ray: 2 nodes" in proc.stderr
    rows = tuning_rows(db)
    assert len(rows) == 12 and len({r["config"] for r in rows}) == 12
    status = {r["config"]: r["status"] for r in rows}
    assert status["fault=crash"] == "crashed" and status["fault=wrong"] == "wrong-result"
    assert status["fault=hang"] == "timeout" and status["default"] == "ok"
    measured_on = {r["node"] for r in rows if r["status"] != "compile-error"}
    assert len(measured_on) == 2 and "local" not in measured_on  # both nodes, by Ray node id


def test_killing_a_measuring_worker_loses_no_trial(cluster, tmp_path):
    model = tmp_path / "mm.mlir"
    model.write_text(MATMUL)
    db = str(tmp_path / "ray.sqlite")
    trials = 24
    proc = subprocess.Popen([tool("castiron-tune"), str(model), "--db", db, "--trials", str(trials), "--strategy",
                             "random", "--repetitions", "50", f"--ray-address={cluster.address}"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env())
    killed = None
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and proc.poll() is None and killed is None:
        pids = _measuring_pids()
        if len(tuning_rows_so_far(db)) >= 4 and pids:
            killed = pids[0]
            os.kill(killed, signal.SIGKILL)
        time.sleep(0.05)
    out, err = proc.communicate(timeout=300)
    assert killed is not None, err
    assert proc.returncode == 0, err
    rows = tuning_rows(db)
    assert len(rows) == trials, err  # none lost
    assert len({r["config"] for r in rows}) == trials  # none counted twice
    assert all(r["status"] == "ok" for r in rows), [(r["config"], r["status"], r["error"]) for r in rows]
    assert killed not in _measuring_pids()
