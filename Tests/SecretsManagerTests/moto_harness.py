#!/usr/bin/env python3
"""A moto server for SecretsManagerTests: loopback, a free port, signature checking on after setup.

Starts ``ThreadedMotoServer`` on 127.0.0.1 port 0 with ``INITIAL_NO_AUTH_ACTION_COUNT`` set (so the setup calls go
through unauthenticated), creates with boto3:
  - IAM user ``alice`` (Allow secretsmanager:GetSecretValue) with an access key,
  - IAM user ``bob`` (Allow secretsmanager:*, explicit Deny secretsmanager:GetSecretValue) with an access key,
  - role ``secret-reader`` (Allow GetSecretValue) and temporary credentials from ``AssumeRole``,
  - secrets in us-east-1: a Modal token (random ak-/as- values), a placeholder token, a plain string, bytes,
``INITIAL_NO_AUTH_ACTION_COUNT`` is exactly the number of setup calls, so every later request is authenticated;
the harness checks that a request with unknown keys is refused, then prints one line ``READY <json>`` with the
port, keys and ARNs.
It exits when its parent process goes away; the Swift test stops it by PID.
"""

import json
import os
import secrets
import sys
import threading
import time

SETUP_CALLS = 13  # boto3 calls in main() before the probe; moto authenticates every request after these
os.environ["INITIAL_NO_AUTH_ACTION_COUNT"] = str(SETUP_CALLS)  # read when moto is imported
os.environ.setdefault("AWS_ACCESS_KEY_ID", "setup")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "setup")

import boto3  # noqa: E402
import botocore.exceptions  # noqa: E402
from moto.server import ThreadedMotoServer  # noqa: E402

REGION = "us-east-1"


def watch_parent(parent):
    while True:
        if os.getppid() != parent:
            os._exit(0)
        time.sleep(0.5)


def policy(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def main():
    parent = os.getppid()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"

    def client(service, **keys):
        return boto3.client(service, region_name=REGION, endpoint_url=endpoint, **keys)

    iam, sts, sm = client("iam"), client("sts"), client("secretsmanager")

    iam.create_user(UserName="alice")
    iam.put_user_policy(UserName="alice", PolicyName="read", PolicyDocument=policy(
        {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}))
    alice = iam.create_access_key(UserName="alice")["AccessKey"]

    iam.create_user(UserName="bob")
    iam.put_user_policy(UserName="bob", PolicyName="deny-read", PolicyDocument=policy(
        {"Effect": "Allow", "Action": "secretsmanager:*", "Resource": "*"},
        {"Effect": "Deny", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}))
    bob = iam.create_access_key(UserName="bob")["AccessKey"]

    trust = policy({"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
                    "Action": "sts:AssumeRole"})
    role = iam.create_role(RoleName="secret-reader", AssumeRolePolicyDocument=trust)["Role"]
    iam.put_role_policy(RoleName="secret-reader", PolicyName="read", PolicyDocument=policy(
        {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}))
    session = sts.assume_role(RoleArn=role["Arn"], RoleSessionName="bridge")["Credentials"]

    token_id = "ak-" + secrets.token_hex(12)
    token_secret = "as-" + secrets.token_hex(12)
    token_arn = sm.create_secret(Name="modal/token", SecretString=json.dumps(
        {"MODAL_TOKEN_ID": token_id, "MODAL_TOKEN_SECRET": token_secret}))["ARN"]
    placeholder_secret = secrets.token_hex(16)
    placeholder_arn = sm.create_secret(Name="modal/placeholder", SecretString=json.dumps(
        {"MODAL_TOKEN_ID": "token-id", "MODAL_TOKEN_SECRET": placeholder_secret}))["ARN"]
    plain_value = "plain-" + secrets.token_hex(8)
    plain_arn = sm.create_secret(Name="plain", SecretString=plain_value)["ARN"]
    binary_value = b"\x00\x01binary\xff" + secrets.token_bytes(8)
    binary_arn = sm.create_secret(Name="binary", SecretBinary=binary_value)["ARN"]

    try:
        client("secretsmanager", aws_access_key_id="AKIAUNKNOWN0000000000",
               aws_secret_access_key="x" * 40).get_secret_value(SecretId=plain_arn)
        raise SystemExit(f"moto did not enforce authentication after {SETUP_CALLS} setup calls")
    except botocore.exceptions.ClientError:
        pass

    ready = {
        "port": port,
        "region": REGION,
        "alice": {"access_key_id": alice["AccessKeyId"], "secret_access_key": alice["SecretAccessKey"]},
        "bob": {"access_key_id": bob["AccessKeyId"], "secret_access_key": bob["SecretAccessKey"]},
        "role": {"access_key_id": session["AccessKeyId"], "secret_access_key": session["SecretAccessKey"],
                 "session_token": session["SessionToken"]},
        "token": {"arn": token_arn, "token_id": token_id, "token_secret": token_secret},
        "placeholder": {"arn": placeholder_arn, "token_secret": placeholder_secret},
        "plain": {"arn": plain_arn, "value": plain_value},
        "binary": {"arn": binary_arn, "hex": binary_value.hex()},
    }
    print("READY " + json.dumps(ready), flush=True)
    threading.Thread(target=watch_parent, args=(parent,), daemon=True).start()
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    sys.exit(main())
