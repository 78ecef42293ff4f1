"""template.yaml on LocalStack's CloudFormation: the part community LocalStack can create, deployed for real.

    localstack/localstack-local stack derive [--output NAME=VALUE ...]   print the derived template (JSON)
    localstack/localstack-local stack deploy STACK [--parameter K=V ...] [--output NAME=VALUE ...]
                                                                          create or update; print the outputs (JSON)
    localstack/localstack-local stack delete STACK

Run with LocalStack's own venv (`localstack-local stack …` does), which holds boto3, cfn-lint's CloudFormation
YAML reader and the SAM translator LocalStack itself uses. The endpoint and keys come from the usual AWS_*
variables (`eval "$(localstack/localstack-local env)"`).

Why a derived template (not Conditions in template.yaml, not a nested stack): the AWS template stays exactly what
`sam deploy` gets, and the derivation is computed from it on every run, so it cannot drift. Every resource type
of the SAM-transformed template must be classified below, either kept (community LocalStack creates it) or dropped
with the reason; a type nobody classified stops the derivation. What is kept is created for real, with
CFN_IGNORE_UNSUPPORTED_RESOURCE_TYPES=0: a kept resource LocalStack cannot create fails the stack loudly.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import re
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

# Created for real on community LocalStack: what IBAL's data, frontend and permissions are made of.
KEEP = {
    "AWS::DynamoDB::Table": "the chat table: keys, GSI, TTL, point-in-time recovery, encryption",
    "AWS::S3::Bucket": "the frontend bucket (scripts/deploy-frontend uploads to it)",
    "AWS::S3::BucketPolicy": "the frontend bucket's policy",
    "AWS::IAM::Role": "the functions' roles as SAM generates them, and the API Gateway logging role",
    "AWS::IAM::Policy": "the chat function's permission to invoke its own alias",
    "AWS::Logs::LogGroup": "the functions' and APIs' log groups",
    "AWS::ApiGateway::Account": "the account's API Gateway logging role (when SetApiGatewayAccountLogRole is true)",
    "AWS::SSM::Parameter": "plain parameters (SecureStrings cannot be made by CloudFormation, on AWS either)",
}

# Not in community LocalStack, with what IBAL uses instead.
DROP = {
    "AWS::Lambda::Function": "Lambda runs functions only in Docker; gateway/ runs them in-process",
    "AWS::Lambda::Version": "see AWS::Lambda::Function",
    "AWS::Lambda::Alias": "see AWS::Lambda::Function",
    "AWS::Lambda::Permission": "see AWS::Lambda::Function",
    "AWS::ApiGatewayV2::Api": "API Gateway v2 (WebSocket and HTTP APIs) is LocalStack Pro; gateway/ serves both",
    "AWS::ApiGatewayV2::Integration": "see AWS::ApiGatewayV2::Api",
    "AWS::ApiGatewayV2::Route": "see AWS::ApiGatewayV2::Api",
    "AWS::ApiGatewayV2::Deployment": "see AWS::ApiGatewayV2::Api",
    "AWS::ApiGatewayV2::Stage": "see AWS::ApiGatewayV2::Api",
    "AWS::CloudFront::Distribution": "CloudFront is LocalStack Pro; gateway/ serves the uploaded app on one origin",
    "AWS::CloudFront::OriginAccessControl": "see AWS::CloudFront::Distribution",
    "AWS::CloudFront::Function": "see AWS::CloudFront::Distribution",
    "AWS::CloudFront::ResponseHeadersPolicy": "see AWS::CloudFront::Distribution",
    # Spend and health watching (issue 10): meaningful only on AWS, where the metrics and the bill exist.
    "AWS::Budgets::Budget": "the stack's AWS bill; nothing is billed locally (and only made when BudgetAmount > 0)",
    "AWS::SNS::Topic": "the alert e-mails of the AWS budget and alarms (only made when AlertEmail is set)",
    "AWS::CloudWatch::Alarm": "watch Lambda, DynamoDB and model-failure metrics that only deployed functions emit",
    "AWS::Logs::MetricFilter": "counts model failures in the chat function's Lambda log, which only AWS writes",
}

# What a reference to a dropped resource becomes, so that the kept resources (IAM policies naming a function's ARN
# or an API's id) stay well-formed: the names AWS would give them, or a recognisable stand-in.
STAND_IN_REF = {
    "AWS::Lambda::Function": "${AWS::StackName}-%s",
    "AWS::Lambda::Alias": "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${AWS::StackName}-%s",
    "AWS::ApiGatewayV2::Api": "localapi00",
    "AWS::CloudFront::Distribution": "ELOCALSTACK0000",
}
STAND_IN_ARN = "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${AWS::StackName}-%s"


def load_template(path: Path) -> dict[str, Any]:
    from cfnlint.decode import cfn_yaml

    # cfn-lint's reader understands the short forms (!Ref, !Sub, …) and returns plain long-form intrinsics.
    return json.loads(json.dumps(cfn_yaml.load(str(path))))


def sam_transform(template: dict[str, Any], parameters: dict[str, str]) -> dict[str, Any]:
    """The SAM transform, run here as CloudFormation would run it, with the same translator LocalStack uses."""
    from samtranslator.translator.managed_policy_translator import ManagedPolicyLoader
    from samtranslator.translator.transform import transform

    sam = copy.deepcopy(template)
    # The translator wants code in S3 (`sam deploy` uploads the jar); the functions are dropped anyway.
    sam.setdefault("Globals", {}).setdefault("Function", {})["CodeUri"] = "s3://ibal-local-code/ibal-functions.jar"

    class NoManagedPolicies(ManagedPolicyLoader):
        def __init__(self) -> None:  # the template names managed policies by ARN only: nothing to look up
            pass

        def load(self) -> dict[str, str]:
            return {}

    # The translator finds the region through boto3, which reads AWS_DEFAULT_REGION.
    os.environ.setdefault("AWS_DEFAULT_REGION", os.environ.get("AWS_REGION", "us-east-1"))
    return transform(sam, dict(parameters), NoManagedPolicies())


class Derivation:
    def __init__(self, template: dict[str, Any], parameters: dict[str, str], outputs: dict[str, str]):
        self.source = template
        self.parameters = parameters
        self.output_values = outputs
        self.dropped: dict[str, str] = {}  # logical id -> type
        self.report: list[str] = []

    def derive(self) -> dict[str, Any]:
        cfn = sam_transform(self.source, self.parameters) if "Transform" in self.source else copy.deepcopy(self.source)
        resources = cfn["Resources"]
        unknown = sorted({r["Type"] for r in resources.values()} - KEEP.keys() - DROP.keys())
        if unknown:
            raise SystemExit("ibal-stack: template.yaml has resource types nobody classified for LocalStack: "
                             + ", ".join(unknown) + ". Add each to KEEP or DROP in localstack/ibal_stack.py.")
        for logical_id, resource in resources.items():
            if resource["Type"] in DROP:
                self.dropped[logical_id] = resource["Type"]
        for kind in sorted(set(self.dropped.values())):
            ids = sorted(i for i, k in self.dropped.items() if k == kind)
            self.report.append(f"dropped {len(ids)} {kind} ({', '.join(ids)}): {DROP[kind]}")
        for logical_id in self.dropped:
            del resources[logical_id]
        for resource in resources.values():
            if "DependsOn" in resource:
                depends = [d for d in ensure_list(resource["DependsOn"]) if d not in self.dropped]
                if depends:
                    resource["DependsOn"] = depends
                else:
                    del resource["DependsOn"]
        cfn["Resources"] = self.replace_references(resources)
        cfn["Outputs"] = self.outputs(cfn.get("Outputs", {}))
        return cfn

    def outputs(self, outputs: dict[str, Any]) -> dict[str, Any]:
        kept = {}
        for name, output in outputs.items():
            if name in self.output_values:
                kept[name] = {"Description": output.get("Description", name) + " (LocalStack: set by ibal-stack)",
                              "Value": self.output_values[name]}
            elif self.references_dropped(output["Value"]):
                self.report.append(f"dropped output {name}: it names a dropped resource (give it with --output)")
            else:
                kept[name] = output
        unknown = sorted(self.output_values.keys() - outputs.keys())
        if unknown:
            raise SystemExit(f"ibal-stack: template.yaml has no output {', '.join(unknown)}")
        return kept

    def references_dropped(self, node: Any) -> bool:
        text = json.dumps(node)
        return any(re.search(r'"Ref": "%s[".]|"%s"|\$\{%s[}.]' % (i, i, i), text) for i in self.dropped)

    def replace_references(self, node: Any) -> Any:
        if isinstance(node, list):
            return [self.replace_references(item) for item in node]
        if not isinstance(node, dict):
            return node
        if set(node) == {"Ref"} and node["Ref"].split(".")[0] in self.dropped:
            return {"Fn::Sub": self.stand_in(node["Ref"].split(".")[0], None)}
        if set(node) == {"Fn::GetAtt"}:
            target, attribute = split_get_att(node["Fn::GetAtt"])
            if target in self.dropped:
                return {"Fn::Sub": self.stand_in(target, attribute)}
        if set(node) == {"Fn::Sub"}:
            body = node["Fn::Sub"]
            if isinstance(body, str):
                return {"Fn::Sub": self.substitute(body)}
            return {"Fn::Sub": [self.substitute(body[0]), self.replace_references(body[1])]}
        return {key: self.replace_references(value) for key, value in node.items()}

    def substitute(self, text: str) -> str:
        def one(match: re.Match[str]) -> str:
            name, _, attribute = match.group(1).partition(".")
            return self.stand_in(name, attribute or None) if name in self.dropped else match.group(0)

        return re.sub(r"\$\{([A-Za-z0-9]+(?:\.[A-Za-z0-9.]+)?)}", one, text)

    def stand_in(self, logical_id: str, attribute: str | None) -> str:
        kind = self.dropped[logical_id]
        if kind == "AWS::Lambda::Function" and attribute == "Arn":
            return STAND_IN_ARN % logical_id
        if attribute is None and kind in STAND_IN_REF:
            pattern = STAND_IN_REF[kind]
            return pattern % logical_id if "%s" in pattern else pattern
        return f"dropped-{logical_id}{'-' + attribute if attribute else ''}".lower().replace(".", "-")


def ensure_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def split_get_att(value: Any) -> tuple[str, str]:
    if isinstance(value, str):
        target, _, attribute = value.partition(".")
        return target, attribute
    return value[0], value[1]


def key_values(pairs: list[str], what: str) -> dict[str, str]:
    result = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise SystemExit(f"ibal-stack: {what} must be NAME=VALUE, not {pair}")
        result[key] = value
    return result


def derive(template_path: Path, parameters: dict[str, str], outputs: dict[str, str]
           ) -> tuple[dict[str, Any], list[str]]:
    """The derived template, and what was dropped and why."""
    derivation = Derivation(load_template(template_path), parameters, outputs)
    template = derivation.derive()
    return template, derivation.report


def derived(args: argparse.Namespace) -> tuple[dict[str, Any], list[str]]:
    return derive(Path(args.template), key_values(args.parameter, "--parameter"), key_values(args.output, "--output"))


def cloudformation(endpoint: str | None = None):
    import boto3

    # LocalStack takes any keys; "test" when none are set (e.g. inside LocalStack's own process, for the init hook).
    return boto3.client("cloudformation", endpoint_url=endpoint or os.environ.get("AWS_ENDPOINT_URL"),
                        region_name=os.environ.get("AWS_REGION", "us-east-1"),
                        aws_access_key_id=os.environ.get("AWS_ACCESS_KEY_ID", "test"),
                        aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY", "test"))


def wait(client, stack: str, timeout: float = 180) -> dict[str, Any]:
    """Polls every 0.25 s: the CLI's waiter sleeps 30 s between polls, most of a LocalStack deploy."""
    deadline = time.monotonic() + timeout
    while True:
        description = client.describe_stacks(StackName=stack)["Stacks"][0]
        status = description["StackStatus"]
        if not status.endswith("_IN_PROGRESS"):
            return description
        if time.monotonic() > deadline:
            raise SystemExit(f"ibal-stack: stack {stack} still {status} after {timeout:.0f} s")
        time.sleep(0.25)


def failure_reasons(client, stack: str) -> list[str]:
    events = client.describe_stack_events(StackName=stack)["StackEvents"]
    return [f"{e['LogicalResourceId']} {e['ResourceStatus']}: {e.get('ResourceStatusReason')}"
            for e in events if e["ResourceStatus"].endswith("FAILED") and e.get("ResourceStatusReason")]


def deploy_stack(stack: str, template: dict[str, Any], parameters: dict[str, str], endpoint: str | None = None,
                 ) -> dict[str, str]:
    """Creates or updates the stack and waits for it; returns its outputs, or stops naming what failed."""
    client = cloudformation(endpoint)
    request = {"StackName": stack, "TemplateBody": json.dumps(template),
               "Parameters": [{"ParameterKey": k, "ParameterValue": v} for k, v in parameters.items()],
               "Capabilities": ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"]}
    try:
        existing = client.describe_stacks(StackName=stack)["Stacks"][0]["StackStatus"]
    except client.exceptions.ClientError:
        existing = None
    if existing == "ROLLBACK_COMPLETE":  # a failed first create can only be deleted
        client.delete_stack(StackName=stack)
        wait(client, stack)
        existing = None
    if existing in (None, "DELETE_COMPLETE"):
        client.create_stack(**request)
    else:
        try:
            client.update_stack(**request)
        except client.exceptions.ClientError as e:
            if "No updates are to be performed" not in str(e):
                raise
    final = wait(client, stack)
    if final["StackStatus"] not in ("CREATE_COMPLETE", "UPDATE_COMPLETE"):
        reasons = failure_reasons(client, stack) or [str(final.get("StackStatusReason"))]
        raise SystemExit(f"ibal-stack: stack {stack} ended {final['StackStatus']}:\n  " + "\n  ".join(reasons))
    return {o["OutputKey"]: o["OutputValue"] for o in final.get("Outputs", [])}


def deploy(args: argparse.Namespace) -> None:
    template, report = derived(args)
    for line in report:
        print(f"ibal-stack: {line}", file=sys.stderr)
    outputs = deploy_stack(args.stack, template, key_values(args.parameter, "--parameter"))
    print(json.dumps(outputs, indent=2))


def delete(args: argparse.Namespace) -> None:
    client = cloudformation()
    client.delete_stack(StackName=args.stack)
    try:
        final = wait(client, args.stack)
    except client.exceptions.ClientError as e:
        if "does not exist" in str(e):  # as on AWS, a deleted stack is not found by its name
            return
        raise
    if final["StackStatus"] != "DELETE_COMPLETE":
        raise SystemExit(f"ibal-stack: stack {args.stack} ended {final['StackStatus']}")


def main() -> None:
    parser = argparse.ArgumentParser(prog="localstack-local stack", description=__doc__.split("\n\n")[0])
    parser.add_argument("--template", default=str(ROOT / "template.yaml"))
    commands = parser.add_subparsers(dest="command", required=True)
    derive_command = commands.add_parser("derive", help="print the derived template")
    deploy_command = commands.add_parser("deploy", help="create or update STACK; print its outputs")
    deploy_command.add_argument("stack")
    delete_command = commands.add_parser("delete", help="delete STACK")
    delete_command.add_argument("stack")
    for command in (derive_command, deploy_command):
        command.add_argument("--parameter", action="append", default=[], metavar="KEY=VALUE",
                             help="a template parameter (as sam deploy --parameter-overrides)")
        command.add_argument("--output", action="append", default=[], metavar="NAME=VALUE",
                             help="the value of an output that names a dropped resource (e.g. WebSocketUrl)")
    args = parser.parse_args()
    if args.command == "derive":
        template, report = derived(args)
        for line in report:
            print(f"ibal-stack: {line}", file=sys.stderr)
        print(json.dumps(template, indent=2))
    elif args.command == "deploy":
        deploy(args)
    else:
        delete(args)


if __name__ == "__main__":
    main()
