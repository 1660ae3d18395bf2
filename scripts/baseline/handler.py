"""The Python baseline `make bench` compares `bootstrap` with, run under awslambdaric (`python -m awslambdaric
handler.handler`). It does what the Lambda handler of modal-bridge-constructs 0.1.0 does, written for this project:

- `handler` (the 0.1.0 behaviour): per invocation, `get_secret_value` of MODAL_SECRET_ARN with a boto3 client made at
  import, a Modal client from that token, `modal.Function.from_name(app, function, environment_name=…)`, then
  `.remote(event, PARAMETERS)` or `.spawn(event, PARAMETERS)`;
- `cached_handler` (the fair competitor): the same, but the token, the Modal client and the hydrated function are
  kept across invocations.

Both answer the drop-in shape `{"status": "Success", "response": {"result": …}}` or `{…{"function_call_id": …}}`,
and read the same environment as `bootstrap` (MODAL_SECRET_ARN, MODAL_APP_NAME, MODAL_FUNCTION_NAME,
MODAL_ENVIRONMENT_NAME, MODAL_INTEGRATION_PATTERN, PARAMETERS, MODAL_SERVER_URL, the AWS variables).
"""

import json
import os

import boto3
import modal

APP = os.environ["MODAL_APP_NAME"]
FUNCTION = os.environ["MODAL_FUNCTION_NAME"]
ENVIRONMENT = os.environ.get("MODAL_ENVIRONMENT_NAME") or None
PATTERN = os.environ.get("MODAL_INTEGRATION_PATTERN", "remote")
PARAMETERS = json.loads(os.environ.get("PARAMETERS") or "{}")
SECRET_ARN = os.environ["MODAL_SECRET_ARN"]

secrets_manager = boto3.client("secretsmanager")
_cached_function = None


def _lookup():
    secret = json.loads(secrets_manager.get_secret_value(SecretId=SECRET_ARN)["SecretString"])
    client = modal.Client.from_credentials(secret["MODAL_TOKEN_ID"], secret["MODAL_TOKEN_SECRET"])
    return modal.Function.from_name(APP, FUNCTION, environment_name=ENVIRONMENT, client=client)


def _call(function, event):
    if PATTERN == "spawn":
        return {"status": "Success", "response": {"function_call_id": function.spawn(event, PARAMETERS).object_id}}
    return {"status": "Success", "response": {"result": function.remote(event, PARAMETERS)}}


def handler(event, context):
    return _call(_lookup(), event)


def cached_handler(event, context):
    global _cached_function
    if _cached_function is None:
        _cached_function = _lookup()
    return _call(_cached_function, event)
