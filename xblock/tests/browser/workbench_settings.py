"""xblock-sdk workbench settings for the browser test: a private database and XBLOCK_SETTINGS from env."""

import json
import os

from workbench.settings import *  # noqa: F403  (extend the workbench's own settings)

DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["IBAL_WORKBENCH_DB"]}}
XBLOCK_SETTINGS = {"IbalXBlock": json.loads(os.environ["IBAL_XBLOCK_SETTINGS"])}

# Loads the workbench's URLs after a staff flag for its runtime (see workbench_urls.py).
ROOT_URLCONF = "workbench_urls"
