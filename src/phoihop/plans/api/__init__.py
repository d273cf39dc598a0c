"""/api/v1/programmes, /plans, /tasks and /calendar: a thin sibling of the views. Same
services (validation, permissions, audit), same `visible_to` (outside objects are 404), same
filters; every task carries its computed `bucket`."""

from ninja import Router

from . import programmes, tasks

router = Router()
router.add_router("", programmes.router)
router.add_router("", tasks.router)
