"""Packaging that pyproject.toml cannot express: corpus/ and prompts/ travel in the wheel as package data.

Both folders stay at the top of the repository; the wheel carries them as ``advisor/corpus`` and
``advisor/prompts`` (the package names ``advisor.corpus`` / ``advisor.prompts`` map to the top-level
folders), where ``advisor/resources.py`` finds them with importlib.resources. Everything else about the
project is in pyproject.toml.
"""

from setuptools import find_namespace_packages, setup

SHIPPED = {"advisor.corpus": "corpus", "advisor.prompts": "prompts"}

code = find_namespace_packages(include=["advisor", "advisor.*"])  # the code, and advisor/web/assets
data = [f"{package}{'.' + sub if sub else ''}" for package, folder in SHIPPED.items()
        for sub in ["", *find_namespace_packages(where=folder)]]  # fmt: skip

setup(
    packages=code + data,
    package_dir=SHIPPED,
    package_data={**{package: ["*"] for package in data}, "advisor.web.assets": ["*"]},
)
