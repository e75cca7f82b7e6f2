"""The graph executor: runs a function's dispatches in dependency order on a worker pool.

At load time each function's dispatch graph (a networkx.DiGraph with read-after-write,
write-after-read and write-after-write edges on buffers) is put in topological order, entries
are resolved and the transient arena is planned; a call then only binds addresses and calls.
"""
from __future__ import annotations

from dataclasses import dataclass
import ctypes
import threading
import time

import networkx as nx
import numpy as np

from .errors import DispatchFailure, InvocationError
from .loader import DispatchState
from .memory import data_address, new_output, page_buffer, plan_arena
from .module_file import DTYPES
from .native_runner import Job, Run


def dependency_graph(dispatches: list[dict]) -> nx.DiGraph:
    graph = nx.DiGraph()
    last_writer, readers = {}, {}
    for i, d in enumerate(dispatches):
        graph.add_node(i, entry=d["entry"])
        num_in = len(d["bindings"]) - d["num_outputs"]
        ins, outs = d["bindings"][:num_in], d["bindings"][num_in:]
        for b in ins:
            if b in last_writer:
                graph.add_edge(last_writer[b], i, buffer=b, kind="raw")
        for b in outs:
            for r in readers.get(b, ()):
                if r != i:
                    graph.add_edge(r, i, buffer=b, kind="war")
            if b in last_writer:
                graph.add_edge(last_writer[b], i, buffer=b, kind="waw")
        for b in ins:
            readers.setdefault(b, []).append(i)
        for b in outs:
            last_writer[b] = i
            readers[b] = []
    return graph


@dataclass
class _Step:
    entry: object
    bindings: list
    workgroups: int
    grid: list
    name: str
    iterations: int


def _source(buffers: list, b: int) -> int:
    """The buffer whose bytes `b` views (itself unless it is an alias)."""
    while buffers[b]["kind"] == "alias":
        b = buffers[b]["alias_of"]
    return b


def _results_own_their_sources(plan: dict) -> list:
    """The function's buffers, with each transient that a result views (a conv's matmul
    output, reshaped to NHWC on the host) allocated per call like an output instead of in the
    arena, so the result is returned as a view of it and not copied out of the arena (conv
    1x1 56x56x24->144, one thread: 0.04 ms of its 0.26 ms per call was that copy)."""
    buffers = plan["buffers"]
    fresh = {_source(buffers, b) for b in plan["results"]}
    return [dict(buf, kind="output") if buf["id"] in fresh and buf["kind"] == "transient" else buf
            for buf in buffers]


def _type_string(shape, dtype) -> str:
    return "x".join(str(d) for d in shape) + ("x" if shape else "") + dtype


class Function:
    """A callable entry of a loaded module: numpy arrays in, numpy arrays out."""

    def __init__(self, name: str, plan: dict, constants: memoryview, library, entries: dict, pool,
                 runner=None):
        self.name = name
        self._runner = runner  # a native_runner.NativeRunner, when the library has one
        self._plan = plan
        self.checks = plan.get("checks", [])  # e2e test checks (runtime/checks.py)
        self._buffers = _results_own_their_sources(plan)
        self._pool = pool
        graph = dependency_graph(plan["dispatches"])
        self.graph = graph
        order = list(nx.lexicographical_topological_sort(graph))
        dispatches = [plan["dispatches"][i] for i in order]
        self._offsets, self._arena_size = plan_arena(self._buffers, dispatches)
        self._steps = []
        for d in dispatches:
            info = entries.get(d["entry"])
            if info is None or info["bindings"] != len(d["bindings"]):
                from .errors import ModuleFormatError
                raise ModuleFormatError(f"function {name}: dispatch {d['entry']} has no matching entry")
            grid = info["workgroup_count"]
            self._steps.append(_Step(library.entry(d["entry"]), d["bindings"],
                                     int(np.prod(grid)), grid, d["entry"], int(info.get("iterations", 1 << 62))))
        self._constants = {}
        for buf in self._buffers:
            if buf["kind"] == "constant":
                arr = np.frombuffer(constants, dtype=DTYPES[buf["dtype"]],
                                    count=int(np.prod(buf["shape"], dtype=np.int64)), offset=buf["offset"])
                self._constants[buf["id"]] = arr.reshape(buf["shape"])
        self.input_types = [_type_string(self._buffers[b]["shape"], self._buffers[b]["dtype"]) for b in plan["inputs"]]
        self.result_types = [_type_string(self._buffers[b]["shape"], self._buffers[b]["dtype"]) for b in plan["results"]]
        self._local = threading.local()
        self._input_specs = [(np.dtype(DTYPES[self._buffers[b]["dtype"]]), tuple(self._buffers[b]["shape"]))
                             for b in plan["inputs"]]
        self._varying_ids = self._varying()
        self._per_call = [buf for buf in self._buffers if buf["id"] in self._varying_ids and buf["kind"] != "input"]
        self._outputs = [(buf["id"], tuple(buf["shape"]), np.dtype(DTYPES[buf["dtype"]]), buf["nbytes"])
                         for buf in self._per_call if buf["kind"] == "output"]
        self._results = []  # (buffer, whether it is copied out): an input's, a constant's, an
        roots = set()       # arena view's or a buffer another result already returns is copied
        for b in plan["results"]:
            root = _source(self._buffers, b)
            self._results.append((b, self._buffers[root]["kind"] != "output" or root in roots))
            roots.add(root)
        self._output_results = [b for b, copy in self._results] if all(
            not copy and self._buffers[b]["kind"] == "output" for b, copy in self._results) else None
        self.profiler = None  # a runtime.profiling.Profiler to record spans into
        self.closed = False   # set when the module is closed: its library is unloaded

    def __repr__(self) -> str:
        return f"<castiron function {self.name}({', '.join(self.input_types)}) -> ({', '.join(self.result_types)})>"

    def _arena(self) -> np.ndarray:
        arena = getattr(self._local, "arena", None)
        if arena is None:
            # (on pages, huge ones where offered, as constants are: see memory.page_buffer)
            arena = self._local.arena = np.frombuffer(page_buffer(self._arena_size), dtype=np.uint8)
        return arena

    def _check_inputs(self, inputs) -> list:
        specs = self._input_specs
        if len(inputs) == len(specs) and all(type(v) is np.ndarray and (v.dtype, v.shape) == spec and v.flags.c_contiguous
                                             for v, spec in zip(inputs, specs)):
            return inputs  # (the common case, checked in one pass)
        expected = self._plan["inputs"]
        if len(inputs) != len(expected):
            raise InvocationError(f"function {self.name} expects {len(expected)} input(s) "
                                  f"({', '.join(self.input_types)}), got {len(inputs)}")
        arrays = []
        for i, (value, b) in enumerate(zip(inputs, expected)):
            buf = self._buffers[b]
            arr = np.asarray(value)
            want = np.dtype(DTYPES[buf["dtype"]])
            if arr.dtype != want:
                raise InvocationError(f"input {i} of {self.name} must be {self.input_types[i]}, "
                                      f"got dtype {arr.dtype} (expected {want})")
            if list(arr.shape) != list(buf["shape"]):
                raise InvocationError(f"input {i} of {self.name} must be {self.input_types[i]}, "
                                      f"got shape {'x'.join(map(str, arr.shape)) or 'scalar'}")
            arrays.append(np.ascontiguousarray(arr))
        return arrays

    def __call__(self, *inputs):
        """Runs the function; returns one array, or a tuple for several results."""
        if self.closed:
            raise InvocationError(f"function {self.name} belongs to a closed module")
        arrays = self._check_inputs(inputs)
        profiler = self.profiler  # (a trace of chunks, or no counter: the Python pool)
        native = self._runner is not None and not (profiler and (profiler.chunks or not self._runner.timed))
        # A call touches as few Python objects as it can: it starts with the
        # caches full of the last call's weights, where each numpy operation costs 5-25 us
        # (MobileNetV2 one thread: 122 us per call outside the runner, 80 of them here).
        # Inputs are read where they are, aligned or not (numpy puts large arrays 16 bytes past
        # a page). Copying them to 64-byte boundaries first, as castiron once did, cost more than
        # the split cache-line loads it saved once B came packed and A broadcast: matmul 1024
        # two threads 11.1-11.4 ms with the copy, 10.2-10.5 without; conv3x3 0.297 -> 0.264.
        roots = dict(zip(self._plan["inputs"], arrays))  # this call's inputs and outputs
        addresses = {b: data_address(a) for b, a in roots.items()}
        for b, shape, dtype, nbytes in self._outputs:
            roots[b], addresses[b] = new_output(shape, dtype, nbytes)
        if native:
            self._run_native(addresses, profiler)
        else:
            self._run_steps(self._storage(roots), profiler)
        if self._output_results is not None:  # (the common case: results are fresh outputs)
            results = [roots[b] for b in self._output_results]
        else:
            results = [self._result(b, copy, roots) for b, copy in self._results]
        return results[0] if len(results) == 1 else tuple(results)

    def _result(self, b: int, copy: bool, roots: dict):
        """Result buffer b as an array: a view of an input or output of this call (reshaped if
        b is an alias), or of a fixed buffer, which is copied out."""
        root = _source(self._buffers, b)
        array = roots.get(root)
        if array is None:
            array = self._fixed_storage()[root]
        if root != b:
            array = array.reshape(self._buffers[b]["shape"])
        return np.array(array, copy=True) if copy else array

    def _storage(self, roots: dict) -> dict:
        """Every buffer of a call through the Python pool as an array: the fixed ones, this
        call's inputs and outputs, and views of them (sources come first in buffer order)."""
        storage = {**self._fixed_storage(), **roots}
        for buf in self._per_call:
            if buf["kind"] == "alias" and buf["alias_of"] in storage:
                storage[buf["id"]] = storage[buf["alias_of"]].reshape(buf["shape"])
        return storage

    def _fixed_storage(self) -> dict:
        """This thread's buffers whose addresses never change: constants, views of its arena and
        their aliases (built on its first call; a call then sets up only what varies: ~150 us
        less per MobileNetV2 call, whose 249 buffers were all rebuilt every time)."""
        fixed = getattr(self._local, "fixed", None)
        if fixed is None:
            fixed = dict(self._constants)
            arena = self._arena() if self._arena_size else None
            for buf in self._buffers:
                if buf["kind"] == "transient":
                    off = self._offsets.get(buf["id"])
                    if off is not None:
                        view = arena[off:off + buf["nbytes"]].view(DTYPES[buf["dtype"]])
                        fixed[buf["id"]] = view.reshape(buf["shape"])
                elif buf["kind"] == "alias" and buf["alias_of"] in fixed:
                    fixed[buf["id"]] = fixed[buf["alias_of"]].reshape(buf["shape"])
            self._local.fixed = fixed
        return fixed

    def _run_native(self, addresses: dict, profiler=None) -> None:
        """All dispatches in one call of the library's plan runner (runtime/native_runner.py),
        `addresses` giving the data of this call's inputs and outputs; with a profiler, the
        runner stamps each dispatch's end with the CPU's counter."""
        plan = getattr(self._local, "native", None)
        if plan is None:
            plan = self._local.native = _NativePlan(self._steps, self._runner, self._fixed_storage(),
                                                    self._buffers, self._varying_ids)
        plan.bind(addresses)
        if profiler:
            plan.run.times = ctypes.addressof(plan.times)
            call_start = time.perf_counter_ns()
            status = self._runner.run(plan.address)
            call_end = time.perf_counter_ns()
            plan.run.times = None
            self._record_native(plan.times, profiler, call_start, call_end)
        else:
            status = self._runner.run(plan.address)
        if status:
            step = self._steps[min(self._runner.failed_job(), len(self._steps) - 1)]
            raise DispatchFailure(f"dispatch {step.name} of {self.name} failed with status {status}")

    def _record_native(self, times, profiler, call_start: int, call_end: int) -> None:
        """Dispatch spans from the runner's stamps: times[0] on entry, times[j + 1] after job j."""
        ns_per_tick = self._runner.ns_per_tick()
        origin = times[0]
        previous = call_start
        for j, step in enumerate(self._steps):
            if times[j + 1] < origin:  # (not reached: a failed job stops the plan)
                break
            end = call_start + round((times[j + 1] - origin) * ns_per_tick)
            profiler.record(step.name, "dispatch", previous, end, workgroups=step.workgroups)
            previous = end
        profiler.record(self.name, "call", call_start, call_end)

    def _varying(self) -> set:
        """Buffers whose address may change from call to call: inputs, outputs and their views
        (constants and the calling thread's arena stay put)."""
        varying = set(self._plan["inputs"])
        for buf in self._buffers:
            if buf["kind"] == "output":
                varying.add(buf["id"])
        for buf in self._buffers:  # sources come first in buffer order
            if buf["kind"] == "alias" and buf["alias_of"] in varying:
                varying.add(buf["id"])
        return varying

    def _run_steps(self, storage: dict, profiler) -> None:
        """One foreign call per dispatch, tiles on the Python worker pool (and profiled)."""
        call_start = time.perf_counter_ns() if profiler else 0
        for step in self._steps:
            pointers = (ctypes.c_void_p * max(1, len(step.bindings)))(
                *[storage[b].ctypes.data for b in step.bindings])
            state = DispatchState(pointers, None, (ctypes.c_uint32 * 3)(*step.grid))
            if profiler:
                start = time.perf_counter_ns()
                status = self._pool.run(step.entry, ctypes.addressof(state), step.workgroups, step.iterations,
                                        (profiler, step.name))
                profiler.record(step.name, "dispatch", start, time.perf_counter_ns(), workgroups=step.workgroups)
            else:
                status = self._pool.run(step.entry, ctypes.addressof(state), step.workgroups, step.iterations)
            if status:
                raise DispatchFailure(f"dispatch {step.name} of {self.name} failed with status {status}")
        if profiler:
            profiler.record(self.name, "call", call_start, time.perf_counter_ns())


class _NativePlan:
    """One calling thread's job array for the plan runner: dispatch states built once, with
    the binding slots of varying buffers rewritten on each call."""

    def __init__(self, steps: list, runner, storage: dict, buffers: list, varying: set):
        self.jobs = (Job * max(1, len(steps)))()
        self.run = Run(ctypes.addressof(self.jobs), 0, len(steps), None)
        self.times = (ctypes.c_uint64 * (len(steps) + 1))()
        self.address = ctypes.addressof(self.run)
        self._keep = []
        self._slots = []  # (pointer array, slot, id of the input or output whose data it is)
        for i, step in enumerate(steps):
            pointers = (ctypes.c_void_p * max(1, len(step.bindings)))()
            for slot, b in enumerate(step.bindings):
                if b in varying:  # (an alias views its source from offset 0)
                    self._slots.append((pointers, slot, _source(buffers, b)))
                else:
                    pointers[slot] = storage[b].ctypes.data
            grid = (ctypes.c_uint32 * 3)(*step.grid)
            state = DispatchState(pointers, None, grid)
            self._keep.append((pointers, grid, state, step.entry))
            job = self.jobs[i]
            job.entry = ctypes.cast(step.entry, ctypes.c_void_p).value
            job.state = ctypes.addressof(state)
            job.total = step.workgroups
            job.slots = runner.slots(step.workgroups, step.iterations)

    def bind(self, addresses: dict) -> None:
        for pointers, slot, b in self._slots:
            pointers[slot] = addresses[b]
