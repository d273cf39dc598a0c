from ..plans.conftest import empty_cache, make_task, world  # noqa: F401
