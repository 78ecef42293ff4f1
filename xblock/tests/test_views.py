"""student_view and studio_view render through the runtime; Studio saves and validates fields."""

from __future__ import annotations

import json
import re
from pathlib import Path

from django.test import override_settings

from ibal_xblock.ibal import ERROR_TEXTS, JS_FILES

from .conftest import call_handler, make_block


def render(block, view):
    return block.runtime.render(block, view, {})


def init_args(fragment):
    """The arguments the XBlock JS runtime passes to the initializer, read from the wrapper."""
    match = re.search(r'<script type="json/xblock-args" class="xblock_json_init_args">(.*?)</script>', fragment.content)
    assert match, "the runtime wrapper carries no init arguments"
    return json.loads(match.group(1))


def test_student_view_shows_start_chat_and_the_hint(deployment):
    fragment = render(make_block(), "student_view")

    assert "Start Chat" in fragment.content
    assert "Click Start Chat to begin" in fragment.content
    assert 'role="log"' in fragment.content
    assert 'aria-live="polite"' in fragment.content
    assert "data-init='IbalXBlock'" in fragment.content


def test_student_view_hands_the_browser_endpoints_and_texts_but_no_key(deployment):
    block = make_block(welcome_message="Hi <b>class</b>", starter_prompts=["What is a stack?"])

    args = init_args(render(block, "student_view"))

    assert args["configured"] is True
    assert args["wsUrl"] == "wss://ws.ibal.example/prod"
    assert args["apiUrl"] == "https://api.ibal.example"
    assert args["lmsOrigin"] == "https://lms.example.org"
    assert args["authMode"] == "seamless"
    assert args["welcomeMessage"] == "Hi <b>class</b>"
    assert args["starterPrompts"] == ["What is a stack?"]
    assert "PRIVATE KEY" not in repr(args)


def test_student_view_loads_every_script_and_the_scoped_css(deployment):
    fragment = render(make_block(), "student_view")

    scripts = [r.data for r in fragment.resources if r.mimetype == "application/javascript"]
    css = [r.data for r in fragment.resources if r.mimetype == "text/css"]
    assert len(scripts) == len(JS_FILES)
    assert "var IbalChat=" in scripts[0], "the web app's protocol client comes first"
    assert "function IbalXBlock(runtime, element, config)" in scripts[-1]
    assert all(".ibal-xblock" in rule for rule in css[0].split("}") if "{" in rule and "@" not in rule)


def test_student_view_without_backend_settings_says_so_instead_of_offering_start():
    with override_settings(XBLOCK_SETTINGS={}):
        fragment = render(make_block(), "student_view")

    assert "not configured" in fragment.content
    assert 'data-part="start-button"' not in fragment.content
    assert init_args(fragment)["configured"] is False


def test_display_name_is_escaped_in_the_template(deployment):
    fragment = render(make_block(display_name="<script>alert(1)</script>"), "student_view")

    assert "<script>alert(1)</script>" not in fragment.content
    assert "&lt;script&gt;" in fragment.content


def test_studio_view_offers_every_editable_field(deployment):
    content = render(make_block(), "studio_view").content

    for label in ("Display name", "Welcome message", "Chatflow ID", "Starter prompts", "Sign-in mode"):
        assert label in content
    assert "oauth2_popup" in content


def test_studio_submit_saves_the_fields(deployment):
    block = make_block()
    values = {
        "display_name": "Tutor",
        "welcome_message": "Welcome!",
        "chatflow_id": "flow-7",
        "starter_prompts": ["Explain Big-O", "Give me a quiz"],
        "auth_mode": "oauth2_popup",
    }

    status, body = call_handler(block, "submit_studio_edits", {"values": values, "defaults": []})

    assert (status, body) == (200, {"result": "success"})
    assert block.display_name == "Tutor"
    assert block.welcome_message == "Welcome!"
    assert block.chatflow_id == "flow-7"
    assert block.starter_prompts == ["Explain Big-O", "Give me a quiz"]
    assert block.auth_mode == "oauth2_popup"


def test_studio_refuses_an_unknown_sign_in_mode_and_keeps_the_old_value(deployment):
    block = make_block()

    status, body = call_handler(block, "submit_studio_edits", {"values": {"auth_mode": "magic"}, "defaults": []})

    assert status == 400
    assert "sign-in mode" in str(body["error"])
    assert block.auth_mode == "seamless"


def test_studio_refuses_too_many_or_empty_starter_prompts(deployment):
    block = make_block()

    too_many = call_handler(block, "submit_studio_edits", {"values": {"starter_prompts": ["q"] * 7}, "defaults": []})
    empty = call_handler(block, "submit_studio_edits", {"values": {"starter_prompts": ["  "]}, "defaults": []})

    assert too_many[0] == 400 and "At most 6" in str(too_many[1]["error"])
    assert empty[0] == 400 and "starter prompt" in str(empty[1]["error"])
    assert block.starter_prompts == []


ERROR_CODES_TS = Path(__file__).resolve().parents[2] / "frontend" / "src" / "protocol" / "error-codes.ts"


def error_codes_of_the_protocol_client() -> set[str]:
    """The codes the chat state can hold: the server's (WS_ERROR_CODES) and the client's own."""
    source = ERROR_CODES_TS.read_text()
    codes: set[str] = set()
    for name in ("WS_ERROR_CODES", "CLIENT_ERROR_CODES"):
        listed = re.search(rf"export const {name} = \[(.*?)\] as const", source, re.DOTALL)
        assert listed, f"{name} not found in {ERROR_CODES_TS}"
        codes |= set(re.findall(r'"([a-z_]+)"', listed.group(1)))
    return codes


def test_every_error_code_of_the_protocol_client_has_a_translated_text(deployment):
    strings = init_args(render(make_block(), "student_view"))["strings"]

    assert set(ERROR_TEXTS) == error_codes_of_the_protocol_client()
    assert set(strings["errors"]) == set(ERROR_TEXTS)
    assert all(text.strip() for text in strings["errors"].values())


def test_the_kept_session_goes_to_the_browser_and_the_handler_keeps_a_new_one(deployment):
    block = make_block()
    assert init_args(render(block, "student_view"))["sessionId"] == ""

    status, body = call_handler(block, "remember_session", {"sessionId": "s_01HZX3Y9"})

    assert (status, body) == (200, {"sessionId": "s_01HZX3Y9"})
    assert init_args(render(block, "student_view"))["sessionId"] == "s_01HZX3Y9"
    assert call_handler(block, "remember_session", {"sessionId": ""}) == (200, {"sessionId": ""})
    assert block.session_id == ""


def test_remember_session_refuses_anything_but_a_session_id(deployment):
    block = make_block(session_id="s_kept")

    for bad in ("<script>", "a" * 129, 42, None, ["s_1"]):
        status, _body = call_handler(block, "remember_session", {"sessionId": bad})
        assert status == 400, bad
    assert block.session_id == "s_kept"


def test_course_staff_get_the_usage_view_of_the_course_class(deployment):
    from ibal_xblock import compat

    from .conftest import COURSE, lms_user

    fragment = render(make_block(lms_user(**{"edx-platform.user_is_staff": True})), "student_view")
    usage = init_args(fragment)["usage"]

    assert 'data-part="usage"' in fragment.content
    assert "Course usage (staff only)" in fragment.content
    assert usage["classId"] == compat.course_class_id(str(COURSE))
    assert usage["classId"].startswith("c_") and len(usage["classId"]) == 22
    assert usage["days"] == 30
    assert all(text.strip() for text in usage["strings"].values())


def test_an_instructor_role_is_staff_too_and_learners_get_no_usage_view(deployment):
    from .conftest import lms_user

    instructor = render(make_block(lms_user(**{"edx-platform.user_role": "instructor"})), "student_view")
    learner = render(make_block(), "student_view")

    assert "usage" in init_args(instructor)
    assert 'data-part="usage"' not in learner.content
    assert "usage" not in init_args(learner)


def test_the_course_class_id_matches_the_backends_derivation():
    from ibal_xblock.compat import course_class_id

    # ClassService.courseClassId: "c_" + the first 20 hex digits of SHA-256(course key);
    # the expected value is from `printf %s course-v1:IBALx+CS101+2026 | sha256sum`.
    assert course_class_id("course-v1:IBALx+CS101+2026") == "c_116beb53a4bebd91ac48"
    assert course_class_id("course-v1:a+b+c") != course_class_id("course-v1:a+b+d")
