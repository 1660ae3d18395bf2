#!/usr/bin/env python3
"""Deploys CloudFormation templates to a running moto server and prints what AWS would hold afterwards.

Used by CFNTemplatesTests (MotoDeployTests). moto skips AWS::IAM::OIDCProvider, so the provider is created first
through the IAM API and every template is deployed with CreateOIDCProvider=false (when it has that parameter).

    moto_deploy.py --endpoint http://127.0.0.1:PORT NAME=TEMPLATE.json [NAME=TEMPLATE.json ...]

Prints one JSON object: {"provider": ARN, "stacks": {NAME: {status, outputs, resources, roles, functions, ...}}}.
"""
import argparse
import ast
import io
import json
import sys
import time
import zipfile

import boto3

REGION = "us-east-1"
CODE_BUCKET = "modal-bridge-code"
CODE_KEY = "bootstrap.zip"


def client(name, endpoint):
    return boto3.client(
        name,
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def wait_for_server(endpoint, deadline=30.0):
    sts = client("sts", endpoint)
    start = time.monotonic()
    while True:
        try:
            return sts.get_caller_identity()["Account"]
        except Exception:  # noqa: BLE001 - any failure means "not up yet"
            if time.monotonic() - start > deadline:
                raise
            time.sleep(0.1)


def bootstrap_zip():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        info = zipfile.ZipInfo("bootstrap")
        info.external_attr = 0o755 << 16
        archive.writestr(info, "#!/bin/sh\nexit 0\n")
    return buffer.getvalue()


def policy_document(document):
    """A policy as a dict: boto3 decodes IAM's JSON, but moto 5.2 hands back inline policies as Python reprs."""
    if isinstance(document, str):
        try:
            return json.loads(document)
        except ValueError:
            return ast.literal_eval(document)
    return document


def deploy(endpoint, name, path):
    cfn = client("cloudformation", endpoint)
    iam = client("iam", endpoint)
    lam = client("lambda", endpoint)
    with open(path, encoding="utf-8") as handle:
        body = handle.read()
    template = json.loads(body)
    parameters = []
    declared = template.get("Parameters", {})
    if "CreateOIDCProvider" in declared:
        parameters.append({"ParameterKey": "CreateOIDCProvider", "ParameterValue": "false"})
    if "CodeBucket" in declared:
        parameters.append({"ParameterKey": "CodeBucket", "ParameterValue": CODE_BUCKET})
    cfn.create_stack(
        StackName=name,
        TemplateBody=body,
        Parameters=parameters,
        Capabilities=["CAPABILITY_NAMED_IAM"],
    )
    stack = cfn.describe_stacks(StackName=name)["Stacks"][0]
    for _ in range(300):
        if not stack["StackStatus"].endswith("_IN_PROGRESS"):
            break
        time.sleep(0.1)
        stack = cfn.describe_stacks(StackName=name)["Stacks"][0]
    result = {
        "status": stack["StackStatus"],
        "outputs": {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])},
        "resources": {},
        "roles": {},
        "functions": {},
        "eventSourceMappings": [],
    }
    for resource in cfn.describe_stack_resources(StackName=name)["StackResources"]:
        if "LogicalResourceId" not in resource:
            continue  # moto lists a skipped (unsupported) resource without ids
        logical, physical, kind = resource["LogicalResourceId"], resource.get("PhysicalResourceId"), resource["ResourceType"]
        result["resources"][logical] = {"type": kind, "status": resource["ResourceStatus"]}
        if kind == "AWS::IAM::Role":
            role = iam.get_role(RoleName=physical)["Role"]
            policies = {}
            for policy_name in iam.list_role_policies(RoleName=physical)["PolicyNames"]:
                document = iam.get_role_policy(RoleName=physical, PolicyName=policy_name)["PolicyDocument"]
                policies[policy_name] = policy_document(document)
            attached = [p["PolicyArn"] for p in iam.list_attached_role_policies(RoleName=physical)["AttachedPolicies"]]
            result["roles"][logical] = {
                "name": role["RoleName"],
                "path": role["Path"],
                "trust": policy_document(role["AssumeRolePolicyDocument"]),
                "maxSessionDuration": role.get("MaxSessionDuration"),
                "policies": policies,
                "managedPolicies": attached,
                "tags": {t["Key"]: t["Value"] for t in role.get("Tags", [])},
            }
        elif kind == "AWS::Lambda::Function":
            config = lam.get_function_configuration(FunctionName=physical)
            result["functions"][logical] = {
                "runtime": config.get("Runtime"),
                "handler": config.get("Handler"),
                "architectures": config.get("Architectures"),
                "memorySize": config.get("MemorySize"),
                "timeout": config.get("Timeout"),
                "role": config.get("Role"),
                "environment": config.get("Environment", {}).get("Variables", {}),
            }
            for mapping in lam.list_event_source_mappings(FunctionName=physical)["EventSourceMappings"]:
                result["eventSourceMappings"].append(
                    {
                        "function": logical,
                        "batchSize": mapping.get("BatchSize"),
                        "functionResponseTypes": mapping.get("FunctionResponseTypes"),
                    }
                )
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("stacks", nargs="+", help="NAME=TEMPLATE.json")
    args = parser.parse_args()
    account = wait_for_server(args.endpoint)
    iam = client("iam", args.endpoint)
    provider = iam.create_open_id_connect_provider(
        Url="https://oidc.modal.com", ClientIDList=["oidc.modal.com"], ThumbprintList=["f" * 40]
    )["OpenIDConnectProviderArn"]
    s3 = client("s3", args.endpoint)
    s3.create_bucket(Bucket=CODE_BUCKET)
    s3.put_object(Bucket=CODE_BUCKET, Key=CODE_KEY, Body=bootstrap_zip())
    stacks = {}
    for spec in args.stacks:
        name, _, path = spec.partition("=")
        stacks[name] = deploy(args.endpoint, name, path)
    json.dump({"account": account, "provider": provider, "stacks": stacks}, sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
