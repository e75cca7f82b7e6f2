"""The embedded ELF loader: real dispatch libraries load and compute bit for bit what dlopen's do; corrupt
libraries are rejected with one-line ModuleFormatErrors, never a crash; no loaded page is both W and X."""
from __future__ import annotations

import ctypes
import io
import json
import random
import shutil
import struct
import subprocess
import zipfile

import numpy as np
import pytest

import castiron
import castiron.runtime
from castiron.runtime import InvocationError, ModuleFormatError, load_module
from castiron.runtime.elf_loader import HOST_MACHINE, EmbeddedLibrary
from castiron.runtime.loader import DispatchState, SystemLibrary
from conftest import compiled, rand

MATMUL = """
func.func @main(%a: tensor<37x19xf32>, %b: tensor<19x23xf32>) -> tensor<37x23xf32> {
  %e = tensor.empty() : tensor<37x23xf32>
  %z = arith.constant 0.0 : f32
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<37x23xf32>) -> tensor<37x23xf32>
  %r = linalg.matmul ins(%a, %b : tensor<37x19xf32>, tensor<19x23xf32>) outs(%f : tensor<37x23xf32>) -> tensor<37x23xf32>
  return %r : tensor<37x23xf32>
}"""
TANH_EXP = """
func.func @main(%a: tensor<1000xf32>) -> tensor<1000xf32> {
  %e = tensor.empty() : tensor<1000xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>],
                       iterator_types = ["parallel"]} ins(%a : tensor<1000xf32>) outs(%e : tensor<1000xf32>) {
  ^bb0(%x: f32, %o: f32):
    %t = math.tanh %x : f32
    %y = math.exp %t : f32
    linalg.yield %y : f32
  } -> tensor<1000xf32>
  return %r : tensor<1000xf32>
}"""
MODELS = {"matmul": (MATMUL, lambda a, b: a @ b), "tanh_exp": (TANH_EXP, lambda a: np.exp(np.tanh(a)))}
# A hand-written library with every relocation a freestanding library can need (compiled code has none):
# a function-pointer table (RELATIVE), a pointer to an exported variable (64), GOT loads of exported data
# (GLOB_DAT), a PLT call to an exported function (JUMP_SLOT), and a large bss.
RELOCATED_C = """
const int castiron_abi_version = 0;
int counter = 5;
int *counter_ptr = &counter;
int helper(int x) { return x * 3; }
static int add1(int x) { return x + 1; }
static int twice(int x) { return x * 2; }
int (*const table[])(int) = { add1, twice };
static char scratch[100000];
int entry(const void *state, unsigned begin, unsigned end) {
  scratch[begin] += 1;
  return table[begin & 1](end) + *counter_ptr + counter + helper(begin) + scratch[begin];
}
"""
MACHINE_NAMES = {62: "x86_64", 183: "aarch64"}


def module_parts(text: str) -> tuple[bytes, dict]:
    archive = zipfile.ZipFile(io.BytesIO(compiled(text)))
    manifest = json.loads(archive.read("manifest.json"))
    return archive.read(manifest["executables"][0]["path"]), manifest


def build_c(tmp_path_factory, source: str, *flags: str) -> bytes:
    if shutil.which("cc") is None:
        pytest.skip("no C compiler to build a test library")
    folder = tmp_path_factory.mktemp("elf")
    (folder / "lib.c").write_text(source)
    subprocess.run(["cc", "-O1", "-fPIC", "-shared", "-nostdlib", "-o", str(folder / "lib.so"), str(folder / "lib.c"),
                    *flags], check=True, capture_output=True)
    return (folder / "lib.so").read_bytes()


@pytest.fixture(scope="module")
def relocated(tmp_path_factory) -> bytes:
    return build_c(tmp_path_factory, RELOCATED_C, "-Wl,--no-undefined")


# The test's own reading of an ELF file, through the section headers the loader does not use.
def sections(data: bytes) -> dict:
    """name -> (file offset, size) of each section."""
    (shoff,), (shnum, shstrndx) = struct.unpack_from("<Q", data, 40), struct.unpack_from("<HH", data, 60)
    headers = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + 64 * i) for i in range(shnum)]
    names = headers[shstrndx][4]
    return {data[names + h[0]:data.index(b"\0", names + h[0])].decode(): (h[4], h[5]) for h in headers}


def program_headers(data: bytes) -> list:
    """(file offset of the header, type, flags, offset, vaddr, filesz, memsz) of each program header."""
    (phoff,), (phnum,) = struct.unpack_from("<Q", data, 32), struct.unpack_from("<H", data, 56)
    return [(phoff + 56 * i, *struct.unpack_from("<IIQQ8xQQ", data, phoff + 56 * i)) for i in range(phnum)]


def loads(data: bytes) -> list:
    return [h for h in program_headers(data) if h[1] == 1]


def dynamic_entry(data: bytes, tag: int) -> int:
    """File offset of the dynamic entry with this tag."""
    start, size = sections(data)[".dynamic"]
    return next(at for at in range(start, start + size, 16) if struct.unpack_from("<q", data, at)[0] == tag)


def symbol(data: bytes, name: str) -> int:
    """File offset of the .dynsym entry naming `name`."""
    (symtab, size), (strtab, _) = sections(data)[".dynsym"], sections(data)[".dynstr"]
    for at in range(symtab, symtab + size, 24):
        index = struct.unpack_from("<I", data, at)[0]
        if data[strtab + index:data.index(b"\0", strtab + index)] == name.encode():
            return at
    raise KeyError(name)


def file_offset(data: bytes, vaddr: int) -> int:
    return next(off + vaddr - va for _, _, _, off, va, filesz, _ in loads(data) if va <= vaddr < va + filesz)


def patch(data: bytes, at: int, fmt: str, *values) -> bytes:
    out = bytearray(data)
    struct.pack_into(fmt, out, at, *values)
    return bytes(out)


def dispatch(library, entry: str, grid: list, arrays: list) -> int:
    pointers = (ctypes.c_void_p * len(arrays))(*[a.ctypes.data for a in arrays])
    state = DispatchState(pointers, None, (ctypes.c_uint32 * 3)(*grid))
    return library.entry(entry)(ctypes.addressof(state), 0, int(np.prod(grid)))


def mapped_permissions(library: EmbeddedLibrary) -> list:
    """The permissions of /proc/self/maps lines that overlap the library's image."""
    perms = []
    for line in open("/proc/self/maps"):
        span, mode = line.split()[:2]
        lo, hi = (int(x, 16) for x in span.split("-"))
        if lo < library.address + library.size and library.address < hi:
            perms.append(mode)
    return perms


@pytest.mark.parametrize("model", sorted(MODELS))
def test_dispatches_match_system_loader_bit_for_bit(model):
    text, reference = MODELS[model]
    data, manifest = module_parts(text)
    plan = manifest["functions"]["main"]
    buffers = plan["buffers"]
    inputs = [rand(tuple(buffers[b]["shape"]), seed=i) for i, b in enumerate(plan["inputs"])]
    results = {}
    for loader in (SystemLibrary, EmbeddedLibrary):
        library = loader(data, "lib.so")
        storage = {b: x for b, x in zip(plan["inputs"], inputs)}
        storage.update({b["id"]: np.full(b["shape"], np.nan, np.float32) for b in buffers if b["kind"] == "output"})
        for d in plan["dispatches"]:
            grid = manifest["executables"][0]["entries"][d["entry"]]["workgroup_count"]
            assert dispatch(library, d["entry"], grid, [storage[b] for b in d["bindings"]]) == 0
        results[loader] = storage[plan["results"][0]]
        library.close()
    assert results[EmbeddedLibrary].tobytes() == results[SystemLibrary].tobytes()
    np.testing.assert_allclose(results[EmbeddedLibrary], reference(*inputs), rtol=1e-4, atol=1e-5)


def test_library_info_matches_system_loader():
    data, _ = module_parts(MATMUL)
    system, embedded = SystemLibrary(data, "lib.so"), EmbeddedLibrary(data, "lib.so")
    assert embedded.info() == system.info()
    system.close()
    embedded.close()


def test_both_loaders_run_a_whole_module_with_equal_results():
    a, b = rand((37, 19)), rand((19, 23), seed=1)
    results = {}
    for loader in ("embedded", "system"):
        with load_module(compiled(MATMUL), driver="local-sync", loader=loader) as module:
            assert module.loader == loader
            assert isinstance(module._library, EmbeddedLibrary) == (loader == "embedded")
            results[loader] = module.main(a, b)
    np.testing.assert_allclose(results["embedded"], a @ b, rtol=1e-5, atol=1e-5)
    assert np.array_equal(results["embedded"], results["system"])


def test_relocations_match_system_loader(relocated):
    system, embedded = SystemLibrary(relocated, "rel.so"), EmbeddedLibrary(relocated, "rel.so")
    for begin, end in [(3, 10), (3, 10), (2, 7), (0, 0)]:
        assert embedded.entry("entry")(None, begin, end) == system.entry("entry")(None, begin, end)
    system.close()
    embedded.close()


def test_sysv_hash_table_gives_the_symbol_count(tmp_path_factory):
    data = build_c(tmp_path_factory, RELOCATED_C, "-Wl,--no-undefined", "-Wl,--hash-style=sysv")
    assert ".hash" in sections(data) and ".gnu.hash" not in sections(data)
    system, embedded = SystemLibrary(data, "rel.so"), EmbeddedLibrary(data, "rel.so")
    assert set(embedded.exports) == {"castiron_abi_version", "counter", "counter_ptr", "entry", "helper", "table"}
    assert embedded.entry("entry")(None, 5, 6) == system.entry("entry")(None, 5, 6)
    system.close()
    embedded.close()


def test_no_page_is_writable_and_executable(relocated):
    for data in (module_parts(TANH_EXP)[0], relocated):
        library = EmbeddedLibrary(data, "lib.so")
        perms = mapped_permissions(library)
        assert any("x" in p for p in perms)
        assert not any("w" in p and "x" in p for p in perms), perms
        library.close()
    assert any("w" in p for p in perms)  # the relocated library's data and bss stay writable


def test_entries_are_refused_after_close():
    library = EmbeddedLibrary(module_parts(MATMUL)[0], "lib.so")
    library.close()
    library.close()
    with pytest.raises(InvocationError, match="closed"):
        library.entry("main_dispatch_0")
    with pytest.raises(InvocationError, match="closed"):
        library.info()


def test_unknown_entries_are_rejected():
    library = EmbeddedLibrary(module_parts(MATMUL)[0], "lib.so")
    for name in ("missing", "castiron_abi_version"):  # the second is data, not code
        with pytest.raises(ModuleFormatError, match=f"entry '{name}'"):
            library.entry(name)
    library.close()


def rejection(data: bytes, name: str = "lib.so") -> str:
    with pytest.raises(ModuleFormatError) as info:
        EmbeddedLibrary(data, name).close()
    message = str(info.value)
    assert message.startswith(f"library {name}: ") and "\n" not in message
    return message


def test_every_truncation_is_rejected():
    data = module_parts(MATMUL)[0]
    for length in range(len(data)):  # the section headers end the file: any cut loses some
        rejection(data[:length])


def _segment(data, index, field, fmt, value):
    return patch(data, loads(data)[index][0] + field, fmt, value)


CORRUPTIONS = {
    "bad magic": (lambda d: patch(d, 0, "<B", 0), "bad magic"),
    "32-bit class": (lambda d: patch(d, 4, "<B", 1), "64-bit"),
    "big endian": (lambda d: patch(d, 5, "<B", 2), "little-endian"),
    "executable type": (lambda d: patch(d, 16, "<H", 2), "ET_DYN"),
    "program headers past the end": (lambda d: patch(d, 32, "<Q", len(d) - 100), "program header table"),
    "program header size": (lambda d: patch(d, 54, "<H", 32), "header sizes"),
    "section headers past the end": (lambda d: patch(d, 40, "<Q", len(d) - 64), "section header table"),
    "segment past the end": (lambda d: _segment(d, 1, 8, "<Q", len(d)), "past the end of the file"),
    "file size over memory size": (lambda d: _segment(d, 2, 32, "<Q", loads(d)[2][6] + 1), "over its memory size"),
    "alignment not a power of two": (lambda d: _segment(d, 1, 48, "<Q", 3), "alignment"),
    "span over 1 GiB": (lambda d: _segment(d, -1, 40, "<Q", 1 << 31), "span"),
    "writable code": (lambda d: _segment(d, 1, 4, "<I", 7), "both writable and executable"),
    "overlapping segments": (lambda d: _segment(d, 2, 16, "<Q", loads(d)[1][4]), "overlaps"),
    "no PT_DYNAMIC": (lambda d: patch(d, next(h[0] for h in program_headers(d) if h[1] == 2), "<I", 0), "PT_DYNAMIC"),
    "thread-local storage": (lambda d: patch(d, next(h[0] for h in program_headers(d) if h[1] == 4), "<I", 7),
                             "thread-local"),
    "RELRO outside the data": (lambda d: patch(d, next(h[0] for h in program_headers(d) if h[1] == 0x6474E552) + 16,
                                               "<Q", 0), "PT_GNU_RELRO"),
    "empty dynamic section": (lambda d: patch(d, sections(d)[".dynamic"][0], "<q", 0), "no DT_STRTAB"),
    "string table outside": (lambda d: patch(d, dynamic_entry(d, 5) + 8, "<Q", 1 << 40), "string table"),
    "string table size": (lambda d: patch(d, dynamic_entry(d, 10) + 8, "<Q", 1 << 40), "string table"),
    "symbol table outside": (lambda d: patch(d, dynamic_entry(d, 6) + 8, "<Q", 0x7FFF0000), "symbol table"),
    "symbol entry size": (lambda d: patch(d, dynamic_entry(d, 11) + 8, "<Q", 16), "entry sizes"),
    "no hash table": (lambda d: patch(d, dynamic_entry(d, 0x6FFFFEF5), "<q", 21), "neither DT_HASH"),
    "hash buckets outside": (lambda d: patch(d, sections(d)[".gnu.hash"][0], "<I", 0xFFFFFFFF), "DT_GNU_HASH"),
    "symbol name outside": (lambda d: patch(d, symbol(d, "main_dispatch_0"), "<I", 0xFFFFFF), "string table"),
    "needs a library": (lambda d: patch(d, dynamic_entry(d, 0x6FFFFEF5), "<qQ", 1, 1), "imports library"),
    "initializer": (lambda d: patch(d, dynamic_entry(d, 0x6FFFFEF5), "<qQ", 12, 0x1000), "initializers"),
    "REL relocations": (lambda d: patch(d, dynamic_entry(d, 0x6FFFFEF5), "<qQ", 17, 0x1000), "DT_REL"),
    "ABI symbol missing": (lambda d: d.replace(b"castiron_abi_version\0", b"castiron_abi_versioX\0"),
                           "does not export castiron_abi_version"),
    "ABI version 1": (lambda d: patch(d, file_offset(d, struct.unpack_from("<Q", d, symbol(d, "castiron_abi_version")
                                                                           + 8)[0]), "<i", 1), "ABI version 1"),
    "ABI symbol outside": (lambda d: patch(d, symbol(d, "castiron_abi_version") + 8, "<Q", 1 << 50),
                           "lies outside the loaded segments"),
}


@pytest.mark.parametrize("corruption", list(CORRUPTIONS))
def test_corrupt_headers_are_rejected(corruption):
    mutate, expected = CORRUPTIONS[corruption]
    assert expected in rejection(mutate(module_parts(MATMUL)[0]))


def test_other_machines_are_rejected_naming_them():
    data = module_parts(MATMUL)[0]
    other = 183 if HOST_MACHINE == 62 else 62
    assert f"machine {MACHINE_NAMES[other]} is not this host's" in rejection(patch(data, 18, "<H", other))
    assert "machine riscv" in rejection(patch(data, 18, "<H", 243))
    assert "machine #999" in rejection(patch(data, 18, "<H", 999))


def test_cross_compiled_library_is_rejected_naming_its_machine():
    pytest.importorskip("ziglang")
    from castiron.backend.target import resolve_target

    triple = "aarch64-linux-gnu" if HOST_MACHINE == 62 else "x86_64-linux-gnu"
    module = castiron.compile_str(TANH_EXP, targets=[resolve_target(triple)])
    archive = zipfile.ZipFile(io.BytesIO(module))
    library = next(n for n in archive.namelist() if n.endswith(".so"))
    assert f"machine {triple.split('-')[0]} is not this host's" in rejection(archive.read(library))


def _relocation(data: bytes, table: str = ".rela.dyn", index: int = 0) -> int:
    return sections(data)[table][0] + 24 * index


RELOCATION_CORRUPTIONS = {
    "unknown type": (lambda d: patch(d, _relocation(d) + 8, "<Q", 37), "unsupported relocation type 37"),
    "write into code": (lambda d: patch(d, _relocation(d), "<Q", sections(d)[".text"][0]), "outside the writable"),
    "write past the image": (lambda d: patch(d, _relocation(d, ".rela.plt"), "<Q", 1 << 40), "outside the writable"),
    "symbol out of range": (lambda d: patch(d, _relocation(d, index=2) + 8, "<Q", 999 << 32 | 6),
                            "refers to undefined symbol 999"),
    "relocation table size": (lambda d: patch(d, dynamic_entry(d, 8) + 8, "<Q", 25), "multiple of 24"),
    "PLT relocations not RELA": (lambda d: patch(d, dynamic_entry(d, 20) + 8, "<Q", 17), "not RELA"),
}


@pytest.mark.parametrize("corruption", list(RELOCATION_CORRUPTIONS))
def test_corrupt_relocations_are_rejected(relocated, corruption):
    mutate, expected = RELOCATION_CORRUPTIONS[corruption]
    assert expected in rejection(mutate(relocated))


def test_imports_are_rejected_naming_them(tmp_path_factory):
    undefined = build_c(tmp_path_factory, "const int castiron_abi_version = 0; int missing_function(int);\n"
                        "int entry(const void *s, unsigned b, unsigned e) { return missing_function(b); }\n")
    assert "undefined symbol 'missing_function'" in rejection(undefined)
    needs_libc = build_c(tmp_path_factory, "const int castiron_abi_version = 0;\n", "-Wl,--no-as-needed", "-lc")
    assert "imports library 'libc.so" in rejection(needs_libc)


def mutate(rng: random.Random, data: bytes, regions: list) -> bytes:
    """A few bit flips, random bytes or boundary values in one table, or a truncation."""
    if rng.random() < 0.1:
        return data[:rng.randrange(len(data))]
    out = bytearray(data)
    start, size = rng.choice(regions)
    for _ in range(rng.randint(1, 3)):
        at = start + rng.randrange(size)
        how = rng.randrange(3)
        if how == 0:
            out[at] ^= 1 << rng.randrange(8)
        elif how == 1:
            out[at] = rng.randrange(256)
        else:
            at -= (at - start) % 8
            value = rng.choice([0, 1, 8, 24, 0x1000, len(data), 1 << 31, 1 << 63, (1 << 64) - 1, rng.getrandbits(64)])
            out[at:at + 8] = value.to_bytes(8, "little")
    return bytes(out[:len(data)])


def test_mutation_fuzzer_only_ever_raises_module_format_errors(relocated):
    """Mutated libraries are loaded and closed, never called: a load may succeed, but nothing else."""
    rng = random.Random(1234)
    libraries = [module_parts(MATMUL)[0], module_parts(TANH_EXP)[0], relocated]
    targets = []
    for data in libraries:
        s = sections(data)
        phoff, phnum = struct.unpack_from("<Q", data, 32)[0], struct.unpack_from("<H", data, 56)[0]
        regions = [(0, 64), (phoff, 56 * phnum)] + [s[n] for n in (".dynamic", ".dynsym", ".dynstr", ".gnu.hash",
                                                                   ".rela.dyn", ".rela.plt") if n in s and s[n][1]]
        targets.append((data, regions))
    loaded = rejected = 0
    for i in range(3000):
        data, regions = targets[i % len(targets)]
        mutant = mutate(rng, data, regions)
        try:
            EmbeddedLibrary(mutant, "fuzz.so").close()
            loaded += 1
        except ModuleFormatError as exc:
            assert str(exc).startswith("library fuzz.so: ") and "\n" not in str(exc), (i, str(exc))
            rejected += 1
    assert loaded and rejected > 500, (loaded, rejected)
