# The plans tests' small Thanh Hóa world (organisations, people in each role, a programme, a
# plan) is the data the API fuzzing runs against.
from tests.plans.conftest import empty_cache, make_task, world  # noqa: F401
