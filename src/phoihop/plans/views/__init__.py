"""Pages of the plans app, one module per subject. Every object is fetched through
`Model.objects.visible_to(user)` (outside the user's scope is a 404); writes go through
services.py; buttons follow permissions.py."""
