import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phoihop.settings")
application = get_wsgi_application()

# After Django's set-up (it reads the settings): a refusal the throttle has decided is answered
# again here, before Django, until its window ends (core.refusals).
from phoihop.core.refusals import ReplayRefusals  # noqa: E402

application = ReplayRefusals(application)
