"""castiron's own in-memory ELF loader ("embedded", as IREE's embedded_elf_loader): maps a freestanding
dispatch library into anonymous memory, relocates it and protects it W^X, with no file and no dlopen.
"""
from __future__ import annotations

import ctypes
import json
import mmap
import platform
import struct
from dataclasses import dataclass

from .errors import InvocationError, ModuleFormatError
from .loader import ABI_VERSION, ENTRY_TYPE

MACHINES = {3: "i386", 8: "mips", 20: "ppc", 21: "ppc64", 22: "s390x", 40: "arm", 62: "x86_64", 183: "aarch64",
            243: "riscv", 258: "loongarch"}
HOST_MACHINE = {"x86_64": 62, "amd64": 62, "aarch64": 183, "arm64": 183}.get(platform.machine().lower())
# Supported relocations per machine: type -> (name, uses the symbol, adds the addend); everything else
# (IRELATIVE, TLS, COPY) needs a dynamic linker's services, which freestanding code must not use.
RELOCATIONS = {
    62: {8: ("R_X86_64_RELATIVE", False, True), 1: ("R_X86_64_64", True, True),
         6: ("R_X86_64_GLOB_DAT", True, False), 7: ("R_X86_64_JUMP_SLOT", True, False)},
    183: {1027: ("R_AARCH64_RELATIVE", False, True), 257: ("R_AARCH64_ABS64", True, True),
          1025: ("R_AARCH64_GLOB_DAT", True, True), 1026: ("R_AARCH64_JUMP_SLOT", True, True)},
}
PT_LOAD, PT_DYNAMIC, PT_TLS, PT_GNU_RELRO = 1, 2, 7, 0x6474E552
PF_X, PF_W = 1, 2
DT = dict(NEEDED=1, PLTRELSZ=2, HASH=4, STRTAB=5, SYMTAB=6, RELA=7, RELASZ=8, RELAENT=9, STRSZ=10, SYMENT=11,
          INIT=12, REL=17, PLTREL=20, JMPREL=23, INIT_ARRAYSZ=27, PREINIT_ARRAYSZ=33, RELR=36, GNU_HASH=0x6FFFFEF5)
SHN_UNDEF, SHN_ABS, STB_GLOBAL, STB_WEAK, STT_FUNC = 0, 0xFFF1, 1, 2, 2
PAGE, PROT_NONE = mmap.PAGESIZE, 0
MAX_SPAN, MAX_ALIGN = 1 << 30, 1 << 21  # a dispatch library is megabytes; 2 MiB is the largest page size linkers use
MASK64 = (1 << 64) - 1

_libc = ctypes.CDLL(None, use_errno=True)
_libc.mmap.restype = ctypes.c_void_p
_libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long]
_libc.mprotect.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
_libc.munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]


@dataclass
class Segment:
    vaddr: int
    memsz: int
    offset: int
    filesz: int
    flags: int
    align: int


@dataclass
class Symbol:
    name: str
    value: int
    size: int
    kind: int
    bind: int
    shndx: int


def _down(x: int) -> int:
    return x & -PAGE


def _up(x: int) -> int:
    return (x + PAGE - 1) & -PAGE


def _rights(flags: int) -> int:
    """Every loaded page is readable (the loader reads the ABI version and library info from it)."""
    return mmap.PROT_READ | (mmap.PROT_WRITE if flags & PF_W else 0) | (mmap.PROT_EXEC if flags & PF_X else 0)


class EmbeddedLibrary:
    """A dispatch library loaded by castiron itself; the same interface as loader.SystemLibrary.

    Everything in the file is checked before memory is touched, so a corrupt module is a
    ModuleFormatError, never a crash. Entries are raw addresses into memory that close() unmaps:
    nothing may call an entry after close() (LoadedModule.close marks its functions closed and stops
    its workers first). There is no __del__ on purpose: an entry can outlive this object, so only an
    explicit close() frees the code.
    """

    def __init__(self, data: bytes, name: str):
        self._name, self._data = name, bytes(data)
        self.address = self.size = 0  # the mapped region, for tools and tests
        self._mapping = None
        ehdr = self._header()
        self._segments, relro, dynamic = self._program_headers(ehdr)
        dyn = self._dynamic(dynamic)
        self._symbols = self._symbol_table(dyn)
        relocations = self._relocations(dyn, ehdr[1])
        protections = self._protections(relro)
        self.exports = {s.name: s for s in self._symbols
                        if s.bind in (STB_GLOBAL, STB_WEAK) and s.shndx != SHN_UNDEF and s.name}
        abi = self._symbol("castiron_abi_version", 4, "does not export castiron_abi_version")
        try:
            self._map(relocations, protections)
        except BaseException:
            self.close()
            raise
        version = ctypes.c_int32.from_address(self._bias + abi).value
        if version != ABI_VERSION:
            self.close()
            raise self._error(f"has dispatch ABI version {version}; this runtime calls version {ABI_VERSION}")

    def _error(self, what: str, offset: int | None = None, address: int | None = None) -> ModuleFormatError:
        where = (f" at offset {offset}" if offset is not None
                 else f" at address {address:#x}" if address is not None else "")
        return ModuleFormatError(f"library {self._name}: {what}{where}")

    def _unpack(self, fmt: str, offset: int, what: str, data=None) -> tuple:
        data = self._data if data is None else data
        if offset < 0 or offset + struct.calcsize(fmt) > len(data):
            raise self._error(f"truncated {what}", offset)
        return struct.unpack_from(fmt, data, offset)

    def _header(self) -> tuple:
        ident = self._data[:16]
        if len(ident) < 16 or ident[:4] != b"\x7fELF":
            raise self._error("not an ELF file (bad magic)", 0)
        if ident[4] != 2 or ident[5] != 1 or ident[6] != 1:
            raise self._error(f"not a 64-bit little-endian ELF version 1 (class {ident[4]}, data {ident[5]}, "
                              f"version {ident[6]})", 4)
        ehdr = self._unpack("<HHIQQQIHHHHHH", 16, "ELF header")
        kind, machine, _, _, phoff, shoff, _, ehsize, phentsize, phnum, shentsize, shnum, shstrndx = ehdr
        if kind != 3:
            raise self._error(f"ELF type {kind} is not a shared object (ET_DYN)", 16)
        if machine != HOST_MACHINE:
            raise self._error(f"machine {MACHINES.get(machine, f'#{machine}')} is not this host's "
                              f"({MACHINES.get(HOST_MACHINE, platform.machine())})", 18)
        if machine not in RELOCATIONS:
            raise self._error(f"machine {MACHINES.get(machine, f'#{machine}')} is not supported", 18)
        if ehsize != 64 or phentsize != 56 or phnum == 0 or (shnum and shentsize != 64):
            raise self._error(f"bad ELF header sizes (header {ehsize}, program header {phentsize} x {phnum}, "
                              f"section header {shentsize})", 52)
        if phoff + phnum * 56 > len(self._data):
            raise self._error(f"program header table ({phnum} entries) runs past the end of the file", phoff)
        if shnum and (shoff + shnum * 64 > len(self._data) or shstrndx >= shnum):
            raise self._error(f"section header table ({shnum} entries) runs past the end of the file", shoff)
        return ehdr

    def _program_headers(self, ehdr) -> tuple[list, list, Segment]:
        """The PT_LOAD segments (ascending, disjoint, inside the file, bounded span), RELRO and PT_DYNAMIC."""
        segments, relro, dynamic, phoff = [], [], None, ehdr[4]
        for i in range(ehdr[9]):
            at = phoff + i * 56
            kind, flags, offset, vaddr, _, filesz, memsz, align = self._unpack("<IIQQQQQQ", at, "program header")
            segment = Segment(vaddr, memsz, offset, filesz, flags, max(align, 1))
            if kind == PT_TLS:
                raise self._error("uses thread-local storage (PT_TLS), which a dispatch library must not", at)
            if kind == PT_DYNAMIC:
                if dynamic is not None:
                    raise self._error("has two PT_DYNAMIC segments", at)
                dynamic = segment
            elif kind == PT_GNU_RELRO:
                relro.append(segment)
            elif kind == PT_LOAD:
                if filesz > memsz:
                    raise self._error(f"segment {i} has file size {filesz} over its memory size {memsz}", at)
                if offset + filesz > len(self._data):
                    raise self._error(f"segment {i} ({filesz} bytes at offset {offset}) runs past the end of the "
                                      "file", at)
                if align > MAX_ALIGN or align & (align - 1) or (align > 1 and (vaddr - offset) % align):
                    raise self._error(f"segment {i} has bad alignment {align}", at)
                if flags & PF_W and flags & PF_X:
                    raise self._error(f"segment {i} is both writable and executable", at)
                if segments and vaddr < segments[-1].vaddr + segments[-1].memsz:
                    raise self._error(f"segment {i} overlaps or precedes the previous one", at)
                if vaddr + memsz - _down(segments[0].vaddr if segments else vaddr) > MAX_SPAN:
                    raise self._error(f"segments span more than {MAX_SPAN >> 20} MiB", at)
                segments.append(segment)
        if not segments:
            raise self._error("has no PT_LOAD segment", phoff)
        if dynamic is None:
            raise self._error("has no PT_DYNAMIC segment", phoff)
        for r in relro:
            if not any(s.flags & PF_W and s.vaddr <= r.vaddr and r.vaddr + r.memsz <= s.vaddr + s.memsz
                       for s in segments):
                raise self._error("PT_GNU_RELRO lies outside the writable segments", address=r.vaddr)
        return segments, relro, dynamic

    def _segment_at(self, address: int, size: int, file_backed: bool = False, flags: int = 0) -> Segment | None:
        for s in self._segments:
            end = s.vaddr + (s.filesz if file_backed else s.memsz)
            if s.vaddr <= address and address + size <= end and s.flags & flags == flags:
                return s
        return None

    def _bytes(self, address: int, size: int, what: str) -> bytes:
        """The file bytes a loaded range holds; tables the loader reads must be inside the file, in a segment."""
        s = self._segment_at(address, size, file_backed=True)
        if s is None:
            raise self._error(f"{what} ({size} bytes) lies outside the loaded segments", address=address)
        start = s.offset + address - s.vaddr
        return self._data[start:start + size]

    def _dynamic(self, dynamic: Segment) -> dict:
        table = self._bytes(dynamic.vaddr, dynamic.filesz - dynamic.filesz % 16, "dynamic section")
        dyn, needed = {}, []
        for at in range(0, len(table), 16):
            tag, value = struct.unpack_from("<qQ", table, at)
            if tag == 0:
                break
            if tag == DT["NEEDED"]:
                needed.append(value)
            else:
                dyn.setdefault(tag, value)
        for key in ("STRTAB", "STRSZ", "SYMTAB"):
            if DT[key] not in dyn:
                raise self._error(f"dynamic section has no DT_{key}", address=dynamic.vaddr)
        self._strings = self._bytes(dyn[DT["STRTAB"]], dyn[DT["STRSZ"]], "string table")
        if needed:
            raise self._error(f"imports library '{self._string(needed[0])}' (DT_NEEDED); dispatch libraries "
                              "must be freestanding", address=dynamic.vaddr)
        if dyn.get(DT["INIT"]) or dyn.get(DT["INIT_ARRAYSZ"]) or dyn.get(DT["PREINIT_ARRAYSZ"]):
            raise self._error("has initializers (DT_INIT/DT_INIT_ARRAY), which this loader does not run",
                              address=dynamic.vaddr)
        for key in ("REL", "RELR"):
            if DT[key] in dyn:
                raise self._error(f"uses DT_{key} relocations; only DT_RELA is supported", address=dynamic.vaddr)
        if dyn.get(DT["SYMENT"], 24) != 24 or dyn.get(DT["RELAENT"], 24) != 24:
            raise self._error("has bad symbol or relocation entry sizes", address=dynamic.vaddr)
        return dyn

    def _string(self, index: int) -> str:
        end = self._strings.find(b"\0", index)
        if index >= len(self._strings) or end < 0:
            raise self._error(f"name {index} lies outside the string table ({len(self._strings)} bytes)")
        return self._strings[index:end].decode("utf-8", "replace")

    def _symbol_count(self, dyn: dict) -> int:
        """Dynamic symbols carry no count of their own: the hash table tells it (DT_HASH: nchain;
        DT_GNU_HASH: past the last symbol of the longest chain)."""
        if DT["HASH"] in dyn:
            return self._unpack("<I", 4, "DT_HASH table", self._bytes(dyn[DT["HASH"]], 8, "DT_HASH table"))[0]
        if DT["GNU_HASH"] not in dyn:
            raise self._error("dynamic section has neither DT_HASH nor DT_GNU_HASH")
        at = dyn[DT["GNU_HASH"]]
        nbuckets, symoffset, bloom, _ = struct.unpack("<4I", self._bytes(at, 16, "DT_GNU_HASH header"))
        at += 16 + 8 * bloom
        buckets = struct.unpack(f"<{nbuckets}I", self._bytes(at, 4 * nbuckets, "DT_GNU_HASH buckets"))
        last = max(buckets, default=0)
        if last < symoffset:
            return symoffset
        at += 4 * nbuckets + 4 * (last - symoffset)
        while not struct.unpack("<I", self._bytes(at, 4, "DT_GNU_HASH chain"))[0] & 1:
            last, at = last + 1, at + 4
        return last + 1

    def _symbol_table(self, dyn: dict) -> list:
        count = self._symbol_count(dyn)
        table = self._bytes(dyn[DT["SYMTAB"]], 24 * count, "symbol table")
        symbols = []
        for i in range(count):
            name, info, _, shndx, value, size = struct.unpack_from("<IBBHQQ", table, 24 * i)
            symbol = Symbol(self._string(name), value, size, info & 0xF, info >> 4, shndx)
            if i and shndx == SHN_UNDEF and symbol.name:
                raise self._error(f"imports undefined symbol '{symbol.name}'; dispatch libraries must be "
                                  "freestanding", address=dyn[DT["SYMTAB"]] + 24 * i)
            symbols.append(symbol)
        return symbols

    def _relocations(self, dyn: dict, machine: int) -> list:
        """(address, value, relative to the load address) for each 8-byte word the loader must write."""
        tables = [(DT["RELA"], DT["RELASZ"])]
        if DT["JMPREL"] in dyn:
            if dyn.get(DT["PLTREL"]) != DT["RELA"]:
                raise self._error("DT_JMPREL relocations are not RELA")
            tables.append((DT["JMPREL"], DT["PLTRELSZ"]))
        writes = []
        for start, size in tables:
            if start not in dyn:
                continue
            table = self._bytes(dyn[start], dyn.get(size, 0), "relocation table")
            if len(table) % 24:
                raise self._error(f"relocation table size {len(table)} is not a multiple of 24", address=dyn[start])
            for at in range(0, len(table), 24):
                offset, info, addend = struct.unpack_from("<QQq", table, at)
                kind, index = info & 0xFFFFFFFF, info >> 32
                if kind == 0:
                    continue
                if kind not in RELOCATIONS[machine]:
                    raise self._error(f"unsupported relocation type {kind}", address=dyn[start] + at)
                name, uses_symbol, uses_addend = RELOCATIONS[machine][kind]
                if self._segment_at(offset, 8, flags=PF_W) is None:
                    raise self._error(f"{name} writes outside the writable segments", address=offset)
                value, relative = addend if uses_addend else 0, True
                if uses_symbol:
                    if not 0 < index < len(self._symbols) or self._symbols[index].shndx == SHN_UNDEF:
                        raise self._error(f"{name} refers to undefined symbol {index}", address=offset)
                    value += self._symbols[index].value
                    relative = self._symbols[index].shndx != SHN_ABS
                writes.append((offset, value, relative))
        return writes

    def _protections(self, relro: list) -> list:
        """Page ranges and their rights: a page two segments share gets both segments' rights (never W
        with X), RELRO pages lose W once relocated (as glibc rounds them), uncovered pages get none."""
        spans = [(_down(s.vaddr), _up(s.vaddr + s.memsz), _rights(s.flags)) for s in self._segments]
        frozen = [(_down(r.vaddr), _down(r.vaddr + r.memsz)) for r in relro]
        cuts = sorted({p for span in spans for p in span[:2]} | {p for f in frozen for p in f})
        protections = []
        for lo, hi in zip(cuts, cuts[1:]):
            prot = 0
            for start, end, rights in spans:
                prot |= rights if start <= lo and hi <= end else 0
            if any(start <= lo and hi <= end for start, end in frozen):
                prot &= ~mmap.PROT_WRITE
            if prot & mmap.PROT_WRITE and prot & mmap.PROT_EXEC:
                raise self._error("a writable and an executable segment share a page", address=lo)
            protections.append((lo, hi, prot))
        return protections

    def _symbol(self, name: str, size: int, missing: str, flags: int = 0) -> int:
        """The image address of an exported symbol whose `size` bytes lie inside a segment."""
        symbol = self.exports.get(name)
        if symbol is None:
            raise self._error(missing)
        if symbol.shndx == SHN_ABS or self._segment_at(symbol.value, size, flags=flags) is None:
            raise self._error(f"symbol '{name}' lies outside the loaded segments", address=symbol.value)
        return symbol.value

    def _map(self, relocations: list, protections: list) -> None:
        """Anonymous memory, segments copied in (bss is the mapping's zeros), relocated, then protected."""
        lo, hi = _down(self._segments[0].vaddr), _up(self._segments[-1].vaddr + self._segments[-1].memsz)
        align = max([PAGE] + [s.align for s in self._segments])  # code may rely on its segments' alignment
        size = hi - lo + align - PAGE
        address = _libc.mmap(None, size, mmap.PROT_READ | mmap.PROT_WRITE,
                             mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS, -1, 0)
        if address in (None, MASK64):
            raise self._error(f"cannot map {size} bytes (errno {ctypes.get_errno()})")
        self._mapping = (address, size)
        self.address, self.size = -(-address // align) * align, hi - lo
        self._bias = self.address - lo
        for s in self._segments:
            ctypes.memmove(self._bias + s.vaddr, self._data[s.offset:s.offset + s.filesz], s.filesz)
        for offset, value, relative in relocations:
            ctypes.c_uint64.from_address(self._bias + offset).value = (value + self._bias * relative) & MASK64
        if _libc.mprotect(address, size, PROT_NONE):
            raise self._error(f"mprotect failed (errno {ctypes.get_errno()})")
        for start, end, prot in protections:
            if prot and _libc.mprotect(self._bias + start, end - start, prot):
                raise self._error(f"mprotect failed (errno {ctypes.get_errno()})", address=start)

    def info(self) -> dict:
        """The library's own description of its entries (`castiron_library_info`, JSON)."""
        self._check_open()
        symbol = self.exports.get("castiron_library_info")
        address = self._symbol("castiron_library_info", symbol.size if symbol else 0,
                               "does not export castiron_library_info")
        try:
            return json.loads(ctypes.string_at(self._bias + address, symbol.size).split(b"\0")[0].decode())
        except (ValueError, UnicodeDecodeError):
            raise self._error("has a corrupt castiron_library_info") from None

    def _check_open(self) -> None:
        if self._mapping is None:
            raise InvocationError(f"library {self._name} is closed")

    def entry(self, name: str):
        self._check_open()
        symbol = self.exports.get(name)
        if symbol is None or symbol.kind != STT_FUNC:
            raise ModuleFormatError(f"library does not export dispatch entry '{name}'")
        return ENTRY_TYPE(self._bias + self._symbol(name, 1, "", flags=PF_X))

    def function(self, name: str, prototype):
        """An exported function as `prototype` (a ctypes CFUNCTYPE), or None if not exported."""
        self._check_open()
        symbol = self.exports.get(name)
        if symbol is None or symbol.kind != STT_FUNC:
            return None
        return prototype(self._bias + self._symbol(name, 1, "", flags=PF_X))

    def close(self) -> None:
        """Unmaps the library; entries must not be called after (their code is gone)."""
        if self._mapping is not None:
            _libc.munmap(*self._mapping)
            self._mapping = None
