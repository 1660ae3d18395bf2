"""Handlers for the test that runs AWS's own runtime client (awslambdaric) against our fake Runtime API."""
import os


def handler(event, context):
    if isinstance(event, dict) and event.get("raise"):
        raise ValueError("asked to fail")
    return {
        "echo": event,
        "requestId": context.aws_request_id,
        "functionArn": context.invoked_function_arn,
        "remainingMs": context.get_remaining_time_in_millis(),
        "traceId": os.environ.get("_X_AMZN_TRACE_ID"),
        "clientContext": getattr(context.client_context, "custom", None) if context.client_context else None,
        "identityId": getattr(context.identity, "cognito_identity_id", None) if context.identity else None,
    }
