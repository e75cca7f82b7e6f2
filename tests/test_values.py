"""IREE value syntax: every input form parses, results print as iree-run-module prints them."""
from __future__ import annotations

import numpy as np
import pytest

from castiron.runtime.values import InputError, format_result, parse_input


@pytest.mark.parametrize("text,expected", [
    ("2x3xf32=1 2 3 4 5 6", np.arange(1, 7, dtype=np.float32).reshape(2, 3)),
    ("2x2xf32=[1 2][3 4]", np.array([[1, 2], [3, 4]], np.float32)),
    ("4xf32=0", np.zeros(4, np.float32)),
    ("1x3x2xi8=7", np.full((1, 3, 2), 7, np.int8)),
    ("f32=1.5", np.array(1.5, np.float32)),
    ("i32=-7", np.array(-7, np.int32)),
    ("3xi1=1 0 true", np.array([True, False, True])),
    ("2xi64=0x10,-3", np.array([16, -3], np.int64)),
    ("3xf16=1.5 nan -inf", np.array([1.5, np.nan, -np.inf], np.float16)),
    ("0x4xf32=", np.zeros((0, 4), np.float32)),
])
def test_input_forms_parse(text, expected):
    got = parse_input(text)
    assert got.dtype == expected.dtype and got.shape == expected.shape
    np.testing.assert_array_equal(got, expected)


def test_npy_inputs_load_and_check_their_declared_type(tmp_path):
    array = np.arange(6, dtype=np.int32).reshape(2, 3)
    np.save(tmp_path / "x.npy", array)
    np.testing.assert_array_equal(parse_input("@x.npy", base_dir=str(tmp_path)), array)
    np.testing.assert_array_equal(parse_input(f"2x3xi32=@{tmp_path / 'x.npy'}"), array)
    with pytest.raises(InputError, match="holds 2x3xi32, not 3x2xi32"):
        parse_input(f"3x2xi32=@{tmp_path / 'x.npy'}")
    (tmp_path / "bad.npy").write_text("not numpy")
    with pytest.raises(InputError, match="is not a .npy array"):
        parse_input(f"@{tmp_path / 'bad.npy'}")


@pytest.mark.parametrize("text,message", [
    ("2x3xf32=1 2 3 4 5", r"expected 6 values for 2x3xf32, got 5"),
    ("2xf31=1", r"unknown element type 'f31'"),
    ("2xax4xf32=1", r"bad dimension 'a'"),
    ("f32", r"expected TYPE=VALUES"),
    ("2xf32=1 x", r"'x' is not a number"),
    ("2xi8=1 300", r"300 is out of range for i8"),
    ("2xi32=1.5 2", r"'1.5' is not an integer"),
    ("i32=nan", r"'nan' is not an integer"),
    ("i64=inf", r"'inf' is not an integer"),
    ("2x2xf32=[1 2][3 4", r"unbalanced brackets"),
    ("2xi1=2 0", r"'2' is not an i1 value"),
    ("@/nonexistent/file.npy", r"does not exist"),
    ("4xbf16=1", r"bf16 inputs are not supported"),
])
def test_malformed_inputs_raise_one_clear_line(text, message):
    with pytest.raises(InputError, match=message) as info:
        parse_input(text)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("array,text", [
    (np.array([[1, 2, 3], [4, 5, 6]], np.float32), "2x3xf32=[1 2 3][4 5 6]"),
    (np.array([1.5, 0.25, -3], np.float32), "3xf32=1.5 0.25 -3"),
    (np.arange(8, dtype=np.int8).reshape(2, 2, 2), "2x2x2xi8=[[0 1][2 3]][[4 5][6 7]]"),
    (np.array(2.5, np.float64), "f64=2.5"),
    (np.array([True, False]), "2xi1=1 0"),
    (np.array([1 / 3], np.float32), "1xf32=0.333333"),
])
def test_results_print_like_iree(array, text):
    assert format_result(array) == text


@pytest.mark.parametrize("array", [
    np.array(3, np.int32), np.arange(5, dtype=np.int16), np.arange(12, dtype=np.float32).reshape(3, 1, 4) / 4,
    np.array([[True], [False]]), np.zeros((2, 0), np.float32), np.arange(6, dtype=np.uint8).reshape(2, 3),
])
def test_format_then_parse_round_trips(array):
    back = parse_input(format_result(array))
    assert back.dtype == array.dtype and back.shape == array.shape
    np.testing.assert_array_equal(back, array)


def test_long_results_can_be_truncated():
    assert format_result(np.arange(10, dtype=np.int32), max_elements=3) == "10xi32=0 1 2..."
