"""Models built in code (onnx.helper + numpy weights from a fixed seed) for tests and benchmarks.

`python -m castiron.models.mobilenet_v2 model.onnx` writes MobileNetV2; building needs `onnx`.
"""
