"""The org app's part of /api/v1/: one router assembled from the sub-modules."""

from ninja import Router

from . import areas, auth, organizations, search

router = Router()
router.add_router("", auth.router)
router.add_router("", areas.router)
router.add_router("", organizations.router)
router.add_router("", search.router)
