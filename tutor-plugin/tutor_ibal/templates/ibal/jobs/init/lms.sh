{% if IBAL_API_URL %}
# The OAuth2 application the IBAL backend signs learners in with (popup mode).
# Both commands are idempotent: manage_user keeps an existing user, --update rewrites the app.
./manage.py lms manage_user {{ IBAL_OAUTH2_USERNAME }} {{ IBAL_OAUTH2_USERNAME }}@{{ LMS_HOST }} --unusable-password
./manage.py lms create_dot_application \
    --grant-type authorization-code \
    --skip-authorization \
    --redirect-uris "{{ IBAL_API_URL.rstrip('/') }}/api/oauth/openedx/callback" \
    --client-id "{{ IBAL_OAUTH2_CLIENT_ID }}" \
    --client-secret "{{ IBAL_OAUTH2_CLIENT_SECRET }}" \
    --scopes user_id \
    --update \
    ibal {{ IBAL_OAUTH2_USERNAME }}
{% else %}
echo "IBAL: IBAL_API_URL is not set, so the OAuth2 application was not registered."
echo "IBAL: run 'tutor config save --set IBAL_API_URL=https://...' then 'tutor local do init-ibal'."
{% endif %}
