"""Running a search on a Ray cluster (`castiron-tune --ray-address=auto|HOST:PORT`).

- Compiles are Ray tasks (one CPU each) that go to any node; a task whose worker dies is
  retried by Ray (`max_retries`), and one that still fails becomes a compile-error record.
- Measurements go only to nodes whose CPU is the target's: each node reports its LLVM triple,
  CPU name and features (a probe task pinned to it), and every matching node gets one
  measuring actor pinned there with NodeAffinitySchedulingStrategy, running one request at a
  time, so no two measurements share a node. The actor reserves no CPU (a 1-CPU node must
  still take compiles): the driver alternates phases, compiling a batch and then measuring
  it, so castiron never compiles on a node while it measures there.
  Inside the actor the measurement runs in a child process (measure.py) as it does locally.
- A measuring actor (or its node) that dies mid-trial loses nothing: the trial is re-sent to a
  fresh actor (on the same node if it is alive, else to another matching node) up to
  MAX_ATTEMPTS times, then recorded as crashed. Results come back to the driver, the only writer
  of the database, and a trial is recorded once whatever happened.
"""
from __future__ import annotations

import logging
import os

os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")  # keep 127.0.0.1 as given (else Ray swaps in the external address)

import ray  # noqa: E402
from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy  # noqa: E402

from castiron.errors import UsageError  # noqa: E402

from .candidate import Candidate, compile_candidate  # noqa: E402
from .measure import Measurer  # noqa: E402

MAX_ATTEMPTS = 3


@ray.remote(num_cpus=1)
def _probe() -> dict:
    """What this node is: its node id and its CPU as LLVM sees it."""
    from castiron.backend.target import host_target

    host = host_target()
    return {"node": ray.get_runtime_context().get_node_id(), "triple": host.triple, "cpu": host.cpu,
            "features": host.features}


@ray.remote(num_cpus=1, max_retries=MAX_ATTEMPTS)
def _compile(text: str, name: str, config: str, target) -> Candidate:
    candidate = compile_candidate(text, name, config, target)
    candidate.node = ray.get_runtime_context().get_node_id()
    return candidate


@ray.remote(num_cpus=0, max_restarts=0, max_concurrency=1)
class MeasureActor:
    """One per matching node: measures one candidate at a time in a child process."""

    def __init__(self, timeout: float):
        self._measurer = Measurer(timeout)

    def pid(self) -> int:
        return os.getpid()

    def measure(self, request: dict) -> dict:
        return self._measurer.measure(request)


class RayBackend:
    def __init__(self, address: str, timeout: float = 30.0):
        self.timeout = timeout
        try:
            ray.init(address=address, logging_level=logging.ERROR, log_to_driver=False,
                     ignore_reinit_error=True, include_dashboard=False)
        except (ConnectionError, ValueError, RuntimeError) as exc:
            raise UsageError(f"cannot connect to the Ray cluster at '{address}': {str(exc).splitlines()[0]}") from None
        self.nodes = self._probe_nodes()
        self.actors: dict[str, object] = {}  # node id -> MeasureActor

    def _probe_nodes(self) -> list[dict]:
        alive = [n for n in ray.nodes() if n.get("Alive") and n.get("Resources", {}).get("CPU", 0) >= 1]
        refs = [_probe.options(scheduling_strategy=NodeAffinitySchedulingStrategy(n["NodeID"], soft=False)).remote()
                for n in alive]
        nodes = []
        for n, ref in zip(alive, refs):
            try:
                info = ray.get(ref, timeout=120)
            except Exception:  # noqa: BLE001 - a node that cannot answer gets no work
                continue
            nodes.append({**info, "cpus": int(n["Resources"]["CPU"])})
        if not nodes:
            raise UsageError("the Ray cluster has no node with a CPU that answers")
        return nodes

    @property
    def parallelism(self) -> int:
        return sum(n["cpus"] for n in self.nodes)

    def describe(self) -> str:
        return (f"Ray: {len(self.nodes)} nodes, {self.parallelism} CPUs for compiles, "
                f"{len(self.actors)} measuring ({', '.join(sorted({n['cpu'] for n in self.nodes}))})")

    def check_target(self, target) -> None:
        """Starts a measuring actor on every node whose CPU is the target's."""
        matching = [n for n in self.nodes if n["triple"] == target.triple and n["cpu"] == target.cpu]
        if not matching:
            have = ", ".join(f"{n['triple']}:{n['cpu']}" for n in self.nodes)
            raise UsageError(f"no node of the Ray cluster has the target's CPU {target.triple}:{target.cpu} "
                             f"(nodes: {have})")
        for n in matching:
            self.actors[n["node"]] = self._new_actor(n["node"])

    def _new_actor(self, node: str):
        return MeasureActor.options(scheduling_strategy=NodeAffinitySchedulingStrategy(node, soft=False)).remote(
            self.timeout)

    def compile_many(self, jobs: list[tuple]) -> list[Candidate]:
        refs = [_compile.remote(*job) for job in jobs]
        out = []
        for job, ref in zip(jobs, refs):
            try:
                out.append(ray.get(ref))
            except ray.exceptions.RayError as exc:
                out.append(Candidate(job[1], job[2], error=f"the compile task failed on Ray: {type(exc).__name__}"))
        return out

    def measure_many(self, requests: list[dict]) -> list[tuple[dict, str]]:
        """Each request on some matching node, one at a time per node; results in request order."""
        results: list = [None] * len(requests)
        queue = [(i, 1) for i in range(len(requests))]
        idle = list(self.actors)
        running: dict = {}  # ref -> (index, attempt, node)
        while queue or running:
            while queue and idle:
                index, attempt = queue.pop(0)
                node = idle.pop(0)
                running[self.actors[node].measure.remote(requests[index])] = (index, attempt, node)
            if not running:  # every measuring node is gone
                for index, _ in queue:
                    results[index] = ({"status": "crashed", "error": "no measuring node is left"}, "none")
                break
            done, _ = ray.wait(list(running), num_returns=1)
            index, attempt, node = running.pop(done[0])
            try:
                results[index] = (ray.get(done[0]), node)
                idle.append(node)
            except ray.exceptions.RayError as exc:
                if self._replace_actor(node):
                    idle.append(node)
                if attempt < MAX_ATTEMPTS:
                    queue.insert(0, (index, attempt + 1))
                else:
                    results[index] = ({"status": "crashed", "error": f"the measuring worker died {attempt} times "
                                       f"({type(exc).__name__})"}, node)
        return results

    def _replace_actor(self, node: str) -> bool:
        """A fresh actor on `node` if the node is still alive; False (and none) otherwise."""
        alive = {n["NodeID"] for n in ray.nodes() if n.get("Alive")}
        if node not in alive:
            self.actors.pop(node, None)
            return False
        self.actors[node] = self._new_actor(node)
        return True

    def measuring_pids(self) -> dict:
        """{node id: process id of its measuring actor} (tests kill one mid-run)."""
        return {node: ray.get(actor.pid.remote()) for node, actor in self.actors.items()}

    def close(self) -> None:
        for actor in self.actors.values():
            try:
                ray.kill(actor)
            except Exception:  # noqa: BLE001 - already gone
                pass
        self.actors.clear()
        ray.shutdown()
