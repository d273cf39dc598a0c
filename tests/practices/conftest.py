"""The good-models tests share the missions tests' Thanh Hóa world: the propaganda department
(which keeps the registry), the People's Committee with three departments, people in each role,
and an organisation in another province."""

from ..missions.conftest import world  # noqa: F401
