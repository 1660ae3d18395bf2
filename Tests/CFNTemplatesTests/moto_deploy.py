#!/usr/bin/env python3
"""Deploys CloudFormation templates to a running moto server and prints what AWS would hold afterwards.

Used by CFNTemplatesTests (MotoDeployTests). moto skips AWS::IAM::OIDCProvider, so the provider is created first
through the IAM API and every template is deployed with CreateOIDCProvider=false (when it has that parameter).

    moto_deploy.py --endpoint http://127.0.0.1:PORT NAME=TEMPLATE.json[@true] [NAME=TEMPLATE.json ...]

A trailing @true deploys that stack with CreateOIDCProvider=true (moto then skips the provider resource; the
provider made through the IAM API stands in for it). Prints one JSON object: {"provider": ARN, "providers": [ARN, ...],
"stacks": {NAME: {status, outputs, resources, roles, functions, queues, rules, federated, ...}}}.
"""
import argparse
import ast
import io
import json
import sys
import time
import zipfile

import boto3
from moto.events.models import EventPattern

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


SAMPLE_S3_EVENT = {
    "version": "0",
    "id": "17793124-05d4-b198-2fde-7ededc63b103",
    "detail-type": "Object Created",
    "source": "aws.s3",
    "account": "123456789012",
    "time": "2026-11-28T08:00:00Z",
    "region": "us-east-1",
    "resources": ["arn:aws:s3:::BUCKET"],
    "detail": {
        "version": "0",
        "bucket": {"name": "BUCKET"},
        "object": {"key": "KEY", "size": 5, "etag": "b1946ac92492d2347c6235b4d2611184", "sequencer": "00617F08299329D189"},
        "request-id": "N4N7GDK58NMKJ12R",
        "requester": "123456789012",
        "reason": "PutObject",
    },
}


def federated_principals(document):
    """Every Federated principal of a policy document."""
    found = []
    for statement in document.get("Statement", []):
        principal = statement.get("Principal", {})
        if isinstance(principal, dict) and "Federated" in principal:
            found.append(principal["Federated"])
    return found


def s3_event(bucket, key):
    event = json.loads(json.dumps(SAMPLE_S3_EVENT))
    event["resources"] = [f"arn:aws:s3:::{bucket}"]
    event["detail"]["bucket"]["name"] = bucket
    event["detail"]["object"]["key"] = key
    return json.dumps(event)


def create_streams(endpoint, template, body):
    """Creates the Kinesis streams and DynamoDB tables (with streams) the template's event source mappings read, as
    the deployer would have them already. DynamoDB names a stream by its creation time, so the template's literal
    stream ARN (in the mapping, the execution role and the Rules) is replaced by the one moto made; returns the body
    and {template ARN: deployed ARN}."""
    kinesis = client("kinesis", endpoint)
    dynamodb = client("dynamodb", endpoint)
    streams = {}
    for resource in template.get("Resources", {}).values():
        if resource.get("Type") != "AWS::Lambda::EventSourceMapping":
            continue
        arn = resource["Properties"]["EventSourceArn"]
        if not isinstance(arn, str) or arn in streams:
            continue
        service, resource_path = arn.split(":")[2], arn.split(":", 5)[5]
        if service == "kinesis":
            kinesis.create_stream(StreamName=resource_path.split("/")[1], ShardCount=1)
            streams[arn] = arn
        elif service == "dynamodb":
            table = dynamodb.create_table(
                TableName=resource_path.split("/")[1],
                KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                BillingMode="PAY_PER_REQUEST",
                StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
            )
            streams[arn] = table["TableDescription"]["LatestStreamArn"]
    for literal, deployed in streams.items():
        body = body.replace(json.dumps(literal), json.dumps(deployed))
    return body, streams


def resolve(value, stack_name, physical, queues):
    """A template value with the intrinsics the alarms use resolved against the deployed stack."""
    if isinstance(value, list):
        return [resolve(item, stack_name, physical, queues) for item in value]
    if not isinstance(value, dict):
        return value
    if set(value) == {"Ref"}:
        return physical[value["Ref"]]
    if set(value) == {"Fn::GetAtt"}:
        logical, attribute = value["Fn::GetAtt"]
        if attribute != "QueueName":
            raise ValueError(f"unexpected attribute {attribute} in an alarm")
        return queues[logical]["QueueArn"].split(":")[-1]
    if set(value) == {"Fn::Sub"}:
        return value["Fn::Sub"].replace("${AWS::StackName}", stack_name).replace("${!", "${")
    return {key: resolve(item, stack_name, physical, queues) for key, item in value.items()}


def replay_alarms(endpoint, stack_name, template, physical, queues):
    """moto's CloudFormation skips AWS::CloudWatch::Alarm and AWS::SNS::Subscription: each alarm's properties,
    resolved against the deployed stack, go through CloudWatch's PutMetricAlarm instead (botocore checks every name
    and type against the API model), each email subscription through SNS's Subscribe, and what CloudWatch then holds
    is returned."""
    cloudwatch = client("cloudwatch", endpoint)
    sns = client("sns", endpoint)
    names = {}
    for logical, resource in template.get("Resources", {}).items():
        kind = resource.get("Type")
        if kind == "AWS::SNS::Subscription" and resource["Properties"].get("Protocol") == "email":
            properties = resolve(resource["Properties"], stack_name, physical, queues)
            sns.subscribe(**properties)
        if kind != "AWS::CloudWatch::Alarm":
            continue
        properties = resolve(resource["Properties"], stack_name, physical, queues)
        cloudwatch.put_metric_alarm(**properties)
        names[properties["AlarmName"]] = logical
    alarms = {}
    if names:
        for alarm in cloudwatch.describe_alarms(AlarmNames=list(names))["MetricAlarms"]:
            alarms[names[alarm["AlarmName"]]] = {
                key: alarm.get(key)
                for key in (
                    "AlarmName", "Namespace", "MetricName", "Statistic", "Dimensions", "Period", "EvaluationPeriods",
                    "DatapointsToAlarm", "Threshold", "ComparisonOperator", "TreatMissingData", "AlarmActions",
                    "OKActions", "ActionsEnabled",
                )
            }
    return alarms


def deploy(endpoint, name, path, create_provider=False):
    cfn = client("cloudformation", endpoint)
    iam = client("iam", endpoint)
    lam = client("lambda", endpoint)
    with open(path, encoding="utf-8") as handle:
        body = handle.read()
    body, streams = create_streams(endpoint, json.loads(body), body)
    template = json.loads(body)
    parameters = []
    declared = template.get("Parameters", {})
    if "CreateOIDCProvider" in declared:
        value = "true" if create_provider else "false"
        parameters.append({"ParameterKey": "CreateOIDCProvider", "ParameterValue": value})
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
        "queues": {},
        "rules": {},
        "federated": [],
        "streams": streams,
        "topics": {},
        "alarms": {},
    }
    physical_ids = {}
    sns = client("sns", endpoint)
    sqs = client("sqs", endpoint)
    events = client("events", endpoint)
    for resource in cfn.describe_stack_resources(StackName=name)["StackResources"]:
        if "LogicalResourceId" not in resource:
            continue  # moto lists a skipped (unsupported) resource without ids
        logical, physical, kind = resource["LogicalResourceId"], resource.get("PhysicalResourceId"), resource["ResourceType"]
        result["resources"][logical] = {"type": kind, "status": resource["ResourceStatus"]}
        physical_ids[logical] = physical
        if kind == "AWS::SNS::Topic":
            result["topics"][logical] = {"arn": physical}
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
            result["federated"] += federated_principals(result["roles"][logical]["trust"])
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
                "reservedConcurrency": lam.get_function(FunctionName=physical)
                .get("Concurrency", {})
                .get("ReservedConcurrentExecutions"),
            }
            for mapping in lam.list_event_source_mappings(FunctionName=physical)["EventSourceMappings"]:
                entry = {
                    "function": logical,
                    "batchSize": mapping.get("BatchSize"),
                    "functionResponseTypes": mapping.get("FunctionResponseTypes"),
                    "scalingConfig": mapping.get("ScalingConfig"),
                }
                if mapping["EventSourceArn"] in streams.values():
                    entry["stream"] = {
                        key: mapping.get(key)
                        for key in (
                            "EventSourceArn", "StartingPosition", "ParallelizationFactor", "BisectBatchOnFunctionError",
                            "MaximumRetryAttempts", "MaximumRecordAgeInSeconds", "DestinationConfig", "State",
                        )
                    }
                result["eventSourceMappings"].append(entry)
        elif kind == "AWS::SQS::Queue":
            attributes = sqs.get_queue_attributes(QueueUrl=physical, AttributeNames=["All"])["Attributes"]
            result["queues"][logical] = {
                key: attributes.get(key) for key in ("FifoQueue", "ContentBasedDeduplication", "QueueArn")
            }
        elif kind == "AWS::Events::Rule":
            rule_name = physical.split("/")[-1] if physical.startswith("arn:") else physical
            rule = events.describe_rule(Name=rule_name)
            targets = events.list_targets_by_rule(Rule=rule_name)["Targets"]
            entry = {"targets": [t["Arn"] for t in targets], "scheduleExpression": rule.get("ScheduleExpression")}
            if rule.get("EventPattern"):
                pattern = rule["EventPattern"]
                entry["eventPattern"] = json.loads(pattern)
                # Which sample S3 "Object Created" events the rule lets through.
                bucket = entry["eventPattern"].get("detail", {}).get("bucket", {}).get("name", ["?"])[0]
                probes = {
                    "incoming/a.json": (bucket, "incoming/a.json"),
                    "other/a.json": (bucket, "other/a.json"),
                    "another-bucket": ("another-bucket", "incoming/a.json"),
                }
                # moto's server does not implement TestEventPattern; its own matcher (the one a put_events would use)
                # is called in process instead.
                matcher = EventPattern.load(pattern)
                entry["matches"] = {
                    label: matcher.matches_event(json.loads(s3_event(b, key))) for label, (b, key) in probes.items()
                }
            result["rules"][logical] = entry
    result["alarms"] = replay_alarms(endpoint, name, template, physical_ids, result["queues"])
    for topic in result["topics"].values():
        subscriptions = sns.list_subscriptions_by_topic(TopicArn=topic["arn"])["Subscriptions"]
        topic["subscriptions"] = sorted([s["Protocol"], s["Endpoint"]] for s in subscriptions)
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
        create = path.endswith("@true")
        stacks[name] = deploy(args.endpoint, name, path.removesuffix("@true"), create_provider=create)
    providers = [p["Arn"] for p in iam.list_open_id_connect_providers()["OpenIDConnectProviderList"]]
    json.dump(
        {"account": account, "provider": provider, "providers": providers, "stacks": stacks},
        sys.stdout,
        indent=2,
        sort_keys=True,
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
