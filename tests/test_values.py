"""IREE value syntax: every input form parses, results print as iree-run-module prints them."""
from __future__ import annotations

import numpy as np
import pytest

from castiron.runtime.values import (InputError, dtype_name, format_result, parse_dtype, parse_input,
                                     shape_dtype_string)


@pytest.mark.parametrize("text,expected", [
    ("2x3xf32=1 2 3 4 5 6", np.arange(1, 7, dtype=np.float32).reshape(2, 3)),
    ("2x3xf32=1,2,3, 4,5,6", np.arange(1, 7, dtype=np.float32).reshape(2, 3)),
    ("2x2xf32=[1 2][3 4]", np.array([[1, 2], [3, 4]], np.float32)),
    ("2x2x1xi32=[[1][2]][[3][4]]", np.arange(1, 5, dtype=np.int32).reshape(2, 2, 1)),
    ("4xf32=0", np.zeros(4, np.float32)),
    ("1x3x2xi8=-7", np.full((1, 3, 2), -7, np.int8)),
    ("f32=1.5", np.array(1.5, np.float32)),
    ("i32=7", np.array(7, np.int32)),
    ("  f64 = -2.5e-3 ", np.array(-2.5e-3, np.float64)),
    ("3xi1=1 0 true", np.array([True, False, True])),
    ("2xi1=FALSE,01", np.array([False, True])),
    ("3xi64=0x1F,-0x10 +9", np.array([31, -16, 9], np.int64)),
    ("2xui8=255 0xff", np.array([255, 255], np.uint8)),
    ("2xui64=18446744073709551615 0", np.array([2**64 - 1, 0], np.uint64)),
    ("2xsi16=-32768 32767", np.array([-32768, 32767], np.int16)),
    ("4xf16=1.5 nan -inf INF", np.array([1.5, np.nan, -np.inf, np.inf], np.float16)),
    ("2xf32=.5 1E+10", np.array([0.5, 1e10], np.float32)),
    ("0xf32=", np.zeros(0, np.float32)),
    ("0x4xf32=", np.zeros((0, 4), np.float32)),
])
def test_input_forms_parse(text, expected):
    got = parse_input(text)
    assert got.dtype == expected.dtype and got.shape == expected.shape
    np.testing.assert_array_equal(got, expected)


def test_a_splat_fills_a_large_input():
    got = parse_input("1x224x224x3xf32=0.5")
    assert got.shape == (1, 224, 224, 3) and got.dtype == np.float32 and (got == 0.5).all()


def test_npy_inputs_load_and_check_their_declared_type(tmp_path):
    array = np.arange(6, dtype=np.int32).reshape(2, 3)
    np.save(tmp_path / "x.npy", array)
    np.testing.assert_array_equal(parse_input("@x.npy", base_dir=str(tmp_path)), array)
    np.testing.assert_array_equal(parse_input("2x3xi32=@x.npy", base_dir=tmp_path), array)
    np.testing.assert_array_equal(parse_input(f"2x3xi32=@{tmp_path / 'x.npy'}", base_dir="/elsewhere"), array)
    with pytest.raises(InputError, match="holds 2x3xi32, not 3x2xi32"):
        parse_input("3x2xi32=@x.npy", base_dir=tmp_path)
    with pytest.raises(InputError, match="holds 2x3xi32, not 2x3xf32"):
        parse_input("2x3xf32=@x.npy", base_dir=tmp_path)


def test_big_endian_npy_arrives_native_and_printable(tmp_path):
    np.save(tmp_path / "be.npy", np.array([1.5, 2], dtype=">f4"))
    got = parse_input("2xf32=@be.npy", base_dir=tmp_path)
    assert got.dtype == np.float32 and format_result(got) == "2xf32=1.5 2"


def test_bad_npy_files_raise_input_error(tmp_path):
    (tmp_path / "text.npy").write_text("not numpy")
    np.savez(tmp_path / "z.npz", a=np.zeros(2))
    np.save(tmp_path / "c.npy", np.zeros(2, np.complex64))
    (tmp_path / "cut.npy").write_bytes((tmp_path / "c.npy").read_bytes()[:20])
    cases = [("@text.npy", "is not a .npy file"), ("@z.npz", "is not a .npy file"),
             ("@c.npy", "holds complex64 values, which have no IREE element type"),
             ("@cut.npy", "is not a readable .npy array"), ("@missing.npy", "does not exist"),
             ("4xf32=@missing.npy", "missing.npy' does not exist"), ("@", "missing file name after '@'"),
             ("@.", "is a directory")]
    for text, message in cases:
        with pytest.raises(InputError, match=message):
            parse_input(text, base_dir=tmp_path)


@pytest.mark.parametrize("text,message", [
    ("2x3xf32", r"missing '=' in input '2x3xf32'"),
    ("=1 2", r"missing shape and element type before '='"),
    ("2x=1", r"missing element type after the shape in '2x=1'"),
    ("2xf31=1", r"unknown element type 'f31' \(known: f16 f32 .*\) in '2xf31=1'"),
    ("2xax4xf32=1", r"bad dimension 'a' in '2xax4xf32=1'"),
    ("-1xf32=1", r"bad dimension '-1'"),
    ("2xxf32=1", r"bad dimension ''"),
    ("2x3xf32=1 2 3 4 5", r"expected 6 values for 2x3xf32, got 5 in '2x3xf32=1 2 3 4 5'"),
    ("2x2xf32=[1 2 3][4 5 6]", r"expected 4 values for 2x2xf32, got 6"),
    ("4xf32=", r"expected 4 values for 4xf32, got 0"),
    ("f32=1 2", r"expected 1 values for f32, got 2"),
    ("0xf32=1", r"expected 0 values for 0xf32, got 1"),
    ("2xf32=1 x", r"'x' is not a number in '2xf32=1 x'"),
    ("f32=0x10", r"'0x10' is not a number"),
    ("f32=1_0", r"'1_0' is not a number"),
    ("f32=1e39", r"1e39 is out of range for f32"),
    ("f16=70000", r"70000 is out of range for f16"),
    ("2xi8=1 300", r"300 is out of range for i8 \[-128, 127\]"),
    ("ui8=-1", r"-1 is out of range for ui8"),
    ("i64=9223372036854775808", r"out of range for i64"),
    ("2xi32=1.5 2", r"'1.5' is not an integer in '2xi32=1.5 2' \(element type i32\)"),
    ("i32=nan", r"'nan' is not an integer"),
    ("i64=inf", r"'inf' is not an integer"),
    ("i32=0xZZ", r"'0xZZ' is not an integer"),
    ("2xi1=2 0", r"'2' is not an i1 value"),
    ("2x2xf32=[1 2][3 4", r"unbalanced brackets"),
    ("4xbf16=1", r"'bf16' is not supported"),
])
def test_malformed_inputs_raise_one_clear_line(text, message):
    with pytest.raises(InputError, match=message) as info:
        parse_input(text)
    assert "\n" not in str(info.value)


def test_error_messages_cut_long_input_and_escape_newlines():
    with pytest.raises(InputError) as info:
        parse_input("1000xf32=" + " ".join(["1"] * 999))
    assert "got 999 in '1000xf32=1 1 1" in str(info.value) and "...'" in str(info.value)
    assert len(str(info.value)) < 120
    with pytest.raises(InputError, match=r"\\n") as info:
        parse_input("2xf32\n1 2")
    assert "\n" not in str(info.value)


def test_input_error_is_a_value_error():
    assert issubclass(InputError, ValueError)


@pytest.mark.parametrize("array,text", [
    (np.array([[1, 2, 3], [4, 5, 6]], np.float32), "2x3xf32=[1 2 3][4 5 6]"),
    (np.array([1.5, 0.25, -3, 1 / 3], np.float32), "4xf32=1.5 0.25 -3 0.333333"),
    (np.array([1e10, 1e-5, -0.0, 123456789], np.float64), "4xf64=1E+10 1E-05 -0 1.23457E+08"),
    (np.array([np.nan, np.inf, -np.inf], np.float16), "3xf16=NAN INF -INF"),
    (np.arange(8, dtype=np.int8).reshape(2, 2, 2), "2x2x2xi8=[[0 1][2 3]][[4 5][6 7]]"),
    (np.array([[7]], np.int64), "1x1xi64=[7]"),
    (np.array(2.5, np.float64), "f64=2.5"),
    (np.array(-4, np.int32), "i32=-4"),
    (np.array([True, False]), "2xi1=1 0"),
    (np.array([255, 0], np.uint8), "2xui8=255 0"),
    (np.array([2**64 - 1], np.uint64), "1xui64=18446744073709551615"),
    (np.zeros(0, np.float32), "0xf32="),
    (np.zeros((2, 0), np.int16), "2x0xi16=[][]"),
    (np.arange(6, dtype=np.int32).reshape(2, 3)[:, ::2], "2x2xi32=[0 2][3 5]"),
])
def test_results_print_like_iree(array, text):
    assert format_result(array) == text


def test_long_results_truncate_like_iree():
    assert format_result(np.arange(10, dtype=np.int32), max_elements=3) == "10xi32=0 1 2..."
    assert format_result(np.arange(10, dtype=np.int32), max_elements=10) == "10xi32=0 1 2 3 4 5 6 7 8 9"
    assert format_result(np.arange(12, dtype=np.int32).reshape(2, 2, 3), max_elements=4) == \
        "2x2x3xi32=[[0 1 2][3...]][[...][...]]"
    assert format_result(np.array(1.5, np.float32), max_elements=0) == "f32=..."


@pytest.mark.parametrize("array", [
    np.array(3, np.int32), np.array(-0.5, np.float16), np.arange(5, dtype=np.int16) - 2,
    np.arange(24, dtype=np.float32).reshape(2, 3, 4) / 4, np.array([[True], [False]]),
    np.zeros(0, np.float64), np.zeros((2, 0), np.float32), np.arange(6, dtype=np.uint8).reshape(2, 1, 3),
    np.array([np.nan, -np.inf, 1e-5, 65504], np.float16), np.array([-2**63, 2**63 - 1], np.int64),
    np.array([[0, 2**32 - 1]], np.uint32), np.array([-1.25e300, 5e-300], np.float64),
])
def test_format_then_parse_round_trips(array):
    back = parse_input(format_result(array))
    assert back.dtype == array.dtype and back.shape == array.shape
    np.testing.assert_array_equal(back, array)


def test_dtype_helpers():
    for name in ("f16", "f32", "f64", "i1", "i8", "i16", "i32", "i64", "ui8", "ui16", "ui32", "ui64"):
        assert dtype_name(parse_dtype(name)) == name
    assert parse_dtype("si32") == np.int32 and parse_dtype("i1") == np.bool_
    assert dtype_name(np.longlong) == dtype_name("int64") == "i64"
    assert shape_dtype_string((2, 3), np.float32) == "2x3xf32"
    assert shape_dtype_string((), np.int8) == "i8" and shape_dtype_string([0], "uint16") == "0xui16"
    with pytest.raises(InputError, match="unknown element type 'f8'"):
        parse_dtype("f8")
    with pytest.raises(InputError, match="bf16"):
        parse_dtype("bf16")
    with pytest.raises(ValueError, match="no IREE element type"):
        dtype_name(np.complex64)
    with pytest.raises(ValueError, match="no IREE element type"):
        format_result(np.array(["a"]))
