"""The IBAL XBlock: a chat with the course's assistant, signed in through the LMS."""

from __future__ import annotations

import logging
import re
from typing import Any

from web_fragments.fragment import Fragment
from xblock.core import XBlock
from xblock.exceptions import JsonHandlerError
from xblock.fields import List, Scope, String
from xblock.utils.resources import ResourceLoader
from xblock.utils.settings import XBlockWithSettingsMixin
from xblock.utils.studio_editable import StudioEditableXBlockMixin
from xblock.validation import ValidationMessage

from . import compat
from .assertion import (
    ASSERTION_LIFETIME_SECONDS,
    CourseContext,
    InvalidSigningKey,
    Learner,
    load_signing_key,
    sign_assertion,
)

loader = ResourceLoader(__name__)
log = logging.getLogger(__name__)

AUTH_SEAMLESS = "seamless"
AUTH_OAUTH2_POPUP = "oauth2_popup"
DEFAULT_ASSERTION_ISSUER = "ibal-xblock"
DEFAULT_ASSERTION_AUDIENCE = "ibal"
MAX_STARTER_PROMPTS = 6
MAX_STARTER_PROMPT_CHARS = 200

# Under static/js, loaded in this order; ibal.js (the initializer) uses what the others define.
# build/ibal-chat.js is the web app's protocol client, built from frontend/ when the package is
# built (setup.py; `make xblock-bundle` in a checkout).
JS_FILES = (
    "build/ibal-chat.js",
    "src/redact.js",
    "src/logger.js",
    "src/chat-view.js",
    "src/usage-view.js",
    "src/ibal.js",
)
# The staff usage view shows the last this many days (UTC), today included.
USAGE_DAYS = 30
# IBAL session ids are short, URL-safe strings ("s_…").
SESSION_ID = re.compile(r"[A-Za-z0-9_.:-]{1,128}")


def _(text: str) -> str:
    """Mark a string for translation; the i18n service translates it at render time."""
    return text


# What the learner reads for each error code of the chat (frontend/src/protocol/error-codes.ts:
# the server's codes and the client's own); the server's English message is never shown.
ERROR_TEXTS = {
    "invalid_message": _("That message could not be sent. Please check it and try again."),
    "message_too_large": _("That message is too long. Please shorten it."),
    "unknown_action": _("The chat and the server disagree about the protocol. Please reload the page."),
    "rate_limited": _("You are sending messages quickly. Wait a moment, then retry."),
    "quota_exceeded": _("You have reached today's message limit. It resets at midnight UTC."),
    "budget_exhausted": _("Your class has used its budget for this month — ask your teacher."),
    "account_suspended": _("Your account is suspended. Ask your teacher to restore it."),
    "not_found": _("You are not a member of this course's class any more."),
    "session_not_found": _("This conversation no longer exists. Your next message starts a new one."),
    "model_unavailable": _("The assistant is unavailable right now. Your message is saved; retry in a moment."),
    "unavailable": _("The service is briefly unavailable. Please retry in a moment."),
    "internal": _("Something went wrong on our side. Please retry."),
    "connection_lost": _("The connection dropped before the reply finished."),
    "unauthorized": _("Your sign-in has expired. Click Start Chat to sign in again."),
    "message_rejected": _("This message could not be delivered."),
}


@XBlock.needs("i18n")
@XBlock.wants("user")
@XBlock.wants("settings")
class IbalXBlock(StudioEditableXBlockMixin, XBlockWithSettingsMixin, XBlock):
    """A chat with the IBAL assistant, streamed over the IBAL backend's WebSocket."""

    block_settings_key = "IbalXBlock"

    display_name = String(
        display_name=_("Display name"),
        help=_("The title learners see above the chat."),
        default=_("IBAL Chat"),
        scope=Scope.settings,
    )
    welcome_message = String(
        display_name=_("Welcome message"),
        help=_("The assistant's first message, shown when a learner starts the chat."),
        default=_("Hello! Ask me anything about this course."),
        multiline_editor=True,
        scope=Scope.settings,
    )
    chatflow_id = String(
        display_name=_("Chatflow ID"),
        help=_("The Flowise chatflow that answers in this block. Leave empty for the backend's default."),
        default="",
        scope=Scope.settings,
    )
    starter_prompts = List(
        display_name=_("Starter prompts"),
        help=_('Questions learners can click to start the conversation, at most 6: e.g. ["What is a stack?"].'),
        default=[],
        scope=Scope.settings,
    )
    auth_mode = String(
        display_name=_("Sign-in mode"),
        help=_(
            "Seamless: the LMS signs the learner in to IBAL, no popup. "
            "OAuth2 popup: the learner authorizes IBAL in a popup window."
        ),
        default=AUTH_SEAMLESS,
        values=[
            {"display_name": _("Seamless (recommended)"), "value": AUTH_SEAMLESS},
            {"display_name": _("OAuth2 popup"), "value": AUTH_OAUTH2_POPUP},
        ],
        scope=Scope.settings,
    )

    session_id = String(
        display_name=_("Chat session"),
        help=_("The learner's IBAL conversation in this block, resumed with its history on the next visit."),
        default="",
        scope=Scope.user_state,
    )

    editable_fields = ("display_name", "welcome_message", "chatflow_id", "starter_prompts", "auth_mode")

    # --- views -----------------------------------------------------------------------------

    def student_view(self, context: dict[str, Any] | None = None) -> Fragment:
        """The chat: a Start Chat button, then the conversation."""
        i18n = self.runtime.service(self, "i18n")
        deployment = self._deployment_settings()
        configured = bool(deployment.get("ws_url") and deployment.get("api_url"))
        # Course staff also see the course's usage; the backend checks the role again.
        staff_usage = configured and compat.is_course_staff(self)
        fragment = Fragment(
            loader.render_django_template(
                "templates/student_view.html",
                {"display_name": self.display_name, "configured": configured, "staff_usage": staff_usage},
                i18n_service=i18n,
            )
        )
        fragment.add_css(loader.load_unicode("static/css/ibal.css"))
        for name in JS_FILES:
            fragment.add_javascript(loader.load_unicode(f"static/js/{name}"))
        config = self._client_config(deployment, configured)
        if staff_usage:
            config["usage"] = self._usage_config()
        fragment.initialize_js("IbalXBlock", config)
        return fragment

    def _usage_config(self) -> dict[str, Any]:
        """The staff view's class (derived from the course key, as the backend does) and texts."""
        gettext = self.runtime.service(self, "i18n").gettext
        return {
            "classId": compat.course_class_id(compat.course_id(self)),
            "days": USAGE_DAYS,
            "strings": {
                "loading": gettext("Loading usage…"),
                "failed": gettext("The course's usage could not be loaded. Please try again."),
                "forbidden": gettext("IBAL does not list you as staff of this course."),
                "messages": gettext("Messages"),
                "activeLearners": gettext("Active learners"),
                "tokens": gettext("Tokens in / out"),
                "cost": gettext("Estimated cost"),
                "spent": gettext("Spent this month"),
                "perDay": gettext("Per day"),
                "learners": gettext("Learners"),
                "learner": gettext("Learner"),
                "date": gettext("Date"),
                "lastActive": gettext("Last active"),
                "never": gettext("Never"),
                "noLearners": gettext("Nobody has used the assistant in this course yet."),
                "estimated": gettext("Some token counts are estimates (characters ÷ 4)."),
            },
        }

    def _client_config(self, deployment: dict[str, Any], configured: bool) -> dict[str, Any]:
        """What the browser needs: endpoints, texts and labels. Never a key or a token."""
        gettext = self.runtime.service(self, "i18n").gettext
        return {
            "configured": configured,
            "wsUrl": deployment.get("ws_url", ""),
            "apiUrl": deployment.get("api_url", ""),
            "lmsOrigin": deployment.get("lms_origin", ""),
            "authMode": self.auth_mode,
            "welcomeMessage": self.welcome_message,
            "starterPrompts": [str(prompt) for prompt in self.starter_prompts][:MAX_STARTER_PROMPTS],
            "sessionId": self.session_id or "",
            "strings": {
                "connecting": gettext("Connecting"),
                "connected": gettext("Connected"),
                "reconnecting": gettext("Reconnecting"),
                "offline": gettext("Offline"),
                "disconnected": gettext("Disconnected"),
                "error": gettext("Error"),
                "you": gettext("You"),
                "assistant": gettext("Assistant"),
                "message_queued": gettext("Waiting for connection"),
                "message_sending": gettext("Sending…"),
                "message_failed": gettext("Not sent"),
                "retry": gettext("Retry"),
                "loadingHistory": gettext("Loading the conversation…"),
                "historyFailed": gettext("The earlier messages could not be loaded."),
                "signInFailed": gettext("Could not sign you in to the chat. Please try again."),
                "popupBlocked": gettext("Allow popups for this site to sign in to the chat."),
                "signedOut": gettext("Your sign-in to the chat expired. Click Start Chat to sign in again."),
                "stopped": gettext("(stopped)"),
                "errors": {code: gettext(text) for code, text in ERROR_TEXTS.items()},
            },
        }

    @staticmethod
    def workbench_scenarios() -> list[tuple[str, str]]:
        """Scenarios for the xblock-sdk workbench."""
        return [
            (
                "IBAL chat",
                """<ibal display_name="IBAL Chat" chatflow_id="demo"
                       starter_prompts='["What is this course about?", "Explain recursion simply"]'/>""",
            ),
            (
                "IBAL chat (OAuth2 popup)",
                """<ibal display_name="IBAL Chat (popup)" auth_mode="oauth2_popup"/>""",
            ),
            # A second block of each sign-in mode: as a block in another course, it keeps its own session.
            ("IBAL chat (another course)", """<ibal display_name="IBAL Chat, course 2" chatflow_id="demo"/>"""),
            (
                "IBAL chat (OAuth2 popup, another course)",
                """<ibal display_name="IBAL Chat (popup), course 2" auth_mode="oauth2_popup"/>""",
            ),
        ]

    # --- handlers ----------------------------------------------------------------------------

    @XBlock.json_handler
    def get_assertion(self, data: dict[str, Any], suffix: str = "") -> dict[str, Any]:
        """Sign the seamless-mode assertion for the current learner (POSTed to /api/auth/lms)."""
        self._validate_seamless_mode()
        learner = self._validate_learner(compat.current_learner(self))
        deployment = self._deployment_settings()
        key = self._validate_signing_key(deployment)
        assertion = sign_assertion(
            key,
            issuer=self._validate_setting_text(deployment, "assertion_issuer", DEFAULT_ASSERTION_ISSUER),
            audience=self._validate_setting_text(deployment, "assertion_audience", DEFAULT_ASSERTION_AUDIENCE),
            learner=learner,
            context=CourseContext(
                course_id=compat.course_id(self),
                block_id=compat.block_id(self),
                chatflow_id=self.chatflow_id or "",
            ),
        )
        return {"assertion": assertion, "expiresIn": ASSERTION_LIFETIME_SECONDS}

    @XBlock.json_handler
    def remember_session(self, data: dict[str, Any], suffix: str = "") -> dict[str, Any]:
        """Keep the learner's IBAL session for this block ('' forgets it), to resume it after a reload."""
        self.session_id = self._validate_session_id(data.get("sessionId"))
        return {"sessionId": self.session_id}

    def _deployment_settings(self) -> dict[str, Any]:
        settings = self.get_xblock_settings(default={})
        return settings if isinstance(settings, dict) else {}

    def _validate_seamless_mode(self) -> None:
        if self.auth_mode != AUTH_SEAMLESS:
            raise JsonHandlerError(400, "This block signs in with the OAuth2 popup, not with an assertion.")

    @staticmethod
    def _validate_session_id(value: Any) -> str:
        if value == "":
            return ""
        if not isinstance(value, str) or not SESSION_ID.fullmatch(value):
            raise JsonHandlerError(400, "sessionId must be an IBAL session id or empty.")
        return value

    @staticmethod
    def _validate_learner(learner: Learner | None) -> Learner:
        if learner is None:
            raise JsonHandlerError(403, "Sign in to the LMS to use the chat.")
        return learner

    @staticmethod
    def _validate_signing_key(deployment: dict[str, Any]) -> Any:
        pem = deployment.get("assertion_private_key")
        if not pem or not isinstance(pem, str):
            log.warning("IbalXBlock: XBLOCK_SETTINGS['IbalXBlock']['assertion_private_key'] is not set")
            raise JsonHandlerError(
                503,
                "IBAL is not configured: XBLOCK_SETTINGS['IbalXBlock']['assertion_private_key'] is missing "
                "(the Tutor plugin sets it from IBAL_LMS_ASSERTION_PRIVATE_KEY).",
            )
        try:
            return load_signing_key(pem)
        except InvalidSigningKey as error:
            log.warning("IbalXBlock: unusable assertion_private_key: %s", error)
            raise JsonHandlerError(503, f"IBAL is misconfigured: XBLOCK_SETTINGS['IbalXBlock']: {error}.") from error

    @staticmethod
    def _validate_setting_text(deployment: dict[str, Any], name: str, default: str) -> str:
        value = deployment.get(name, default)
        if not isinstance(value, str) or not value.strip():
            raise JsonHandlerError(
                503, f"IBAL is misconfigured: XBLOCK_SETTINGS['IbalXBlock']['{name}'] must be a non-empty string."
            )
        return value

    # --- Studio ------------------------------------------------------------------------------

    def validate_field_data(self, validation: Any, data: Any) -> None:
        """Refuse settings the student view cannot honour."""
        gettext = self.runtime.service(self, "i18n").gettext
        if data.auth_mode not in (AUTH_SEAMLESS, AUTH_OAUTH2_POPUP):
            validation.add(ValidationMessage(ValidationMessage.ERROR, gettext("Choose a valid sign-in mode.")))
        prompts = data.starter_prompts or []
        if len(prompts) > MAX_STARTER_PROMPTS:
            validation.add(
                ValidationMessage(
                    ValidationMessage.ERROR,
                    gettext("At most {count} starter prompts.").format(count=MAX_STARTER_PROMPTS),
                )
            )
        if any(not isinstance(p, str) or not p.strip() or len(p) > MAX_STARTER_PROMPT_CHARS for p in prompts):
            validation.add(
                ValidationMessage(
                    ValidationMessage.ERROR,
                    gettext("Each starter prompt must be text of 1 to {limit} characters.").format(
                        limit=MAX_STARTER_PROMPT_CHARS
                    ),
                )
            )
