def seed(*, stdout) -> None:
    pass
