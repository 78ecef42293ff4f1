"""Everything that reads the LMS platform: who the learner is, which course the block sits in.

The LMS user service exposes learner details as ``edx-platform.*`` optional attributes;
the xblock-sdk workbench (development and tests) only has ``xblock-workbench.user_id``.
"""

from __future__ import annotations

import hashlib
from typing import Any

from .assertion import Learner

ATTR_KEY_ANONYMOUS_USER_ID = "edx-platform.anonymous_user_id"
ATTR_KEY_USERNAME = "edx-platform.username"
ATTR_KEY_USER_ROLE = "edx-platform.user_role"
ATTR_KEY_USER_IS_STAFF = "edx-platform.user_is_staff"
ATTR_KEY_IS_AUTHENTICATED = "edx-platform.is_authenticated"
ATTR_KEY_WORKBENCH_USER_ID = "xblock-workbench.user_id"


def current_learner(block: Any) -> Learner | None:
    """The signed-in learner, or None when nobody is signed in (or no user service exists)."""
    user_service = block.runtime.service(block, "user")
    if user_service is None:
        return None
    user = user_service.get_current_user()
    attrs = getattr(user, "opt_attrs", {}) or {}
    full_name = getattr(user, "full_name", "") or ""

    if ATTR_KEY_ANONYMOUS_USER_ID in attrs:
        if attrs.get(ATTR_KEY_IS_AUTHENTICATED) is False or not attrs.get(ATTR_KEY_USERNAME):
            return None
        return Learner(
            anonymous_id=str(attrs[ATTR_KEY_ANONYMOUS_USER_ID]),
            username=str(attrs[ATTR_KEY_USERNAME]),
            full_name=full_name,
            roles=_roles(attrs.get(ATTR_KEY_USER_ROLE), bool(attrs.get(ATTR_KEY_USER_IS_STAFF))),
        )

    workbench_user = attrs.get(ATTR_KEY_WORKBENCH_USER_ID)
    if workbench_user:
        return Learner(
            anonymous_id=f"workbench-{workbench_user}",
            username=str(workbench_user),
            full_name=full_name,
            roles=("student", "staff") if _runtime_says_staff(block) else ("student",),
        )
    return None


STAFF_ROLES = frozenset({"staff", "instructor", "administrator"})


def is_course_staff(block: Any) -> bool:
    """Whether the current user is staff of the block's course (the LMS's flag or role).

    The IBAL backend checks the role again (course staff are the teachers of the course's
    class); this only decides whether the block offers the usage view.
    """
    user_service = block.runtime.service(block, "user")
    if user_service is None:
        return False
    attrs = getattr(user_service.get_current_user(), "opt_attrs", {}) or {}
    if ATTR_KEY_ANONYMOUS_USER_ID in attrs:
        if attrs.get(ATTR_KEY_IS_AUTHENTICATED) is False:
            return False
        role = str(attrs.get(ATTR_KEY_USER_ROLE) or "").lower()
        return bool(attrs.get(ATTR_KEY_USER_IS_STAFF)) or role in STAFF_ROLES
    return _runtime_says_staff(block)


def _runtime_says_staff(block: Any) -> bool:
    # Older LMS runtimes (and the browser tests' workbench) carry the flag on the runtime.
    return getattr(block.runtime, "user_is_staff", False) is True


def course_class_id(course_key: str) -> str:
    """The IBAL class of a course: ``c_`` + 20 hex digits of the course key's SHA-256.

    The backend derives the same id from the assertion's course (ClassService.courseClassId).
    """
    return "c_" + hashlib.sha256(course_key.encode("utf-8")).hexdigest()[:20]


def _roles(role: Any, is_staff: bool) -> tuple[str, ...]:
    """The LMS role ('student', 'staff', 'instructor') plus 'staff' for course staff."""
    roles = [str(role).lower()] if role else ["student"]
    if is_staff and "staff" not in roles:
        roles.append("staff")
    return tuple(roles)


# Outside the LMS (the workbench) usage ids are plain strings with no course in them.
DEVELOPMENT_COURSE_ID = "course-v1:xblock-sdk+workbench+dev"


def course_id(block: Any) -> str:
    """The course key of the block's usage id (LMS and Studio), else a fixed development course."""
    usage_id = block.scope_ids.usage_id
    course_key = getattr(usage_id, "course_key", None) or getattr(usage_id, "context_key", None)
    return str(course_key) if course_key is not None else DEVELOPMENT_COURSE_ID


def block_id(block: Any) -> str:
    """The usage id, which is unique per course run (the definition id is not)."""
    return str(block.scope_ids.usage_id)
