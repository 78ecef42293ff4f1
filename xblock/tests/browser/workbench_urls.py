"""The workbench's own URLs, after giving its runtime the LMS's course-staff flag.

The LMS tells a block whether its user is course staff; the workbench has no staff at all. Here
the users whose id starts with "staff" (`?student=staff_1`) are course staff, through the
`user_is_staff` flag LMS runtimes carry (compat.is_course_staff reads it). This module loads
once Django's apps are ready, which the settings module is too early for.
"""

from workbench.runtime import WorkbenchRuntime
from workbench.urls import urlpatterns

WorkbenchRuntime.user_is_staff = property(lambda runtime: str(runtime.user_id).startswith("staff"))

__all__ = ["urlpatterns"]
