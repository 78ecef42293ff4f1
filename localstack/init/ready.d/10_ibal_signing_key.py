"""LocalStack init hook (READY): the JWT signing key, as an SSM SecureString, as docs/deploy.md makes it on AWS.

Runs inside LocalStack's own Python process (LocalStack runs ready.d/*.py there), in the Docker container
(localstack/docker-compose.yml mounts the repository's files at /ibal) and in the host runtime of
localstack/localstack-local (IBAL_REPO names the repository). LocalStack community keeps no state across restarts,
so each start makes a new key.
"""

import os
import subprocess

from localstack.aws.connect import connect_to

REPO = os.environ.get("IBAL_REPO", "/ibal")
PARAMETER = os.environ.get("IBAL_SIGNING_KEY_PARAMETER", "/ibal/jwt-signing-key")
REGION = os.environ.get("AWS_DEFAULT_REGION", "us-east-1")

ssm = connect_to(region_name=REGION).ssm
try:
    ssm.get_parameter(Name=PARAMETER)
except ssm.exceptions.ParameterNotFound:
    # The project's own key maker (ES256 private JWK, random kid), exactly as docs/deploy.md runs it.
    key = subprocess.run([f"{REPO}/scripts/new-signing-key"], check=True, capture_output=True, text=True).stdout
    ssm.put_parameter(Name=PARAMETER, Type="SecureString", Value=key.strip())
    print(f"ibal: SecureString {PARAMETER} created")
