from ..plans.conftest import empty_cache, fast_password_hashing, make_task, world  # noqa: F401
